"""The candidate index: near duplicates and excerpts are proposed, strangers are not."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import Config, ConfigMismatchError, Index, fingerprint


def story(rng: random.Random, n: int) -> str:
    """A text of n words drawn from a large vocabulary (unrelated stories share few shingles)."""
    return " ".join(f"w{rng.randrange(5000)}" for _ in range(n))


@settings(max_examples=40)
@given(st.integers(0, 10_000), st.integers(20, 400))
def test_verbatim_copy_is_always_a_candidate(seed: int, n: int) -> None:
    """A copy with a header, among unrelated stories, is always proposed, with estimate 1.0."""
    rng = random.Random(seed)
    index = Index()
    for k in range(20):
        index.add(f"other-{k}", fingerprint(story(rng, n)))
    original = story(rng, n)
    index.add("original", fingerprint(original))
    found = index.query(fingerprint("(MENAFN- Wire) " + original))
    assert "original" == found[0].key
    assert 1.0 == found[0].jaccard


def test_excerpt_is_found_through_containment() -> None:
    """A quarter of a long story is proposed although its Jaccard is far below the LSH threshold."""
    rng = random.Random(7)
    paragraphs = [story(rng, 60) for _ in range(12)]
    index = Index()
    index.add("long", fingerprint("\n\n".join(paragraphs)))
    for k in range(30):
        index.add(f"other-{k}", fingerprint(story(rng, 300)))
    (candidate,) = index.query(fingerprint("\n\n".join(paragraphs[:3])))
    assert "long" == candidate.key
    assert candidate.jaccard < 0.5
    assert candidate.containment > 0.8
    assert candidate.containment_back < 0.5


def test_unrelated_stories_are_not_candidates() -> None:
    """Stories that share no text are not proposed."""
    rng = random.Random(3)
    index = Index()
    for k in range(50):
        index.add(k, fingerprint(story(rng, 200)))
    assert [] == index.query(fingerprint(story(rng, 200)))


def test_add_is_idempotent_and_remove_forgets() -> None:
    """Adding the same fingerprint twice changes nothing; removal makes a key unfindable."""
    text = "one two three four five six seven eight nine ten"
    index = Index()
    index.add("a", fingerprint(text))
    index.add("a", fingerprint(text))
    assert 1 == len(index)
    assert ["a"] == [c.key for c in index.query(fingerprint(text))]
    with pytest.raises(KeyError, match="different fingerprint"):
        index.add("a", fingerprint("something else entirely, not the same words at all"))
    index.remove("a")
    assert "a" not in index
    assert [] == index.query(fingerprint(text))
    with pytest.raises(KeyError, match="not in the index"):
        index.remove("a")


def test_exclude_leaves_out_the_query_itself() -> None:
    """exclude= drops the query's own key from the candidates."""
    text = "one two three four five six seven eight nine ten"
    index = Index()
    index.add("self", fingerprint(text))
    index.add("copy", fingerprint(text))
    assert ["copy"] == [c.key for c in index.query(fingerprint(text), exclude="self")]


def test_config_must_match() -> None:
    """Fingerprints of another config are refused on add and on query."""
    index = Index(Config())
    other = fingerprint("one two three four five six", config=Config(seed=2))
    with pytest.raises(ConfigMismatchError, match="seed"):
        index.add("x", other)
    with pytest.raises(ConfigMismatchError, match="seed"):
        index.query(other)


@pytest.mark.parametrize(("name", "value"), [("threshold", 0.0), ("threshold", 1.5), ("containment", -0.1)])
def test_thresholds_are_checked(name: str, value: float) -> None:
    """Thresholds outside (0, 1] are refused with a message naming them."""
    with pytest.raises(ValueError, match=name):
        Index(**{name: value})
