"""What the report's pages show, gathered from the verdicts, and the pages rendered with Jinja2.

:class:`Collection` turns articles, matches and chains into view records (:class:`ClusterView`,
:class:`PairView`); :func:`render` fills a template with them. Templates autoescape:
every id, name and text comes from the input and is untrusted.
"""

from __future__ import annotations

import functools
import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from provenance.article import Article
from provenance.chain import FLAGS, Chain
from provenance.clean import clean
from provenance.compare import Match, Passage
from provenance.errors import EmptyStoryError, MissingExtraError
from provenance.export import plain, runs
from provenance.relate import Cluster, cluster_of, clusters, flip
from provenance.report.graph import MISCREDIT, UNCREDITED, svg
from provenance.report.passages import Piece, side_by_side

__all__ = [
    "INSTALL",
    "ClusterView",
    "Collection",
    "Member",
    "PairView",
    "environment",
    "oriented",
    "render",
    "slug",
]

log = logging.getLogger(__name__)

INSTALL = "pip install 'wire-provenance[report]'"

_SWAP = {"dropped": "added", "added": "dropped"}


@attrs.frozen(kw_only=True)
class Member:
    """A cluster member as the overview lists it.

    Attributes:
        article: The article.
        original: Whether it is the cluster's original.
        source: The id of the member it was pointed at as its source, if any.
        relation: Its relation to that source.
        flags: The names of its chain's flags.
        details: Each flag's name and detail.
    """

    article: Article
    original: bool
    source: str | None = None
    relation: str | None = None
    flags: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()


@attrs.frozen(kw_only=True)
class PairView:
    """One pair shown side by side, the original (when decided) on the left.

    Attributes:
        anchor: The pair's anchor in the page.
        match: The match, oriented so that ``match.a`` is the left article.
        left: The left article.
        right: The right article.
        left_pieces: The left text, cut into marked pieces.
        right_pieces: The right text, cut into marked pieces.
        left_chain: The left article's chain, if known.
        right_chain: The right article's chain, if known.
        counts: Passages by status.
    """

    anchor: str
    match: Match
    left: Article
    right: Article
    left_pieces: tuple[Piece, ...]
    right_pieces: tuple[Piece, ...]
    left_chain: Chain | None
    right_chain: Chain | None
    counts: tuple[tuple[str, int], ...]


@attrs.frozen(kw_only=True)
class ClusterView:
    """One story cluster: its members, graph, flags and pairs.

    Attributes:
        cluster: The cluster.
        members: The members, the original first.
        relations: How many edges of each relation.
        flags: How many members carry each flag.
        pairs: Matches inside the cluster, as ``(a, b)`` ids.
        shown: The pairs shown side by side (an empty tuple in a summary).
        graph: The SVG drawing (empty in a summary).
        page: The cluster's own page, relative to the summary, when it has one.
    """

    cluster: Cluster
    members: tuple[Member, ...]
    relations: tuple[tuple[str, int], ...]
    flags: tuple[tuple[str, int], ...]
    pairs: tuple[Match, ...]
    shown: tuple[PairView, ...] = ()
    graph: str = ""
    page: str | None = None

    @property
    def original(self) -> Member:
        """The original's entry."""
        return self.members[0]


def oriented(match: Match) -> Match:
    """The match read with its original as ``a`` (unchanged when ``a`` is, or none was decided).

    Examples:
        >>> from provenance import Article, compare
        >>> x = Article(id="x", text="The talks ended. They left.")
        >>> m = compare(x, Article(id="y", text="The talks ended."))
        >>> o = oriented(attrs.evolve(m, original="y", copy="x"))
        >>> o.a, o.relation, [p.status for p in o.passages]
        ('y', 'extended', ['copied', 'added'])
    """
    if match.original != match.b:
        return match
    return attrs.evolve(
        match,
        a=match.b,
        b=match.a,
        relation=flip(match.relation),
        containment_ab=match.containment_ba,
        containment_ba=match.containment_ab,
        coverage_a=match.coverage_b,
        coverage_b=match.coverage_a,
        passages=tuple(
            Passage(status=_SWAP.get(p.status, p.status), a=p.b, b=p.a, score=p.score) for p in match.passages
        ),
        regions_a=match.regions_b,
        regions_b=match.regions_a,
    )


def _published(articles: Mapping[str, Article], ids: Iterable[str]) -> dict[str, datetime | None]:
    """Publication times, from the record or else the text's metadata line (as :func:`scan` takes them)."""
    out: dict[str, datetime | None] = {}
    for key in ids:
        a = articles.get(key)
        if a is None:
            continue
        if a.published is not None:
            out[key] = a.published
            continue
        try:
            out[key] = clean(a.text).published
        except EmptyStoryError:
            out[key] = None
    return out


