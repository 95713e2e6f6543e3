"""Assembling an article's credits: the story's parts, every finder, one record per credit."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from datetime import date, datetime

import attrs

from provenance.article import Article
from provenance.clean import Region, Story, clean
from provenance.credits.datelines import _dateline
from provenance.credits.finders import _FINDERS, _PRESS_KEYS, _press_marker
from provenance.credits.records import Credit, Credits, RawCredit
from provenance.credits.regions import _from_regions
from provenance.errors import EmptyStoryError
from provenance.registry import Agent, Registry

__all__ = ["extract"]

_WHOLE = 20_000
"""Texts up to this length are cleaned whole; of a longer one, only its head and tail are."""
_HEAD = 4_000
_TAIL = 8_000


def _story_parts(text: str) -> tuple[tuple[Region, ...], list[int], datetime | None]:
    """The set-aside regions, the offsets of the first paragraphs, and a metadata date.

    A long text is cleaned in two bounded pieces (headers, metadata and datelines lie at
    its head, credit footers at its tail), so that reading credits stays linear in the
    text whatever its size.
    """
    if len(text) <= _WHOLE:
        try:
            story = clean(text)
        except EmptyStoryError:
            return (), [], None
        return story.regions, _starts(story), story.published
    regions: list[Region] = []
    starts: list[int] = []
    published = None
    try:
        head = clean(text[:_HEAD])
    except EmptyStoryError:
        pass
    else:
        regions.extend(r for r in head.regions if r.kind != "footer")
        starts = _starts(head)
        published = head.published
    cut = text.find("\n\n", len(text) - _TAIL)
    cut = len(text) - _TAIL if cut < 0 else cut
    try:
        tail = clean(text[cut:])
    except EmptyStoryError:
        pass
    else:
        regions.extend(
            attrs.evolve(r, start=r.start + cut, end=r.end + cut) for r in tail.regions if r.kind == "footer"
        )
    return tuple(regions), starts, published


def _published_date(published: datetime | date | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    return published


def extract(
    article: Article | str,
    *,
    published: datetime | date | None = None,
    registry: Registry | None = None,
    story: Story | None = None,
) -> Credits:
    r"""Find an article's credits and dateline.

    Args:
        article: An article, or a text as published.
        published: The publication time, for the year of a dateline that omits it; by
            default the article's ``published``, else a leading metadata date of the text.
        registry: The registry that resolves names (default: :meth:`Registry.default`).
        story: The article's cleaned story, when the caller has it (its set-aside regions
            are read instead of cleaning the text again).

    Returns:
        The credits, in text order, and the dateline. Never raises on any text: a text
        with no story has no dateline, and its set-aside regions are not read.

    Examples:
        >>> text = "LONDON, Sept 28 (Reuters) - Prices rose.\n\n(Reporting by A. Bruce; Editing by K. Holton)"
        >>> found = extract(text, published=date(2023, 9, 29))
        >>> [(c.kind, c.name, c.people) for c in found.credits]
        [('dateline', 'Reuters', ()), ('signature', 'Reuters', ('A. Bruce', 'K. Holton'))]
        >>> found.dateline.date
        datetime.date(2023, 9, 28)
        >>> extract("According to analysts, prices will fall. By Reuters staff").credits
        ()
    """
    registry = registry or Registry.default()
    if isinstance(article, Article):
        text = article.text
        published = published or article.published
    else:
        text = article
    if story is not None:
        regions, starts = story.regions, _starts(story)
        metadata_date = story.published
    else:
        regions, starts, metadata_date = _story_parts(text)

    found: list[RawCredit] = list(_from_regions(text, regions))
    taken = sorted(f.span for f in found)
    dateline = None
    for pos in starts:
        hit = _dateline(text, pos, _published_date(published or metadata_date), registry)
        if hit is not None:
            dateline, credit = hit
            if credit is not None:
                found.append(credit)
            break
    if dateline is None or not any(f.kind == "dateline" for f in found):
        found.extend(_cleaner_datelines(text, regions, registry))
    found.extend(_agency_bylines(text, regions, registry))
    if not any(f.kind == "press_release" for f in found):
        found.extend(_press_marker(text))
    for keywords, finder in _FINDERS:
        if any(k in text for k in keywords):
            found.extend(item for item in finder(text) if not _inside(item.span[0], taken))
    return Credits(credits=_records(found, registry), dateline=dateline)


def _cleaner_datelines(text: str, regions: tuple[Region, ...], registry: Registry) -> Iterator[RawCredit]:
    """Datelines the cleaner set aside whose agency the registry knows ("Paris (AFP) -").

    Read when the dateline grammar here did not read them (it wants the place in capitals).
    """
    for region in regions:
        value = region.value
        if region.kind != "dateline" or not value or any(k in value for k in _PRESS_KEYS):
            continue
        if registry.resolve(value) is not None:
            at = text.find(value, region.start, region.end)
            name_span = (at, at + len(value)) if at >= 0 else None
            yield RawCredit(
                kind="dateline",
                agent=value,
                span=(region.start, region.end),
                name_span=name_span,
                pattern="dateline.region",
            )


def _agency_bylines(text: str, regions: tuple[Region, ...], registry: Registry) -> Iterator[RawCredit]:
    """A byline that names an agency, not a person ("By Trend", glued or not), signs the story's source."""
    for region in regions:
        if region.kind != "byline":
            continue
        name = region.value or text[region.start : region.end].split(" ", 1)[-1].strip()
        agent = registry.resolve(name) if name else None
        if agent is not None and agent.role in ("wire", "publisher", "aggregator"):
            at = text.find(name, region.start, region.end)
            name_span = (at, at + len(name)) if at >= 0 else None
            yield RawCredit(
                kind="signature",
                agent=name,
                span=(region.start, region.end),
                name_span=name_span,
                pattern="byline.agency",
            )


def _starts(story: Story) -> list[int]:
    """Offsets in the original text where a dateline may stand.

    The wrapper regions the cleaner set aside at the head (a dateline, a byline before it),
    then the story's first paragraphs.
    """
    heads = sorted(r.start for r in story.regions if r.kind in ("byline", "dateline"))
    return heads + [story.offsets[a] for a, _ in story.paragraphs[:3] if a < len(story.offsets)]


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``at`` lies inside one of the sorted, disjoint ``spans``."""
    k = bisect.bisect_right(spans, (at, len(spans) and 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= at < spans[k][1]


def _records(found: list[RawCredit], registry: Registry) -> tuple[Credit, ...]:
    records = []
    resolved: dict[str, Agent | None] = {}  # a name repeats: resolve it once

    def resolve(name: str) -> Agent | None:
        if name not in resolved:
            resolved[name] = registry.resolve(name)
        return resolved[name]

    seen: set[tuple[str, int, int, str]] = set()
    named: set[tuple[int, int]] = set()
    for raw in found:
        kind, name, span, name_span = raw.kind, raw.agent, raw.span, raw.name_span
        # one name read by two phrases ("the press service of X reported") is one credit,
        # that of the first finder, the more specific
        if name_span is not None and kind in ("reporting", "signature"):
            if name_span in named:
                continue
            named.add(name_span)
        key = (kind, span[0], span[1], name)
        if key in seen:
            continue
        seen.add(key)
        records.append(
            Credit(
                kind=kind,
                agent=name,
                resolved=resolve(name),
                span=span,
                name_span=name_span,
                pattern=raw.pattern,
                reporter=raw.reporter,
                reporter_resolved=resolve(raw.reporter) if raw.reporter else None,
                people=raw.people,
            )
        )
    return tuple(sorted(records, key=lambda c: (c.span, c.pattern)))
