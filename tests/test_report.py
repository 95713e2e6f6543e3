"""The HTML report without a browser: pieces, word edits, the graph layout, escaping, the command."""

from __future__ import annotations

import json
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import provenance
from conftest import EXAMPLE
from provenance import Article, Region, compare
from provenance.cli import main
from provenance.errors import InputError, MissingExtraError
from provenance.relate import Cluster, Edge
from provenance.report import html, write
from provenance.report.graph import NODE_H, NODE_W, ROWS, layout, svg
from provenance.report.page import oriented
from provenance.report.passages import Mark, pieces, side_by_side, word_edits

pytest.importorskip("jinja2")

WIRE = (
    "BAKU, Azerbaijan, March 12. The ministry signed a deal on a solar plant in Shirvan. "
    "The plant will cost 612 million dollars and employ 1,400 people during construction. "
    "Work starts in the third quarter, the ministry said. The first power is due in 2025."
)


@pytest.fixture(scope="module")
def example() -> tuple[list[Article], list[provenance.Match], list[provenance.Chain]]:
    """The bundled example, scanned, with its chains."""
    articles = list(provenance.read(EXAMPLE))
    matches = provenance.scan(articles)
    return articles, matches, provenance.chains(articles, matches)


class _Tags(HTMLParser):
    """Every start tag and attribute name of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes.update(name for name, _ in attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def tags_of(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=12)


@given(text=st.text(max_size=60), cuts=spans, names=st.lists(st.sampled_from(["copied", "aside", "ins"])))
def test_pieces_cover_the_text_once_with_the_marks_over_each(
    text: str, cuts: list[tuple[int, int]], names: list[str]
) -> None:
    """Pieces put together are the text; each piece carries exactly the marks that cover its characters."""
    marks = [
        Mark(start=min(a, b), end=max(a, b), name=names[k % len(names)] if names else "copied", passage=k)
        for k, (a, b) in enumerate(cuts)
    ]
    found = pieces(text, marks)
    assert text == "".join(p.text for p in found)
    for p in found:
        assert p.text
        for at in range(p.start, p.start + len(p.text)):
            over = {m.name for m in marks if min(m.start, len(text)) <= at < min(m.end, len(text))}
            assert tuple(sorted(over)) == p.marks


@given(
    a=st.lists(st.sampled_from(["the", "red", "blue", "car", "ran", "fast", "Car"]), max_size=15),
    b=st.lists(st.sampled_from(["the", "red", "blue", "car", "ran", "slow", "a"]), max_size=15),
)
def test_word_edits_leave_the_same_words_on_both_sides(a: list[str], b: list[str]) -> None:
    """Without the deleted words of one side and the inserted words of the other, the word lists are equal."""
    left, right = " ".join(a), " ".join(b)
    dels, inss = word_edits(left, (0, len(left)), right, (0, len(right)))

    def kept(text: str, marks: list[Mark]) -> list[str]:
        out, at = [], 0
        for m in marks:
            out += text[at : m.start].split()
            at = m.end
        return [w.casefold() for w in out + text[at:].split()]

    assert kept(left, dels) == kept(right, inss)
    assert all(left[m.start : m.end].strip() for m in dels)


def test_edited_words_are_the_changed_ones() -> None:
    """In an edited sentence, the changed words and only those are marked on each side."""
    a = Article(id="a", text=WIRE)
    changed = WIRE.replace("signed a deal", "agreed a deal").replace("employ", "give jobs to")
    b = Article(id="b", text=changed)
    lp, rp = side_by_side(compare(a, b), a, b)
    assert ["signed", "employ"] == [p.text for p in lp if "del" in p.marks]
    assert ["agreed", "give jobs to"] == [p.text for p in rp if "ins" in p.marks]


def test_oriented_puts_the_original_on_the_left() -> None:
    """A match whose original is b reads the other way round: spans, statuses, regions and scores swap."""
    a = Article(id="a", text=WIRE + " An extra closing line was added here for readers.")
    b = Article(id="b", text="(MENAFN- Caspian Wire) " + WIRE)
    m = attrs.evolve(compare(a, b), original="b", copy="a")
    o = oriented(m)
    assert ("b", "a") == (o.a, o.b)
    assert (m.coverage_a, m.coverage_b) == (o.coverage_b, o.coverage_a)
    assert m.regions_b == o.regions_a
    for p, q in zip(m.passages, o.passages, strict=True):
        assert (p.a, p.b) == (q.b, q.a)
        assert {"dropped": "added", "added": "dropped"}.get(p.status, p.status) == q.status


def star(n: int, relation: str = "verbatim") -> Cluster:
    members = tuple(f"m{k:03d}" for k in range(n))
    edges = tuple(Edge(source="m000", copy=x, relation=relation) for x in members[1:])
    return Cluster(id="cstar", original="m000", members=members, edges=edges)


@pytest.mark.parametrize("n", [2, 7, 60, 200])
def test_layout_places_every_member_once_without_overlap(n: int) -> None:
    """Every member gets one box; no two boxes overlap; a layer taller than ROWS wraps into columns."""
    g = layout(star(n))
    assert n == len(g.nodes) == len({x.id for x in g.nodes})
    boxes = [(x.x, x.y) for x in g.nodes]
    assert len(boxes) == len(set(boxes))
    for x in g.nodes:
        assert 0 <= x.x
        assert x.x + NODE_W <= g.width
        assert 0 <= x.y
        assert x.y + NODE_H <= g.height
    assert max(sum(1 for x in g.nodes if x.column == c) for c in {x.column for x in g.nodes}) <= ROWS
    assert 1 + -(-(n - 1) // ROWS) == len({x.column for x in g.nodes})


def test_layout_follows_a_chain_of_copies() -> None:
    """A copy of a copy stands one layer further than its source."""
    c = Cluster(
        id="c",
        original="w",
        members=("a", "b", "w"),
        edges=(
            Edge(source="w", copy="a", relation="verbatim"),
            Edge(source="a", copy="b", relation="excerpt"),
        ),
    )
    assert {"w": 0, "a": 1, "b": 2} == {x.id: x.layer for x in layout(c).nodes}


def test_svg_styles_relations_apart_and_names_unknown_ones() -> None:
    """Copies, revisions, shared sources and an unknown relation get their own patterns, named in a legend."""
    c = Cluster(
        id="c",
        original="w",
        members=("a", "b", "d", "u", "w"),
        edges=(
            Edge(source="w", copy="a", relation="verbatim"),
            Edge(source="w", copy="u", relation="revision"),
            Edge(source="w", copy="b", relation="shared source"),
            Edge(source="w", copy="d", relation="translation"),
        ),
    )
    drawing = svg(c, flags={("w", "a"): ("uncredited copy",)})
    styles = {s: drawing.count(f'data-style="{s}"') for s in ("uncredited copy", "revision", "shared source")}
    assert {
        "uncredited copy": 2,
        "revision": 2,
        "shared source": 2,
    } == styles  # the edge and its legend entry
    assert 'data-style="other relation"' in drawing
    assert ">translation</text>" in drawing
    assert ">verbatim, uncredited copy</text>" in drawing
    dashes = {
        part.split('stroke-dasharray="')[1].split('"')[0] if "stroke-dasharray" in part else ""
        for part in drawing.split('<g class="edge"')[1:]
    }
    assert 4 == len(dashes)  # four different line patterns, colour aside


def test_example_report_shows_every_cluster_member_and_pair(
    example: tuple[list[Article], list[provenance.Match], list[provenance.Chain]],
) -> None:
    """The example's page has its cluster, one box per member, and each copy side by side with its source."""
    articles, matches, found = example
    page = html(articles, matches, chains=found)
    (cluster,) = provenance.clusters(matches)
    assert len(cluster.members) == page.count('<g class="node')
    assert len(cluster.edges) == page.count('<article class="pair"')
    tags = tags_of(page)
    assert 0 == tags.tags["script"] + tags.tags["link"] + tags.tags["img"] + tags.tags["iframe"]
    assert not {a for a in tags.attributes if a.startswith("on")}
    assert "uncredited copy" in page


