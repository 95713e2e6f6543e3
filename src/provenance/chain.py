"""Attribution chains: an article's credits and its text matches, as ordered links with evidence.

A :class:`Chain` reads from the article outwards: its publisher (the republisher, when it
republished), the source it credits (a wire agency), then the primary source(s) that source
cites (a ministry, a company)::

    MENAFN  <-republished-  Trend News Agency  <-cites-  Ministry of Foreign Affairs of Azerbaijan

Each :class:`Link` says how its agent's text relates to the next link's (:data:`LINK_KINDS`:
``republished``, ``quoted``, ``revision``, ``cites``), with its evidence (credits, with their
spans in the original text, and text matches) and a confidence. Text matches
(:class:`provenance.compare.Match`) check the credits, and the chain carries the verdicts as
:class:`Flag` records (:data:`FLAGS`):

* ``credit confirmed by a matching article``: the article credits X, and matches an article of X;
* ``uncredited copy``: the article copies an article of outlet X without naming X;
* ``miscredit``: the article names X, but its text matches the article of Y (which does not
  itself credit X);
* ``credit not verifiable``: the article credits X, and no article of X that matches it was seen.

Examples:
    >>> page = Article(id="menafn-1", text=" date 2024-02-07 (MENAFN- Trend News Agency) BAKU, "
    ...     "Azerbaijan, February 6. The minister met the envoy, Trend reports, referring to the "
    ...     "Azerbaijani Foreign Ministry.")
    >>> c = chain(page)
    >>> [(link.agent, link.role, link.kind) for link in c.links]
    [('MENAFN', 'publisher', 'republished'), ('Trend News Agency', 'source', 'cites'),
     ('Ministry of Foreign Affairs of Azerbaijan', 'primary', None)]
    >>> [flag.name for flag in c.flags]
    ['credit not verifiable']
    >>> print(describe(c))
    menafn-1: MENAFN <-republished- Trend News Agency <-cites- Ministry of Foreign Affairs of Azerbaijan
      dateline: Baku, 2024-02-06
      flag: credit not verifiable: no article of Trend News Agency seen
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import attrs

from provenance._checks import in_unit_interval
from provenance.article import Article
from provenance.compare import Match
from provenance.credits import Credit, Credits, Dateline, extract
from provenance.errors import RegistryError
from provenance.registry import Agent, Registry, normalise
from provenance.relate import clusters, flip

__all__ = [
    "ACCUSE",
    "FLAGS",
    "LINK_KINDS",
    "LINK_ROLES",
    "Chain",
    "Flag",
    "Link",
    "LinkEvidence",
    "chain",
    "chains",
    "describe",
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
_RELATION_RANK = {
    "identical": 0, "verbatim": 1, "edited": 2, "revision": 2, "extended": 3, "excerpt": 4, "partial": 5,
}  # fmt: skip
_ROLE_RANK = {"wire": 0, "government": 1, "company": 1, "publisher": 2, "unknown": 3, "aggregator": 4}


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


# --- who is who ---------------------------------------------------------------------------------


@attrs.frozen
class _Who:
    key: str
    name: str
    agent: Agent | None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url if "://" in url else "http://" + url).hostname
    return host.removeprefix("www.") if host else None


class _Resolver:
    """Names to agents: the registry first, then the outlets (and web domains) of the collection."""

    def __init__(self, registry: Registry, articles: Mapping[str, Article]) -> None:
        self.registry = registry
        domains: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for article in articles.values():
            if not article.outlet or registry.resolve(article.outlet) is not None:
                continue
            name = names.setdefault(normalise(article.outlet), article.outlet)
            host = _host(article.url)
            domains.setdefault(name, set())
            if host:
                domains[name].add(host)
        owners: dict[str, list[str]] = {}
        for name, hosts in domains.items():
            for host in hosts:
                owners.setdefault(host, []).append(name)
        outlets = [
            Agent(name=name, domains=tuple(sorted(h for h in hosts if len(owners[h]) == 1)))
            for name, hosts in domains.items()
        ]
        try:
            self.local = Registry(outlets)
        except RegistryError:  # names that read alike in a messy feed: no local resolution
            self.local = Registry()
        self._cache: dict[str, _Who] = {}

    def who(self, name: str) -> _Who:
        if name not in self._cache:
            found = self.registry.resolve(name)
            if found is not None:
                who = _Who(key="agent:" + found.name, name=found.name, agent=found)
            else:
                local = self.local.resolve(name)
                if local is not None:
                    who = _Who(key="outlet:" + local.name, name=local.name, agent=None)
                else:
                    who = _Who(key="name:" + (normalise(name) or name.casefold()), name=name, agent=None)
            self._cache[name] = who
        return self._cache[name]

    def publisher(
        self,
        article: Article,
        credits: Credits | None = None,  # noqa: A002
    ) -> tuple[_Who, LinkEvidence] | None:
        """The publisher of an article: its outlet, else the republisher of a header, else its web domain."""
        if article.outlet:
            return self.who(article.outlet), LinkEvidence(
                what="outlet", detail=f"outlet {article.outlet!r}", article=article.id
            )
        for credit in credits.of_kind("header") if credits else ():
            if credit.reporter:
                return self.who(credit.reporter), _credit_evidence(article, credit, credit.reporter)
        host = _host(article.url)
        if host:
            return self.who(host), LinkEvidence(
                what="outlet", detail=f"web address {article.url!r}", article=article.id
            )
        return None


class _Context:
    """What every chain of a collection shares: the resolver, each article's publisher, role and credits."""

    def __init__(self, registry: Registry, collection: dict[str, Article]) -> None:
        self.registry = registry
        self.collection = collection
        self.resolver = _Resolver(registry, collection)
        self.publishers: dict[str, _Who] = {}
        self.roles: dict[str, str] = {}
        for key, other in collection.items():
            found = self.resolver.publisher(other)
            if found is not None:
                self.publishers[key] = found[0]
                self.roles[key] = found[0].agent.role if found[0].agent else "unknown"
        self._credits: dict[str, Credits] = {}
        self.origins: dict[str, float] = {}  # decided originals of the matches' story clusters

    def learn_origins(self, matches: Sequence[Any]) -> None:
        """Note the decided originals of the story clusters the matches make, with their confidence."""
        found = [m for m in matches if isinstance(m, Match)]
        self.origins = {c.original: c.original_confidence for c in clusters(found) if c.original_decided}

    def credits(self, key: str) -> Credits:
        if key not in self._credits:
            self._credits[key] = extract(self.collection[key], registry=self.registry)
        return self._credits[key]


