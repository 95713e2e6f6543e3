"""Exports of attribution chains: JSON records, W3C PROV (round trip), DOT and Mermaid."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from urllib.parse import quote

import attrs
import pytest

from conftest import EXAMPLE
from provenance import Article, Cluster, clusters, compare, read, scan
from provenance.chain import Chain, chain, chains
from provenance.compare import Match
from provenance.export import chain_record, dot, mermaid, prov_json, prov_n, to_prov

prov_model = pytest.importorskip("prov.model")

HEADER = "(MENAFN- Trend News Agency)"


@pytest.fixture(scope="module")
def example() -> tuple[list[Article], list[Match], list[Chain]]:
    """The example feed, its copies directed from the wire's original, and every chain."""
    articles = list(read(EXAMPLE))
    by_id = {a.id: a for a in articles}
    original = by_id["wire-original"]
    matches = [
        attrs.evolve(compare(original, by_id[k]), original=original.id, copy=k, direction_confidence=0.9)
        for k in ("aggregator-copy", "footer-copy", "excerpt", "edited-copy", "wire-update")
    ]
    return articles, matches, chains(articles, matches)


def test_chain_record_of_the_seed(seed_text: str) -> None:
    """The seed's record lists the agents in order, the flags, the dateline and the credits with spans."""
    record = chain_record(chain(Article(id="seed", text=seed_text)))
    assert ("chain", "seed", 1) == (record["type"], record["article"], record["schema_version"])
    assert ["MENAFN", "Trend News Agency", "Ministry of Foreign Affairs of Azerbaijan"] == [
        link["agent"] for link in record["links"]
    ]
    assert ["republished", "cites", None] == [link["kind"] for link in record["links"]]
    assert ["credit not verifiable"] == record["flags"]
    assert {
        "place": "Baku",
        "date": "2024-02-06",
        "country": "Azerbaijan",
        "agency": None,
        "span": [45, 74],
    } == record["dateline"]
    header = record["credits"][0]
    assert HEADER == seed_text[slice(*header["span"])]
    assert json.loads(json.dumps(record)) == record  # JSON types only


def test_chain_records_of_the_example(example: tuple[list[Article], list[Match], list[Chain]]) -> None:
    """Every chain of the example serialises; the edited copy's record carries its flag and detail."""
    _, _, found = example
    records = {c.article: json.loads(json.dumps(chain_record(c))) for c in found}
    edited = records["edited-copy"]
    assert ["uncredited copy"] == edited["flags"]
    assert "wire-original" == edited["flag_details"][0]["article"]
    assert [False, True] == [link["inferred"] for link in edited["links"]]


def test_prov_json_round_trip(example: tuple[list[Article], list[Match], list[Chain]]) -> None:
    """PROV-JSON parsed back with prov equals the document written."""
    articles, matches, found = example
    document = to_prov(found, matches=matches, articles=articles)
    text = prov_json(found, matches=matches, articles=articles)
    parsed = prov_model.ProvDocument.deserialize(content=text, format="json")
    assert document == parsed
    assert parsed.has_bundles()


def test_prov_round_trip_of_the_seed(seed_text: str) -> None:
    """The seed's PROV document, serialised and parsed back, is equal; its claims name the three agents."""
    document = to_prov([chain(Article(id="menafn-trend-2024-02-07", text=seed_text))])
    parsed = prov_model.ProvDocument.deserialize(content=document.serialize(format="json"), format="json")
    assert document == parsed
    claims = next(b for b in parsed.bundles if str(b.identifier) == "pv:claims")
    attributed = [r for r in claims.get_records() if isinstance(r, prov_model.ProvAttribution)]
    influenced = [r for r in claims.get_records() if isinstance(r, prov_model.ProvInfluence)]
    assert ["ag:MENAFN"] == [str(r.formal_attributes[1][1]) for r in attributed]
    assert {"ag:Trend%20News%20Agency", "ag:Ministry%20of%20Foreign%20Affairs%20of%20Azerbaijan"} == {
        str(r.formal_attributes[1][1]) for r in influenced
    }


def test_prov_separates_claims_from_inferences(
    example: tuple[list[Article], list[Match], list[Chain]],
) -> None:
    """Claims hold attributions and credited influences; inferences hold quotations and revisions."""
    articles, matches, found = example
    text = prov_n(found, matches=matches, articles=articles)
    claims, inferences = text.split("bundle pv:claims", 1)[1].split("bundle pv:inferences", 1)
    assert "wasAttributedTo(art:aggregator-copy, ag:MENAFN" in claims
    assert "wasInfluencedBy(art:aggregator-copy, ag:Caspian%20Wire" in claims
    assert "wasDerivedFrom" not in claims
    assert "wasDerivedFrom(art:aggregator-copy, art:wire-original" in inferences  # a quotation
    assert "prov:type='prov:Quotation'" in inferences
    assert "prov:type='prov:Revision'" in inferences
    assert 'pv:flag="uncredited copy"' in inferences
    assert "pv:confidence=" in inferences