def test_new_region_kinds_and_relations_render_by_their_names() -> None:
    """A set-aside kind or relation the library does not know yet is shown under its own name."""
    a = Article(id="a", text=WIRE)
    b = Article(id="b", text=WIRE + "\n\nSubscribe to our newsletter for more news.")
    m = compare(a, b)
    with attrs.validators.disabled():
        region = Region(
            kind="boilerplate", start=len(WIRE) + 2, end=len(b.text), text=b.text[len(WIRE) + 2 :]
        )
        m = attrs.evolve(m, regions_b=(region,), relation="shared source", original="a", copy="b")
    page = html([a, b], [m])
    assert 'data-label="boilerplate"' in page
    assert ">shared source</text>" in page


HOSTILE = (
    '<script>window.pwned = 1</script> </textarea><img src="http://127.0.0.1:9/x.png"> '
    "\u202eevil\u202c \x00 line\u2028sep. "
)


def hostile_pair() -> tuple[list[Article], list[provenance.Match]]:
    a = Article(id='wire"<b>', outlet="<i>Wire</i>", text=WIRE)
    b = Article(id="copy\u202e\x00'", outlet='"><svg onload=alert(1)>', text=HOSTILE + WIRE)
    return [a, b], provenance.scan([a, b])


def test_hostile_text_and_ids_stay_text() -> None:
    """Markup, quotes, NUL and bidi overrides in ids and texts become text, not tags or attributes."""
    articles, matches = hostile_pair()
    assert 1 == len(matches)
    page = html(articles, matches)
    tags = tags_of(page)
    assert (
        0 == tags.tags["script"] + tags.tags["img"] + tags.tags["textarea"] + tags.tags["i"] + tags.tags["b"]
    )
    assert 1 == tags.tags["svg"]
    assert not {a for a in tags.attributes if a.startswith("on")}
    for char in ("\x00", "\u202e", "\u2028"):
        assert char not in page
    shown = "".join(tags.text)
    assert "<script>window.pwned = 1</script>" in shown
    assert "</textarea>" in shown
    assert 'data-cp="U+202E"' in page
    assert 'data-cp="U+0000"' in page


