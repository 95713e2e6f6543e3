"""The graph of who copied whom, laid out in layers and drawn as SVG by the library.

A cluster's original stands in the first layer; each copy one layer after the source it
was pointed at (:class:`provenance.relate.Edge`). Layers are columns, read left to right
as the text travelled; in a layer, members sit in the order of their sources, so that a
tree has no crossing; a layer of more than :data:`ROWS` members wraps into several
columns, so that 200 members stay on a screen or two.

Each arrow goes from the source to the copy and is labelled with its relation, whatever
the relation is called (a relation the library learns later is drawn too, dashed). The
line's pattern tells the kind of arrow without colour: solid for copies, dotted for an
outlet's revision of its own story, dash-dot without an arrowhead for two texts of one
shared source, dashed for any other relation; an uncredited copy or a miscredit is drawn
thick and its label says so. A legend lists the patterns drawn.

Examples:
    >>> from provenance.relate import Cluster, Edge
    >>> c = Cluster(id="c1", original="w", members=("c", "u", "w"),
    ...             edges=(Edge(source="w", copy="c", relation="verbatim"),
    ...                    Edge(source="w", copy="u", relation="revision")))
    >>> g = layout(c)
    >>> [(n.id, n.layer) for n in g.nodes]
    [('w', 0), ('c', 1), ('u', 1)]
    >>> svg(c).count('class="node')
    3
"""

from __future__ import annotations

import html
from collections import defaultdict, deque
from collections.abc import Mapping

import attrs

from provenance.compare import RELATIONS
from provenance.export import plain
from provenance.relate import Cluster, Edge

__all__ = [
    "MISCREDIT",
    "NODE_H",
    "NODE_W",
    "ROWS",
    "UNCREDITED",
    "Arrow",
    "Graph",
    "Node",
    "layout",
    "style",
    "svg",
]

ROWS = 25
"""Most members in one column of a layer; a larger layer wraps into several columns."""

NODE_W = 210
NODE_H = 40
GAP_X = 190  # room between columns for the arrows' labels
GAP_Y = 12
MARGIN = 16
_CHARS = 27  # characters of an id or outlet that fit in a box

_COPIES = frozenset(RELATIONS) - {"revision"}
UNCREDITED = "uncredited copy"
MISCREDIT = "miscredit"


@attrs.frozen(kw_only=True)
class Node:
    """A member placed in the graph.

    Attributes:
        id: The article id.
        layer: Its layer (0: the original's).
        column: Its column, counted over all layers.
        row: Its row in the column.
        x: Left edge, in pixels.
        y: Top edge, in pixels.
    """

    id: str
    layer: int
    column: int
    row: int
    x: int
    y: int


@attrs.frozen(kw_only=True)
class Arrow:
    """An edge of the cluster, with its drawing style.

    Attributes:
        source: The id of the text copied from.
        copy: The id of the copy.
        relation: The relation, as the verdict names it.
        flags: The credit flags of the copy that concern this source.
    """

    source: str
    copy: str
    relation: str
    flags: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Graph:
    """A laid-out cluster.

    Attributes:
        nodes: The members, by layer and row.
        arrows: The edges.
        width: Width of the drawing, in pixels.
        height: Height of the drawing, in pixels.
    """

    nodes: tuple[Node, ...]
    arrows: tuple[Arrow, ...]
    width: int
    height: int


@attrs.frozen(kw_only=True)
class Style:
    """How an arrow is drawn: the legend's entry.

    Attributes:
        name: What the legend calls it.
        dash: The SVG ``stroke-dasharray`` (empty: solid).
        width: The stroke width.
        head: Whether the line ends in an arrowhead.
        colour: A colour, which only repeats what the pattern says.
    """

    name: str
    dash: str
    width: float
    head: bool
    colour: str


def style(relation: str, flags: tuple[str, ...] = ()) -> Style:
    """The drawing style of an arrow with this relation and these credit flags.

    Examples:
        >>> style("verbatim").dash, style("revision").dash, style("shared source").head
        ('', '2 4', False)
        >>> style("verbatim", ("uncredited copy",)).name
        'uncredited copy'
    """
    if UNCREDITED in flags:
        return Style(name=UNCREDITED, dash="", width=4.0, head=True, colour="#b00020")
    if MISCREDIT in flags:
        return Style(name=MISCREDIT, dash="10 3", width=4.0, head=True, colour="#8a4b00")
    if relation in _COPIES:
        return Style(name="copy", dash="", width=1.6, head=True, colour="#1f3f77")
    if relation == "revision":
        return Style(name="revision", dash="2 4", width=2.0, head=True, colour="#2e6b30")
    if "shared" in relation or "sibling" in relation:
        return Style(name="shared source", dash="9 3 2 3", width=1.6, head=False, colour="#5b3a8a")
    return Style(name="other relation", dash="6 4", width=1.6, head=True, colour="#555555")


