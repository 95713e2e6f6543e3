"""Verdicts: which article of a pair is the original, and which articles are one story.

:func:`direct` weighs the evidence about a verified pair, each piece in log-odds
(:data:`WEIGHTS`), strongest kinds first:

* ``credit``: one text credits the other's outlet (an aggregator header such as
  ``(MENAFN- Trend News Agency)``, a ``Source:`` or ``Read more at`` footer, a wire
  dateline such as ``LONDON (Reuters) -``, or a reporting phrase such as ``Trend
  reports``: every credit :func:`provenance.credits.extract` finds): the credited
  article is the original;
* ``wrapper``: one page wears a republisher's wrapper (a syndication header or a
  credit footer) and the other does not: the unwrapped page is the original;
* ``role``: the outlets' roles in the agent registry differ: a primary source
  (government body, company) before a wire agency, before a publisher, before an
  aggregator; an outlet the registry does not know counts as a publisher, at half
  the weight;
* ``timestamp``: the earlier publication is the original (times within a minute
  of each other, or missing, are said so and count for nothing);
* ``containment``: the text that holds the other (an excerpt is cut from its original);
  for two versions of one outlet's story the other way round (an update adds to it).

The signed sum decides the original; its confidence is the logistic of the sum
(0.5 when nothing speaks). Two articles of the same outlet are a ``revision``: an
update of its own story, ordered by time.

:func:`clusters` joins verified pairs into story clusters, picks one original per
cluster and, inside it, points each copy at its most likely source: a copy that
keeps a republisher's wrapper came from that republisher, not from the wire.

Examples:
    >>> from provenance import Article, compare
    >>> wire = Article(id="wire", outlet="Trend", text="BAKU, Feb 6. The minister met the envoy.")
    >>> page = Article(id="page", outlet="MENAFN", text="(MENAFN- Trend) " + wire.text)
    >>> m = direct(compare(wire, page), wire, page)
    >>> m.original, m.copy, [e.kind for e in m.evidence]
    ('wire', 'page', ['credit', 'wrapper', 'role', 'timestamp'])
    >>> m.evidence[3].detail
    'no publication time for wire and page'
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TypeVar
from urllib.parse import urlsplit

import attrs
from rapidfuzz import fuzz

from provenance.article import Article, sha1_hex
from provenance.clean import Region, Story, clean
from provenance.compare import Evidence, Match, derivation
from provenance.credits import Credits, extract
from provenance.registry import Registry

__all__ = [
    "WEIGHTS",
    "Cluster",
    "Edge",
    "Versions",
    "cluster_of",
    "clusters",
    "components",
    "direct",
    "flip",
]

_Node = TypeVar("_Node", int, str)

WEIGHTS = {"credit": 3.0, "wrapper": 2.0, "signature": 1.5, "role": 1.5, "timestamp": 1.0, "containment": 0.5}
"""Log-odds weight of each kind of evidence: a credit is explicit, a wrapper nearly so;
an agency's own dateline or signature on one text only (``signature``) and roles are usually
right; times too, but copies can be backdated or roles shared; which text holds the other is a
weak hint."""

ROLE_RANK = {"government": 3, "company": 3, "wire": 2, "publisher": 1, "aggregator": 0}
"""Who is upstream of whom: primary sources, then wire agencies, publishers, aggregators."""
UNKNOWN_RANK = ROLE_RANK["publisher"]
"""The rank of an outlet the registry does not know (or knows with the role ``unknown``)."""

SAME_TIME = 60.0
"""Seconds within which two publication times are taken as equal."""

_GENERIC = frozenset(
    {"the", "news", "agency", "daily", "times", "press", "media", "online", "network", "group", "tv",
     "radio", "post", "herald", "journal", "service", "wire", "report", "reports", "today"}
)  # fmt: skip
_NAME_CUTOFF = 90.0


def _norm(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.casefold()))


def _domain(value: str) -> str | None:
    value = value.strip().casefold()
    if " " in value or "." not in value:
        return None
    host = urlsplit(value if "//" in value else "//" + value).hostname or ""
    return host.removeprefix("www.") or None


def _agent(name: str) -> str | None:
    """The canonical agent name from the registry, when the registry knows the name."""
    found = Registry.default().resolve(name)
    return None if found is None else found.name


def _role(outlet: str | None) -> str | None:
    if not outlet:
        return None
    found = Registry.default().resolve(outlet)
    return None if found is None else found.role


def _names(article: Article) -> tuple[list[str], set[str]]:
    """The outlet's names and web domains."""
    names = [article.outlet] if article.outlet else []
    domains = set()
    if article.url:
        host = _domain(article.url)
        if host:
            domains.add(host)
    return names, domains


