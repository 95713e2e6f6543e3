r"""Side by side: each text of a pair cut into pieces, each piece marked with what it is.

A pair's two texts are shown whole, each in its column, every character once: the
passages of the alignment (``copied``, ``edited``, ``dropped``, ``added``), the
set-aside regions (greyed, labelled by their kind, whatever the kind), the credits,
and inside each edited passage the words that differ (``del`` on the original's side,
``ins`` on the copy's), found by :class:`difflib.SequenceMatcher` over the words.

:func:`pieces` cuts one text by a list of :class:`Mark` records; :func:`pair_marks`
makes the marks of both sides of a match.

Examples:
    >>> text = "One two. Three four."
    >>> [(p.text, p.marks) for p in pieces(text, [Mark(start=0, end=8, name="copied", passage=1)])]
    [('One two.', ('copied',)), (' Three four.', ())]
    >>> runs("a\u202eb")
    [('a', False), ('U+202E', True), ('b', False)]
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Sequence

import attrs

from provenance.article import Article
from provenance.chain import Chain
from provenance.clean import Region
from provenance.compare import Match
from provenance.export import runs, visible

__all__ = ["Mark", "Piece", "pair_marks", "pieces", "runs", "side_by_side", "visible", "word_edits"]

_WORD = re.compile(r"\w+")


@attrs.frozen(kw_only=True)
class Mark:
    """What a span of one text is.

    Attributes:
        start: Offset of the first character in the text.
        end: Offset just past the last.
        name: What it is: a passage status, ``"aside"`` (a set-aside region), ``"credit"``,
            ``"ins"`` or ``"del"`` (a word edited in an edited passage).
        passage: The passage's number in the pair, for a passage (and its edited words).
        label: A label to show (the region's kind, the credit's pattern).
    """

    start: int = attrs.field(validator=attrs.validators.ge(0))
    end: int = attrs.field(validator=Region._check_end)  # a region's rule: never before start
    name: str
    passage: int | None = None
    label: str | None = None


@attrs.frozen(kw_only=True)
class Piece:
    """A stretch of text whose marks are the same throughout.

    Attributes:
        start: Offset of the first character in the text.
        text: The characters.
        marks: The names of the marks over it, sorted.
        passage: The passage it belongs to, if any.
        first: Whether it opens its passage (where the passage's number is shown).
        label: The label of an ``aside`` or ``credit`` mark that opens here.
    """

    start: int
    text: str
    marks: tuple[str, ...]
    passage: int | None = None
    first: bool = False
    label: str | None = None


def pieces(text: str, marks: Iterable[Mark]) -> list[Piece]:
    """Cut a text into pieces at every mark's ends; each piece carries the marks over it.

    Args:
        text: The whole text.
        marks: Spans of the text (clipped to it).

    Returns:
        Pieces covering the text in order, every character once.
    """
    size = len(text)
    opening: dict[int, list[Mark]] = {}
    closing: dict[int, list[Mark]] = {}
    cuts = {0, size}
    for m in marks:
        start, end = min(m.start, size), min(m.end, size)
        if start == end:
            continue
        opening.setdefault(start, []).append(m)
        closing.setdefault(end, []).append(m)
        cuts.update((start, end))
    active: list[Mark] = []
    out: list[Piece] = []
    seen: set[int] = set()
    ordered = sorted(cuts)
    for x, y in itertools.pairwise(ordered):
        for m in closing.get(x, ()):
            active.remove(m)
        opened = opening.get(x, [])
        active.extend(opened)
        passage = next((m.passage for m in active if m.passage is not None), None)
        first = passage is not None and passage not in seen
        if passage is not None:
            seen.add(passage)
        label = next((m.label for m in opened if m.label and m.name in ("aside", "credit")), None)
        out.append(
            Piece(
                start=x,
                text=text[x:y],
                marks=tuple(sorted({m.name for m in active})),
                passage=passage,
                first=first,
                label=label,
            )
        )
    return out


def _words(
    text: str, start: int, end: int, aside: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, str]]:
    """The words of a span, less those in set-aside regions (which are not story, so never edits)."""
    return [
        (m.start(), m.end(), m.group().casefold())
        for m in _WORD.finditer(text, start, end)
        if not any(a <= m.start() < b for a, b in aside)
    ]


def word_edits(
    a: str,
    span_a: tuple[int, int],
    b: str,
    span_b: tuple[int, int],
    *,
    aside: tuple[Sequence[tuple[int, int]], Sequence[tuple[int, int]]] = ((), ()),
) -> tuple[list[Mark], list[Mark]]:
    """The words that differ between two spans: ``del`` marks in ``a``, ``ins`` marks in ``b``.

    Words are compared case-folded; punctuation and spacing are not differences (cleaning
    ignores them too).

    Args:
        a: The first text.
        span_a: The span of the passage in ``a``.
        b: The second text.
        span_b: The span of the passage in ``b``.
        aside: Spans set aside in ``a`` and in ``b``: their words are left out of the comparison.

    Returns:
        The marks of each side.

    Examples:
        >>> dels, inss = word_edits("the red car", (0, 11), "the blue car", (0, 12))
        >>> [("the red car"[m.start:m.end]) for m in dels], [("the blue car"[m.start:m.end]) for m in inss]
        (['red'], ['blue'])
    """
    wa, wb = _words(a, *span_a, aside[0]), _words(b, *span_b, aside[1])
    matcher = difflib.SequenceMatcher(None, [w for _, _, w in wa], [w for _, _, w in wb], autojunk=False)
    dels: list[Mark] = []
    inss: list[Mark] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i2 > i1:
            dels.append(Mark(start=wa[i1][0], end=wa[i2 - 1][1], name="del"))
        if j2 > j1:
            inss.append(Mark(start=wb[j1][0], end=wb[j2 - 1][1], name="ins"))
    return dels, inss


def _credit_marks(chain: Chain | None) -> list[Mark]:
    if chain is None:
        return []
    return [
        Mark(start=c.span[0], end=c.span[1], name="credit", label=f"credit: {c.kind}")
        for c in chain.credits.credits
    ]


def pair_marks(
    match: Match, *, chains: Sequence[Chain | None] = (None, None), texts: tuple[str, str] | None = None
) -> tuple[list[Mark], list[Mark]]:
    """The marks of both texts of a match: passages, word edits, set-aside regions, credits.

    Args:
        match: The match, ``a`` on the left, ``b`` on the right.
        chains: The chains of ``a`` and ``b`` (for their credits), if known.
        texts: The texts of ``a`` and ``b``, needed for the word edits of edited passages.

    Returns:
        The marks of ``a``'s text and of ``b``'s.

    Examples:
        >>> from provenance import Article, compare
        >>> x = Article(id="x", text="The talks ended. They left.")
        >>> m = compare(x, Article(id="y", text="The talks ended."))
        >>> left, right = pair_marks(m)
        >>> [(k.name, k.start, k.end) for k in left], [(k.name, k.start, k.end) for k in right]
        ([('copied', 0, 16), ('dropped', 17, 27)], [('copied', 0, 16)])
    """
    left: list[Mark] = []
    right: list[Mark] = []
    for n, p in enumerate(match.passages, start=1):
        if p.a is not None:
            left.append(Mark(start=p.a[0], end=p.a[1], name=p.status, passage=n))
        if p.b is not None:
            right.append(Mark(start=p.b[0], end=p.b[1], name=p.status, passage=n))
        if p.status == "edited" and p.a is not None and p.b is not None and texts is not None:
            aside = ([(r.start, r.end) for r in match.regions_a], [(r.start, r.end) for r in match.regions_b])
            dels, inss = word_edits(texts[0], p.a, texts[1], p.b, aside=aside)
            left += dels
            right += inss
    left += [Mark(start=r.start, end=r.end, name="aside", label=r.kind) for r in match.regions_a]
    right += [Mark(start=r.start, end=r.end, name="aside", label=r.kind) for r in match.regions_b]
    left += _credit_marks(chains[0])
    right += _credit_marks(chains[1])
    return left, right


def side_by_side(
    match: Match, a: Article, b: Article, *, chains: Sequence[Chain | None] = (None, None)
) -> tuple[list[Piece], list[Piece]]:
    """Both texts of a match cut into marked pieces.

    Args:
        match: The match of ``a`` and ``b``.
        a: The article on the left (``match.a``).
        b: The article on the right (``match.b``).
        chains: Their chains, for the credits.

    Returns:
        The pieces of ``a``'s text and of ``b``'s.
    """
    left, right = pair_marks(match, chains=chains, texts=(a.text, b.text))
    return pieces(a.text, left), pieces(b.text, right)
