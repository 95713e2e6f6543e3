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
keeps a republisher's wrapper came from that republisher, not from the wire. It lives in
:mod:`provenance.clustering`, with :class:`Cluster`, :class:`Edge`, :class:`Versions`,
:func:`components`, :func:`cluster_of` and :func:`flip`, and is importable from here too.

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
from datetime import datetime

import attrs
from rapidfuzz import fuzz

from provenance.article import Article
from provenance.clean import Story, clean
from provenance.clustering import Cluster, Edge, Versions, cluster_id, cluster_of, clusters, components, flip
from provenance.compare import Evidence, Match, derivation
from provenance.credits import Credits, extract
from provenance.registry import OUTLET_WORDS, ROLE_RANK, UNKNOWN_RANK, Registry, host, within

__all__ = [
    "WEIGHTS",
    "Cluster",
    "Edge",
    "Versions",
    "cluster_id",
    "cluster_of",
    "clusters",
    "components",
    "direct",
    "flip",
]

WEIGHTS = {"credit": 3.0, "wrapper": 2.0, "signature": 1.5, "role": 1.5, "timestamp": 1.0, "containment": 0.5}
"""Log-odds weight of each kind of evidence: a credit is explicit, a wrapper nearly so;
an agency's own dateline or signature on one text only (``signature``) and roles are usually
right; times too, but copies can be backdated or roles shared; which text holds the other is a
weak hint."""

SAME_TIME = 60.0
"""Seconds within which two publication times are taken as equal."""

_NAME_CUTOFF = 90.0


def _norm(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.casefold()))


def _canonical_name(name: str) -> str | None:
    """The canonical agent name from the registry, when the registry knows the name."""
    found = Registry.default().resolve(name)
    return None if found is None else found.name


def _registry_role(outlet: str | None) -> str | None:
    if not outlet:
        return None
    found = Registry.default().resolve(outlet)
    return None if found is None else found.role


def _names(article: Article) -> tuple[list[str], set[str]]:
    """The outlet's names and web domains."""
    names = [article.outlet] if article.outlet else []
    domains = set()
    if article.url:
        found = host(article.url)
        if found:
            domains.add(found)
    return names, domains


def _same(credit: str, names: list[str], domains: set[str]) -> bool:
    """Whether a credited name or domain denotes the outlet with these names and domains."""
    credited = host(credit)
    if credited is not None:  # on label boundaries, and never through a public suffix
        return any(within(credited, d) or within(d, credited) for d in domains)
    c = _norm(credit)
    if not c:
        return False
    for name in names:
        n = _norm(name)
        if not n:
            continue
        if c == n:
            return True
        agent_c, agent_n = _canonical_name(credit), _canonical_name(name)
        if agent_c is not None and agent_c == agent_n:
            return True
        shorter = min((c, n), key=len).split()
        if set(shorter) - OUTLET_WORDS and fuzz.token_set_ratio(c, n) >= _NAME_CUTOFF:
            return True
    return False


def _credited_names(found: Credits) -> list[tuple[str, str]]:
    """The names a text credits, with the kind of credit: sources, and the reporters of phrases."""
    named: list[tuple[str, str]] = []
    for c in found.sources:
        named.append((c.agent, c.kind))
        if c.reporter:
            named.append((c.reporter, c.kind))
    return named


def _has_wrapper(story: Story) -> bool:
    """Whether a page wears a republisher's wrapper: a syndication header or a credit footer."""
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
        for value, kind in _credited_names(credited):
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
    wa, wb = _has_wrapper(sa), _has_wrapper(sb)
    if wa != wb:
        plain, wrapped = (a, b) if wb else (b, a)
        named = [v for v, kind in _credited_names(said[1] if wb else said[0]) if kind in ("header", "footer")]
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
            return _role_time_containment(found, match, pair)
        found.append(
            Evidence(
                kind="wrapper",
                favours=plain.id,
                weight=WEIGHTS["wrapper"],
                detail=f"{wrapped.id} carries a republisher's header or credit footer, {plain.id} does not",
            )
        )
    return _role_time_containment(found, match, pair)


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


def _role_time_containment(
    found: list[Evidence], match: Match, pair: tuple[Article, Story, Article, Story]
) -> list[Evidence]:
    """Roles, times and containment: the evidence that does not come from the page's wrapper."""
    a, sa, b, sb = pair
    ra, rb = _registry_role(a.outlet), _registry_role(b.outlet)
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
                    detail=f"{up.outlet} is {_role_phrase(r_up)}, {down.outlet} {_role_phrase(r_down)}",
                )
            )
    found.append(_timing(a, sa, b, sb))
    if match.relation == "excerpt":
        found.append(_containment_evidence(a, b, match.coverage_b, opens=_opens_with_shared(match, "a")))
    elif match.relation == "extended":
        found.append(_containment_evidence(b, a, match.coverage_a, opens=_opens_with_shared(match, "b")))
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


def _role_phrase(role: str | None) -> str:
    """A role in words, with its article: ``a wire agency``, ``an aggregator``."""
    if role is None:
        return "an outlet the registry does not know"
    said = {"wire": "wire agency", "government": "government body"}.get(role, role)
    return f"{'an' if said[:1] in 'aeiou' else 'a'} {said}"


def _containment_evidence(whole: Article, part: Article, share: float, *, opens: bool) -> Evidence:
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
    return _canonical_name(article.outlet) or _norm(article.outlet)


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
