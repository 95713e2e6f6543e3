"""Story clusters: verified pairs joined into stories, each with its original and its graph.

:func:`clusters` joins the pairs that :func:`provenance.relate.direct` directed into story
clusters, picks one original per cluster and, inside it, points each copy at its most likely
source (:class:`Edge`): a copy that keeps a republisher's wrapper came from that republisher,
not from the wire. Two versions of one outlet's story are listed as :class:`Versions`.

Examples:
    >>> components([("b", "c"), ("x", "y"), ("a", "b")])
    [['a', 'b', 'c'], ['x', 'y']]
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import TypeVar

import attrs

from provenance.article import sha1_hex
from provenance.clean import Region
from provenance.compare import Match

__all__ = ["Cluster", "Edge", "Versions", "cluster_id", "cluster_of", "clusters", "components", "flip"]

_Node = TypeVar("_Node", int, str)


def _region_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def flip(relation: str) -> str:
    """A pair's relation read from the other side: ``excerpt`` and ``extended`` swap.

    A relation describes ``b`` against ``a``; the others read the same both ways.

    Examples:
        >>> flip("excerpt"), flip("extended"), flip("verbatim")
        ('extended', 'excerpt', 'verbatim')
    """
    return {"excerpt": "extended", "extended": "excerpt"}.get(relation, relation)


@attrs.frozen(kw_only=True)
class Edge:
    """One arrow of a cluster's who-copied-whom graph.

    Attributes:
        source: The id of the article copied from.
        copy: The id of the copy.
        relation: The relation of the copy to its source, whichever order the pair was
            found in (``excerpt``: the copy holds a part of the source).
    """

    source: str
    copy: str
    relation: str


@attrs.frozen(kw_only=True)
class Versions:
    """The versions of one article: the same outlet's updates of its story.

    Attributes:
        of: The id of the cluster member they are versions of.
        versions: The ids of its other versions, sorted.
    """

    of: str
    versions: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Cluster:
    """A story cluster: articles joined by verified copies.

    Attributes:
        id: A stable id: it depends only on the cluster's original, not on input
            order nor on unrelated articles.
        original: The designated original (see :func:`clusters` for the rule).
        members: The member ids, sorted.
        edges: Each copy pointed at its most likely source.
        original_decided: Whether the evidence decides the original: exactly one member
            was judged the original in a pair and none judged it a copy. When it is
            False, ``original`` is only the tie-break's pick (see :func:`clusters`),
            not a finding.
        versions: The versions of members that are revisions of their story (pairs of
            one outlet): versions are listed here, not joined as members.
        original_confidence: The logistic of the original's summed evidence when it is
            decided, else 0.5.
    """

    id: str
    original: str
    members: tuple[str, ...]
    edges: tuple[Edge, ...]
    original_decided: bool = True
    versions: tuple[Versions, ...] = ()
    original_confidence: float = 1.0


def components(edges: Iterable[tuple[_Node, _Node]]) -> list[list[_Node]]:
    """The connected components of a graph given by its edges (union-find).

    Args:
        edges: Pairs of nodes (article ids, or positions).

    Returns:
        Each component's nodes, sorted; components in the order their first node was seen.

    Examples:
        >>> components([("b", "c"), ("x", "y"), ("a", "b")])
        [['a', 'b', 'c'], ['x', 'y']]
    """
    parent: dict[_Node, _Node] = {}

    def find(x: _Node) -> _Node:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[_Node, list[_Node]] = defaultdict(list)
    for x in list(parent):
        groups[find(x)].append(x)
    return [sorted(g) for g in groups.values()]


def cluster_id(original: str) -> str:
    """The id of the cluster whose original has this id.

    Args:
        original: The id of the cluster's designated original.

    Returns:
        ``"c"`` and 12 hex digits of the SHA-1 of the id.

    Examples:
        >>> cluster_id("trend-2024-02-06")
        'cca57b7cbf942'
    """
    return "c" + sha1_hex(original)[:12]


def _shared_wrapper(a: tuple[Region, ...], b: tuple[Region, ...]) -> bool:
    """Whether two texts carry the same wrapper region (a header or footer with the same words)."""
    keys = {(r.kind, _region_words(r.text)) for r in a if r.kind in ("header", "footer")}
    return any((r.kind, _region_words(r.text)) in keys for r in b if r.kind in ("header", "footer"))


def clusters(
    matches: Iterable[Match], *, published: Mapping[str, datetime | None] | None = None
) -> list[Cluster]:
    """Join verified pairs into story clusters, each with its original and its graph.

    Copies join clusters; shared-source pairs never do; revisions (two versions of
    one outlet's story) do not: a version is listed under :attr:`Cluster.versions`
    of the member it revises, and a story that only has versions is a cluster of
    its first version.

    The designated original of a cluster is the member with the most evidence of
    being the original: each pair adds the log-odds of its direction
    (:attr:`~provenance.compare.Match.direction_confidence`) to its original and
    takes it from its copy, so three pairs that credit a wire outweigh one pair
    whose only sign is a skewed publication time. Ties go to the member judged the
    copy in the fewest pairs, then the one judged the original in the most, then
    the earliest published (when ``published`` is given), then the smallest id.
    The original is *decided* (:attr:`Cluster.original_decided`) only when its
    evidence is positive and more than any other member's; otherwise the rule
    only picks, and the cluster says so.

    Each other member is pointed at its most likely source, among the members it
    was judged a copy of (or, when no direction was decided, all it matched):
    first one that shares a wrapper region with it (an excerpt that keeps MENAFN's
    header came from MENAFN), then the one holding most of it, then the one judged
    a copy least often, then the smallest id.

    Args:
        matches: Verified pairs, with direction (see :func:`direct`).
        published: Publication times by article id, for the tie-break.

    Returns:
        The clusters, largest first, then by id.
    """
    matches = list(matches)
    times = published or {}
    matches = [m for m in matches if m.relation != "shared_source"]  # no copies: they join nothing
    copies = [m for m in matches if m.relation != "revision"]
    revisions = [m for m in matches if m.relation == "revision"]
    as_copy, as_original, score = _tally(matches)

    def rank(x: str) -> tuple[float, int, int, bool, float, str]:
        t = times.get(x)
        return (-round(score[x], 6), as_copy[x], -as_original[x], t is None, t.timestamp() if t else 0.0, x)

    parts = components((m.a, m.b) for m in copies)
    home = {x: k for k, members in enumerate(parts) for x in members}
    mine: list[list[Match]] = [[] for _ in parts]  # each cluster's own matches: linear, not quadratic
    for m in matches:  # a revision between two members is an edge of their cluster's graph
        if m.a in home and home[m.a] == home.get(m.b):
            mine[home[m.a]].append(m)
    lone, listed = _place_versions(revisions, home, rank, times)
    out = []
    for k, (members, own) in enumerate(zip(parts, mine, strict=True)):
        ranked = sorted(members, key=rank)
        original = ranked[0]
        top = round(score[original], 6)
        decided = top > 0 and (len(ranked) == 1 or top > round(score[ranked[1]], 6))
        out.append(
            Cluster(
                id=cluster_id(original),
                original=original,
                members=tuple(members),
                edges=_cluster_edges(original, set(members), own, as_copy),
                original_decided=decided,
                original_confidence=round(1.0 / (1.0 + math.exp(-top)), 4) if decided else 0.5,
                versions=tuple(sorted(listed[k], key=lambda v: v.of)),
            )
        )
    out.extend(_versions_only(first, group, revisions) for first, group in lone)
    out.sort(key=lambda c: (-len(c.members), c.id))
    return out


def _tally(matches: list[Match]) -> tuple[dict[str, int], dict[str, int], dict[str, float]]:
    """How often each article was judged a copy and an original, and its summed log-odds of being one."""
    as_copy: dict[str, int] = defaultdict(int)
    as_original: dict[str, int] = defaultdict(int)
    score: dict[str, float] = defaultdict(float)
    for m in matches:  # a later version counts as a copy of its story: it is not its original
        if m.original and m.copy:
            as_copy[m.copy] += 1
            as_original[m.original] += 1
            odds = _logit(m.direction_confidence)
            score[m.original] += odds
            score[m.copy] -= odds
    return as_copy, as_original, score


def _place_versions(
    revisions: list[Match],
    home: Mapping[str, int],
    rank: Callable[[str], tuple[float, int, int, bool, float, str]],
    times: Mapping[str, datetime | None],
) -> tuple[list[tuple[str, list[str]]], dict[int, list[Versions]]]:
    """Where each story's versions go: under the member they revise, by cluster, or alone.

    Returns the stories with versions only (their first version, and the group), and the
    versions listed under members, by the index of the members' cluster.
    """
    later = {m.copy for m in revisions if m.copy}
    lone: list[tuple[str, list[str]]] = []
    listed: dict[int, list[Versions]] = defaultdict(list)
    for group in components((m.a, m.b) for m in revisions):
        inside = [x for x in group if x in home]
        if not inside:  # a story with versions only: a cluster of its first version
            first = min(group, key=lambda x: (x in later, times.get(x) is None, rank(x)))
            lone.append((first, group))
            continue
        for k in sorted({home[x] for x in inside}):
            of = min((x for x in inside if home[x] == k), key=rank)
            rest = tuple(x for x in group if x != of)
            listed[k].append(Versions(of=of, versions=rest))
    return lone, listed


def _versions_only(first: str, group: list[str], revisions: list[Match]) -> Cluster:
    """The cluster of a story that only has versions: its first version, with the others listed."""
    rest = tuple(x for x in group if x != first)
    decided = any(m.original == first for m in revisions if first in (m.a, m.b))
    return Cluster(
        id=cluster_id(first),
        original=first,
        members=(first,),
        edges=(),
        original_decided=decided,
        original_confidence=1.0 if decided else 0.5,
        versions=(Versions(of=first, versions=rest),),
    )


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def cluster_of(found: Iterable[Cluster]) -> dict[str, str]:
    """Each article's cluster id: members and the versions listed under them.

    Examples:
        >>> c = Cluster(id="c1", original="a", members=("a", "b"), edges=(),
        ...             versions=(Versions(of="a", versions=("a2",)),))
        >>> cluster_of([c])
        {'a': 'c1', 'b': 'c1', 'a2': 'c1'}
    """
    ids: dict[str, str] = {}
    for c in found:
        for member in c.members:
            ids.setdefault(member, c.id)
        for v in c.versions:
            for x in v.versions:
                ids.setdefault(x, c.id)
    return ids


def _cluster_edges(
    original: str, members: set[str], matches: list[Match], as_copy: Mapping[str, int]
) -> tuple[Edge, ...]:
    sources: dict[str, list[tuple[tuple[bool, float, int, str], Edge]]] = defaultdict(list)
    for m in matches:
        if m.a not in members:
            continue
        # a decided direction gives one arrow; an undecided pair may go either way
        pairs = [(m.original, m.copy)] if m.original and m.copy else [(m.a, m.b), (m.b, m.a)]
        for source, copy in pairs:
            if copy == original:
                continue
            held = m.coverage_b if copy == m.b else m.coverage_a
            regions_source = m.regions_a if source == m.a else m.regions_b
            regions_copy = m.regions_b if copy == m.b else m.regions_a
            key = (not _shared_wrapper(regions_source, regions_copy), -held, as_copy.get(source, 0), source)
            relation = m.relation if copy == m.b else flip(m.relation)
            sources[copy].append((key, Edge(source=source, copy=copy, relation=relation)))
    return tuple(sorted((min(c, key=lambda x: x[0])[1] for c in sources.values()), key=lambda e: e.copy))
