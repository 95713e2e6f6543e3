"""The publication time an HTML page states: meta tags, JSON-LD, ``<time>`` (see :func:`page_time`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

__all__ = ["page_time"]

_TIME_META = frozenset(
    {"article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
     "publish-date", "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date"}
)  # fmt: skip
_JSON_LD_MAX = 200_000  # characters of one JSON-LD block that are read


class _TimeFinder(HTMLParser):
    """Collects the page's publication timestamps, by where they stand."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[str] = []
        self.ld: list[str] = []
        self.times: list[str] = []
        self._in_ld = False
        self._ld: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.casefold(): v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").casefold()
            if key in _TIME_META and a.get("content"):
                self.meta.append(a["content"])
        elif tag == "script" and a.get("type", "").casefold() == "application/ld+json":
            self._in_ld, self._ld = True, []
        elif tag == "time" and a.get("datetime"):
            first = a.get("itemprop", "").casefold() == "datepublished" or "pub" in a.get("class", "")
            self.times.insert(0, a["datetime"]) if first else self.times.append(a["datetime"])

    def handle_data(self, data: str) -> None:
        if self._in_ld and sum(map(len, self._ld)) < _JSON_LD_MAX:
            self._ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_ld:
            self._in_ld = False
            self.ld.extend(_ld_dates("".join(self._ld)[:_JSON_LD_MAX]))


def _ld_dates(block: str) -> list[str]:
    try:
        value: Any = json.loads(block)
    except (ValueError, RecursionError):
        return []
    found: list[str] = []
    todo, seen = [value], 0
    while todo and seen < 1000:  # a bounded walk: JSON-LD nests articles in graphs and lists
        item, seen = todo.pop(), seen + 1
        if isinstance(item, dict):
            date = item.get("datePublished")
            if isinstance(date, str):
                found.append(date)
            todo.extend(v for v in item.values() if isinstance(v, dict | list))
        elif isinstance(item, list):
            todo.extend(item)
    return found


def page_time(page: str) -> datetime | None:
    """The publication time an HTML page states in full: date, time and offset.

    Looked for, in order: ``<meta property="article:published_time">`` (and its kin:
    ``og:published_time``, ``datePublished``, ``pubdate``, Dublin Core), JSON-LD
    ``datePublished``, then ``<time datetime>`` (the one marked as the publication first).
    The first that holds a time of day wins; a time without an offset is taken as UTC.

    Args:
        page: The HTML page.

    Returns:
        The time, or None when the page states none with a time of day.

    Examples:
        >>> page_time('<meta property="article:published_time" content="2024-02-06T14:00:00+01:00">')
        datetime.datetime(2024, 2, 6, 14, 0, tzinfo=datetime.timezone(datetime.timedelta(seconds=3600)))
        >>> page_time('<time datetime="2024-02-06">Feb 6</time>') is None
        True
    """
    finder = _TimeFinder()
    try:
        finder.feed(page)
        finder.close()
    except (AssertionError, ValueError):  # a page broken beyond what the parser forgives
        pass
    for said in (*finder.meta, *finder.ld, *finder.times):
        value = said.strip()
        if "T" not in value and " " not in value:
            continue  # a date alone: no time of day to order pages of one day by
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            continue
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return None
