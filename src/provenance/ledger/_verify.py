"""Judging pairs: one rule for the ingesting process and for the worker processes of an ingest.

A pair is judged as :func:`provenance.scan` judges one (:func:`judge`): compared exactly, kept as
sharing a source or as a copy, and a copy directed with the evidence of both sides' credits. A
revision of a stored article is named so. An ingest with a pool sends a batch's pairs to its
workers in parts (:class:`Part`, :func:`verify`), each with the stories and boilerplate its articles
were to be prepared with, so that a worker's verdict is the one this process would reach.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import attrs

from provenance._compact import Compact
from provenance.article import Article
from provenance.compare import Match, Prepared, compare, is_copy, prepare_many, shares_a_source
from provenance.credits import Credits, extract
from provenance.fingerprint import Config
from provenance.ledger._records import _versions
from provenance.relate import direct

PARALLEL = 4
"""Pairs in a batch from which its pairs are judged in the ingest's worker processes (when it has
them): below, sending them would cost about what judging them here does."""

PART = 8
"""Pairs a part holds at most, once each worker has one."""


def judge(
    one: tuple[Article, Prepared],
    other: tuple[Article, Prepared],
    *,
    config: Config,
    min_coverage: float,
    credits_of: Callable[[Article, Prepared], Credits],
    versions: tuple[str, str] | None = None,
) -> Match | None:
    """The verified match of two prepared articles (the smaller id as ``a``), or None.

    Args:
        one: An article and its prepared story.
        other: Another, and its.
        config: The fingerprint config.
        min_coverage: The coverage a copy needs.
        credits_of: Each side's credits (read from its story).
        versions: ``(stored, incoming)`` ids when the two are versions of one article.

    Returns:
        The match: a shared source, or a directed copy; None when they share too little.
    """
    (x, px), (y, py) = sorted((one, other), key=lambda t: t[0].id)
    match = compare(px, py, config=config)
    if shares_a_source(match, min_coverage=min_coverage):  # no copy: kept for what it shares
        return attrs.evolve(match, relation="shared_source")
    if not is_copy(match, min_coverage=min_coverage):
        return None
    match = direct(
        match,
        x,
        y,
        story_a=px.story,
        story_b=py.story,
        credits_a=credits_of(x, px),
        credits_b=credits_of(y, py),
    )
    return match if versions is None else _versions(match, *versions)


@attrs.frozen(kw_only=True)
class Part:
    """Pairs to judge in a worker, with the articles they name.

    Each article comes with its story (compact) and the boilerplate sentences it sets aside,
    as the ingesting process would have prepared it; the articles carry the ids they are
    stored under.
    """

    articles: tuple[Article, ...]
    stories: tuple[Compact, ...]
    asides: tuple[dict[str, int], ...]
    pairs: tuple[tuple[int, int, tuple[str, str] | None], ...]  # two articles' places, and versions
    config: Config
    min_coverage: float


Subject = tuple[Article, Compact, dict[str, int]]
"""An article as a worker prepares it: under the id it is judged by, its story and what it sets aside."""
Side = tuple[Hashable, Callable[[], Subject]]
"""One side of a pair: a key (a part prepares an article once, however many of its pairs name it) and
how to make the article's subject (made once a part)."""
Job = tuple[Side, Side, tuple[str, str] | None]
"""A pair to judge: its two sides, and ``(stored, incoming)`` ids when they are versions of one article."""


def parts(jobs: Sequence[Job], workers: int, *, config: Config, min_coverage: float) -> list[Part]:
    """Pairs in parts of about one size, in order, each with the articles its pairs name.

    One part a worker, or more of at most :data:`PART` pairs each: the ingesting process takes
    back the last parts a busy pool has not started (:meth:`~provenance.ledger._ahead.Ahead.start`).
    """
    count = max(workers, -(-len(jobs) // PART))
    size = -(-len(jobs) // count)
    return [_part(jobs[start : start + size], config, min_coverage) for start in range(0, len(jobs), size)]


def _part(jobs: Sequence[Job], config: Config, min_coverage: float) -> Part:
    places: dict[Hashable, int] = {}
    subjects: list[Subject] = []

    def place(side: Side) -> int:
        key, make = side
        if key not in places:
            places[key] = len(subjects)
            subjects.append(make())
        return places[key]

    pairs = tuple((place(one), place(other), versions) for one, other, versions in jobs)
    return Part(
        articles=tuple(a for a, _, _ in subjects), stories=tuple(c for _, c, _ in subjects),
        asides=tuple(b for _, _, b in subjects), pairs=pairs, config=config, min_coverage=min_coverage,
    )  # fmt: skip


def verify(part: Part) -> list[Match | None]:
    """The verdict of each of a part's pairs, in order (in a worker): each article prepared once."""
    stories = [c.story(a.text) for a, c in zip(part.articles, part.stories, strict=True)]
    prepared = prepare_many(
        stories, [a.id for a in part.articles], config=part.config, boilerplate=list(part.asides)
    )
    said: dict[str, Credits] = {}

    def credits_of(article: Article, p: Prepared) -> Credits:
        if article.id not in said:
            said[article.id] = extract(article, story=p.story)
        return said[article.id]

    return [
        judge(
            (part.articles[i], prepared[i]),
            (part.articles[j], prepared[j]),
            config=part.config,
            min_coverage=part.min_coverage,
            credits_of=credits_of,
            versions=versions,
        )
        for i, j, versions in part.pairs
    ]