def test_prov_exports_matches_no_chain_covers(
    example: tuple[list[Article], list[Match], list[Chain]],
) -> None:
    """Directed matches that no chain covers are written as inferences with their scores."""
    articles, matches, _ = example
    text = prov_n(matches=matches, articles=articles)
    assert 5 == text.count("pv:relation=")
    assert "bundle pv:claims" in text


def test_prov_ids_are_escaped() -> None:
    """Article ids with colons and spaces become valid local names that round-trip."""
    page = Article(id="sha1:abc def", outlet="MENAFN", text="(MENAFN- Trend) The talks ended.")
    document = to_prov([chain(page)], articles=[page])
    assert "art:sha1%3Aabc%20def" in document.get_provn()
    assert document == prov_model.ProvDocument.deserialize(
        content=document.serialize(format="json"), format="json"
    )


UNSAFE = "\x00\x07\x08\x1b\r\x7f\x85\x9b\u2028\u2029\u200e\u202a\u202b\u202c\u202d\u202e\u2066\u2069\ufeff"


@pytest.mark.parametrize("ch", list(UNSAFE), ids=[f"U+{ord(c):04X}" for c in UNSAFE])
def test_prov_n_writes_no_control_or_separator_character_raw(ch: str) -> None:
    """A control, format or separator character in an id, title, outlet or url is escaped in PROV-N."""
    page = Article(
        id=f"wire{ch}id",
        title=f"Talks{ch}ended",
        outlet=f"Out{ch}let",
        url=f"https://x.example/{ch}",
        text=f"(MENAFN- Tre{ch}nd) BAKU, Feb 6 (Reuters) - The talks ended.",
    )
    text = prov_n([chain(page)], articles=[page])
    assert [] == [c for c in text if c in UNSAFE]
    assert f'prov:label="Talks<U+{ord(ch):04X}>ended"' in text
    assert f"art:{quote('wire' + ch + 'id', safe='-_')}" in text  # the exact id, percent-encoded


def test_prov_json_keeps_control_characters_exact() -> None:
    """PROV-JSON is not escaped further: JSON escapes the characters, and the values come back exact."""
    page = Article(id="wire\x1b\u2028", title="T\x07\u202e", text="(MENAFN- Trend) The talks ended.")
    document = json.loads(prov_json([chain(page)], articles=[page]))
    (entity,) = document["entity"].values()
    assert ("wire\x1b\u2028", "T\x07\u202e") == (entity["pv:id"], entity["prov:label"])


def test_missing_prov_extra_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the prov package, the PROV export raises an ImportError naming the extra to install."""
    monkeypatch.setitem(sys.modules, "prov", None)
    page = Article(id="p", text="The talks ended.")
    with pytest.raises(ImportError, match=r"pip install 'wire-provenance\[prov\]'"):
        to_prov([chain(page)])


def test_dot_and_mermaid_of_a_cluster(example: tuple[list[Article], list[Match], list[Chain]]) -> None:
    """The cluster's graph has one node per agent and article, and dashed edges for inferred links."""
    _, _, found = example
    graph = dot(found)
    assert graph.startswith("digraph provenance {")
    assert graph.endswith("}")
    assert '[label="Caspian Wire\\nwire-original"]' in graph
    # text matching alone supports two links: the uncredited copy's source and the update's earlier version
    assert 2 == graph.count("style=dashed")
    assert '[label="revision", style=dashed]' in graph
    assert 1 == graph.count('label="Ministry of Energy of Azerbaijan"')
    flow = mermaid(found)
    assert flow.startswith("flowchart LR")
    assert 2 == flow.count(" -. ")
    assert "Caspian Wire<br/>wire-original" in flow


def test_graph_labels_are_escaped() -> None:
    """Quotes and markup in agent names cannot break the DOT or Mermaid text."""
    page = Article(id="p", outlet='The "Quoted" <Times>', text="The talks ended.\n\nSource: Reuters")
    graph = dot([chain(page)])
    assert '\\"Quoted\\"' in graph
    flow = mermaid([chain(page)])
    assert "#quot;Quoted#quot; #lt;Times#gt;" in flow


# --- copy edges, legends and escaping of the text graphs ---------------------------------------

NASTY = 'Wire "Q" \\ <b> {x} |pipe| #quot; \x00 nul \x07 bell \u2028 sep \u202e rtl \n new line'


@pytest.fixture(scope="module")
def nasty() -> tuple[list[Chain], list[Cluster]]:
    """The example with an outlet name and an id full of quotes, markup, NUL and line separators."""
    articles = [
        attrs.evolve(
            a,
            outlet=NASTY if a.id == "wire-original" else a.outlet,
            id=a.id + ('\x00"\u2028' if a.id == "excerpt" else ""),
        )
        for a in read(EXAMPLE)
    ]
    matches = scan(articles)
    return chains(articles, matches), clusters(matches)


