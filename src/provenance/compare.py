"""Exact scores and passage alignment of one candidate pair.

:func:`compare` decides what LSH only proposed. It computes, on the two stories'
shingle sets, the exact Jaccard similarity and the containment both ways, then
aligns the stories sentence by sentence:

* sentences with the same words are ``copied``;
* the others are paired, behind a cheap gate (they must share a word trigram),
  by RapidFuzz's normalised Indel similarity (``fuzz.ratio``); a pair scoring at
  least ``edit_cutoff`` is ``edited``;
* what is left is ``dropped`` (in ``a`` only) or ``added`` (in ``b`` only).

Neighbouring sentences with the same status are merged into passages, whose
spans point into the *original* texts. No fuzzy matcher ever runs on a whole
article. The relation label then follows from the share of each story covered
by copied or edited passages (see :data:`RELATIONS`).

Examples:
    >>> wire = Article(id="wire", text="BAKU, Feb 6. The minister met the envoy. They discussed the vote. "
    ...                "The sides also exchanged views.")
    >>> page = Article(id="page", text="(MENAFN- Trend) BAKU, Feb 6. The minister met the envoy. "
    ...                "They discussed the vote. The sides also exchanged views.")
    >>> m = compare(wire, page)
    >>> m.relation, m.jaccard, [p.status for p in m.passages]
    ('verbatim', 1.0, ['copied'])
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from provenance._checks import in_unit_interval
from provenance.article import Article
from provenance.boilerplate import units as sentence_units
from provenance.clean import Region, Story, clean
from provenance.fingerprint import Config
from provenance.shingle import shingle_sets, shingles, words
from provenance.speech import speech

__all__ = [
    "COPY_RELATIONS",
    "DERIVATIONS",
    "RELATIONS",
    "STATUSES",
    "Evidence",
    "Match",
    "Passage",
    "Prepared",
    "compare",
    "derivation",
    "is_copy",
    "prepare",
    "prepare_many",
    "shares_a_source",
]

STATUSES = ("copied", "edited", "dropped", "added")
RELATIONS = ("identical", "verbatim", "edited", "excerpt", "extended", "partial", "revision", "shared_source")
"""Relation labels, describing ``b`` against ``a``:

* ``identical``: the same story words and the same set-aside regions
  (layout, case, punctuation and invisible or look-alike characters are
  not differences: cleaning removes them);
* ``verbatim``: the same story words; the set-aside regions (headers,
  metadata, footers) differ;
* ``edited``: each holds nearly all of the other (``FULL``), with changes; and, once
  :func:`~provenance.relate.direct` knows that ``a`` is the original, a copy ``b``
  with sentences of ``a`` cut throughout rather than cut down to one part of it;
* ``excerpt``: ``b`` is nearly all found in ``a``, which holds more (a copy cut down
  to one part of its original: the sentences of ``a`` it keeps follow each other);
* ``extended``: ``a`` is nearly all found in ``b``, which adds more (wherever it adds);
* ``partial``: they share passages, and neither holds nearly all of the other;
* ``revision``: the same outlet published both: an update of its own story
  (set by :func:`~provenance.relate.direct`, which knows the outlets);
* ``shared_source``: not a copy: what they share is a third party's words (quotations,
  or speech attributed to someone: a ministry's statement, a release's quotes), each
  outlet telling the rest itself (see :func:`shares_a_source`).
"""
COPY_RELATIONS = RELATIONS[:7]
"""The relations of a copy (all but ``shared_source``)."""
DERIVATIONS = ("wholly_derived", "partially_derived", "non_derived")
"""METER-style derivation of the copy from the original (Clough et al. 2002)."""

FULL = 0.9
"""Share of a story's characters in shared passages above which it counts as held whole."""
MIN_COVERAGE = 0.15
"""Smallest share of either story in shared passages for a pair to be a match at all."""
EDIT_CUTOFF = 0.6
"""Smallest normalised Indel similarity of two sentences for them to count as an edit of each other."""

