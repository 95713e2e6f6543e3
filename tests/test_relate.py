"""Verdicts: direction rules, revisions, derivation, and story clusters."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from conftest import EXAMPLE
from provenance import Article, clusters, compare, direct, read, scan

STORY = "\n\n".join(
    [
        (
            "BAKU, Azerbaijan, March 12. The energy minister signed an agreement on a new solar plant in "
            "Shirvan on Tuesday, Caspian Wire reports."
        ),
        "The plant will produce 500 megawatts and is expected to start operating in the second half of 2027.",
        "Officials said the project would cost 612 million dollars and would be financed by banks.",
        "A new power line of 230 kilometres will connect the plant to the national grid near the capital.",
        "The minister said the country aimed to produce a third of its electricity from renewables by 2030.",
    ]
)
T0 = datetime(2024, 3, 12, 9, 0, tzinfo=UTC)


def article(key: str, outlet: str | None, text: str, hours: float | None = None) -> Article:
    published = None if hours is None else T0 + timedelta(hours=hours)
    return Article(id=key, outlet=outlet, text=text, published=published)


def verdict(a: Article, b: Article):  # type: ignore[no-untyped-def]
    return direct(compare(a, b), a, b)


def test_credit_beats_timestamp() -> None:
    """A copy that credits the other's outlet is the copy even when its timestamp is earlier."""
    wire = article("wire", "Caspian Wire", STORY, hours=2)
    page = article("page", "Baku Daily", STORY + "\n\nSource: Caspian Wire", hours=0)
    m = verdict(wire, page)
    assert ("wire", "page") == (m.original, m.copy)
    assert ["credit", "wrapper", "timestamp"] == [e.kind for e in m.evidence]
    assert "page" == m.evidence[2].favours  # the contradicting evidence is kept and shown
    assert 0.5 < m.direction_confidence < 1.0


def test_wrapper_marks_the_republisher() -> None:
    """The page with an aggregator header is the republisher, whatever the input order."""
    wire = article("wire", None, STORY)
    page = article("page", None, " date 2024-03-12 (MENAFN- Someone) " + STORY)
    for a, b in ((wire, page), (page, wire)):
        m = verdict(a, b)
        assert ("wire", "page") == (m.original, m.copy)
        assert "wrapper" == m.evidence[0].kind


def test_wrapper_crediting_a_third_party_says_nothing_about_this_pair() -> None:
    """Two copies of one wire: the header names the wire, not the other copy, so it is neutral."""
    one = article("one", "MENAFN", "(MENAFN- Caspian Wire) " + STORY)
    two = article("two", "Baku Daily", STORY)
    m = verdict(one, two)
    wrapper = next(e for e in m.evidence if e.kind == "wrapper")
    assert (None, 0.0) == (wrapper.favours, wrapper.weight)


def test_earlier_timestamp_is_the_original() -> None:
    """With nothing else to go on, the earlier publication is the original."""
    m = verdict(article("late", "B", STORY, hours=5), article("early", "A", STORY, hours=1))
    assert ("early", "late") == (m.original, m.copy)
    assert "early was published 4 hours before late" == m.evidence[0].detail


@pytest.mark.parametrize(
    ("hours_a", "hours_b", "detail"),
    [
        (None, 1.0, "no publication time for a"),
        (None, None, "no publication time for a and b"),
        (1.0, 1.0, "published within a minute"),
    ],
)
def test_missing_or_equal_times_are_said_and_decide_nothing(
    hours_a: float | None, hours_b: float | None, detail: str
) -> None:
    """Missing or equal timestamps are reported as neutral evidence; no direction is invented."""
    m = verdict(article("a", "A", STORY, hours_a), article("b", "B", STORY, hours_b))
    assert [detail] == [e.detail for e in m.evidence if e.kind == "timestamp"]
    assert (None, None, 0.5) == (m.original, m.copy, m.direction_confidence)


def test_excerpt_points_at_the_whole() -> None:
    """Without times or credits, the text that holds the other is taken as the original."""
    whole = article("whole", "A", STORY)
    part = article("part", "B", "\n\n".join(STORY.split("\n\n")[:2]))
    m = verdict(part, whole)
    assert ("whole", "part", "extended") == (m.original, m.copy, m.relation)
    assert "wholly_derived" == m.derivation


def test_same_outlet_is_a_revision_not_a_copy() -> None:
    """A later, longer text of the same outlet is a revision of its own story, ordered by time."""
    first = article("first", "Caspian Wire", STORY, hours=0)
    update = article("update", "caspian wire", STORY + "\n\nThe tender will open in May, officials added.", 3)
    m = verdict(update, first)
    assert ("revision", "first", "update") == (m.relation, m.original, m.copy)
    assert "outlet" in {e.kind for e in m.evidence}


def test_partial_copy_is_partially_derived() -> None:
    """A copy that adds as much of its own as it takes is partially derived."""
    paragraphs = STORY.split("\n\n")
    own = "\n\n".join(
        f"Local residents of district {k} said the new plant would change the valley and its farms for good."
        for k in range(2)
    )
    local = article("local", "B", "\n\n".join(paragraphs[1:3]) + "\n\n" + own, 4)
    m = verdict(article("wire", "A", STORY, 0), local)
    assert 0.25 <= m.coverage_b < 0.9
    assert ("wire", "partially_derived") == (m.original, m.derivation)


def test_direct_refuses_the_wrong_articles() -> None:
    """direct checks that the articles are the two sides of the match."""
    a, b = article("a", None, STORY), article("b", None, STORY)
    with pytest.raises(ValueError, match="not of"):
        direct(compare(a, b), b, a)


