"""Step 9 of cleaning: the regions around a story that are not story (metadata, headers, footers).

A ``metadata`` line (``date 2024-02-07``), an aggregator's syndication ``header``
(``(MENAFN- Trend News Agency)``), a portal's menu line and a date stamp open a text; credit
footers, disclaimers and a press release's issuer sections (``About <Company>``, forward-looking
statements, contacts) end it. Each is found as a :class:`~provenance.clean._text.Mark`.

What a syndication header looks like is said here only: :func:`header_parts` reads the reporter
and the credited source of a header region in the original text, for :mod:`provenance.credits`.
"""

from __future__ import annotations

import re

from provenance.clean._text import _BLANKS, Mark

__all__ = ["header_parts", "leading", "trailing"]

_METADATA = re.compile(
    r"(?:date|published|updated|posted)[ ]?:?[ ]?"
    r"(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)\b[ ]?",
    re.IGNORECASE,
)
_HEADER = re.compile(r"\((?:MENAFN ?|[A-Z][A-Za-z]{1,15})- ?([^()\n]{2,80})\)[ ]?")
# The same header as it stands in the original text, where what cleaning folds is still there (runs
# of spaces, non-breaking spaces, accented or look-alike letters): looser, so it is only ever read
# inside a span that _HEADER found in the cleaned text. It parts a header; it never finds one.
_HEADER_PARTS = re.compile(
    r"\(\s{0,3}(?P<reporter>[^()\n-]{1,30}?)\s{0,3}-\s{0,3}(?P<source>[^()\n]{1,80}?)\s{0,3}\)"
)
_NAVIGATION = re.compile(r"[^\n|]{1,30}+(?:[ ]?\|[ ]?[^\n|]{1,30}+){2,40}(?=\n|\Z)")
_STAMP = re.compile(
    r"(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})(?:[ ,T]{1,2}\d{1,2}:\d{2}(?::\d{2})?)?(?=\n|\Z)"
)
_FOOTER_START = re.compile(
    r"(?:sources?[ ]?:"
    r"|read (?:more|the (?:full|original) (?:story|article))\b"
    r"|(?:legal )?disclaimer\b"
    r"|originally (?:published|appeared)\b"
    r"|(?:this|the) (?:article|story) (?:was |has been )?(?:originally |first )?(?:published|appeared)\b"
    r"|editor[ ]?:"
    r"|(?:republished|reproduced|reprinted) (?:with|by) (?:kind )?permission\b"
    r"|(?:\u00a9|\(c\)|copyright)[ ]?(?:\u00a9[ ]?|\(c\)[ ]?)?(?:\d{4}|(?-i:[A-Z]))"
    r"|all rights reserved\b"
    r"|follow us on\b"
    r"|(?:subscribe|sign up) (?:to|for) (?:our|the)\b)",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(r"(?:legal )?disclaimer\b", re.IGNORECASE)
_RELEASE_SECTION = re.compile(
    # a heading of its own ("About Northwind Robotics", "Forward-Looking Statements", "Media contact")
    r"(?:About[ ](?:the[ ])?[A-Z][\w&.,'-]{0,40}+(?:[ ](?:[A-Z&][\w&.,'-]{0,40}+|of|and|for|de)){0,8}:?"
    r"|(?i:(?:cautionary[ ](?:note|statement)[ ]regarding[ ])?forward[- ]looking[ ]statements?"
    r"|safe[ ]harbou?r(?:[ ]statement)?|(?:media|press|investor)(?:[ ]relations)?[ ]contacts?|contacts?)"
    r"[ ]?:?)(?=\n|\Z)"
    # or a paragraph that opens such a section, or the trailer of a release wire
    r"|(?i:this[ ](?:press[ ])?release[ ]contains[ ]forward[- ]looking\b"
    r"|about[ ](?:the[ ])?[A-Z][\w&.,'-]{0,40}+(?:[ ][A-Z&][\w&.,'-]{0,40}+){0,8}:[ ])"
    r"|SOURCE[ ][A-Z]|View original content\b|###(?=\n|\Z)|-30-(?=\n|\Z)"
)
_FOOTER_VALUE = re.compile(
    r"(?:sources?[ ]?:|read more (?:at|on)|(?:originally|first) (?:published|appeared) (?:by|on|at|in)"
    r"|(?-i:SOURCE)(?=[ ][A-Z]))"
    r"[ ]?:?[ ]?([^\n]{1,120})",
    re.IGNORECASE,
)
_FOOTER_MAX = 400  # longest credit or boilerplate paragraph that is not a disclaimer's body


def header_parts(text: str, start: int, end: int) -> re.Match[str] | None:
    """The parts of a syndication header that cleaning set aside, read in the original text.

    Args:
        text: The original text.
        start: Where the ``header`` region starts in it.
        end: Where the region ends.

    Returns:
        A match of groups ``reporter`` (who republishes the story) and ``source`` (whom the
        header credits, as the original spells it), or None.

    Examples:
        >>> m = header_parts("(MENAFN-\u00a0Trend News Agency) BAKU", 0, 27)
        >>> m.group("reporter"), m.group("source")
        ('MENAFN', 'Trend News Agency')
    """
    return _HEADER_PARTS.match(text, start, end)


def leading(s: str) -> list[Mark]:
    """The metadata lines, syndication headers, menu lines and date stamps that open the text."""
    found: list[Mark] = []
    pos = 0
    while True:
        while pos < len(s) and s[pos] in " \n":
            pos += 1
        m = _METADATA.match(s, pos)
        if m:
            found.append(Mark(kind="metadata", start=m.start(), end=m.end(), value=m.group(1)))
            pos = m.end()
            continue
        m = _HEADER.match(s, pos)
        if m:
            found.append(Mark(kind="header", start=m.start(), end=m.end(), value=m.group(1).strip()))
            pos = m.end()
            continue
        m = _NAVIGATION.match(s, pos)
        if m:  # a portal's menu line: "Analytics | Politics | Home | World"
            found.append(Mark(kind="boilerplate", start=m.start(), end=m.end()))
            pos = m.end()
            continue
        m = _STAMP.match(s, pos)
        if m:  # a line that is only a date and time: "18.01.2024 21:17"
            found.append(Mark(kind="metadata", start=m.start(), end=m.end()))
            pos = m.end()
            continue
        break
    return found


def trailing(s: str, start: int) -> list[Mark]:
    """The footer: the longest run of footer paragraphs that ends the text.

    A footer paragraph starts like a credit or boilerplate line and is short, or it is
    the body of a disclaimer (it follows a paragraph that starts with "Disclaimer").
    Walking back from the end stops at the first paragraph that is neither, and the
    first paragraph of the text always stays: a text is never all footer. Cutting the
    footer and cleaning again therefore finds no more footer.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    for m in _BLANKS.finditer(s, start):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(s)))
    spans = [(b - len(s[a:b].lstrip(" \n")), a + len(s[a:b].rstrip(" \n"))) for a, b in spans]
    spans = [(a, b) for a, b in spans if b > a]  # each without its edge blanks, as the story keeps it

    def footer(k: int) -> bool:
        a, b = spans[k]
        if _FOOTER_START.match(s, a) and (b - a <= _FOOTER_MAX or _DISCLAIMER.match(s, a)):
            return True
        return k > 0 and bool(_DISCLAIMER.match(s, spans[k - 1][0]))

    first = len(spans)
    while first > 1 and footer(first - 1):
        first -= 1
    # a press release ends with sections that are the issuer's, not the story: everything from the
    # first such section on is footer ("About <Company>", forward-looking statements, contacts)
    head = next((k for k in range(1, first) if _RELEASE_SECTION.match(s, spans[k][0], spans[k][1])), None)
    if head is not None:
        first = head
    found: list[Mark] = []
    for a, b in spans[first:]:
        said = _FOOTER_VALUE.search(s, a, b)  # "This article was originally published by X."
        value = said.group(1).strip().rstrip(".") if said else None
        found.append(Mark(kind="footer", start=a, end=b, value=value))
    return found
