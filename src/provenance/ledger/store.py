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

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

import attrs

from provenance.article import Article
from provenance.fingerprint import Config, Fingerprint

__all__ = ["URL_SCHEMES", "Store", "Stored", "is_url", "open_store"]

URL_SCHEMES = ("postgresql://", "postgres://")
"""The prefixes of a ``--db`` that names a PostgreSQL server rather than a SQLite file."""


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

    def by_url(self, url: str) -> list[Stored]:
        """The stored articles with this url, oldest first."""

    def refuses(self, article: Article) -> str | None:
        """Why the store cannot hold this article (checked before any write), or None."""

    def add(self, stored: Stored, fingerprint: Fingerprint, *, bands: Sequence[int] = ()) -> Stored:
        """Store an article, its fingerprint and band keys (inside a write transaction); returns its seq."""

    def add_match(self, record: dict[str, Any]) -> None:
        """Store a match record (:func:`provenance.export.match_record`), replacing one of the same pair."""

    def candidates(self, bands: Sequence[int]) -> list[tuple[Stored, Fingerprint]]:
        """The stored articles filed under at least one of these band keys, with their fingerprints."""

    def fingerprints(self, *, after: int = 0) -> Iterator[tuple[int, str, Fingerprint]]:
        """``(seq, id, fingerprint)`` of every article stored after ``seq``, in order."""

    def forget(self, key: str) -> list[str]:
        """Remove an article, its fingerprint, band keys and matches (inside a write); the ids removed."""

    def revisions(self, key: str) -> list[str]:
        """The ids of the stored articles that revise this one."""

    def matches(self, key: str | None = None) -> Iterator[dict[str, Any]]:
        """The match records, all or those of one article, in a stable order."""

    def articles(self) -> Iterator[Stored]:
        """Every stored article, in ingestion order."""

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