def _credit_evidence(article: Article, credit: Credit, name: str | None = None) -> LinkEvidence:
    quoted = article.text[credit.span[0] : credit.span[1]]
    if len(quoted) > 120:
        quoted = quoted[:117] + "..."
    if name is not None and name == credit.reporter and name != credit.agent:
        role = "as the republisher" if credit.kind == "header" else "as the reporter"
        said = f"{credit.kind} names {name!r} {role}"
    else:
        said = f"{credit.kind} names {credit.agent!r}"
    return LinkEvidence(
        what="credit",
        detail=f"{said}: {quoted!r}",
        article=article.id,
        pattern=credit.pattern,
        span=credit.span,
    )


# --- text matches -------------------------------------------------------------------------------


@attrs.frozen
class _Seen:
    """A match seen from one article: the other article, whether it is the original, how this one relates."""

    other: str
    original: bool | None
    relation: str
    coverage: float
    direction: float
    match: Any


def _published(articles: Mapping[str, Article], key: str) -> datetime | None:
    article = articles.get(key)
    return article.published if article else None


def _seen(match: Any, me: str, articles: Mapping[str, Article], roles: Mapping[str, str]) -> _Seen | None:
    if me not in (match.a, match.b) or getattr(match, "relation", None) == "shared_source":
        return None  # a shared source is no copy: it checks no credit
    other = match.b if match.a == me else match.a
    relation = match.relation if match.b == me else flip(match.relation)
    coverage = match.coverage_b if match.b == me else match.coverage_a
    original_id = getattr(match, "original", None)
    direction = float(getattr(match, "direction_confidence", 0.0) or 0.0)
    if original_id in (me, other):
        is_original: bool | None = original_id == other
    else:  # no verdict on direction (yet): the earlier article, else the wire over the aggregator
        mine, theirs = _published(articles, me), _published(articles, other)
        if mine and theirs and mine != theirs:
            is_original, direction = theirs < mine, 0.7
        elif _ROLE_RANK.get(roles.get(other, "unknown"), 3) != _ROLE_RANK.get(roles.get(me, "unknown"), 3):
            is_original = _ROLE_RANK.get(roles.get(other, "unknown"), 3) < _ROLE_RANK.get(
                roles.get(me, "unknown"), 3
            )
            direction = 0.6
        else:
            is_original, direction = None, 0.5
    return _Seen(
        other=other,
        original=is_original,
        relation=relation,
        coverage=coverage,
        direction=direction or 0.5,
        match=match,
    )


