"""The verdicts on an article's credits, from its text matches: the rules behind each :class:`Flag`.

A match is read from one article's side (:class:`_Seen`): the other article, whether it is the
original, how this one relates to it. Each credited source is then confirmed (an article of it
matches), a miscredit (the text matches another outlet's original that does not credit it) or
not verifiable; a copy that credits nobody is an uncredited copy of the original it matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import attrs

from provenance.article import Article
from provenance.chain.context import _Context, _credited_sources
from provenance.chain.records import (
    _BASE,
    _MISCREDITED,
    _UNRESOLVED,
    ACCUSE,
    CONFIRMED,
    MISCREDIT,
    UNCREDITED,
    UNVERIFIABLE,
    Flag,
    LinkEvidence,
    _Draft,
    _Who,
)
from provenance.compare import Match
from provenance.registry import upstream_rank
from provenance.relate import flip

_RELATION_RANK = {
    "identical": 0, "verbatim": 1, "edited": 2, "revision": 2, "extended": 3, "excerpt": 4, "partial": 5,
}  # fmt: skip
_LIKELY_SOURCE_RANK = {
    "wire": 0,
    "government": 1,
    "company": 1,
    "publisher": 2,
    "unknown": 3,
    "aggregator": 4,
}
"""Which of several originals an article most likely took its text from, when their times tie:
a wire agency's (wires distribute copy: a republisher takes the wire's version of a ministry's
statement), then a primary source's, a publisher's, an unknown outlet's, an aggregator's. This is
not who is upstream of whom (:data:`provenance.registry.ROLE_RANK`, where a ministry's release
comes before the wire's story of it): it picks the nearest distributor among the originals."""


@attrs.frozen
class _Seen:
    """A match seen from one article: the other article, whether it is the original, how this one relates."""

    other: str
    original: bool | None
    relation: str
    coverage: float
    direction: float
    match: Match


def _published(articles: Mapping[str, Article], key: str) -> datetime | None:
    article = articles.get(key)
    return article.published if article else None


def _seen(match: Match, me: str, articles: Mapping[str, Article], roles: Mapping[str, str]) -> _Seen | None:
    if me not in (match.a, match.b) or match.relation == "shared_source":
        return None  # a shared source is no copy: it checks no credit
    other = match.b if match.a == me else match.a
    relation = match.relation if match.b == me else flip(match.relation)
    coverage = match.coverage_b if match.b == me else match.coverage_a
    original_id = match.original
    direction = float(match.direction_confidence or 0.0)
    if original_id in (me, other):
        is_original: bool | None = original_id == other
    else:  # no verdict on direction (yet): the earlier article, else the one upstream by role
        mine, theirs = _published(articles, me), _published(articles, other)
        if mine and theirs and mine != theirs:
            is_original, direction = theirs < mine, 0.7
        elif upstream_rank(roles.get(other)) != upstream_rank(roles.get(me)):
            is_original = upstream_rank(roles.get(other)) > upstream_rank(roles.get(me))
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
            _LIKELY_SOURCE_RANK.get(roles.get(s.other, "unknown"), 3),
            _RELATION_RANK.get(s.relation, 9),
            -s.coverage,
        )

    return min(seen, key=key)


def _check_credits(
    article: Article,
    pub: _Draft,
    sources: list[_Draft],
    matches: Iterable[Match],
    context: _Context,
    *,
    primaries: dict[str, _Draft],
) -> tuple[list[Flag], list[_Draft]]:
    """Check the credited sources against the text matches; return the flags and any revision link.

    In order: a cited outlet whose article the text copies becomes a source; the decided
    originals of the story clusters stand as originals; a copy of the publisher's own earlier
    article is a revision; each credited source is confirmed, miscredited or not verifiable; a
    copy that credits nobody is an uncredited copy. ``pub``, ``sources`` and ``primaries`` are
    updated in place.
    """
    collection, publishers, roles = context.collection, context.publishers, context.roles
    seen = [s for s in (_seen(m, article.id, collection, roles) for m in matches) if s is not None]
    _promote_copied_citations(seen, sources, primaries, publishers)
    if article.id not in context.origins:  # the decided original of the story is the original here too
        seen = [_as_cluster_origin(s, context.origins) for s in seen]
    originals = [s for s in seen if s.original]
    same = [s for s in originals if _published_by(s, pub.who.key, publishers)]
    revision = [_revision_link(pub, same, collection)] if same and not sources else []
    flags: list[Flag] = []
    for draft in sources:
        confirmed = any(f.name == CONFIRMED for f in flags)
        first = draft is sources[0]
        flags.append(
            _check_source(article, pub, draft, (seen, originals), context, first=first, confirmed=confirmed)
        )
    uncredited = _uncredited_copy(article, pub, originals, context) if not sources and not same else None
    if uncredited is not None:
        source, flag = uncredited
        sources.append(source)
        flags.append(flag)
    return flags, revision


def _published_by(seen: _Seen, key: str, publishers: Mapping[str, _Who]) -> bool:
    """Whether the other article of a match is published by the agent with this key."""
    return seen.other in publishers and publishers[seen.other].key == key