def _same(credit: str, names: list[str], domains: set[str]) -> bool:
    """Whether a credited name or domain denotes the outlet with these names and domains."""
    host = _domain(credit)
    if host is not None:
        return any(host == d or host.endswith("." + d) or d.endswith("." + host) for d in domains)
    c = _norm(credit)
    if not c:
        return False
    for name in names:
        n = _norm(name)
        if not n:
            continue
        if c == n:
            return True
        agent_c, agent_n = _agent(credit), _agent(name)
        if agent_c is not None and agent_c == agent_n:
            return True
        shorter = min((c, n), key=len).split()
        if set(shorter) - _GENERIC and fuzz.token_set_ratio(c, n) >= _NAME_CUTOFF:
            return True
    return False


def _credited(found: Credits) -> list[tuple[str, str]]:
    """The names a text credits, with the kind of credit: sources, and the reporters of phrases."""
    named: list[tuple[str, str]] = []
    for c in found.sources:
        named.append((c.agent, c.kind))
        if c.reporter:
            named.append((c.reporter, c.kind))
    return named


def _wrapped(story: Story) -> bool:
    return any(r.kind == "header" or (r.kind == "footer" and r.value) for r in story.regions)


def _time(article: Article, story: Story) -> tuple[datetime | None, bool]:
    """The publication time, and whether it is only a date (from a metadata line)."""
    if article.published is not None:
        return article.published, False
    return story.published, story.published is not None


def _timing(a: Article, sa: Story, b: Article, sb: Story) -> Evidence:
    ta, date_a = _time(a, sa)
    tb, date_b = _time(b, sb)
    if ta is None or tb is None:
        missing = " and ".join(x.id for x, t in ((a, ta), (b, tb)) if t is None)
        return Evidence(
            kind="timestamp", favours=None, weight=0.0, detail=f"no publication time for {missing}"
        )
    if date_a or date_b:
        if ta.date() == tb.date():
            return Evidence(kind="timestamp", favours=None, weight=0.0, detail="published the same day")
        earlier = a if ta.date() < tb.date() else b
        return Evidence(
            kind="timestamp",
            favours=earlier.id,
            weight=WEIGHTS["timestamp"],
            detail=f"{earlier.id} was published on an earlier day",
        )
    gap = (tb - ta).total_seconds()
    if abs(gap) < SAME_TIME:
        return Evidence(kind="timestamp", favours=None, weight=0.0, detail="published within a minute")
    earlier, later = (a, b) if gap > 0 else (b, a)
    return Evidence(
        kind="timestamp",
        favours=earlier.id,
        weight=WEIGHTS["timestamp"],
        detail=f"{earlier.id} was published {_duration(abs(gap))} before {later.id}",
    )


def _duration(seconds: float) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return f"{int(seconds)} seconds"


