"""The ledger's state and how it compares: a part of :class:`provenance.ledger.Ledger`.

It holds the store, the config and thresholds, the caches of prepared stories and credits,
and finds and judges the stored articles a new one is compared with.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from provenance._compact import Compact
from provenance.article import Article
from provenance.boilerplate import MIN_PAGES, Boilerplate, Sentences, sentence_hashes
from provenance.clean import Story, clean
from provenance.compare import MIN_COVERAGE, Match, Prepared, compare, is_copy, prepare
from provenance.credits import Credits, extract
from provenance.errors import ConfigMismatchError
from provenance.families import REPRESENTATIVES, age, closeness, is_twin, validate
from provenance.families import representatives as chosen
from provenance.fingerprint import Config, Fingerprint, _recomputable, _stages, _with_our_stages
from provenance.index import CONTAINMENT, THRESHOLD, Candidate, Index, band_keys
from provenance.ledger._ahead import counted
from provenance.ledger._records import _ALWAYS, Window
from provenance.ledger._verify import judge
from provenance.ledger.sentences import Seen
from provenance.ledger.store import Store, Stored, digest

log = logging.getLogger("provenance.ledger")

_Row = tuple[Stored, Fingerprint, frozenset[int]]  # a stored article, its fingerprint and band keys


class Arriving:
    """Articles about to be stored, in their order, each filed under its band keys.

    A batch's articles are proposed, as if stored, to the ones after them: filed by key, an
    article finds those that share a key with it without looking at each.

    Examples:
        >>> from provenance import Article, fingerprint
        >>> a = Article(id="a", text="A council approved the new budget for schools and roads on Monday.")
        >>> row = (Stored(article=a, digest=digest(a.text), seq=1), fingerprint(a))
        >>> rows = Arriving()
        >>> rows.append((*row, frozenset({1, 2})))
        >>> rows.append((*row, frozenset({3})))
        >>> [sorted(keys) for _, _, keys in rows.sharing({2, 3})]
        [[1, 2], [3]]
        >>> rows.sharing({3}, before=1)
        []
    """

    def __init__(self, rows: Iterable[_Row] = ()) -> None:
        self.rows: list[_Row] = []
        self._filed: dict[int, list[int]] = {}
        for row in rows:
            self.append(row)

    def append(self, row: _Row) -> None:
        """File one more article, after the others."""
        for key in row[2]:
            self._filed.setdefault(key, []).append(len(self.rows))
        self.rows.append(row)

    def sharing(self, keys: Iterable[int], *, before: int | None = None) -> list[_Row]:
        """The articles with one of these band keys (among the first ``before``), in their order."""
        end = len(self.rows) if before is None else before
        found = {n for key in keys for n in self._filed.get(key, ()) if n < end}
        return [self.rows[n] for n in sorted(found)]


Carriers = dict[int, list[tuple[int, int]]]
"""A batch's counted sentences: by slot, the page and content of each of its articles that carry it."""


def carriers(batch: Iterable[Sentences | None]) -> Carriers:
    """The :data:`Carriers` of a batch's articles' counted sentences."""
    counts: Carriers = {}
    for sentences in batch:
        if sentences is not None:
            carrier = (sentences.page, sentences.content)
            for slot in sentences.slots:
                counts.setdefault(slot, []).append(carrier)
    return counts


def _hashed(article: Article, story: Story) -> tuple[int, ...] | None:
    """A story's sentence hashes, when its article's sentences are counted (None otherwise)."""
    return tuple(sentence_hashes(story)) if counted(article) else None


_CACHE = 256  # prepared stories kept in memory for comparison
_STORIES = 16 << 20  # characters of recent stories kept (compact), so that a candidate is not cleaned again


