"""The storage interface under the ledger, and the records it stores.

A backend stores articles, their fingerprints and the verified matches, and gives
them back; the ledger (:class:`provenance.ledger.Ledger`) does everything else.
A backend for another database implements :class:`Store` and nothing more: the
pipeline stages never see it.

Nothing is ever pickled: fingerprints are stored as little-endian integer arrays,
matches as the JSON records of :mod:`provenance.export`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

import attrs
import numpy as np

from provenance.article import Article
from provenance.errors import LedgerCorruptError
from provenance.fingerprint import Config, Fingerprint

__all__ = [
    "MAX_NUM_PERM",
    "Entry",
    "MatchEntry",
    "Store",
    "Stored",
    "config_from_json",
    "config_to_json",
    "digest",
    "fingerprint_from_blob",
]

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

    def close(self) -> None:
        """Release the connection; the store is unusable afterwards."""

    def write(self) -> AbstractContextManager[None]:
        """A write transaction: all of its changes are kept, or none (exclusive among writers)."""

    def config(self) -> Config | None:
        """The fingerprint config of the ledger, None while it is empty."""

    def set_config(self, config: Config) -> None:
        """Record the fingerprint config (inside a write transaction)."""

    def get(self, key: str) -> Stored | None:
        """The stored article with this id."""

    def by_url(self, url: str) -> list[Stored]:
        """The stored articles with this url, oldest first."""

    def add(self, stored: Stored, fingerprint: Fingerprint) -> Stored:
        """Store an article and its fingerprint (inside a write transaction); returns it with its seq."""

    def add_match(self, record: dict[str, Any]) -> None:
        """Store a match record (:func:`provenance.export.match_record`), replacing one of the same pair."""

    def fingerprints(self, *, after: int = 0) -> Iterator[tuple[int, str, Fingerprint]]:
        """``(seq, id, fingerprint)`` of every article stored after ``seq``, in order."""

    def matches(self, key: str | None = None) -> Iterator[dict[str, Any]]:
        """The match records, all or those of one article, in a stable order."""

    def articles(self) -> Iterator[Stored]:
        """Every stored article, in ingestion order."""

    def counts(self) -> dict[str, int]:
        """How many articles, fingerprints, matches and revisions are stored."""

    def verify(self) -> list[str]:
        """Problems found by an integrity check of the store (empty when sound)."""