_GRAM = 3
_SPEAKERS = 5  # speakers named in a match, at most


@attrs.frozen(kw_only=True)
class Passage:
    """An aligned stretch of text.

    Attributes:
        status: ``"copied"``, ``"edited"``, ``"dropped"`` (in ``a`` only) or ``"added"`` (in ``b`` only).
        a: ``(start, end)`` in ``a``'s original text, or None for ``added``.
        b: ``(start, end)`` in ``b``'s original text, or None for ``dropped``.
        score: Similarity of the two sides (1.0 for copied, 0.0 when one side is missing).
    """

    status: str = attrs.field(validator=attrs.validators.in_(STATUSES))
    a: tuple[int, int] | None
    b: tuple[int, int] | None
    score: float = attrs.field(validator=in_unit_interval)


@attrs.frozen(kw_only=True)
class Evidence:
    """One piece of evidence about which article of a pair is the original.

    Attributes:
        kind: ``"credit"``, ``"wrapper"``, ``"role"``, ``"timestamp"``, ``"containment"``
            or ``"outlet"``.
        favours: The id of the article this evidence says is the original, or None
            when it is neutral (equal or missing timestamps, say).
        weight: How strongly it counts, in log-odds (0 for neutral evidence).
        detail: What was seen, in words.
    """

    kind: str
    favours: str | None
    weight: float = attrs.field(validator=attrs.validators.ge(0.0))
    detail: str


@attrs.frozen(kw_only=True)
class Match:
    """The verdict on one pair: every score, the relation and the aligned passages.

    Attributes:
        a: The first article's id.
        b: The second article's id.
        relation: One of :data:`RELATIONS`, describing ``b`` against ``a``.
        jaccard: Exact Jaccard similarity of the shingle sets.
        containment_ab: Share of ``a``'s shingles found in ``b``.
        containment_ba: Share of ``b``'s shingles found in ``a``.
        coverage_a: Share of ``a``'s story characters in copied or edited passages.
        coverage_b: Share of ``b``'s story characters in copied or edited passages.
        shared: How many sentences of ``a`` were found, copied or edited, in ``b``.
        quoted: How many of those are, on both sides, quotations or attributed speech: a
            third party's words, which two outlets may share without copying each other.
        narrative_a: Share of ``a``'s story characters in shared passages that are not
            quotations (the outlet's own telling).
        narrative_b: The same for ``b``.
        speakers: Who the shared quotations are attributed to, where the text names them.
        passages: The alignment, in the order of ``a`` (added passages at their place in ``b``).
        regions_a: What was set aside in ``a``.
        regions_b: What was set aside in ``b``.
        original: The id of the original, once decided (None: not decided).
        copy: The id of the copy, once decided.
        direction_confidence: Probability that ``original`` is right (0.5: no evidence).
        evidence: The evidence about direction, strongest first.
        derivation: METER-style derivation of the copy (one of :data:`DERIVATIONS`).
        cluster: The id of the story cluster the pair belongs to, once clustered.
    """

    a: str
    b: str
    relation: str = attrs.field(validator=attrs.validators.in_(RELATIONS))
    jaccard: float = attrs.field(validator=in_unit_interval)
    containment_ab: float = attrs.field(validator=in_unit_interval)
    containment_ba: float = attrs.field(validator=in_unit_interval)
    coverage_a: float = attrs.field(validator=in_unit_interval)
    coverage_b: float = attrs.field(validator=in_unit_interval)
    shared: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    quoted: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    narrative_a: float = attrs.field(default=0.0, validator=in_unit_interval)
    narrative_b: float = attrs.field(default=0.0, validator=in_unit_interval)
    speakers: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = ()
    regions_a: tuple[Region, ...] = ()
    regions_b: tuple[Region, ...] = ()
    original: str | None = None
    copy: str | None = None
    direction_confidence: float = attrs.field(default=0.5, validator=in_unit_interval)
    evidence: tuple[Evidence, ...] = ()
    derivation: str = attrs.field(default="non_derived", validator=attrs.validators.in_(DERIVATIONS))
    cluster: str | None = None


