"""The BBC News corpus (../shared/corpus/bbc): real exact and near duplicates, no false pairs."""

from __future__ import annotations

import itertools
import json
from collections import defaultdict

import pytest

from conftest import corpus_path
from provenance import Match, read, scan
from provenance.compare import FULL, MIN_COVERAGE
from provenance.shingle import words

pytestmark = pytest.mark.corpus  # every test reads ../shared/corpus/bbc

LONG_RUN = 10  # words: a verbatim run this long is not shared by chance between unrelated stories


@pytest.fixture(scope="module")
def bbc() -> tuple[dict[str, dict[str, str]], list[Match]]:
    """The corpus records by id, and the pairs scan finds in it."""
    path = corpus_path("bbc", "articles.jsonl")
    with path.open(encoding="utf-8") as stream:
        records = {r["id"]: r for r in map(json.loads, stream)}
    return records, scan(read(path))


def test_every_exact_duplicate_body_is_found(
    bbc: tuple[dict[str, dict[str, str]], list[Match]],
) -> None:
    """Every pair of articles with byte-identical bodies is reported, as identical."""
    records, matches = bbc
    groups = defaultdict(list)
    for key, record in records.items():
        groups[record["text"]].append(key)
    expected = {pair for ids in groups.values() for pair in itertools.combinations(ids, 2)}
    assert 133 == sum(len(ids) - 1 for ids in groups.values())  # the corpus README's count
    found = {(m.a, m.b): m.relation for m in matches}
    assert expected <= found.keys()
    assert {"identical"} == {found[pair] for pair in expected}


def test_near_duplicates_are_listed(bbc: tuple[dict[str, dict[str, str]], list[Match]]) -> None:
    """Pairs whose bodies differ are found too, with relations other than identical among them."""
    records, matches = bbc
    near = [m for m in matches if records[m.a]["text"] != records[m.b]["text"]]
    assert len(near) > 0
    assert {"edited", "partial"} <= {m.relation for m in near}


def test_no_pair_between_unrelated_stories(
    bbc: tuple[dict[str, dict[str, str]], list[Match]],
) -> None:
    """Every reported pair shares a verbatim run of ten words or more (one story may be in two sections)."""
    records, matches = bbc
    for m in matches:
        a, b = records[m.a], records[m.b]
        wa, wb = words(a["text"]), words(b["text"])
        runs_a = {tuple(wa[i : i + LONG_RUN]) for i in range(len(wa) - LONG_RUN + 1)}
        runs_b = {tuple(wb[i : i + LONG_RUN]) for i in range(len(wb) - LONG_RUN + 1)}
        assert runs_a & runs_b, (m.a, m.b)


def test_scores_are_consistent(bbc: tuple[dict[str, dict[str, str]], list[Match]]) -> None:
    """Jaccard never exceeds either containment, and every reported pair passes the copy rule."""
    _, matches = bbc
    for m in matches:
        assert m.jaccard <= min(m.containment_ab, m.containment_ba) + 1e-9
        assert max(m.coverage_a, m.coverage_b) >= MIN_COVERAGE
        assert m.shared >= 2 or max(m.coverage_a, m.coverage_b) >= FULL