def _kind_of_copy(relation: str) -> str:
    return "quoted" if relation in ("excerpt", "partial") else "republished"


def _best(seen: Sequence[_Seen], articles: Mapping[str, Article]) -> _Seen:
    """The match that stands best for a copy: the closest relation, the widest cover, the earliest."""

    def key(s: _Seen) -> tuple[int, float, float]:
        when = _published(articles, s.other)
        return (_RELATION_RANK.get(s.relation, 9), -s.coverage, when.timestamp() if when else float("inf"))

    return min(seen, key=key)


def _root(seen: Sequence[_Seen], articles: Mapping[str, Article], roles: Mapping[str, str]) -> _Seen:
    """The original that stands first among several: the earliest, then a wire's, then the closest copy."""

    def key(s: _Seen) -> tuple[float, int, int, float]:
        when = _published(articles, s.other)
        return (
            when.timestamp() if when else float("inf"),
            _ROLE_RANK.get(roles.get(s.other, "unknown"), 3),
            _RELATION_RANK.get(s.relation, 9),
            -s.coverage,
        )

    return min(seen, key=key)


# --- the chain ------------------------------------------------------------------------------------


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


def _index(articles: Iterable[Article] | Mapping[str, Article] | None) -> dict[str, Article]:
    if articles is None:
        return {}
    if isinstance(articles, Mapping):
        return dict(articles)
    return {a.id: a for a in articles}


def _credited(credit: Credit) -> Iterable[tuple[str, str]]:
    """The sources a credit names, each with its strength: ``(name, strength)``."""
    if credit.kind in ("header", "footer", "press_release", "dateline", "signature"):
        yield credit.agent, credit.kind
    if credit.kind == "reporting" and credit.reporter:
        yield credit.reporter, "reporter"


def chain(
    article: Article,
    *,
    credits: Credits | None = None,  # noqa: A002 - the issue's name for it
    matches: Iterable[Any] = (),
    articles: Iterable[Article] | Mapping[str, Article] | None = None,
    registry: Registry | None = None,
) -> Chain:
    """Build the attribution chain of one article.

    Args:
        article: The article.
        credits: Its credits, when already extracted (default: :func:`provenance.credits.extract`).
        matches: Text matches (:class:`provenance.compare.Match`); those that involve this
            article check its credits. A match's ``original`` (an article id), when set, gives
            the direction; otherwise the earlier publication time does, then the agents' roles.
        articles: The collection the matches come from (a mapping by id, or an iterable): their
            outlets, web addresses, publication times and credits.
        registry: The agent registry (default: :meth:`Registry.default`).

    Returns:
        The chain: links from the publisher to the primary sources, flags, dateline and credits.

    Examples:
        >>> wire = Article(id="w", outlet="Trend", text="BAKU, Azerbaijan, February 6. The minister "
        ...                "met the envoy, Trend reports, referring to the Azerbaijani Foreign Ministry.")
        >>> chain(wire).agents
        ('Trend News Agency', 'Ministry of Foreign Affairs of Azerbaijan')
    """
    collection = _index(articles)
    collection.setdefault(article.id, article)
    context = _Context(registry or Registry.default(), collection)
    matches = list(matches)
    context.learn_origins(matches)
    return _chain(article, context, said=credits, matches=matches)


