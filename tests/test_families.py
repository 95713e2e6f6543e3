"""A story carried by many outlets: compared through its representatives, in linear cost.

The families are written the way wire copies appear on aggregators: the agency's text with
the aggregator's syndication header and legal disclaimer around it (MENAFN's pages open
``(MENAFN- Trend News Agency)``), or the same text lightly edited by each site (a word
swapped, a last paragraph dropped), all crediting the agency.
"""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from feeds import carried, edited, write
from provenance import Article, scan
from provenance.chain import MISCREDIT, UNCREDITED, chains
from provenance.cli import main
from provenance.families import REPRESENTATIVES, age, class_pairs, representatives
from provenance.ledger import Ledger
from provenance.relate import clusters, flip


def _pairs(matches: object) -> dict[frozenset[str], tuple[str | None, str]]:
    """Each pair's original and relation, read with the smaller id first (scan and a ledger may differ)."""
    return {
        frozenset((m.a, m.b)): (m.original, m.relation if m.a < m.b else flip(m.relation))
        for m in matches  # type: ignore[attr-defined]
    }


@given(
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 5), st.booleans()), min_size=0, max_size=30),
    st.integers(1, 8),
)
def test_representatives_are_the_oldest_twin_or_the_oldest_and_the_closest(
    rows: list[tuple[float, int, bool]], limit: int
) -> None:
    keys = list(range(len(rows)))
    close = {k: r[0] for k, r in zip(keys, rows, strict=True)}
    ages = {k: age(None, r[1] * 100 + k) for k, r in zip(keys, rows, strict=True)}
    twins = {k for k, r in zip(keys, rows, strict=True) if r[2]}
    picked = representatives(keys, limit=limit, closeness=close.get, age=ages.get, twin=twins.__contains__)
    if len(keys) <= limit:
        assert picked == keys  # below the limit, nothing is left out
        return
    if twins:
        assert picked == [min(twins, key=ages.__getitem__)]
        return
    assert len(picked) == limit
    assert picked[0] == min(keys, key=ages.__getitem__)
    left = set(keys) - set(picked)
    # no candidate left out is closer than one chosen for its closeness
    if picked[1:]:
        assert all(close[x] <= min(close[p] for p in picked[1:]) for x in left)


@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=40),  # each article's class of twins
    st.lists(st.floats(0.3, 1.0), min_size=4, max_size=4),  # how close each other class is
    st.lists(st.integers(0, 3), min_size=40, max_size=40),  # publication days (0: unknown)
    st.integers(1, 6),
)
def test_class_pairs_are_each_members_representatives(
    classes: list[int], close: list[float], days: list[int], limit: int
) -> None:
    """For every member at once, what :func:`representatives` picks for each member alone."""
    ages = {
        k: age(None if days[k] == 0 else datetime(2024, 2, days[k], tzinfo=UTC), k)
        for k in range(len(classes))
    }
    members = {c: [k for k, x in enumerate(classes) if x == c] for c in set(classes)}
    found: set[tuple[int, int]] = set()
    expected: set[tuple[int, int]] = set()
    for c, mine in members.items():
        around = [(close[d], members[d]) for d in members if d != c]
        found |= set(class_pairs(mine, around, age=ages.__getitem__, limit=limit))
        for k in mine:
            earlier = {j: close[classes[j]] for j in range(k) if classes[j] != c}
            earlier |= {j: 1.0 for j in range(k) if classes[j] == c}
            picked = representatives(
                sorted(earlier), limit=limit, closeness=earlier.get, age=ages.__getitem__,
                twin=lambda j, c=c: classes[j] == c,  # type: ignore[misc]
            )  # fmt: skip
            expected |= {(j, k) for j in picked}
    assert found == expected


def test_a_family_within_the_limit_keeps_every_pair() -> None:
    articles = edited(9)
    matches = scan(articles)
    assert len(matches) == len(list(combinations(articles, 2)))  # 45: every copy shares the story
    assert _pairs(matches) == _pairs(scan(articles, representatives=None))


def test_a_verbatim_family_costs_one_pair_per_copy_beyond_the_limit() -> None:
    """A page carrying the story word for word is compared with the oldest of its twins: the agency."""
    limit, n = 4, 40
    articles = carried(n)
    matches = scan(articles, representatives=limit)
    # the first ``limit`` pages meet every earlier article; each later one meets only the agency
    assert len(matches) == len(list(combinations(range(limit + 1), 2))) + (n - limit)
    late = {a.id for a in articles[limit + 1 :]}
    for page in late:
        mine = [m for m in matches if page in (m.a, m.b)]
        assert [(m.original, {m.a, m.b} - {page}) for m in mine] == [("wire", {"wire"})]
    (cluster,) = clusters(matches)
    assert cluster.original == "wire"
    assert cluster.original_decided
    assert set(cluster.members) == {a.id for a in articles}
    for c in chains(articles, matches):  # every page's credit is still checked against the agency's text
        assert not {f.name for f in c.flags} & {UNCREDITED, MISCREDIT}, c
        if c.article in late:
            assert any(link.article == "wire" for link in c.links), c


