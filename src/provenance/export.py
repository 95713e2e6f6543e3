"""Exports: plain JSON-ready records of the library's results.

The records are the public JSON Lines contract of ``provenance scan --format jsonl``
(documented, with its ``schema_version``, in ``docs/reference/jsonl.md``): fields
are added over time, never renamed or dropped.

Examples:
    >>> from provenance import Article, compare
    >>> text = "The talks ended on Monday."
    >>> m = compare(Article(id="x", text=text), Article(id="y", text=text))
    >>> record = match_record(m)
    >>> record["a"], record["b"], record["relation"], record["passages"][0]["a"]
    ('x', 'y', 'identical', [0, 26])
"""

from __future__ import annotations

from typing import Any

from provenance.clean import Region
from provenance.compare import Evidence, Match, Passage
from provenance.relate import Cluster

__all__ = ["SCHEMA_VERSION", "cluster_record", "match_from_record", "match_record"]

SCHEMA_VERSION = 1
"""Version of the JSON Lines records; raised when a field changes meaning."""


def _span(span: tuple[int, int] | None) -> list[int] | None:
    return None if span is None else [span[0], span[1]]


def _passage(p: Passage) -> dict[str, Any]:
    return {"status": p.status, "a": _span(p.a), "b": _span(p.b), "score": p.score}


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"kind": e.kind, "favours": e.favours, "weight": e.weight, "detail": e.detail}


def _region(r: Region) -> dict[str, Any]:
    return {"kind": r.kind, "start": r.start, "end": r.end, "text": r.text, "value": r.value}


def match_record(match: Match) -> dict[str, Any]:
    """The JSON-ready record of one match (``type`` ``"pair"``).

    Args:
        match: A comparison result.

    Returns:
        A dict of JSON types: ids, relation, scores, passages and set-aside regions.
    """
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
        A dict of JSON types: id, original, members and the who-copied-whom edges.
    """
    return {
        "schema_version": SCHEMA_VERSION,
        "type": "cluster",
        "id": cluster.id,
        "original": cluster.original,
        "members": list(cluster.members),
        "edges": [{"source": e.source, "copy": e.copy, "relation": e.relation} for e in cluster.edges],
    }