def family() -> list[Article]:
    """A wire story, MENAFN's page of it, an excerpt of that page (header kept), and a local copy."""
    paragraphs = STORY.split("\n\n")
    header = " date 2024-03-12 (MENAFN- Caspian Wire) "
    return [
        article("wire", "Caspian Wire", STORY, 0),
        article("menafn", "MENAFN", header + STORY + "\n\nLegal Disclaimer:\n\nMENAFN provides it as is.", 1),
        article("excerpt", "Daily Digest", header + "\n\n".join(paragraphs[:2]), 2),
        article("local", "Baku Daily", STORY + "\n\nSource: Caspian Wire", 3),
    ]


def unrelated(n: int) -> list[Article]:
    rng = random.Random(n)
    return [
        article(f"other-{k}", f"Outlet {k}", " ".join(f"w{rng.randrange(10_000)}" for _ in range(120)))
        for k in range(n)
    ]


def test_copy_of_a_copy_points_at_its_real_source() -> None:
    """An excerpt that keeps MENAFN's header came from MENAFN, not from the wire."""
    (cluster,) = clusters(scan(family()))
    assert "wire" == cluster.original
    sources = {e.copy: e.source for e in cluster.edges}
    assert {"menafn": "wire", "excerpt": "menafn", "local": "wire"} == sources


def test_cluster_ids_are_stable() -> None:
    """Shuffling the input or adding unrelated articles changes no cluster id or membership."""
    base = {(c.id, c.original, c.members) for c in clusters(scan(family()))}
    rng = random.Random(1)
    for extra in (0, 5, 20):
        articles = family() + unrelated(extra)
        rng.shuffle(articles)
        assert base == {(c.id, c.original, c.members) for c in clusters(scan(articles))}


def test_scan_sets_cluster_and_direction_on_every_pair() -> None:
    """Each pair scan reports carries its cluster id and a decided direction here."""
    matches = scan(family())
    (cluster,) = clusters(matches)
    assert {cluster.id} == {m.cluster for m in matches}
    assert all(m.original in (m.a, m.b) and m.copy in (m.a, m.b) for m in matches)


def test_registered_wire_before_an_unknown_outlet_at_half_weight() -> None:
    """A wire agency the registry knows is upstream of an outlet it does not know, at half the role weight."""
    m = verdict(article("x", "Some Local Paper", STORY), article("r", "Reuters", STORY))
    role = next(e for e in m.evidence if e.kind == "role")
    assert ("r", 0.75) == (role.favours, role.weight)
    assert ("r", "x") == (m.original, m.copy)
    assert "Reuters is a wire agency, Some Local Paper an outlet" in role.detail


def test_role_evidence_reads_as_english() -> None:
    """A role that starts with a vowel takes "an": "MENAFN an aggregator", never "a aggregator"."""
    m = verdict(article("w", "Reuters", STORY), article("m", "MENAFN", STORY))
    role = next(e for e in m.evidence if e.kind == "role")
    assert "MENAFN an aggregator" in role.detail


def test_reporting_phrase_in_the_text_is_a_credit() -> None:
    """A copy whose text says 'Caspian Wire reports' credits the Caspian Wire article."""
    wire = article("wire", "Caspian Wire", STORY, hours=5)  # a skewed time points the other way
    copy = article("copy", "Baku Daily", STORY, hours=1)
    m = verdict(wire, copy)
    credit = next(e for e in m.evidence if e.kind == "credit")
    assert "wire" == credit.favours
    assert "credits 'Caspian Wire' (signature)" in credit.detail
    assert ("wire", "copy") == (m.original, m.copy)


def test_originally_published_footer_is_a_credit() -> None:
    """'This article was originally published by X.' names X as the source."""
    text = STORY.replace("Caspian Wire reports", "officials said")
    wire = article("wire", "Caspian Wire", text)
    copy = article("copy", "Baku Daily", text + "\n\nThis article was originally published by Caspian Wire.")
    m = verdict(copy, wire)
    assert ("wire", "copy") == (m.original, m.copy)
    assert "credit" == m.evidence[0].kind


def test_undated_revision_is_ordered_by_what_it_adds() -> None:
    """Two versions of one outlet's story without times: the one that adds to the other is the later."""
    first = article("first", "Caspian Wire", STORY)
    update = article("update", "Caspian Wire", STORY + "\n\nThe tender will open in May, officials added.")
    m = verdict(update, first)
    assert ("revision", "first", "update") == (m.relation, m.original, m.copy)


def test_cluster_edges_tell_the_copy_against_its_source_in_either_input_order() -> None:
    """An excerpt's edge says `excerpt` whether the excerpt was read before or after its source."""
    articles = list(read(EXAMPLE))
    for order in (articles, articles[::-1]):
        (cluster,) = clusters(scan(order))
        edges = {e.copy: (e.source, e.relation) for e in cluster.edges}
        assert ("wire-original", "excerpt") == edges["excerpt"]
        assert ("wire-original", "revision") == edges["wire-update"]


@pytest.mark.parametrize(
    ("credit", "domain", "expected"),
    [
        ("trend.az", "en.trend.az", True),
        ("https://www.bbc.co.uk/news", "bbc.co.uk", True),
        ("co.uk", "bbc.co.uk", False),  # a public suffix names no outlet
        ("gov.az", "mfa.gov.az", False),
        ("notbbc.co.uk", "bbc.co.uk", False),  # label boundaries
    ],
)
def test_a_credited_domain_matches_on_registrable_domains(credit: str, domain: str, expected: bool) -> None:
    """A credited domain denotes an outlet at that domain or a subdomain, never through a public suffix."""
    from provenance.relate import _same

    assert expected == _same(credit, [], {domain})
