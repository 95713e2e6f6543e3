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

import hashlib
import logging
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs

from provenance.article import Article
from provenance.boilerplate import MIN_PAGES, Boilerplate, Sentences, sentence_hashes
from provenance.clean import Story, clean
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
from provenance.families import REPRESENTATIVES, age, closeness, is_twin, validate
from provenance.families import representatives as chosen
from provenance.fingerprint import Config, Fingerprint, fingerprint
from provenance.index import CONTAINMENT, THRESHOLD, Index, band_keys
from provenance.ledger import audit
from provenance.ledger.audit import Salvaged, salvage
from provenance.ledger.sqlite import SQLiteStore
from provenance.ledger.store import Store, Stored, digest, is_url, open_store
from provenance.relate import Cluster, clusters, direct

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
_CACHE = 256  # prepared stories kept in memory for comparison
_LOOKS = 4  # writes that find new candidates step out to compare them before comparing under the lock


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


def _utc(moment: datetime) -> datetime:
    """A moment with its time zone; one without is taken as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _window_order(window: Window, _: attrs.Attribute[datetime | None], until: datetime | None) -> None:
    if window.since is not None and until is not None and _utc(window.since) > _utc(until):
        msg = f"the window is empty: since {window.since.isoformat()} is after until {until.isoformat()}"
        raise InputError(msg)


@attrs.frozen(kw_only=True)
class Window:
    """The publication dates a comparison is limited to; either end may be open.

    An article without a publication date lies outside every window with an end.
    A date without a time zone is taken as UTC.

    Attributes:
        since: The earliest publication moment kept (inclusive), or None.
        until: The latest publication moment kept (inclusive), or None.

    Raises:
        InputError: ``since`` is after ``until``.

    Examples:
        >>> from datetime import datetime
        >>> window = Window(since=datetime(2024, 2, 1), until=datetime(2024, 2, 29))
        >>> window.holds(datetime(2024, 2, 6)), window.holds(datetime(2024, 3, 1)), window.holds(None)
        (True, False, False)
        >>> Window().holds(None)
        True
    """

    since: datetime | None = None
    until: datetime | None = attrs.field(default=None, validator=_window_order)

    def holds(self, published: datetime | None) -> bool:
        """Whether an article published then lies in the window."""
        if self.since is None and self.until is None:
            return True
        if published is None:
            return False
        moment = _utc(published)
        if self.since is not None and moment < _utc(self.since):
            return False
        return self.until is None or moment <= _utc(self.until)


_ALWAYS = Window()


def _identity_key(kind: str, value: str) -> int:
    """A lock key for an article id or url, apart from every band key (those are below 2**36)."""
    raw = hashlib.blake2b(f"{kind}:{value}".encode("utf-8", "surrogatepass"), digest_size=7).digest()
    return (1 << 60) | int.from_bytes(raw, "big")


def _sentence_key(slot: int) -> int:
    """A lock key for a counted sentence of an outlet, apart from band and identity keys.

    Writers storing pages of one outlet that share a sentence run one after the other, so
    that each sees the others' pages when it counts (and none misses the page that makes
    the sentence boilerplate).
    """
    return (1 << 61) | (slot & ((1 << 56) - 1))


@attrs.define(kw_only=True)
class _Incoming:
    """An article on its way into the ledger, with what the ledger learns about it (mutable, private)."""

    article: Article
    digest: str
    story: Story
    fp: Fingerprint
    bands: frozenset[int]
    keys: list[int]
    config: Config
    sentences: Sentences | None = None  # its counted sentences, for the boilerplate tally
    aside: dict[str, int] = attrs.field(factory=dict)  # its boilerplate sentences, set aside in comparison
    tally: int = 0  # the tally's version it was compared under
    status: str = "added"
    revised: str | None = None
    found: dict[tuple[str, str], Match | None] = attrs.field(factory=dict)
    outcome: Ingested | None = None
    made: Prepared | None = None
    key: str = ""  # the id it is stored under, once identified

    @property
    def prepared(self) -> Prepared:
        """Its story prepared for exact comparison, made the first time a candidate needs it."""
        if self.made is None:
            self.made = prepare(self.story, config=self.config, id=self.article.id, boilerplate=self.aside)
        return self.made

    def ready(self) -> Prepared:
        """:attr:`prepared`, as a function (made when first asked for)."""
        return self.prepared

    @property
    def new_id(self) -> str:
        """The id it is stored under: its own, or that of a revision (once identified)."""
        return self.key or self.article.id

    @property
    def stored(self) -> Stored:
        """It, as it will be stored."""
        return Stored(
            seq=0,
            article=attrs.evolve(self.article, id=self.new_id),
            digest=self.digest,
            revision_of=self.revised,
        )


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


def _until_bad(articles: Iterable[Article], before: Callable[[], None]) -> Iterator[Article]:
    """The articles, until reading them fails.

    Then ``before()`` runs (what came before the bad record is stored, whole) and the error is raised.
    """
    source = iter(articles)
    while True:
        try:
            article = next(source)
        except StopIteration:
            return
        except InputError:
            before()
            raise
        yield article


class Ledger:
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

    def __init__(
        self,
        store: Store,
        *,
        config: Config | None = None,
        threshold: float = THRESHOLD,
        containment: float = CONTAINMENT,
        min_coverage: float = MIN_COVERAGE,
        representatives: int | None = REPRESENTATIVES,
    ) -> None:
        self.representatives = validate(representatives)
        self.store = store
        recorded = store.config()
        if recorded is not None and config is not None:
            recorded.check(config)
        self.config = recorded or config or Config()
        self.threshold = threshold
        self.containment = containment
        self.min_coverage = min_coverage
        self._index = Index(self.config, threshold=threshold, containment=containment)
        self._in_store = self.config.method == "oph" and bool(
            getattr(store, "indexed", True)
        )  # band keys in the store; otherwise the index in memory
        self._seen = 0
        self._sampled = False  # one stored fingerprint read against the config before the first search
        self._prepared: OrderedDict[str, tuple[int, Prepared]] = OrderedDict()  # with the tally's generation
        self._generation = 0  # how often this process saw what is boilerplate change
        self._version_seen = 0  # the tally's version when last read
        self._said: OrderedDict[str, tuple[str, Credits]] = OrderedDict()

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

    def _refresh(self) -> None:
        """Add to the index what was stored since it was last brought up to date (by anyone).

        The index is built on first use (a check or an ingest), so that reading
        commands, ``verify`` and ``salvage`` open a ledger without reading every fingerprint.
        """
        for seq, key, fp in self.store.fingerprints(after=self._seen):
            if key not in self._index:
                self._index.add(key, fp)
            self._seen = seq

    def candidates(
        self, fp: Fingerprint, *, exclude: str | None = None, window: Window = _ALWAYS
    ) -> list[Stored]:
        """The stored articles the candidate index proposes for a fingerprint, the most similar first.

        With the index in the store, the articles sharing a band key are read and the
        in-memory index's own test keeps the plausible ones: the same candidates it
        would give holding every stored fingerprint.

        Args:
            fp: The fingerprint.
            exclude: An id to leave out (the article's own).
            window: Keep only candidates published in it.

        Returns:
            The stored candidates.
        """
        return self._propose(fp, exclude=exclude, window=window)

    def _propose(
        self,
        fp: Fingerprint,
        *,
        exclude: str | None,
        window: Window,
        extra: Sequence[tuple[Stored, Fingerprint, frozenset[int]]] = (),
        read: Sequence[tuple[Stored, Fingerprint, frozenset[int]]] | None = None,
        limit: int | None = None,
    ) -> list[Stored]:
        """:meth:`candidates` among the stored articles and ``extra`` ones about to be stored.

        ``read`` holds stored rows already read for a whole batch (its bands' union), in
        place of a query of this fingerprint's own band keys. With ``limit``, beyond that many
        candidates only a story's representatives (:mod:`provenance.families`), each band key
        read at its ends only.
        """
        if self._in_store:
            if not self._sampled:  # a config that disagrees with the fingerprints is refused at once
                for _ in self.store.fingerprints(limit=1):
                    pass
                self._sampled = True
            bands = band_keys(fp)
            mine = set(bands)
            if read is None:
                rows = self.store.candidates(bands, per_band=limit)
            else:
                rows = [(s, f) for s, f, b in read if not b.isdisjoint(mine)]
            rows += [(s, f) for s, f, b in extra if not b.isdisjoint(mine)]
            found = [(s, f) for s, f in rows if s.article.id != exclude]
            if not found:
                return []
            index = Index(self.config, threshold=self.threshold, containment=self.containment)
            index.add_many((s.article.id, f) for s, f in found)
            by_id = {s.article.id: s for s, _ in found}
            proposed = [(by_id[str(c.key)], c) for c in index.query(fp)]
        else:
            self._refresh()
            proposed = []
            for c in self._index.query(fp, exclude=exclude):
                s = self.store.get(str(c.key))
                if s is not None:  # forgotten by another process since
                    proposed.append((s, c))
        kept = {s.article.id: (s, c) for s, c in proposed if window.holds(s.article.published)}
        if limit is None or len(kept) <= limit:
            return [s for s, _ in kept.values()]
        # a story with more members than ``limit``: its representatives (provenance.families); an
        # article of this batch, not stored yet, arrived after every stored one
        arrival = {s.article.id: (1 << 62) + n for n, (s, _, _) in enumerate(extra)}
        return [
            kept[key][0]
            for key in chosen(
                list(kept),
                limit=limit,
                closeness=lambda key: closeness(kept[key][1]),
                age=lambda key: age(kept[key][0].article.published, arrival.get(key, kept[key][0].seq)),
                twin=lambda key: is_twin(kept[key][1]),
            )
        ]

    def _chosen(self, fp: Fingerprint, *, exclude: str | None, window: Window) -> list[Stored]:
        """The stored articles one is compared with: its candidates, or its story's representatives."""
        return self._propose(fp, exclude=exclude, window=window, limit=self.representatives)

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
        """A stored article prepared for comparison, its boilerplate (as the tally knows it now) set aside."""
        kept = self._prepared.get(article.id)
        if kept is not None and kept[0] == self._generation and kept[1].story.source == article.text:
            self._prepared.move_to_end(article.id)
            return kept[1]
        story = clean(article.text)
        sentences = Sentences.of(article, sentence_hashes(story))
        p = prepare(
            story, config=self.config, id=article.id, boilerplate=self._aside(article, story, sentences)
        )
        self._keep(article.id, p)
        return p

    def _keep(self, key: str, p: Prepared) -> None:
        self._prepared[key] = (self._generation, p)
        self._prepared.move_to_end(key)
        if len(self._prepared) > _CACHE:
            self._prepared.popitem(last=False)

    def _aside(
        self, article: Article, story: Story, sentences: Sentences | None, *, own: bool = False
    ) -> dict[str, int]:
        """An article's boilerplate sentences, as the ledger's tally knows them.

        Args:
            article: The article.
            story: Its story.
            sentences: Its counted sentences.
            own: Count the article too (one not stored yet), as :func:`provenance.scan` counts
                every article of its input.
        """
        table = self.store.sentences()
        if table is None or sentences is None or not sentences.slots:
            return {}
        known: dict[int, int] = {}
        for slot, seen in table.tally(sentences.slots).items():
            if isinstance(seen, int):
                known[slot] = seen + 1 if own else seen
            elif own:
                pages = min(len(seen[0] | {sentences.page}), len(seen[1] | {sentences.content}))
                if pages >= MIN_PAGES:
                    known[slot] = pages
        return Boilerplate(slots=known).of(article, story) if known else {}

    def _verdict(
        self, article: Article, p: Prepared, stored: Stored, *, revision_of: str | None
    ) -> Match | None:
        """The verified match of an article with a stored one (smaller id as ``a``), or None."""
        other = stored.article
        q = self._prepare(other)
        (x, px), (y, py) = sorted(((article, p), (other, q)), key=lambda t: t[0].id)
        match = compare(px, py, config=self.config)
        if shares_a_source(match, min_coverage=self.min_coverage):  # no copy: kept for what it shares
            return attrs.evolve(match, relation="shared_source")
        if not is_copy(match, min_coverage=self.min_coverage):
            return None
        match = direct(
            match, x, y, story_a=px.story, story_b=py.story,
            credits_a=self._credits(x, px), credits_b=self._credits(y, py),
        )  # fmt: skip
        if (revision_of or article.id) == (stored.revision_of or stored.article.id):
            match = _versions(match, stored.article.id, article.id)
        return match

    @staticmethod
    def _closest_first(found: Iterable[Match | None]) -> list[Match]:
        matches = [m for m in found if m is not None]
        matches.sort(key=lambda m: (-max(m.coverage_a, m.coverage_b), m.a, m.b))
        return matches

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
        self, article: Article, text_digest: str, prepared: Callable[[], Prepared]
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
            shared = compare(prepared(), self._prepare(latest.article), config=self.config)
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
        window: Window = _ALWAYS,
        batch: int = 64,
    ) -> Report:
        """Store articles, each with its fingerprint, band keys and verified matches.

        Articles are written in batches of up to ``batch`` (the first of one article,
        each next twice as large), each batch in one transaction: an article is
        acknowledged (``progress``) only once its batch is committed, and an
        interrupted ingest leaves whole batches only. Comparisons run before the
        write; the write looks again for articles other writers stored meanwhile.

        Args:
            articles: The articles.
            skip_bad: Pass over articles with no story text instead of raising.
            errors: A list that receives the errors of skipped articles.
            progress: Called with each article's outcome, after it is committed.
            window: Compare only with stored articles published in it (all are, by default).
            batch: Articles per transaction (1: one transaction each, acknowledged one by one).

        Returns:
            The counts.

        Raises:
            InputError: An article has no story text or cannot be stored as text (unless ``skip_bad``);
                the articles before it are stored.
            LedgerError: The store failed; every article reported before is kept.
            ValueError: ``batch`` is below 1.
        """
        if getattr(self.store, "readonly", False):
            msg = f"{getattr(self.store, 'path', 'the ledger')}: opened read-only; open it to write to ingest"
            raise LedgerError(msg)
        if batch < 1:
            msg = f"batch must be at least 1, got {batch}"
            raise ValueError(msg)
        counts = {"added": 0, "revision": 0, "unchanged": 0, "skipped": 0, "matches": 0}

        def tally(outcome: Ingested) -> None:
            counts[outcome.status] += 1
            counts["matches"] += outcome.matches
            if progress is not None:
                progress(outcome)

        def flush(batch_of: list[_Incoming]) -> None:
            for outcome in self._write_chunk(batch_of, window):
                tally(outcome)
            self._settle()

        self._settle()  # what an interrupted ingest or a migration left to re-check

        chunk: list[_Incoming] = []
        names: set[str] = set()  # ids and urls of the chunk: one article per identity in a chunk
        size = 1  # batches grow from one article to ``batch``: the first acknowledgement comes at once
        for article in _until_bad(articles, lambda: flush(chunk)):  # noqa: B023 - the chunk pending then
            try:
                incoming = self._incoming(article)
            except InputError as error:
                if not skip_bad:
                    flush(chunk)
                    raise
                log.warning("skipped: %s", error)
                counts["skipped"] += 1
                if errors is not None:
                    errors.append(error)
                continue
            if isinstance(incoming, Ingested):  # stored already, text for text: told in order
                flush(chunk)
                chunk, names = [], set()
                tally(incoming)
                continue
            if batch == 1 or not self._in_store:
                tally(self._ingest_one(incoming, window))
                continue
            mine = {article.id, *([article.url] if article.url else [])}
            if len(chunk) >= size or mine & names:
                flush(chunk)
                chunk, names, size = [], set(), min(batch, 2 * size)
            chunk.append(incoming)
            names |= mine
        flush(chunk)
        return Report(
            added=counts["added"],
            revisions=counts["revision"],
            unchanged=counts["unchanged"],
            skipped=counts["skipped"],
            matches=counts["matches"],
        )

    def _incoming(self, article: Article) -> _Incoming | Ingested:
        """An article made ready to store (digest, story, fingerprint, lock keys), or its outcome if known."""
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
        refused = self.store.refuses(article)
        if refused is not None:
            msg = f"article {article.id!r}: {refused}"
            raise InputError(msg)
        try:
            story = clean(article.text)  # prepared for comparison only when a candidate needs it
            fp = fingerprint(story, config=self.config)
        except EmptyStoryError as error:
            msg = f"article {article.id!r}: {error}"
            raise EmptyStoryError(msg) from None
        bands = band_keys(fp) if self._in_store else []
        sentences = Sentences.of(article, sentence_hashes(story))
        keys = [_identity_key("id", article.id), *bands]
        if article.url:
            keys.append(_identity_key("url", article.url))
        if sentences is not None:
            keys += [_sentence_key(slot) for slot in sentences.slots]
        return _Incoming(
            article=article,
            digest=text_digest,
            story=story,
            fp=fp,
            bands=frozenset(bands),
            keys=keys,
            config=self.config,
            sentences=sentences,
            tally=self._tally_version(),
            aside=self._aside(article, story, sentences, own=True),
        )

    def _write_chunk(self, chunk: list[_Incoming], window: Window) -> list[Ingested]:
        """Store a batch in one write: compared before it, looked at again inside it."""
        todo = self._before_write(chunk, window)
        keys = [k for inc in todo for k in inc.keys]
        pending: dict[int, list[Stored]] = {}
        looks, moved = 0, False
        while todo:
            for k, others in pending.items():
                self._compare(todo[k], others)
            with self.store.write(keys=keys):
                moved = any(
                    self._identify(i.article, i.digest, i.ready)[::2] != (i.status, i.revised) for i in todo
                )
                if moved:  # another writer stored one of these ids or urls meanwhile: one by one
                    break
                read = self._read_bands(todo)
                rows = [
                    (i.stored, i.fp, i.bands) for i in todo
                ]  # as in _before_write: the batch's earlier ones
                committed = [
                    self._propose(
                        i.fp,
                        exclude=i.new_id,
                        window=window,
                        read=read,
                        extra=rows[:k],
                        limit=self.representatives,
                    )
                    for k, i in enumerate(todo)
                ]
                pending = {
                    k: late
                    for k, (inc, now) in enumerate(zip(todo, committed, strict=True))
                    if (late := [s for s in now if (s.article.id, s.digest) not in inc.found])
                }
                if pending and looks < _LOOKS:
                    looks += 1
                    continue  # leave the write (nothing written) and compare the newcomers outside it
                for k, others in pending.items():  # the few that arrived in the last moment
                    self._compare(todo[k], others)
                for inc, now in zip(todo, committed, strict=True):
                    found = [inc.found[s.article.id, s.digest] for s in now]
                    matches = self._closest_first(found)
                    self._store(inc.stored, inc.fp, matches, inc.sentences, inc.tally)
                    inc.outcome = Ingested(
                        id=inc.new_id, status=inc.status, matches=len(matches), revision_of=inc.revised
                    )
            break
        if moved:
            for inc in todo:
                inc.outcome = self._ingest_one(inc, window)
        for inc in todo:
            if inc.made is not None:
                self._keep(inc.new_id, attrs.evolve(inc.made, id=inc.new_id))
        return [inc.outcome for inc in chunk if inc.outcome is not None]

    def _before_write(self, chunk: list[_Incoming], window: Window) -> list[_Incoming]:
        """Identify and compare a batch's articles with what is committed and with each other.

        Returns:
            The articles to store (the unchanged have their outcome already).
        """
        rows: list[tuple[Stored, Fingerprint, frozenset[int]]] = []  # the chunk's articles, as to be stored
        todo: list[_Incoming] = []
        read = self._read_bands(chunk)
        for inc in chunk:
            inc.status, stored, inc.revised = self._identify(inc.article, inc.digest, inc.ready)
            inc.key = self._revision_key(inc.revised, inc.digest) if inc.revised else inc.article.id
            if inc.status == "unchanged" and stored is not None:
                inc.outcome = Ingested(
                    id=stored.article.id, status="unchanged", revision_of=stored.revision_of
                )
                continue
            proposed = self._propose(
                inc.fp, exclude=inc.new_id, window=window, extra=rows, read=read, limit=self.representatives
            )
            self._compare(inc, proposed)
            rows.append((inc.stored, inc.fp, inc.bands))
            todo.append(inc)
        return todo

    def _read_bands(self, chunk: Sequence[_Incoming]) -> list[tuple[Stored, Fingerprint, frozenset[int]]]:
        """The stored articles sharing a band key with any article of a batch: one query."""
        union = sorted({k for inc in chunk for k in inc.bands})
        found = self.store.candidates(union, per_band=self.representatives)
        return [(s, f, frozenset(band_keys(f))) for s, f in found]

    def _compare(self, inc: _Incoming, others: Iterable[Stored]) -> None:
        """Verdicts of an incoming article with stored ones, kept by their (id, digest)."""
        others = list(others)
        if not others:
            return
        article = attrs.evolve(inc.article, id=inc.new_id)
        p = attrs.evolve(inc.prepared, id=inc.new_id)
        for other in others:
            inc.found[other.article.id, other.digest] = self._verdict(
                article, p, other, revision_of=inc.revised
            )

    def _ingest_one(self, inc: _Incoming, window: Window) -> Ingested:
        article, text_digest, p, fp, keys = inc.article, inc.digest, inc.prepared, inc.fp, inc.keys
        status, stored, revised = self._identify(article, text_digest, lambda: p)
        if status == "unchanged" and stored is not None:
            return Ingested(id=stored.article.id, status="unchanged", revision_of=stored.revision_of)
        # Compare with what is committed now, outside the write; the write looks again.
        incoming = article
        found: dict[tuple[str, str], Match | None] = {}
        pending = self._chosen(fp, exclude=self._new_id(incoming, text_digest, revised), window=window)
        looks = 0
        while True:
            new = self._new_id(incoming, text_digest, revised)
            article, p = attrs.evolve(incoming, id=new), attrs.evolve(p, id=new)
            for other in pending:
                found[other.article.id, other.digest] = self._verdict(article, p, other, revision_of=revised)
            with self.store.write(keys=keys, exclusive=not self._in_store):
                assumed = revised
                status, stored, revised = self._identify(incoming, text_digest, lambda p=p: p)  # type: ignore[misc]
                if status == "unchanged" and stored is not None:
                    return Ingested(id=stored.article.id, status="unchanged", revision_of=stored.revision_of)
                if revised != assumed:  # another writer stored a version meanwhile: start again
                    found.clear()
                new = self._new_id(incoming, text_digest, revised)
                current = self._chosen(fp, exclude=new, window=window)
                pending = [s for s in current if (s.article.id, s.digest) not in found]
                if pending and looks < _LOOKS and revised == assumed:
                    looks += 1
                    continue  # leave the write (nothing written) and compare the newcomers outside it
                article, p = attrs.evolve(incoming, id=new), attrs.evolve(p, id=new)
                for other in pending:  # the few that arrived in the last moment: compared under the lock
                    found[other.article.id, other.digest] = self._verdict(
                        article, p, other, revision_of=revised
                    )
                matches = self._closest_first(found[s.article.id, s.digest] for s in current)
                self._store(
                    Stored(seq=0, article=article, digest=text_digest, revision_of=revised),
                    fp,
                    matches,
                    inc.sentences,
                    inc.tally,
                )
            break
        self._keep(article.id, p)
        return Ingested(id=article.id, status=status, matches=len(matches), revision_of=revised)

    def _tally_version(self) -> int:
        """The tally's version now; prepared stories of an older one are prepared again."""
        table = self.store.sentences()
        version = 0 if table is None else table.version()
        if version != self._version_seen:  # another writer changed what is boilerplate
            self._version_seen = version
            self._generation += 1
        return version

    def _store(
        self,
        stored: Stored,
        fp: Fingerprint,
        matches: list[Match],
        sentences: Sentences | None = None,
        tally: int | None = None,
    ) -> None:
        """Write an article with its fingerprint, band keys, matches and sentences (inside the write)."""
        if self.store.config() is None:
            self.store.set_config(self.config)
            recorded = self.store.config()
            if recorded is not None:  # another writer set up the ledger first
                recorded.check(self.config)
        saved = self.store.add(stored, fp, bands=band_keys(fp) if self._in_store else ())
        for m in matches:
            self.store.add_match(match_record(m))
        table = self.store.sentences()
        if table is not None and sentences is not None:
            if tally is not None and table.version() != tally:
                # another writer changed what is boilerplate after this article was compared: its
                # pairs are judged again once it is stored
                table.queue(sentences.slots)
            if table.count(saved.seq, sentences, min_pages=MIN_PAGES):
                self._generation += 1  # what is boilerplate changed: prepared stories are prepared again
        if not self._in_store:
            self._index.add(stored.article.id, fp)
            self._seen = max(self._seen, saved.seq)

    def _new_id(self, article: Article, text_digest: str, revised: str | None) -> str:
        """The id an incoming article is stored under: its own, or that of a revision."""
        return article.id if revised is None else self._revision_key(revised, text_digest)

    def check(self, article: Article, *, window: Window = _ALWAYS) -> Check:
        """Check an article against everything stored, without storing it.

        Args:
            article: The article.
            window: Compare only with stored articles published in it (all are, by default).

        Returns:
            Its verified matches, each with direction and evidence.

        Raises:
            EmptyStoryError: The article has no story text.
        """
        story = clean(article.text)
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
            for key in keys:
                stored = self.store.get(key) or next(iter(self.store.by_url(key)), None)
                if stored is None:
                    if key in removed:
                        continue
                    msg = f"{key!r}: no such article in {self.store.name} (nothing was forgotten)"
                    raise InputError(msg)
                table = self.store.sentences()
                for gone in (stored.article.id, *self.store.revisions(stored.article.id)):
                    found = self.store.get(gone)
                    if (
                        table is not None
                        and found is not None
                        and table.uncount(found.seq, min_pages=MIN_PAGES)
                    ):
                        self._generation += 1
                    removed += self.store.forget(gone)
        for gone in removed:
            self._prepared.pop(gone, None)
            self._said.pop(gone, None)
            if gone in self._index:
                self._index.remove(gone)
        if not getattr(self.store, "readonly", False):
            self._settle()
        return removed

    def _settle(self) -> None:
        """Verify again the stored matches of the articles whose boilerplate changed.

        When a sentence becomes boilerplate for its outlet (its third page arrives) or stops being
        it (a page is forgotten), the pairs of the pages that carry it were judged with it counted
        as story; each such page is compared again with its candidates and its stored partners,
        and the pairs it is in are replaced, so the ledger reaches the verdicts one scan of all its
        articles reaches. The slots leave the queue in the write that stores the new verdicts.
        """
        table = self.store.sentences()
        if table is None:
            return
        slots = table.pending()
        while slots:
            self._generation += 1
            redone: list[tuple[str, list[str], list[Match]]] = []
            for key in table.carrying(slots):
                stored = self.store.get(key)
                if stored is not None:
                    redone.append((key, *self._reverify(stored)))
            with self.store.write(exclusive=True):
                for key, partners, matches in redone:
                    if self.store.get(key) is None:  # forgotten meanwhile
                        continue
                    for other in partners:
                        self.store.remove_match(*sorted((key, other)))
                    for m in matches:
                        self.store.add_match(match_record(m))
                table.settle(slots)
            slots = table.pending()

    def _reverify(self, stored: Stored) -> tuple[list[str], list[Match]]:
        """A stored article compared again with its candidates and stored partners: (partners, matches)."""
        article = stored.article
        p = self._prepare(article)
        fp = fingerprint(p.story, config=self.config)
        partners = {s.article.id: s for s in self._chosen(fp, exclude=article.id, window=_ALWAYS)}
        for record in self.store.matches(article.id):
            other = record["b"] if record["a"] == article.id else record["a"]
            if other not in partners and (found := self.store.get(other)) is not None:
                partners[other] = found
        found_matches = [
            self._verdict(article, p, s, revision_of=stored.revision_of) for s in partners.values()
        ]
        return list(partners), [m for m in found_matches if m is not None]

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
