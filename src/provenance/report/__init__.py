"""The HTML report: see what was copied, side by side, with the graph of who copied whom.

:func:`html` makes one self-contained static page (inline CSS and SVG, no script, nothing
fetched: it opens from disk, offline, and travels as an e-mail attachment) of a collection's
story clusters: an overview (original, members, relations, credit flags, with counts); per
cluster, the members, the graph of who copied whom (:mod:`provenance.report.graph`) and
each copy side by side with its source (:mod:`provenance.report.passages`), with the
evidence for direction and the credits found, each with its pattern and span.

:func:`write` writes that page, or, for a large collection, a folder: a summary page that
lists every cluster and one page per cluster.

Every id, name and text is untrusted input: the templates escape it, and characters that
would reorder or hide text (bidirectional overrides, NUL, line separators) are shown by
their code points. The report needs the ``report`` extra (Jinja2):
``pip install 'wire-provenance[report]'``.

Examples:
    >>> import provenance
    >>> from provenance.report import html
    >>> articles = list(provenance.read("examples/wire.jsonl"))
    >>> matches = provenance.scan(articles)
    >>> page = html(articles, matches, chains=provenance.chains(articles, matches))
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, page.count('class="node')
    (True, False, 6)
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from provenance.__about__ import __version__
from provenance.article import Article
from provenance.chain import Chain
from provenance.compare import Match
from provenance.errors import InputError
from provenance.relate import Cluster
from provenance.report.page import INSTALL, ClusterView, Collection, environment, render, slug

__all__ = ["INSTALL", "PAGE_LIMIT", "TITLE", "environment", "html", "write"]

log = logging.getLogger(__name__)

TITLE = "Copies and their originals"
"""The default title of the report."""
PAGE_LIMIT = 1000
"""Most pairs one page shows side by side (about 10 MB); a larger report is written as a folder."""


def _by_id(articles: Iterable[Article] | Mapping[str, Article]) -> dict[str, Article]:
    return dict(articles) if isinstance(articles, Mapping) else {a.id: a for a in articles}


def _counts(articles: int, matches: int, views: Sequence[ClusterView]) -> dict[str, object]:
    flags: Counter[str] = Counter()
    for v in views:
        flags.update(dict(v.flags))
    return {"articles": articles, "pairs": matches, "clusters": len(views), "flags": sorted(flags.items())}


def _select(collection: Collection, *, article: str | None, cluster: str | None) -> list[Cluster]:
    if article is not None and article not in collection.articles:
        msg = f"article {article!r}: no such article"
        raise InputError(msg)
    found = collection.select(article=article, cluster=cluster)
    if article is not None and not found:
        msg = f"article {article!r}: in no story cluster (it copies nothing and nothing copies it)"
        raise InputError(msg)
    if cluster is not None and not found:
        msg = f"cluster {cluster!r}: no such story cluster"
        raise InputError(msg)
    return found


def _page(
    collection: Collection, views: Sequence[ClusterView], *, title: str, overview: bool, back: str | None
) -> str:
    pairs = len(collection.matches) if overview else sum(len(v.pairs) for v in views)
    articles = len(collection.articles) if overview else sum(len(v.members) for v in views)
    return render(
        "report.html.j2",
        title=title,
        views=views,
        overview=overview,
        counts=_counts(articles, pairs, views),
        back=back,
        version=__version__,
    )


def html(
    articles: Iterable[Article] | Mapping[str, Article],
    matches: Sequence[Match],
    *,
    chains: Iterable[Chain] = (),
    article: str | None = None,
    cluster: str | None = None,
    title: str = TITLE,
) -> str:
    """One self-contained HTML page of a collection's story clusters, every cluster in detail.

    Args:
        articles: The articles (or a mapping of them by id).
        matches: Their matches, directed (:func:`provenance.scan` makes them so).
        chains: Their attribution chains (:func:`provenance.chains`), for credits and flags.
        article: Show only this article's cluster, with the pairs it is part of.
        cluster: Show only this cluster.
        title: The page's title.

    Returns:
        The page.

    Raises:
        MissingExtraError: Jinja2 is not installed.
        InputError: ``article`` or ``cluster`` names nothing the matches hold.
    """
    environment()  # fail before any work when the extra is missing
    collection = Collection(_by_id(articles), matches, chains)
    found = _select(collection, article=article, cluster=cluster)
    views = [collection.view(c, article=article) for c in found]
    return _page(collection, views, title=title, overview=article is None and cluster is None, back=None)


def _atomic(path: Path, text: str) -> None:
    """Write a file whole or not at all (a crash leaves the old file, or none)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="\n") as out:
            out.write(text)
        mask = os.umask(0)
        os.umask(mask)
        Path(scratch).chmod(0o666 & ~mask)  # as open() would make it, not mkstemp's owner-only
        Path(scratch).replace(path)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise


def write(
    path: str | os.PathLike[str],
    articles: Iterable[Article] | Mapping[str, Article],
    matches: Sequence[Match],
    *,
    chains: Iterable[Chain] = (),
    article: str | None = None,
    cluster: str | None = None,
    title: str = TITLE,
    page_limit: int = PAGE_LIMIT,
) -> list[Path]:
    """Write the report: one page, or a folder of a summary and one page per cluster.

    A ``path`` ending in ``.html`` or ``.htm`` gets one page holding every cluster in detail;
    any other path is a folder, which gets ``index.html`` (the summary: one row per cluster,
    quick to open with 10,000 clusters) and ``clusters/ID.html`` for each cluster.

    Args:
        path: The page, or the folder.
        articles: The articles (or a mapping of them by id).
        matches: Their directed matches.
        chains: Their attribution chains.
        article: Report only this article's cluster.
        cluster: Report only this cluster.
        title: The title of the (summary) page.
        page_limit: Most pairs one page may show side by side.

    Returns:
        The files written, the summary or only page first.

    Raises:
        MissingExtraError: Jinja2 is not installed.
        InputError: ``article`` or ``cluster`` names nothing, or one page would show more than
            ``page_limit`` pairs.
    """
    environment()  # fail before any work when the extra is missing
    target = Path(path)
    collection = Collection(_by_id(articles), matches, chains)
    found = _select(collection, article=article, cluster=cluster)
    single = article is None and cluster is None
    if target.suffix.lower() in (".html", ".htm") and not target.is_dir():
        shown = (
            sum(len(c.edges) for c in found)
            if article is None
            else sum(article in (m.a, m.b) for m in collection.matches)
        )
        if shown > page_limit:
            msg = (
                f"{target}: {shown} pairs of {len(found)} story clusters are too many for one page "
                f"(at most {page_limit}); give a folder instead (-o {target.with_suffix('')}/) for a "
                "summary and a page per cluster"
            )
            raise InputError(msg)
        views = [collection.view(c, article=article) for c in found]
        _atomic(target, _page(collection, views, title=title, overview=single, back=None))
        return [target]
    pages = {c.id: f"clusters/{slug(c.id)}.html" for c in found}
    summary = [collection.view(c, detail=False, page=pages[c.id]) for c in found]
    written = [target / "index.html"]
    _atomic(written[0], _page(collection, summary, title=title, overview=True, back=None))
    for c in found:
        view = collection.view(c, article=article)
        page = target / pages[c.id]
        _atomic(
            page, _page(collection, [view], title=f"Cluster {c.id}", overview=False, back="../index.html")
        )
        written.append(page)
    log.info("report: %d pages in %s", len(written), target)
    return written
