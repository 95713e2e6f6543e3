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
revision. Each article is stored in one transaction with its fingerprint and its
matches, so an interrupted ingest leaves whole articles only, and running it again
completes it: an article already stored is recognised by its text's digest before
it is cleaned or fingerprinted, so each rerun starts where the last one stopped.

Every pair is stored in one orientation, ``a`` the smaller id, so a feed ingested
in any order gives the same ledger. The candidate index is rebuilt from the stored
fingerprints when the ledger opens, and brought up to date with what other
processes stored at the start of every write.

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
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs

from provenance.article import Article
from provenance.compare import (
    COPY_RELATIONS,
    MIN_COVERAGE,
    Evidence,
    Match,
    Prepared,
    compare,
    is_copy,
    prepare,
    shares_a_source,
)
from provenance.credits import Credits, extract
from provenance.errors import EmptyStoryError, InputError, LedgerError
from provenance.export import match_from_record, match_record
from provenance.fingerprint import Config, Fingerprint, fingerprint
from provenance.index import Index
from provenance.ledger import audit
from provenance.ledger.audit import Salvaged, salvage
from provenance.ledger.sqlite import SQLiteStore
from provenance.ledger.store import Store, Stored, digest
from provenance.relate import Cluster, clusters, direct
from provenance.scan import CONTAINMENT, THRESHOLD

__all__ = [
    "DEFAULT_PATH",
    "Check",
    "Ingested",
    "Ledger",
    "Report",
    "Salvaged",
    "Store",
    "Stored",
    "digest",
    "is_revision_id",
    "salvage",
]

log = logging.getLogger(__name__)

DEFAULT_PATH = "provenance.db"
_CACHE = 256  # prepared stories kept in memory for comparison


_REVISION = re.compile(r"@(?:[0-9a-f]{12}|[0-9a-f]{40})\Z")
"""The end of a revision's id: ``@`` and 12 (or, after a clash of 12, all 40) hex digits of its digest."""


def is_revision_id(key: str) -> bool:
    """Whether an id has the form the ledger gives revisions (``ID@`` and 12 or 40 hex digits).

    Args:
        key: An id.

    Returns:
        True for ``"story@0123456789ab"``; such ids are refused from feeds.

    Examples:
        >>> is_revision_id("story@0123456789ab"), is_revision_id("desk@example.org")
        (True, False)
    """
    return _REVISION.search(key) is not None


@attrs.frozen(kw_only=True)
class Ingested:
    """What happened to one article in an ingest.

    Attributes:
        id: The id it is stored under (a revision gets ``ID@`` and 12 digits of its digest).
        status: ``"added"``, ``"revision"`` (a new version of a stored article) or ``"unchanged"``.
        matches: How many verified matches were stored with it.
        revision_of: The id of the version it revises, for a revision.
    """

    id: str
    status: str = attrs.field(validator=attrs.validators.in_(("added", "revision", "unchanged")))
    matches: int = 0
    revision_of: str | None = None


@attrs.frozen(kw_only=True)
class Report:
    """The counts of one ingest.

    Attributes:
        added: Articles stored for the first time.
        revisions: New versions of stored articles.
        unchanged: Articles already stored as they are.
        skipped: Bad articles passed over (with ``skip_bad``).
        matches: Verified matches stored.
    """

    added: int = 0
    revisions: int = 0
    unchanged: int = 0
    skipped: int = 0
    matches: int = 0


@attrs.frozen(kw_only=True)
class Check:
    """The verdict on one article checked against the ledger.

    Attributes:
        id: The article's id.
        matches: Verified matches with stored articles, the closest first.
    """

    id: str
    matches: tuple[Match, ...] = ()

    @property
    def is_copy(self) -> bool:
        """Whether the article copies a stored one.

        Also when it shares its story with one and nothing decides which came first: a
        byte-identical article is a copy pair whatever the times.
        """
        undecided = (m for m in self.matches if m.original is None and m.relation in _UNDIRECTED_COPIES)
        return any(m.copy == self.id for m in self.matches) or any(True for _ in undecided)

    @property
    def originals(self) -> tuple[str, ...]:
        """The ids of the stored articles it was judged a copy of."""
        return tuple(m.original for m in self.matches if m.copy == self.id and m.original)