def _evidence(
    match: Match, pair: tuple[Article, Story, Article, Story], said: tuple[Credits, Credits]
) -> list[Evidence]:
    a, sa, b, sb = pair
    found: list[Evidence] = []
    for copy, credited, original in ((b, said[1], a), (a, said[0], b)):
        names, domains = _names(original)
        for value, kind in _credited(credited):
            if _same(value, names, domains):
                found.append(
                    Evidence(
                        kind="credit",
                        favours=original.id,
                        weight=WEIGHTS["credit"],
                        detail=f"{copy.id} credits {value!r} ({kind}), the outlet of {original.id}",
                    )
                )
                break
    if not any(e.kind == "credit" for e in found):
        found.extend(_signed(a, said[0], b, said[1]))
    wa, wb = _wrapped(sa), _wrapped(sb)
    if wa != wb:
        plain, wrapped = (a, b) if wb else (b, a)
        named = [v for v, kind in _credited(said[1] if wb else said[0]) if kind in ("header", "footer")]
        names, domains = _names(plain)
        if named and (names or domains) and not any(_same(v, names, domains) for v in named):
            # the wrapper credits a third party: it says the page is a copy, not of whom here
            found.append(
                Evidence(
                    kind="wrapper",
                    favours=None,
                    weight=0.0,
                    detail=f"{wrapped.id} credits {named[0]!r}, not the outlet of {plain.id}",
                )
            )
            return _rest(found, match, pair)
        found.append(
            Evidence(
                kind="wrapper",
                favours=plain.id,
                weight=WEIGHTS["wrapper"],
                detail=f"{wrapped.id} carries a republisher's header or credit footer, {plain.id} does not",
            )
        )
    return _rest(found, match, pair)


_SIGNING = ("dateline", "signature", "byline")


def _signed(a: Article, said_a: Credits, b: Article, said_b: Credits) -> list[Evidence]:
    """An agency's own dateline or signature on one text only: that text is the agency's story.

    ``BEIJING, Apr. 4 (Xinhua) --`` on Xinhua's page, and nothing of the kind on a page that
    dropped it, says which came first (a copy that kept it credits Xinhua instead).
    """

    def signs(article: Article, said: Credits) -> str | None:
        names, domains = _names(article)
        if not (names or domains):
            return None
        for c in said.sources:
            if c.kind in _SIGNING and _same(c.agent, names, domains):
                return c.agent
            if c.reporter and _same(c.reporter, names, domains):
                return c.reporter
        return None

    sign_a, sign_b = signs(a, said_a), signs(b, said_b)
    if (sign_a is None) == (sign_b is None):
        return []
    signer, other, name = (a, b, sign_a) if sign_a is not None else (b, a, sign_b)
    return [
        Evidence(
            kind="signature",
            favours=signer.id,
            weight=WEIGHTS["signature"],
            detail=f"{signer.id} is signed by its own outlet ({name!r}), {other.id} is not",
        )
    ]


def _rest(found: list[Evidence], match: Match, pair: tuple[Article, Story, Article, Story]) -> list[Evidence]:
    """Roles, times and containment: the evidence that does not come from the page's wrapper."""
    a, sa, b, sb = pair
    ra, rb = _role(a.outlet), _role(b.outlet)
    if a.outlet and b.outlet and (ra in ROLE_RANK or rb in ROLE_RANK):
        # an outlet the registry does not know is most likely a publisher: half the weight
        rank_a, rank_b = ROLE_RANK.get(ra or "", UNKNOWN_RANK), ROLE_RANK.get(rb or "", UNKNOWN_RANK)
        if rank_a != rank_b:
            up, down, r_up, r_down = (a, b, ra, rb) if rank_a > rank_b else (b, a, rb, ra)
            known = ra in ROLE_RANK and rb in ROLE_RANK
            found.append(
                Evidence(
                    kind="role",
                    favours=up.id,
                    weight=WEIGHTS["role"] if known else WEIGHTS["role"] / 2,
                    detail=f"{up.outlet} is {_a(r_up)}, {down.outlet} {_a(r_down)}",
                )
            )
    found.append(_timing(a, sa, b, sb))
    if match.relation == "excerpt":
        found.append(_holds(a, b, match.coverage_b, opens=_opens_with_shared(match, "a")))
    elif match.relation == "extended":
        found.append(_holds(b, a, match.coverage_a, opens=_opens_with_shared(match, "b")))
    return found


_CUTS = 2
"""Places a copy must have cut its original in to be called edited rather than an excerpt."""


