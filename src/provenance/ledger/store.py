"""The storage interface under the ledger, and the records it stores.

A backend stores articles, their fingerprints, their band keys (the candidate
index) and the verified matches, and gives them back; the ledger
(:class:`provenance.ledger.Ledger`) does everything else. A backend for another
database implements :class:`Store` and nothing more: the pipeline stages never
see it. Two backends ship: SQLite (:mod:`provenance.ledger.sqlite`, a file) and
PostgreSQL (:mod:`provenance.ledger.postgres`, a server, extra ``[postgres]``);
:func:`open_store` picks one from what ``--db`` says.

Each backend versions its schema and migrates an older ledger forward when it
opens it; a ledger written by a newer library is refused. A new table (another
stage's counts, say) is one more migration and one more pair of methods.

Nothing is ever pickled: fingerprints are stored as little-endian integer arrays,
matches as the JSON records of :mod:`provenance.export`.

Examples:
    >>> is_url("postgresql://127.0.0.1:5432/test"), is_url("ledger.db")
    (True, False)
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import attrs
import numpy as np
import numpy.typing as npt

from provenance.article import Article
from provenance.errors import LedgerCorruptError
from provenance.fingerprint import Config, Fingerprint
from provenance.ledger.sentences import SentenceTable

__all__ = [
    "MAX_NUM_PERM",
    "URL_SCHEMES",
    "Entry",
    "MatchEntry",
    "Store",
    "Stored",
    "config_from_json",
    "config_to_json",
    "digest",
    "fingerprint_from_blob",
    "is_url",
    "migrate_step",
    "open_store",
]

URL_SCHEMES = ("postgresql://", "postgres://")
"""The prefixes of a ``--db`` that names a PostgreSQL server rather than a SQLite file."""

MAX_NUM_PERM = 1 << 16
"""Most MinHash values a stored config may ask for (128 is the default; 65,536 values are 256 KB a story).