def _promote_copied_citations(
    seen: list[_Seen], sources: list[_Draft], primaries: dict[str, _Draft], publishers: Mapping[str, _Who]
) -> None:
    """A cited outlet whose article the text copies is a source ("Azernews reports, citing Trend")."""
    for key, cited in list(primaries.items()):
        if any(_published_by(s, key, publishers) for s in seen):
            cited.role, cited.strength = "source", "reporter"
            cited.confidence = _BASE["reporter"] * (1.0 if cited.who.agent else _UNRESOLVED)
            sources.append(cited)
            del primaries[key]


def _as_cluster_origin(seen: _Seen, origins: Mapping[str, float]) -> _Seen:
    """A match with the decided original of its story cluster: that article is the original."""
    if seen.other not in origins:
        return seen
    return attrs.evolve(seen, original=True, direction=origins[seen.other])


def _revision_link(pub: _Draft, same: Sequence[_Seen], collection: Mapping[str, Article]) -> _Draft:
    """The link to the publisher's own earlier article that this one revises."""
    best = _best(same, collection)
    pub.kind = "revision"
    return _Draft(
        who=pub.who,
        role="source",
        article=best.other,
        evidence=[_match_evidence(best, collection, f"an earlier article of {pub.who.name}")],
        confidence=best.direction,
        inferred=True,
    )


def _check_source(
    article: Article,
    pub: _Draft,
    draft: _Draft,
    matched: tuple[Sequence[_Seen], Sequence[_Seen]],
    context: _Context,
    *,
    first: bool,
    confirmed: bool,
) -> Flag:
    """The verdict on one credited source: confirmed, miscredit (unless one is confirmed) or not verifiable.

    ``matched`` holds the matches seen from the article, and those among them whose other
    article is the original; ``first`` says the source is the strongest credited one.
    """
    collection, publishers = context.collection, context.publishers
    seen, originals = matched
    of_source = [s for s in seen if _published_by(s, draft.who.key, publishers)]
    if of_source:
        return _confirm(pub, draft, _best(of_source, collection), collection, first=first)
    others = [
        s for s in originals
        if s.other in publishers and publishers[s.other].key not in (pub.who.key, draft.who.key)
        and _accuses(s, article, context) and not _credits_agent(s.other, draft.who.key, context)
    ]  # fmt: skip
    if others and not confirmed:
        return _miscredit(draft, _root(others, collection, context.roles), publishers)
    seen_any = any(p.key == draft.who.key for p in publishers.values())
    return Flag(
        name=UNVERIFIABLE,
        agent=draft.who.name,
        detail=(
            f"no article of {draft.who.name} matches this one"
            if seen_any
            else f"no article of {draft.who.name} seen"
        ),
    )


def _confirm(
    pub: _Draft, draft: _Draft, best: _Seen, collection: Mapping[str, Article], *, first: bool
) -> Flag:
    """A credited source whose article the text matches: the credit is confirmed."""
    draft.article = best.other
    draft.evidence.append(_match_evidence(best, collection, f"an article of {draft.who.name}"))
    draft.confidence += (1.0 - draft.confidence) * best.coverage
    if first:
        pub.kind = _kind_of_copy(best.relation)
    return Flag(
        name=CONFIRMED,
        agent=draft.who.name,
        article=best.other,
        detail=f"matches {best.other} of {draft.who.name} ({best.relation}, {best.coverage:.0%} shared)",
        confidence=round(min(1.0, best.coverage), 4),
    )


def _miscredit(draft: _Draft, wrong: _Seen, publishers: Mapping[str, _Who]) -> Flag:
    """A credited source while the text matches another outlet's article that does not credit it."""
    draft.confidence *= _MISCREDITED
    return Flag(
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


def _uncredited_copy(
    article: Article, pub: _Draft, originals: Sequence[_Seen], context: _Context
) -> tuple[_Draft, Flag] | None:
    """The outlet an article that credits nobody copies, as an inferred source, and its flag."""
    collection, publishers = context.collection, context.publishers
    copied = [
        s for s in originals
        if s.other in publishers and publishers[s.other].key != pub.who.key and _accuses(s, article, context)
    ]  # fmt: skip
    if not copied:
        return None
    root = _root(copied, collection, context.roles)
    who = publishers[root.other]
    pub.kind = _kind_of_copy(root.relation)
    source = _Draft(
        who=who,
        role="source",
        article=root.other,
        evidence=[_match_evidence(root, collection, f"an article of {who.name}, not credited")],
        confidence=root.coverage * root.direction,
        inferred=True,
    )
    flag = Flag(
        name=UNCREDITED,
        agent=who.name,
        article=root.other,
        detail=(
            f"copies {root.other} of {who.name} ({root.relation}, {root.coverage:.0%} shared) "
            f"without naming it; direction confidence {root.direction:.2f}"
        ),
        confidence=round(root.direction, 4),
    )
    return source, flag


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
        if any(context.resolver.who(name).key == agent for name, _ in _credited_sources(credit)):
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