_UNDIRECTED_COPIES = frozenset(COPY_RELATIONS) - {"revision"}


def _versions(match: Match, old: str, new: str) -> Match:
    """Two versions of one article: a revision, the stored (earlier) version the original."""
    evidence = (
        Evidence(kind="outlet", favours=old, weight=0.0, detail=f"{new} is a later version of {old}"),
        *match.evidence,
    )
    return attrs.evolve(match, relation="revision", original=old, copy=new, evidence=evidence)


class Ledger:
    """A ledger of articles, fingerprints and verified matches.

    Args:
        store: The storage backend.
        config: The fingerprint config; a new ledger records it, an existing one must match it.
        threshold: Jaccard threshold of the near-duplicate candidate search.
        containment: Containment threshold of the excerpt candidate search.
        min_coverage: Smallest shared share of either story for a match to be stored.

    Raises:
        ConfigMismatchError: ``config`` differs from the ledger's.
    """

    def __init__(
        self,
        store: Store,
        *,
        config: Config | None = None,
        threshold: float = THRESHOLD,
        containment: float = CONTAINMENT,
        min_coverage: float = MIN_COVERAGE,
    ) -> None:
        self.store = store
        recorded = store.config()
        if recorded is not None and config is not None:
            recorded.check(config)
        self.config = recorded or config or Config()
        self.min_coverage = min_coverage
        self._index = Index(self.config, threshold=threshold, containment=containment)
        self._seen = 0
        self._prepared: OrderedDict[str, Prepared] = OrderedDict()
        self._said: OrderedDict[str, tuple[str, Credits]] = OrderedDict()

    @classmethod
    def open(cls, path: str | Path = DEFAULT_PATH, *, readonly: bool = False, **options: Any) -> Ledger:
        """Open (or create) a ledger in a SQLite file.

        Args:
            path: The file.
            readonly: Only read: the file must be a ledger already, and nothing is written
                (it may sit in a read-only folder, or be a read-only file).
            **options: Passed to :class:`Ledger` (``config``, ``threshold``, ...).

        Returns:
            The ledger; use it as a context manager to close it.

        Raises:
            LedgerError: The file cannot be opened, is damaged or is not a ledger.
        """
        store = SQLiteStore(path, readonly=readonly)
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

    def _refresh(self) -> None:
        """Add to the index what was stored since it was last brought up to date (by anyone).

        The index is built on first use (a check or an ingest), so that reading
        commands, ``verify`` and ``salvage`` open a ledger without reading every fingerprint.
        """
        for seq, key, fp in self.store.fingerprints(after=self._seen):
            if key not in self._index:
                self._index.add(key, fp)
            self._seen = seq

    def _credits(self, article: Article, p: Prepared) -> Credits:
        """An article's credits, read once while it stays among the recently compared."""
        kept = self._said.get(article.id)
        if kept is not None and kept[0] == article.text:
            self._said.move_to_end(article.id)
            return kept[1]
        found = extract(article, story=p.story)
        self._said[article.id] = (article.text, found)
        if len(self._said) > _CACHE:
            self._said.popitem(last=False)
        return found

    def _prepare(self, article: Article) -> Prepared:
        p = self._prepared.get(article.id)
        if p is None or p.story.source != article.text:
            p = prepare(article, config=self.config)
            self._prepared[article.id] = p
            if len(self._prepared) > _CACHE:
                self._prepared.popitem(last=False)
        else:
            self._prepared.move_to_end(article.id)
        return p

    def _verdicts(
        self, article: Article, p: Prepared, fp: Fingerprint, *, revision_of: str | None = None
    ) -> list[Match]:
        """Verified matches of an article with the stored ones, oriented with the smaller id as ``a``."""
        found = []
        for candidate in self._index.query(fp, exclude=article.id):
            stored = self.store.get(str(candidate.key))
            if stored is None:  # pragma: no cover - the index only holds stored ids
                continue
            other = stored.article
            q = self._prepare(other)
            (x, px), (y, py) = sorted(((article, p), (other, q)), key=lambda t: t[0].id)
            match = compare(px, py, config=self.config)
            if shares_a_source(match, min_coverage=self.min_coverage):  # no copy: kept for what it shares
                found.append(attrs.evolve(match, relation="shared_source"))
                continue
            if not is_copy(match, min_coverage=self.min_coverage):
                continue
            match = direct(
                match, x, y, story_a=px.story, story_b=py.story,
                credits_a=self._credits(x, px), credits_b=self._credits(y, py),
            )  # fmt: skip
            if (revision_of or article.id) == (stored.revision_of or stored.article.id):
                match = _versions(match, stored.article.id, article.id)
            found.append(match)
        found.sort(key=lambda m: (-max(m.coverage_a, m.coverage_b), m.a, m.b))
        return found

    def _revision(self, base: str, text_digest: str) -> Stored | None:
        """The stored revision of ``base`` with this text, if any (its id, digest and origin all agree)."""
        for key in (f"{base}@{text_digest[:12]}", f"{base}@{text_digest}"):
            stored = self.store.get(key)
            if stored is not None and stored.digest == text_digest and stored.revision_of == base:
                return stored
        return None

    def _revision_key(self, base: str, text_digest: str) -> str:
        """The id of a new revision: 12 hex digits, or all 40 when another text took those 12."""
        short = f"{base}@{text_digest[:12]}"
        return short if self.store.get(short) is None else f"{base}@{text_digest}"

    def _same_url(self, article: Article) -> list[Stored]:
        """Stored versions with the article's url *and* outlet, oldest first (none without both)."""
        if not article.url or not article.outlet:
            return []
        return [s for s in self.store.by_url(article.url) if s.article.outlet == article.outlet]

    def _unchanged(self, article: Article, text_digest: str) -> Stored | None:
        """The stored version this article is, text for text, if any: needs no cleaning to tell."""
        same = self.store.get(article.id)
        if same is not None:
            return same if same.digest == text_digest else self._revision(article.id, text_digest)
        return next((s for s in self._same_url(article) if s.digest == text_digest), None)

    def _identify(
        self, article: Article, text_digest: str, p: Prepared
    ) -> tuple[str, Stored | None, str | None]:
        """The status of an incoming article: (status, stored version, revised id).

        A revision needs the same id, or the same url and outlet and a stored version
        that shares story text with it (a match as :func:`~provenance.compare.is_copy`
        judges it); a url alone is feed data that anyone can copy.
        """
        unchanged = self._unchanged(article, text_digest)
        if unchanged is not None:
            return "unchanged", unchanged, None
        same = self.store.get(article.id)
        if same is not None:
            return "revision", None, same.article.id
        versions = self._same_url(article)
        if versions:
            latest = versions[-1]
            shared = compare(p, self._prepare(latest.article), config=self.config)
            if is_copy(shared, min_coverage=self.min_coverage):
                return "revision", None, versions[0].revision_of or versions[0].article.id
        return "added", None, None

    def ingest(
        self,
        articles: Iterable[Article],
        *,
        skip_bad: bool = False,
        errors: list[InputError] | None = None,
        progress: Callable[[Ingested], None] | None = None,
    ) -> Report:
        """Store articles, each with its fingerprint and its verified matches, one transaction each.

        Args:
            articles: The articles.
            skip_bad: Pass over articles with no story text instead of raising.
            errors: A list that receives the errors of skipped articles.
            progress: Called with each article's outcome, after it is committed.

        Returns:
            The counts.

        Raises:
            InputError: An article has no story text or cannot be stored as text (unless ``skip_bad``).
            LedgerError: The store failed; every article reported before is kept.
        """
        if getattr(self.store, "readonly", False):
            msg = f"{getattr(self.store, 'path', 'the ledger')}: opened read-only; open it to write to ingest"
            raise LedgerError(msg)
        counts = {"added": 0, "revision": 0, "unchanged": 0, "skipped": 0, "matches": 0}
        for article in articles:
            try:
                outcome = self._ingest_one(article)
            except InputError as error:
                if not skip_bad:
                    raise
                log.warning("skipped: %s", error)
                counts["skipped"] += 1
                if errors is not None:
                    errors.append(error)
                continue
            counts[outcome.status] += 1
            counts["matches"] += outcome.matches
            if progress is not None:
                progress(outcome)
        return Report(
            added=counts["added"],
            revisions=counts["revision"],
            unchanged=counts["unchanged"],
            skipped=counts["skipped"],
            matches=counts["matches"],
        )

    def _ingest_one(self, article: Article) -> Ingested:
        if is_revision_id(article.id):
            msg = (
                f"article {article.id!r}: ids ending in '@' and 12 or 40 hex digits are the ledger's names "
                "for revisions; give the article another id"
            )
            raise InputError(msg)
        try:
            text_digest = digest(article.text)
        except UnicodeEncodeError:
            msg = f"article {article.id!r}: text is not valid Unicode (a lone surrogate)"
            raise InputError(msg) from None
        known = self._unchanged(article, text_digest)  # before any cleaning: a rerun skips ahead
        if known is not None:
            return Ingested(id=known.article.id, status="unchanged", revision_of=known.revision_of)
        try:
            p = prepare(article, config=self.config)
        except EmptyStoryError as error:
            msg = f"article {article.id!r}: {error}"
            raise EmptyStoryError(msg) from None
        fp = fingerprint(p.story, config=self.config)
        with self.store.write():
            self._refresh()
            status, stored, revised = self._identify(article, text_digest, p)
            if status == "unchanged" and stored is not None:
                return Ingested(id=stored.article.id, status="unchanged", revision_of=stored.revision_of)
            if status == "revision" and revised is not None:
                article = attrs.evolve(article, id=self._revision_key(revised, text_digest))
            if self.store.config() is None:
                self.store.set_config(self.config)
            saved = self.store.add(
                Stored(seq=0, article=article, digest=text_digest, revision_of=revised), fp
            )
            p = attrs.evolve(p, id=article.id)
            matches = self._verdicts(article, p, fp, revision_of=revised)
            for m in matches:
                self.store.add_match(match_record(m))
        self._index.add(article.id, fp)
        self._prepared[article.id] = p
        self._seen = max(self._seen, saved.seq)
        return Ingested(id=article.id, status=status, matches=len(matches), revision_of=revised)

    def check(self, article: Article) -> Check:
        """Check an article against everything stored, without storing it.

        Args:
            article: The article.

        Returns:
            Its verified matches, each with direction and evidence.

        Raises:
            EmptyStoryError: The article has no story text.
        """
        self._refresh()
        p = prepare(article, config=self.config)
        return Check(
            id=article.id, matches=tuple(self._verdicts(article, p, fingerprint(p.story, config=self.config)))
        )

    def get(self, key: str) -> Article | None:
        """The stored article with this id, or the first stored with this url."""
        stored = self.store.get(key) or next(iter(self.store.by_url(key)), None)
        return None if stored is None else stored.article

    def matches(self, key: str | None = None) -> list[Match]:
        """The stored matches, all or those of one article."""
        return [match_from_record(r) for r in self.store.matches(key)]

    def clusters(self) -> list[Cluster]:
        """The story clusters of all stored matches (see :func:`provenance.clusters`)."""
        published = {s.article.id: s.article.published for s in self.store.articles()}
        return clusters(self.matches(), published=published)

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
