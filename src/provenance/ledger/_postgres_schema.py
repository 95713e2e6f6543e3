"""The PostgreSQL ledger's schema: its tables, the migrations between versions, and how lists travel.

``MIGRATIONS[k]`` takes a ledger from schema version ``k`` to ``k + 1``
(:meth:`~provenance.ledger.postgres.PostgresStore` runs them in one transaction when it opens
an older ledger). Lists go to the server as one parameter each: integers as an array literal,
long lists of texts as a JSON document (psycopg dumps a list element by element in Python, far
slower); a batch's articles go as one binary array a column (``PostgresStore.add_many``).

Examples:
    >>> SCHEMA_VERSION == len(MIGRATIONS)
    True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from provenance.article import Article
from provenance.ledger.sentences import SentenceTable, backfill, tables

__all__ = ["LISTING", "MIGRATIONS", "SCHEMA_VERSION", "TEXTS", "array", "copier", "many", "texts"]

SCHEMA_VERSION = 4

_TABLES = """
CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);
CREATE TABLE articles (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id text NOT NULL UNIQUE,
    url text,
    outlet text,
    title text,
    published text,
    language text,
    text text NOT NULL,
    digest text NOT NULL,
    revision_of text
);
CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX articles_revision_of ON articles (revision_of) WHERE revision_of IS NOT NULL;
CREATE TABLE fingerprints (
    seq bigint PRIMARY KEY REFERENCES articles (seq),
    size integer NOT NULL,
    width integer NOT NULL,
    hashvalues bytea NOT NULL
);
CREATE TABLE bands (
    key bigint NOT NULL,
    seq bigint NOT NULL REFERENCES articles (seq),
    PRIMARY KEY (key, seq)
);
CREATE INDEX bands_seq ON bands (seq);
CREATE TABLE matches (a text NOT NULL, b text NOT NULL, record text NOT NULL, PRIMARY KEY (a, b));
CREATE INDEX matches_b ON matches (b);
"""


def array(values: Sequence[int]) -> str:
    """Integers as one PostgreSQL array literal (``{1,2,3}``), for a ``%s::bigint[]`` parameter.

    Built here in one join: psycopg dumps a list element by element in Python, far slower.

    Examples:
        >>> array([3, -1, 2])
        '{3,-1,2}'
    """
    return "{" + ",".join(map(str, values)) + "}"


TEXTS = "ANY(ARRAY(SELECT json_array_elements_text(%s::json)))"
"""A list of texts given as one JSON parameter (:func:`texts`), for ``column = ...`` through its index."""


def texts(values: Sequence[Any]) -> str:
    """Values as one JSON document: psycopg dumps a list of texts element by element in Python, far slower.

    A lone surrogate fails to encode when the document is sent, as in any other parameter.
    """
    return json.dumps(list(values), ensure_ascii=False)


LISTING = (" = ANY(?::bigint[])", "(SELECT unnest(?::bigint[]) AS value)", array)
"""The tally's list parameter (:class:`~provenance.ledger.sentences.SentenceTable`): an array literal."""


def _server_sentences(db: Any) -> None:
    """Schema 2: the boilerplate tally (:mod:`provenance.ledger.sentences`), counted for what is stored."""
    for statement in tables("bigint"):
        db.execute(statement)
    table = SentenceTable(db.execute, many(db), "%s", LISTING, copier(db))
    rows = db.execute("SELECT seq, id, url, outlet, title, text FROM articles ORDER BY seq").fetchall()
    backfill(
        table,
        (
            (seq, Article(id=key, url=url, outlet=outlet, title=title, text=text))
            for seq, key, url, outlet, title, text in rows
        ),
    )


def many(db: Any) -> Callable[[str, list[Any]], None]:
    """``executemany`` on a connection (psycopg has it on cursors)."""

    def run(sql: str, rows: list[Any]) -> None:
        if rows:
            with db.cursor() as cursor:
                cursor.executemany(sql, rows)

    return run


def copier(db: Any) -> Callable[[str, Sequence[str], Sequence[tuple[int, ...]]], None]:
    """Rows appended to a table with ``COPY``: one stream, not a statement a row."""

    def run(table: str, columns: Sequence[str], rows: Sequence[tuple[int, ...]]) -> None:
        if rows:
            with db.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as out:
                for row in rows:
                    out.write_row(row)

    return run


def _derived_unchecked(db: Any) -> None:
    """Schema 3: the band keys and the counted sentences keep no foreign key to their article.

    Both are derived from the article and written with it in one statement (and taken away
    with it in one transaction); checking each row against ``articles`` took a third of a
    batch's insert on the server. ``PostgresStore.verify`` reports rows left without an article.
    """
    for table in ("bands", "sentences"):
        for (name,) in db.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", (table,)
        ).fetchall():
            db.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')


def _bands_by_key(db: Any) -> None:
    """Schema 4: band keys are found only by key, and writers lock a key by the key and the schema.

    The index of band keys by article (``bands_seq``) took a part of each batch's insert; an
    article's keys are removed through the primary key, with the keys its fingerprint gives.
    A writer's lock of a key is the key mixed with a hash of the schema's name, no longer a hash
    of both (:meth:`~provenance.ledger.postgres.PostgresStore._lock_id`): a library from
    before, which locks the old way, refuses a ledger of schema 4 as newer than itself.
    """
    db.execute("DROP INDEX IF EXISTS bands_seq")


# Forward migrations: MIGRATIONS[k] takes a ledger from schema version k to k + 1.
MIGRATIONS: tuple[str | Callable[[Any], None], ...] = (
    _TABLES, _server_sentences, _derived_unchecked, _bands_by_key,
)  # fmt: skip
