"""Exact comparison: scores, passage alignment and relation labels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import Article, compare, is_copy
from reference import jaccard, shingle_set

P = [
    ("The energy minister signed an agreement on a new solar plant in Shirvan on Tuesday."),
    "The plant will produce 500 megawatts and is expected to start operating in the second half of 2027.",
    (
        "Officials said the project would cost 612 million dollars and would be financed by a "
        "consortium of banks."
    ),
    "A new power line of 230 kilometres will connect the plant to the national grid near the capital.",
    (
        "The minister said the country aimed to produce a third of its electricity from renewable "
        "sources by 2030."
    ),
    (
        "Environmental groups welcomed the deal but asked for an independent assessment of its "
        "impact on wildlife."
    ),
    "Construction is due to begin in the spring, once the tender for the main contractor has been completed.",
    "The company's chief executive said the plant would create about 1,200 jobs during construction.",
]
OTHER = [
    "The national football team drew one all with its neighbours in a qualifier played in heavy rain.",
    "Fans filled the stadium despite the weather, and the coach praised the discipline of his young squad.",
    "The next match will be played away next month, and two injured defenders are expected to return.",
]


def art(key: str, *paragraphs: str) -> Article:
    return Article(id=key, text="\n\n".join(paragraphs))


@pytest.mark.parametrize(
    ("b", "relation"),
    [
        (art("b", *P), "identical"),
        (art("b", "(MENAFN- Caspian Wire) " + P[0], *P[1:], "Source: Caspian Wire"), "verbatim"),
        (art("b", *P[:3], "Read more at caspianwire.example"), "excerpt"),
        (art("b", *P, *OTHER), "extended"),
        (
            art(
                "b",
                P[0].replace("on Tuesday", "this week"),
                *P[1:4],
                P[4].replace("a third", "one third"),
                *P[5:],
            ),
            "edited",
        ),
        (art("b", *OTHER, P[3], P[4], P[5]), "partial"),
    ],
)
def test_relation_labels(b: Article, relation: str) -> None:
    """Each constructed copy gets the relation that describes how it was made."""
    match = compare(art("a", *P), b)
    assert relation == match.relation
    assert is_copy(match)


def test_excerpt_and_extended_mirror_each_other() -> None:
    """Swapping a and b swaps excerpt for extended and the directional scores."""
    a, b = art("a", *P), art("b", *P[:3])
    ab, ba = compare(a, b), compare(b, a)
    assert ("excerpt", "extended") == (ab.relation, ba.relation)
    assert (ab.containment_ab, ab.containment_ba) == (ba.containment_ba, ba.containment_ab)
    assert (ab.coverage_a, ab.coverage_b) == (ba.coverage_b, ba.coverage_a)
    assert ab.jaccard == ba.jaccard


def test_passage_statuses_and_spans() -> None:
    """Copied, edited, dropped and added passages are reported with spans into the original texts."""
    edited = P[1].replace("is expected to", "should")
    a = art("a", P[0], P[1], P[2])
    b = art("b", P[0], edited, OTHER[0])
    match = compare(a, b)
    assert ["copied", "edited", "dropped", "added"] == [p.status for p in match.passages]
    copied, edit, dropped, added = match.passages
    assert P[0] == a.text[slice(*copied.a)] == b.text[slice(*copied.b)]
    assert P[1] == a.text[slice(*edit.a)]
    assert edited == b.text[slice(*edit.b)]
    assert 0.7 <= edit.score < 1.0
    assert (P[2], None) == (a.text[slice(*dropped.a)], dropped.b)
    assert (None, OTHER[0]) == (added.a, b.text[slice(*added.b)])


def test_one_shared_quotation_is_not_a_copy() -> None:
    """Two different stories that quote the same sentence do not count as a copy."""
    quote = '"Green energy is no longer a plan for the future, it is our present," the minister said.'
    a = art("a", *P[:6], quote)
    b = art("b", *OTHER, "Separately, the energy ministry held a press conference.", quote)
    match = compare(a, b)
    assert [p.status for p in match.passages].count("copied") == 1
    assert not is_copy(match)


sentences = st.lists(st.sampled_from(P + OTHER), min_size=1, max_size=10)


@given(sentences, sentences)
def test_scores_match_the_exact_reference(a: list[str], b: list[str]) -> None:
    """Jaccard and containment equal the brute-force values on word-tuple shingle sets."""
    sa, sb = shingle_set(" ".join(a), 5), shingle_set(" ".join(b), 5)
    match = compare(art("a", *a), art("b", *b))
    assert jaccard(sa, sb) == pytest.approx(match.jaccard, abs=1e-4)
    assert len(sa & sb) / len(sa) == pytest.approx(match.containment_ab, abs=1e-4)
    assert len(sa & sb) / len(sb) == pytest.approx(match.containment_ba, abs=1e-4)


@given(sentences, sentences)
def test_symmetry(a: list[str], b: list[str]) -> None:
    """compare(a, b) and compare(b, a) agree on every symmetric score, all within [0, 1]."""
    ab, ba = compare(art("a", *a), art("b", *b)), compare(art("b", *b), art("a", *a))
    assert ab.jaccard == ba.jaccard
    assert (ab.containment_ab, ab.coverage_a) == (ba.containment_ba, ba.coverage_b)
    for score in (ab.jaccard, ab.containment_ab, ab.containment_ba, ab.coverage_a, ab.coverage_b):
        assert 0.0 <= score <= 1.0


@given(sentences)
def test_identical_texts_score_one(a: list[str]) -> None:
    """A text compared with itself scores 1 everywhere and is identical."""
    match = compare(art("a", *a), art("b", *a))
    assert (1.0, 1.0, 1.0, 1.0, 1.0) == (
        match.jaccard,
        match.containment_ab,
        match.containment_ba,
        match.coverage_a,
        match.coverage_b,
    )
    assert "identical" == match.relation
