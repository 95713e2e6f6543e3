"""Exports: plain JSON-ready records of the library's results, W3C PROV, and text graphs.

The records are the public JSON Lines contract of ``provenance scan --format jsonl``
(documented, with its ``schema_version``, in ``docs/reference/jsonl.md``): fields
are added over time, never renamed or dropped.

Attribution chains (:mod:`provenance.chain`) export as JSON records (:func:`chain_record`),
as W3C PROV documents (:func:`to_prov`, :func:`prov_json`, :func:`prov_n`; the ``prov``
extra: ``pip install 'wire-provenance[prov]'``) and as Graphviz DOT or Mermaid graphs
(:func:`dot`, :func:`mermaid`).

Examples:
    >>> from provenance import Article, compare
    >>> text = "The talks ended on Monday."
    >>> m = compare(Article(id="x", text=text), Article(id="y", text=text))
    >>> record = match_record(m)
    >>> record["a"], record["b"], record["relation"], record["passages"][0]["a"]
    ('x', 'y', 'identical', [0, 26])
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import attrs

from provenance.article import Article
from provenance.chain import Chain, Link, LinkEvidence
from provenance.clean import Region
from provenance.compare import Evidence, Match, Passage
from provenance.credits import Credit, Dateline
from provenance.errors import MissingExtraError
from provenance.relate import Cluster

if TYPE_CHECKING:
    from prov.model import ProvDocument

__all__ = [
    "GRAPH_EDGES",
    "SCHEMA_VERSION",
    "chain_record",
    "cluster_record",
    "dot",
    "match_from_record",
    "match_record",
    "mermaid",
    "plain",
    "prov_json",
    "prov_n",
    "runs",
    "to_prov",
    "visible",
]

SCHEMA_VERSION = 1
"""Version of the JSON Lines records; raised when a field changes meaning."""

_SHOWN = frozenset("\n\t")
_HIDDEN = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
# what str.isprintable() refuses and a page shows as it is: line breaks, tabs, the spaces (Zs) but " "
_UNPRINTABLE_BUT_SHOWN = dict.fromkeys(map(ord, "\n\t\u00a0\u1680\u202f\u205f\u3000")) | dict.fromkeys(
    range(0x2000, 0x200B)
)


def visible(char: str) -> bool:
    r"""Whether a character shows as itself (not a control, format, separator or lone surrogate).

    Examples:
        >>> visible("a"), visible("\n"), visible("\u202e"), visible("\x00")
        (True, True, False, False)
    """
    return char in _SHOWN or unicodedata.category(char) not in _HIDDEN


def runs(text: str) -> list[tuple[str, bool]]:
    """Text as runs of visible characters and, one by one, the invisible ones named ``U+XXXX``.

    A bidirectional override, a NUL or a line separator in an untrusted text is shown
    as its code point, so that it cannot reorder, cut or hide what follows it.

    Args:
        text: Any text.

    Returns:
        ``(text, False)`` for a run shown as it is, ``("U+XXXX", True)`` for a character
        shown by its name.
    """
    if text.translate(_UNPRINTABLE_BUT_SHOWN).isprintable():  # the common case, without a loop in Python
        return [(text, False)] if text else []
    out: list[tuple[str, bool]] = []
    start = 0
    for k, char in enumerate(text):
        if not visible(char):
            if k > start:
                out.append((text[start:k], False))
            out.append((f"U+{ord(char):04X}", True))
            start = k + 1
    if start < len(text):
        out.append((text[start:], False))
    return out


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


def _passage(p: Passage) -> dict[str, Any]:
    return {"status": p.status, "a": _span(p.a), "b": _span(p.b), "score": p.score}


def _cut(text: str | None, span: tuple[int, int] | None) -> str | None:
    return None if text is None or span is None else text[span[0] : span[1]]


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"kind": e.kind, "favours": e.favours, "weight": e.weight, "detail": e.detail}


def _region(r: Region) -> dict[str, Any]:
    return {"kind": r.kind, "start": r.start, "end": r.end, "text": r.text, "value": r.value}


def match_record(match: Match, *, texts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The JSON-ready record of one match (``type`` ``"pair"``).

    Args:
        match: A comparison result.
        texts: The articles' texts by id: when given, each passage also carries its text
            on both sides (``a_text``, ``b_text``; null for a side it does not have).

    Returns:
        A dict of JSON types: ids, relation, scores, passages and set-aside regions.

    Examples:
        >>> from provenance import Article, compare
        >>> x = Article(id="x", text="The talks ended. They left.")
        >>> y = Article(id="y", text="Updated. The talks ended.")
        >>> record = match_record(compare(x, y), texts={"x": x.text, "y": y.text})
        >>> [(p["status"], p["a_text"], p["b_text"]) for p in record["passages"]]
        [('added', None, 'Updated.'), ('copied', 'The talks ended.', 'The talks ended.'),
         ('dropped', 'They left.', None)]
    """
    record = _match_record(match)
    if texts is not None:
        a, b = texts.get(match.a), texts.get(match.b)
        for p, out in zip(match.passages, record["passages"], strict=True):
            out["a_text"] = _cut(a, p.a)
            out["b_text"] = _cut(b, p.b)
    return record


