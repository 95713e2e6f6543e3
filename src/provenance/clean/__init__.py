r"""Cleaning: the story text of an article, a map back to the original, and what was set aside.

Cleaning turns the text as published into the text of the story, the part that a
copy shares with its original, and keeps for every character of the story the
offset it came from in the original text, so that every span the library reports
points into the text the user gave it.

Steps, in order (each keeps the offset map):

1. line breaks unified (``\r\n``, ``\r``, form feeds, Unicode line separators), and
   HTML character references decoded (``&amp;``, ``&nbsp;``, ``&#8217;``); a line
   holding bidirectional embeddings, overrides or isolates put in the order a reader
   reads it (a line stored backwards behind a right-to-left override reads forwards:
   :mod:`provenance._bidi`);
2. Unicode NFKC (fullwidth letters, ligatures, non-breaking spaces, composed accents);
3. invisible and format characters dropped (zero-width, BOM, bidirectional
   controls, variation selectors, control characters);
4. end-of-line hyphenation re-joined (``elec-\ntricity``, also with a soft
   hyphen), then soft hyphens dropped;
5. accents folded and mark runs stripped (matching is accent-insensitive): a Latin,
   Greek or Cyrillic letter loses its accents (``café`` is matched as ``cafe``,
   ``Ελλάδα`` as ``Ελλαδα``, U+0451 as U+0435), and so does any character that is not a
   letter; the generic combining marks (U+0300-U+036F and the other "Combining
   Diacritical Marks" blocks: accents, strokes, overlays, enclosing circles) are
   dropped after any character; a letter of another script keeps the marks of its own
   script (they spell its words: Devanagari vowel signs, Hebrew points), up to
   ``MAX_MARKS`` in a row. The original text and the offset map keep every mark, so
   what is shown to a reader is what was published;
6. quotes, dashes and spaces folded to ASCII;
7. look-alike Cyrillic, Greek, Armenian and Cherokee letters (Unicode's confusables,
   UTS #39) mapped to Latin inside Latin words (and in whole words made only of
   look-alikes, in a text written mostly in Latin letters);
8. hard-wrapped lines re-joined, paragraphs that a feed glued together separated,
   whitespace collapsed (paragraphs end up separated by one blank line); blank lines and
   spaces at the text's edges are dropped first, so they change no story;
9. regions that are not the story set aside and labelled (:class:`Region`):
   ``metadata`` (a leading ``date 2024-02-07``), ``header`` (an aggregator's
   syndication header such as ``(MENAFN- Trend News Agency)``) and ``footer``
   (credit footers and disclaimers at the end: ``Source: ...``, ``Read more at
   ...``, ``Legal Disclaimer: ...``);
10. the wrapper an agency or a republisher puts around the story set aside too:
   ``dateline`` (``LONDON, Sept 28 (Reuters) -``, ``BAKU, Azerbaijan, February 6.``,
   ``MOSCOW, February 6. /TASS/.``, ``NEW YORK, Feb. 6, 2024 /PRNewswire/ --``),
   ``byline`` (``By John Smith`` on a line of its own, or glued: ``By TrendThe ...``),
   ``credit`` (a credit clause: ``..., Trend reports, referring to the ministry.``) and
   ``signoff`` (``(Reporting by ...; Editing by ...)``, ``--IANS``, ``jm/rl``, ``Enditem``),
   so that a copy that differs from its original only there is a verbatim copy. A text
   that is all wrapper keeps it as its story.

Steps 9 and 10 are taken again on what is left until they find nothing more (a "Read more"
paragraph may be short enough for a footer only once its credit clause is cut), so that
cleaning a story again finds nothing to set aside.

Steps 1 to 6 and 8 are here; step 7 is in ``_lookalike``, step 9 in ``_regions`` and step 10 in
``_wrapper``; ``_text`` holds the text being cleaned with its offset map.

Examples:
    >>> page = (" date 2024-02-07 (MENAFN- Trend News Agency) BAKU, Azerbaijan, February 6. "
    ...         "The talks ended, Trend reports.")
    >>> story = clean(page)
    >>> story.text
    'The talks ended.'
    >>> [(r.kind, r.value) for r in story.regions]
    [('metadata', '2024-02-07'), ('header', 'Trend News Agency'), ('dateline', None), ('credit', 'Trend')]
    >>> story.source[slice(*story.span(4, 9))]
    'talks'
"""

from __future__ import annotations

import html
import re
import unicodedata
from array import array
from collections.abc import Iterable
from datetime import UTC, datetime