def _cut_throughout(match: Match, relation: str, *, original_is_a: bool) -> bool:
    """Whether the copy is its original with sentences cut throughout (an edit, not an excerpt).

    An excerpt is a copy cut down to one part of its original: the original's sentences it keeps
    follow each other. A copy that keeps sentences with others of the original left out between
    them in two places or more was edited. (Left out in one place only, it may as well be the
    larger text that inserted a passage there: an update that added a paragraph.) When the larger
    text is the copy, it added to the original: ``extended`` from the copy's side, wherever.
    """
    if (relation, original_is_a) not in (("excerpt", True), ("extended", False)):
        return False
    side = "a" if original_is_a else "b"
    statuses = [p.status for p in match.passages if (p.a if side == "a" else p.b) is not None]
    kept = [k for k, status in enumerate(statuses) if status in ("copied", "edited")]
    if not kept:
        return False
    cut = "dropped" if side == "a" else "added"
    gaps = sum(1 for status in statuses[kept[0] : kept[-1]] if status == cut)  # merged runs: one a gap
    return gaps >= _CUTS


def _opens_with_shared(match: Match, side: str) -> bool:
    """Whether the story of one side of a match starts with the text both share."""
    for p in match.passages:
        if (p.a if side == "a" else p.b) is not None:
            return p.status in ("copied", "edited")
    return False


def _a(role: str | None) -> str:
    if role is None:
        return "an outlet the registry does not know"
    said = {"wire": "wire agency", "government": "government body"}.get(role, role)
    return f"{'an' if said[:1] in 'aeiou' else 'a'} {said}"


def _holds(whole: Article, part: Article, share: float, *, opens: bool) -> Evidence:
    """Containment evidence: which text holds the other.

    An excerpt is cut from the top of its original (news is written to be cut from the bottom),
    so the text that holds the other and opens with it is likely the original. A text that holds
    the other after material of its own (a page padded around a copied story) is not shown by
    that to be the original: the evidence is then neutral.
    """
    if not opens:
        return Evidence(
            kind="containment",
            favours=None,
            weight=0.0,
            detail=f"{whole.id} holds {share:.0%} of {part.id} after text of its own: no sign of the first",
        )
    return Evidence(
        kind="containment",
        favours=whole.id,
        weight=WEIGHTS["containment"],
        detail=f"{whole.id} holds {share:.0%} of {part.id} and more, from its start",
    )


def _outlet_key(article: Article) -> str | None:
    if not article.outlet:
        return None
    return _agent(article.outlet) or _norm(article.outlet)


