r"""The whole pipeline over a collection: clean, fingerprint, index, verify.

:func:`scan` makes two passes over the articles, each in chunks that a pool of
worker processes can share (``workers``); the results do not depend on how many:

1. every article is cleaned and fingerprinted; what the second pass may need of
   its story is kept in a compact form (the text and regions, the offset map
   delta-encoded and compressed);
2. the index proposes candidate pairs; only the articles in a candidate pair are
   prepared for exact comparison (:func:`~provenance.compare.prepare_many`), a
   group of connected pairs at a time, and each pair is compared and, when it is
   a copy, directed (:func:`~provenance.relate.direct`).

Most articles of a feed are in no candidate pair, so most are never prepared.

Examples:
    >>> from provenance import Article
    >>> wire = Article(id="wire", text="BAKU, Feb 6. The minister met the envoy. They discussed the vote.")
    >>> page = Article(id="page", text="(MENAFN- Trend) " + wire.text + "\n\nLegal Disclaimer: as is.")
    >>> other = Article(id="other", text="The football season ended on Sunday with a draw in the capital.")
    >>> [(m.a, m.b, m.relation) for m in scan([wire, page, other])]
    [('wire', 'page', 'verbatim')]
"""

from __future__ import annotations

import functools
import logging
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import attrs

from provenance._compact import Compact
from provenance._pool import Pool, processes
from provenance.article import Article
from provenance.boilerplate import Boilerplate, Counts, sentence_hashes
from provenance.clean import CLEANER_VERSION, Story
from provenance.compare import MIN_COVERAGE, Match, compare, is_copy, prepare_many, shares_a_source
from provenance.credits import Credits, extract
from provenance.errors import EmptyStoryError, InputError
from provenance.families import REPRESENTATIVES, age, band_ends, class_pairs, closeness, validate
from provenance.fingerprint import Config, Fingerprint, stories_and_prints
from provenance.index import CONTAINMENT, THRESHOLD, Candidate, Index, band_keys
from provenance.relate import Cluster, cluster_of, clusters, components, direct

__all__ = ["CONTAINMENT", "THRESHOLD", "scan"]

log = logging.getLogger(__name__)

SERIAL = 1000
"""Fewer articles than this are scanned in one process when ``workers`` is not given: below it,
starting worker processes costs more than they save (measured: docs/performance.md, section 3)."""
MAX_WORKERS = 8
"""Most worker processes :func:`scan` starts when ``workers`` is not given."""

