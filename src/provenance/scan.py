r"""The whole pipeline over a collection: clean, fingerprint, index, verify.

Examples:
    >>> from provenance import Article
    >>> wire = Article(id="wire", text="BAKU, Feb 6. The minister met the envoy. They discussed the vote.")
    >>> page = Article(id="page", text="(MENAFN- Trend) " + wire.text + "\n\nLegal Disclaimer: as is.")
    >>> other = Article(id="other", text="The football season ended on Sunday with a draw in the capital.")
    >>> [(m.a, m.b, m.relation) for m in scan([wire, page, other])]
    [('wire', 'page', 'verbatim')]
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

import attrs

from provenance.article import Article
from provenance.compare import MIN_COVERAGE, Match, Prepared, compare, is_copy, prepare
from provenance.credits import Credits, extract
from provenance.errors import EmptyStoryError, InputError
from provenance.fingerprint import Config, Fingerprint, fingerprint_many
from provenance.index import Index
from provenance.relate import clusters, direct

__all__ = ["CONTAINMENT", "THRESHOLD", "scan"]

log = logging.getLogger(__name__)

THRESHOLD = 0.3
"""Default Jaccard threshold of the near-duplicate candidate search. Low on purpose: LSH only
proposes, the exact comparison decides, so a missed candidate costs recall while an extra one
costs a cheap check (OCR noise and edits lower the Jaccard of real copies)."""
CONTAINMENT = 0.3
"""Default containment threshold of the excerpt candidate search (same reasoning)."""

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)`` with stage ``"clean"``, ``"fingerprint"`` or ``"compare"``."""


def _prepare(article: Article, seen: set[str], config: Config) -> Prepared:
    """Prepare one article of a collection, naming it in any error."""
    if article.id in seen:
        msg = f"article {article.id!r}: id repeats an earlier article"
        raise InputError(msg)
    try:
        return prepare(article, config=config)
    except EmptyStoryError as error:
        msg = f"article {article.id!r}: {error}"
        raise EmptyStoryError(msg) from None


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

    Returns:
        The matches, ordered by the input position of ``a`` then ``b``; in each
        pair ``a`` is the article that came first in the input. Each match says
        which is the original (:func:`~provenance.relate.direct`) and which story
        cluster it belongs to (:func:`~provenance.relate.clusters`).

    Raises:
        InputError: An article has no story text, or an id repeats (unless ``skip_bad``).
        ValueError: A threshold or ``min_coverage`` is out of range or not a number.
    """
    if not 0.0 <= min_coverage <= 1.0:
        msg = f"min_coverage must be in [0, 1], got {min_coverage}"
        raise ValueError(msg)
    config = config or Config()
    items = list(articles)
    prepared: list[Prepared] = []
    kept: list[Article] = []
    prints: list[Fingerprint] = []
    index = Index(config, threshold=threshold, containment=containment)
    seen: set[str] = set()
    for n, article in enumerate(items, start=1):
        try:
            p = _prepare(article, seen, config)
        except InputError as error:
            if not skip_bad:
                raise
            log.warning("skipped: %s", error)
            if errors is not None:
                errors.append(error)
            continue
        seen.add(article.id)
        prepared.append(p)
        kept.append(article)
        if progress:
            progress("clean", n, len(items))
    prints.extend(fingerprint_many((p.story for p in prepared), config=config))
    index.add_many(enumerate(prints))
    if progress:
        progress("fingerprint", len(prints), len(prints))
    pairs: set[tuple[int, int]] = set()
    for k in range(len(prepared)):
        for c in index.query(prints[k], exclude=k):
            other = int(str(c.key))
            pairs.add((min(k, other), max(k, other)))
        if progress:
            progress("compare", k + 1, len(prepared))
    matches = []
    said: dict[int, Credits] = {}  # each article's credits, read once

    def credits_of(k: int) -> Credits:
        if k not in said:
            said[k] = extract(kept[k], story=prepared[k].story)
        return said[k]

    for i, j in sorted(pairs):
        match = compare(prepared[i], prepared[j], config=config)
        if is_copy(match, min_coverage=min_coverage):
            a, b = prepared[i], prepared[j]
            matches.append(
                direct(
                    match, kept[i], kept[j], story_a=a.story, story_b=b.story,
                    credits_a=credits_of(i), credits_b=credits_of(j),
                )
            )  # fmt: skip
    published = {a.id: a.published or p.story.published for a, p in zip(kept, prepared, strict=True)}
    ids = {member: c.id for c in clusters(matches, published=published) for member in c.members}
    return [attrs.evolve(m, cluster=ids[m.a]) for m in matches]
