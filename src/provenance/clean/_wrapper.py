"""Step 10 of cleaning: the wrapper an agency or a republisher puts around a story.

``dateline`` (``LONDON, Sept 28 (Reuters) -``, ``MOSCOW, February 6. /TASS/.``), ``byline``
(``By John Smith``, or glued: ``By TrendThe ...``), ``credit`` (``..., Trend reports.``),
``signoff`` (``(Reporting by ...)``, ``--IANS``, ``jm/rl``, ``Enditem``) and ``caption`` (a
paragraph that is only a photo credit). Each is found as a :class:`~provenance.clean._text.Mark`.
"""

from __future__ import annotations

import re

from provenance.clean._text import Mark
from provenance.registry import Registry

__all__ = ["captions", "credit_clauses", "head", "signoffs"]

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = rf"(?:{_MONTH}\.?[ ]\d{{1,2}}|\d{{1,2}}[ ]{_MONTH}\.?)(?:,?[ ]\d{{4}})?"
_PLACE = (  # a place's name; "ST. PETERSBURG" and "Ft. Worth" abbreviate a first word
    r"(?:(?:ST|St|FT|Ft|MT|Mt)\.[ ])?"
    r"[A-Z][A-Za-z'\u00c0-\u017f-]{1,24}+(?:[ ][A-Z][A-Za-z'\u00c0-\u017f-]{1,24}+){0,2}"
)
_AGENCY = r"[A-Z][A-Za-z&.' -]{0,28}[A-Za-z.]"
_DASH = r"(?:--|[-\u2013\u2014:])"
_DATELINE = re.compile(
    # never inside a run of capitals (where a scan would try every one of its letters in turn)
    r"(?<![A-Z])"
    # LONDON, Sept 28 (Reuters) -   WASHINGTON (AP) --   New Delhi [India], Feb 6 (ANI):
    rf"(?:{_PLACE}(?:[ ]\[[A-Z][A-Za-z ]{{1,24}}\])?(?:,[ ]{_PLACE})?(?:,[ ]{_DAY})?,?[ ]?"
    rf"\((?P<paren>{_AGENCY})\)(?:[ ]?{_DASH}[ ]?|[ ](?=[A-Z\"']))"
    # CHICAGO --   NEW YORK, N.Y. -   (a place in capitals, then a dash)
    rf"|(?P<capitals>[A-Z]{{3,24}}+(?:[ ][A-Z]{{2,24}}+){{0,2}})(?:,[ ][A-Z][A-Za-z.]{{1,12}})?"
    r"[ ](?:--|[-\u2013\u2014])[ ]"
    # MOSCOW, February 6. /TASS/.   NEW YORK, Feb. 6, 2024 /PRNewswire/ --
    rf"|{_PLACE}(?:,[ ]{_PLACE})?,[ ]{_DAY}\.?[ ]?"
    rf"/(?P<slash>[A-Za-z][A-Za-z -]{{1,28}})/[ ]?(?:{_DASH}|\.)?[ ]?"
    # ASTANA. KAZINFORM -
    rf"|{_PLACE}\.[ ](?P<caps>[A-Z]{{3,12}})[ ]?{_DASH}[ ]?"
    # BAKU, Azerbaijan, February 6.   (Trend)   LONDON, January 12.   maybe with "By Name - Trend:" glued
    rf"|{_PLACE}(?:,[ ]{_PLACE})?,[ ]{_DAY}(?:\.|(?=By[ ]))[ ]?"
    rf"(?:By[ ][^\n:]{{1,60}}?[ ]{_DASH}[ ](?P<by>[A-Z][\w.]{{1,20}}):[ ]?)?)"
)
_BYLINE_LINE = re.compile(
    # a line of its own, or before the capitals of a dateline ("By John Smith WASHINGTON (AP) -")
    r"(?:By|BY|Written by)[ ][A-Z][\w'.-]{0,30}+(?:[ ](?:[A-Z][a-z][\w'.-]{0,29}+|[A-Z]{2,20}+)){0,5}"
    r"(?:,[ ][A-Z][\w'.-]{0,30}+){0,2}(?=\n|$|[ ][A-Z]{3,}\b)"
)
# "By TrendThe minister ...": a feed glued the byline to the story
_BYLINE_GLUED = re.compile(r"By[ ](?P<name>[A-Z][a-z]{1,20}+)(?=[A-Z][a-z])")
_REPORTS_HINT = re.compile(r"[ ]reports?\b")
_CREDIT_CLAUSE = re.compile(
    # "..., Trend reports, referring to the Azerbaijani Foreign Ministry."  "..., Azernews reports."
    r"(?:,[ ](?P<name>[A-Z][\w.-]{1,30}+(?:[ ][A-Z][\w.-]{1,30}+){0,3})[ ]reports?"
    r"(?:,?[ ](?:referring to|citing|with reference to|quoting)[ ][^.\n]{1,150}?)?)+"
    r"(?=\.(?:[ \n]|$))"
)
_SIGNING_AGENCIES = "IANS|AFP|AP|ANI|PTI|TASS|Xinhua|Reuters|dpa|UNI|AA|APA|Trend"
"""Agencies that sign off a story with their name after a dash ("--IANS"), on its own line or glued."""
_SIGNOFF_PART = (
    r"(?:\((?:Additional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Tt]ranslated|[Ww]ritten)[ ]by"
    r"[^()\n]{1,300}\)"
    rf"|(?:--|[-\u2013\u2014])[ ]?(?:{_SIGNING_AGENCIES})"
    r"|(?:Enditem|ENDITEM|END ITEM)\.?"
    r"|[a-z]{1,5}(?:/[a-z]{1,5}){1,3}"
    r"|/[A-Z]{2,8}/)"
)
_SIGNOFF_LINE = re.compile(rf"{_SIGNOFF_PART}(?:[ ]{{1,3}}{_SIGNOFF_PART}){{0,4}}")
_SIGNOFF_TAIL = re.compile(
    r"(?<=[.!?\"')\]])[ ]?(?:\((?:Additional )?[Rr]eporting[ ]by[^()\n]{1,300}\)"
    rf"|(?:--|[\u2013\u2014])[ ]?(?:{_SIGNING_AGENCIES})|Enditem\.?)"
)
_CAPTION_HINT = re.compile(r"Photo|Image|Picture")
_CAPTION = re.compile(
    r"(?:\(?(?:Photo|Photograph|Image|Picture)s?(?:[ ]credit)?(?:[ ]?:|[ ]by)[ ][^\n]{1,150}?\)?)(?=\n\n|\Z)"
)
_CAPTION_MAX = 160
_SIGNOFF_WINDOW = 600  # characters at the end of the story where a sign-off may stand