def _chain(article: Article, context: _Context, *, said: Credits | None, matches: Iterable[Any]) -> Chain:
    if said is None:
        in_collection = article.id in context.collection
        said = context.credits(article.id) if in_collection else extract(article, registry=context.registry)
    publisher = context.resolver.publisher(article, said)
    pub = _Draft(
        who=publisher[0] if publisher else _Who(key="unknown", name="unknown publisher", agent=None),
        role="publisher",
        confidence=1.0 if article.outlet else (0.9 if publisher else 0.0),
        article=article.id,
    )
    if publisher:
        pub.evidence.append(publisher[1])
    ordered, primaries = _drafts(article, said, pub, context.resolver)
    flags, revision = _verdicts(article, pub, ordered, matches, context, primaries=primaries)
    drafts = [pub, *revision, *ordered]
    for k, draft in enumerate(drafts):
        nxt = drafts[k + 1] if k + 1 < len(drafts) else None
        if draft.kind is None:
            if nxt is not None:
                draft.kind = "revision" if nxt.who.key == draft.who.key else _default_kind(nxt)
            elif primaries:
                draft.kind = "cites"
    links = [d.link() for d in drafts] + [d.link() for d in primaries.values()]
    return Chain(
        article=article.id, links=tuple(links), flags=tuple(flags), dateline=said.dateline, credits=said
    )


def _drafts(
    article: Article, said: Credits, pub: _Draft, resolver: _Resolver
) -> tuple[list[_Draft], dict[str, _Draft]]:
    """The credited sources (strongest credit first) and the primary sources of an article."""
    sources: dict[str, _Draft] = {}
    for credit in sorted(said.sources, key=lambda c: c.span):
        for name, strength in _credited(credit):
            who = resolver.who(name)
            if who.key == pub.who.key:  # the publisher signs its own story
                pub.found.append(name)
                pub.evidence.append(_credit_evidence(article, credit, name))
                continue
            draft = sources.setdefault(who.key, _Draft(who=who, role="source", strength=strength))
            draft.found.append(name)
            draft.evidence.append(_credit_evidence(article, credit, name))
            if _SOURCE_ORDER.index(strength) < _SOURCE_ORDER.index(draft.strength):
                draft.strength = strength
    primaries: dict[str, _Draft] = {}
    for credit in said.of_kind("reporting"):
        who = resolver.who(credit.agent)
        if who.key == pub.who.key or who.key in sources:
            continue
        draft = primaries.setdefault(who.key, _Draft(who=who, role="primary", confidence=_PRIMARY))
        draft.found.append(credit.agent)
        draft.evidence.append(_credit_evidence(article, credit))
        if who.agent is None:
            draft.confidence = _PRIMARY * _UNRESOLVED
    ordered = sorted(sources.values(), key=lambda d: _SOURCE_ORDER.index(d.strength))
    for draft in ordered:
        draft.confidence = _BASE[draft.strength] * (1.0 if draft.who.agent else _UNRESOLVED)
    return ordered, primaries


def _default_kind(upstream: _Draft) -> str:
    """How a text relates to a credited source when no text match tells: a read-more link quotes."""
    patterns = {e.pattern for e in upstream.evidence}
    if patterns and patterns <= {"footer.read_more"}:
        return "quoted"
    return "republished"