_CHUNK = 128  # articles per task of the first pass, at most (about 30 ms of work)
_PAIRS = 64  # candidate pairs per task of the second pass, at most (a larger group is split)
_TASKS = 8  # tasks per worker at least, while tasks hold 8 articles or pairs: the workers end together

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` with stage ``"clean"``, ``"fingerprint"`` or ``"compare"``."""

_In = TypeVar("_In")


@attrs.frozen(kw_only=True)
class _Cleaned:
    """The first pass over a chunk: per article a compact story or the reason it has none."""

    stories: tuple[Compact | str, ...]
    prints: tuple[Fingerprint, ...]  # one per story, none when the config's cleaner is another
    sentences: tuple[tuple[int, ...], ...]  # one per story: its sentence hashes, for the boilerplate counts


@attrs.frozen(kw_only=True)
class _Group:
    """Connected candidate pairs and what their verification needs."""

    keys: tuple[int, ...]  # the articles' positions among the kept ones
    articles: tuple[Article, ...]
    stories: tuple[Compact, ...]
    pairs: tuple[tuple[int, int], ...]  # positions in ``keys``


def _clean_chunk(texts: Sequence[str], config: Config) -> _Cleaned:
    """Clean and fingerprint a chunk of article texts (the first pass, in a worker)."""
    made, prints = stories_and_prints(texts, config=config)
    stories = [s for s in made if isinstance(s, Story)]
    return _Cleaned(
        stories=tuple(Compact.of(s) if isinstance(s, Story) else s for s in made),
        prints=tuple(prints or ()),
        sentences=tuple(tuple(sentence_hashes(story)) for story in stories),
    )


def _verify(
    group: _Group, config: Config, min_coverage: float, known: Boilerplate
) -> list[tuple[int, int, Match]]:
    """Compare a group's candidate pairs exactly, and direct the copies (the second pass, in a worker)."""
    stories = [c.story(a.text) for a, c in zip(group.articles, group.stories, strict=True)]
    aside = [known.of(a, s) for a, s in zip(group.articles, stories, strict=True)]
    prepared = prepare_many(stories, [a.id for a in group.articles], config=config, boilerplate=aside)
    said: dict[int, Credits] = {}  # each article's credits, read once

    def credits_of(k: int) -> Credits:
        if k not in said:
            said[k] = extract(group.articles[k], story=stories[k])
        return said[k]

    out = []
    for i, j in group.pairs:
        match = compare(prepared[i], prepared[j], config=config)
        if shares_a_source(match, min_coverage=min_coverage):  # no copy: reported for what it shares
            out.append((group.keys[i], group.keys[j], attrs.evolve(match, relation="shared_source")))
        elif is_copy(match, min_coverage=min_coverage):
            a, b = group.articles[i], group.articles[j]
            found = direct(
                match, a, b, story_a=stories[i], story_b=stories[j],
                credits_a=credits_of(i), credits_b=credits_of(j),
            )  # fmt: skip
            out.append((group.keys[i], group.keys[j], found))
    return out


def _groups(
    pairs: Iterable[tuple[int, int]], articles: Sequence[Article], stories: Sequence[Compact], size: int
) -> list[_Group]:
    """Candidate pairs in groups of connected pairs, so that most articles are prepared once.

    A group holds at most ``size`` pairs; a larger set of connected pairs is split.
    """
    ordered = sorted(pairs)
    home = {k: n for n, nodes in enumerate(components(ordered)) for k in nodes}
    connected: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for i, j in ordered:
        connected[home[i]].append((i, j))
    out: list[_Group] = []
    batch: list[tuple[int, int]] = []
    for part in connected.values():
        if batch and len(batch) + len(part) > size:
            out.append(_group(batch, articles, stories))
            batch = []
        for start in range(0, len(part), size):
            piece = part[start : start + size]
            if len(piece) == size:
                out.append(_group(piece, articles, stories))
            else:
                batch.extend(piece)
    if batch:
        out.append(_group(batch, articles, stories))
    return out


def _group(pairs: list[tuple[int, int]], articles: Sequence[Article], stories: Sequence[Compact]) -> _Group:
    keys = sorted({k for pair in pairs for k in pair})
    at = {k: n for n, k in enumerate(keys)}
    return _Group(
        keys=tuple(keys),
        articles=tuple(articles[k] for k in keys),
        stories=tuple(stories[k] for k in keys),
        pairs=tuple((at[i], at[j]) for i, j in pairs),
    )


def _size(items: int, workers: int, most: int) -> int:
    """Items per task: ``most``, or fewer so that each worker gets several tasks (one process: ``most``)."""
    if workers == 1:
        return most
    return max(min(most, items // (_TASKS * workers)), 8)


def _chunks(items: Sequence[_In], size: int) -> Iterator[Sequence[_In]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def scan(
    articles: Iterable[Article],
    *,
    config: Config | None = None,
    threshold: float = THRESHOLD,
    containment: float = CONTAINMENT,
    min_coverage: float = MIN_COVERAGE,
    skip_bad: bool = False,
    errors: list[InputError] | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    story_clusters: list[Cluster] | None = None,
    representatives: int | None = REPRESENTATIVES,
) -> list[Match]:
    """Find every pair of articles where one is a copy (of any kind) of the other.

    Each article is cleaned and fingerprinted once; LSH proposes candidate pairs
    (near duplicates and containment); each candidate pair is compared exactly
    and kept when at least ``min_coverage`` of one story lies in shared passages.

    Args:
        articles: The articles; ids must be unique.
        config: Fingerprint parameters.
        threshold: Jaccard threshold of the near-duplicate candidate path.
        containment: Containment threshold of the excerpt candidate path.
        min_coverage: Smallest shared share of either story for a pair to be reported.
        skip_bad: Pass over articles with no story text or a repeated id instead of raising.
        errors: A list that receives the errors of skipped articles.
        progress: A callback for progress reports.
        workers: Processes that clean, fingerprint and compare; 1 does all the work
            in this process. By default one per CPU this process may use (at most
            :data:`MAX_WORKERS`), or 1 for fewer than :data:`SERIAL` articles. The
            matches are the same whatever the number.
        story_clusters: A list that receives the story clusters, those the matches'
            ``cluster`` ids name (:func:`~provenance.relate.clusters`, with the articles'
            publication times for the tie-break).
        representatives: Most earlier articles one article is compared with: beyond it, a
            story's representatives only (:mod:`provenance.families`), so that a story carried
            by many outlets costs pairs in proportion to its copies, not their square; ``None``
            compares every candidate pair.

    Returns:
        The matches, ordered by the input position of ``a`` then ``b``; in each
        pair ``a`` is the article that came first in the input. Each match says
        which is the original (:func:`~provenance.relate.direct`) and which story
        cluster it belongs to (:func:`~provenance.relate.clusters`).

    Raises:
        InputError: An article has no story text, or an id repeats (unless ``skip_bad``).
        ValueError: A threshold or ``min_coverage`` is out of range or not a number,
            or ``workers`` or ``representatives`` is below 1.
    """
    if not 0.0 <= min_coverage <= 1.0:
        msg = f"min_coverage must be in [0, 1], got {min_coverage}"
        raise ValueError(msg)
    limit, config, items = validate(representatives), config or Config(), list(articles)
    count = processes(workers, len(items), serial=SERIAL, most=MAX_WORKERS)
    pool = Pool(count) if count > 1 else None
    run: Callable[..., Iterator[Any]] = map if pool is None else pool.map
    try:
        kept, stories, prints, counts = _first(
            items, config=config, skip_bad=skip_bad, errors=errors, progress=progress, run=run, count=count
        )
        index = Index(config, threshold=threshold, containment=containment)
        ages = [
            age(a.published or s.published, k) for k, (a, s) in enumerate(zip(kept, stories, strict=True))
        ]
        pairs = _pairs(index, prints, ages, limit)
        if progress:
            progress("fingerprint", len(prints), len(prints))
        verify = functools.partial(_verify, config=config, min_coverage=min_coverage, known=counts.known())
        groups = _groups(pairs, kept, stories, _size(len(pairs), count, _PAIRS))
        verified = _second(groups, run(verify, groups), len(pairs), progress)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return _clustered(verified, kept, stories, story_clusters)


def _clustered(
    verified: list[tuple[int, int, Match]],
    kept: Sequence[Article],
    stories: Sequence[Compact],
    story_clusters: list[Cluster] | None,
) -> list[Match]:
    """The matches in input order, each with the id of its story cluster."""
    verified.sort(key=lambda v: (v[0], v[1]))
    matches = [m for _, _, m in verified]
    published = {a.id: a.published or s.published for a, s in zip(kept, stories, strict=True)}
    found = clusters(matches, published=published)
    if story_clusters is not None:
        story_clusters.extend(found)
    ids = cluster_of(found)
    return [attrs.evolve(m, cluster=ids.get(m.a) or ids.get(m.b)) for m in matches]


def _second(
    groups: list[_Group],
    results: Iterator[list[tuple[int, int, Match]]],
    total: int,
    progress: Progress | None,
) -> list[tuple[int, int, Match]]:
    """The second pass's verified pairs, gathered as the groups come back, with progress reports."""
    verified: list[tuple[int, int, Match]] = []
    checked = 0
    for group, found in zip(groups, results, strict=True):
        verified.extend(found)
        checked += len(group.pairs)
        if progress:
            progress("compare", checked, total)
    return verified


def _pairs(
    index: Index, prints: Sequence[Fingerprint], ages: Sequence[tuple[bool, float, int]], limit: int | None
) -> set[tuple[int, int]]:
    """The candidate pairs to compare: each article with its earlier candidates, or their representatives.

    Articles with equal fingerprints (twins) are indexed once, under the first of them, and
    share its query: a story carried verbatim by many outlets costs one query, not one each.
    """
    first: dict[tuple[bytes, int], int] = {}
    head = [first.setdefault((fp.values.tobytes(), fp.size), k) for k, fp in enumerate(prints)]
    members: dict[int, list[int]] = defaultdict(list)  # each class of twins, in input order
    for k, h in enumerate(head):
        members[h].append(k)
    index.add_many((h, prints[h]) for h in members)
    symmetric = index.config.method == "oph"  # the reference's containment path is not: both ways
    back: dict[int, list[tuple[float, int]]] = defaultdict(list)
    if not symmetric:
        for h in members:
            for c in index.query(prints[h], exclude=h):
                back[int(str(c.key))].append((closeness(c), h))
    ends = _BandEnds(index, prints, list(members), limit) if symmetric and limit is not None else None
    pairs: set[tuple[int, int]] = set()
    for h, mine in members.items():  # one query at a time: a large family's candidates are not all kept
        found = ends.query(h) if ends is not None and ends.crowded(h) else index.query(prints[h], exclude=h)
        near = {int(str(c.key)): closeness(c) for c in found}
        for close, other in back.pop(h, ()):
            near.setdefault(other, close)
        around = [(close, members[other]) for other, close in near.items()]
        pairs.update(class_pairs(mine, around, age=ages.__getitem__, limit=limit))
    return pairs


class _BandEnds:
    """Candidates of a story filed under a crowded band key, from that key's ends only.

    A band key that more than ``2 * limit`` stories share (a large family's) is read, for
    a story, at its ends: the ``limit`` stories filed first and the ``limit`` filed just
    before it, as the ledger reads a key at its ends (``Store.candidates(per_band=)``). A
    story all of whose keys are uncrowded gets the index's own candidates, all of them.
    """

    def __init__(self, index: Index, prints: Sequence[Fingerprint], heads: list[int], limit: int) -> None:
        self.index, self.prints, self.limit = index, prints, limit
        self.keys = {h: band_keys(prints[h]) for h in heads}
        self.buckets: dict[int, list[int]] = defaultdict(list)  # band key -> stories, in input order
        for h in heads:
            for key in self.keys[h]:
                self.buckets[key].append(h)

    def crowded(self, head: int) -> bool:
        return any(len(self.buckets[key]) > 2 * self.limit for key in self.keys[head])

    def query(self, head: int) -> list[Candidate]:
        """The candidates of a story among the ends of its keys (and the whole of its uncrowded keys)."""
        near: set[int] = set()
        for key in self.keys[head]:
            bucket = self.buckets[key]
            if len(bucket) <= 2 * self.limit:
                near.update(bucket)
                continue
            at = bisect_left(bucket, head)
            near.update(band_ends(bucket, at, self.limit))
        near.discard(head)
        index = Index(self.index.config, threshold=self.index.threshold, containment=self.index.containment)
        index.add_many((k, self.prints[k]) for k in sorted(near))
        return index.query(self.prints[head])


def _first(
    items: list[Article],
    *,
    config: Config,
    skip_bad: bool,
    errors: list[InputError] | None,
    progress: Progress | None,
    run: Callable[..., Iterator[Any]],
    count: int,
) -> tuple[list[Article], list[Compact], list[Fingerprint], Counts]:
    """The first pass over the articles.

    Returns the articles kept, their compact stories and their fingerprints, in input order, and
    the boilerplate counts of their sentences.
    """
    counts = Counts()
    kept: list[Article] = []
    stories: list[Compact] = []
    prints: list[Fingerprint] = []
    seen: set[str] = set()
    done = 0
    first = functools.partial(_clean_chunk, config=config)
    for chunk in run(first, _chunks([a.text for a in items], _size(len(items), count, _CHUNK))):
        found = iter(chunk.prints)
        said = iter(chunk.sentences)
        for article, made in zip(items[done : done + len(chunk.stories)], chunk.stories, strict=True):
            fp = next(found, None) if isinstance(made, Compact) else None
            sentences = next(said, ()) if isinstance(made, Compact) else ()
            try:
                story = _check(article, made, seen)
            except InputError as error:
                if not skip_bad:
                    raise
                log.warning("skipped: %s", error)
                if errors is not None:
                    errors.append(error)
                continue
            seen.add(article.id)
            counts.add_hashes(article, sentences)
            kept.append(article)
            stories.append(story)
            if fp is not None:
                prints.append(fp)
        done += len(chunk.stories)
        if progress:
            progress("clean", done, len(items))
    if kept and config.cleaner != CLEANER_VERSION:
        config.check(attrs.evolve(config, cleaner=CLEANER_VERSION))  # raises, as fingerprint_many would
    return kept, stories, prints, counts


def _check(article: Article, story: Compact | str, seen: set[str]) -> Compact:
    """An article's story, or the error that names it: its id repeats, or it has no story."""
    if article.id in seen:
        msg = f"article {article.id!r}: id repeats an earlier article"
        raise InputError(msg, article=article.id)
    if isinstance(story, str):
        msg = f"article {article.id!r}: {story}"
        raise EmptyStoryError(msg, article=article.id)
    return story