A config read from a ledger is data, not an order: a damaged row asking for 10**12
values would otherwise be allocated as asked before anything else was checked."""


def digest(text: str) -> str:
    """SHA-1 of a text's UTF-8 bytes, in hex: the identity of a version.

    Args:
        text: The article text.

    Returns:
        40 hex digits.
    """
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def config_to_json(config: Config) -> str:
    """The JSON text a backend stores for a config.

    Args:
        config: The fingerprint config.

    Returns:
        A JSON object, keys sorted.
    """
    return json.dumps(attrs.asdict(config), sort_keys=True)


def config_from_json(text: object, *, where: str) -> Config:
    """The config of a stored JSON text, every field checked before use.

    Args:
        text: What the backend read (a JSON object of :class:`Config`'s fields).
        where: The ledger, for the message.

    Returns:
        The config.

    Raises:
        LedgerCorruptError: The text is not such an object, a field is unknown, missing
            or of the wrong type, or a value is out of range.

    Examples:
        >>> config_from_json(config_to_json(Config(shingle=3)), where="l.db").shingle
        3
        >>> config_from_json('{"num_perm": "many"}', where="l.db")
        Traceback (most recent call last):
        ...
        provenance.errors.LedgerCorruptError: l.db: ... damaged (num_perm is not an integer): ...
    """
    fields = {f.name: f for f in attrs.fields(Config)}
    try:
        if not isinstance(text, str):
            msg = "not text"
            raise TypeError(msg)
        data = json.loads(text)
        if not isinstance(data, dict):
            msg = "not a JSON object"
            raise TypeError(msg)
        unknown = sorted(set(data) - set(fields))
        if unknown:
            msg = f"unknown field {unknown[0]!r}"
            raise TypeError(msg)
        for name, value in data.items():
            kind = int if fields[name].type in (int, "int") else str
            if type(value) is not kind:
                msg = f"{name} is not {'an integer' if kind is int else 'text'}"
                raise TypeError(msg)
        if not 1 <= data.get("num_perm", 1) <= MAX_NUM_PERM:
            msg = f"num_perm {data['num_perm']} is outside 1..{MAX_NUM_PERM}"
            raise ValueError(msg)
        return Config(**data)
    except (ValueError, TypeError, RecursionError) as error:
        msg = (
            f"{where}: the ledger's config row is damaged ({error}): "
            "restore the ledger from a backup, or copy out what can be read with 'provenance salvage'"
        )
        raise LedgerCorruptError(msg) from None


@attrs.frozen(kw_only=True)
class Stored:
    """An article as the ledger holds it.

    Attributes:
        seq: Its position in ingestion order (1 for the first article ever stored).
        article: The article.
        digest: SHA-1 of its text: the same id with another digest is a revision.
        revision_of: The id of the earlier version it revises, if any.
    """

    seq: int
    article: Article
    digest: str
    revision_of: str | None = None


@attrs.frozen(kw_only=True)
class Entry:
    """One article's place in a ledger as read back for ``verify`` and ``salvage``: what could be read.

    Attributes:
        seq: Its position in ingestion order.
        stored: The article, or None when its row cannot be read.
        fingerprint: Its stored fingerprint, or None when missing or unreadable.
        problems: What could not be read, in words.
    """

    seq: int
    stored: Stored | None = None
    fingerprint: Fingerprint | None = None
    problems: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class MatchEntry:
    """One stored match as read back: its pair and its record, or why the record cannot be used.

    Attributes:
        a: The pair's first id, as stored beside the record.
        b: The pair's second id.
        record: The parsed JSON record, or None when it cannot be read.
        problem: What could not be read, when ``record`` is None.
    """

    a: str
    b: str
    record: dict[str, Any] | None = None
    problem: str = ""


def migrate_step(db: Any, step: str | Callable[[Any], None]) -> None:
    """Run one schema migration on a connection: a function of it, or statements separated by ``;``."""
    if callable(step):
        step(db)
        return
    for statement in step.split(";"):
        if statement.strip():
            db.execute(statement)


def _partners(keys: set[str], pairs: Iterable[Sequence[str]]) -> dict[str, list[str]]:
    """For each of ``keys``, the other side of each pair it is in, in the pairs' order (``Store.partners``).

    Examples:
        >>> _partners({"a", "c"}, [("a", "b"), ("a", "c"), ("b", "c")])
        {'a': ['b', 'c'], 'c': ['a', 'b']}
    """
    out: dict[str, list[str]] = {}
    for a, b in pairs:
        if a in keys:
            out.setdefault(a, []).append(b)
        if b in keys:
            out.setdefault(b, []).append(a)
    return out


def _blob(fingerprint: Fingerprint) -> tuple[int, bytes]:
    """A fingerprint's hash values as stored: their width in bits, and little-endian bytes."""
    values = np.ascontiguousarray(fingerprint.values)
    return values.dtype.itemsize * 8, values.astype(values.dtype.newbyteorder("<")).tobytes()


def _values(width: int, blob: bytes) -> npt.NDArray[np.unsignedinteger[Any]]:
    """Stored hash values back as an array of their width."""
    values: npt.NDArray[np.unsignedinteger[Any]]
    if width == 32:
        values = np.frombuffer(blob, dtype="<u4").astype(np.uint32)
    else:
        values = np.frombuffer(blob, dtype="<u8").astype(np.uint64)
    return values


def fingerprint_from_blob(
    blob: object, *, size: object, width: object, config: Config, key: str
) -> Fingerprint:
    """A stored fingerprint, its length checked against its config before any use.

    Args:
        blob: The little-endian values.
        size: The stored number of distinct shingles.
        width: The stored bits per value (32 or 64).
        config: The ledger's config.
        key: The article's id, for the message.

    Returns:
        The fingerprint.

    Raises:
        LedgerCorruptError: The width, size or number of values does not fit the config.
    """
    if width not in (32, 64) or not isinstance(blob, bytes) or type(size) is not int or size < 1:
        msg = f"article {key!r}: its fingerprint row is damaged (width {width!r}, size {size!r})"
        raise LedgerCorruptError(msg)
    count = len(blob) * 8 // width
    if len(blob) * 8 % width or count != config.num_perm:
        msg = f"article {key!r}: its fingerprint holds {count} values, the ledger's config {config.num_perm}"
        raise LedgerCorruptError(msg)
    values = np.frombuffer(blob, dtype="<u4" if width == 32 else "<u8")
    return Fingerprint(
        config=config, values=values.astype(np.uint32 if width == 32 else np.uint64), size=size
    )


class Store(Protocol):
    """What a ledger backend does. Every method may raise :class:`~provenance.errors.LedgerError`."""

    name: str
    """What the store is, for messages: the file, or the server URL without a password."""

    def close(self) -> None:
        """Release the connection; the store is unusable afterwards."""

    def write(self, *, keys: Sequence[int] = (), exclusive: bool = False) -> AbstractContextManager[None]:
        """A write transaction: all of its changes are kept, or none.

        Args:
            keys: Lock keys (band keys, identity keys): two writers holding a common key
                run one after the other; a backend may serialise more than that.
            exclusive: Exclude every other writer (migrations, forgetting).
        """

    def config(self) -> Config | None:
        """The fingerprint config of the ledger, None while it is empty."""

    def set_config(self, config: Config) -> None:
        """Record the fingerprint config unless one is recorded already (inside a write transaction)."""

    def get(self, key: str) -> Stored | None:
        """The stored article with this id."""

    def get_many(self, keys: Sequence[str]) -> dict[str, Stored]:
        """The stored articles with these ids, by id (one query; an id stored under none is left out)."""

    def by_url(self, url: str) -> list[Stored]:
        """The stored articles with this url, oldest first."""

    def by_urls(self, urls: Sequence[str]) -> dict[str, list[Stored]]:
        """:meth:`by_url` of each of these urls, by url, in one query (a url of none is left out)."""

    def refuses(self, article: Article) -> str | None:
        """Why the store cannot hold this article (checked before any write), or None."""

    def add(self, stored: Stored, fingerprint: Fingerprint, *, bands: Sequence[int] = ()) -> Stored:
        """Store an article, its fingerprint and band keys (inside a write transaction); returns its seq."""

    def add_many(self, items: Sequence[tuple[Stored, Fingerprint, Sequence[int]]]) -> list[Stored]:
        """Store ``(stored, fingerprint, bands)`` as :meth:`add` one after the other would (together)."""

    def add_match(self, record: dict[str, Any]) -> None:
        """Store a match record (:func:`provenance.export.match_record`), replacing one of the same pair."""

    def add_matches(self, records: Sequence[dict[str, Any]]) -> None:
        """Store match records as :meth:`add_match` does, together (one round trip to a server)."""

    def candidates(
        self, bands: Sequence[int], *, per_band: int | None = None
    ) -> list[tuple[Stored, Fingerprint]]:
        """The stored articles filed under at least one of these band keys, with their fingerprints.

        With ``per_band``, of each key only the ``per_band`` first and ``per_band`` last stored
        articles (by ``seq``): a key a large family shares costs a bounded read.
        """

    def fingerprints(
        self, *, after: int = 0, limit: int | None = None
    ) -> Iterator[tuple[int, str, Fingerprint]]:
        """``(seq, id, fingerprint)`` of every article stored after ``seq``, in order (``limit`` at most)."""

    def forget(self, key: str) -> list[str]:
        """Remove an article, its fingerprint, band keys and matches (inside a write); the ids removed."""

    def forget_many(self, keys: Sequence[str]) -> list[str]:
        """Remove articles as :meth:`forget` of each would, in a few statements (inside a write).

        Returns:
            The ids removed (those stored), in the order given.
        """

    def remove_match(self, a: str, b: str) -> None:
        """Remove the stored match of one pair, ``a`` the smaller id (inside a write transaction)."""

    def remove_matches(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Remove the stored matches of these pairs, ``(a, b)`` with ``a`` the smaller id (inside a write)."""

    def partners(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """The ids each of these articles has a stored match with (one query), in :meth:`matches`' order.

        An article with none has no entry.
        """

    def sentences(self) -> SentenceTable | None:
        """The boilerplate tally (:mod:`provenance.ledger.sentences`); None in too old a ledger."""

    def content_token(self) -> object | None:
        """A token of what the store holds, as this connection sees it now, or None (cannot tell).

        Two equal tokens taken by one connection mean that nothing was written in between, by
        it or by anyone else, so what was read at the first is still what the store holds.
        """

    def content_token_and_tally(self) -> tuple[object | None, int]:
        """:meth:`content_token` and the tally's version (0 without a tally), taken at one moment.

        One query where the backend can: a batch takes both before it reads anything.
        """

    def write_mark(self) -> object | None:
        """What marks the write in progress (call inside :meth:`write`, after its changes), or None.

        :meth:`only_marked` tells whether the writes committed between two tokens are these.
        """

    def only_marked(self, token: object, now: object, marks: Sequence[object]) -> bool:
        """Whether all that was committed between two tokens (:meth:`content_token`) are writes of ``marks``.

        ``now`` is taken after ``token``, by the same connection; ``marks`` are this connection's
        own writes, each marked by :meth:`write_mark` before its commit. False when anything
        else was committed (by it or by anyone else), or when it cannot tell.
        """

    def revisions(self, key: str) -> list[str]:
        """The ids of the stored articles that revise this one."""

    def matches(self, key: str | None = None) -> Iterator[dict[str, Any]]:
        """The match records, all or those of one article, in a stable order."""

    def articles(self) -> Iterator[Stored]:
        """Every stored article, in ingestion order."""

    def published(self) -> Iterator[tuple[str, datetime | None]]:
        """The id and publication time of every stored article, in ingestion order (no text is read)."""

    def counts(self) -> dict[str, int]:
        """How many articles, fingerprints, matches and revisions are stored."""

    def verify(self) -> list[str]:
        """Problems found by an integrity check of the store (empty when sound)."""


def is_url(target: str | Path) -> bool:
    """Whether a ``--db`` value names a PostgreSQL server (``postgresql://...``) rather than a file.

    Args:
        target: The value.

    Returns:
        True for a PostgreSQL URL.
    """
    return isinstance(target, str) and target.startswith(URL_SCHEMES)


def open_store(target: str | Path, **options: Any) -> Store:
    """Open the store a ``--db`` value names: a PostgreSQL URL, or the path of a SQLite file.

    Args:
        target: ``postgresql://...`` (a libpq URL: ``?options=-csearch_path%3DNAME`` picks a
            schema) or a file path.
        **options: Passed to the backend (``timeout``).

    Returns:
        The open store.

    Raises:
        MissingExtraError: A URL was given and psycopg is not installed.
        LedgerError: The store cannot be opened or migrated.
    """
    if is_url(target):
        from provenance.ledger.postgres import PostgresStore  # noqa: PLC0415 - the optional extra

        return PostgresStore(str(target), **options)
    from provenance.ledger.sqlite import SQLiteStore  # noqa: PLC0415 - one place chooses the backend

    return SQLiteStore(target, **options)