def test_missing_jinja_names_the_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Without Jinja2: MissingExtraError naming the pip command; the CLI says so in one line, exit 2."""
    monkeypatch.setitem(sys.modules, "jinja2", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'wire-provenance\[report\]'"):
        html([], [])
    result = CliRunner().invoke(main, ["report", str(EXAMPLE), "-o", str(tmp_path / "r.html")])
    assert 2 == result.exit_code
    assert 1 == len(result.output.strip().splitlines())
    assert "pip install 'wire-provenance[report]'" in result.output
    assert not (tmp_path / "r.html").exists()


def test_cli_writes_one_page_and_a_folder(tmp_path: Path) -> None:
    """`report -o x.html` writes one page; `-o folder` writes a summary and a page per cluster."""
    result = CliRunner().invoke(main, ["report", str(EXAMPLE), "-o", str(tmp_path / "r.html")])
    assert 0 == result.exit_code, result.output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    result = CliRunner().invoke(main, ["report", str(EXAMPLE), "-o", str(tmp_path / "out")])
    assert 0 == result.exit_code, result.output
    (cluster,) = provenance.clusters(provenance.scan(provenance.read(EXAMPLE)))
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'href="clusters/{cluster.id}.html"' in index
    assert '<g class="node' not in index  # the summary lists; the cluster's page draws
    detail = (tmp_path / "out" / "clusters" / f"{cluster.id}.html").read_text(encoding="utf-8")
    assert len(cluster.members) == detail.count('<g class="node')


def test_cli_article_and_cluster_filters(tmp_path: Path) -> None:
    """--article shows that article's pairs; an unknown article or cluster is one line and exit 2."""
    out = tmp_path / "r.html"
    result = CliRunner().invoke(main, ["report", str(EXAMPLE), "-o", str(out), "--article", "excerpt"])
    assert 0 == result.exit_code, result.output
    page = out.read_text(encoding="utf-8")
    pairs = page.count('<article class="pair"')
    excerpt_pairs = [m for m in provenance.scan(provenance.read(EXAMPLE)) if "excerpt" in (m.a, m.b)]
    assert len(excerpt_pairs) == pairs
    for args, said in (
        (["--article", "nope"], "article 'nope': no such article"),
        (["--article", "unrelated"], "in no story cluster"),
        (["--cluster", "c000"], "cluster 'c000': no such story cluster"),
    ):
        result = CliRunner().invoke(main, ["report", str(EXAMPLE), "-o", str(tmp_path / "x.html"), *args])
        assert 2 == result.exit_code
        assert said in result.output
        assert 1 == len(result.output.strip().splitlines())


