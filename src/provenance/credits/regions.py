"""Credits read from the regions that :func:`provenance.clean.clean` set aside.

A syndication header ``(MENAFN- Trend News Agency)``, credit footers (``Source: X``, ``Read
more at X``, ``Originally published by X``, ``Republished with permission of X``, ``(c) X``) and
the ``SOURCE X`` line of a press release. A header is parted by the cleaner's own reader
(:func:`provenance.clean._regions.header_parts`), where what a header looks like is defined.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from provenance.clean import Region
from provenance.clean._regions import header_parts
from provenance.credits.records import RawCredit

_HEADER_PATTERN = "header.syndication"

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


def _from_regions(text: str, regions: tuple[Region, ...]) -> Iterator[RawCredit]:
    for region in regions:
        if region.kind == "header":
            m = header_parts(text, region.start, region.end)
            if m and region.value:
                source = m.group("source")
                name_span = (m.start("source"), m.end("source")) if source.strip() == region.value else None
                yield RawCredit(
                    kind="header",
                    agent=region.value,
                    span=(region.start, region.end),
                    name_span=name_span,
                    reporter=m.group("reporter").strip(),
                    pattern=_HEADER_PATTERN,
                )
        elif region.kind == "footer":
            issuer = _RELEASE_SOURCE.match(text, region.start, region.end)
            if issuer:  # "SOURCE Northwind Robotics Inc.": the issuer of a release, its primary source
                value = _footer_value(text, issuer.end(), region.end)
                if value is not None:
                    name, a, b = value
                    span = (region.start, region.end)
                    yield RawCredit(
                        kind="reporting",
                        agent=name,
                        span=span,
                        name_span=(a, b),
                        pattern="press_release.source",
                    )
                continue
            for pattern, regex in _FOOTERS:
                m = regex.match(text, region.start, region.end)
                if not m:
                    continue
                value = _footer_value(text, m.end(), region.end)
                if value is not None:
                    name, a, b = value
                    yield RawCredit(
                        kind="footer",
                        agent=name,
                        span=(region.start, region.end),
                        name_span=(a, b),
                        pattern=pattern,
                    )
                break
