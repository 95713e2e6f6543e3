"""The candidate index: near duplicates and excerpts are proposed, strangers are not; both engines."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds import feed
from provenance import Config, ConfigMismatchError, Fingerprint, Index, fingerprint
from provenance.errors import DuplicateKeyError, ProvenanceError
from provenance.index import BANDS, CONTAINMENT, THRESHOLD

METHODS = pytest.mark.parametrize("method", ["oph", "datasketch"])


def story(rng: random.Random, n: int) -> str:
    """A text of n words drawn from a large vocabulary (unrelated stories share few shingles)."""
    return " ".join(f"w{rng.randrange(5000)}" for _ in range(n))


@settings(max_examples=40)
@given(st.integers(0, 10_000), st.integers(20, 400), st.sampled_from(["oph", "datasketch"]))
def test_verbatim_copy_is_always_a_candidate(seed: int, n: int, method: str) -> None:
    """A copy with a header, among unrelated stories, is always proposed, with estimate 1.0."""
    rng = random.Random(seed)
    config = Config(method=method)
    index = Index(config)
    for k in range(20):
        index.add(f"other-{k}", fingerprint(story(rng, n), config=config))
    original = story(rng, n)
    index.add("original", fingerprint(original, config=config))
    found = index.query(fingerprint("(MENAFN- Wire) " + original, config=config))
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


def test_reference_engine_finds_the_excerpt() -> None:
    """datasketch's ensemble, the reference engine, proposes the same excerpt's story."""
    rng = random.Random(7)
    config = Config(method="datasketch")
    paragraphs = [story(rng, 60) for _ in range(12)]
    index = Index(config)
    index.add("long", fingerprint("\n\n".join(paragraphs), config=config))
    for k in range(30):
        index.add(f"other-{k}", fingerprint(story(rng, 300), config=config))
    assert ["long"] == [c.key for c in index.query(fingerprint("\n\n".join(paragraphs[:3]), config=config))]


@METHODS
def test_unrelated_stories_are_not_candidates(method: str) -> None:
    """Stories that share no text are not proposed."""
    rng = random.Random(3)
    config = Config(method=method)
    index = Index(config)
    for k in range(50):
        index.add(k, fingerprint(story(rng, 200), config=config))
    assert [] == index.query(fingerprint(story(rng, 200), config=config))


@METHODS
def test_add_is_idempotent_and_remove_forgets(method: str) -> None:
    """Adding the same fingerprint twice changes nothing; removal makes a key unfindable."""
    config = Config(method=method)
    text = "one two three four five six seven eight nine ten"
    index = Index(config)
    index.add("a", fingerprint(text, config=config))
    index.add("a", fingerprint(text, config=config))
    index.add_many([("a", fingerprint(text, config=config))])
    assert 1 == len(index)
    assert ["a"] == [c.key for c in index.query(fingerprint(text, config=config))]
    other = fingerprint("something else entirely, not the same words at all", config=config)
    with pytest.raises(DuplicateKeyError, match="different fingerprint"):
        index.add("a", other)
    with pytest.raises(DuplicateKeyError, match="different fingerprint"):
        index.add_many([("a", other)])
    index.remove("a")
    assert "a" not in index
    assert [] == index.query(fingerprint(text, config=config))
    with pytest.raises(KeyError, match="not in the index"):
        index.remove("a")


@METHODS
def test_exclude_leaves_out_the_query_itself(method: str) -> None:
    """exclude= drops the query's own key from the candidates."""
    config = Config(method=method)
    text = "one two three four five six seven eight nine ten"
    index = Index(config)
    index.add_many([("self", fingerprint(text, config=config)), ("copy", fingerprint(text, config=config))])
    assert ["copy"] == [c.key for c in index.query(fingerprint(text, config=config), exclude="self")]


def test_config_must_match() -> None:
    """Fingerprints of another config are refused on add, add_many and query."""
    index = Index(Config())
    other = fingerprint("one two three four five six", config=Config(seed=2))
    with pytest.raises(ConfigMismatchError, match="seed"):
        index.add("x", other)
    with pytest.raises(ConfigMismatchError, match="seed"):
        index.add_many([("x", other)])
    with pytest.raises(ConfigMismatchError, match="seed"):
        index.query(other)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("threshold", 0.0),
        ("threshold", 1.5),
        ("threshold", math.nan),
        ("containment", -0.1),
        ("containment", math.nan),
        ("margin", -1.0),
        ("margin", math.nan),
        ("margin", math.inf),
    ],
)
def test_parameters_are_checked(name: str, value: float) -> None:
    """Thresholds outside (0, 1] and negative margins are refused with a message naming them."""
    with pytest.raises(ValueError, match=name):
        Index(**{name: value})


def test_margin_keeps_only_plausible_candidates() -> None:
    """A story sharing one band value but little else is dropped; with a huge margin it is kept."""
    config = Config(num_perm=32)
    values = np.arange(32, dtype=np.uint32) * 1000
    stored = Fingerprint(config=config, values=values, size=400)
    query = Fingerprint(config=config, values=np.where(np.arange(32) == 0, values, values + 1), size=400)
    strict = Index(config, threshold=0.5, containment=0.5)
    loose = Index(config, threshold=0.5, containment=0.5, margin=1e6)
    strict.add("x", stored)
    loose.add("x", stored)
    assert [] == strict.query(query)
    assert ["x"] == [c.key for c in loose.query(query)]