def _match_record(match: Match) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "type": "pair",
        "a": match.a,
        "b": match.b,
        "relation": match.relation,
        "jaccard": match.jaccard,
        "containment_ab": match.containment_ab,
        "containment_ba": match.containment_ba,
        "coverage_a": match.coverage_a,
        "coverage_b": match.coverage_b,
        "shared": match.shared,
        "quoted": match.quoted,
        "narrative_a": match.narrative_a,
        "narrative_b": match.narrative_b,
        "speakers": list(match.speakers),
        "passages": [_passage(p) for p in match.passages],
        "set_aside": {
            "a": [_region(r) for r in match.regions_a],
            "b": [_region(r) for r in match.regions_b],
        },
        "original": match.original,
        "copy": match.copy,
        "direction_confidence": match.direction_confidence,
        "evidence": [_evidence(e) for e in match.evidence],
        "derivation": match.derivation,
        "cluster": match.cluster,
    }


def match_from_record(record: dict[str, Any]) -> Match:
    """Rebuild a match from its record (the inverse of :func:`match_record`).

    Args:
        record: A ``"pair"`` record.

    Returns:
        The match.

    Examples:
        >>> from provenance import Article, compare
        >>> m = compare(Article(id="x", text="The talks ended."), Article(id="y", text="The talks ended."))
        >>> match_from_record(match_record(m)) == m
        True
    """

    def span(value: list[int] | None) -> tuple[int, int] | None:
        return None if value is None else (value[0], value[1])

    return Match(
        a=record["a"],
        b=record["b"],
        relation=record["relation"],
        jaccard=record["jaccard"],
        containment_ab=record["containment_ab"],
        containment_ba=record["containment_ba"],
        coverage_a=record["coverage_a"],
        coverage_b=record["coverage_b"],
        shared=record.get("shared", 0),
        quoted=record.get("quoted", 0),
        narrative_a=record.get("narrative_a", 0.0),
        narrative_b=record.get("narrative_b", 0.0),
        speakers=tuple(record.get("speakers", ())),
        passages=tuple(
            Passage(status=p["status"], a=span(p["a"]), b=span(p["b"]), score=p["score"])
            for p in record["passages"]
        ),
        regions_a=tuple(Region(**r) for r in record["set_aside"]["a"]),
        regions_b=tuple(Region(**r) for r in record["set_aside"]["b"]),
        original=record.get("original"),
        copy=record.get("copy"),
        direction_confidence=record.get("direction_confidence", 0.5),
        evidence=tuple(Evidence(**e) for e in record.get("evidence", ())),
        derivation=record.get("derivation", "non_derived"),
        cluster=record.get("cluster"),
    )


