"""The ledger's tally counted a batch at a time gives what counting each page in turn gives.

The reference here is the rule as the tally's documentation states it, written out plainly: a
slot is boilerplate once it stands on ``MIN_PAGES`` pages (the smaller of its distinct page keys
and contents), with that many pages; each page stored after that adds one. The tally is counted
in batches of random sizes, on SQLite in memory, and must agree with the rule page by page (the
slots that cross with each page) and in what it stores.
"""

from __future__ import annotations

import sqlite3

from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.boilerplate import MIN_PAGES, Sentences
from provenance.ledger._sqlite_schema import LISTING
from provenance.ledger.sentences import SentenceTable, signed, tables, unsigned

# a page: its slots (from a few, so that they recur), its page key and its content (few of each)
pages_of = st.lists(
    st.tuples(
        st.frozensets(st.sampled_from([1, 2, 3, 2**63 + 5, 2**64 - 1]), min_size=1, max_size=4),
        st.integers(0, 4),
        st.integers(0, 4),
    ),
    min_size=1,
    max_size=30,
)


def reference(
    pages: list[tuple[frozenset[int], int, int]], min_pages: int = MIN_PAGES
) -> tuple[list[list[int]], dict[int, int]]:
    """The rule, page by page: the slots crossing with each page, and the boilerplate page counts."""
    seen: dict[int, tuple[set[int], set[int]]] = {}
    boilerplate: dict[int, int] = {}
    crossed: list[list[int]] = []
    for slots, page, content in pages:
        mine = []
        for slot in sorted(slots, key=signed):
            if slot in boilerplate:
                boilerplate[slot] += 1
                continue
            keys, contents = seen.setdefault(slot, (set(), set()))
            keys.add(page)
            contents.add(content)
            if min(len(keys), len(contents)) >= min_pages:
                boilerplate[slot] = min(len(keys), len(contents))
                mine.append(slot)
        crossed.append(sorted(mine))
    return crossed, boilerplate


@settings(max_examples=150, deadline=None)
@given(
    pages=pages_of,
    cuts=st.lists(st.integers(1, 6), min_size=1, max_size=30),
    min_pages=st.sampled_from([MIN_PAGES, 1, 2]),
)
def test_counting_in_batches_follows_the_rule_page_by_page(
    pages: list[tuple[frozenset[int], int, int]], cuts: list[int], min_pages: int
) -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE articles (seq INTEGER PRIMARY KEY)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    for statement in tables("INTEGER", " STRICT"):
        db.execute(statement)
    table = SentenceTable(db.execute, db.executemany, "?", LISTING)
    stored = [
        (seq, Sentences(slots=tuple(sorted(slots)), page=page, content=content))
        for seq, (slots, page, content) in enumerate(pages, start=1)
    ]
    crossed: list[list[int]] = []
    start, sizes = 0, iter(cuts * len(pages))
    while start < len(stored):
        size = next(sizes)
        crossed += [sorted(c) for c in table.count_many(stored[start : start + size], min_pages=min_pages)]
        start += size
    expected, boilerplate = reference(pages, min_pages)
    assert crossed == expected
    kept = {unsigned(s): n for s, n in db.execute("SELECT slot, pages FROM boilerplate")}
    assert kept == boilerplate
    assert table.pending() == sorted(boilerplate)
    assert table.version() == sum(1 for c in expected if c)
    rows = db.execute("SELECT count(*) FROM sentences").fetchone()[0]
    assert rows == sum(len(slots) for slots, _, _ in pages)
