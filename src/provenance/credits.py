r"""Credits: whom an article says its story came from, each with its evidence in the original text.

:func:`extract` reads an article's text as published and returns its :class:`Credits`:
every credit line, wire dateline, signature and reporting phrase it finds, each a
:class:`Credit` with the name as found, the registry :class:`~provenance.registry.Agent`
it resolves to (or None: unknown agents are kept, unresolved), the ``(start, end)`` span of
its evidence in the *original* text, and the name of the pattern that found it; and the
article's :class:`Dateline` (place and date, the year taken from the publication time when
the dateline omits it).

The pattern families (``docs/reference/credits.md`` lists every pattern, with an example
and a near miss):

* ``header`` and ``footer``: an aggregator's syndication header ``(MENAFN- X)`` and credit
  footers (``Source: X``, ``Read more at X``, ``Originally published by/on X``,
  ``Republished with permission of X``, ``(c)``/``Copyright X``), read from the regions that
  :func:`provenance.clean.clean` sets aside;
* ``dateline`` and ``press_release``: ``LONDON, Sept 28 (Reuters) -``, ``WASHINGTON (AP) -``,
  ``BEIJING, Feb. 6 (Xinhua) --``, ``New Delhi [India], Feb 6 (ANI):``, ``ASTANA. KAZINFORM -``,
  ``BAKU, Azerbaijan, February 6.`` (Trend), ``/PRNewswire/``, ``(GLOBE NEWSWIRE)``,
  ``(BUSINESS WIRE)``;
* ``signature``: ``(Reporting by ...; Editing by ...)`` (Reuters), ``--IANS``,
  ``..., Trend reports.``, ``Trend xəbər verir``, ``сообщает Trend``;
* ``reporting``: phrases that name a primary source: ``X reports, referring to Y``,
  ``citing Y``, ``with reference to Y``, ``according to Y``, ``Y said in a statement``,
  ``the press service of Y``, ``сообщает X со ссылкой на Y``, ``Y-yə istinadən X xəbər verir``;
* ``byline`` and ``photo``: recorded as such, never as the source of the story.

Every pattern runs in time linear in the text: a regular expression without nested
unbounded quantifiers finds a keyword, and names are read from a bounded window next to it.

Examples:
    >>> page = (" date 2024-02-07 (MENAFN- Trend News Agency) BAKU, Azerbaijan, February 6. "
    ...         "The minister met the envoy, Trend reports, referring to the Azerbaijani Foreign Ministry.")
    >>> found = extract(page)
    >>> [(c.kind, c.agent, c.reporter, c.pattern) for c in found.credits]
    [('header', 'Trend News Agency', 'MENAFN', 'header.syndication'),
     ('reporting', 'Azerbaijani Foreign Ministry', 'Trend', 'reporting.referring_to')]
    >>> found.credits[1].resolved.name
    'Ministry of Foreign Affairs of Azerbaijan'
    >>> page[slice(*found.credits[0].span)]
    '(MENAFN- Trend News Agency)'
    >>> found.dateline.place, found.dateline.date
    ('Baku', datetime.date(2024, 2, 6))
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta

import attrs

from provenance.article import Article
from provenance.clean import Region, Story, clean
from provenance.errors import EmptyStoryError
from provenance.registry import Agent, Registry, normalise

__all__ = ["KINDS", "SOURCE_KINDS", "Credit", "Credits", "Dateline", "extract"]

KINDS = ("header", "footer", "dateline", "press_release", "signature", "reporting", "byline", "photo")
"""Credit kinds, from the most explicit credit of a republisher to the least."""
SOURCE_KINDS = KINDS[:6]
"""The kinds that name a source of the story (bylines and photo credits do not)."""

_WINDOW = 160  # characters read on either side of a keyword for a name
_MAX_WORDS = 10  # words in a name
_MAX_HITS = 2000  # keyword hits read per pattern in one text: an article has a handful


def _span(_: object, attribute: attrs.Attribute[tuple[int, int]], value: tuple[int, int]) -> None:
    if not (isinstance(value, tuple) and len(value) == 2 and 0 <= value[0] <= value[1]):
        msg = f"{attribute.name} must be (start, end) with 0 <= start <= end, got {value!r}"
        raise ValueError(msg)


def _optional_span(obj: object, attribute: attrs.Attribute[tuple[int, int]], value: object) -> None:
    if value is not None:
        _span(obj, attribute, value)  # type: ignore[arg-type]


def _nonempty(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        msg = f"{attribute.name} must not be empty"
        raise ValueError(msg)


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


_str = attrs.validators.instance_of(str)
_opt_str = attrs.validators.optional(_str)
_opt_agent = attrs.validators.optional(attrs.validators.instance_of(Agent))


@attrs.frozen(kw_only=True)
class Credit:
    """One credit: a name the text gives as a source, with its evidence.

    Attributes:
        kind: One of :data:`KINDS`.
        agent: The credited name as found (for a reporting phrase, the primary source).
        resolved: The registry agent the name resolves to, or None (unresolved).
        span: ``(start, end)`` of the evidence (the whole credit line or phrase) in the original text.
        name_span: ``(start, end)`` of the name itself in the original text, when it stands there as found.
        pattern: The name of the pattern that found it (``"header.syndication"``, ``"reporting.citing"``...).
        reporter: The agent that gives the credit, as found: the republisher of a syndication
            header (``MENAFN``), the outlet of a reporting phrase (``Trend`` in ``Trend reports,
            referring to ...``); None when the text does not name it.
        reporter_resolved: The registry agent the reporter resolves to, or None.
        people: Persons named by a signature, byline or photo credit.
    """

    kind: str = attrs.field(validator=attrs.validators.in_(KINDS))
    agent: str = attrs.field(validator=[_str, _nonempty])
    resolved: Agent | None = attrs.field(default=None, validator=_opt_agent)
    span: tuple[int, int] = attrs.field(validator=_span)
    name_span: tuple[int, int] | None = attrs.field(default=None, validator=_optional_span)
    pattern: str = attrs.field(validator=[_str, _nonempty])
    reporter: str | None = attrs.field(default=None, validator=_opt_str)
    reporter_resolved: Agent | None = attrs.field(default=None, validator=_opt_agent)
    people: tuple[str, ...] = attrs.field(default=(), converter=_strings)

    @property
    def name(self) -> str:
        """The canonical name when resolved, else the name as found."""
        return self.resolved.name if self.resolved else self.agent

    @property
    def is_source(self) -> bool:
        """Whether the credit names a source of the story (bylines and photo credits do not)."""
        return self.kind in SOURCE_KINDS


@attrs.frozen(kw_only=True)
class Dateline:
    """Where and when a story was filed, as its opening says.

    Attributes:
        place: The place, in title case (``"Baku"``, ``"New Delhi"``).
        date: The date, the year taken from the publication time when the dateline omits it;
            None when the dateline has no date, or no year and no publication time is known.
        country: The country the dateline adds (``BAKU, Azerbaijan,``; ``New Delhi [India],``).
        agency: The agency named in the dateline (``Reuters`` of ``LONDON, Sept 28 (Reuters) -``).
        span: ``(start, end)`` of the dateline in the original text.
        pattern: The name of the pattern that found it.
    """

    place: str = attrs.field(validator=[_str, _nonempty])
    date: date | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(date))
    )
    country: str | None = attrs.field(default=None, validator=_opt_str)
    agency: str | None = attrs.field(default=None, validator=_opt_str)
    span: tuple[int, int] = attrs.field(validator=_span)
    pattern: str = attrs.field(validator=[_str, _nonempty])


@attrs.frozen(kw_only=True)
class Credits:
    """Everything an article says about where its story came from.

    Attributes:
        credits: The credits, in the order of their spans.
        dateline: The dateline, if the story opens with one.
    """

    credits: tuple[Credit, ...] = ()
    dateline: Dateline | None = None

    @property
    def sources(self) -> tuple[Credit, ...]:
        """The credits that name a source (all but bylines and photo credits)."""
        return tuple(c for c in self.credits if c.is_source)

    def of_kind(self, *kinds: str) -> tuple[Credit, ...]:
        """The credits of the given kinds, in text order."""
        return tuple(c for c in self.credits if c.kind in kinds)


# --- names: read from a bounded window next to a keyword ------------------------------------

_CONNECTORS = frozenset(
    {
        "of",
        "the",
        "for",
        "and",
        "de",
        "du",
        "des",
        "la",
        "le",
        "al",
        "el",
        "on",
        "und",
        "van",
        "von",
        "&",
        "və",
    }
)
_NOT_A_NAME = frozenset(
    {
        "A", "An", "The", "It", "Its", "This", "That", "These", "Those", "He", "She", "They", "We",
        "I", "You", "His", "Her", "Their", "Our", "My", "Your", "There", "Here", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
        "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December", "Meanwhile", "However", "Also", "Earlier", "Later", "Today", "Yesterday",
        "Separately", "Additionally", "Moreover", "Furthermore", "Then", "Now", "In", "On", "At",
        "As", "But", "And", "So", "Thus", "Previously", "Last", "Next", "Both", "Some", "Many",
        "Several", "Most", "All", "Unnamed", "Anonymous", "Local",
        "Western", "Foreign", "Official", "Officials", "Sources", "Analysts", "Experts", "Media",
        "Police", "People", "Reports", "Data", "Figures", "Estimates",
    }
)  # fmt: skip
_STOP = re.compile(r"[,;:()\[\]{}\"\u201c\u201d\u00ab\u00bb\n\t|]|\.(?=\s|$)|[!?]|\s[-\u2013\u2014]+\s")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_DOMAIN = re.compile(r"(?<![a-z0-9.-])[a-z0-9-]{1,40}+(?:\.[a-z0-9-]{1,40}+){0,3}\.[a-z]{2,12}")


def _capital(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(ch.isupper() for ch in word))


def _name_words(words: list[str]) -> list[str]:
    """The words of a name at the start of ``words``: capitalised words and inner connectors."""
    taken: list[str] = []
    for word in words[: _MAX_WORDS * 2]:
        if not word:
            break
        if _capital(word) or (word.casefold() in _CONNECTORS and taken):
            taken.append(word)
            if len(taken) >= _MAX_WORDS:
                break
        else:
            break
    while taken and taken[-1].casefold() in _CONNECTORS:
        taken.pop()
    # a possessive inside a name belongs to it ("Azerbaijan's Ministry of Economy"); one that
    # ends it does not ("Anadolu Agency's report"): the name stops there
    for k, word in enumerate(taken[:-1]):
        if _POSSESSIVE.search(word) and not _capital(taken[k + 1]):
            return taken[: k + 1]
    return taken


def _clean_name(words: list[str]) -> str | None:
    if not words or words[0] in _NOT_A_NAME:
        return None
    name = " ".join(words)
    name = _POSSESSIVE.sub("", name) if name.endswith(("'s", "\u2019s")) else name
    key = normalise(name)
    if not key or all(w in _GENERIC_KEYS for w in key.split()):
        return None
    return name


_GENERIC_KEYS = frozenset(w.casefold() for w in _NOT_A_NAME) | frozenset(
    {"ministry", "government", "company", "agency", "committee", "office", "staff"}
)


_WRAP = re.compile(r"(?<!\n)\n(?!\n)")


def _unwrap(window: str) -> str:
    """A hard-wrapped line break read as a space (same length: offsets hold)."""
    return _WRAP.sub(" ", window) if "\n" in window else window


def _name_after(text: str, pos: int, *, skip_the: bool = True) -> tuple[str, int, int] | None:
    """The name that starts at ``pos`` (after an optional ``the``), with its span."""
    window = _unwrap(text[pos : pos + _WINDOW])
    stop = _STOP.search(window)
    clause = window[: stop.start()] if stop else window
    lead = len(clause) - len(clause.lstrip(" "))
    words = clause[lead:].split(" ")
    offset = pos + lead
    if skip_the and words and words[0] in ("the", "The") and len(words) > 1:
        offset += len(words[0]) + 1
        words = words[1:]
    if words and _DOMAIN.fullmatch(words[0]):  # a bare domain: trend.az
        return words[0], offset, offset + len(words[0])
    name = _clean_name(_name_words(words))
    if name is None:
        return None
    return name, offset, offset + len(name)


def _name_before(text: str, pos: int) -> tuple[str, int, int] | None:
    """The name that ends just before ``pos`` (spaces aside), with its span."""
    end = pos
    while end > 0 and text[end - 1] == " ":
        end -= 1
    start = max(0, end - _WINDOW)
    window = _unwrap(text[start:end])
    last = None
    for last in _STOP.finditer(window):  # noqa: B007 - the last delimiter is wanted
        pass
    cut = last.end() if last else 0
    words = window[cut:].split(" ")
    taken: list[str] = []
    for word in reversed(words):
        if not word:
            break
        if _capital(word) or (word.casefold() in _CONNECTORS and taken):
            taken.append(word)
            if len(taken) >= _MAX_WORDS:
                break
        else:
            break
    taken.reverse()
    # "the" or a connector opens no name; a sentence adverb ("Meanwhile") is not part of one
    while taken and (taken[0].casefold() in _CONNECTORS or taken[0] in _NOT_A_NAME):
        taken.pop(0)
    name = _clean_name(taken)
    if name is None:
        return None
    name_start = end - len(" ".join(taken))
    return name, name_start, name_start + len(name)


# --- regions: headers and footers that clean() set aside -----------------------------------

Found = tuple[str, str, tuple[int, int], tuple[int, int] | None, str | None, str, tuple[str, ...]]
"""kind, agent, span, name span, reporter, pattern, people."""
_HEADER_PATTERN = "header.syndication"

_HEADER = re.compile(r"\(\s{0,3}([^()\n-]{1,30}?)\s{0,3}-\s{0,3}([^()\n]{1,80}?)\s{0,3}\)")
_FOOTERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("footer.source", re.compile(r"(?i:sources?)[ ]?:[ ]{0,3}")),
    (
        "footer.read_more",
        re.compile(r"(?i:read (?:more|the (?:full|original) (?:story|article)) (?:at|on))[ :]{1,3}"),
    ),
    (
        "footer.originally_published",
        re.compile(
            r"(?i:(?:this (?:article|story|report) (?:was |has been )?)?(?:originally|first) "
            r"(?:published|appeared) (?:by|on|at|in))[ ]{1,3}"
        ),
    ),
    (
        "footer.republished_with_permission",
        re.compile(
            r"(?i:(?:republished|reproduced|reprinted) (?:with (?:the )?(?:kind )?permission (?:of|from)"
            r"|by (?:kind )?permission of))[ ]{1,3}"
        ),
    ),
    (
        "footer.copyright",
        re.compile(
            r"(?i:\u00a9|\(c\)|copyright)[ ]?(?:\u00a9[ ]?|\((?i:c)\)[ ]?)?"
            r"(?:\d{4}(?:[ ]?[-\u2013][ ]?\d{4})?[ ]?,?[ ]?)?"
        ),
    ),
)
_RELEASE_SOURCE = re.compile(r"SOURCE[ ](?=[A-Z])")
_RIGHTS = re.compile(r"[ .,]{0,3}(?i:all rights reserved)")
_FOOTER_END = re.compile(r"\n|\.(?=\s|$)|[ ][-\u2013\u2014|][ ]")


def _footer_value(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    stop = _FOOTER_END.search(text, start, min(end, start + 120))
    value_end = stop.start() if stop else min(end, start + 120)
    rights = _RIGHTS.search(text, start, value_end)
    if rights:
        value_end = rights.start()
    value = text[start:value_end].strip(" .,")
    if not value or not any(ch.isalpha() for ch in value):
        return None
    at = text.find(value, start, value_end + 1)
    return value, at, at + len(value)


def _from_regions(text: str, regions: tuple[Region, ...]) -> Iterator[Found]:
    for region in regions:
        if region.kind == "header":
            m = _HEADER.match(text, region.start, region.end)
            if m and region.value:
                name_span = (m.start(2), m.end(2)) if m.group(2).strip() == region.value else None
                yield (
                    "header",
                    region.value,
                    (region.start, region.end),
                    name_span,
                    m.group(1).strip(),
                    _HEADER_PATTERN,
                    (),
                )
        elif region.kind == "footer":
            issuer = _RELEASE_SOURCE.match(text, region.start, region.end)
            if issuer:  # "SOURCE Northwind Robotics Inc.": the issuer of a release, its primary source
                value = _footer_value(text, issuer.end(), region.end)
                if value is not None:
                    name, a, b = value
                    span = (region.start, region.end)
                    yield "reporting", name, span, (a, b), None, "press_release.source", ()
                continue
            for pattern, regex in _FOOTERS:
                m = regex.match(text, region.start, region.end)
                if not m:
                    continue
                value = _footer_value(text, m.end(), region.end)
                if value is not None:
                    name, a, b = value
                    yield "footer", name, (region.start, region.end), (a, b), None, pattern, ()
                break


# --- datelines -------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# possessive repetition: a place word and a place end where they end (no backtracking into them)
_PLACE_WORD = r"[A-Z\u00c0-\u00de](?:[\w'\u2019]|[.-](?=\w)){1,24}+"
_DATELINE = re.compile(
    r"\A"  # matched on the window that opens a paragraph, never searched for
    rf"(?P<place>{_PLACE_WORD}(?:[ ](?:(?:de|da|do|del|al|el|la|of)[ ])?{_PLACE_WORD}){{0,3}}+)"
    r"(?:[ ]\[(?P<bracket>[A-Z][\w .'-]{1,30})\]"
    rf"|,[ ](?P<country>(?!{_MONTH}[ ]\d){_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,2}}+))?"
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
_PRESS_NAMES = {
    "prnewswire": "PRNewswire",
    "globe newswire": "GLOBE NEWSWIRE",
    "business wire": "BUSINESS WIRE",
}


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
) -> tuple[Dateline, Found | None] | None:
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
    return line, (kind, agency, line.span, (at, at + len(agency)), None, pattern, ())


# --- keyword patterns over the whole text -------------------------------------------------------


_CITING = re.compile(
    r"(?P<verb>\b(?:reports|reported|informs|informed|writes|wrote|says|said)\b,?[ ])?"
    r"\b(?P<kw>(?i:referring to|with reference to|citing))[ ]"
)
_ACCORDING = re.compile(
    r"\b[Aa]ccording to[ ](?:(?:the[ ]|a[ ])?(?:latest[ ]|official[ ]|preliminary[ ]|new[ ])?"
    r"(?:data|figures|information|statistics|estimates|statement|report)"
    r"[ ](?:from|by|of|released by|published by)[ ])?"
)
_STATEMENT = re.compile(
    r"\bsaid(?:[ ]on[ ][A-Z][a-z]{2,8}day)?[ ]in[ ]an?[ ](?:written[ ])?"
    r"(?:statement|press release|news release)\b"
)
_PRESS_SERVICE_OF = re.compile(r"\bpress service of[ ]")
_PRESS_SERVICE = re.compile(r"[ ]press service\b(?![ ]of\b)")  # after "X" or "X's"
_REPORTS = re.compile(
    r"\b(?P<verb>reports|reported|informs|writes|wrote)"
    r"(?=(?:[ ](?:earlier|previously|today|yesterday|late))?[ ](?:that|on)\b|[,.:;])"
)
_RU_CITING = re.compile(r"со ссылкой на[ ]")
_RU_REPORTER = re.compile(
    r"(?:сообщает|сообщил[аои]?|передает|передаёт|пишет|информирует)(?:[ ]агентство)?"
    r"[ ](?P<name>[^\s,.]{2,40})[ ,]{0,3}$"
)
_RU_SIGNATURE = re.compile(r"(?:сообщает|передает|передаёт)(?:[ ]агентство)?[ ](?P<name>[A-Z][\w.-]{1,30})\.")
_AZ_REFERENCE = re.compile(r"[ ]istinad[əe]n[ ]")
_AZ_SIGNATURE = re.compile(r"(?<![\w.-])(?P<name>[A-Z][\w.-]{1,30}+)[ ]x[əe]b[əe]r[ ]verir\b")
_AZ_DATIVE = re.compile(r"(?:-?(?:n[əa]|y[əa]|[əa]))$")
_REUTERS_SIGNATURE = re.compile(r"\((?P<body>(?:Additional )?[Rr]eporting by [^()\n]{1,300})\)")
_SIGN_OFF = re.compile(r"^[ \t]{0,3}(?:--|[-\u2013\u2014])[ ]?(?P<name>[A-Z]{2,10})[ \t]{0,3}$", re.MULTILINE)
_BYLINE = re.compile(r"^[ \t]{0,3}(?:By|BY|Written by)[ ](?=\S)", re.MULTILINE)
_PHOTO = re.compile(r"\b(?:Photo|Photograph|Image|Picture|Photo credit)s?[ ]?:[ ]{0,3}(?=\S)")
_PHOTO_BY = re.compile(r"\b(?:Photo|Photograph) by[ ]")
_AGENCY_PHOTO = re.compile(r"\((?P<agency>[A-Z][A-Za-z]{1,10}) Photo(?:/(?P<who>[^()\n]{1,60}))?\)")
_PHOTO_END = re.compile(r"[\n()]|\.(?=\s|$)|;")


def _hits(regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    for n, m in enumerate(regex.finditer(text)):
        if n >= _MAX_HITS:
            return
        yield m


def _citing(text: str) -> Iterator[Found]:
    for m in _hits(_CITING, text):
        found = _name_after(text, m.end())
        if found is None:
            continue
        name, a, b = found
        reporter, start = None, m.start()
        if m.group("verb"):
            before = _name_before(text, m.start("verb"))
            if before is not None:
                reporter, start = before[0], before[1]
        pattern = "reporting." + m.group("kw").casefold().replace(" ", "_")
        yield "reporting", name, (start, b), (a, b), reporter, pattern, ()


def _according(text: str) -> Iterator[Found]:
    for m in _hits(_ACCORDING, text):
        found = _name_after(text, m.end())
        if found is not None:
            name, a, b = found
            yield "reporting", name, (m.start(), b), (a, b), None, "reporting.according_to", ()


def _statement(text: str) -> Iterator[Found]:
    for m in _hits(_STATEMENT, text):
        found = _name_before(text, m.start())
        if found is not None:
            name, a, b = found
            yield "reporting", name, (a, m.end()), (a, b), None, "reporting.said_in_statement", ()


def _press_service(text: str) -> Iterator[Found]:
    for m in _hits(_PRESS_SERVICE_OF, text):
        found = _name_after(text, m.end())
        if found is not None:
            name, a, b = found
            start = (
                m.start() - 4 if text[max(0, m.start() - 4) : m.start()].casefold() == "the " else m.start()
            )
            yield "reporting", name, (start, b), (a, b), None, "reporting.press_service_of", ()
    for m in _hits(_PRESS_SERVICE, text):
        found = _name_before(text, m.start())
        if found is not None:
            name, a, b = found
            yield "reporting", name, (a, m.end()), (a, b), None, "reporting.press_service", ()


def _reports(text: str) -> Iterator[Found]:
    for m in _hits(_REPORTS, text):
        follows = text[m.end() : m.end() + 24]
        gap = len(follows) - len(follows.lstrip(", "))
        cited = _CITING.match(text, m.end() + gap)
        if cited and _name_after(text, cited.end()) is not None:
            continue  # a reporting phrase with its primary source: _citing reads it
        found = _name_before(text, m.start())
        if found is None:
            continue
        name, a, b = found
        before = text[max(0, a - 2) : a]
        closing = text[m.end() : m.end() + 1] == "." and (a == 0 or before.strip() in (",", ""))
        if closing and m.group("verb") in ("reports", "informs"):
            yield "signature", name, (a, m.end()), (a, b), None, "signature.reports", ()
        else:
            yield "reporting", name, (a, m.end()), (a, b), None, "reporting.reports", ()


def _russian(text: str) -> Iterator[Found]:
    for m in _hits(_RU_CITING, text):
        window = text[m.end() : m.end() + 80]
        stop = re.search(r"[,.;:()\n]", window)
        name = window[: stop.start() if stop else len(window)].strip()
        if len(name) < 2 or not name[0].isalpha():  # "со ссылкой на" names a source, even in lower case
            continue
        a = m.end() + window.find(name)
        b = a + len(name)
        before = _RU_REPORTER.search(text, max(0, m.start() - 60), m.start())
        reporter = before.group("name") if before else None
        start = before.start() if before else m.start()
        yield "reporting", name, (start, b), (a, b), reporter, "reporting.ru_citing", ()
    for m in _hits(_RU_SIGNATURE, text):
        name = m.group("name")
        yield "signature", name, m.span(), m.span("name"), None, "signature.ru_reports", ()


def _azerbaijani(text: str) -> Iterator[Found]:
    referenced: set[int] = set()
    for m in _hits(_AZ_REFERENCE, text):
        found = _name_before(text, m.start())
        if found is None:
            continue
        name, a, b = found
        words = name.split(" ")
        words[-1] = _AZ_DATIVE.sub("", words[-1]) or words[-1]
        reporter_match = _AZ_SIGNATURE.match(text, m.end())
        reporter = reporter_match.group("name") if reporter_match else None
        end = reporter_match.end() if reporter_match else m.end()
        if reporter_match:
            referenced.add(reporter_match.start())
        yield "reporting", " ".join(words), (a, end), (a, b), reporter, "reporting.az_istinaden", ()
    for m in _hits(_AZ_SIGNATURE, text):
        if m.start() not in referenced:
            yield "signature", m.group("name"), m.span(), m.span("name"), None, "signature.az_xeber_verir", ()


def _signatures(text: str) -> Iterator[Found]:
    for m in _hits(_REUTERS_SIGNATURE, text):
        people = tuple(
            p.strip()
            for part in m.group("body").split(";")
            for p in re.split(r",| and ", part.partition(" by ")[2])
            if p.strip()
        )
        yield "signature", "Reuters", m.span(), None, None, "signature.reuters", people
    for m in _hits(_SIGN_OFF, text):
        yield "signature", m.group("name"), m.span(), m.span("name"), None, "signature.sign_off", ()


def _bylines(text: str) -> Iterator[Found]:
    for m in _hits(_BYLINE, text):
        found = _name_after(text, m.end(), skip_the=False)
        if found is None:
            continue
        name, a, b = found
        rest = text[b : b + 2]
        if rest[:1] not in ("", "\n", ",", "|", " ") or (
            rest[:1] == " " and rest[1:2] not in ("a", "|", "-", "")
        ):
            continue
        yield "byline", name, (m.start(), b), (a, b), None, "byline.by", (name,)


def _photo_value(value: str) -> tuple[str, tuple[str, ...]]:
    """The agency and the people of a photo credit such as ``REUTERS/Evelyn Hockstein``."""
    parts = [p.strip() for p in value.split("/") if p.strip()]
    if len(parts) < 2:
        return value, ()
    org = next((p for p in parts if p.isupper() or p.endswith(("Images", "Photo", "Press"))), parts[0])
    return org, tuple(p for p in parts if p != org)


def _photos(text: str) -> Iterator[Found]:
    for m in _hits(_AGENCY_PHOTO, text):
        who = (m.group("who").strip(),) if m.group("who") else ()
        yield "photo", m.group("agency"), m.span(), m.span("agency"), None, "photo.agency_photo", who
    for m in _hits(_PHOTO, text):
        window = text[m.end() : m.end() + 80]
        stop = _PHOTO_END.search(window)
        value = window[: stop.start() if stop else len(window)].strip()
        if not value or not _capital(value) or len(value.split(" ")) > 6:
            continue
        org, people = _photo_value(value)
        a = m.end() + window.find(value)
        at = a + value.find(org)
        yield "photo", org, (m.start(), a + len(value)), (at, at + len(org)), None, "photo.label", people
    for m in _hits(_PHOTO_BY, text):
        found = _name_after(text, m.end(), skip_the=False)
        if found is not None:
            name, a, b = found
            yield "photo", name, (m.start(), b), (a, b), None, "photo.by", (name,)


_PRESS_MARKER = re.compile(
    r"/(?P<slash>PRNewswire[\w-]{0,20}|EINPresswire(?:\.com)?)/"
    r"|\((?P<paren>GLOBE NEWSWIRE|BUSINESS WIRE|ACCESSWIRE)\)"
)

_FINDERS: tuple[tuple[tuple[str, ...], Callable[[str], Iterator[Found]]], ...] = (
    # (keywords, finder): a finder runs only on a text that holds one of its keywords
    (("eferring to", "eference to", "iting "), _citing),
    (("ccording to",), _according),
    (("statement", "release"), _statement),
    (("press service",), _press_service),
    (("report", "inform", "writes", "wrote"), _reports),
    (("со ссылкой на", "сообщает", "передает", "передаёт"), _russian),
    (("istinad", "verir"), _azerbaijani),
    (("eporting by", "-", "\u2013", "\u2014"), _signatures),
    (("By ", "BY ", "Written by "), _bylines),
    (("Photo", "Image", "Picture"), _photos),
)
_PRESS_KEYS = ("PRNewswire", "GLOBE NEWSWIRE", "BUSINESS WIRE", "ACCESSWIRE", "EINPresswire")
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

    found: list[Found] = list(_from_regions(text, regions))
    taken = sorted(f[2] for f in found)
    dateline = None
    for pos in starts:
        hit = _dateline(text, pos, _published_date(published or metadata_date), registry)
        if hit is not None:
            dateline, credit = hit
            if credit is not None:
                found.append(credit)
            break
    if dateline is None or not any(f[0] == "dateline" for f in found):
        found.extend(_cleaner_datelines(text, regions, registry))
    found.extend(_agency_bylines(text, regions, registry))
    if not any(f[0] == "press_release" for f in found):
        found.extend(_press_marker(text))
    for keywords, finder in _FINDERS:
        if any(k in text for k in keywords):
            found.extend(item for item in finder(text) if not _inside(item[2][0], taken))
    return Credits(credits=_records(found, registry), dateline=dateline)


def _cleaner_datelines(text: str, regions: tuple[Region, ...], registry: Registry) -> Iterator[Found]:
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
            yield "dateline", value, (region.start, region.end), name_span, None, "dateline.region", ()


def _agency_bylines(text: str, regions: tuple[Region, ...], registry: Registry) -> Iterator[Found]:
    """A byline that names an agency, not a person ("By Trend", glued or not), signs the story's source."""
    for region in regions:
        if region.kind != "byline":
            continue
        name = region.value or text[region.start : region.end].split(" ", 1)[-1].strip()
        agent = registry.resolve(name) if name else None
        if agent is not None and agent.role in ("wire", "publisher", "aggregator"):
            at = text.find(name, region.start, region.end)
            name_span = (at, at + len(name)) if at >= 0 else None
            yield "signature", name, (region.start, region.end), name_span, None, "byline.agency", ()


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


def _press_marker(text: str) -> Iterator[Found]:
    if any(k in text for k in _PRESS_KEYS):
        m = _PRESS_MARKER.search(text)
        if m:
            group = "slash" if m.group("slash") else "paren"
            yield "press_release", m.group(group), m.span(), m.span(group), None, "press_release.marker", ()


def _records(found: list[Found], registry: Registry) -> tuple[Credit, ...]:
    records = []
    resolved: dict[str, Agent | None] = {}  # a name repeats: resolve it once

    def resolve(name: str) -> Agent | None:
        if name not in resolved:
            resolved[name] = registry.resolve(name)
        return resolved[name]

    seen: set[tuple[str, int, int, str]] = set()
    named: set[tuple[int, int]] = set()
    for kind, name, span, name_span, reporter, pattern, people in found:
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
                pattern=pattern,
                reporter=reporter,
                reporter_resolved=resolve(reporter) if reporter else None,
                people=people,
            )
        )
    return tuple(sorted(records, key=lambda c: (c.span, c.pattern)))