import attrs

from provenance._bidi import CONTROLS as _BIDI_CONTROLS
from provenance._bidi import reading_order
from provenance.clean import _wrapper
from provenance.clean._lookalike import unconfuse
from provenance.clean._regions import leading as _leading
from provenance.clean._regions import trailing as _trailing
from provenance.clean._text import _BLANKS, Mark, _has, _Text
from provenance.errors import EmptyStoryError

__all__ = ["CLEANER_VERSION", "MAX_MARKS", "Region", "Story", "clean"]

CLEANER_VERSION = "7"
"""Changes whenever cleaning changes what a text's story is; travels with fingerprints."""

REGION_KINDS = (
    "metadata",
    "header",
    "footer",
    "dateline",
    "byline",
    "credit",
    "signoff",
    "caption",
    "boilerplate",
)
"""Kinds of set-aside region. The cleaner sets aside all of them (``caption``: a paragraph that is
only a photo credit; ``boilerplate``: a portal's menu line); most ``boilerplate`` comes from
counts over many articles (:mod:`provenance.boilerplate`). ``dateline``, ``byline``, ``credit``
and ``signoff`` are the wrapper an agency or a republisher puts around a story: a copy that
differs from its original only there is a verbatim copy."""
WRAPPER_KINDS = ("dateline", "byline", "credit", "signoff")
"""The region kinds of a story's wrapper (see :data:`REGION_KINDS`)."""