def test_too_many_clusters_for_one_page_says_to_use_a_folder(tmp_path: Path) -> None:
    """One page refuses more clusters than page_limit, naming the folder to give; nothing is written."""
    articles, matches = hostile_pair()
    with pytest.raises(InputError, match="give a folder instead"):
        write(tmp_path / "r.html", articles, matches, page_limit=0)
    assert not (tmp_path / "r.html").exists()


def test_report_of_a_ledger(target: str, tmp_path: Path) -> None:
    """--db (a file or a postgresql:// URL), or PROVENANCE_DB, reports what a ledger holds: the same
    cluster as the files give."""
    assert 0 == CliRunner().invoke(main, ["ingest", str(EXAMPLE), "--db", target]).exit_code
    (cluster,) = provenance.clusters(provenance.scan(provenance.read(EXAMPLE)))
    for page, told in ((tmp_path / "r.html", ["--db", target]), (tmp_path / "env.html", [])):
        result = CliRunner().invoke(main, ["report", *told, "-o", str(page)], env={"PROVENANCE_DB": target})
        assert 0 == result.exit_code, result.output
        html = page.read_text(encoding="utf-8")
        assert f'data-cluster="{cluster.id}"' in html
        assert len(cluster.members) == html.count('<g class="node')


def test_scan_passage_text_is_the_spans_text() -> None:
    """`scan --format jsonl --passage-text` gives each passage's text on both sides: the spans' text."""
    texts = {a.id: a.text for a in provenance.read(EXAMPLE)}
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "jsonl", "--passage-text"])
    assert 0 == result.exit_code, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records
    for r in records:
        for p in r["passages"]:
            for side in ("a", "b"):
                span = p[side]
                assert (None if span is None else texts[r[side]][span[0] : span[1]]) == p[f"{side}_text"]
    plain = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "jsonl"])
    assert "a_text" not in plain.output
    assert 2 == CliRunner().invoke(main, ["scan", str(EXAMPLE), "--passage-text"]).exit_code


@given(text=st.text(max_size=80))
def test_any_text_is_shown_as_itself_and_never_as_markup(text: str) -> None:
    """Whatever an article holds, the page shows its visible characters; its only tags name code points."""
    from provenance.export import visible
    from provenance.report.page import environment

    shown = environment().from_string('{% import "macros.html.j2" as m %}{{ m.t(x) }}').render(x=text)
    tags = tags_of(shown)
    assert set(tags.tags) <= {"span"}
    assert sum(1 for ch in text if not visible(ch)) == tags.tags["span"]
    expected = "".join(ch for ch in text if visible(ch)).replace("\r", "\n")
    assert expected == "".join(tags.text).replace("\r", "\n")


@given(text=st.text())
def test_runs_names_exactly_the_invisible_characters(text: str) -> None:
    """runs() (with its fast path) gives what a character-by-character reading gives."""
    import unicodedata

    from provenance.export import runs

    slow = [
        (f"U+{ord(ch):04X}", True)
        if ch not in "\n\t" and unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
        else (ch, False)
        for ch in text
    ]
    merged: list[tuple[str, bool]] = []
    for part, named in slow:
        if merged and not named and not merged[-1][1]:
            merged[-1] = (merged[-1][0] + part, False)
        else:
            merged.append((part, named))
    assert merged == runs(text)


def test_an_undecided_original_is_said_to_be_one() -> None:
    """When nothing tells which of two texts came first, the page says the original is only a pick."""
    articles = [Article(id="one", text=WIRE), Article(id="two", text=WIRE)]
    matches = provenance.scan(articles)
    (cluster,) = provenance.clusters(matches)
    assert not cluster.original_decided
    page = html(articles, matches)
    assert "(undecided)" in page
    assert "is only the tie-break's pick" in page
    assert "Which is the original is not decided." in page


def test_a_mark_that_ends_before_it_starts_is_refused_as_a_region_is() -> None:
    """Mark uses Region's end validator: the same rule and the same message."""
    from provenance.clean import Region

    with pytest.raises(ValueError, match="end 4 is before start 5") as mark:
        Mark(start=5, end=4, name="copied")
    with pytest.raises(ValueError, match="end 4 is before start 5") as region:
        Region(kind="dateline", start=5, end=4, text="")
    assert str(region.value) == str(mark.value)