def _verdicts(
    article: Article,
    pub: _Draft,
    sources: list[_Draft],
    matches: Iterable[Any],
    context: _Context,
    *,
    primaries: dict[str, _Draft] | None = None,
) -> tuple[list[Flag], list[_Draft]]:
    """Check the credited sources against the text matches; return the flags and any revision link."""
    collection, publishers, roles = context.collection, context.publishers, context.roles
    seen = [s for s in (_seen(m, article.id, collection, roles) for m in matches) if s is not None]
    primaries = primaries if primaries is not None else {}
    for key, cited in list(primaries.items()):
        # "Azernews reports, citing Trend": a cited outlet whose article the text copies is its source
        if any(s.other in publishers and publishers[s.other].key == key for s in seen):
            cited.role, cited.strength = "source", "reporter"
            cited.confidence = _BASE["reporter"] * (1.0 if cited.who.agent else _UNRESOLVED)
            sources.append(cited)
            del primaries[key]
    if article.id not in context.origins:  # the decided original of the story is the original here too
        seen = [
            attrs.evolve(s, original=True, direction=context.origins[s.other])
            if s.other in context.origins
            else s
            for s in seen
        ]
    flags: list[Flag] = []
    revision: list[_Draft] = []

    originals = [s for s in seen if s.original]
    same = [s for s in originals if s.other in publishers and publishers[s.other].key == pub.who.key]
    if same and not sources:
        best = _best(same, collection)
        pub.kind = "revision"
        revision.append(
            _Draft(
                who=pub.who,
                role="source",
                article=best.other,
                evidence=[_match_evidence(best, collection, f"an earlier article of {pub.who.name}")],
                confidence=best.direction,
                inferred=True,
            )
        )

    for draft in sources:
        of_source = [s for s in seen if s.other in publishers and publishers[s.other].key == draft.who.key]
        if of_source:
            best = _best(of_source, collection)
            draft.article = best.other
            draft.evidence.append(_match_evidence(best, collection, f"an article of {draft.who.name}"))
            draft.confidence += (1.0 - draft.confidence) * best.coverage
            if draft is sources[0]:
                pub.kind = _kind_of_copy(best.relation)
            flags.append(
                Flag(
                    name=CONFIRMED,
                    agent=draft.who.name,
                    article=best.other,
                    detail=(
                        f"matches {best.other} of {draft.who.name} "
                        f"({best.relation}, {best.coverage:.0%} shared)"
                    ),
                    confidence=round(min(1.0, best.coverage), 4),
                )
            )
            continue
        others = [
            s for s in originals
            if s.other in publishers and publishers[s.other].key not in (pub.who.key, draft.who.key)
            and _accuses(s, article, context) and not _credits_agent(s.other, draft.who.key, context)
        ]  # fmt: skip
        if others and not any(f.name == CONFIRMED for f in flags):
            wrong = _root(others, collection, roles)
            draft.confidence *= _MISCREDITED
            flags.append(
                Flag(
                    name=MISCREDIT,
                    agent=draft.who.name,
                    article=wrong.other,
                    detail=(
                        f"credits {draft.who.name}, but the text matches {wrong.other} of "
                        f"{publishers[wrong.other].name} ({wrong.relation}), which does not credit it; "
                        f"direction confidence {wrong.direction:.2f}"
                    ),
                    confidence=round(wrong.direction, 4),
                )
            )
            continue
        seen_any = any(p.key == draft.who.key for p in publishers.values())
        flags.append(
            Flag(
                name=UNVERIFIABLE,
                agent=draft.who.name,
                detail=(
                    f"no article of {draft.who.name} matches this one"
                    if seen_any
                    else f"no article of {draft.who.name} seen"
                ),
            )
        )

    copied = [
        s for s in originals
        if s.other in publishers and publishers[s.other].key != pub.who.key and _accuses(s, article, context)
    ]  # fmt: skip
    if copied and not sources and not same:
        root = _root(copied, collection, roles)
        who = publishers[root.other]
        pub.kind = _kind_of_copy(root.relation)
        sources.append(
            _Draft(
                who=who,
                role="source",
                article=root.other,
                evidence=[_match_evidence(root, collection, f"an article of {who.name}, not credited")],
                confidence=root.coverage * root.direction,
                inferred=True,
            )
        )
        flags.append(
            Flag(
                name=UNCREDITED,
                agent=who.name,
                article=root.other,
                detail=(
                    f"copies {root.other} of {who.name} ({root.relation}, {root.coverage:.0%} shared) "
                    f"without naming it; direction confidence {root.direction:.2f}"
                ),
                confidence=round(root.direction, 4),
            )
        )
    return flags, revision