def layout(cluster: Cluster, *, flags: Mapping[tuple[str, str], tuple[str, ...]] | None = None) -> Graph:
    """Place a cluster's members in layers and columns.

    Args:
        cluster: The cluster.
        flags: Credit flags by ``(source, copy)`` edge.

    Returns:
        The laid-out graph: one node per member.
    """
    flags = flags or {}
    children: dict[str, list[Edge]] = defaultdict(list)
    for e in cluster.edges:
        children[e.source].append(e)
    layer: dict[str, int] = {}
    order: list[str] = []
    roots = [cluster.original, *(m for m in cluster.members if m != cluster.original)]
    for root in roots:  # breadth first from the original, then from any member not reached
        if root in layer:
            continue
        layer[root] = 0 if root == cluster.original else 1
        queue = deque([root])
        while queue:
            here = queue.popleft()
            order.append(here)
            for e in sorted(children.get(here, ()), key=lambda e: e.copy):
                if e.copy not in layer:
                    layer[e.copy] = layer[here] + 1
                    queue.append(e.copy)
    by_layer: dict[int, list[str]] = defaultdict(list)
    for member in order:  # breadth-first order: children follow their sources' order
        by_layer[layer[member]].append(member)
    nodes: list[Node] = []
    column = 0
    tallest = 0
    for k in sorted(by_layer):
        members = by_layer[k]
        for start in range(0, len(members), ROWS):
            part = members[start : start + ROWS]
            tallest = max(tallest, len(part))
            for row, member in enumerate(part):
                nodes.append(
                    Node(
                        id=member,
                        layer=k,
                        column=column,
                        row=row,
                        x=MARGIN + column * (NODE_W + GAP_X),
                        y=MARGIN + row * (NODE_H + GAP_Y),
                    )
                )
            column += 1
    arrows = tuple(
        Arrow(source=e.source, copy=e.copy, relation=e.relation, flags=flags.get((e.source, e.copy), ()))
        for e in cluster.edges
    )
    return Graph(
        nodes=tuple(nodes),
        arrows=arrows,
        width=2 * MARGIN + column * NODE_W + max(column - 1, 0) * GAP_X,
        height=2 * MARGIN + tallest * NODE_H + max(tallest - 1, 0) * GAP_Y,
    )


def _text(value: str, limit: int = _CHARS) -> str:
    """An untrusted name for SVG text: invisible characters named, cut to ``limit``, escaped."""
    shown = plain(value)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "\u2026"
    return html.escape(shown, quote=True)


def _full(value: str) -> str:
    return html.escape(plain(value), quote=True)


def _legend_marker(s: Style, key: int) -> str:
    return f"arrow{key}" if s.head else ""


def svg(
    cluster: Cluster,
    *,
    flags: Mapping[tuple[str, str], tuple[str, ...]] | None = None,
    outlets: Mapping[str, str | None] | None = None,
    links: Mapping[str, str] | None = None,
) -> str:
    """The cluster's graph as an SVG element (no script, no external reference).

    Args:
        cluster: The cluster.
        flags: Credit flags by ``(source, copy)`` edge (see :func:`layout`).
        outlets: Each member's outlet, shown under its id.
        links: Each member's link target in the page (``#...``), if any.

    Returns:
        The ``<svg>`` element, with a legend of the arrow patterns drawn.
    """
    graph = layout(cluster, flags=flags)
    outlets = outlets or {}
    links = links or {}
    styles: dict[str, tuple[int, Style]] = {}
    for a in graph.arrows:
        s = style(a.relation, a.flags)
        styles.setdefault(s.name, (len(styles), s))
    legend_h = 22 * (len(styles) + 1) + 10
    width = max(graph.width, 460)
    height = graph.height + legend_h
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="graph" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">'
        ),
        f"<title>who copied whom in cluster {_full(cluster.id)}</title>",
        "<defs>",
    ]
    for key, s in styles.values():
        if s.head:
            out.append(
                f'<marker id="arrow{key}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="10" '
                f'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
                f'<path d="M0,0 L10,5 L0,10 z" '
                f'fill="{s.colour}"/></marker>'
            )
    out.append("</defs>")
    edges, labels = _arrows(graph, styles)
    out += edges
    out.append(f'<g class="edge-labels">{"".join(labels)}</g>')
    out += _nodes(graph, cluster.original, outlets, links)
    out += _legend(graph.height, styles)
    out.append("</g></svg>")
    return "".join(out)


