"""The dateline grammar: ``LONDON, Sept 28 (Reuters) -``, ``BAKU, Azerbaijan, February 6.``...

A dateline is matched on the window that opens a paragraph, never searched for; its date takes
its year from the publication time when it omits it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from provenance.credits.records import Dateline, RawCredit
from provenance.registry import Registry

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# atomic repetition: a place word and a place end where they end (no backtracking into them)
_PLACE_WORD = r"[A-Z\u00c0-\u00de](?>(?:[\w'\u2019]|[.-](?=\w)){1,24})"
_DATELINE = re.compile(
    r"\A"  # matched on the window that opens a paragraph, never searched for
    rf"(?P<place>{_PLACE_WORD}(?>(?:[ ](?:(?:de|da|do|del|al|el|la|of)[ ])?{_PLACE_WORD}){{0,3}}))"
    r"(?:[ ]\[(?P<bracket>[A-Z][\w .'-]{1,30})\]"
    rf"|,[ ](?P<country>(?!{_MONTH}[ ]\d){_PLACE_WORD}(?>(?:[ ]{_PLACE_WORD}){{0,2}})))?"
    rf"(?:,?[ ](?:(?P<month>{_MONTH})[ ](?P<day>\d{{1,2}})|(?P<day2>\d{{1,2}})[ ](?P<month2>{_MONTH}))"
    r"(?:,?[ ](?P<year>(?:19|20)\d\d))?)?"
    r"(?:[ ]?\((?P<agency>[A-Z][\w.&' ]{0,30})\)[ ]?(?:--|[-\u2013\u2014:])?"
    r"|[ ]?/(?P<slash>[A-Za-z][\w.-]{0,30})/[ ]?(?:--|[-\u2013\u2014])?"
    r"|--\((?P<bw>[A-Z][A-Z ]{0,24})\)--"
    r"|\.[ ](?P<dot>[A-Z]{2,12}(?:\.[A-Z]{2,3})?)[ ]?[-\u2013\u2014]"
    r"|(?P<period>\.)(?=[ \n])"
    r"|[ ]?(?P<dash>--|[-\u2013\u2014])[ ])"
)
_PRESS = ("newswire", "presswire", "business wire", "accesswire", "globe newswire")


def _caps(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _title(place: str) -> str:
    return " ".join(w if not _caps(w) else w.capitalize() for w in place.split(" "))


def _year_near(month: int, day: int, published: date | None, year: int | None) -> date | None:
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    if published is None:
        return None
    best: date | None = None
    for y in (published.year - 1, published.year, published.year + 1):
        try:
            candidate = date(y, month, day)
        except ValueError:
            continue
        if best is None or abs(candidate - published) < abs(best - published):
            best = candidate
    # a dateline is at most a little after the publication time (time zones)
    if best is not None and best - published > timedelta(days=2):
        return None
    return best


def _plausible(m: re.Match[str], *, dated: bool, registry: Registry) -> bool:
    """Whether a dateline-shaped opening is a dateline.

    A Title-case place needs a date ("The Kremlin (Moscow)" is none), so does a place ended by a
    period (Trend's ``BAKU, Azerbaijan, February 6.``); a place before a bare dash is in capitals;
    a capitals word after ``PLACE.`` is a known agency (``ASTANA. KAZINFORM -``).
    """
    caps = _caps(m.group("place").split(" ")[0])
    if not (dated or caps) or (m.group("period") and not dated) or (m.group("dash") and not caps):
        return False
    return not (m.group("dot") and registry.resolve(m.group("dot")) is None)


def _dateline(
    text: str, pos: int, published: date | None, registry: Registry
) -> tuple[Dateline, RawCredit | None] | None:
    """A dateline at ``pos``, with the credit of the agency it names, if any."""
    m = _DATELINE.match(text[pos : pos + 200])
    if not m:
        return None
    place = m.group("place")
    month_text = m.group("month") or m.group("month2")
    agency = m.group("agency") or m.group("slash") or m.group("bw") or m.group("dot")
    if not _plausible(m, dated=month_text is not None, registry=registry):
        return None
    day_text = m.group("day") or m.group("day2")
    when = None
    if month_text and day_text:
        month = _MONTHS[month_text[:3].casefold()]
        year = int(m.group("year")) if m.group("year") else None
        when = _year_near(month, int(day_text), published, year)
    kind = None
    if agency:
        kind = "press_release" if any(p in agency.casefold() for p in _PRESS) else "dateline"
    pattern = "dateline." + next(
        name for name in ("agency", "slash", "bw", "dot", "period", "dash") if m.group(name) is not None
    )
    if kind == "press_release":
        pattern = "press_release.dateline"
    line = Dateline(
        place=_title(place.rstrip(".")),
        date=when,
        country=m.group("bracket") or m.group("country"),
        agency=agency,
        span=(pos + m.start(), pos + m.end()),
        pattern=pattern,
    )
    if not (agency and kind):
        return line, None
    at = pos + m.start(next(g for g in ("agency", "slash", "bw", "dot") if m.group(g) is not None))
    return line, RawCredit(
        kind=kind, agent=agency, span=line.span, name_span=(at, at + len(agency)), pattern=pattern
    )