def _edge_flags(cluster: Cluster, by_id: Mapping[str, Chain]) -> dict[tuple[str, str], tuple[str, ...]]:
    """Each edge's credit flags: an uncredited copy or a miscredit of the copy's chain."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for e in cluster.edges:
        c = by_id.get(e.copy)
        if c is not None:
            found = tuple(dict.fromkeys(f.name for f in c.flags if f.name in (UNCREDITED, MISCREDIT)))
            if found:
                out[(e.source, e.copy)] = found
    return out


def _member(
    key: str, cluster: Cluster, articles: Mapping[str, Article], by_id: Mapping[str, Chain]
) -> Member:
    edge = next((e for e in cluster.edges if e.copy == key), None)
    c = by_id.get(key)
    return Member(
        article=articles.get(key) or Article(id=key, text=""),
        original=key == cluster.original,
        source=edge.source if edge else None,
        relation=edge.relation if edge else None,
        flags=c.flag_names if c else (),
        details=tuple((f.name, f.detail) for f in c.flags) if c else (),
    )


def _pair_view(match: Match, articles: Mapping[str, Article], by_id: Mapping[str, Chain]) -> PairView | None:
    m = oriented(match)
    left, right = articles.get(m.a), articles.get(m.b)
    if left is None or right is None:
        return None
    chains = (by_id.get(m.a), by_id.get(m.b))
    lp, rp = side_by_side(m, left, right, chains=chains)
    counts = Counter(p.status for p in m.passages)
    return PairView(
        anchor=f"pair-{slug(m.a)}-{slug(m.b)}",
        match=m,
        left=left,
        right=right,
        left_pieces=tuple(lp),
        right_pieces=tuple(rp),
        left_chain=chains[0],
        right_chain=chains[1],
        counts=tuple((s, counts[s]) for s in ("copied", "edited", "dropped", "added") if counts[s]),
    )


def slug(key: str) -> str:
    """An id usable in an HTML id and a file name: letters, digits, ``-`` and ``_``; the rest as hex."""
    return "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_" else f".{ord(ch):x}" for ch in key)


class Collection:
    """A collection's story clusters, found once, each viewed on demand.

    Args:
        articles: The articles by id.
        matches: Their verified, directed matches.
        chains: Their attribution chains (for flags and credits).
    """

    def __init__(
        self, articles: Mapping[str, Article], matches: Sequence[Match], chains: Iterable[Chain] = ()
    ) -> None:
        self.articles = articles
        self.matches = matches
        self.chains = {c.article: c for c in chains}
        ids = {x for m in matches for x in (m.a, m.b)}
        self.clusters = clusters(matches, published=_published(articles, ids))
        home = cluster_of(self.clusters)  # members, and the versions listed under them
        self.own: dict[str, list[Match]] = {c.id: [] for c in self.clusters}
        for m in matches:
            key = home.get(m.a) or home.get(m.b)
            if key is not None:
                self.own[key].append(m)

    def select(self, *, article: str | None = None, cluster: str | None = None) -> list[Cluster]:
        """The clusters, or only the one of ``article``, or only ``cluster``."""
        found = self.clusters
        if cluster is not None:
            found = [c for c in found if c.id == cluster]
        if article is not None:
            found = [c for c in found if article in c.members]
        return found

    def view(
        self, c: Cluster, *, detail: bool = True, article: str | None = None, page: str | None = None
    ) -> ClusterView:
        """One cluster as the report shows it.

        Args:
            c: The cluster.
            detail: Whether to draw its graph and its pairs side by side.
            article: Show only the pairs of this article (and the cluster's edges).
            page: The cluster's own page, for a summary that links to it.

        Returns:
            The view.
        """
        articles, by_id = self.articles, self.chains
        members = [c.original, *(x for x in c.members if x != c.original)]
        shown: tuple[PairView, ...] = ()
        graph = ""
        if detail:
            edges = {(e.source, e.copy) for e in c.edges} | {(e.copy, e.source) for e in c.edges}
            place = {x: k for k, x in enumerate(members)}
            chosen = [
                m
                for m in self.own[c.id]
                if (article is None and (m.a, m.b) in edges)
                or (article is not None and article in (m.a, m.b))
            ]
            chosen.sort(key=lambda m: (place[m.copy or m.b], place[m.original or m.a]))
            shown = tuple(v for v in (_pair_view(m, articles, by_id) for m in chosen) if v is not None)
            outlets = {x: articles[x].outlet for x in c.members if x in articles}
            graph = svg(
                c,
                flags=_edge_flags(c, by_id),
                outlets=outlets,
                links={x: f"#{_member_anchor(c, x)}" for x in c.members},
            )
        views = tuple(_member(x, c, articles, by_id) for x in members)
        flags = Counter(f for v in views for f in dict.fromkeys(v.flags))
        return ClusterView(
            cluster=c,
            members=views,
            relations=tuple(sorted(Counter(e.relation for e in c.edges).items())),
            flags=tuple((f, flags[f]) for f in (*FLAGS, *sorted(set(flags) - set(FLAGS))) if flags[f]),
            pairs=tuple(self.own[c.id]),
            shown=shown,
            graph=graph,
            page=page,
        )


def _member_anchor(cluster: Cluster, key: str) -> str:
    return f"m-{slug(cluster.id)}-{slug(key)}"


def environment() -> Any:
    """The Jinja2 environment of the report's templates (autoescaping everything).

    Raises:
        MissingExtraError: Jinja2 is not installed.
    """
    try:
        import jinja2  # noqa: F401, PLC0415 - an optional extra, imported when used
    except ImportError as error:
        msg = f"the HTML report needs Jinja2, which is not installed: {INSTALL}"
        raise MissingExtraError(msg) from error
    return _environment()


@functools.cache
def _environment() -> Any:
    """The environment, made once: its templates are compiled once."""
    import jinja2  # noqa: PLC0415 - an optional extra, imported when used

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("provenance.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["runs"] = runs
    env.filters["plain"] = plain
    env.globals["member_anchor"] = _member_anchor
    env.globals["slug"] = slug
    return env


def render(template: str, **context: Any) -> str:
    """Fill one of the report's templates.

    Args:
        template: The template's file name (``"summary.html.j2"``, ``"cluster.html.j2"``).
        **context: Its variables.

    Returns:
        The HTML page.

    Raises:
        MissingExtraError: Jinja2 is not installed.
    """
    env = environment()
    return str(env.get_template(template).render(css=_css(), **context))


@functools.cache
def _css() -> str:
    env = environment()
    return str(env.loader.get_source(env, "report.css")[0])
