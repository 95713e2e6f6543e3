"""The adversarial suite in benchmarks/: deterministic per seed, consistent ground truth, scored."""

from __future__ import annotations

import doctest
import re
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

import pytest

import provenance
from conftest import corpus_path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

# E402: the harness lives in benchmarks/, which is put on the path just above
import adversarial  # noqa: E402

SCALE = 0.12  # about 130 articles: every class, a few of each


@pytest.fixture(scope="module")
def records() -> list[dict[str, str]]:
    """The BBC records the suite is made of."""
    return adversarial.load_bbc(corpus_path("bbc", "articles.jsonl"))


@pytest.fixture(scope="module")
def suite(records: Sequence[Mapping[str, str]]) -> adversarial.Suite:
    """A small adversarial suite."""
    return adversarial.generate(records, seed=3, scale=SCALE)


def test_doctests_pass() -> None:
    """The examples in adversarial.py's docstrings hold."""
    result = doctest.testmod(adversarial)
    assert result.attempted > 0
    assert 0 == result.failed


def test_same_seed_same_suite(records: Sequence[Mapping[str, str]], suite: adversarial.Suite) -> None:
    """The same seed and corpus give the same articles and truth; another seed gives others."""
    again = adversarial.generate(records, seed=3, scale=SCALE)
    assert suite.articles == again.articles
    assert suite.truth == again.truth
    assert suite.negatives == again.negatives
    other = adversarial.generate(records, seed=4, scale=SCALE)
    assert [a.text for a in suite.articles] != [a.text for a in other.articles]


def test_every_class_is_generated(suite: adversarial.Suite) -> None:
    """Each class of the module docstring has articles, and the suite has copies of every verdict."""
    assert set(adversarial.CLASSES) == {t.cls for t in suite.truth.values()}
    assert set(adversarial.VERDICTS) == {t.credit for t in suite.truth.values() if t.credit}
    assert {"shared source", "portal chrome", "release boilerplate", "same topic"} <= set(
        suite.negatives.values()
    )


def test_truth_is_consistent(suite: adversarial.Suite) -> None:
    """Every article has one truth; a family's original is its member; copies carry a relation."""
    ids = [a.id for a in suite.articles]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(suite.truth)
    families = suite.families()
    assert set(families) == set(suite.originals)
    for family, original in suite.originals.items():
        if original is not None:
            assert suite.truth[original].family == family
            assert suite.truth[original].role in ("original", "standalone")
    for t in suite.truth.values():
        assert (t.role == "copy") == (t.relation is not None), t.id
        if t.role == "copy" and suite.originals[t.family] is not None:
            assert t.credit in adversarial.VERDICTS, t.id
        if t.role != "copy":
            assert t.credit is None
    for (original, copy), relation in suite.copy_pairs().items():
        assert suite.truth[original].family == suite.truth[copy].family
        assert relation == suite.truth[copy].relation


def test_negatives_are_in_different_families(suite: adversarial.Suite) -> None:
    """Shared-quote, chrome and same-topic pairs never pair two members of one family."""
    for (a, b), kind in suite.negatives.items():
        assert a < b
        assert suite.truth[a].family != suite.truth[b].family, kind
    assert not set(suite.negatives) & suite.positive_pairs()


def test_shared_quote_pairs_share_the_statement(suite: adversarial.Suite) -> None:
    """Both stories of a shared-source pair hold the same quotation, and differ elsewhere."""
    texts = {a.id: a.text for a in suite.articles}
    pairs = [p for p, kind in suite.negatives.items() if kind == "shared source"]
    assert pairs
    for a, b in pairs:
        quoted = re.findall(r"\u201c([^\u201d]{60,})\u201d", texts[a])
        assert quoted, a
        assert quoted[0] in texts[b]
        assert texts[a].split("\n\n")[0] != texts[b].split("\n\n")[0]


def test_undecided_families_are_byte_identical_without_times(suite: adversarial.Suite) -> None:
    """Where the truth says nothing decides the original, members are the same text with no time."""
    articles = {a.id: a for a in suite.articles}
    undecided = [f for f, o in suite.originals.items() if o is None]
    assert undecided
    for family in undecided:
        members = [articles[x] for x in suite.families()[family]]
        assert len({m.text for m in members}) == 1
        assert all(m.published is None for m in members)


def test_html_originals_are_earlier_by_their_full_times(suite: adversarial.Suite) -> None:
    """Each HTML original was published first by its full time, and its date alone does not show it."""
    pairs = [(o, c) for (o, c) in suite.copy_pairs() if suite.truth[c].kind == "html full times"]
    if not pairs:
        pytest.skip("the html extra is not installed: " + suite.skipped.get("html pages", ""))
    stamp = re.compile(
        r'(?:content="|datetime="|"datePublished": ")(\d{4}-\d\d-\d\dT[\d:]+(?:[+-]\d\d:\d\d|Z)?)"'
    )
    for original, copy in pairs:
        first, second = (
            datetime.fromisoformat(stamp.search(suite.pages[x]).group(1)) for x in (original, copy)
        )
        assert first < second
        assert first.date() >= second.date()  # by their own dates, the copy is as early or earlier


def test_score_counts_a_perfect_answer_as_perfect(suite: adversarial.Suite) -> None:
    """Scoring the truth's own pairs as matches gives pair F1 1: the scorer counts pairs against families."""
    articles = {a.id: a for a in suite.articles}
    matches = [provenance.compare(articles[a], articles[b]) for a, b in sorted(suite.positive_pairs())]
    scored = adversarial.score(suite, matches, examples=0)
    assert 1.0 == scored.figures["copy pairs F1"]
    assert 1.0 == pytest.approx(scored.figures["story clusters ARI"])


def test_verdict_reads_the_strongest_flag() -> None:
    """A chain's credit verdict: miscredit before uncredited before confirmed; none without flags."""
    flag = provenance.Flag
    both = provenance.Chain(
        article="x", flags=(flag(name="credit confirmed by a matching article"), flag(name="miscredit"))
    )
    assert "miscredit" == adversarial.verdict(both)
    assert "uncredited" == adversarial.verdict(
        provenance.Chain(article="x", flags=(flag(name="uncredited copy"),))
    )
    assert "none" == adversarial.verdict(
        provenance.Chain(article="x", flags=(flag(name="credit not verifiable"),))
    )


def test_scan_is_scored(suite: adversarial.Suite) -> None:
    """A scan of the small suite is scored on every measure, each between 0 and 1."""
    scored = adversarial.score(suite, provenance.scan(suite.articles), examples=2)
    assert set(adversarial.TARGETS) == set(scored.figures)
    for name, value in scored.figures.items():
        assert 0.0 <= value <= 1.0, name
    titles = [t[0] for t in scored.tables]
    assert any("by class" in t for t in titles)
