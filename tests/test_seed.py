"""The founding example: MENAFN's page of a Trend News Agency story (../shared/corpus/seed)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from disguise import disguise
from provenance import Article, clean, compare, scan

HEADER = "(MENAFN- Trend News Agency)"


@pytest.fixture
def pair(seed_text: str) -> tuple[Article, Article]:
    """Trend's text (the page without its metadata and header) and MENAFN's page."""
    assert seed_text.startswith(" date 2024-02-07 " + HEADER)
    trend = seed_text.split(HEADER, 1)[1].lstrip()
    return Article(id="trend", outlet="Trend", text=trend), Article(
        id="menafn", outlet="MENAFN", text=seed_text
    )


def test_seed_is_a_verbatim_copy(pair: tuple[Article, Article]) -> None:
    """The MENAFN page is a verbatim copy of Trend's text, with containment >= 0.95 both ways."""
    trend, menafn = pair
    match = compare(trend, menafn)
    assert "verbatim" == match.relation
    assert match.containment_ab >= 0.95
    assert match.containment_ba >= 0.95
    assert 1.0 == match.jaccard
    assert ["copied"] == [p.status for p in match.passages]


def test_seed_header_and_metadata_are_set_aside(pair: tuple[Article, Article]) -> None:
    """The leading date, the MENAFN header, Trend's dateline and credit clause are set aside."""
    _, menafn = pair
    story = clean(menafn.text)
    assert [
        ("metadata", "2024-02-07"),
        ("header", "Trend News Agency"),
        ("dateline", None),
        ("credit", "Trend"),
    ] == [(r.kind, r.value) for r in story.regions]
    for region in story.regions:
        assert region.text == menafn.text[region.start : region.end]
    assert datetime(2024, 2, 7, tzinfo=UTC) == story.published
    assert story.text.startswith("Minister of Foreign Affairs")
    assert "Trend reports" not in story.text


def test_seed_passage_spans_point_into_originals(pair: tuple[Article, Article]) -> None:
    """The copied passage's spans cut the same story out of both original texts (after the dateline)."""
    trend, menafn = pair
    (passage,) = compare(trend, menafn).passages
    assert passage.a is not None
    assert passage.b is not None
    story = trend.text[slice(*passage.a)]
    assert story == menafn.text[slice(*passage.b)]
    assert story.startswith("Minister of Foreign Affairs")
    assert trend.text.strip().endswith(story)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_seed_disguised_copy_is_still_found(pair: tuple[Article, Article], seed: int) -> None:
    """Zero-width characters, Cyrillic homoglyphs and hyphenated hard wraps do not hide the copy."""
    trend, menafn = pair
    disguised = Article(id="menafn", text=disguise(menafn.text, seed))
    assert disguised.text != menafn.text
    match = compare(trend, disguised)
    assert "verbatim" == match.relation
    assert match.containment_ab >= 0.95
    found = scan([trend, disguised])
    assert [("trend", "menafn", "verbatim")] == [(m.a, m.b, m.relation) for m in found]