@attrs.frozen(kw_only=True)
class _Unit:
    start: int
    end: int
    key: str
    grams: frozenset[str]  # word trigrams, words joined by spaces (strings: no work for the GC)
    quoted: bool = False  # a quotation, or speech attributed to someone ("..., the minister said.")
    speaker: str | None = None


@attrs.frozen(kw_only=True)
class Prepared:
    """A story made ready for exact comparison (cleaned once, compared many times).

    Attributes:
        id: The article id.
        story: The cleaned story.
        shingles: Sorted distinct shingle hashes.
        words: The story's words, case-folded.
    """

    id: str
    story: Story
    shingles: npt.NDArray[np.uint64] = attrs.field(eq=False, repr=False)
    words: tuple[str, ...] = attrs.field(repr=False)
    units: tuple[_Unit, ...] = attrs.field(repr=False, eq=False)


def prepare(
    article: Article | Story,
    *,
    config: Config | None = None,
    id: str = "",  # noqa: A002
    boilerplate: Mapping[str, int] | None = None,
) -> Prepared:
    """Clean an article (unless given a story) and compute what comparison needs.

    Args:
        article: An article, or an already cleaned story.
        config: The config whose shingle size the exact scores use.
        id: The id to report for a bare story.
        boilerplate: The story's boilerplate sentences (:meth:`provenance.boilerplate.Counts.of`),
            set aside as ``boilerplate`` regions: they count neither for nor against a copy.

    Returns:
        The prepared story.

    Raises:
        EmptyStoryError: No story text is left after cleaning.
    """
    config = config or Config()
    if isinstance(article, Article):
        story, key = clean(article.text), article.id
    else:
        story, key = article, id
    return _prepared(story, key, shingles(story.text, config.shingle), boilerplate)


def prepare_many(
    stories: Sequence[Story],
    ids: Sequence[str],
    *,
    config: Config | None = None,
    boilerplate: Sequence[Mapping[str, int] | None] | None = None,
) -> list[Prepared]:
    """Prepare many cleaned stories: what :func:`prepare` makes of each, made faster.

    The shingle sets of all the stories are hashed and sorted together.

    Args:
        stories: Cleaned stories.
        ids: The id to report for each story.
        config: The config whose shingle size the exact scores use.
        boilerplate: Each story's boilerplate sentences (see :func:`prepare`).

    Returns:
        One prepared story per story, in order.

    Raises:
        ValueError: ``ids`` and ``stories`` differ in length.
    """
    if len(ids) != len(stories):
        msg = f"{len(ids)} ids for {len(stories)} stories"
        raise ValueError(msg)
    config = config or Config()
    sets = shingle_sets([s.text for s in stories], config.shingle)
    aside = boilerplate if boilerplate is not None else [None] * len(stories)
    return [_prepared(story, key, h, b) for story, key, h, b in zip(stories, ids, sets, aside, strict=True)]


def _prepared(
    story: Story, key: str, hashes: npt.NDArray[np.uint64], boilerplate: Mapping[str, int] | None = None
) -> Prepared:
    units = []
    every: list[str] = []
    aside: list[Region] = []
    inside, paragraph = False, -1
    for start, end, w in sentence_units(story):
        k = " ".join(w)
        at = bisect.bisect_right(story.paragraphs, (start, len(story.text) + 1)) - 1
        if at != paragraph:  # a quotation that runs on opens again in the next paragraph
            inside, paragraph = False, at
        quoted, inside, speaker = speech(story.text[start:end], inside)
        if boilerplate and k in boilerplate:
            a, b = story.span(start, end)
            aside.append(
                Region(kind="boilerplate", start=a, end=b, text=story.source[a:b], value=str(boilerplate[k]))
            )
            continue
        every.extend(w)
        units.append(attrs.evolve(_sentence_unit(start, end, w), quoted=quoted, speaker=speaker))
    if aside:
        story = attrs.evolve(story, regions=tuple(sorted((*story.regions, *aside), key=lambda r: r.start)))
    return Prepared(
        id=key,
        story=story,
        shingles=hashes,
        words=tuple(every if aside or _whole(story) else words(story.text)),
        units=tuple(units),
    )


