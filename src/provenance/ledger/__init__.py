"""The ledger: record articles once, check any new article against everything seen.

A ledger keeps articles, their fingerprints and the verified matches (with their
evidence) in a database, SQLite by default (:mod:`provenance.ledger.sqlite`).
Ingestion is idempotent: the same article (same id, or same url and outlet, and
the same text) ingested again changes nothing. A changed text is stored as a
revision of the earlier version when it comes under the same id, or under the same
url *and* outlet with story text shared with the stored version (a url alone, which
any feed can copy, never makes a revision). A revision is stored under the id
``ID@`` and 12 hex digits of its text's SHA-1; ids of that form are the ledger's
own, and a feed record that brings one is refused, so no planted id can shadow a
revision. Each article is stored with its fingerprint and its matches in the one
transaction of its batch, so an interrupted ingest leaves whole articles only, and running it again
completes it: an article already stored is recognised by its text's digest before
it is cleaned or fingerprinted, so each rerun starts where the last one stopped.

Every pair is stored in one orientation, ``a`` the smaller id, so a feed ingested
in any order gives the same ledger.

The candidate index lives in the store: each article's band keys
(:func:`provenance.index.band_keys`) are written in the same transaction as the
article, so an article is either fully recorded and findable or absent, and
opening a ledger costs a connection, not a read of every fingerprint. A query
reads the articles that share a band key with it and keeps those the in-memory
:class:`~provenance.index.Index` would keep (the same code decides). Ledgers of the
``"datasketch"`` method keep the old way: an in-memory index rebuilt on opening.

Writers compare outside the exclusive part of a write: an article is compared
with the candidates it finds, then its write transaction (which serialises it
with every writer whose article shares one of its band keys) looks again, and
compares with any candidate that arrived in between before it stores the article.
Two workers ingesting copies of each other at once so always record the pair.

The store is a SQLite file or a PostgreSQL server (``postgresql://...``, extra
``[postgres]``); :meth:`Ledger.open` takes either.

Examples:
    >>> import tempfile, pathlib
    >>> from provenance import Article
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ledger.db"
    >>> wire = Article(id="wire", outlet="Trend", text="BAKU, Feb 6. The minister met the envoy in Baku.")
    >>> page = Article(id="page", outlet="MENAFN", text="(MENAFN- Trend) " + wire.text)
    >>> with Ledger.open(path) as ledger:
    ...     report = ledger.ingest([wire, page])
    ...     again = ledger.ingest([wire, page])
    >>> (report.added, report.matches, again.added, again.unchanged)
    (2, 1, 0, 2)
    >>> with Ledger.open(path) as ledger:
    ...     [(m.original, m.copy) for m in ledger.check(page).matches]
    [('wire', 'page')]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from provenance.article import Article
from provenance.boilerplate import MIN_PAGES, Sentences, sentence_hashes
from provenance.clean import clean
from provenance.compare import Match, prepare
from provenance.errors import EmptyStoryError, InputError, LedgerError
from provenance.export import match_from_record
from provenance.fingerprint import fingerprint
from provenance.ledger import audit
from provenance.ledger._records import _ALWAYS, Check, Ingested, Report, Window, is_revision_id
from provenance.ledger._writer import _Writer
from provenance.ledger.audit import Salvaged, salvage
from provenance.ledger.sqlite import SQLiteStore
from provenance.ledger.store import Store, Stored, digest, is_url, open_store
from provenance.relate import Cluster, clusters

_FORGET = 1024  # articles forget resolves and removes together (their texts in memory at once)

__all__ = [
    "DEFAULT_PATH",
    "Check",
    "Ingested",
    "Ledger",
    "Report",
    "Salvaged",
    "Store",
    "Stored",
    "Window",
    "digest",
    "is_revision_id",
    "is_url",
    "salvage",
]

log = logging.getLogger(__name__)

DEFAULT_PATH = "provenance.db"


class Ledger(_Writer):
    """A ledger of articles, fingerprints and verified matches.

    Args:
        store: The storage backend.
        config: The fingerprint config; a new ledger records it, an existing one must match it.
        threshold: Jaccard threshold of the near-duplicate candidate search.
        containment: Containment threshold of the excerpt candidate search.
        min_coverage: Smallest shared share of either story for a match to be stored.
        representatives: Most stored articles a new one is compared with: beyond it, a story's
            representatives only (:mod:`provenance.families`), as :func:`provenance.scan`
            chooses them; ``None`` compares every candidate.

    Raises:
        ConfigMismatchError: ``config`` differs from the ledger's.
        ValueError: ``representatives`` is below 1.
    """

    @classmethod
    def open(cls, path: str | Path = DEFAULT_PATH, *, readonly: bool = False, **options: Any) -> Ledger:
        """Open (or create) a ledger in a SQLite file or on a PostgreSQL server.

        Args:
            path: The file, or a ``postgresql://`` URL (needs the ``postgres`` extra).
            readonly: Only read: the ledger must exist already, and nothing is written
                (a file may sit in a read-only folder, or be a read-only file).
            **options: Passed to :class:`Ledger` (``config``, ``threshold``, ...).

        Returns:
            The ledger; use it as a context manager to close it.

        Raises:
            LedgerError: The file or server cannot be opened, is damaged or is not a ledger.
            MissingExtraError: A URL was given without the ``postgres`` extra.
        """
        store = open_store(path, readonly=readonly)
        try:
            return cls(store, **options)
        except BaseException:
            store.close()
            raise

    def __enter__(self) -> Ledger:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the store."""
        self.store.close()

    def check(self, article: Article, *, window: Window = _ALWAYS) -> Check:
        """Check an article against everything stored, without storing it.

        Args:
            article: The article.
            window: Compare only with stored articles published in it (all are, by default).

        Returns:
            Its verified matches, each with direction and evidence.

        Raises:
            EmptyStoryError: The article has no story text.
            ConfigMismatchError: Another version of the library's stages wrote the ledger.
        """
        self._stages_here()
        try:
            story = clean(article.text)
        except EmptyStoryError as error:  # named, as ingest names it
            msg = f"article {article.id!r}: {error}"
            raise EmptyStoryError(msg, article=article.id) from None
        sentences = Sentences.of(article, sentence_hashes(story))
        self._tally_version()  # stored stories prepared under an older tally are prepared again
        aside = self._aside(article, story, sentences, own=True)
        p = prepare(story, config=self.config, id=article.id, boilerplate=aside)
        fp = fingerprint(story, config=self.config)
        found = [
            self._verdict(article, p, s, revision_of=None)
            for s in self._chosen(fp, exclude=article.id, window=window)
        ]
        return Check(id=article.id, matches=tuple(self._closest_first(found)))

    def partners(
        self, articles: Iterable[Article], *, window: Window = _ALWAYS
    ) -> tuple[list[Match], dict[str, Article]]:
        """Each article checked against the ledger: the matches, and the stored articles they name.

        What ``provenance trace FILE --db LEDGER`` adds to the files' own matches, so that a
        new article's chain names the stored story it copies.

        Args:
            articles: Articles, stored or not (a stored one is not matched with itself).
            window: Compare only with stored articles published in it.

        Returns:
            The matches (each pair once) and, by id, the stored articles on their other side.
        """
        items = list(articles)
        given = {a.id for a in items}
        matches: dict[frozenset[str], Match] = {}
        named: dict[str, Article] = {}
        for article in items:
            for m in self.check(article, window=window).matches:
                matches.setdefault(frozenset((m.a, m.b)), m)
                other = m.b if m.a == article.id else m.a
                if other not in given and other not in named and (found := self.get(other)) is not None:
                    named[other] = found
        return list(matches.values()), named

    def forget(self, keys: Iterable[str]) -> list[str]:
        """Remove articles with their fingerprints, index entries and matches, in one transaction.

        An id (or url) names an article; forgetting a first version forgets its
        revisions too, forgetting a revision only that revision. Clusters are derived
        from the matches, so the clusters an article was in are re-derived without it.
        When one key names nothing, nothing is removed.

        Args:
            keys: Ids or urls of stored articles.

        Returns:
            The ids removed, in the order removed.

        Raises:
            InputError: A key names no stored article (nothing is removed).
            LedgerError: The store failed (nothing is removed).
        """
        removed: list[str] = []
        with self.store.write(exclusive=True):
            table = self.store.sentences()
            named = self._named(keys, "nothing was forgotten")
            ids = list(named)
            for start in range(0, len(ids), _FORGET):
                part = ids[start : start + _FORGET]
                if table is not None:  # the revisions' places are read here, the keys' were by _named
                    unread = self.store.get_many([key for key in part if named[key] is None])
                    seqs = [seq for key in part if (seq := named[key]) is not None]
                    seqs += [stored.seq for stored in unread.values()]
                    if table.uncount_many(seqs, min_pages=MIN_PAGES):
                        self._generation += 1
                removed += self.store.forget_many(part)
        for gone in removed:
            self._prepared.pop(gone, None)
            self._said.pop(gone, None)
            if gone in self._index:
                self._index.remove(gone)
        if not getattr(self.store, "readonly", False):
            self._settle()
        return removed

    def forgettable(self, keys: Iterable[str]) -> list[str]:
        """The ids :meth:`forget` would remove now, in its order; nothing is removed (a dry run).

        Raises:
            InputError: A key names no stored article.
        """
        return list(self._named(keys, "nothing would be forgotten"))

    def _named(self, keys: Iterable[str], told: str) -> dict[str, int | None]:
        """What forgetting these keys removes, each id once, in order, with its ``seq`` when read here.

        Each key's article (by id, else the first stored with the url; its ``seq`` is known) and
        that article's revisions (None: their ids only are read).

        Raises:
            InputError: A key names no stored article (said with ``told``).
        """
        named: dict[str, int | None] = {}
        given = list(keys)
        for start in range(0, len(given), _FORGET):  # the ids of a part in one query, its texts in memory
            part = given[start : start + _FORGET]
            by_id = self.store.get_many(part)
            for key in part:
                stored = by_id.get(key) or next(iter(self.store.by_url(key)), None)
                if stored is None:
                    msg = f"{key!r}: no such article in {self.store.name} ({told})"
                    raise InputError(msg)
                named[stored.article.id] = stored.seq
                for revision in self.store.revisions(stored.article.id):
                    named.setdefault(revision, None)
        return named

    def published(self, window: Window) -> list[str]:
        """The ids of the stored articles published in a window, in ingestion order: what to forget of it.

        A retention period, say: ``ledger.forget(ledger.published(Window(until=cutoff)))``
        forgets what was published up to ``cutoff``. An article without a publication time lies
        in no window with an end (:meth:`Window.holds`), so none is forgotten for its age; its
        revisions are listed each with its own time (and forgetting a first version forgets them).

        Args:
            window: The publication times; at least one end.

        Returns:
            The ids, first versions and revisions alike.

        Raises:
            ValueError: ``window`` has neither end (every article would be listed).

        Examples:
            >>> import tempfile, pathlib
            >>> from datetime import datetime, UTC
            >>> from provenance import Article
            >>> may = datetime(2023, 5, 1, tzinfo=UTC)
            >>> old = Article(id="old", text="The council met on Monday.", published=may)
            >>> new = Article(id="new", text="The port reopened on Friday.", published=may.replace(year=2024))
            >>> undated = Article(id="undated", text="A market opened in the square.")
            >>> with Ledger.open(pathlib.Path(tempfile.mkdtemp()) / "l.db") as ledger:
            ...     _ = ledger.ingest([old, new, undated])
            ...     ledger.published(Window(until=datetime(2023, 12, 31, tzinfo=UTC)))
            ['old']
        """
        if window.since is None and window.until is None:
            msg = "a window of publication times needs a start, an end or both"
            raise ValueError(msg)
        return [key for key, published in self.store.published() if window.holds(published)]

    def get(self, key: str) -> Article | None:
        """The stored article with this id, or the first stored with this url."""
        stored = self._stored_by(key)
        return None if stored is None else stored.article

    def _stored_by(self, key: str) -> Stored | None:
        """The stored article with this id, or the first stored with this url (what a key names)."""
        return self.store.get(key) or next(iter(self.store.by_url(key)), None)

    def matches(self, key: str | None = None) -> list[Match]:
        """The stored matches, all or those of one article."""
        return [match_from_record(r) for r in self.store.matches(key)]

    def clusters(self) -> list[Cluster]:
        """The story clusters of all stored matches (see :func:`provenance.clusters`)."""
        return clusters(self.matches(), published=dict(self.store.published()))

    def stats(self) -> dict[str, int]:
        """Counts of articles, fingerprints, matches, revisions and clusters."""
        counts = self.store.counts()
        counts["clusters"] = len(self.clusters())
        return counts

    def verify(self) -> list[str]:
        """Every problem of the ledger, one line each (an empty list when it is sound).

        The backend's own checks (SQLite's ``PRAGMA integrity_check``, articles without
        a fingerprint, matches naming a missing article), then every record: each text
        against its digest, each fingerprint against its config and its text, each
        match against its articles (see :mod:`provenance.ledger.audit`). Damage that
        stops one check is reported, and the others still run.
        """
        return audit.verify(self.store, self.config)

    def backup(self, dest: str | Path) -> None:
        """Copy the ledger into a new file, consistent even while others write (SQLite's backup API).

        Args:
            dest: The new file; it must not exist.

        Raises:
            LedgerError: ``dest`` exists, the copy failed, or the backend has no such
                copy (for PostgreSQL, use ``pg_dump``).
        """
        if not isinstance(self.store, SQLiteStore):
            msg = f"{type(self.store).__name__} has no file to copy: use the database's own backup (pg_dump)"
            raise LedgerError(msg)
        self.store.backup(dest)