def _arrows(graph: Graph, styles: dict[str, tuple[int, Style]]) -> tuple[list[str], list[str]]:
    """The arrows' SVG, and their labels (drawn after every line, so that no line crosses a label)."""
    at = {n.id: n for n in graph.nodes}
    out: list[str] = []
    labels: list[str] = []
    for a in graph.arrows:
        if a.source not in at or a.copy not in at:
            continue
        key, s = styles[style(a.relation, a.flags).name]
        src, dst = at[a.source], at[a.copy]
        x1, y1 = src.x + NODE_W, src.y + NODE_H // 2
        x2, y2 = dst.x, dst.y + NODE_H // 2
        if dst.x <= src.x:  # a member of an earlier or the same layer: leave and enter from below
            x1, y1 = src.x + NODE_W // 2, src.y + NODE_H
            x2, y2 = dst.x + NODE_W // 2, dst.y + NODE_H
            path = f"M{x1},{y1} C{x1},{y1 + 40} {x2},{y2 + 40} {x2},{y2}"
        else:
            bend = max((x2 - x1) // 2, 30)
            path = f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        head = f' marker-end="url(#arrow{key})"' if s.head else ""
        label = a.relation + ("".join(f", {f}" for f in a.flags if f in (UNCREDITED, MISCREDIT)))
        out.append(
            f'<g class="edge" data-source="{_full(a.source)}" data-copy="{_full(a.copy)}" '
            f'data-relation="{_full(a.relation)}" data-style="{s.name}">'
            f"<title>{_full(a.source)} \u2192 {_full(a.copy)}: {_full(label)}</title>"
            f'<path d="{path}" fill="none" stroke="{s.colour}" stroke-width="{s.width}"{dash}{head}/></g>'
        )
        labels.append(
            f'<text x="{x2 - 8}" y="{y2 - 7}" text-anchor="end" class="edge-label" paint-order="stroke" '
            f'stroke="#fff" stroke-width="4" stroke-linejoin="round" fill="#111">{_text(label, 30)}</text>'
        )
    return out, labels


def _nodes(
    graph: Graph, first: str, outlets: Mapping[str, str | None], links: Mapping[str, str]
) -> list[str]:
    """The members' boxes: the original (``first``) with a double border, each a link when it has one."""
    out: list[str] = []
    for n in graph.nodes:
        original = n.id == first
        outlet = outlets.get(n.id)
        border = (
            f'<rect x="{n.x - 3}" y="{n.y - 3}" width="{NODE_W + 6}" height="{NODE_H + 6}" rx="6" '
            'fill="none" stroke="#111" stroke-width="1.2"/>'
            if original
            else ""
        )
        body = (
            f'<g class="node{" original" if original else ""}" data-id="{_full(n.id)}">'
            f"<title>{_full(n.id)}{' (' + _full(outlet) + ')' if outlet else ''}"
            f"{' - the original' if original else ''}</title>{border}"
            f'<rect x="{n.x}" y="{n.y}" width="{NODE_W}" height="{NODE_H}" rx="4" '
            f'fill="{"#fff7d6" if original else "#ffffff"}" stroke="#333" '
            f'stroke-width="{2.2 if original else 1}"/>'
            f'<text x="{n.x + 8}" y="{n.y + 16}" font-weight="{"bold" if original else "normal"}">'
            f"{_text(n.id)}</text>"
            f'<text x="{n.x + 8}" y="{n.y + 32}" fill="#444">'
            f"{_text(outlet or '') if outlet else ('original' if original else '')}</text></g>"
        )
        target = links.get(n.id)
        out.append(f'<a href="{_full(target)}">{body}</a>' if target else body)
    return out


def _legend(top: int, styles: dict[str, tuple[int, Style]]) -> list[str]:
    """The legend under the graph: one line per arrow pattern drawn."""
    y = top + 14
    out = [
        (
            f'<g class="legend"><text x="{MARGIN}" y="{y}" font-weight="bold">Legend: an arrow goes '
            "from the source to the copy; the box with a double border is the original</text>"
        )
    ]
    for key, s in styles.values():
        y += 22
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        head = f' marker-end="url(#{_legend_marker(s, key)})"' if s.head else ""
        out.append(
            f'<g class="legend-entry" data-style="{s.name}"><line x1="{MARGIN}" y1="{y - 4}" '
            f'x2="{MARGIN + 60}" y2="{y - 4}" stroke="{s.colour}" stroke-width="{s.width}"{dash}{head}/>'
            f'<text x="{MARGIN + 72}" y="{y}">{html.escape(_described(s.name))}</text></g>'
        )
    return out


def _described(name: str) -> str:
    return {
        "copy": "copy (solid; labelled with the relation: verbatim, edited, excerpt...)",
        "revision": "revision: the outlet's update of its own story (dotted)",
        "shared source": "shared source: both texts come from a third (dash-dot, no arrowhead)",
        UNCREDITED: "uncredited copy: copies the source without naming it (thick, solid)",
        MISCREDIT: "miscredit: names another source than the one it copies (thick, long dashes)",
        "other relation": "other relation, named on the arrow (dashed)",
    }.get(name, name)