def test_an_edited_family_is_compared_with_the_oldest_and_the_closest_members() -> None:
    limit, n = 4, 30
    articles = edited(n)
    sparse = scan(articles, representatives=limit)
    full = scan(articles, representatives=None)
    assert len(full) == len(list(combinations(articles, 2)))  # all copies of one another
    assert len(sparse) <= sum(min(k, limit) for k in range(len(articles)))
    assert set(_pairs(sparse)) <= set(_pairs(full))  # a subset of the pairs, judged the same way
    assert all(_pairs(full)[p] == v for p, v in _pairs(sparse).items())
    for a in articles[1:]:  # the agency, the oldest, is among every site's representatives
        assert frozenset(("wire", a.id)) in _pairs(sparse)
    (few,), (every,) = clusters(sparse), clusters(full)
    assert (
        (few.original, set(few.members))
        == (every.original, set(every.members))
        == ("wire", {a.id for a in articles})
    )


@pytest.mark.parametrize("batch", [1, 64])
def test_the_ledger_stores_the_scans_family_pairs(target: str, batch: int) -> None:
    """Ingest applies scan's rule, each article against those stored before it: the same pairs.

    With a limit of 4 each band key is read at its ends only (4 first, 4 last); the agency
    and the first pages fill those ends, so a page still finds its oldest twin.
    """
    limit = 4
    articles = carried(30)
    with Ledger.open(target, representatives=limit) as ledger:
        report = ledger.ingest(articles, batch=batch)
        stored = _pairs(ledger.matches())
        assert [] == ledger.verify()
    assert report.matches == len(stored) == len(list(combinations(range(limit + 1), 2))) + 30 - limit
    assert stored == _pairs(scan(articles, representatives=limit))


def test_the_ledger_reads_crowded_band_keys_as_scan_does(target: str) -> None:
    """An edited family whose band keys more than 2 x 4 stories share: each key read at its ends.

    Ingested one article a transaction, in input order, the ledger's ends of a key (the first 4
    stored, the last 4) are scan's (the first 4 in the input, the 4 just before): the same pairs.
    """
    articles = edited(30)
    with Ledger.open(target, representatives=4) as ledger:
        ledger.ingest(articles, batch=1)
        stored = _pairs(ledger.matches())
    assert stored == _pairs(scan(articles, representatives=4))


def test_the_ledger_compares_an_edited_family_through_representatives(target: str) -> None:
    limit = 4
    articles = edited(24)
    with Ledger.open(target, representatives=limit) as ledger:
        ledger.ingest(articles)
        stored = ledger.matches()
        words = articles[3].text.split(" ")
        probe = Article(id="probe", outlet="Late Site", text=" ".join([*words[:-9], "officials", "said"]))
        checked = ledger.check(probe).matches
    for k, a in enumerate(articles):
        earlier = {b.id for b in articles[:k]}
        assert len([m for m in stored if a.id in (m.a, m.b) and {m.a, m.b} - {a.id} <= earlier]) <= limit
    assert all(frozenset(("wire", a.id)) in _pairs(stored) for a in articles[1:])
    (cluster,) = clusters(stored)
    assert cluster.original == "wire"
    assert set(cluster.members) == {a.id for a in articles}
    assert 1 <= len(checked) <= limit
    assert "wire" in {x for m in checked for x in (m.a, m.b)}


def test_check_of_a_twin_against_a_large_family_is_one_comparison(tmp_path: Path) -> None:
    articles = carried(12)
    with Ledger.open(tmp_path / "l.db", representatives=4) as ledger:
        ledger.ingest(articles)
        twin = Article(id="late-page", outlet="Late Aggregator", text=articles[5].text)
        (match,) = ledger.check(twin).matches
    assert {match.a, match.b} == {"wire", "late-page"}
    assert match.original == "wire"


def test_representatives_must_be_a_whole_number_of_at_least_one(tmp_path: Path) -> None:
    for bad in (0, -3, True, 2.5):
        with pytest.raises(ValueError, match="representatives"):
            scan(carried(1), representatives=bad)  # type: ignore[arg-type]
        with pytest.raises(ValueError, match="representatives"):
            Ledger.open(tmp_path / "l.db", representatives=bad)


def test_the_command_line_takes_representatives(tmp_path: Path) -> None:
    feed = write(carried(8), tmp_path / "feed.jsonl")
    counts = {}
    for value in ("0", "2", str(REPRESENTATIVES)):
        result = CliRunner().invoke(
            main, ["scan", str(feed), "--format", "jsonl", "--representatives", value]
        )
        assert result.exit_code == 0, result.output
        counts[value] = len(result.stdout.splitlines())
    # 0 compares every pair (36); 2 keeps the pairs of the first three and one a page after (3 + 6)
    assert counts == {"0": 36, "2": 9, str(REPRESENTATIVES): 36}
    bad = CliRunner().invoke(main, ["scan", str(feed), "--representatives", "-1"])
    assert bad.exit_code == 2
    assert "--representatives" in bad.stderr


def test_the_ledger_ages_a_family_by_the_dates_in_its_texts_as_scan_does(target: str) -> None:
    """Pages that carry their date only in the text (a ``date`` line): the ledger reads it, as scan does.

    The dates run backwards against the order of arrival, so that the oldest member by its text
    is the last one stored: aged by arrival instead, the ledger would choose other representatives.
    """
    limit = 4
    family = edited(24)
    articles = [
        attrs.evolve(a, text=f"date 2024-03-{28 - k:02d} {a.text}", published=None)
        for k, a in enumerate(family)
    ]
    expected = _pairs(scan(articles, representatives=limit))
    by_arrival = _pairs(scan([attrs.evolve(a, text=b.text) for a, b in zip(articles, family, strict=True)],
                             representatives=limit))  # fmt: skip
    assert expected != by_arrival, "the dates decide the representatives"
    with Ledger.open(target, representatives=limit) as ledger:
        ledger.ingest(articles, batch=1)
        assert expected == _pairs(ledger.matches())