def _whole(story: Story) -> bool:
    """Whether the paragraphs hold every word of the story, in order (as :func:`clean` makes them).

    Sentences are cut at spaces, so the words of the sentences are then the story's.
    """
    pos = 0
    for a, b in story.paragraphs:
        if a < pos or b < a or words(story.text[pos:a]):
            return False
        pos = b
    return not words(story.text[pos:])


def _sentence_unit(start: int, end: int, w: tuple[str, ...]) -> _Unit:
    """A sentence: its span, the key of its words and their word trigrams."""
    key = " ".join(w)
    grams = (
        frozenset(map(" ".join, zip(*[w[i:] for i in range(_GRAM)], strict=False)))
        if len(w) >= _GRAM
        else frozenset([key])
    )
    return _Unit(start=start, end=end, key=key, grams=grams)


def _shingle_scores(a: Prepared, b: Prepared) -> tuple[float, float, float]:
    common = len(np.intersect1d(a.shingles, b.shingles, assume_unique=True))
    union = len(a.shingles) + len(b.shingles) - common
    return common / union, common / len(a.shingles), common / len(b.shingles)


def _pair(a: Prepared, b: Prepared, cutoff: float) -> dict[int, tuple[int, float]]:
    """Pair units of a with units of b, one to one: exact keys first, then the best fuzzy scores."""
    exact: dict[str, list[int]] = defaultdict(list)
    for j, u in enumerate(b.units):
        exact[u.key].append(j)
    pairs: dict[int, tuple[int, float]] = {}
    used: set[int] = set()
    for i, u in enumerate(a.units):
        free = next((j for j in exact.get(u.key, ()) if j not in used), None)
        if free is not None:
            pairs[i] = (free, 1.0)
            used.add(free)
    grams: dict[str, list[int]] = defaultdict(list)
    for j, u in enumerate(b.units):
        if j not in used:
            for g in u.grams:
                grams[g].append(j)
    scored = []
    for i, u in enumerate(a.units):
        if i in pairs:
            continue
        for j in {j for g in u.grams for j in grams.get(g, ())}:  # the gate: a shared trigram
            score = fuzz.ratio(u.key, b.units[j].key, score_cutoff=cutoff * 100) / 100
            if score >= cutoff:
                scored.append((score, i, j))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    for score, i, j in scored:
        if i not in pairs and j not in used:
            pairs[i] = (j, score)
            used.add(j)
    return pairs


def _align(a: Prepared, b: Prepared, cutoff: float) -> list[tuple[int | None, int | None, float]]:
    """All units in reading order as (i, j, score); i or j is None when a unit is unpaired."""
    pairs = _pair(a, b, cutoff)
    out = [(i, *pairs[i]) if i in pairs else (i, None, 0.0) for i in range(len(a.units))]
    at = {j: k for k, (_, j, _) in enumerate(out) if j is not None}
    # units only b has, grouped after the position of the paired b unit before them
    before: dict[int, list[int]] = defaultdict(list)
    last = -1
    for j in range(len(b.units)):
        if j in at:
            last = at[j]
        else:
            before[last].append(j)
    # in each gap between paired units: what a dropped first, then what b added
    placed: list[tuple[int | None, int | None, float]] = []
    pending = before.get(-1, [])
    for k, item in enumerate(out):
        if item[1] is not None:
            placed.extend((None, j, 0.0) for j in pending)
            pending = before.get(k, [])
        placed.append(item)
    placed.extend((None, j, 0.0) for j in pending)
    return placed