@attrs.frozen(kw_only=True)
class Region:
    """A part of the original text that is not the story.

    Attributes:
        kind: One of :data:`REGION_KINDS`.
        start: Offset of the region's first character in the original text.
        end: Offset just past its last character.
        text: The region as it stands in the original text.
        value: What the region says, when it says one thing: the date of a
            metadata line, the credited source of a header or ``Source:`` footer,
            the agency of a dateline, the reporter of a credit clause, or, for
            ``boilerplate``, how many articles carry the same text.
    """

    kind: str = attrs.field(validator=attrs.validators.in_(REGION_KINDS))
    start: int = attrs.field(validator=attrs.validators.ge(0))
    end: int = attrs.field()
    text: str
    value: str | None = None

    @end.validator
    def _check_end(self, _: attrs.Attribute[int], value: int) -> None:
        if value < self.start:
            msg = f"end {value} is before start {self.start}"
            raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Story:
    """The story text of an article, with its offset map and what was set aside.

    Attributes:
        text: The cleaned story; paragraphs separated by one blank line.
        source: The original text.
        offsets: For each character of ``text``, the offset in ``source`` it came from.
        regions: The set-aside regions, in the order they occur.
        paragraphs: ``(start, end)`` spans of the paragraphs in ``text``.
        published: A publication date read from a metadata line, if any.
        version: The cleaner version that made this story.
    """

    text: str
    source: str = attrs.field(repr=False)
    offsets: array[int] = attrs.field(repr=False, eq=False)
    regions: tuple[Region, ...] = ()
    paragraphs: tuple[tuple[int, int], ...] = attrs.field(repr=False, default=())
    published: datetime | None = None
    version: str = CLEANER_VERSION

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the story text to the span it came from in the original.

        Args:
            start: Offset of the first character in :attr:`text`.
            end: Offset just past the last character in :attr:`text`.

        Returns:
            ``(start, end)`` offsets in :attr:`source`.

        Raises:
            IndexError: The span is outside the story text.
        """
        if not 0 <= start <= end <= len(self.text):
            msg = f"span ({start}, {end}) outside story of length {len(self.text)}"
            raise IndexError(msg)
        if start == end:
            at = self.offsets[start] if start < len(self.offsets) else len(self.source)
            return at, at
        covered = self.offsets[start:end]  # not increasing where a line was put in reading order
        first, last = min(covered), max(covered)
        stop = last + 1
        while stop < len(self.source) and unicodedata.category(self.source[stop])[0] == "M":
            stop += 1  # a letter ends after its combining marks (composed, or folded away)
        return first, stop


# 1. line breaks -------------------------------------------------------------
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028]|\u2029")


def _break(m: re.Match[str]) -> str:
    return "\n\n" if m.group() == "\u2029" else "\n"


# 1b. HTML character references left in the text by feeds (&amp; &nbsp; &#8217;)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _entity(m: re.Match[str]) -> str:
    value = html.unescape(m.group())
    return value if len(value) == 1 else m.group()  # an unknown name stays as written


# 1c. bidirectional controls: each line that holds one, in reading order
_BIDI_CONTROL = re.compile("[" + _BIDI_CONTROLS + "]")


def _bidi(t: _Text) -> None:
    """Put every line that holds an embedding, override or isolate control in reading order."""
    done = -1
    for m in _BIDI_CONTROL.finditer(t.s):
        if m.start() < done:
            continue  # on a line already done
        start = t.s.rfind("\n", 0, m.start()) + 1
        end = t.s.find("\n", m.start())
        end = len(t.s) if end < 0 else end
        order = reading_order(t.s[start:end])
        if order is not None:
            t.reorder(start, order)
        done = end


# 2. NFKC on runs of non-ASCII characters (with the character before, for combining marks)
_NON_ASCII = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


def _nfkc(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", m.group())


# 3. invisible characters: format (Cf), controls other than tab and newline, variation selectors and
# the combining grapheme joiner
_INVISIBLE_CHARS = "".join(
    ch
    for ch in map(chr, range(0x3000))
    if (unicodedata.category(ch) == "Cf" or (unicodedata.category(ch) == "Cc" and ch not in "\t\n"))
    and ch != "\u00ad"  # the soft hyphen is dropped after hyphenation is re-joined
)
_SOFT_HYPHEN = re.compile("\u00ad+")
_INVISIBLE = re.compile(
    "[" + re.escape(_INVISIBLE_CHARS) + "\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\u034f]+"
)

# 4. end-of-line hyphenation: a word broken at a line end, continued in lower case
_HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])[-\u00ad][ \t]*\n[ \t]*(?=[^\W\d_])")
_HYPHEN_HINT = re.compile(r"[-\u00ad][ \t]*\n")  # what a _HYPHEN_BREAK match needs: a quick first look


def _unhyphen(m: re.Match[str]) -> str:
    # a lower-case continuation is one word broken in two; before a capital the
    # hyphen belongs to a compound ("East-\nWest"): keep it, drop the break
    return "" if m.string[m.end()].islower() else "-"


# 5. accents and marks: see the module docstring
MAX_MARKS = 4
"""Most combining marks of its own script a letter keeps in a row: more is a stack no spelling uses."""
_GENERIC_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# Latin, Greek and Cyrillic, with their extensions (and ASCII, Latin-1 and the IPA and spacing blocks)
_LGC = (
    "\u0000-\u052f\u1c80-\u1c8f\u1d00-\u1dbf\u1e00-\u1fff\u2c60-\u2c7f\u2de0-\u2dff"
    "\ua640-\ua69f\ua720-\ua7ff\uab30-\uab6f\ufb00-\ufb06"
)
_LGC_CHAR = re.compile("[" + _LGC + "]")
_GENERIC_MARK = re.compile("[" + _GENERIC_MARKS + "]")


def _ranges(codes: Iterable[int]) -> str:
    """A regex character class body of the code points, as ranges (a class of single characters is slow)."""
    out: list[str] = []
    run: list[int] = []
    for code in codes:
        if run and code == run[-1] + 1:
            run[-1] = code
            continue
        if run:
            out.append(re.escape(chr(run[0])) + "-" + re.escape(chr(run[1])))
        run = [code, code]
    if run:
        out.append(re.escape(chr(run[0])) + "-" + re.escape(chr(run[1])))
    return "".join(out)


_MARK_CLASS = _ranges(
    code
    for code in [*range(0x300, 0x20000), *range(0xE0100, 0xE01F0)]
    if unicodedata.category(chr(code))[0] == "M"
)
_MARKS = re.compile("[" + _MARK_CLASS + "]+")
_HAS_MARK = re.compile("[" + _MARK_CLASS + "]")


def _accent_table() -> dict[int, str]:
    """Each accented Latin, Greek or Cyrillic letter (one code point) to its base letter."""
    table: dict[int, str] = {}
    for code in [*range(0xC0, 0x530), *range(0x1E00, 0x2000), *range(0x2C60, 0x2C80), *range(0xA640, 0xA800)]:
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) > 1 and all(unicodedata.category(p)[0] == "M" for p in parts[1:]):
            table[code] = parts[0]
    return table


_ACCENTED = _accent_table()


def _strip_marks(m: re.Match[str]) -> str:
    at = m.start()
    before = m.string[at - 1] if at else " "
    if _LGC_CHAR.match(before) or not before.isalpha():
        return ""  # an accent, a stroke or a stack on a Latin, Greek or Cyrillic letter, or on no letter
    own = _GENERIC_MARK.sub("", m.group())
    return own[:MAX_MARKS]


def _fold_marks(t: _Text) -> None:
    if t.s.isascii():
        return
    folded = t.s.translate(_ACCENTED)  # one to one: the offsets do not move
    t.s = folded
    if _HAS_MARK.search(t.s):
        t.sub(_MARKS, _strip_marks)


# 6. quotes, dashes and spaces folded, one character to one
_FOLD: dict[int, str] = {
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc\u2039\u203a`\u00b4"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"), '"'),
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"),
    **dict.fromkeys(
        map(
            ord,
            "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000",
        ),
        " ",
    ),
}

# 7. look-alikes: see provenance.clean._lookalike

# 8. structure -----------------------------------------------------------------
# spaces before or after a line break; a run is tried from its first space only, so a long
# run of spaces that ends in no line break costs linear time, not quadratic
_LINE_EDGES = re.compile(r"(?<![ ])[ ]+(?=\n)|(?<=\n)[ ]+")
_LINE = re.compile(r"(?<!\n)\n(?!\n)")
_EDGES = re.compile(r"\A[ \n]+|[ \n]+\Z")
# a sentence end glued to a capitalised word of three letters or more ("discussed.Minister");
# two-letter tails are left alone: they are domains and outlet names ("News.Az", "Trend.Az")
_GLUED = re.compile(r"(?<=[a-z\u00df-\u00ff]{2}[.!?])(?=[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]{2})")
_SPACES = re.compile(r" {2,}")
_GLUED_HINT = re.compile(r"[.!?][A-Z\u00c0-\u00de]")  # what a _GLUED match needs: a quick first look
_SENTENCE_END = re.compile(r"""[.!?:;"')\]]$""")


