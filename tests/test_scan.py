"""The whole pipeline on the bundled example corpus (examples/wire.jsonl)."""

from __future__ import annotations

import math

import pytest

from conftest import EXAMPLE, corpus_path
from provenance import Article, EmptyStoryError, InputError, read, scan

# What examples/README.md says each article is, turned into the relation against the original.
EXPECTED = {
    ("wire-original", "aggregator-copy"): "verbatim",
    ("wire-original", "footer-copy"): "verbatim",
    ("wire-original", "excerpt"): "excerpt",
    ("wire-original", "edited-copy"): "edited",
    ("wire-original", "wire-update"): "revision",  # the same outlet's own update
}
NOT_COPIES = {"same-topic-1", "same-topic-2", "unrelated"}


@pytest.fixture(scope="module")
def found() -> dict[tuple[str, str], str]:
    """The pairs scan finds in the example, with their relations."""
    return {(m.a, m.b): m.relation for m in scan(read(EXAMPLE))}


def test_every_republication_of_the_original_is_found(found: dict[tuple[str, str], str]) -> None:
    """Each copy of the wire original is found with the relation its construction implies."""
    assert EXPECTED == {pair: found[pair] for pair in EXPECTED if pair in found}


def test_the_wire_original_is_the_original_of_each_copy() -> None:
    """Credits, wrappers and times all make the wire story the original of its republications."""
    matches = {(m.a, m.b): m for m in scan(read(EXAMPLE))}
    for pair in EXPECTED:
        assert ("wire-original", pair[1]) == (matches[pair].original, matches[pair].copy)


def test_same_topic_and_unrelated_stories_are_not_copies(found: dict[tuple[str, str], str]) -> None:
    """Independent stories on the same topic, one sharing a quotation, are in no pair."""
    assert set() == {key for pair in found for key in pair} & NOT_COPIES


def test_verbatim_copies_of_each_other(found: dict[tuple[str, str], str]) -> None:
    """The two verbatim republications are verbatim copies of each other too."""
    assert "verbatim" == found[("aggregator-copy", "footer-copy")]


def test_input_order_does_not_change_the_pairs() -> None:
    """Scanning the corpus reversed finds the same unordered pairs with the same scores."""
    articles = list(read(EXAMPLE))
    forward = {frozenset((m.a, m.b)): m.jaccard for m in scan(articles)}
    backward = {frozenset((m.a, m.b)): m.jaccard for m in scan(reversed(articles))}
    assert forward == backward


def test_repeated_id_and_empty_story_are_input_errors() -> None:
    """A repeated id or an article with no story stops the scan with a message naming the article."""
    a = Article(id="a", text="The minister met the envoy in Baku on Tuesday to discuss the vote.")
    with pytest.raises(InputError, match="'a': id repeats"):
        scan([a, a])
    with pytest.raises(EmptyStoryError, match="'blank'"):
        scan([a, Article(id="blank", text=" \u200b ")])


def test_skip_bad_collects_errors_and_goes_on() -> None:
    """With skip_bad the bad articles are reported in errors and the rest is scanned."""
    text = "The minister met the envoy in Baku on Tuesday to discuss the vote."
    articles = [
        Article(id="a", text=text),
        Article(id="blank", text=""),
        Article(id="a", text="other"),
        Article(id="b", text="(MENAFN- Trend) " + text),
    ]
    errors: list[InputError] = []
    matches = scan(articles, skip_bad=True, errors=errors)
    assert [("a", "b", "verbatim")] == [(m.a, m.b, m.relation) for m in matches]
    assert 2 == len(errors)


def test_empty_texts_never_match_each_other() -> None:
    """Two empty articles are not a pair, even when skipped quietly."""
    errors: list[InputError] = []
    assert [] == scan([Article(id="x", text=""), Article(id="y", text="")], skip_bad=True, errors=errors)
    assert 2 == len(errors)


@pytest.mark.parametrize("value", [-0.1, 1.5, math.nan])
def test_min_coverage_out_of_range_is_refused(value: float) -> None:
    """A coverage that no share can be compared with (NaN) or that lies outside [0, 1] is refused."""
    with pytest.raises(ValueError, match="min_coverage"):
        scan([Article(id="a", text="One story about the vote in the capital.")], min_coverage=value)


@pytest.fixture(scope="module")
def bbc_sample() -> list[Article]:
    """A few hundred BBC articles, with verbatim and wrapped copies of some of them appended."""
    articles = list(read(corpus_path("bbc", "articles.jsonl")))[:300]
    copies = [
        Article(id=f"copy-{a.id}", text=f"(MENAFN- Trend) {a.text}\n\nSource: Trend News Agency")
        for a in articles[::50]
    ]
    return articles + copies


def test_workers_do_not_change_the_matches(bbc_sample: list[Article]) -> None:
    """One process or two, the matches are the same, field by field and in the same order."""
    serial = scan(bbc_sample, workers=1)
    assert len(serial) >= 6  # the planted copies at least
    assert serial == scan(bbc_sample, workers=2)


def test_workers_find_every_planted_copy(bbc_sample: list[Article]) -> None:
    """Each wrapped copy is found as a verbatim copy of its article, with two workers."""
    found = {(m.a, m.b): m.relation for m in scan(bbc_sample, workers=2)}
    planted = {(a.id[len("copy-") :], a.id) for a in bbc_sample if a.id.startswith("copy-")}
    assert 6 == len(planted)
    assert dict.fromkeys(planted, "verbatim") == {pair: found.get(pair) for pair in planted}


def test_workers_do_not_change_the_example() -> None:
    """The bundled example gives the same matches with one worker and with two."""
    articles = list(read(EXAMPLE))
    assert scan(articles, workers=1) == scan(articles, workers=2)


def test_workers_raise_the_same_input_errors() -> None:
    """With workers, a repeated id or an empty story stops the scan with the serial path's message."""
    a = Article(id="a", text="The minister met the envoy in Baku on Tuesday to discuss the vote.")
    with pytest.raises(InputError, match="'a': id repeats"):
        scan([a, a], workers=2)
    with pytest.raises(EmptyStoryError, match="'blank'"):
        scan([a, Article(id="blank", text=" \u200b ")], workers=2)


def test_workers_skip_the_same_bad_articles() -> None:
    """With skip_bad, two workers report the same errors, in input order, and find the same pair."""
    text = "The minister met the envoy in Baku on Tuesday to discuss the vote."
    articles = [
        Article(id="a", text=text),
        Article(id="blank", text=""),
        Article(id="a", text="other"),
        Article(id="b", text="(MENAFN- Trend) " + text),
    ]
    serial: list[InputError] = []
    parallel: list[InputError] = []
    assert scan(articles, skip_bad=True, errors=serial, workers=1) == scan(
        articles, skip_bad=True, errors=parallel, workers=2
    )
    expected = ["article 'blank': empty text", "article 'a': id repeats an earlier article"]
    assert expected == [str(e) for e in serial]
    assert [(type(e), str(e)) for e in serial] == [(type(e), str(e)) for e in parallel]


@pytest.mark.parametrize("workers", [0, -1])
def test_workers_below_one_are_refused(workers: int) -> None:
    """No process at all is not a number of workers."""
    with pytest.raises(ValueError, match="workers"):
        scan([Article(id="a", text="One story about the vote in the capital.")], workers=workers)
