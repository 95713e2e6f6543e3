"""Families: which earlier members of a story a joining article is compared with.

A wire story is carried by hundreds of sites. Comparing each new copy with every
earlier one costs the square of the family, in time and in stored pairs. So once
an article has more than :data:`REPRESENTATIVES` earlier candidates (the LSH
index's proposals, see :mod:`provenance.index`), it is compared with the story's
representatives only (:func:`representatives`):

* an **exact duplicate** (the same fingerprint: the same shingle set, as far as
  MinHash tells) is compared with the oldest of its twins alone: whatever that
  twin shares with the rest, the duplicate shares too;
* any other article is compared with the **oldest** candidate (the earliest
  published, then the first to arrive: the likeliest original) and the
  ``REPRESENTATIVES - 1`` **closest** ones (by estimated similarity, the oldest
  first among equals): its most likely source is among them.

A family stays one cluster (every member is joined to earlier ones) and grows by
at most ``REPRESENTATIVES`` pairs per member, not by the family's size. Below the
limit every candidate is compared, as before: families of up to
``REPRESENTATIVES + 1`` members keep every pair.

:func:`provenance.scan` and the ledger apply the same rule, each article against
the articles before it (input order in a scan, arrival in a ledger).

Examples:
    >>> ages = {"wire": age(None, 1), "a": age(None, 2), "b": age(None, 3), "c": age(None, 4)}
    >>> close = {"wire": 0.9, "a": 0.5, "b": 0.95, "c": 0.8}
    >>> representatives(["a", "b", "c", "wire"], limit=2, closeness=close.get,
    ...                 age=ages.get, twin=lambda key: False)
    ['wire', 'b']
    >>> representatives(["a", "b", "c", "wire"], limit=2, closeness=close.get,
    ...                 age=ages.get, twin=lambda key: key in {"b", "c"})
    ['b']
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar

from provenance.index import Candidate

__all__ = [
    "REPRESENTATIVES",
    "age",
    "band_ends",
    "class_pairs",
    "closeness",
    "is_twin",
    "representatives",
    "validate",
]

REPRESENTATIVES = 32
"""Most earlier candidates an article is compared with (``None`` where it is an option: all).

It bounds the work and the stored pairs a joining copy costs; 32 keeps every pair of a family of
up to 33 members (every family of the adversarial, synthetic, Clough and BBC suites; passim's
larger impresso clusters lose copy-copy pairs, not members), while a wire story on 3,200 sites
costs about 100 times fewer comparisons than all pairs."""

_K = TypeVar("_K", bound=Hashable)


def closeness(c: Candidate) -> float:
    """How close a candidate is: the largest of its estimated Jaccard and containments either way."""
    return c.closeness


def is_twin(c: Candidate) -> bool:
    """Whether a candidate has the query's fingerprint: every value equal, and the same size.

    All three estimates are 1 exactly then: a Jaccard estimate of 1 with both containments 1
    needs equal set sizes.
    """
    return c.jaccard == 1.0 and c.containment == 1.0 and c.containment_back == 1.0


def age(published: datetime | None, arrival: int) -> tuple[bool, float, int]:
    """The order in which candidates count as older: publication time (unknown last), then arrival.

    Args:
        published: The publication time, if known.
        arrival: The position in input or ingestion order.

    Examples:
        >>> from datetime import datetime, timezone
        >>> sorted([age(None, 1), age(datetime(2024, 2, 6, tzinfo=timezone.utc), 7)])[0][2]
        7
    """
    return (published is None, published.timestamp() if published is not None else 0.0, arrival)


def validate(limit: int | None) -> int | None:
    """The ``representatives`` option as given, or the error that names what is wrong with it.

    Raises:
        ValueError: It is not a whole number of at least 1, nor None.

    Examples:
        >>> validate(32), validate(None)
        (32, None)
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        msg = f"representatives must be a whole number of at least 1 (or None for all), got {limit!r}"
        raise ValueError(msg)
    return limit


def band_ends(bucket: Sequence[_K], at: int, limit: int) -> list[_K]:
    """The stories of a crowded band key that the story at ``at`` in it meets.

    The first ``limit`` and the ``limit`` just before it: a key that more than ``2 * limit``
    stories share is read so, in every engine (a ledger reads its ends through the store).

    Examples:
        >>> band_ends(list(range(10)), 7, 2)
        [0, 1, 5, 6]
    """
    return [*bucket[:limit], *bucket[max(limit, at - limit) : at]]


def representatives(
    candidates: Sequence[_K],
    *,
    limit: int | None,
    closeness: Callable[[_K], float | None],
    age: Callable[[_K], Any],
    twin: Callable[[_K], bool],
) -> list[_K]:
    """The earlier candidates an article is compared with (see the module docs).

    Args:
        candidates: The earlier articles the index proposed, by key.
        limit: Most candidates compared (``None``: all of them).
        closeness: A candidate's estimated similarity (the largest of its estimated Jaccard
            and containments either way).
        age: A candidate's age key (:func:`age`): the smallest is the oldest.
        twin: Whether a candidate has the article's own fingerprint.

    Returns:
        The candidates to compare: all of them up to ``limit``; beyond, the oldest twin alone,
        or the oldest candidate and the ``limit - 1`` closest others.

    Raises:
        ValueError: ``limit`` is below 1.
    """
    limit = validate(limit)
    if limit is None or len(candidates) <= limit:
        return list(candidates)
    twins = [c for c in candidates if twin(c)]
    if twins:
        return [min(twins, key=age)]
    oldest = min(candidates, key=age)
    rest = sorted((c for c in candidates if c != oldest), key=lambda c: (-(closeness(c) or 0.0), age(c)))
    return [oldest, *rest[: limit - 1]]


def class_pairs(
    members: Sequence[int],
    neighbors: Iterable[tuple[float, Sequence[int]]],
    *,
    age: Callable[[int], Any],
    limit: int | None,
) -> Iterator[tuple[int, int]]:
    """The pairs to compare of each member of a class of twins, against the articles before it.

    :func:`representatives` for every member of a class at once, without listing a large
    family for each of its members: a member with more than ``limit`` earlier candidates and an
    earlier twin meets the oldest twin only, which needs no list.

    Args:
        members: The positions (input order) of articles with one fingerprint, ascending.
        neighbors: For each other class the index proposes, its closeness and its members'
            positions, ascending.
        age: An article's age key, by position (:func:`age`).
        limit: Most candidates compared (``None``: all).

    Yields:
        ``(j, k)``: an earlier article ``j`` that member ``k`` is compared with.

    Examples:
        >>> sorted(class_pairs([1, 4, 5], [(0.9, [0, 3])], age=lambda k: k, limit=2))
        [(0, 1), (1, 4), (1, 5)]

        Article 1 meets the one earlier candidate; 4 and 5 have three and four, more than the
        limit, and an earlier twin: they meet the oldest twin, 1.
    """
    around = list(neighbors)
    oldest: int | None = None  # the oldest twin before the current member
    for i, k in enumerate(members):
        if i:
            before = members[i - 1]
            oldest = before if oldest is None or age(before) < age(oldest) else oldest
        if (
            oldest is not None
            and limit is not None
            and (i > limit or i + sum(bisect_left(others, k) for _, others in around) > limit)
        ):
            yield oldest, k
            continue
        earlier = {j: close for close, others in around for j in others[: bisect_left(others, k)]}
        earlier.update((j, 1.0) for j in members[:i])
        twins = set(members[:i])
        for j in representatives(
            list(earlier), limit=limit, closeness=earlier.get, age=age, twin=twins.__contains__
        ):
            yield j, k