def cluster_record(cluster: Cluster) -> dict[str, Any]:
    """The JSON-ready record of one story cluster (``type`` ``"cluster"``).

    Args:
        cluster: A story cluster.

    Returns:
        A dict of JSON types: id, original (and whether the evidence decides it, with its
        confidence), members, the who-copied-whom edges, and the versions of members.
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "type": "cluster",
        "id": cluster.id,
        "original": cluster.original,
        "original_decided": cluster.original_decided,
        "original_confidence": cluster.original_confidence,
        "members": list(cluster.members),
        "edges": [{"source": e.source, "copy": e.copy, "relation": e.relation} for e in cluster.edges],
        "versions": [{"of": v.of, "versions": list(v.versions)} for v in cluster.versions],
    }


# --- attribution chains ------------------------------------------------------------------------


def _link_evidence(e: LinkEvidence) -> dict[str, Any]:
    return {
        "what": e.what,
        "detail": e.detail,
        "article": e.article,
        "pattern": e.pattern,
        "span": _span(e.span),
        "score": e.score,
    }


def _link(link: Link) -> dict[str, Any]:
    return {
        "agent": link.agent,
        "resolved": link.resolved is not None,
        "agent_role": link.resolved.role if link.resolved else None,
        "role": link.role,
        "kind": link.kind,
        "article": link.article,
        "found": list(link.found),
        "confidence": link.confidence,
        "inferred": link.inferred,
        "evidence": [_link_evidence(e) for e in link.evidence],
    }


def _credit(c: Credit) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "agent": c.agent,
        "resolved": c.resolved.name if c.resolved else None,
        "span": _span(c.span),
        "name_span": _span(c.name_span),
        "pattern": c.pattern,
        "reporter": c.reporter,
        "people": list(c.people),
    }


def _dateline(d: Dateline | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "place": d.place,
        "date": d.date.isoformat() if d.date else None,
        "country": d.country,
        "agency": d.agency,
        "span": _span(d.span),
    }


def chain_record(chain: Chain) -> dict[str, Any]:
    """The JSON-ready record of one attribution chain (``type`` ``"chain"``).

    Args:
        chain: An attribution chain.

    Returns:
        A dict of JSON types: the article id, the ``links`` from the publisher to the
        primary sources (agent, role, kind, confidence, evidence), the ``flags`` (names),
        their ``flag_details``, the ``dateline`` and the ``credits`` found in the text.

    Examples:
        >>> from provenance import Article
        >>> from provenance.chain import chain
        >>> page = Article(id="p", outlet="MENAFN", text="(MENAFN- Trend) BAKU, Azerbaijan, February 6. "
        ...                "Talks ended, Trend reports, referring to the Azerbaijani Foreign Ministry.")
        >>> record = chain_record(chain(page))
        >>> [link["agent"] for link in record["links"]]
        ['MENAFN', 'Trend News Agency', 'Ministry of Foreign Affairs of Azerbaijan']
        >>> record["type"], record["flags"]
        ('chain', ['credit not verifiable'])
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "type": "chain",
        "article": chain.article,
        "links": [_link(link) for link in chain.links],
        "flags": list(chain.flag_names),
        "flag_details": [
            {
                "flag": f.name,
                "agent": f.agent,
                "article": f.article,
                "detail": f.detail,
                "confidence": f.confidence,
            }
            for f in chain.flags
        ],
        "dateline": _dateline(chain.dateline),
        "credits": [_credit(c) for c in chain.credits.credits],
    }


# --- W3C PROV -------------------------------------------------------------------------------------

PROV_NAMESPACES = {
    "art": "urn:wire-provenance:article:",
    "ag": "urn:wire-provenance:agent:",
    "pv": "urn:wire-provenance:ns#",
}
"""The namespaces of the PROV export: articles, agents, and the library's own terms."""


def _prov() -> Any:
    try:
        from prov import model  # noqa: PLC0415 - an optional extra, imported when used
    except ImportError:
        msg = "W3C PROV export needs the 'prov' package: pip install 'wire-provenance[prov]'"
        raise MissingExtraError(msg) from None
    return model


