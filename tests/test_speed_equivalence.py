"""The fast path against the datasketch reference path, scanning the BBC corpus (../shared/corpus/bbc).

The fast path is the default config (``method="oph"``: one permutation hashing, the integer-band
index); the reference is ``method="datasketch"`` (k permutations, MinHashLSH and MinHashLSHEnsemble).
Both compare every candidate exactly, so they can differ only in which pairs LSH proposes. Clear of
the candidate thresholds they agree pair for pair. Near and below them each path proposes a pair
with some probability, and changes its mind with the seed: there the two paths are asked to
disagree no more than the reference disagrees with itself under another seed.
"""

from __future__ import annotations

import numpy as np
import pytest

from conftest import corpus_path
from provenance import Config, Match, clean, read, scan
from provenance.compare import prepare, prepare_many
from provenance.shingle import shingle_sets, shingles

pytestmark = [pytest.mark.slow, pytest.mark.corpus]  # three scans of the whole BBC corpus

CLEAR = 0.5  # from this exact containment on, LSH proposes a pair with certainty on either path

Found = dict[tuple[str, str], Match]


def reach(m: Match) -> float:
    """The larger exact containment of the pair."""
    return max(m.containment_ab, m.containment_ba)


def scores(m: Match) -> tuple[str, float, float, float]:
    """What the exact comparison says of a pair."""
    return (m.relation, m.jaccard, m.containment_ab, m.containment_ba)


@pytest.fixture(scope="module")
def paths() -> tuple[Found, Found, Found]:
    """The pairs scan finds in the BBC corpus: fast path, reference path, reference with another seed."""
    articles = list(read(corpus_path("bbc", "articles.jsonl")))
    return (
        {(m.a, m.b): m for m in scan(articles)},
        {(m.a, m.b): m for m in scan(articles, config=Config(method="datasketch"))},
        {(m.a, m.b): m for m in scan(articles, config=Config(method="datasketch", seed=2))},
    )


PARTIAL = frozenset({"partial", "shared_source"})  # pairs that share part of a story, not all of one


def test_the_default_is_the_fast_path() -> None:
    """The default config fingerprints with OPH, which picks the integer-band index."""
    assert "oph" == Config().method


def test_same_pairs_clear_of_the_thresholds(paths: tuple[Found, Found, Found]) -> None:
    """Every pair with an exact containment of at least 0.5 is found by both paths, with the same verdict."""
    fast, reference, _ = paths
    clear_fast = {k: scores(m) for k, m in fast.items() if reach(m) >= CLEAR}
    clear_reference = {k: scores(m) for k, m in reference.items() if reach(m) >= CLEAR}
    assert len(clear_reference) > 150
    assert clear_reference == clear_fast


def test_same_whole_copies(paths: tuple[Found, Found, Found]) -> None:
    """The identical, verbatim, edited, excerpt and extended pairs are the same on both paths."""
    fast, reference, _ = paths
    assert {k for k, m in reference.items() if m.relation not in PARTIAL} == {
        k for k, m in fast.items() if m.relation not in PARTIAL
    }


def test_differences_are_partial_copies_near_the_thresholds(paths: tuple[Found, Found, Found]) -> None:
    """Pairs that only one path finds share part of a story (partial copies or shared sources), each
    with an exact containment below 0.5."""
    fast, reference, _ = paths
    differ = [fast.get(k) or reference[k] for k in fast.keys() ^ reference.keys()]
    assert PARTIAL >= {m.relation for m in differ}
    assert all(reach(m) < CLEAR for m in differ)


def test_paths_disagree_no_more_than_the_reference_with_itself(paths: tuple[Found, Found, Found]) -> None:
    """The pairs the paths disagree on are at most twice those the reference changes with its seed."""
    fast, reference, reseeded = paths
    assert len(fast.keys() ^ reference.keys()) <= 2 * len(reference.keys() ^ reseeded.keys())


def test_prepared_together_equals_one_at_a_time() -> None:
    """prepare_many (the scan's way) makes of each BBC story what prepare makes of it alone."""
    articles = list(read(corpus_path("bbc", "articles.jsonl")))[:200]
    stories = [clean(a.text) for a in articles]
    ids = [a.id for a in articles]
    alone = [prepare(s, id=k) for s, k in zip(stories, ids, strict=True)]
    together = prepare_many(stories, ids)
    assert alone == together  # ids, stories and words
    assert [p.units for p in alone] == [p.units for p in together]
    assert all(np.array_equal(p.shingles, q.shingles) for p, q in zip(alone, together, strict=True))


@pytest.mark.parametrize("size", [1, 3, 5])
def test_shingle_sets_equal_shingles(size: int) -> None:
    """The shingle sets hashed together are each text's own set, including empty and short texts."""
    texts = [
        "",
        "One.",
        "one two",
        *(clean(a.text).text for a in list(read(corpus_path("bbc", "articles.jsonl")))[:50]),
    ]
    sets = shingle_sets(texts, size)
    assert len(texts) == len(sets)
    assert all(np.array_equal(shingles(t, size), h) for t, h in zip(texts, sets, strict=True))
    assert [] == shingle_sets([], size)