def _status(i: int | None, j: int | None, score: float) -> str:
    if i is None:
        return "added"
    if j is None:
        return "dropped"
    return "copied" if score == 1.0 else "edited"


def _passages(
    a: Prepared, b: Prepared, pairs: list[tuple[int | None, int | None, float]]
) -> tuple[Passage, ...]:
    runs: list[list[tuple[int | None, int | None, float]]] = []
    for item in pairs:
        i, j, score = item
        if runs:
            pi, pj, ps = runs[-1][-1]
            same = _status(pi, pj, ps) == _status(i, j, score)
            next_a = i is None or pi is None or i == pi + 1
            next_b = j is None or pj is None or j == pj + 1
            if same and next_a and next_b:
                runs[-1].append(item)
                continue
        runs.append([item])
    out = []
    for run in runs:
        i0, j0, s0 = run[0]
        status = _status(i0, j0, s0)
        ia = [i for i, _, _ in run if i is not None]
        jb = [j for _, j, _ in run if j is not None]
        span_a = a.story.span(a.units[ia[0]].start, a.units[ia[-1]].end) if ia else None
        span_b = b.story.span(b.units[jb[0]].start, b.units[jb[-1]].end) if jb else None
        if status in ("copied", "edited"):
            weight = sum(a.units[i].end - a.units[i].start for i in ia)
            score = sum((a.units[i].end - a.units[i].start) * s for i, _, s in run if i is not None) / weight
        else:
            score = 0.0
        out.append(Passage(status=status, a=span_a, b=span_b, score=round(score, 4)))
    return tuple(out)


def _coverage(units: tuple[_Unit, ...], shared: set[int]) -> float:
    total = sum(u.end - u.start for u in units)
    return sum(units[k].end - units[k].start for k in shared) / total if total else 0.0


def _relation(a: Prepared, b: Prepared, cov: tuple[float, float]) -> str:
    cov_a, cov_b = cov
    if a.words == b.words:
        same = [(r.kind, " ".join(words(r.text))) for r in a.story.regions] == [
            (r.kind, " ".join(words(r.text))) for r in b.story.regions
        ]
        return "identical" if same else "verbatim"
    if cov_a >= FULL and cov_b >= FULL:
        return "edited"
    if cov_b >= FULL:
        return "excerpt"
    if cov_a >= FULL:  # b holds all of a and adds to it, wherever it adds
        return "extended"
    return "partial"


def compare(
    a: Article | Prepared,
    b: Article | Prepared,
    *,
    config: Config | None = None,
    edit_cutoff: float = EDIT_CUTOFF,
) -> Match:
    """Compare two articles exactly and align their passages.

    Args:
        a: The first article (or its form made by :func:`prepare`).
        b: The second article (or its prepared form).
        config: The config whose shingle size the exact scores use.
        edit_cutoff: Smallest sentence similarity (0 to 1) that counts as an edit.

    Returns:
        The match, whatever the scores: :func:`is_copy` says whether it is one.

    Raises:
        EmptyStoryError: An article has no story text.
    """
    config = config or Config()
    pa = a if isinstance(a, Prepared) else prepare(a, config=config)
    pb = b if isinstance(b, Prepared) else prepare(b, config=config)
    jaccard, c_ab, c_ba = _shingle_scores(pa, pb)
    pairs = _align(pa, pb, edit_cutoff)
    shared_a = {i for i, j, _ in pairs if i is not None and j is not None}
    shared_b = {j for i, j, _ in pairs if i is not None and j is not None}
    cov_a = _coverage(pa.units, shared_a)
    cov_b = _coverage(pb.units, shared_b)
    relation = _relation(pa, pb, (cov_a, cov_b))
    speech = {
        (i, j)
        for i, j, _ in pairs
        if i is not None and j is not None and pa.units[i].quoted and pb.units[j].quoted
    }
    told_a = _coverage(pa.units, shared_a - {i for i, _ in speech})
    told_b = _coverage(pb.units, shared_b - {j for _, j in speech})
    speakers = sorted(
        {s for i, _ in speech if (s := pa.units[i].speaker)}
        | {s for _, j in speech if (s := pb.units[j].speaker)}
    )
    return Match(
        a=pa.id,
        b=pb.id,
        relation=relation,
        derivation=derivation(max(cov_a, cov_b)),
        jaccard=round(jaccard, 4),
        containment_ab=round(c_ab, 4),
        containment_ba=round(c_ba, 4),
        coverage_a=round(cov_a, 4),
        coverage_b=round(cov_b, 4),
        shared=len(shared_a),
        quoted=len(speech),
        narrative_a=round(told_a, 4),
        narrative_b=round(told_b, 4),
        speakers=tuple(speakers[:_SPEAKERS]),
        passages=_passages(pa, pb, pairs),
        regions_a=pa.story.regions,
        regions_b=pb.story.regions,
    )