class _Core:
    """The ledger's state and its comparisons (see :class:`provenance.ledger.Ledger`)."""

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
        # prepared stories, with the tally's generation and the sentences they set aside
        self._prepared: OrderedDict[str, tuple[int, Prepared, dict[str, int] | None]] = OrderedDict()
        self._generation = 0  # how often this process saw what is boilerplate change
        self._version_seen = 0  # the tally's version when last read
        self._said: OrderedDict[str, tuple[str, Credits]] = OrderedDict()
        # recent stories by their text's digest, with their sentence hashes (None: not hashed yet), and
        # their characters in all
        self._stories: OrderedDict[str, tuple[Compact, tuple[int, ...] | None]] = OrderedDict()
        self._story_chars = 0
        self._together: dict[str, Stored | None] | None = None  # ids read together for a batch
        self._together_urls: dict[str, list[Stored]] | None = None  # and its urls
        # the slots of the tally read together for articles prepared together, and what it knew of them
        self._tallied: tuple[frozenset[int], dict[int, Seen]] | None = None
        # the counted sentences of the batches told (see _counting), each by slot (None: none is told)
        self._batch: tuple[Carriers, ...] | None = None
        # the index of the rows last read for a batch: (those rows, the index, the rows by id)
        self._read_index: tuple[Sequence[_Row], Index, dict[str, Stored]] | None = None

    def _stages_here(self) -> None:
        """Refuse to compare with (or store into) a ledger whose stories another version of the stages made.

        Raises:
            ConfigMismatchError: Its cleaner, shingles or Unicode are not this library's; the message
                says how to carry it over.
        """
        if _recomputable(self.config):
            return
        name = getattr(self.store, "name", "the ledger")
        how = (
            f"copy it into a new ledger with 'provenance salvage {name} NEW'"
            if hasattr(self.store, "path")
            else "ingest its articles into a new ledger"
        )
        msg = (
            f"{name}: written with {_stages(self.config)}, not this library's"
            f" {_stages(_with_our_stages(self.config))}:"
            f" its stories are made another way; {how}"
        )
        raise ConfigMismatchError(msg)

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
        extra: Arriving | None = None,
        before: int | None = None,
        read: Sequence[tuple[Stored, Fingerprint, frozenset[int]]] | None = None,
        limit: int | None = None,
    ) -> list[Stored]:
        """:meth:`candidates` among the stored articles and ``extra`` ones about to be stored.

        ``before`` counts the articles of ``extra`` to look at (from the first; all by default).

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
            # An index proposes exactly the stories that share a band key with a fingerprint and pass
            # its estimate check, whatever else it holds: the rows of a batch are indexed once.
            if read is None:
                stored = self.store.candidates(bands, per_band=limit)
                proposed = self._indexed([(s, f) for s, f in stored], fp, exclude)
            else:
                index, by_id = self._batch_index(read)
                proposed = [(by_id[str(c.key)], c) for c in index.query(fp, exclude=exclude)]
            near = [] if extra is None else [(s, f) for s, f, _ in extra.sharing(mine, before=before)]
            if near:
                proposed = sorted(
                    proposed + self._indexed(near, fp, exclude),
                    key=lambda sc: (-sc[1].closeness, sc[0].article.id),  # as one index sorts them
                )
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
        arriving = [] if extra is None else extra.rows[:before]
        arrival = {s.article.id: (1 << 62) + n for n, (s, _, _) in enumerate(arriving)}
        return [
            kept[key][0]
            for key in chosen(
                list(kept),
                limit=limit,
                closeness=lambda key: closeness(kept[key][1]),
                age=lambda key: age(
                    self._published(kept[key][0].article), arrival.get(key, kept[key][0].seq)
                ),
                twin=lambda key: is_twin(kept[key][1]),
            )
        ]

    def _published(self, article: Article) -> datetime | None:
        """When an article was published: its own time, else the one its text gives, as scan reads it."""
        if article.published is not None:
            return article.published
        return self._recent(article)[0].published

    def _indexed(
        self, rows: list[tuple[Stored, Fingerprint]], fp: Fingerprint, exclude: str | None
    ) -> list[tuple[Stored, Candidate]]:
        """What an index of these stored rows proposes for a fingerprint, the most similar first."""
        found = [(s, f) for s, f in rows if s.article.id != exclude]
        if not found:
            return []
        index = Index(self.config, threshold=self.threshold, containment=self.containment)
        index.add_many((s.article.id, f) for s, f in found)
        by_id = {s.article.id: s for s, _ in found}
        return [(by_id[str(c.key)], c) for c in index.query(fp)]

    def _batch_index(self, read: Sequence[_Row]) -> tuple[Index, dict[str, Stored]]:
        """An index of the rows read for a batch, made once for them (kept while they are the last read)."""
        if self._read_index is not None and self._read_index[0] is read:
            return self._read_index[1], self._read_index[2]
        index = Index(self.config, threshold=self.threshold, containment=self.containment)
        index.add_many((s.article.id, f) for s, f, _ in read)
        by_id = {s.article.id: s for s, _, _ in read}
        self._read_index = (read, index, by_id)
        return index, by_id

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
        """A stored article prepared for comparison, its boilerplate (as the tally knows it now) set aside.

        A prepared story kept from before the tally changed is kept on when the sentences it sets
        aside are still the ones the tally names (a change elsewhere leaves it as it was).
        """
        kept = self._prepared.get(article.id)
        fresh = kept is not None and kept[1].story.source == article.text
        if kept is not None and fresh and kept[0] == self._generation:
            self._prepared.move_to_end(article.id)
            return kept[1]
        story, hashes = self._story(article, kept[1] if kept is not None and fresh else None)
        aside = self._aside(article, story, Sentences.of(article, hashes))
        if kept is not None and fresh and kept[2] == aside:  # what it sets aside has not changed
            self._keep(article.id, kept[1], aside)
            return kept[1]
        p = prepare(story, config=self.config, id=article.id, boilerplate=aside)
        self._keep(article.id, p, aside)
        return p

    def _story(self, article: Article, prepared: Prepared | None = None) -> tuple[Story, tuple[int, ...]]:
        """A stored article's story and sentence hashes: recent, or of a prepared story, or cleaned now.

        The hashes are those :meth:`_recent` gives: none for an article whose sentences are not counted.
        """
        text_digest = digest(article.text)
        if prepared is not None and text_digest not in self._stories:
            return prepared.story, _hashed(article, prepared.story) or ()
        compact, hashes = self._recent(article, text_digest)
        return compact.story(article.text), hashes

    def _recent(self, article: Article, text_digest: str | None = None) -> tuple[Compact, tuple[int, ...]]:
        """A stored article's story (compact) and sentence hashes, among the recent ones or cleaned now.

        An article whose sentences are not :func:`~provenance.ledger._ahead.counted` has no
        hashes here (nothing looks at them); those of a text are made once an article needs them.
        """
        text_digest = text_digest or digest(article.text)
        recent = self._stories.get(text_digest)
        if recent is not None:
            compact, hashes = recent
            if hashes is None and counted(article):
                hashes = _hashed(article, compact.story(article.text))
                self._stories[text_digest] = (compact, hashes)
            return compact, hashes or ()
        story = clean(article.text)
        made = (Compact.of(story), _hashed(article, story))
        self._remember(text_digest, *made)
        return made[0], made[1] or ()

    def _subject(self, article: Article) -> tuple[Compact, dict[str, int]]:
        """A stored article as a worker prepares it: its story (compact) and the sentences it sets aside."""
        compact, hashes = self._recent(article)
        return compact, self._aside(article, compact.story(article.text), Sentences.of(article, hashes))

    def _remember(self, text_digest: str, compact: Compact, hashes: tuple[int, ...] | None) -> None:
        """Keep a story made of a text, and its sentence hashes (None: not made), while among the recent.

        Stories depend on their text alone, so a stored candidate found here is prepared without
        being cleaned again; the oldest go once the kept ones pass :data:`_STORIES` characters.
        """
        if text_digest in self._stories:
            self._stories.move_to_end(text_digest)
            if hashes is not None and self._stories[text_digest][1] is None:
                self._stories[text_digest] = (compact, hashes)
            return
        self._stories[text_digest] = (compact, hashes)
        self._story_chars += len(compact.text)
        while self._story_chars > _STORIES and len(self._stories) > 1:
            _, (gone, _) = self._stories.popitem(last=False)
            self._story_chars -= len(gone.text)

    def _keep(self, key: str, p: Prepared, aside: dict[str, int] | None = None) -> None:
        """Keep a prepared story, with the sentences it sets aside (None: not known)."""
        self._prepared[key] = (self._generation, p, aside)
        self._prepared.move_to_end(key)
        if len(self._prepared) > _CACHE:
            self._prepared.popitem(last=False)

    @contextmanager
    def _tally_read(self, counted: Iterable[Sentences | None]) -> Iterator[None]:
        """While inside, what the tally knows of these articles' sentences is as read on entering (one query).

        For articles prepared together at one moment, with nothing written meanwhile.
        """
        table = self.store.sentences()
        slots = frozenset(slot for sentences in counted if sentences is not None for slot in sentences.slots)
        if table is None or not slots:
            yield
            return
        self._tallied = (slots, table.tally(slots))
        try:
            yield
        finally:
            self._tallied = None

    def _counting(self, *batches: Carriers | None) -> None:
        """From now on, the tally is told as it is once these batches' sentences are counted (none: stored).

        A batch is stored in one write, which counts all its articles' sentences: each of its
        articles, and each stored one, is judged with the sentences that write makes boilerplate
        set aside, so that the write leaves nothing of the batch to judge again. Stories prepared
        while a batch is told are prepared again after it (it may not be written as it was told).
        """
        told = tuple(batch for batch in batches if batch)
        if told or self._batch is not None:
            self._generation += 1
        self._batch = told or None

    @contextmanager
    def _as_stored(self) -> Iterator[None]:
        """While inside, the tally is told as stored, whatever batch is told (see :meth:`_counting`)."""
        told = self._batch
        if told is None:
            yield
            return
        self._batch = None
        self._generation += 1
        try:
            yield
        finally:
            self._batch = told
            self._generation += 1

    def _counted(self, article: Article) -> Sentences | None:
        """A stored article's counted sentences (None: no outlet)."""
        return Sentences.of(article, self._recent(article)[1]) if article.outlet else None

    def _aside(
        self,
        article: Article,
        story: Story,
        sentences: Sentences | None,
        *,
        own: bool = False,
        note: Callable[[set[int]], None] | None = None,
    ) -> dict[str, int]:
        """An article's boilerplate sentences, as the ledger's tally knows them.

        Args:
            article: The article.
            story: Its story.
            sentences: Its counted sentences.
            own: Count the article too (one not stored yet), as :func:`provenance.scan` counts
                every article of its input; inside :meth:`_counting`, the batch is counted, and
                with it each of its articles.
            note: Given the slots set aside (unsigned).
        """
        table = self.store.sentences()
        if table is None or sentences is None or not sentences.slots:
            if note is not None:
                note(set())
            return {}
        read = self._tallied
        if read is not None and read[0].issuperset(sentences.slots):
            tallied = {slot: read[1][slot] for slot in sentences.slots if slot in read[1]}
        else:
            tallied = table.tally(sentences.slots)
        batch = self._batch  # an article of the batch is counted with it, a stored one was already
        mine = [(sentences.page, sentences.content)] if own and batch is None else None
        known: dict[int, int] = {}
        for slot in sentences.slots:
            seen = tallied.get(slot)
            more = mine
            if batch is not None:
                more = [carrier for counted in batch for carrier in counted.get(slot, ())] or None
            if isinstance(seen, int):  # boilerplate already: its pages, and the pages counted with it
                known[slot] = seen + (len(more) if more is not None else 0)
            elif more is not None:  # it may become boilerplate with the pages counted with it
                pages, contents = seen if seen is not None else (frozenset(), frozenset())
                count = min(len(pages.union(p for p, _ in more)), len(contents.union(c for _, c in more)))
                if count >= MIN_PAGES:
                    known[slot] = count
        if note is not None:
            note(set(known))
        return Boilerplate(slots=known).of(article, story) if known else {}

    def _verdict(
        self, article: Article, p: Prepared, stored: Stored, *, revision_of: str | None
    ) -> Match | None:
        """The verified match of an article with a stored one (smaller id as ``a``), or None."""
        other = stored.article
        same = (revision_of or article.id) == (stored.revision_of or stored.article.id)
        return judge(
            (article, p),
            (other, self._prepare(other)),
            config=self.config,
            min_coverage=self.min_coverage,
            credits_of=self._credits,
            versions=(other.id, article.id) if same else None,
        )

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
        """Stored versions with the article's url *and* outlet, oldest first (none without both).

        From the urls read together (:meth:`_read_together`), if there.
        """
        if not article.url or not article.outlet:
            return []
        if self._together_urls is not None and article.url in self._together_urls:
            versions = self._together_urls[article.url]
        else:
            versions = self.store.by_url(article.url)
        return [s for s in versions if s.article.outlet == article.outlet]

    def _by_id(self, key: str) -> Stored | None:
        """The stored article with this id: from the ids read together (:meth:`_read_together`), if there."""
        if self._together is not None and key in self._together:
            return self._together[key]
        return self.store.get(key)

    @contextmanager
    def _read_together(self, articles: Iterable[Article]) -> Iterator[None]:
        """While inside, the stored articles with these articles' ids and urls are as read on entering.

        Two queries: one for the ids, one for the urls.

        For a batch identified at one moment: before its write (where a race is looked at again
        inside the write) or inside the write, before it writes anything.
        """
        articles = list(articles)
        wanted = list(dict.fromkeys(a.id for a in articles))
        urls = list(dict.fromkeys(a.url for a in articles if a.url and a.outlet))
        found = self.store.get_many(wanted)
        versions = self.store.by_urls(urls)
        self._together = {key: found.get(key) for key in wanted}
        self._together_urls = {url: versions.get(url, []) for url in urls}
        try:
            yield
        finally:
            self._together = self._together_urls = None

    def _unchanged(self, article: Article, text_digest: str) -> Stored | None:
        """The stored version this article is, text for text, if any: needs no cleaning to tell."""
        same = self._by_id(article.id)
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
        same = self._by_id(article.id)
        if same is not None:
            return "revision", None, same.article.id
        versions = self._same_url(article)
        if versions:
            latest = versions[-1]
            shared = compare(prepared(), self._prepare(latest.article), config=self.config)
            if is_copy(shared, min_coverage=self.min_coverage):
                return "revision", None, versions[0].revision_of or versions[0].article.id
        return "added", None, None

    def _tally_version(self, version: int | None = None) -> int:
        """The tally's version now (or as just read); prepared stories of an older one are prepared again."""
        if version is None:
            table = self.store.sentences()
            version = 0 if table is None else table.version()
        if version != self._version_seen:  # another writer changed what is boilerplate
            self._version_seen = version
            self._generation += 1
        return version

    def _new_id(self, article: Article, text_digest: str, revised: str | None) -> str:
        """The id an incoming article is stored under: its own, or that of a revision."""
        return article.id if revised is None else self._revision_key(revised, text_digest)