def _accuses(seen: _Seen, article: Article, context: _Context) -> bool:
    """Whether a match is strong enough to accuse the article of copying the other one.

    It is when its direction confidence reaches :data:`ACCUSE` (for the decided original of the
    story cluster, the cluster's confidence in it: its credits and the other copies speak too);
    never when the article is itself the decided original of its cluster.
    """
    if article.id in context.origins:
        return False
    return seen.direction >= ACCUSE


def _credits_agent(key: str, agent: str, context: _Context) -> bool:
    """Whether another article credits the agent (then copying it is no miscredit: it is a relay)."""
    for credit in context.credits(key).sources:
        if any(context.resolver.who(name).key == agent for name, _ in _credited(credit)):
            return True
    return False


def _match_evidence(seen: _Seen, articles: Mapping[str, Article], what: str) -> LinkEvidence:
    other = articles.get(seen.other)
    by = f" ({other.outlet})" if other and other.outlet else ""
    return LinkEvidence(
        what="text match",
        detail=f"{seen.relation} copy of {seen.other}{by}, {what}; direction confidence {seen.direction:.2f}",
        article=seen.other,
        score=seen.coverage,
    )


def chains(
    articles: Iterable[Article],
    matches: Iterable[Any] = (),
    *,
    registry: Registry | None = None,
) -> list[Chain]:
    """The chain of every article of a collection, checked against the collection's matches.

    Args:
        articles: The articles.
        matches: Their text matches (from :func:`provenance.scan`).
        registry: The agent registry (default: :meth:`Registry.default`).

    Returns:
        One chain per article, in input order.
    """
    collection = _index(articles)
    context = _Context(registry or Registry.default(), collection)
    matches = list(matches)
    context.learn_origins(matches)
    by_article: dict[str, list[Any]] = {}
    for m in matches:
        by_article.setdefault(m.a, []).append(m)
        by_article.setdefault(m.b, []).append(m)
    return [_chain(a, context, said=None, matches=by_article.get(key, ())) for key, a in collection.items()]


def describe(c: Chain) -> str:
    """A chain in a few readable lines: the links with their kinds, the dateline, the flags.

    Args:
        c: A chain.

    Returns:
        Text without a trailing newline.
    """
    parts = []
    upstream = [link for link in c.links if link.role != "primary"]
    for link in upstream:
        name = link.agent + (f" [{link.article}]" if link.article and link.role != "publisher" else "")
        parts.append(name + (" (inferred)" if link.inferred else ""))
        if link.kind and (link is not upstream[-1] or len(upstream) < len(c.links)):
            parts.append(f"<-{link.kind}-")
    primaries = [link.agent for link in c.links if link.role == "primary"]
    if primaries:
        parts.append(" + ".join(primaries))
    head = f"{c.article}: " + " ".join(parts)
    lines = [head.rstrip()]
    if c.dateline:
        when = c.dateline.date.isoformat() if c.dateline.date else "no date"
        lines.append(f"  dateline: {c.dateline.place}, {when}")
    lines.extend(f"  flag: {f.name}: {f.detail}" for f in c.flags)
    return "\n".join(lines)