def head(s: str, pos: int) -> list[Mark]:
    """A byline and a dateline at the start of the story (``pos``), in either order."""
    found: list[Mark] = []
    for _ in range(3):
        while pos < len(s) and s[pos] in " \n":
            pos += 1
        m = _BYLINE_LINE.match(s, pos) or _glued_byline(s, pos)
        if m and not any(mark.kind == "byline" for mark in found):
            name = m.groupdict().get("name")
            found.append(Mark(kind="byline", start=m.start(), end=m.end(), value=name))
            pos = m.end()
            continue
        m = _DATELINE.match(s, pos)
        if m and not any(mark.kind == "dateline" for mark in found):
            names = (m.group("paren"), m.group("slash"), m.group("caps"), m.group("by"))
            # a place in capitals before a dash names no agency (its own value stays None)
            agency = next((g for g in names if g), None)
            found.append(
                Mark(kind="dateline", start=m.start(), end=m.end(), value=agency.strip() if agency else None)
            )
            pos = m.end()
            continue
        break
    return found


def _glued_byline(s: str, pos: int) -> re.Match[str] | None:
    """A byline glued to the story by a feed ("By TrendTim Henman was named ...").

    Only when the name glued is an agent the registry knows: a capital inside a word is
    otherwise a name's own ("By McDonald").
    """
    m = _BYLINE_GLUED.match(s, pos)
    if m is None or Registry.default().resolve(m.group("name")) is None:
        return None
    return m


def credit_clauses(s: str, start: int, end: int) -> list[Mark]:
    """Credit clauses inside the story ("..., Trend reports, referring to the ministry.")."""
    if not _REPORTS_HINT.search(s, start, end):
        return []
    return [
        Mark(kind="credit", start=m.start(), end=m.end(), value=m.group("name"))
        for m in _CREDIT_CLAUSE.finditer(s, start, end)
    ]


def captions(s: str, start: int, end: int) -> list[Mark]:
    """Paragraphs that are only a photo credit ("Photo: Caspian Today / Rashad Aliyev")."""
    if not _CAPTION_HINT.search(s, start, end):
        return []
    return [
        Mark(kind="caption", start=m.start(), end=m.end())
        for m in _CAPTION.finditer(s, start, end)
        if (m.start() == start or s[m.start() - 1] == "\n") and m.end() - m.start() <= _CAPTION_MAX
    ]


def signoffs(s: str, start: int, end: int) -> list[Mark]:
    """Sign-offs that end the story.

    Lines such as ``--IANS``, ``jm/rl``, ``Enditem`` or ``(Reporting by ...; Editing by ...)``,
    and the same glued to its last sentence.
    """
    found: list[Mark] = []
    while end > start:
        while end > start and s[end - 1] in " \n":
            end -= 1
        line = s.rfind("\n", start, end) + 1
        line = max(line, start)
        m = _SIGNOFF_LINE.fullmatch(s, line, end)
        if m is None:
            tail = _SIGNOFF_TAIL.search(s, max(line, end - _SIGNOFF_WINDOW), end)
            while tail is not None and tail.end() != end:
                tail = _SIGNOFF_TAIL.search(s, tail.end(), end)
            if tail is None or tail.start() <= start:
                break
            m = tail
        if m.start() <= start or not any(ch.isalnum() for ch in s[start : m.start()]):
            break  # a story is never all sign-off
        a = m.start()
        while s[a] == " ":
            a += 1
        found.append(Mark(kind="signoff", start=a, end=m.end()))
        end = m.start()
    found.reverse()
    return found