def brute_force(stored: dict[int, Fingerprint], query: Fingerprint) -> set[int]:
    """The keys sharing at least one band value with the query: what the table must return."""
    return {k for k, fp in stored.items() if (fp.values[:BANDS] == query.values[:BANDS]).any()}


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_table_agrees_with_brute_force(seed: int) -> None:
    """Through adds, batch adds and removals, with crowded buckets and shared keys, queries find exactly
    the stored fingerprints that share a band value (margin off)."""
    rng, r = np.random.default_rng(seed), random.Random(seed)
    config = Config(num_perm=32)
    index, stored = Index(config, margin=1e9), {}

    def make() -> Fingerprint:
        high = r.choice([3, 40, 2**32])  # few values: shared keys and full buckets
        return Fingerprint(config=config, values=rng.integers(0, high, 32).astype(np.uint32), size=10)

    for _ in range(40):
        batch = {r.randrange(10**6): make() for _ in range(r.randrange(0, 40))}
        batch = {k: fp for k, fp in batch.items() if k not in stored}
        if r.random() < 0.5:
            index.add_many(batch.items())
        else:
            for k, fp in batch.items():
                index.add(k, fp)
        stored.update(batch)
        for k in r.sample(sorted(stored), min(len(stored), r.randrange(0, 20))):
            index.remove(k)
            del stored[k]
        query = make()
        assert brute_force(stored, query) == {c.key for c in index.query(query)}
    assert len(stored) == len(index)


@METHODS
def test_a_taken_key_is_an_error_of_the_tree_and_a_key_error(method: str) -> None:
    """A key that holds another fingerprint raises DuplicateKeyError: a ProvenanceError and a KeyError."""
    config = Config(method=method)
    index = Index(config)
    index.add("a", fingerprint("one two three four five six seven eight nine ten", config=config))
    other = fingerprint("something else entirely, not the same words at all", config=config)
    for attempt in (lambda: index.add("a", other), lambda: index.add_many([("a", other)])):
        with pytest.raises(ProvenanceError) as caught:
            attempt()
        assert isinstance(caught.value, KeyError)
        assert "a" == caught.value.key
    assert 1 == len(index)


def test_defaults_are_the_scan_defaults() -> None:
    """Index() uses the thresholds of scan and the ledger: 0.3, from their one home in index.py."""
    from provenance.ledger import Ledger
    from provenance.scan import scan

    index = Index()
    assert (0.3, 0.3) == (THRESHOLD, CONTAINMENT) == (index.threshold, index.containment)
    assert (THRESHOLD, CONTAINMENT) == (
        scan.__kwdefaults__["threshold"],
        scan.__kwdefaults__["containment"],
    )
    assert (THRESHOLD, CONTAINMENT) == (
        Ledger.__init__.__kwdefaults__["threshold"],
        Ledger.__init__.__kwdefaults__["containment"],
    )


def test_default_index_proposes_a_story_at_jaccard_point_three_two() -> None:
    """A story estimated at Jaccard 0.32 (containment 0.48) is proposed by Index(), not at 0.5."""
    config = Config()
    values = np.arange(128, dtype=np.uint32) * 1000
    shared = np.arange(128) < 41  # 41 of 128 values equal: Jaccard 0.32, containment 2J/(1+J) = 0.485
    stored = Fingerprint(config=config, values=values, size=400)
    query = Fingerprint(config=config, values=np.where(shared, values, values + 1), size=400)
    default, old = Index(config, margin=0.0), Index(config, threshold=0.5, containment=0.5, margin=0.0)
    default.add("x", stored)
    old.add("x", stored)
    (candidate,) = default.query(query)
    assert ("x", 41 / 128) == (candidate.key, candidate.jaccard)
    assert [] == old.query(query)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), share=st.floats(0.1, 0.9))
def test_what_an_index_proposes_for_a_story_does_not_depend_on_what_else_it_holds(
    seed: int, share: float
) -> None:
    """Proposals among any part of an index's stories are those an index of that part alone makes.

    So a ledger indexes a batch's candidate rows once and queries that index for each article.
    """
    articles = feed(40, seed=seed % 97)
    config = Config()
    prints = {a.id: fingerprint(a.text, config=config) for a in articles}
    rng = random.Random(seed)
    part = {key for key in prints if rng.random() < share}
    whole, alone = Index(config), Index(config)
    whole.add_many(list(prints.items()))
    alone.add_many([(k, fp) for k, fp in prints.items() if k in part])
    for key, fp in prints.items():
        among = [c for c in whole.query(fp, exclude=key) if c.key in part]
        assert among == alone.query(fp, exclude=key)
    assert any(whole.query(fp, exclude=k) for k, fp in prints.items()), "the feed holds copies"
