"""The evaluation harness in benchmarks/: metrics on hand-worked inputs, the synthetic suite, a small run."""

from __future__ import annotations

import doctest
import itertools
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

import provenance
from conftest import corpus_path
from provenance import Article, Config, Match, Passage, clean

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

# E402: the harness lives in benchmarks/, which is put on the path just above
import evaluate  # noqa: E402
import metrics  # noqa: E402
import synthetic  # noqa: E402

SMALL = 15  # source stories of the small synthetic suite


@pytest.fixture(scope="module")
def records() -> list[dict[str, str]]:
    """The BBC records the synthetic suite is made of."""
    return synthetic.load_bbc(corpus_path("bbc", "articles.jsonl"))


@pytest.fixture(scope="module")
def suite(records: Sequence[Mapping[str, str]]) -> synthetic.Suite:
    """A small synthetic suite."""
    return synthetic.generate(records, n=SMALL, seed=7)


# --- metrics ---------------------------------------------------------------------------------------


def test_metric_doctests_pass() -> None:
    """The examples in the docstrings of metrics.py and evaluate.py hold."""
    for module in (metrics, evaluate):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0
        assert 0 == result.failed


def test_ari_of_identical_clusterings_is_one() -> None:
    """Two clusterings that group the items alike score 1, whatever the labels are called."""
    truth = {"a": 1, "b": 1, "c": 2, "d": 3, "e": 3}
    assert 1.0 == metrics.adjusted_rand_index(truth, {"a": "x", "b": "x", "c": "y", "d": "z", "e": "z"})


def test_ari_of_a_hand_worked_example() -> None:
    """Truth {a,b,c}{d,e,f} against {a,b}{c,d}{e,f}: (2 - 6*3/15) / ((6+3)/2 - 6*3/15) = 8/33.

    Pairs together in both: ab, ef = 2; pairs in truth: 3 + 3 = 6; in the prediction: 3;
    all pairs: 15.
    """
    truth = dict(zip("abcdef", [0, 0, 0, 1, 1, 1], strict=True))
    predicted = dict(zip("abcdef", [0, 0, 1, 1, 2, 2], strict=True))
    assert 8 / 33 == pytest.approx(metrics.adjusted_rand_index(truth, predicted))


def test_ari_matches_the_scikit_learn_documentation_example() -> None:
    """adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) is 0.57 in scikit-learn's guide: exactly 4/7."""
    truth = dict(zip("abcd", [0, 0, 1, 1], strict=True))
    predicted = dict(zip("abcd", [0, 0, 1, 2], strict=True))
    assert 4 / 7 == pytest.approx(metrics.adjusted_rand_index(truth, predicted))


def test_ari_of_all_singletons_against_one_cluster_is_zero() -> None:
    """Splitting every item apart, when they are all one story, scores no better than chance."""
    truth = dict.fromkeys("abcd", 0)
    assert 0.0 == metrics.adjusted_rand_index(truth, {k: k for k in truth})


def test_ari_needs_the_same_items() -> None:
    """Clusterings of different items cannot be compared."""
    with pytest.raises(ValueError, match="same items"):
        metrics.adjusted_rand_index({"a": 0, "b": 0}, {"a": 0, "c": 0})


def test_pair_scores_on_a_toy_set() -> None:
    """Three found pairs, one of them among two true ones (order inside a pair ignored)."""
    s = metrics.pair_scores([("a", "b"), ("c", "d"), ("e", "f")], [("b", "a"), ("a", "c")])
    assert (1, 2, 1) == (s.tp, s.fp, s.fn)
    assert (1 / 3, 1 / 2) == pytest.approx((s.precision, s.recall))
    assert 0.4 == pytest.approx(s.f1)


def test_pair_scores_of_nothing_found_are_zero() -> None:
    """No pairs found: precision, recall and F1 are 0, not a division error."""
    s = metrics.pair_scores([], [("a", "b")])
    assert (0.0, 0.0, 0.0) == (s.precision, s.recall, s.f1)


def test_class_scores_and_macro_f1_on_a_toy_set() -> None:
    """x: precision 1, recall 1/2; y: precision 2/3, recall 1; the average F1 is (2/3 + 4/5) / 2."""
    per = metrics.class_scores(["x", "x", "y", "y"], ["x", "y", "y", "y"], ["x", "y"])
    assert [1.0, 0.5, 2 / 3, 1.0] == pytest.approx([v for s in per for v in (s.precision, s.recall)])
    assert (2 / 3 + 4 / 5) / 2 == pytest.approx(metrics.macro_f1(per))


def test_components_join_pairs_transitively() -> None:
    """a-b and b-c make one component; d, in no pair, is a singleton."""
    labels = metrics.components("abcd", [("b", "a"), ("c", "b")])
    assert {"a": "a", "b": "a", "c": "a", "d": "d"} == labels