def _local(text: str) -> str:
    """A PROV local name: anything but letters, digits, ``-`` and ``_`` percent-encoded."""
    return quote(text, safe="-_").replace(".", "%2E") or "_"


def to_prov(
    chains: Iterable[Chain] = (),
    *,
    matches: Iterable[Match] = (),
    articles: Iterable[Article] | Mapping[str, Article] | None = None,
) -> ProvDocument:
    """A W3C PROV document of attribution chains and text matches.

    Articles are entities (``art:``), outlets and sources agents (``ag:``). The document
    keeps what the articles *say* apart from what the library *infers*, in two bundles:

    * ``pv:claims``: each article ``wasAttributedTo`` its publisher, and ``wasInfluencedBy``
      each source and primary source its text credits (only the agent is known), with the
      credit's pattern and evidence;
    * ``pv:inferences``: each copy ``wasQuotedFrom`` its original (syndication, excerpts),
      each same-outlet update ``wasRevisionOf`` the earlier article, a cited source whose
      article was seen is a ``hadPrimarySource``, all with their scores (confidence,
      coverage, relation); an article's flags are attributes of its entity there.

    Args:
        chains: Attribution chains.
        matches: Text matches; those that no chain covers are exported as inferences too.
        articles: The articles (for titles, outlets and web addresses).

    Returns:
        A ``prov.model.ProvDocument``.

    Raises:
        MissingExtraError: The ``prov`` extra is not installed (an :class:`ImportError`).

    Examples:
        >>> from provenance import Article
        >>> from provenance.chain import chain
        >>> page = Article(id="p", outlet="MENAFN", text="(MENAFN- Trend) BAKU, Azerbaijan, February 6. "
        ...                "Talks ended, Trend reports, referring to the Azerbaijani Foreign Ministry.")
        >>> doc = to_prov([chain(page)])
        >>> sorted(str(b.identifier) for b in doc.bundles)
        ['pv:claims', 'pv:inferences']
    """
    return _document(chains, matches, articles, shown=str)


def _document(
    chains: Iterable[Chain],
    matches: Iterable[Match],
    articles: Iterable[Article] | Mapping[str, Article] | None,
    *,
    shown: Callable[[str], str],
) -> ProvDocument:
    writer = _ProvWriter(_prov(), articles, shown=shown)
    covered: set[frozenset[str]] = set()
    for chain in chains:
        covered |= writer.chain(chain)
    for m in matches:
        if frozenset((m.a, m.b)) not in covered and m.original is not None:
            writer.match(m)
    return writer.doc


