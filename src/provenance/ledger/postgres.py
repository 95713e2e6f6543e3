"""The PostgreSQL backend of the ledger: one server, many writers on many machines.

Needs the ``postgres`` extra (``pip install 'wire-provenance[postgres]'``, psycopg 3).
The ledger lives in the tables of the connection's current schema (``public``
unless the URL says otherwise, e.g. ``?options=-csearch_path%3Dnewsdesk``).

Writers do not take one lock for the whole ledger. A write transaction takes a
shared advisory lock on the ledger, then exclusive advisory locks on its keys
(the article's band keys, its id and url) in ascending order, so that two
writers whose articles could be candidates of each other run one after the
other, and others run side by side. Forgetting and migrations take the ledger's
lock exclusively. Transactions are ``READ COMMITTED``: once a writer holds its
keys, every statement it runs sees what the writers before it committed.
Keys are always taken in one order, so writers never deadlock; the server's own
message is kept in every :class:`~provenance.errors.LedgerError`.

Examples:
    >>> PostgresStore.display("postgresql://editor:secret@db.example/news")
    'postgresql://editor:***@db.example/news'
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import attrs

from provenance.article import Article
from provenance.errors import InputError, LedgerBusyError, LedgerError, LedgerFullError, MissingExtraError
from provenance.fingerprint import Config, Fingerprint
from provenance.index import band_keys
from provenance.ledger._postgres_schema import (
    LISTING,
    MIGRATIONS,
    SCHEMA_VERSION,
    TEXTS,
    array,
    copier,
    many,
    texts,
)
from provenance.ledger.sentences import SentenceTable
from provenance.ledger.store import Stored, _blob, _partners, _values, migrate_step

try:
    import psycopg
    from psycopg import errors as pg_errors
except ImportError as error:  # pragma: no cover - exercised without the extra
    msg = "the PostgreSQL ledger needs psycopg: pip install 'wire-provenance[postgres]'"
    raise MissingExtraError(msg) from error

__all__ = ["SCHEMA_VERSION", "PostgresStore"]

log = logging.getLogger(__name__)

_COLUMNS = "seq, id, url, outlet, title, published, language, text, digest, revision_of"
_ADD_MANY = (
    "WITH s AS (SELECT * FROM unnest(%b::text[], %b::text[], %b::text[], %b::text[], %b::text[],"
    " %b::text[], %b::text[], %b::text[], %b::text[], %b::int4[], %b::int4[], %b::bytea[]) WITH ORDINALITY"
    " AS s (id, url, outlet, title, published, language, text, digest, revision_of, size, width,"
    " hashvalues, n)),"
    " a AS (INSERT INTO articles (id, url, outlet, title, published, language, text, digest, revision_of)"
    " SELECT id, url, outlet, title, published, language, text, digest, revision_of FROM s ORDER BY n"
    " RETURNING seq, id),"
    " f AS (INSERT INTO fingerprints (seq, size, width, hashvalues)"
    " SELECT a.seq, s.size, s.width, s.hashvalues FROM a JOIN s ON s.id = a.id),"
    " b AS (INSERT INTO bands (key, seq) SELECT DISTINCT k.key, a.seq"
    " FROM unnest(%s::bigint[], %s::bigint[]) AS k (key, n)"
    " JOIN s ON s.n = k.n JOIN a ON a.id = s.id)"
    " SELECT id, seq, pg_current_xact_id()::text FROM a"
)
"""The articles of a batch, their fingerprints and band keys, in one statement (``PostgresStore.add_many``).

