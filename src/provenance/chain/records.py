"""The records of an attribution chain: links, their evidence, flags, and the chain itself.

Also the mutable drafts that :func:`provenance.chain.chain` fills in before it freezes them.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from provenance._checks import in_unit_interval
from provenance.credits import Credits, Dateline
from provenance.registry import Agent

__all__ = [
    "ACCUSE",
    "CONFIRMED",
    "FLAGS",
    "LINK_KINDS",
    "LINK_ROLES",
    "MISCREDIT",
    "UNCREDITED",
    "UNVERIFIABLE",
    "Chain",
    "Flag",
    "Link",
    "LinkEvidence",
]

LINK_KINDS = ("republished", "quoted", "revision", "cites")
"""How a link's text relates to the next link's: a republication (syndication, whole or
edited), a quotation (an excerpt), a revision (the same outlet's update) or a citation (a
source named, its text not copied)."""
LINK_ROLES = ("publisher", "source", "primary")
"""A link's place in a chain: the article's publisher, a source it credits, a primary source cited."""

CONFIRMED = "credit confirmed by a matching article"
UNCREDITED = "uncredited copy"
MISCREDIT = "miscredit"
UNVERIFIABLE = "credit not verifiable"
FLAGS = (CONFIRMED, UNCREDITED, MISCREDIT, UNVERIFIABLE)
ACCUSE = 0.8
"""Smallest direction confidence of a match that may flag an article an uncredited copy or a
miscredit. An accusation needs more than one weak sign: a publication time alone (log-odds 1,
0.73) or a containment alone (0.62) never accuses, so an original is not flagged because a later
copy's time is missing or skewed; a known wire agency against a publisher (1.5, 0.82), or a time
with any other sign, may."""
"""The verdicts on an article's credits, from its text matches."""

_BASE = {
    "header": 0.9,
    "press_release": 0.9,
    "footer": 0.85,
    "dateline": 0.85,
    "signature": 0.8,
    "reporter": 0.75,
}
"""Confidence of a credited source by the strongest credit that names it."""
_PRIMARY = 0.8
_UNRESOLVED = 0.75  # factor on a confidence when the name resolves to no known agent
_MISCREDITED = 0.5  # factor on a source's confidence when the text matches someone else's article
_SOURCE_ORDER = ("header", "footer", "press_release", "dateline", "signature", "reporter")


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class LinkEvidence:
    """One piece of evidence for a link.

    Attributes:
        what: ``"credit"`` (a credit in the text), ``"outlet"`` (the article's metadata) or
            ``"text match"`` (a compared pair of articles).
        detail: What it shows, in words.
        article: The article whose text the span points into, or the matching article.
        pattern: The credit pattern, for a credit.
        span: ``(start, end)`` of the credit in the article's original text.
        score: The share of the article's story in passages shared with the matching article.
    """

    what: str = attrs.field(validator=attrs.validators.in_(("credit", "outlet", "text match")))
    detail: str
    article: str | None = None
    pattern: str | None = None
    span: tuple[int, int] | None = None
    score: float | None = attrs.field(default=None, validator=attrs.validators.optional(in_unit_interval))


@attrs.frozen(kw_only=True)
class Link:
    """One agent of a chain, and how its text relates to the next link's.

    Attributes:
        agent: The canonical name when resolved, else the name as found.
        resolved: The registry agent, or None (unresolved: kept as found).
        role: One of :data:`LINK_ROLES`.
        kind: One of :data:`LINK_KINDS`: how this agent's text relates to the next link's;
            None for the last links (the origin, or the primary sources).
        article: The id of this agent's article in the collection, when one was seen.
        found: The names under which the text credits it (``"Trend"``, ``"trend.az"``).
        evidence: What supports the link.
        confidence: How sure the link is, from 0 to 1.
        inferred: True when only text matching supports the link (no credit names the agent).
    """

    agent: str
    resolved: Agent | None = None
    role: str = attrs.field(validator=attrs.validators.in_(LINK_ROLES))
    kind: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.in_(LINK_KINDS))
    )
    article: str | None = None
    found: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    evidence: tuple[LinkEvidence, ...] = ()
    confidence: float = attrs.field(default=1.0, validator=in_unit_interval)
    inferred: bool = False


@attrs.frozen(kw_only=True)
class Flag:
    """A verdict on the article's credits, from its text matches.

    Attributes:
        name: One of :data:`FLAGS`.
        agent: The agent concerned (the credited one, or the one copied without credit).
        article: The matching article concerned, if any.
        detail: What was found, in words.
        confidence: How sure the finding is: for ``uncredited copy`` and ``miscredit``, the
            direction confidence of the match that accuses, or the story cluster's confidence in
            its original when the other article is that original (an accusation needs
            :data:`ACCUSE`); for a
            confirmed credit, the share of the article found in the matching one; 1.0 for
            ``credit not verifiable`` (a fact: nothing that matches was seen).
    """

    name: str = attrs.field(validator=attrs.validators.in_(FLAGS))
    agent: str | None = None
    article: str | None = None
    detail: str = ""
    confidence: float = attrs.field(default=1.0, validator=in_unit_interval)


@attrs.frozen(kw_only=True)
class Chain:
    """The attribution chain of one article.

    Attributes:
        article: The article's id.
        links: The links, from the article's publisher to the primary sources.
        flags: The verdicts on the credits.
        dateline: The article's dateline, if any.
        credits: Everything the article's text credits.
    """

    article: str
    links: tuple[Link, ...] = ()
    flags: tuple[Flag, ...] = ()
    dateline: Dateline | None = None
    credits: Credits = attrs.field(factory=Credits, repr=False)

    @property
    def agents(self) -> tuple[str, ...]:
        """The agents of the links, in order."""
        return tuple(link.agent for link in self.links)

    @property
    def flag_names(self) -> tuple[str, ...]:
        """The names of the flags, in order."""
        return tuple(flag.name for flag in self.flags)


@attrs.frozen
class _Who:
    key: str
    name: str
    agent: Agent | None


@attrs.define
class _Draft:
    who: _Who
    role: str
    found: list[str] = attrs.field(factory=list)
    evidence: list[LinkEvidence] = attrs.field(factory=list)
    strength: str = "reporter"
    confidence: float = 0.0
    article: str | None = None
    kind: str | None = None
    inferred: bool = False

    def link(self) -> Link:
        return Link(
            agent=self.who.name,
            resolved=self.who.agent,
            role=self.role,
            kind=self.kind,
            article=self.article,
            found=tuple(dict.fromkeys(self.found)),
            evidence=tuple(self.evidence),
            confidence=round(min(1.0, max(0.0, self.confidence)), 3),
            inferred=self.inferred,
        )