class _ProvWriter:
    """Writes chains and matches into one PROV document, declaring each article and agent once."""

    def __init__(
        self,
        model: Any,
        articles: Iterable[Article] | Mapping[str, Article] | None,
        *,
        shown: Callable[[str], str],
    ) -> None:
        self.model = model
        self.shown = shown
        self.doc: ProvDocument = model.ProvDocument()
        for prefix, uri in PROV_NAMESPACES.items():
            self.doc.add_namespace(prefix, uri)
        self.claims = self.doc.bundle("pv:claims")
        self.inferences = self.doc.bundle("pv:inferences")
        self.known = dict(articles) if isinstance(articles, Mapping) else {a.id: a for a in articles or ()}
        self.entities: set[str] = set()
        self.agents: set[str] = set()

    def values(self, attributes: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        """The attributes with each text value as the document shows it."""
        return [(name, self.shown(v) if isinstance(v, str) else v) for name, v in attributes]

    def entity(self, key: str) -> str:
        name = "art:" + _local(key)
        if key not in self.entities:
            self.entities.add(key)
            attributes: list[tuple[Any, Any]] = [(self.model.PROV_TYPE, "pv:Article"), ("pv:id", key)]
            article = self.known.get(key)
            if article is not None:
                attributes += [(self.model.PROV_LABEL, article.title)] if article.title else []
                attributes += [("pv:outlet", article.outlet)] if article.outlet else []
                attributes += [("pv:url", article.url)] if article.url else []
                attributes += [("pv:published", article.published.isoformat())] if article.published else []
            self.doc.entity(name, self.values(attributes))
        return name

    def agent(self, link: Link) -> str:
        name = "ag:" + _local(link.agent)
        if link.agent not in self.agents:
            self.agents.add(link.agent)
            attributes: list[tuple[Any, Any]] = [
                (self.model.PROV_TYPE, self.model.PROV["Organization"]),
                (self.model.PROV_LABEL, link.agent),
                ("pv:resolved", "yes" if link.resolved else "no"),
            ]
            if link.resolved:
                attributes.append(("pv:role", link.resolved.role))
            self.doc.agent(name, self.values(attributes))
        return name

    def chain(self, chain: Chain) -> set[frozenset[str]]:
        """Write one chain; return the pairs of articles it relates."""
        me = self.entity(chain.article)
        covered: set[frozenset[str]] = set()
        links = list(chain.links)
        for k, link in enumerate(links):
            who = self.agent(link)
            said = [e for e in link.evidence if e.what in ("credit", "outlet")]
            detail = [("pv:evidence", e.detail) for e in said]
            detail += [("pv:pattern", e.pattern) for e in said if e.pattern]
            if link.role == "publisher":
                self.claims.wasAttributedTo(me, who, other_attributes=self.values(detail) or None)
                continue
            if not link.inferred:
                upstream = links[k - 1] if link.role == "source" else _citing(links)
                kind = (upstream.kind if upstream is not None else None) or "cites"
                self.claims.influence(
                    me,
                    who,
                    other_attributes=self.values([("pv:role", link.role), ("pv:kind", kind), *detail]),
                )
            if link.article is not None and link.article != chain.article:
                covered.add(frozenset((chain.article, link.article)))
                self.inferred(me, link, links[k - 1].kind if k > 0 else None)
        if chain.flags:
            self.inferences.entity(me, self.values([("pv:flag", f.name) for f in chain.flags]))
        return covered

    def inferred(self, me: str, link: Link, via: str | None) -> None:
        other = self.entity(str(link.article))
        scores: list[tuple[str, Any]] = [
            ("pv:confidence", link.confidence),
            ("pv:inferred", "yes" if link.inferred else "no"),
        ]
        scores += [
            ("pv:coverage", e.score) for e in link.evidence if e.what == "text match" and e.score is not None
        ]
        if link.role == "primary":
            self.inferences.hadPrimarySource(me, other, other_attributes=scores)
        elif via == "revision":
            self.inferences.wasRevisionOf(me, other, other_attributes=scores)
        else:
            self.inferences.wasQuotedFrom(
                me, other, other_attributes=[("pv:kind", via or "republished"), *scores]
            )

    def match(self, m: Match) -> None:
        original = str(m.original)
        copy = m.copy or (m.b if original == m.a else m.a)
        scores = [
            ("pv:relation", m.relation),
            ("pv:confidence", m.direction_confidence),
            ("pv:jaccard", m.jaccard),
            ("pv:coverage", m.coverage_b if copy == m.b else m.coverage_a),
        ]
        if m.relation == "revision":
            self.inferences.wasRevisionOf(self.entity(copy), self.entity(original), other_attributes=scores)
        else:
            self.inferences.wasQuotedFrom(self.entity(copy), self.entity(original), other_attributes=scores)


def _citing(links: list[Link]) -> Link | None:
    """The link that cites the primary sources: the last one before them."""
    before = [link for link in links if link.role != "primary"]
    return before[-1] if before else None


def prov_json(
    chains: Iterable[Chain] = (),
    *,
    matches: Iterable[Match] = (),
    articles: Iterable[Article] | Mapping[str, Article] | None = None,
) -> str:
    """The PROV-JSON text of :func:`to_prov` (same arguments).

    Raises:
        MissingExtraError: The ``prov`` extra is not installed (an :class:`ImportError`).
    """
    return str(to_prov(chains, matches=matches, articles=articles).serialize(format="json"))


def prov_n(
    chains: Iterable[Chain] = (),
    *,
    matches: Iterable[Match] = (),
    articles: Iterable[Article] | Mapping[str, Article] | None = None,
) -> str:
    r"""The PROV-N text of :func:`to_prov` (same arguments).

    PROV-N is read by people and by tools that print it, and its strings can escape only
    quotes, backslashes, tabs and line breaks; so every text value (an id, a title, an
    outlet, the evidence) is written through :func:`plain`: control, format and
    separator characters appear by name (``<U+001B>``, ``<U+2028>``), never raw. Names
    of entities and agents are percent-encoded (``art:wire%1B``), and give back the
    exact id. PROV-JSON (:func:`prov_json`) keeps every value exact: JSON escapes them.

    Raises:
        MissingExtraError: The ``prov`` extra is not installed (an :class:`ImportError`).
    """
    return str(_document(chains, matches, articles, shown=plain).get_provn())


# --- text graphs ----------------------------------------------------------------------------------

GRAPH_EDGES = ("chains", "copies", "both")
"""What a DOT or Mermaid graph draws: the attribution chains, the copies (who copied whom), or both."""

_COPIES = frozenset({"identical", "verbatim", "edited", "excerpt", "extended", "partial"})
_FLAGGED = ("uncredited copy", "miscredit")


@attrs.frozen(kw_only=True)
class _GraphEdge:
    """One arrow of a text graph: from a text to its source."""

    start: str  # node label
    end: str
    label: str
    style: str  # a key of _DOT_STYLE


_DOT_STYLE = {
    "credit": "",
    "inferred": ", style=dashed",
    "copy": ", penwidth=2, arrowhead=onormal",
    "revision": ", style=dotted, penwidth=2, arrowhead=onormal",
    "shared": ", style=dashed, penwidth=2, dir=none",
    "other": ", style=dashed, penwidth=2, arrowhead=odot",
    "flagged": ", penwidth=4, arrowhead=normal",
}
_LEGEND = {
    "credit": "credited source (a chain link)",
    "inferred": "chain link found by text matching only",
    "copy": "copy of (relation named)",
    "revision": "revision of the same outlet's story",
    "shared": "same source as (no direction)",
    "other": "other relation (named)",
    "flagged": "uncredited copy or miscredit (named)",
}
_MERMAID_ARROW = {
    "credit": "-->",
    "inferred": "-.->",
    "copy": "==>",
    "revision": "-.-o",
    "shared": "---",
    "other": "-.-x",
    "flagged": "--x",
}


def _copy_style(relation: str, flags: tuple[str, ...]) -> str:
    if any(f in flags for f in _FLAGGED):
        return "flagged"
    if relation in _COPIES:
        return "copy"
    if relation == "revision":
        return "revision"
    return "shared" if "shared" in relation else "other"


def _graph(
    chains: Iterable[Chain], copies: Iterable[Cluster], edges: str
) -> tuple[dict[str, str], list[_GraphEdge]]:
    """Nodes (label -> key) and arrows, each from a text to its source."""
    if edges not in GRAPH_EDGES:
        msg = f"edges must be one of {', '.join(GRAPH_EDGES)}, got {edges!r}"
        raise ValueError(msg)
    nodes: dict[str, str] = {}
    arrows: list[_GraphEdge] = []
    found = list(chains)

    def node(label: str) -> str:
        nodes.setdefault(label, f"n{len(nodes)}")
        return label

    def add(arrow: _GraphEdge) -> None:
        if arrow not in arrows:
            arrows.append(arrow)

    def link_label(link: Link) -> str:
        return link.agent if link.article is None else f"{link.agent}\n{link.article}"

    if edges in ("chains", "both"):
        for chain in found:
            links = list(chain.links)
            upstream = [link for link in links if link.role != "primary"]
            for k, link in enumerate(upstream[1:], start=1):
                kind = upstream[k - 1].kind or "republished"
                style = "inferred" if link.inferred else "credit"
                add(
                    _GraphEdge(
                        start=node(link_label(upstream[k - 1])),
                        end=node(link_label(link)),
                        label=kind,
                        style=style,
                    )
                )
            citing = upstream[-1] if upstream else None
            for link in links:
                if link.role == "primary" and citing is not None:
                    style = "inferred" if link.inferred else "credit"
                    add(
                        _GraphEdge(
                            start=node(link_label(citing)),
                            end=node(link_label(link)),
                            label="cites",
                            style=style,
                        )
                    )
            if len(links) == 1:
                node(link_label(links[0]))
    if edges in ("copies", "both"):
        named = {
            c.article: link_label(c.links[0]) for c in found if c.links and c.links[0].article == c.article
        }
        flags = {c.article: tuple(f.name for f in c.flags) for c in found}
        for cluster in copies:
            for e in cluster.edges:
                mine = tuple(f for f in flags.get(e.copy, ()) if f in _FLAGGED)
                label = ", ".join((*mine, e.relation))
                add(
                    _GraphEdge(
                        start=node(named.get(e.copy, e.copy)),
                        end=node(named.get(e.source, e.source)),
                        label=label,
                        style=_copy_style(e.relation, mine),
                    )
                )
    return nodes, arrows


def plain(text: str) -> str:
    r"""Text with its invisible characters (controls, NUL, bidirectional overrides) named ``<U+XXXX>``.

    Examples:
        >>> plain("copy\u202e\x00")
        'copy<U+202E><U+0000>'
    """
    return "".join(f"<{part}>" if named else part for part, named in runs(text))


def _dot_quoted(text: str) -> str:
    safe = plain(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + safe + '"'


def dot(
    chains: Iterable[Chain] = (),
    *,
    copies: Iterable[Cluster] = (),
    edges: str = "both",
    legend: bool | None = None,
) -> str:
    r"""A Graphviz DOT graph of attribution chains and of who copied whom.

    Nodes are agents (with the article id when one was seen); an edge points from a text to
    its source: a chain link labelled with the link kind (dashed when only text matching
    supports it), or a copy labelled with its relation (thick; dotted for a revision, no
    arrowhead for a shared source; thicker, and named, for an uncredited copy or a miscredit).
    Names are escaped: quotes, backslashes, and invisible characters shown as ``<U+XXXX>``.

    Args:
        chains: The chains (one chain, or a cluster's).
        copies: Story clusters (:func:`provenance.clusters`), whose edges are the copies.
        edges: What to draw: ``"chains"``, ``"copies"`` or ``"both"`` (:data:`GRAPH_EDGES`).
        legend: Whether to add a legend of the edge styles drawn (default: when copies are drawn).

    Returns:
        DOT text.

    Raises:
        ValueError: ``edges`` is not one of :data:`GRAPH_EDGES`.

    Examples:
        >>> from provenance import Article
        >>> from provenance.chain import chain
        >>> page = Article(id="p", outlet="MENAFN", text="(MENAFN- Trend) BAKU, Azerbaijan, February 6. "
        ...                "Talks ended, Trend reports, referring to the Azerbaijani Foreign Ministry.")
        >>> print(dot([chain(page)]))
        digraph provenance {
          rankdir=LR;
          node [shape=box];
          n0 [label="MENAFN\np"];
          n1 [label="Trend News Agency"];
          n2 [label="Ministry of Foreign Affairs of Azerbaijan"];
          n0 -> n1 [label="republished"];
          n1 -> n2 [label="cites"];
        }
    """
    nodes, arrows = _graph(chains, list(copies), edges)
    lines = ["digraph provenance {", "  rankdir=LR;", "  node [shape=box];"]
    lines += [f"  {key} [label={_dot_quoted(label)}];" for label, key in nodes.items()]
    for a in arrows:
        lines.append(
            f"  {nodes[a.start]} -> {nodes[a.end]} [label={_dot_quoted(a.label)}{_DOT_STYLE[a.style]}];"
        )
    used = list(dict.fromkeys(a.style for a in arrows))
    if legend or (legend is None and any(s not in ("credit", "inferred") for s in used)):
        lines += [
            "  subgraph cluster_legend {",
            '    label="legend: an arrow points from a text to its source";',
        ]
        lines.append('    node [shape=plaintext, label=""];')
        for k, style in enumerate(used):
            lines.append(
                f"    legend{k}a -> legend{k}b [label={_dot_quoted(_LEGEND[style])}{_DOT_STYLE[style]}];"
            )
        lines.append("  }")
    lines.append("}")
    return "\n".join(lines)


def _mermaid_text(text: str) -> str:
    safe = plain(text).replace("#", "#35;").replace("&", "#amp;").replace('"', "#quot;")
    safe = safe.replace("<", "#lt;").replace(">", "#gt;").replace("|", "#124;")
    return safe.replace("\n", "<br/>")


def mermaid(
    chains: Iterable[Chain] = (),
    *,
    copies: Iterable[Cluster] = (),
    edges: str = "both",
    legend: bool | None = None,
) -> str:
    """A Mermaid flowchart of attribution chains and of who copied whom.

    Args:
        chains: The chains (one chain, or a cluster's).
        copies: Story clusters, whose edges are the copies.
        edges: What to draw: ``"chains"``, ``"copies"`` or ``"both"`` (:data:`GRAPH_EDGES`).
        legend: Whether to add a legend of the edge styles drawn (default: when copies are drawn).

    Returns:
        Mermaid text (``flowchart LR``): an edge points from a text to its source, a chain
        link labelled with the link kind (dotted when only text matching supports it), a copy
        with its relation (thick; dotted for a revision, a plain line for a shared source).
        Names are escaped as Mermaid entities (``#quot;``, ``#35;``...), invisible characters
        shown as ``<U+XXXX>``.

    Raises:
        ValueError: ``edges`` is not one of :data:`GRAPH_EDGES`.

    Examples:
        >>> from provenance import Article
        >>> from provenance.chain import chain
        >>> page = Article(id="p", outlet="MENAFN", text="(MENAFN- Trend) BAKU, Azerbaijan, February 6. "
        ...                "Talks ended, Trend reports, referring to the Azerbaijani Foreign Ministry.")
        >>> print(mermaid([chain(page)]))
        flowchart LR
          n0["MENAFN<br/>p"]
          n1["Trend News Agency"]
          n2["Ministry of Foreign Affairs of Azerbaijan"]
          n0 -- republished --> n1
          n1 -- cites --> n2
    """
    nodes, arrows = _graph(chains, list(copies), edges)
    lines = ["flowchart LR"]
    lines += [f'  {key}["{_mermaid_text(text)}"]' for text, key in nodes.items()]
    thick: list[int] = []  # the links drawn thicker: uncredited copies and miscredits
    for a in arrows:
        if a.style in ("credit", "inferred"):  # the chain links keep their first form
            arrow = f"-. {a.label} .->" if a.style == "inferred" else f"-- {a.label} -->"
            lines.append(f"  {nodes[a.start]} {arrow} {nodes[a.end]}")
        else:
            thick += [len(lines) - len(nodes) - 1] if a.style == "flagged" else []
            lines.append(
                f'  {nodes[a.start]} {_MERMAID_ARROW[a.style]}|"{_mermaid_text(a.label)}"| {nodes[a.end]}'
            )
    used = list(dict.fromkeys(a.style for a in arrows))
    links = len(arrows)
    if legend or (legend is None and any(s not in ("credit", "inferred") for s in used)):
        lines.append('  subgraph legend["legend: an arrow points from a text to its source"]')
        for k, style in enumerate(used):
            arrow = f'{_MERMAID_ARROW[style]}|"{_mermaid_text(_LEGEND[style])}"|'
            lines.append(f'    legend{k}a[" "] {arrow} legend{k}b[" "]')
            thick += [links + k] if style == "flagged" else []
        lines.append("  end")
    if thick:
        lines.append(f"  linkStyle {','.join(map(str, thick))} stroke-width:4px")
    return "\n".join(lines)