def derivation(coverage: float) -> str:
    """The METER-style derivation of a copy from the share of it found in the original.

    Args:
        coverage: Share of the copy's story characters in copied or edited passages.

    Returns:
        ``"wholly_derived"`` from :data:`FULL` up, ``"partially_derived"`` from
        :data:`MIN_COVERAGE` up, ``"non_derived"`` below.

    Examples:
        >>> derivation(0.95), derivation(0.5), derivation(0.1)
        ('wholly_derived', 'partially_derived', 'non_derived')
    """
    if coverage >= FULL:
        return "wholly_derived"
    return "partially_derived" if coverage >= MIN_COVERAGE else "non_derived"


def is_copy(match: Match, *, min_coverage: float = MIN_COVERAGE) -> bool:
    """Whether a compared pair shares enough text to be a copy (of any kind).

    Args:
        match: A comparison result.
        min_coverage: Smallest share of either story that must lie in shared passages.

    Returns:
        True when at least ``min_coverage`` of one story is copied or edited from the
        other, in more than one sentence: a single shared sentence is a quotation, not
        a copy, unless it is nearly all of one story (:data:`FULL`).

    Examples:
        >>> x = Article(id="x", text="One two three four five.")
        >>> m = compare(x, Article(id="y", text="Six seven eight."))
        >>> is_copy(m)
        False
    """
    if match.relation == "shared_source":
        return False
    held = max(match.coverage_a, match.coverage_b)
    if not (held >= min_coverage and (match.shared >= 2 or held >= FULL)):
        return False
    if match.relation in ("identical", "verbatim") or not match.quoted or held >= FULL:
        return True  # a story held whole by the other has no telling of its own: it is a copy
    return max(match.narrative_a, match.narrative_b) >= min_coverage  # beyond a third party's words


def shares_a_source(match: Match, *, min_coverage: float = MIN_COVERAGE) -> bool:
    """Whether a pair that is no copy shares a third party's words: quotations or attributed speech.

    Two outlets that each quote the same ministry statement, or the same release's quotes, share
    that text without either copying the other. Such a pair is reported as ``shared_source``
    (with the passages and who is quoted) so that a fact-checker still sees it.

    Args:
        match: A comparison result.
        min_coverage: Smallest share of either story that must lie in shared passages.

    Returns:
        True when :func:`is_copy` is false, at least ``min_coverage`` of one story is shared and
        at least one shared sentence is a quotation on both sides.

    Examples:
        >>> q = '"We will build the plant this year," the minister said.'
        >>> a = Article(id="a", text="Officials met on Monday. " + q + " The talks went on late.")
        >>> b = Article(id="b", text="Farmers waited for news. " + q + " Prices fell on Friday.")
        >>> m = compare(a, b)
        >>> is_copy(m), shares_a_source(m), m.speakers
        (False, True, ('the minister',))
    """
    held = max(match.coverage_a, match.coverage_b)
    return match.quoted >= 1 and held >= min_coverage and not is_copy(match, min_coverage=min_coverage)
