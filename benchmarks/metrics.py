"""Evaluation metrics: pair precision and recall, per-class F1, confusion counts, adjusted Rand index.

Small exact implementations with no dependency beyond the standard library, so that the
numbers the harness prints can be checked by hand (``tests/test_evaluate.py`` does).

Examples:
    >>> s = pair_scores([("a", "b"), ("c", "d")], [("b", "a"), ("a", "c")])
    >>> (s.tp, s.fp, s.fn, s.precision, s.recall)
    (1, 1, 1, 0.5, 0.5)
    >>> round(adjusted_rand_index({"x": 0, "y": 0, "z": 1, "w": 1}, {"x": 0, "y": 0, "z": 1, "w": 2}), 4)
    0.5714
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from math import comb

import attrs

from provenance.relate import components as connected

__all__ = [
    "ClassScores",
    "PairScores",
    "adjusted_rand_index",
    "class_scores",
    "components",
    "confusion",
    "macro_f1",
    "pair",
    "pair_scores",
]


def pair(a: str, b: str) -> tuple[str, str]:
    """The unordered pair of two ids, as a sorted tuple.

    Args:
        a: One id.
        b: The other id.

    Returns:
        ``(min(a, b), max(a, b))``.

    Raises:
        ValueError: The two ids are the same.
    """
    if a == b:
        msg = f"a pair needs two different ids, got {a!r} twice"
        raise ValueError(msg)
    return (a, b) if a < b else (b, a)


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


@attrs.frozen(kw_only=True)
class PairScores:
    """Counts and scores of a set of found pairs against the true pairs.

    Attributes:
        tp: Found pairs that are true.
        fp: Found pairs that are not true.
        fn: True pairs not found.
    """

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        """Share of found pairs that are true (0 when nothing was found)."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Share of true pairs that were found (0 when there are none)."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pair_scores(found: Iterable[tuple[str, str]], truth: Iterable[tuple[str, str]]) -> PairScores:
    """Score found unordered pairs against true ones.

    Args:
        found: The pairs a method reported (order inside a pair does not matter).
        truth: The true pairs.

    Returns:
        The true positive, false positive and false negative counts.
    """
    f = {pair(a, b) for a, b in found}
    t = {pair(a, b) for a, b in truth}
    return PairScores(tp=len(f & t), fp=len(f - t), fn=len(t - f))


@attrs.frozen(kw_only=True)
class ClassScores:
    """Precision, recall and F1 of one class in a multi-class labelling.

    Attributes:
        label: The class.
        support: Items whose gold label is the class.
        precision: Share of items predicted as the class that are of it.
        recall: Share of items of the class predicted as it.
        f1: Harmonic mean of precision and recall.
    """

    label: str
    support: int
    precision: float
    recall: float
    f1: float


def class_scores(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> list[ClassScores]:
    """Per-class precision, recall and F1.

    Args:
        gold: The true label of each item.
        predicted: The predicted label of each item, in the same order.
        labels: The classes to score, in the order to report them.

    Returns:
        One score per class.

    Raises:
        ValueError: The two sequences differ in length.
    """
    if len(gold) != len(predicted):
        msg = f"{len(gold)} gold labels but {len(predicted)} predictions"
        raise ValueError(msg)
    out = []
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        n_pred = sum(1 for p in predicted if p == label)
        n_gold = sum(1 for g in gold if g == label)
        precision, recall = _ratio(tp, n_pred), _ratio(tp, n_gold)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.append(ClassScores(label=label, support=n_gold, precision=precision, recall=recall, f1=f1))
    return out


def macro_f1(scores: Iterable[ClassScores]) -> float:
    """The unweighted mean of per-class F1 (the "average F1" of the METER papers).

    Args:
        scores: Per-class scores.

    Returns:
        The mean F1, or 0 for no classes.
    """
    values = [s.f1 for s in scores]
    return sum(values) / len(values) if values else 0.0


def confusion(gold: Iterable[str], predicted: Iterable[str]) -> Counter[tuple[str, str]]:
    """Counts of (gold, predicted) label pairs.

    Args:
        gold: The true labels.
        predicted: The predicted labels, in the same order.

    Returns:
        A counter keyed by ``(gold, predicted)``.
    """
    return Counter(zip(gold, predicted, strict=True))


def adjusted_rand_index(truth: Mapping[str, Hashable], predicted: Mapping[str, Hashable]) -> float:
    """The adjusted Rand index of two clusterings of the same items (Hubert and Arabie, 1985).

    ``(index - expected) / (max - expected)`` over the contingency table, where
    ``index`` is the number of item pairs put together by both clusterings,
    ``expected`` its value under random labelling with the same cluster sizes and
    ``max`` the mean of the pairs put together by each. When both clusterings are
    the same trivial one (all singletons, or one cluster), the index is 1.

    Args:
        truth: The true cluster of each item.
        predicted: The predicted cluster of each item; every item of ``truth``
            must have one (give singletons their own label).

    Returns:
        1.0 for identical clusterings, about 0 for random ones, negative below chance.

    Raises:
        ValueError: The two clusterings are not of the same items.

    Examples:
        >>> adjusted_rand_index({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"})
        1.0
    """
    if truth.keys() != predicted.keys():
        missing = sorted(set(truth) ^ set(predicted))[:3]
        msg = f"the clusterings are not of the same items (e.g. {missing})"
        raise ValueError(msg)
    n = len(truth)
    cells = Counter((truth[k], predicted[k]) for k in truth)
    rows = Counter(truth.values())
    cols = Counter(predicted.values())
    index = sum(comb(c, 2) for c in cells.values())
    sum_rows = sum(comb(c, 2) for c in rows.values())
    sum_cols = sum(comb(c, 2) for c in cols.values())
    total = comb(n, 2)
    if total == 0:
        return 1.0
    expected = sum_rows * sum_cols / total
    maximum = (sum_rows + sum_cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def components(ids: Iterable[str], pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The connected components of a graph, as a label per item (its component's smallest id).

    Items in no pair are singletons, labelled with their own id.

    Args:
        ids: All items.
        pairs: The edges.

    Returns:
        The component label of each item.
    """
    edges = [*((x, x) for x in ids), *pairs]  # a loop on each item keeps the lone ones
    return {x: members[0] for members in connected(edges) for x in members}
