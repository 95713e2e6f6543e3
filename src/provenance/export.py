"""Exports: plain JSON-ready records of the library's results, W3C PROV, and text graphs.

The records are the public JSON Lines contract of ``provenance scan --format jsonl``
(documented, with its ``schema_version``, in ``docs/reference/jsonl.md``): fields
are added over time, never renamed or dropped.

Attribution chains (:mod:`provenance.chain`) export as JSON records (:func:`chain_record`),
as W3C PROV documents (:func:`to_prov`, :func:`prov_json`, :func:`prov_n`; the ``prov``
extra: ``pip install 'wire-provenance[prov]'``) and as Graphviz DOT or Mermaid graphs
(:func:`dot`, :func:`mermaid`). Names and ids in the PROV-N text and the graphs show their
invisible characters by name (:func:`plain`, the one convention of :func:`escape`, which
the command line uses too).

The PROV writer lives in ``provenance._prov``, the graphs in ``provenance._graphs``; every
name is imported from here.

Examples:
    >>> from provenance import Article, compare
    >>> text = "The talks ended on Monday."
    >>> m = compare(Article(id="x", text=text), Article(id="y", text=text))
    >>> record = match_record(m)
    >>> record["a"], record["b"], record["relation"], record["passages"][0]["a"]
    ('x', 'y', 'identical', [0, 26])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from provenance._escape import escape, runs, visible
from provenance._graphs import GRAPH_EDGES, dot, mermaid
from provenance._prov import PROV_NAMESPACES, prov_json, prov_n, to_prov
from provenance.article import Article
from provenance.chain import Chain, Link, LinkEvidence
from provenance.clean import Region
from provenance.compare import Evidence, Match, Passage
from provenance.credits import Credit, Dateline
from provenance.relate import Cluster, Edge, Versions

if TYPE_CHECKING:
    from provenance.ledger import Check

__all__ = [
    "GRAPH_EDGES",
    "PROV_NAMESPACES",
    "SCHEMA_VERSION",
    "article_record",
    "chain_record",
    "check_record",
    "cluster_from_record",
    "cluster_record",
    "dot",
    "escape",
    "json_document",
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


def plain(text: str) -> str:
    r"""Text with its invisible characters (controls, NUL, bidirectional overrides) named ``<U+XXXX>``.

    :func:`escape` with its defaults: what :meth:`str.isprintable` refuses is named, line
    breaks and tabs are kept (the graphs and PROV-N escape them their own way).

    Examples:
        >>> plain("copy\u202e\x00")
        'copy<U+202E><U+0000>'
    """
    return escape(text)


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


def cluster_from_record(record: dict[str, Any]) -> Cluster:
    """Rebuild a story cluster from its record (the inverse of :func:`cluster_record`).

    Args:
        record: A ``"cluster"`` record.

    Returns:
        The cluster.

    Examples:
        >>> from provenance import Article, clusters, compare
        >>> text = "The talks ended on Monday in the capital."
        >>> (found,) = clusters([compare(Article(id="x", text=text), Article(id="y", text=text))])
        >>> cluster_from_record(cluster_record(found)) == found
        True
    """
    return Cluster(
        id=record["id"],
        original=record["original"],
        members=tuple(record["members"]),
        edges=tuple(Edge(**e) for e in record["edges"]),
        original_decided=record["original_decided"],
        original_confidence=record["original_confidence"],
        versions=tuple(Versions(of=v["of"], versions=tuple(v["versions"])) for v in record["versions"]),
    )


def article_record(article: Article, matches: Iterable[Match] = ()) -> dict[str, Any]:
    """The JSON-ready record of a stored article and its matches (``type`` ``"article"``).

    Args:
        article: The article.
        matches: Its matches (:func:`match_record` each).

    Returns:
        A dict of JSON types: the article's fields (``published`` as ISO 8601) and ``matches``.

    Examples:
        >>> record = article_record(Article(id="x", text="The talks ended."))
        >>> record["type"], record["id"], record["published"], record["matches"]
        ('article', 'x', None, [])
    """
    record = {"schema_version": SCHEMA_VERSION, "type": "article", **attrs.asdict(article)}
    record["published"] = article.published.isoformat() if article.published else None
    record["matches"] = [match_record(m) for m in matches]
    return record


def check_record(verdict: Check) -> dict[str, Any]:
    """The JSON-ready record of a ledger's verdict on one article (``type`` ``"check"``).

    Args:
        verdict: What :meth:`provenance.ledger.Ledger.check` says of an article.

    Returns:
        A dict of JSON types: the article id, whether it is a copy, of which originals, and the matches.
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "type": "check",
        "article": verdict.id,
        "is_copy": verdict.is_copy,
        "originals": list(verdict.originals),
        "matches": [match_record(m) for m in verdict.matches],
    }


def json_document(
    chains: Iterable[Chain] = (), *, matches: Iterable[Match] = (), clusters: Iterable[Cluster] = ()
) -> dict[str, Any]:
    """The JSON export of ``provenance export --format json``: chains, matches and clusters.

    Args:
        chains: Attribution chains (:func:`chain_record` each).
        matches: Matches (:func:`match_record` each).
        clusters: Story clusters (:func:`cluster_record` each).

    Returns:
        ``{"schema_version", "chains", "matches", "clusters"}``, of JSON types.

    Examples:
        >>> json_document()
        {'schema_version': 1, 'chains': [], 'matches': [], 'clusters': []}
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "chains": [chain_record(c) for c in chains],
        "matches": [match_record(m) for m in matches],
        "clusters": [cluster_record(c) for c in clusters],
    }