def arrows(graph: str, pattern: str = r"^  n\d+ -> n\d+ ") -> list[str]:
    """The lines of a graph's arrows between article or agent nodes (not the legend's)."""
    return [line for line in graph.splitlines() if re.match(pattern, line)]


def test_copy_edges_are_drawn_with_a_legend(example: tuple[list[Article], list[Match], list[Chain]]) -> None:
    """With copies, each cluster edge is an arrow from the copy to its source, named by relation; a legend."""
    articles, _, _ = example
    matches = scan(articles)
    found = chains(articles, matches)
    (cluster,) = clusters(matches)
    only = dot(found, copies=[cluster], edges="copies")
    assert len(cluster.edges) == len(arrows(only))
    assert "subgraph cluster_legend" in only
    assert 1 == sum('label="uncredited copy, edited"' in line for line in arrows(only))
    assert 1 == sum("style=dotted" in line and 'label="revision"' in line for line in arrows(only))
    assert dot(found, copies=[cluster], edges="chains") == dot(found)
    both = dot(found, copies=[cluster])
    assert len(arrows(both)) == len(arrows(dot(found))) + len(arrows(only))
    flow = mermaid(found, copies=[cluster], edges="copies")
    assert len(cluster.edges) == len(arrows(flow, r"^  n\d+ \S+\|"))
    assert "linkStyle 1," in flow  # the uncredited copy, the second edge, is drawn thick
    with pytest.raises(ValueError, match="edges must be one of"):
        dot(found, edges="everything")


def test_names_are_escaped_for_dot_and_mermaid(nasty: tuple[list[Chain], list[Cluster]]) -> None:
    """NUL, control characters, line separators, quotes and markup never reach the graph text raw."""
    found, copies = nasty
    graph, flow = dot(found, copies=copies), mermaid(found, copies=copies)
    for text in (graph, flow):
        for char in ("\x00", "\x07", "\u2028", "\u202e"):
            assert char not in text
    assert '"Wire \\"Q\\" \\\\ <b> {x} |pipe| #quot; <U+0000> nul <U+0007> bell' in graph
    for line in graph.splitlines():
        if "label=" in line:  # a label is one quoted string: every quote inside it escaped
            label = line.split("label=", 1)[1]
            assert re.match(r'"(?:[^"\\]|\\.)*"', label), line
    assert "Wire #quot;Q#quot; \\ #lt;b#gt; {x} #124;pipe#124; #35;quot; #lt;U+0000#gt; nul" in flow
    for line in flow.splitlines()[1:]:
        if '["' in line and "legend" not in line:
            inner = line.split('["', 1)[1].rsplit('"]', 1)[0]
            assert '"' not in inner
            assert "<" not in inner.replace("<br/>", "")


def test_graphviz_renders_the_escaped_dot(nasty: tuple[list[Chain], list[Cluster]]) -> None:
    """Graphviz reads the DOT of the nasty names and draws every node, the names as given."""
    dot_binary = shutil.which("dot")
    if dot_binary is None:
        if os.environ.get("CI"):
            pytest.fail("graphviz's dot is missing; CI installs it (.ci/run)")
        pytest.skip("graphviz's dot is not installed (apt-get install graphviz)")
    found, copies = nasty
    text = dot(found, copies=copies)
    done = subprocess.run(
        [dot_binary, "-Tsvg"], input=text.encode(), capture_output=True, check=False, timeout=60
    )
    assert 0 == done.returncode, done.stderr.decode()
    svg = done.stdout.decode()
    nodes = set(re.findall(r"^  (n\d+) \[label=", text, flags=re.MULTILINE))
    assert nodes == set(re.findall(r"<title>(n\d+)</title>", svg))
    assert "Wire &quot;Q&quot; \\ &lt;b&gt; {x} |pipe| #quot; &lt;U+0000&gt; nul" in svg


@pytest.mark.parametrize("export", ["to_prov", "prov_json", "prov_n"])
def test_prov_export_without_the_extra_names_the_pip_extra(
    export: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the prov package, the PROV exports raise MissingExtraError (an ImportError) naming it."""
    from provenance import export as module
    from provenance.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "prov", None)  # an import of prov now fails
    with pytest.raises(MissingExtraError, match=re.escape("pip install 'wire-provenance[prov]'")) as caught:
        getattr(module, export)([chain(Article(id="p", text="The talks ended on Monday."))])
    assert isinstance(caught.value, ImportError)


def test_cluster_from_record_rebuilds_every_cluster_of_a_scan() -> None:
    """cluster_record then cluster_from_record gives each cluster of the example feed back, versions too."""
    from provenance.export import cluster_from_record, cluster_record

    articles = read("examples/wire.jsonl")
    found = clusters(scan(articles), published={a.id: a.published for a in articles})
    assert found
    assert found == [cluster_from_record(json.loads(json.dumps(cluster_record(c)))) for c in found]
