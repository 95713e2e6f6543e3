"""The storage interface under the ledger, and the records it stores.

A backend stores articles, their fingerprints and the verified matches, and gives
them back; the ledger (:class:`provenance.ledger.Ledger`) does everything else.
A backend for another database implements :class:`Store` and nothing more: the
pipeline stages never see it.

Nothing is ever pickled: fingerprints are stored as little-endian integer arrays,
matches as the JSON records of :mod:`provenance.export`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

import attrs

from provenance.article import Article
from provenance.fingerprint import Config, Fingerprint

__all__ = ["Store", "Stored"]


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
