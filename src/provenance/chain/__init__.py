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

from collections.abc import Iterable, Mapping

from provenance.article import Article
from provenance.chain.context import _Context, _credit_evidence, _credited_sources, _Resolver
from provenance.chain.records import (
    _BASE,
    _PRIMARY,
    _SOURCE_ORDER,
    _UNRESOLVED,
    ACCUSE,
    CONFIRMED,
    FLAGS,
    LINK_KINDS,
    LINK_ROLES,
    MISCREDIT,
    UNCREDITED,
    UNVERIFIABLE,
    Chain,
    Flag,
    Link,
    LinkEvidence,
    _Draft,
    _Who,
)
from provenance.chain.verdicts import _check_credits
from provenance.compare import Match
from provenance.credits import Credits, extract
from provenance.registry import Registry

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
    "chain",
    "chains",
    "describe",
]


def _index(articles: Iterable[Article] | Mapping[str, Article] | None) -> dict[str, Article]:
    if articles is None:
        return {}
    if isinstance(articles, Mapping):
        return dict(articles)
    return {a.id: a for a in articles}


def chain(
    article: Article,
    *,
    credits: Credits | None = None,  # noqa: A002 - the issue's name for it
    matches: Iterable[Match] = (),
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


def _chain(article: Article, context: _Context, *, said: Credits | None, matches: Iterable[Match]) -> Chain:
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
    flags, revision = _check_credits(article, pub, ordered, matches, context, primaries=primaries)
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
        for name, strength in _credited_sources(credit):
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


def chains(
    articles: Iterable[Article],
    matches: Iterable[Match] = (),
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
    by_article: dict[str, list[Match]] = {}
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