Each column of the articles goes as one binary array (``%b``): its texts are sent as they
are, with no escaping or document to parse on either side. The band keys, many more, go as
integer array literals (:func:`~provenance.ledger._postgres_schema.array`). The statement gives
back each article's number and the transaction's id (the write's mark).
"""
_FIELDS = ("id", "url", "outlet", "title", "published", "language", "text", "digest", "revision_of", "size",
           "width", "hashvalues")  # fmt: skip


_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def _one_line(message: str) -> str:
    r"""A server's message of several lines (libpq's hint under its error) as one.

    Examples:
        >>> _one_line("Connection refused\n\tIs the server running on that host?\n")
        'Connection refused Is the server running on that host?'
    """
    return " ".join(line.strip() for line in message.splitlines() if line.strip())


def _error(name: str, error: Exception, *, lost: bool = False) -> LedgerError:
    """The library's error for a psycopg error, keeping the server's message.

    ``lost``: the connection, once made, broke (the server restarted, or ended the session).
    """
    text = f"{name}: {_one_line(str(error))}"
    if lost:
        return LedgerError(
            text + " (the connection to the server was lost: what was committed is kept;"
            " run the command again once the server answers)"
        )
    if isinstance(error, pg_errors.DiskFull | pg_errors.ProgramLimitExceeded):
        return LedgerFullError(text + " (free space on the server, or raise its limits)")
    if isinstance(
        error,
        pg_errors.LockNotAvailable
        | pg_errors.QueryCanceled
        | pg_errors.DeadlockDetected
        | pg_errors.SerializationFailure,
    ):
        return LedgerBusyError(text + " (another writer held the ledger; try again)")
    if isinstance(error, psycopg.OperationalError):
        return LedgerError(text + " (is the server running, and does the URL name it?)")
    return LedgerError(text)


class PostgresStore:
    """A ledger store in a PostgreSQL database.

    Args:
        url: A libpq connection URL (``postgresql://host:port/database``).
        timeout: Seconds to wait for the server and for other writers' locks.
        readonly: Only read: the ledger must exist already; nothing is created, migrated or written.

    Raises:
        LedgerError: The server cannot be reached, or the schema cannot be migrated.
    """

    def __init__(self, url: str, *, timeout: float = 60.0, readonly: bool = False) -> None:
        self.url = url
        self.readonly = readonly
        self.indexed = True
        self.name = self.display(url)
        self._config: Config | None = None
        self._xact: str | None = None  # the write in progress's transaction id, once add_many gave it
        self._locks: int | None = None  # the advisory locks a write may hold (read at the first write)
        self._timeout = timeout
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=max(1, int(timeout)))
        except psycopg.Error as error:
            raise _error(self.name, error) from error
        try:
            self._db.execute(f"SET lock_timeout = {int(timeout * 1000)}")
            if readonly:
                self._db.execute("SET default_transaction_read_only = on")
            else:
                self._compress()
            row = self._db.execute("SELECT current_schema()").fetchone()
            if row is None or row[0] is None:
                msg = f"{self.name}: no current schema (does the search_path name a schema that exists?)"
                raise LedgerError(msg)
            self.schema = str(row[0])
            salt = hashlib.blake2b(f"{self.schema}:keys".encode(), digest_size=8).digest()
            self._salt = int.from_bytes(salt, "big", signed=True)
            self._migrate()
        except psycopg.Error as error:
            lost = self._db.broken  # as it was: a closed connection is not broken
            self._db.close()
            raise _error(self.name, error, lost=lost) from error
        except BaseException:
            self._db.close()
            raise

    def _compress(self) -> None:
        """Store the texts this connection writes compressed with lz4, where the server has it.

        A server's texts are compressed with pglz by default; lz4 costs it less processor time
        to write and to read them. A server without lz4 (built without it, or older than
        PostgreSQL 14) keeps its default: the texts are the same either way.
        """
        try:
            self._db.execute("SET default_toast_compression = 'lz4'")
        except psycopg.Error as error:
            log.info("%s: texts keep the server's default compression (%s)", self.name, str(error).strip())

    @staticmethod
    def display(url: str) -> str:
        """The URL with its password, if any, masked.

        Args:
            url: A connection URL.

        Returns:
            The URL fit for a message.
        """
        return _PASSWORD.sub(r"\1***@", url)

    def _lock_id(self, key: int) -> int:
        """A 64-bit advisory lock id for a key of this ledger (advisory locks are per database).

        Lock keys are distinct 64-bit integers (band keys, and the keys of ids, urls and sentences
        of :mod:`provenance.ledger._records`): XOR with a hash of the schema's name keeps them
        distinct, and apart from another schema's but by chance (since schema 4: hashing each key
        cost the ingest more than some of its statements). The ledger's own lock (key -1) is the
        one every schema has had.
        """
        if key == -1:
            raw = hashlib.blake2b(f"{self.schema}:{key}".encode(), digest_size=8).digest()
            return int.from_bytes(raw, "big", signed=True)
        return key ^ self._salt

    def _version(self) -> int:
        row = self._db.execute("SELECT to_regclass('meta') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return 0
        found = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        return int(found[0]) if found else 0

    def _migrate(self) -> None:
        version = self._version()
        if version > SCHEMA_VERSION:
            msg = (
                f"{self.name}: ledger schema {version} is newer than this library's {SCHEMA_VERSION}: upgrade"
            )
            raise LedgerError(msg)
        if version == SCHEMA_VERSION:
            return
        if self.readonly:
            what = "no ledger here" if version == 0 else f"ledger schema {version} needs migrating"
            msg = f"{self.name}: {what} (open it to write, e.g. with 'provenance ingest')"
            raise LedgerError(msg)
        with self.write(exclusive=True):
            version = self._version()  # another process may have migrated while we waited
            while version < SCHEMA_VERSION:
                migrate_step(self._db, MIGRATIONS[version])
                version += 1
                self._db.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema', %s)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(version),),
                )

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def _lock_budget(self) -> int:
        """The advisory locks one write may hold: the server's ``max_locks_per_transaction``.

        The server keeps every session's locks in one table of that many a connection: a write
        holding more (a batch's band keys, ids and urls are about 19 an article) could fill it,
        and then it, and every other session wanting a lock, fails ("out of shared memory").
        """
        if self._locks is None:
            row = self._db.execute("SELECT current_setting('max_locks_per_transaction')::int").fetchone()
            self._locks = int(row[0]) if row is not None else 64  # the server's default
        return self._locks

    @contextmanager
    def write(self, *, keys: Sequence[int] = (), exclusive: bool = False) -> Iterator[None]:
        """One write transaction holding the ledger's lock (shared or exclusive) and its keys' locks.

        A write with more keys than the server lets a transaction lock (its
        ``max_locks_per_transaction``, with the ledger's own lock) holds the ledger's lock
        exclusively instead: it runs alone, as writers sharing a key would, and the server's lock
        table never fills however large the batch or however many the writers.

        Args:
            keys: Lock keys; writers with a key in common run one after the other.
            exclusive: Exclude every other writer.

        Yields:
            Nothing; the changes made inside are committed together at the end.

        Raises:
            LedgerError: The server failed; nothing of the transaction is kept.
        """
        ledger = self._lock_id(-1)
        try:
            distinct = set(keys)
            exclusive = exclusive or len(distinct) + 1 > self._lock_budget()
            ids = [] if exclusive else sorted({self._lock_id(k) for k in distinct})
            self._xact = None
            with self._db.transaction():
                if exclusive:
                    self._db.execute("SELECT pg_advisory_xact_lock(%s)", (ledger,))
                elif ids:  # one round trip: the ledger's lock, then the keys' in order (an Append runs
                    # its parts one after the other, and unnest gives an array's elements in order)
                    self._db.execute(
                        "SELECT pg_advisory_xact_lock_shared(%s) UNION ALL"
                        " SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) AS k",
                        (ledger, array(ids)),
                    )
                else:
                    self._db.execute("SELECT pg_advisory_xact_lock_shared(%s)", (ledger,))
                yield
        except psycopg.Error as error:
            raise _error(self.name, error, lost=self._db.broken) from error

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except psycopg.Error as error:
            raise _error(self.name, error, lost=self._db.broken) from error

    def _run(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Any:
        """A statement inside a write transaction (errors surface when it ends)."""
        return self._db.execute(sql, params)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return self._db.execute(sql, params)
        except psycopg.Error as error:
            raise _error(self.name, error, lost=self._db.broken) from error

    def sentences(self) -> SentenceTable:
        """The boilerplate tally."""
        return SentenceTable(self._execute, many(self._db), "%s", LISTING, copier(self._db))

    def content_token(self) -> str:
        """What the server holds, as a token: the snapshot its next statement sees (``pg_current_snapshot``).

        A snapshot names the transactions completed and those in progress: a commit anywhere on
        the server between two tokens changes the second (a transaction that was in progress
        has left the list, or one past the last completed has moved), so two equal tokens mean
        that nothing was committed in between. This connection's own writes change it too: each
        write transaction takes a transaction id. Writes of other databases on the same server
        change it as well; then a batch only reads again what it did not need to.
        """
        row = self._execute("SELECT pg_current_snapshot()::text").fetchone()
        return str(row[0])

    def content_token_and_tally(self) -> tuple[str, int]:
        """:meth:`content_token` and the tally's version (0 without a tally), in one statement."""
        row = self._execute(
            "SELECT pg_current_snapshot()::text, (SELECT value FROM meta WHERE key = 'tally')"
        ).fetchone()
        return str(row[0]), 0 if row[1] is None else int(row[1])

    def write_mark(self) -> str:
        """The write in progress's transaction id, or ``''`` when it has none (it changed nothing)."""
        if self._xact is not None:  # given by add_many
            return self._xact
        row = self._run("SELECT pg_current_xact_id_if_assigned()::text").fetchone()
        return "" if row is None or row[0] is None else str(row[0])

    def only_marked(self, token: object, now: object, marks: Sequence[object]) -> bool:
        """Whether the transactions completed between two tokens are exactly these marked writes.

        A snapshot (``xmin:xmax:in-progress``) names what has completed: every transaction id
        below ``xmax`` not in progress (:func:`completed_only`). A transaction that rolled back
        counts as completed: then the answer is False, which costs only a read.
        """
        if not (isinstance(token, str) and isinstance(now, str)):
            return False
        try:
            return completed_only(token, now, {int(m) for m in marks if isinstance(m, str) and m})
        except ValueError:
            return False

    def remove_match(self, a: str, b: str) -> None:
        """Remove the stored match of one pair, ``a`` the smaller id (call inside :meth:`write`)."""
        self._run("DELETE FROM matches WHERE a = %s AND b = %s", (a, b))

    def remove_matches(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Remove the stored matches of these pairs (``a`` the smaller id of each), in one statement."""
        if pairs:
            self._run(
                "DELETE FROM matches m USING json_array_elements(%s::json) r"
                " WHERE m.a = r->>0 AND m.b = r->>1",
                (texts([list(p) for p in pairs]),),
            )

    def partners(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """The ids each of these articles has a stored match with, in :meth:`matches`' order (one query)."""
        if not keys:
            return {}
        wanted = texts(keys)
        rows = self._read(
            f"SELECT a, b FROM matches WHERE a = {TEXTS} OR b = {TEXTS}"  # noqa: S608 - a constant of this module
            ' ORDER BY a COLLATE "C", b COLLATE "C"',
            (wanted, wanted),
        )
        return _partners(set(keys), rows)

    def config(self) -> Config | None:
        """The fingerprint config recorded in the ledger (read once it is there: it never changes)."""
        if self._config is not None:
            return self._config
        rows = self._read("SELECT value FROM meta WHERE key = 'config'")
        found = Config(**json.loads(rows[0][0])) if rows else None
        if self._db.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:  # committed: kept
            self._config = found
        return found

    def set_config(self, config: Config) -> None:
        """Record the fingerprint config, unless one is recorded already."""
        value = json.dumps(attrs.asdict(config), sort_keys=True)
        self._run("INSERT INTO meta (key, value) VALUES ('config', %s) ON CONFLICT DO NOTHING", (value,))

    @staticmethod
    def _stored(row: Sequence[Any]) -> Stored:
        seq, key, url, outlet, title, published, language, text, digest, revision_of = row
        article = Article(
            id=key,
            text=text,
            url=url,
            outlet=outlet,
            title=title,
            published=datetime.fromisoformat(published) if published else None,
            language=language,
        )
        return Stored(seq=seq, article=article, digest=digest, revision_of=revision_of)

    def get(self, key: str) -> Stored | None:
        """The stored article with this id."""
        rows = self._read(f"SELECT {_COLUMNS} FROM articles WHERE id = %s", (key,))  # noqa: S608
        return self._stored(rows[0]) if rows else None

    def get_many(self, keys: Sequence[str]) -> dict[str, Stored]:
        """The stored articles with these ids, by id, in one query."""
        if not keys:
            return {}
        rows = self._read(f"SELECT {_COLUMNS} FROM articles WHERE id = {TEXTS}", (texts(keys),))  # noqa: S608
        return {s.article.id: s for s in map(self._stored, rows)}

    def by_url(self, url: str) -> list[Stored]:
        """The stored articles with this url, oldest first."""
        rows = self._read(f"SELECT {_COLUMNS} FROM articles WHERE url = %s ORDER BY seq", (url,))  # noqa: S608
        return [self._stored(r) for r in rows]

    def by_urls(self, urls: Sequence[str]) -> dict[str, list[Stored]]:
        """The stored articles with each of these urls, oldest first, by url, in one query."""
        if not urls:
            return {}
        rows = self._read(
            f"SELECT {_COLUMNS} FROM articles WHERE url = {TEXTS} ORDER BY seq",  # noqa: S608
            (texts(urls),),
        )
        found: dict[str, list[Stored]] = {}
        for stored in map(self._stored, rows):
            found.setdefault(str(stored.article.url), []).append(stored)
        return found

    def refuses(self, article: Article) -> str | None:
        """Why this article cannot be stored (a NUL character: PostgreSQL text has none), or None."""
        fields = (article.id, article.url, article.outlet, article.title, article.language, article.text)
        if any(f is not None and "\x00" in f for f in fields):
            return "a NUL character cannot be stored in a PostgreSQL ledger; remove it"
        return None

    def add(self, stored: Stored, fingerprint: Fingerprint, *, bands: Sequence[int] = ()) -> Stored:
        """Store an article, its fingerprint and its band keys (call inside :meth:`write`).

        Raises:
            InputError: A field holds a NUL character, which PostgreSQL text cannot store.
        """
        return self.add_many([(stored, fingerprint, bands)])[0]

    def add_many(self, items: Sequence[tuple[Stored, Fingerprint, Sequence[int]]]) -> list[Stored]:
        """Store articles with their fingerprints and band keys in one statement (inside :meth:`write`).

        They are numbered in the order given, as :meth:`add` one after the other would.

        Raises:
            InputError: A field holds a NUL character, which PostgreSQL text cannot store
                (nothing of the batch is stored).
        """
        if not items:
            return []
        for stored, _, _ in items:
            refused = self.refuses(stored.article)
            if refused is not None:
                msg = f"article {stored.article.id!r}: {refused}"
                raise InputError(msg, article=stored.article.id)
        columns: list[list[Any]] = [[] for _ in _FIELDS]
        band_rows: tuple[list[int], list[int]] = ([], [])
        for n, (stored, fp, bands) in enumerate(items, start=1):
            a, (width, blob) = stored.article, _blob(fp)
            row = (
                a.id, a.url, a.outlet, a.title, a.published.isoformat() if a.published else None,
                a.language, a.text, stored.digest, stored.revision_of, fp.size, width, blob,
            )  # fmt: skip
            for column, value in zip(columns, row, strict=True):
                column.append(value)
            band_rows[0].extend(bands)
            band_rows[1].extend([n] * len(bands))
        # one statement, one round trip: the articles, their fingerprints and band keys (a lone
        # surrogate fails to encode here, as in any other statement)
        rows = self._run(_ADD_MANY, (*columns, array(band_rows[0]), array(band_rows[1]))).fetchall()
        seqs = {key: int(seq) for key, seq, _ in rows}
        self._xact = str(rows[0][2])  # the write's mark (write_mark), given with no query of its own
        return [attrs.evolve(stored, seq=seqs[stored.article.id]) for stored, _, _ in items]

    def add_match(self, record: dict[str, Any]) -> None:
        """Store a match record, replacing one of the same pair (call inside :meth:`write`)."""
        self.add_matches([record])

    def add_matches(self, records: Sequence[dict[str, Any]]) -> None:
        """Store match records, each replacing one of the same pair: one statement (inside :meth:`write`)."""
        if not records:
            return
        # one row a pair: a later record of a pair replaces an earlier one, as one statement at a time would
        rows = {(r["a"], r["b"]): json.dumps(r, sort_keys=True, ensure_ascii=False) for r in records}
        self._run(
            "INSERT INTO matches (a, b, record)"
            " SELECT r->>0, r->>1, r->>2 FROM json_array_elements(%s::json) r"
            " ON CONFLICT (a, b) DO UPDATE SET record = excluded.record",
            (texts([[a, b, record] for (a, b), record in rows.items()]),),
        )

    def candidates(
        self, bands: Sequence[int], *, per_band: int | None = None
    ) -> list[tuple[Stored, Fingerprint]]:
        """The stored articles filed under at least one of these band keys, with their fingerprints.

        With ``per_band``, of each key only the ``per_band`` first and last stored articles.
        """
        config = self.config()
        if config is None or not bands:
            return []
        if per_band is None:
            where: str = "SELECT seq FROM bands WHERE key = ANY(%s::bigint[])"
            params: tuple[Any, ...] = (array(bands),)
        else:  # each key's ends through the (key, seq) index: per_band rows a key, however many it has
            where = (
                "SELECT e.seq FROM unnest(%s::bigint[]) k (key) CROSS JOIN LATERAL ("
                "(SELECT seq FROM bands b WHERE b.key = k.key ORDER BY seq LIMIT %s) UNION"
                " (SELECT seq FROM bands b WHERE b.key = k.key ORDER BY seq DESC LIMIT %s)) e"
            )
            params = (array(bands), per_band, per_band)
        rows = self._read(
            f"SELECT {', '.join('a.' + c for c in _COLUMNS.split(', '))}, f.size, f.width, f.hashvalues"  # noqa: S608
            f" FROM articles a JOIN fingerprints f ON f.seq = a.seq WHERE a.seq IN ({where}) ORDER BY a.seq",
            params,
        )
        return [
            (
                self._stored(r[:10]),
                Fingerprint(config=config, values=_values(r[11], bytes(r[12])), size=r[10]),
            )
            for r in rows
        ]

    def fingerprints(
        self, *, after: int = 0, limit: int | None = None
    ) -> Iterator[tuple[int, str, Fingerprint]]:
        """``(seq, id, fingerprint)`` of the articles stored after ``after``, in order (``limit`` at most)."""
        config = self.config()
        if config is None:
            return
        rows = self._read(
            "SELECT f.seq, a.id, f.size, f.width, f.hashvalues FROM fingerprints f"
            " JOIN articles a ON a.seq = f.seq WHERE f.seq > %s ORDER BY f.seq LIMIT %s",
            (after, limit),
        )
        for seq, key, size, width, blob in rows:
            yield seq, key, Fingerprint(config=config, values=_values(width, bytes(blob)), size=size)

    def revisions(self, key: str) -> list[str]:
        """The ids of the stored articles that revise this one."""
        return [
            r[0] for r in self._read("SELECT id FROM articles WHERE revision_of = %s ORDER BY seq", (key,))
        ]

    def forget(self, key: str) -> list[str]:
        """Remove an article with its fingerprint, band keys and matches (call inside :meth:`write`)."""
        return self.forget_many([key])

    def forget_many(self, keys: Sequence[str]) -> list[str]:
        """Remove articles, their fingerprints, band keys and matches, in a few statements (inside a write).

        Returns:
            The ids removed (those stored), in the order given.
        """
        if not keys:
            return []
        found = {
            str(key): int(seq)
            for seq, key in self._run(
                f"SELECT seq, id FROM articles WHERE id = {TEXTS}",  # noqa: S608 - a constant of this module
                (texts(list(dict.fromkeys(keys))),),
            ).fetchall()
        }
        if not found:
            return []
        ids, seqs = texts(list(found)), array(sorted(found.values()))
        self._run(f"DELETE FROM matches WHERE a = {TEXTS} OR b = {TEXTS}", (ids, ids))  # noqa: S608
        self._run("DELETE FROM sentences WHERE seq = ANY(%s::bigint[])", (seqs,))
        config = self.config()
        printed = self._run(
            "SELECT seq, size, width, hashvalues FROM fingerprints WHERE seq = ANY(%s::bigint[])", (seqs,)
        ).fetchall()
        if config is not None and printed:  # their band keys, found by key (schema 4)
            banded: tuple[list[int], list[int]] = ([], [])
            for seq, size, width, blob in printed:
                bands = band_keys(Fingerprint(config=config, values=_values(width, bytes(blob)), size=size))
                banded[0].extend(bands)
                banded[1].extend([int(seq)] * len(bands))
            self._run(
                "DELETE FROM bands b USING unnest(%s::bigint[], %s::bigint[]) AS g (key, seq)"
                " WHERE b.key = g.key AND b.seq = g.seq",
                (array(banded[0]), array(banded[1])),
            )
        self._run("DELETE FROM fingerprints WHERE seq = ANY(%s::bigint[])", (seqs,))
        self._run("DELETE FROM articles WHERE seq = ANY(%s::bigint[])", (seqs,))
        return [key for key in dict.fromkeys(keys) if key in found]

    def matches(self, key: str | None = None) -> Iterator[dict[str, Any]]:
        """The match records, all or those of one article, ordered by pair."""
        if key is None:
            rows = self._read('SELECT record FROM matches ORDER BY a COLLATE "C", b COLLATE "C"')
        else:
            rows = self._read(
                'SELECT record FROM matches WHERE a = %s OR b = %s ORDER BY a COLLATE "C", b COLLATE "C"',
                (key, key),
            )
        for (record,) in rows:
            yield json.loads(record)

    def articles(self) -> Iterator[Stored]:
        """Every stored article, in ingestion order."""
        for row in self._read(f"SELECT {_COLUMNS} FROM articles ORDER BY seq"):  # noqa: S608
            yield self._stored(row)

    def published(self) -> Iterator[tuple[str, datetime | None]]:
        """The id and publication time of every stored article, in ingestion order (no text is read)."""
        for key, published in self._read("SELECT id, published FROM articles ORDER BY seq"):
            yield str(key), datetime.fromisoformat(published) if published else None

    def counts(self) -> dict[str, int]:
        """How many articles, fingerprints, matches and revisions are stored."""
        row = self._read(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM fingerprints),"
            " (SELECT count(*) FROM matches), (SELECT count(*) FROM articles WHERE revision_of IS NOT NULL)"
        )[0]
        return dict(zip(("articles", "fingerprints", "matches", "revisions"), map(int, row), strict=True))

    def verify(self) -> list[str]:
        """The ledger's own consistency: fingerprints, candidate index and matches of every article."""
        problems = [
            f"article {key!r} has no fingerprint"
            for (key,) in self._read(
                "SELECT a.id FROM articles a LEFT JOIN fingerprints f ON f.seq = a.seq WHERE f.seq IS NULL"
            )
        ]
        config = self.config()
        if config is not None and config.method == "oph":
            unindexed = self._read(
                "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM bands b WHERE b.seq = a.seq)"
            )
            problems += [f"article {key!r} is not in the candidate index" for (key,) in unindexed]
        dangling = self._read(
            "SELECT m.a, m.b FROM matches m WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = m.a)"
            " OR NOT EXISTS (SELECT 1 FROM articles WHERE id = m.b)"
        )
        problems += [f"match ({a!r}, {b!r}) names an article not in the ledger" for a, b in dangling]
        for table, what in (("bands", "band keys"), ("sentences", "counted sentences")):
            left = self._read(
                f"SELECT DISTINCT t.seq FROM {table} t"  # noqa: S608 - two names of this module
                " WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.seq = t.seq) ORDER BY t.seq"
            )
            problems += [f"{what} of article number {seq} are left without their article" for (seq,) in left]
        return problems


def completed_only(before: str, after: str, own: set[int]) -> bool:
    """Whether every transaction completed between two snapshots (``pg_current_snapshot``) is in ``own``.

    Examples:
        >>> completed_only("10:12:10", "12:13:", {10, 12})  # 10 ended, 12 began and ended
        True
        >>> completed_only("10:12:10", "12:13:", {12})
        False
        >>> completed_only("10:12:10", "10:14:10,12", {13})  # 12 still runs
        True

    Raises:
        ValueError: A snapshot is not one.
    """
    _, high, running = _snapshot(before)
    _, now_high, now_running = _snapshot(after)
    if now_high - high - len({x for x in now_running if x >= high}) > len(own):
        return False  # more transactions began and ended since than are marked
    done = {x for x in running if x not in now_running}
    done |= {x for x in range(high, now_high) if x not in now_running}
    return done <= own


def _snapshot(text: str) -> tuple[int, int, set[int]]:
    """A snapshot's text (``pg_current_snapshot``) as ``(xmin, xmax, the ids in progress)``.

    >>> _snapshot("10:14:10,12")
    (10, 14, {10, 12})
    >>> _snapshot("14:14:")
    (14, 14, set())
    """
    low, high, running = text.split(":")
    return int(low), int(high), {int(x) for x in running.split(",") if x}