def _wrapped(s: str) -> bool:
    """Whether single line breaks in a text without blank lines are hard wraps.

    Paragraph-per-line text ends most lines with sentence punctuation; hard-wrapped
    text ends most lines in the middle of a sentence.
    """
    lines = [line for line in s.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    ended = sum(1 for line in lines[:-1] if _SENTENCE_END.search(line.rstrip()))
    return ended < (len(lines) - 1) / 2


def _trim_line_edges(t: _Text) -> None:
    if " \n" in t.s or "\n " in t.s:  # what a _LINE_EDGES match needs
        t.sub(_LINE_EDGES, "")


def _structure(t: _Text) -> None:
    _trim_line_edges(t)
    _trim_edges(t)  # blank lines at the edges say nothing of how the text breaks its lines
    if "\n\n\n" in t.s:
        t.sub(_BLANKS, "\n\n")
    if t.s.count("\n") > 2 * t.s.count("\n\n"):  # line breaks come one or two together: one is alone
        if "\n\n" in t.s or _wrapped(t.s):
            t.sub(_LINE, " ")
        else:
            t.sub(_LINE, "\n\n")
    if _GLUED_HINT.search(t.s):
        t.sub(_GLUED, "\n\n")
    if "  " in t.s:
        t.sub(_SPACES, " ")
    _trim_line_edges(t)
    _trim_edges(t)  # the regions are found in the text a second cleaning would start from


def _trim_edges(t: _Text) -> None:
    if t.s[:1] in (" ", "\n") or t.s[-1:] in (" ", "\n"):  # what the pattern needs ("" is in no tuple)
        t.sub(_EDGES, "")


def _without(s: str, start: int, end: int, marks: list[Mark]) -> str:
    """The text from ``start`` to ``end`` less the marked spans (sorted, inside it)."""
    pieces, pos = [], start
    for mark in sorted(marks, key=lambda mark: mark.start):
        pieces.append(s[pos : mark.start])
        pos = mark.end
    pieces.append(s[pos:end])
    return "".join(pieces)


def _parse_date(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _region(text: str, t: _Text, mark: Mark) -> Region:
    a, b = mark.start, mark.end
    while b > a + 1 and t.s[b - 1] in " \n":
        b -= 1
    covered = t.off[a:b]  # not increasing where a line was put in reading order
    start, end = min(covered), max(covered) + 1
    return Region(kind=mark.kind, start=start, end=end, text=text[start:end], value=mark.value)


def _characters(t: _Text) -> None:
    """Steps 1 to 7: breaks, entities, NFKC, invisible characters, hyphens, marks, folding, look-alikes."""
    if _has(t.s, "\r\x0b\x0c\x85\u2028\u2029"):
        t.sub(_BREAKS, _break)
    if "&" in t.s:
        t.sub(_ENTITY, _entity)
    if _has(t.s, _BIDI_CONTROLS):
        _bidi(t)
    if not t.s.isascii() and not unicodedata.is_normalized("NFKC", t.s):
        t.sub(_NON_ASCII, _nfkc)
    if not t.s.isascii() or not t.s.replace("\n", "").replace("\t", "").isprintable():
        t.sub(_INVISIBLE, "")  # in ASCII it matches only the controls other than tab and newline
    if _HYPHEN_HINT.search(t.s):
        t.sub(_HYPHEN_BREAK, _unhyphen)
    if "\u00ad" in t.s:
        t.sub(_SOFT_HYPHEN, "")
    _fold_marks(t)
    t.translate(_FOLD)
    unconfuse(t)
    if not t.s.isascii() and not unicodedata.is_normalized("NFKC", t.s):
        t.sub(_NON_ASCII, _nfkc)  # letters that dropped characters brought next to combining marks


_ROUNDS = 16
"""Most extra rounds of steps 1 to 7. Each round only removes, decodes, composes or maps to Latin,
so a text settles in a round or two; the bound is for safety."""


def _entities_left(s: str) -> bool:
    """Whether ``s`` holds an entity that decodes (one the steps made, or one escaped twice)."""
    return "&" in s and any(_entity(m) != m.group() for m in _ENTITY.finditer(s))


def _marks(t: _Text) -> list[Mark]:
    """The text's marks, in order: leading (metadata, headers, menus), wrapper, trailing (footers)."""
    leading = _leading(t.s)
    body_start = leading[-1].end if leading else 0
    trailing = _trailing(t.s, body_start)
    body_end = trailing[0].start if trailing else len(t.s)
    head = _wrapper.head(t.s, body_start)
    story_start = head[-1].end if head else body_start
    tail = _wrapper.signoffs(t.s, story_start, body_end)
    story_end = tail[0].start if tail else body_end
    wrapper = (
        head
        + _wrapper.credit_clauses(t.s, story_start, story_end)
        + _wrapper.captions(t.s, story_start, story_end)
        + tail
    )
    wrapper.sort(key=lambda mark: mark.start)
    if wrapper and not any(ch.isalnum() for ch in _without(t.s, body_start, body_end, wrapper)):
        wrapper = []  # a text that is all wrapper keeps it as its story
    return sorted(leading + wrapper + trailing, key=lambda mark: mark.start)


def clean(text: str) -> Story:
    r"""Clean an article text into its story.

    Args:
        text: The text as published.

    Returns:
        The story, its offset map into ``text`` and the set-aside regions.

    Raises:
        EmptyStoryError: No story text is left (empty, blank or boilerplate only).

    Examples:
        >>> clean("The elec-\ntion was held\non Sunday.\u200b").text
        'The election was held on Sunday.'
    """
    t = _Text.of(text)
    _characters(t)
    for _ in range(_ROUNDS):  # what a round made may call for another, as a second cleaning would find
        if t.s.isascii() and not _entities_left(t.s):
            break  # a round leaves ASCII text as it is, but for an entity it formed ("&n\x11e;" -> "&ne;")
        before = t.s
        _characters(t)  # non-ASCII: a mark may now sit by its letter, and the word look otherwise
        if t.s == before:
            break
    _structure(t)

    found: list[list[Region]] = []  # each round's, in order
    published = None
    for _ in range(_ROUNDS):  # what is left once a round's regions are cut may show more of them
        marks = _marks(t)
        if published is None:  # metadata is found only at the start of a text
            published = next((_parse_date(m.value) for m in marks if m.kind == "metadata" and m.value), None)
        if not marks:
            break
        size = len(t.s)
        found.append([_region(text, t, mark) for mark in marks])
        t.cut((mark.start, mark.end) for mark in marks)
        _trim_line_edges(t)
        _trim_edges(t)
        if len(t.s) == size:
            break
    every = [region for regions in found for region in regions]  # a later round's lie between, or around
    regions = tuple(every if len(found) == 1 else sorted(every, key=lambda region: region.start))
    if not any(ch.isalnum() for ch in t.s):
        what = "empty text" if not text.strip() else "no story text left after cleaning"
        raise EmptyStoryError(what)
    paragraphs = []
    pos = 0
    for m in _BLANKS.finditer(t.s):
        paragraphs.append((pos, m.start()))
        pos = m.end()
    paragraphs.append((pos, len(t.s)))
    return Story(
        text=t.s,
        source=text,
        offsets=t.off,
        regions=regions,
        paragraphs=tuple(paragraphs),
        published=published,
    )
