"""The credit records: a :class:`Credit`, an article's :class:`Credits` and its :class:`Dateline`.

Also :class:`RawCredit`, a credit as a finder reports it, before its names are resolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import attrs

from provenance.registry import Agent

__all__ = ["KINDS", "SOURCE_KINDS", "Credit", "Credits", "Dateline", "RawCredit"]

KINDS = ("header", "footer", "dateline", "press_release", "signature", "reporting", "byline", "photo")
"""Credit kinds, from the most explicit credit of a republisher to the least."""
SOURCE_KINDS = KINDS[:6]
"""The kinds that name a source of the story (bylines and photo credits do not)."""


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


@attrs.frozen(kw_only=True)
class RawCredit:
    """A credit as a finder reports it: the name as found, not yet resolved.

    Attributes:
        kind: One of :data:`KINDS`.
        agent: The credited name as found.
        span: ``(start, end)`` of the evidence in the original text.
        name_span: ``(start, end)`` of the name itself, when it stands there as found.
        reporter: The agent that gives the credit, as found, or None.
        pattern: The name of the pattern that found it.
        people: Persons named by a signature, byline or photo credit.
    """

    kind: str
    agent: str
    span: tuple[int, int]
    name_span: tuple[int, int] | None = None
    reporter: str | None = None
    pattern: str
    people: tuple[str, ...] = ()