def _match(a: str, b: str, relation: str, cov_a: float, cov_b: float, *, copied: float) -> Match:
    n = 1000
    passages = (
        Passage(status="copied", a=(0, int(n * copied)), b=(0, int(n * copied)), score=1.0),
        Passage(status="edited", a=(int(n * copied), n), b=(int(n * copied), n), score=0.8),
    )
    return Match(
        a=a,
        b=b,
        relation=relation,
        jaccard=0.5,
        containment_ab=cov_a,
        containment_ba=cov_b,
        coverage_a=cov_a,
        coverage_b=cov_b,
        shared=len(passages),  # one sentence copied, one edited
        passages=passages,
    )


def test_clough_grades_follow_the_stated_mapping() -> None:
    """Held whole and mostly word for word is cut; most of it shared is light; a little is heavy."""
    assert "cut" == evaluate.grade(_match("src", "ans", "excerpt", 0.3, 0.95, copied=0.8))
    assert "light" == evaluate.grade(_match("src", "ans", "excerpt", 0.3, 0.95, copied=0.2))
    assert "light" == evaluate.grade(_match("src", "ans", "partial", 0.3, 0.6, copied=0.5))
    assert "heavy" == evaluate.grade(_match("src", "ans", "partial", 0.1, 0.3, copied=0.5))
    assert "non" == evaluate.grade(_match("src", "ans", "partial", 0.01, 0.1, copied=0.5))


def test_relations_are_read_from_the_original() -> None:
    """An excerpt of b in a reads, with b as the original, as a extending b."""
    m = _match("x", "y", "excerpt", 0.4, 1.0, copied=1.0)
    assert ("excerpt", "extended") == (evaluate.oriented(m, "x"), evaluate.oriented(m, "y"))


def test_tables_render_as_text_and_markdown() -> None:
    """Numbers are right-aligned with three decimals; Markdown marks numeric columns."""
    table = evaluate.Table(title="t", headers=("name", "value"), rows=(("a", 0.5), ("bb", 1.0)))
    assert "a     0.500" in evaluate.render(table)
    assert "| --- | ---: |" in evaluate.render(table, markdown=True)


# --- the synthetic suite ------------------------------------------------------------------------------


def test_the_generator_is_deterministic(records: Sequence[Mapping[str, str]], suite: synthetic.Suite) -> None:
    """The same corpus and seed give the same articles and truth; another seed gives another suite."""
    again = synthetic.generate(records, n=SMALL, seed=7)
    assert suite.articles == again.articles
    assert suite.truth == again.truth
    assert suite.hard_negatives == again.hard_negatives
    assert suite.articles != synthetic.generate(records, n=SMALL, seed=8).articles


def test_every_family_has_its_original(suite: synthetic.Suite) -> None:
    """Each family has exactly one original (or one negative), and it is among the articles."""
    ids = {a.id for a in suite.articles}
    assert len(ids) == len(suite.articles)
    assert ids == set(suite.truth)
    for family, members in suite.families().items():
        heads = [m for m in members if suite.truth[m].role in ("original", "negative")]
        assert [suite.originals[family]] == heads


def test_copies_carry_the_truth_of_their_style(suite: synthetic.Suite) -> None:
    """Every copy has its style's relation, the same source story as its original, and aware times."""
    for t in suite.truth.values():
        if t.role in ("copy", "update"):
            assert synthetic.RELATION_OF_STYLE[t.style] == t.relation
            assert suite.truth[suite.originals[t.family]].source == t.source
    for a in suite.articles:
        assert a.published is None or a.published.utcoffset() is not None


def test_hard_negatives_are_in_other_families(suite: synthetic.Suite) -> None:
    """No hard negative pair is a true pair: its two articles are in different families."""
    assert suite.hard_negatives
    positives = suite.positive_pairs()
    for a, b in suite.hard_negatives:
        assert suite.truth[a].family != suite.truth[b].family
        assert (a, b) not in positives


def test_every_true_pair_shares_text(suite: synthetic.Suite) -> None:
    """Any two articles of one family share a run of eight words once cleaned (layout and disguise undone)."""
    texts = {a.id: clean(a.text).text.lower().split() for a in suite.articles}
    runs = {k: {tuple(w[i : i + 8]) for i in range(len(w) - 7)} for k, w in texts.items()}
    for members in suite.families().values():
        for a, b in itertools.combinations(members, 2):
            assert runs[a] & runs[b], (a, b)


def test_same_topic_negatives_share_no_long_run(suite: synthetic.Suite) -> None:
    """A same-topic negative shares no run of eight words with its family: it is a different story."""
    texts = {a.id: clean(a.text).text.lower().split() for a in suite.articles}
    for (a, b), kind in suite.hard_negatives.items():
        if kind == "same-topic":
            wa, wb = texts[a], texts[b]
            runs = {tuple(wa[i : i + 8]) for i in range(len(wa) - 7)}
            assert not any(tuple(wb[i : i + 8]) in runs for i in range(len(wb) - 7)), (a, b)


# --- end to end -----------------------------------------------------------------------------------------


