"""The keyword finders: reporting phrases, signatures, bylines and photo credits, in three languages.

Each finder runs only on a text that holds one of its keywords (:data:`_FINDERS`), reads at most
``_MAX_HITS`` hits of each of its patterns, and reports :class:`RawCredit` records.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from provenance.credits.names import _capital, _name_after, _name_before
from provenance.credits.records import RawCredit

_MAX_HITS = 2000  # keyword hits read per pattern in one text: an article has a handful


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


def _citing(text: str) -> Iterator[RawCredit]:
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
        yield RawCredit(
            kind="reporting",
            agent=name,
            span=(start, b),
            name_span=(a, b),
            reporter=reporter,
            pattern=pattern,
        )


def _according(text: str) -> Iterator[RawCredit]:
    for m in _hits(_ACCORDING, text):
        found = _name_after(text, m.end())
        if found is not None:
            name, a, b = found
            yield RawCredit(
                kind="reporting",
                agent=name,
                span=(m.start(), b),
                name_span=(a, b),
                pattern="reporting.according_to",
            )


def _statement(text: str) -> Iterator[RawCredit]:
    for m in _hits(_STATEMENT, text):
        found = _name_before(text, m.start())
        if found is not None:
            name, a, b = found
            yield RawCredit(
                kind="reporting",
                agent=name,
                span=(a, m.end()),
                name_span=(a, b),
                pattern="reporting.said_in_statement",
            )


def _press_service(text: str) -> Iterator[RawCredit]:
    for m in _hits(_PRESS_SERVICE_OF, text):
        found = _name_after(text, m.end())
        if found is not None:
            name, a, b = found
            start = (
                m.start() - 4 if text[max(0, m.start() - 4) : m.start()].casefold() == "the " else m.start()
            )
            yield RawCredit(
                kind="reporting",
                agent=name,
                span=(start, b),
                name_span=(a, b),
                pattern="reporting.press_service_of",
            )
    for m in _hits(_PRESS_SERVICE, text):
        found = _name_before(text, m.start())
        if found is not None:
            name, a, b = found
            yield RawCredit(
                kind="reporting",
                agent=name,
                span=(a, m.end()),
                name_span=(a, b),
                pattern="reporting.press_service",
            )


def _reports(text: str) -> Iterator[RawCredit]:
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
            yield RawCredit(
                kind="signature", agent=name, span=(a, m.end()), name_span=(a, b), pattern="signature.reports"
            )
        else:
            yield RawCredit(
                kind="reporting", agent=name, span=(a, m.end()), name_span=(a, b), pattern="reporting.reports"
            )


def _russian(text: str) -> Iterator[RawCredit]:
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
        yield RawCredit(
            kind="reporting",
            agent=name,
            span=(start, b),
            name_span=(a, b),
            reporter=reporter,
            pattern="reporting.ru_citing",
        )
    for m in _hits(_RU_SIGNATURE, text):
        name = m.group("name")
        yield RawCredit(
            kind="signature",
            agent=name,
            span=m.span(),
            name_span=m.span("name"),
            pattern="signature.ru_reports",
        )


def _azerbaijani(text: str) -> Iterator[RawCredit]:
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
        yield RawCredit(
            kind="reporting",
            agent=" ".join(words),
            span=(a, end),
            name_span=(a, b),
            reporter=reporter,
            pattern="reporting.az_istinaden",
        )
    for m in _hits(_AZ_SIGNATURE, text):
        if m.start() not in referenced:
            yield RawCredit(
                kind="signature",
                agent=m.group("name"),
                span=m.span(),
                name_span=m.span("name"),
                pattern="signature.az_xeber_verir",
            )


def _signatures(text: str) -> Iterator[RawCredit]:
    for m in _hits(_REUTERS_SIGNATURE, text):
        people = tuple(
            p.strip()
            for part in m.group("body").split(";")
            for p in re.split(r",| and ", part.partition(" by ")[2])
            if p.strip()
        )
        yield RawCredit(
            kind="signature", agent="Reuters", span=m.span(), pattern="signature.reuters", people=people
        )
    for m in _hits(_SIGN_OFF, text):
        yield RawCredit(
            kind="signature",
            agent=m.group("name"),
            span=m.span(),
            name_span=m.span("name"),
            pattern="signature.sign_off",
        )


def _bylines(text: str) -> Iterator[RawCredit]:
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
        yield RawCredit(
            kind="byline",
            agent=name,
            span=(m.start(), b),
            name_span=(a, b),
            pattern="byline.by",
            people=(name,),
        )


def _photo_value(value: str) -> tuple[str, tuple[str, ...]]:
    """The agency and the people of a photo credit such as ``REUTERS/Evelyn Hockstein``."""
    parts = [p.strip() for p in value.split("/") if p.strip()]
    if len(parts) < 2:
        return value, ()
    org = next((p for p in parts if p.isupper() or p.endswith(("Images", "Photo", "Press"))), parts[0])
    return org, tuple(p for p in parts if p != org)


def _photos(text: str) -> Iterator[RawCredit]:
    for m in _hits(_AGENCY_PHOTO, text):
        who = (m.group("who").strip(),) if m.group("who") else ()
        yield RawCredit(
            kind="photo",
            agent=m.group("agency"),
            span=m.span(),
            name_span=m.span("agency"),
            pattern="photo.agency_photo",
            people=who,
        )
    for m in _hits(_PHOTO, text):
        window = text[m.end() : m.end() + 80]
        stop = _PHOTO_END.search(window)
        value = window[: stop.start() if stop else len(window)].strip()
        if not value or not _capital(value) or len(value.split(" ")) > 6:
            continue
        org, people = _photo_value(value)
        a = m.end() + window.find(value)
        at = a + value.find(org)
        yield RawCredit(
            kind="photo",
            agent=org,
            span=(m.start(), a + len(value)),
            name_span=(at, at + len(org)),
            pattern="photo.label",
            people=people,
        )
    for m in _hits(_PHOTO_BY, text):
        found = _name_after(text, m.end(), skip_the=False)
        if found is not None:
            name, a, b = found
            yield RawCredit(
                kind="photo",
                agent=name,
                span=(m.start(), b),
                name_span=(a, b),
                pattern="photo.by",
                people=(name,),
            )


_PRESS_MARKER = re.compile(
    r"/(?P<slash>PRNewswire[\w-]{0,20}|EINPresswire(?:\.com)?)/"
    r"|\((?P<paren>GLOBE NEWSWIRE|BUSINESS WIRE|ACCESSWIRE)\)"
)

_FINDERS: tuple[tuple[tuple[str, ...], Callable[[str], Iterator[RawCredit]]], ...] = (
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


def _press_marker(text: str) -> Iterator[RawCredit]:
    if any(k in text for k in _PRESS_KEYS):
        m = _PRESS_MARKER.search(text)
        if m:
            group = "slash" if m.group("slash") else "paren"
            yield RawCredit(
                kind="press_release",
                agent=m.group(group),
                span=m.span(),
                name_span=m.span(group),
                pattern="press_release.marker",
            )