def direct(
    match: Match,
    a: Article,
    b: Article,
    *,
    story_a: Story | None = None,
    story_b: Story | None = None,
    credits_a: Credits | None = None,
    credits_b: Credits | None = None,
) -> Match:
    """Decide which article of a verified pair is the original, with the evidence.

    Args:
        match: The comparison of ``a`` and ``b`` (``match.a == a.id``, ``match.b == b.id``).
        a: The first article.
        b: The second article.
        story_a: ``a``'s cleaned story, if already made.
        story_b: ``b``'s cleaned story, if already made.
        credits_a: ``a``'s credits (:func:`provenance.credits.extract`), if already found.
        credits_b: ``b``'s credits, if already found.

    Returns:
        The match with ``original``, ``copy``, ``direction_confidence``, ``evidence``
        and ``derivation`` set, and ``relation`` set to ``"revision"`` when both
        articles come from the same outlet.

    Raises:
        ValueError: The articles are not the two sides of the match.
    """
    if (match.a, match.b) != (a.id, b.id):
        msg = f"match is of ({match.a!r}, {match.b!r}), not of ({a.id!r}, {b.id!r})"
        raise ValueError(msg)
    sa = story_a or clean(a.text)
    sb = story_b or clean(b.text)
    relation = match.relation
    key_a, key_b = _outlet_key(a), _outlet_key(b)
    if key_a is not None and key_a == key_b:
        relation = "revision"
        evidence = [
            Evidence(kind="outlet", favours=None, weight=0.0, detail=f"both published by {a.outlet}"),
            _timing(a, sa, b, sb),
        ]
        if match.coverage_a != match.coverage_b:  # an update adds to its story
            part, whole = (a, b) if match.coverage_a > match.coverage_b else (b, a)
            evidence.append(
                Evidence(
                    kind="containment",
                    favours=part.id,
                    weight=WEIGHTS["containment"],
                    detail=f"{whole.id} holds more of {part.id} than the other way round: it adds to it",
                )
            )
    else:
        said = (
            credits_a or extract(a, story=sa),
            credits_b or extract(b, story=sb),
        )
        evidence = _evidence(match, (a, sa, b, sb), said)
    score = sum(e.weight if e.favours == a.id else -e.weight for e in evidence if e.favours)
    evidence.sort(key=lambda e: (-e.weight, e.kind))
    original = copy = None
    copy_coverage = max(match.coverage_a, match.coverage_b)
    if score:
        original, copy = (a.id, b.id) if score > 0 else (b.id, a.id)
        copy_coverage = match.coverage_b if score > 0 else match.coverage_a
        (first, story_first), (second, story_second) = ((a, sa), (b, sb)) if score > 0 else ((b, sb), (a, sa))
        t_first, t_second = _time(first, story_first)[0], _time(second, story_second)[0]
        added_later = t_first is not None and t_second is not None and t_first > t_second
        if not added_later and _cut_throughout(match, relation, original_is_a=score > 0):
            relation = "edited"  # (a larger text published after the copy added to it: no cut)
    return attrs.evolve(
        match,
        relation=relation,
        original=original,
        copy=copy,
        direction_confidence=round(1.0 / (1.0 + math.exp(-abs(score))), 4),
        evidence=tuple(evidence),
        derivation=derivation(copy_coverage),
    )


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
    keys = {(r.kind, _norm(r.text)) for r in a if r.kind in ("header", "footer")}
    return any((r.kind, _norm(r.text)) in keys for r in b if r.kind in ("header", "footer"))


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

    def rank(x: str) -> tuple[float, int, int, bool, float, str]:
        t = times.get(x)
        return (-round(score[x], 6), as_copy[x], -as_original[x], t is None, t.timestamp() if t else 0.0, x)

    parts = components((m.a, m.b) for m in copies)
    home = {x: k for k, members in enumerate(parts) for x in members}
    mine: list[list[Match]] = [[] for _ in parts]  # each cluster's own matches: linear, not quadratic
    for m in matches:  # a revision between two members is an edge of their cluster's graph
        if m.a in home and home[m.a] == home.get(m.b):
            mine[home[m.a]].append(m)
    groups = components((m.a, m.b) for m in revisions)
    later = {m.copy for m in revisions if m.copy}
    lone: list[tuple[str, list[str]]] = []
    listed: dict[int, list[Versions]] = defaultdict(list)
    for group in groups:
        inside = [x for x in group if x in home]
        if not inside:  # a story with versions only: a cluster of its first version
            first = min(group, key=lambda x: (x in later, times.get(x) is None, rank(x)))
            lone.append((first, group))
            continue
        for k in sorted({home[x] for x in inside}):
            of = min((x for x in inside if home[x] == k), key=rank)
            rest = tuple(x for x in group if x != of)
            listed[k].append(Versions(of=of, versions=rest))
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
                edges=_edges(original, set(members), own, as_copy),
                original_decided=decided,
                original_confidence=round(1.0 / (1.0 + math.exp(-top)), 4) if decided else 0.5,
                versions=tuple(sorted(listed[k], key=lambda v: v.of)),
            )
        )
    for first, group in lone:
        rest = tuple(x for x in group if x != first)
        decided = any(m.original == first for m in revisions if first in (m.a, m.b))
        out.append(
            Cluster(
                id=cluster_id(first),
                original=first,
                members=(first,),
                edges=(),
                original_decided=decided,
                original_confidence=1.0 if decided else 0.5,
                versions=(Versions(of=first, versions=rest),),
            )
        )
    out.sort(key=lambda c: (-len(c.members), c.id))
    return out


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


def _edges(
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