def test_a_small_synthetic_run_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    """`evaluate.py --suite synthetic --limit 15` prints its tables and summary."""
    corpus = corpus_path("bbc", "articles.jsonl").parent.parent
    assert 0 == evaluate.main(["--suite", "synthetic", "--limit", str(SMALL), "--corpus", str(corpus)])
    out = capsys.readouterr().out
    for title in ("synthetic: copies against their original, by style", "summary", "synthetic pair F1"):
        assert title in out


def test_a_small_synthetic_report_scores_the_suite(suite: synthetic.Suite) -> None:
    """The report's headline numbers are in range, and the pairs are found (a wiring check, not a target)."""
    report = evaluate.synthetic(Path(), suite=suite, examples=0)
    values = {metric: value for metric, value, _, _ in report.summary}
    assert all(0.0 <= v <= 1.0 for v in values.values())
    assert values["synthetic pair F1"] > 0.9


# --- the OCR profile ------------------------------------------------------------------------------------


def _garbled(text: str, every: int) -> str:
    """Every ``every``-th word misread, as OCR does (one letter changed), the rest unchanged."""
    out = text.split()
    for k in range(every - 1, len(out), every):
        out[k] = out[k][:-1] + ("x" if out[k][-1] != "x" else "y")
    return " ".join(out)


def test_profile_options_build_the_config_and_the_scan_keywords() -> None:
    """The ocr profile becomes a Config with its shingle size and permutations, and the scan thresholds."""
    options = evaluate.scan_options(evaluate.OCR)
    assert evaluate.OCR["shingle"] == options["config"].shingle
    assert evaluate.OCR["num_perm"] == options["config"].num_perm
    for key in ("threshold", "containment", "min_coverage"):
        assert evaluate.OCR[key] == options[key]
    assert {} == evaluate.scan_options(evaluate.PROFILES["default"])
    with pytest.raises(ValueError, match="unknown profile settings: shingles"):
        evaluate.scan_options({"shingles": 3})


def test_the_ocr_profile_finds_a_reprint_whose_ocr_breaks_every_5_word_shingle() -> None:
    """One word in five misread: few 5-word shingles survive, 2 in 5 3-word ones do: ocr finds it."""
    sentences = [
        "Le conseil fédéral a décidé hier de soumettre aux chambres un projet de loi sur les assurances",
        "La commission du conseil national se réunira le mois prochain à Berne pour examiner le projet",
        "Les cantons romands demandent que les caisses locales soient maintenues dans leur forme actuelle",
        "Le département de l'industrie publiera un rapport détaillé avant la fin de la session de printemps",
    ]
    text = ". ".join(sentences) + "."
    copy = ". ".join(_garbled(s, 5) for s in sentences) + "."
    articles = [Article(id="gdl", text=text), Article(id="jdg", text=copy)]
    ocr = provenance.scan(articles, **evaluate.scan_options(evaluate.OCR))
    assert provenance.compare(*articles).jaccard < 0.1  # (accent folding lets a few 5-word ones through)
    assert [("gdl", "jdg")] == [(m.a, m.b) for m in ocr]


def test_the_profile_option_reaches_every_scan_of_a_suite(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--profile ocr` scans with the ocr config and thresholds, and names its summary rows so."""
    corpus = corpus_path("bbc", "articles.jsonl").parent.parent
    seen: list[dict[str, Any]] = []
    real = provenance.scan

    def spy(articles: Iterable[Article], **options: Any) -> list[Match]:
        seen.append(options)
        return real(articles, **options)

    monkeypatch.setattr(evaluate.provenance, "scan", spy)
    report = evaluate.run("synthetic", corpus, limit=SMALL, seed=7, examples=0, profile="ocr")
    assert seen
    ocr = evaluate.OCR
    for options in seen:
        assert Config(shingle=int(ocr["shingle"]), num_perm=int(ocr["num_perm"])) == options["config"]
        for key in ("threshold", "containment", "min_coverage"):
            assert ocr[key] == options[key]
    assert all(metric.endswith(" [ocr]") for metric, _, _, _ in report.summary)


def test_impresso_under_the_ocr_profile_shows_the_default_rows(capsys: pytest.CaptureFixture[str]) -> None:
    """A small impresso run with `--profile ocr` prints each summary row for the defaults, then ocr."""
    corpus = corpus_path("impresso_1900", "passages.jsonl").parent.parent
    argv = ["--suite", "impresso", "--limit", "150", "--examples", "0", "--corpus", str(corpus)]
    assert 0 == evaluate.main([*argv, "--profile", "ocr"])
    out = capsys.readouterr().out
    names = (
        "impresso recall (cross-newspaper pairs)",
        "impresso precision (silver)",
        "impresso ARI vs passim",
    )
    lines = [line for line in out.splitlines() if line.startswith(names)]
    assert [n for m in names for n in (m, f"{m} [ocr]")] == [line.split("  ")[0] for line in lines]
    assert f"profile ocr (shingle {evaluate.OCR['shingle']}," in out
