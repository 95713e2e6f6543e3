"""Text graphs of attribution chains and copies: Graphviz DOT and Mermaid; see :mod:`provenance.export`."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from provenance._escape import escape
from provenance.chain import Chain, Link
from provenance.relate import Cluster

__all__ = ["GRAPH_EDGES", "dot", "mermaid"]

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


def _dot_quoted(text: str) -> str:
    safe = escape(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
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
    safe = escape(text).replace("#", "#35;").replace("&", "#amp;").replace('"', "#quot;")
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
