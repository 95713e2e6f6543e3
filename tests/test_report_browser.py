"""The HTML report as a person sees it: rendered in headless Chromium (Debian's), driven by Playwright.

Nothing here downloads a browser: the tests use ``/usr/bin/chromium`` (``apt-get install
chromium``) and are skipped, with the reason, when it or Playwright is missing; under CI
(the ``CI`` variable set) they fail instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import provenance
from conftest import EXAMPLE
from provenance import Article
from provenance.report import write
from provenance.report.page import oriented

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("PROVENANCE_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _absent(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI installs it (.ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, without its background network traffic."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _absent("Playwright is not installed: pip install 'wire-provenance[browser]'")
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        _absent(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        found = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield found
        found.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records every request it makes and lets only file:// ones through."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.requests = []

    def route(r: Any) -> None:
        tab.requests.append(r.request.url)
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            r.abort()

    context.route("**/*", route)
    yield tab
    context.close()


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Article], list[provenance.Match]]:
    articles = list(provenance.read(EXAMPLE))
    matches = provenance.scan(articles)
    out = tmp_path_factory.mktemp("report") / "report.html"
    write(out, articles, matches, chains=provenance.chains(articles, matches))
    return out, articles, matches


def test_highlighted_passages_are_the_copied_text(
    page: Any, example: tuple[Path, list[Article], list[provenance.Match]]
) -> None:
    """In each pair, the text a person sees highlighted as passage n is that passage's text, on both sides."""
    out, articles, matches = example
    texts = {a.id: a.text for a in articles}
    page.goto(out.as_uri())
    pairs = page.locator("article.pair")
    assert pairs.count() > 0
    by_pair = {frozenset((m.a, m.b)): oriented(m) for m in matches}
    checked = 0
    for k in range(pairs.count()):
        pair = pairs.nth(k)
        left, right = pair.get_attribute("data-left"), pair.get_attribute("data-right")
        m = by_pair[frozenset((left, right))]
        assert (m.a, m.b) == (left, right)
        for side, key, regions in (("left", m.a, m.regions_a), ("right", m.b, m.regions_b)):
            seen = pair.evaluate(
                """(el, side) => {
                    const out = {};
                    for (const s of el.querySelectorAll(`.side.${side} .text [data-p]`)) {
                        const style = getComputedStyle(s);
                        const aside = s.classList.contains('aside');
                        const highlighted = style.backgroundColor !== 'rgba(0, 0, 0, 0)'
                            || style.backgroundImage !== 'none';
                        if (!highlighted) { return null; }  // a passage shown as plain text
                        const [all, story] = out[s.dataset.p] || ['', ''];
                        out[s.dataset.p] = [all + s.textContent, story + (aside ? '' : s.textContent)];
                    }
                    return out;
                }""",
                side,
            )
            assert seen is not None
            for n, p in enumerate(m.passages, start=1):
                span = p.a if side == "left" else p.b
                if span is None:
                    assert str(n) not in seen
                    continue
                whole, story = seen[str(n)]
                assert texts[key][span[0] : span[1]] == whole
                # what is highlighted as the passage: its text less the set-aside regions inside it
                inside = sorted((r.start, r.end) for r in regions if span[0] <= r.start and r.end <= span[1])
                kept, at = [], span[0]
                for start, end in inside:
                    kept.append(texts[key][at:start])
                    at = end
                kept.append(texts[key][at : span[1]])
                assert "".join(kept) == story
                checked += 1
        copied = pair.locator(".side.left .text .copied").first
        if copied.count():
            assert copied.is_visible()
    assert checked >= len(matches)
    assert [out.as_uri()] == page.requests


def test_the_graph_has_one_node_per_member(
    page: Any, example: tuple[Path, list[Article], list[provenance.Match]]
) -> None:
    """The drawn SVG has one box per cluster member, each labelled with its id, and one arrow per edge."""
    out, _, matches = example
    page.goto(out.as_uri())
    (cluster,) = provenance.clusters(matches)
    nodes = page.locator("svg.graph g.node")
    assert len(cluster.members) == nodes.count()
    assert sorted(cluster.members) == sorted(
        nodes.nth(k).get_attribute("data-id") for k in range(nodes.count())
    )
    assert len(cluster.edges) == page.locator("svg.graph g.edge").count()
    box = page.locator("svg.graph").bounding_box()
    assert box is not None
    assert box["width"] > 0
    assert box["height"] > 0
    for k in range(nodes.count()):  # every box inside the drawing
        b = nodes.nth(k).bounding_box()
        assert box["x"] <= b["x"]
        assert b["x"] + b["width"] <= box["x"] + box["width"] + 1


def test_a_hostile_article_shows_as_text(page: Any, tmp_path: Path) -> None:
    """Script tags, </textarea>, an image tag and an RTL override in an article show as text; none runs."""
    wire = (
        "BAKU, Azerbaijan, March 12. The ministry signed a deal on a solar plant in Shirvan. "
        "The plant will cost 612 million dollars and employ 1,400 people during construction. "
        "Work starts in the third quarter, the ministry said. The first power is due in 2025."
    )
    hostile = (
        "<script>window.pwned = 1</script> </textarea>"
        '<img src="http://192.0.2.1/x.png" onerror="window.pwned=2"> '
        "\u202eevil\u202c <style>body{display:none}</style>\n\n"
    )
    articles = [
        Article(id="wire", outlet="Wire", text=wire),
        Article(id="copy\u202e<script>", outlet="<b>Copy</b>", text=hostile + wire),
    ]
    matches = provenance.scan(articles)
    assert matches
    out = tmp_path / "hostile.html"
    write(out, articles, matches)
    page.goto(out.as_uri())
    assert page.evaluate("window.pwned") is None
    assert 0 == page.evaluate("document.scripts.length")
    assert 0 == page.evaluate("document.images.length")
    seen = page.locator(".side .text").all_inner_texts()
    assert any("<script>window.pwned = 1</script>" in t and "</textarea>" in t for t in seen)
    assert any("<style>body{display:none}</style>" in t for t in seen)
    override = page.locator('.cc[data-cp="U+202E"]').first
    assert override.is_visible()
    assert '"U+202E"' == override.evaluate("el => getComputedStyle(el, '::before').content")
    assert page.locator("svg.graph g.node").count() == 2
    assert [out.as_uri()] == page.requests


def test_a_folder_report_links_the_summary_to_cluster_pages(page: Any, tmp_path: Path) -> None:
    """A folder report's summary links each cluster to its page, which draws it and links back."""
    articles = list(provenance.read(EXAMPLE))
    matches = provenance.scan(articles)
    written = write(tmp_path / "out", articles, matches)
    page.goto(written[0].as_uri())
    rows = page.locator("tr.cluster-row")
    assert len(written) - 1 == rows.count()
    rows.first.locator("a").click()
    page.wait_for_load_state()
    assert page.url == written[1].as_uri()
    assert page.locator("svg.graph g.node").count() == len(provenance.clusters(matches)[0].members)
    page.locator("text=all clusters").click()
    page.wait_for_load_state()
    assert page.url == written[0].as_uri()
    assert all(url.startswith("file://") for url in page.requests)
