"""The ledger keeps the boilerplate tally: ingest-then-check reaches the verdicts one scan reaches.

The feed is laid out as news portals lay out their pages: each page is one story, then the
portal's notice to readers, a list of teasers of its other stories, and a cookie notice. One
wire story is carried by two portals (inside their chrome) and by the wire itself. Scan counts
every page's sentences before it compares; a ledger learns them one page at a time, so the
first pages of a portal are judged before their chrome is known, and must be judged again when
it becomes known (and again when pages are forgotten).
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import Article, clean, scan
from provenance.boilerplate import Sentences, sentence_hashes
from provenance.ledger import Ledger
from provenance.relate import flip
from racing import at_once
from test_boilerplate import COOKIES, NOTICE, STORIES


def page(k: int, outlet: str) -> Article:
    """Page k of a portal: its story, its notice, teasers of its other stories, a cookie notice."""
    host = outlet.casefold().replace(" ", "") + ".example"
    teasers = "\n\n".join(STORIES[j].split(". ")[0] + "..." for j in range(len(STORIES)) if j != k)
    text = f"{STORIES[k]}\n\n{NOTICE}\n\nImportant news\n\n{teasers}\n\n{COOKIES}"
    return Article(id=f"{host}-{k}", outlet=outlet, url=f"https://{host}/news/{k}", text=text)


def portals() -> list[Article]:
    """Two portals of five pages each, and the wire story that page 0 of both carries."""
    wire = Article(id="trend-0", outlet="Trend", url="https://trend.example/news/0", text=STORIES[0])
    return [wire, *(page(k, o) for o in ("Daily Portal", "City Herald") for k in range(len(STORIES)))]


def verdicts(matches: Any) -> dict[frozenset[str], tuple[Any, ...]]:
    """Each pair's original, relation (told from the smaller id) and the spans set aside as boilerplate."""
    out: dict[frozenset[str], tuple[Any, ...]] = {}
    for m in matches:
        first, second = (m.regions_a, m.regions_b) if m.a < m.b else (m.regions_b, m.regions_a)
        spans = tuple(
            tuple((r.start, r.end) for r in regions if r.kind == "boilerplate") for regions in (first, second)
        )
        out[frozenset((m.a, m.b))] = (m.original, m.relation if m.a < m.b else flip(m.relation), spans)
    return out


@pytest.mark.parametrize("batch", [1, 64])
def test_ingest_reaches_the_verdicts_of_one_scan(target: str, batch: int) -> None:
    """Pages ingested in any order give scan's pairs: no pair of two portal pages, the wire's copies found."""
    articles = portals()
    expected = verdicts(scan(articles))
    copies = {pair for pair in expected if "trend-0" in pair}
    assert {
        frozenset(("trend-0", "dailyportal.example-0")),
        frozenset(("trend-0", "cityherald.example-0")),
    } <= copies
    assert not any(all(k.startswith("dailyportal") for k in pair) for pair in expected)
    random.Random(batch).shuffle(articles)
    with Ledger.open(target) as ledger:
        ledger.ingest(articles, batch=batch)
        assert expected == verdicts(ledger.matches())


@pytest.mark.parametrize("batch", [1, 64])
def test_a_page_first_met_bare_is_counted_once_a_portal_carries_it(target: str, batch: int) -> None:
    """Texts first stored with neither outlet nor url, then carried by portals: scan's verdicts still.

    Nothing counts the sentences of an article with no outlet or url, so the ledger does not
    hash them; the same text on a portal's page must be counted as scan counts it, whether its
    story was cleaned before or not.
    """
    bare = [attrs.evolve(a, id=f"bare-{a.id}", outlet=None, url=None) for a in portals()]
    articles = [*bare, *portals()]
    expected = verdicts(scan(articles))
    assert not any(all(k.startswith("dailyportal") for k in pair) for pair in expected)
    with Ledger.open(target) as ledger:
        ledger.ingest(articles, batch=batch, workers=1)
        assert expected == verdicts(ledger.matches())


@pytest.mark.parametrize("batch", [1, 64])
def test_an_ingest_counts_what_its_re_checks_changed(target: str, batch: int) -> None:
    """The matches stored with the pages, and those the re-checks took back: together, the ledger's.

    In input order, a portal's first two pages are judged before their chrome reaches a third
    page (alone, or in the second batch, of two: batches grow 1, 2, 4), so their shared chrome
    pairs them; the third page makes it boilerplate and the re-check takes that pair back. A
    second ingest into the same ledger adds what it counts to what was there.
    """
    articles = portals()
    with Ledger.open(target) as ledger:
        report = ledger.ingest(articles[:8], batch=batch)
        stored = sum(1 for _ in ledger.matches())
        assert report.rechecked < 0
        assert report.matches + report.rechecked == stored == len(scan(articles[:8]))
        more = ledger.ingest(articles[8:], batch=batch)
        assert stored + more.matches + more.rechecked == sum(1 for _ in ledger.matches())
        assert sum(1 for _ in ledger.matches()) == len(scan(articles))


@settings(max_examples=15, deadline=None)
@given(order=st.permutations(range(len(portals()))), batch=st.integers(1, 6))
def test_a_new_ledger_holds_the_matches_an_ingest_counts_in_any_order(
    tmp_path_factory: pytest.TempPathFactory, order: list[int], batch: int
) -> None:
    """Whatever the order and the batches, the stored matches and the re-checks' change are the ledger's."""
    articles = [portals()[k] for k in order]
    with Ledger.open(tmp_path_factory.mktemp("ledger") / "l.db") as ledger:
        report = ledger.ingest(articles, batch=batch, workers=1)
        assert report.matches + report.rechecked == sum(1 for _ in ledger.matches()) == len(scan(articles))


def test_check_counts_the_checked_page_as_scan_does(target: str) -> None:
    """A portal's third page checked against its first two: the chrome it completes is not story."""
    articles = [page(k, "Daily Portal") for k in range(3)]
    with Ledger.open(target) as ledger:
        ledger.ingest(articles[:2])
        found = ledger.check(articles[2])
    expected = {p: v for p, v in verdicts(scan(articles)).items() if articles[2].id in p}
    assert expected == verdicts(found.matches)
    assert not found.is_copy


def test_forgetting_pages_judges_the_rest_again(target: str) -> None:
    """When forgotten pages leave a portal's chrome on too few pages, the rest are judged as scan would."""
    articles = portals()
    gone = [a.id for a in articles if a.id.startswith("dailyportal") and not a.id.endswith(("-0", "-1"))]
    with Ledger.open(target) as ledger:
        ledger.ingest(articles)
        ledger.forget(gone)
        kept = [a for a in articles if a.id not in gone]
        assert verdicts(scan(kept)) == verdicts(ledger.matches())


def _tally_and_verdicts(ledger: Ledger) -> tuple[Any, ...]:
    """What the tally knows of every portal page's sentences, what waits for a re-check, and the verdicts."""
    table = ledger.store.sentences()
    assert table is not None
    counted = [Sentences.of(a, sentence_hashes(clean(a.text))) for a in portals()]
    slots = {slot for c in counted if c is not None for slot in c.slots}
    return table.tally(slots), table.pending(), verdicts(ledger.matches())


def _forgotten_or_never_stored(forgetting: str, fresh: Path, gone: set[int]) -> tuple[Any, Any]:
    """A ledger of every portal page that forgot ``gone`` (in one forget), and one of the rest only."""
    articles = portals()
    with Ledger.open(forgetting) as ledger:
        ledger.ingest(articles, workers=1)
        ledger.forget([articles[k].id for k in sorted(gone)])
        forgot = _tally_and_verdicts(ledger)
    with Ledger.open(fresh) as ledger:
        ledger.ingest([a for k, a in enumerate(articles) if k not in gone], workers=1)
        return forgot, _tally_and_verdicts(ledger)


@pytest.mark.parametrize("gone", [{1, 2}, {1, 2, 3}, {1, 2, 3, 4, 5, 6, 7}])
def test_forgetting_pages_at_once_leaves_the_tally_of_never_storing_them(
    target: str, tmp_path: Path, gone: set[int]
) -> None:
    """Two of a portal's five pages gone, its chrome stays on three (two fewer); three gone, it is story.

    Every page is its own page and content, so each page that carries a boilerplate sentence
    counts one: forgetting some in one go must leave the counts an ingest of the rest makes.
    """
    forgot, fresh = _forgotten_or_never_stored(target, tmp_path / "rest.db", gone)
    assert forgot == fresh
    assert not forgot[1]  # nothing left to re-check


def test_forgetting_a_page_takes_its_revision_out_of_the_tally_too(target: str, tmp_path: Path) -> None:
    """A portal page revised (a line added at its end), then forgotten: both versions leave the count.

    The first version and its revision each count as a page carrying the chrome, so forgetting
    the page must leave the tally a ledger of the other pages has.
    """
    articles = portals()
    page_1 = articles[2]
    assert page_1.id == "dailyportal.example-1"
    with Ledger.open(target) as ledger:
        ledger.ingest(articles, workers=1)
        revised = ledger.ingest([attrs.evolve(page_1, text=page_1.text + "\n\nUpdated at noon.")], workers=1)
        assert revised.revisions == 1
        assert len(ledger.forget([page_1.id])) == 2
        forgot = _tally_and_verdicts(ledger)
    with Ledger.open(tmp_path / "rest.db") as ledger:
        ledger.ingest([a for a in articles if a.id != page_1.id], workers=1)
        assert forgot == _tally_and_verdicts(ledger)


@settings(max_examples=12, deadline=None)
@given(gone=st.sets(st.integers(0, len(portals()) - 1), min_size=1))
def test_forgetting_any_pages_at_once_leaves_the_tally_of_never_storing_them(
    tmp_path_factory: pytest.TempPathFactory, gone: set[int]
) -> None:
    """Whichever pages go together, the tally and verdicts are those of a ledger that never stored them."""
    where = tmp_path_factory.mktemp("forget")
    forgot, fresh = _forgotten_or_never_stored(str(where / "all.db"), where / "rest.db", gone)
    assert forgot == fresh


def test_pages_stored_in_one_write_are_not_judged_again_for_the_boilerplate_it_makes(target: str) -> None:
    """A batch that brings a portal's chrome to its third page is judged with the chrome set aside.

    The write that makes the chrome boilerplate leaves only the pages stored before it to judge
    again (their pairs were judged with the chrome as story); the verdicts are scan's.
    """
    articles = portals()
    with Ledger.open(target) as ledger:
        last: set[str] = set()
        again: list[str] = []
        store, judged = ledger._store, ledger._reverify

        def stored(writes: Any) -> Any:
            last.clear()
            last.update(w[0].article.id for w in writes)
            return store(writes)

        def rechecked(of: Any, *args: Any, **kwargs: Any) -> Any:
            again.extend(s.article.id for s in of)
            assert not last & {s.article.id for s in of}, "a page judged again for its own write"
            return judged(of, *args, **kwargs)

        ledger._store, ledger._reverify = stored, rechecked  # type: ignore[method-assign]
        ledger.ingest(articles, batch=len(articles))
        assert verdicts(scan(articles)) == verdicts(ledger.matches())
        assert again  # the first pages, stored before the chrome was known
        assert len(set(again)) < len(articles) - 1


def test_a_page_forgotten_between_a_write_and_its_re_check_has_the_written_page_judged_again(
    target: str,
) -> None:
    """Another writer forgets a page after a write made its portal's chrome boilerplate, before the
    re-check: the chrome is on too few pages again, and the page written is judged as scan judges it.

    The third page of a portal is judged with the chrome set aside (its write makes it
    boilerplate); once another page is forgotten, its pair with the wire story it carries must be
    judged again with the chrome as story, though its write said otherwise. The other writer stops
    before its own re-check (as one killed there would): this ingest's re-check is the one left.
    """
    wire, *pages = [a for a in portals() if a.id == "trend-0" or a.id.startswith("dailyportal")]
    third = next(a for a in pages if a.id.endswith("-0"))
    first = [wire, *(a for a in pages if a.id.endswith(("-1", "-2")))]
    gone = "dailyportal.example-1"
    with Ledger.open(target) as ledger:
        ledger.ingest(first)
        settle = ledger._settle

        def and_before(*args: Any, **kwargs: Any) -> Any:
            if ledger._judged is not None and ledger.get(gone) is not None:  # made boilerplate, unsettled
                with Ledger.open(target) as other:
                    other._settle = lambda *_, **__: False  # type: ignore[method-assign]  # it stops there
                    other.forget([gone])
            return settle(*args, **kwargs)

        ledger._settle = and_before  # type: ignore[method-assign]
        ledger.ingest([third])
        assert ledger.get(gone) is None
        kept = [*(a for a in first if a.id != gone), third]
        assert verdicts(scan(kept)) == verdicts(ledger.matches())
        assert verdicts(scan(kept)) != verdicts(scan([*first, third]))  # the forgotten page mattered


def test_a_page_another_writer_stores_between_a_batch_s_judgement_and_its_write_is_counted(
    target: str,
) -> None:
    """A portal's page stored by another writer after this batch was judged, before its write.

    The batch judged its page with the chrome on two pages (not boilerplate); the other writer's
    page makes its write the one that brings the chrome to three. That write must not take its
    page as judged with the chrome set aside: the verdicts are scan's.
    """
    wire, *pages = [a for a in portals() if a.id == "trend-0" or a.id.startswith("dailyportal")]
    one, mine, theirs = (next(a for a in pages if a.id.endswith(f"-{k}")) for k in (1, 0, 2))
    with Ledger.open(target) as ledger:
        ledger.ingest([wire, one])
        write = ledger._end_chunk

        def after_another(*args: Any, **kwargs: Any) -> Any:
            with Ledger.open(target) as other:
                other.ingest([theirs])
            return write(*args, **kwargs)

        ledger._end_chunk = after_another  # type: ignore[method-assign]
        ledger.ingest([mine])
        articles = [wire, one, mine, theirs]
        assert verdicts(scan(articles)) == verdicts(ledger.matches())
        assert verdicts(scan(articles)) != verdicts(scan([wire, one, mine]))  # their page mattered


def test_a_page_another_writer_forgets_between_a_batch_s_judgement_and_its_write_is_uncounted(
    target: str,
) -> None:
    """A portal's page forgotten by another writer after this batch was judged, before its write.

    The batch judged its page with the chrome on three pages (boilerplate, set aside); once the
    other page is gone, the write leaves the chrome on two. The page must be judged again with the
    chrome as story: the verdicts are scan's.
    """
    wire, *pages = [a for a in portals() if a.id == "trend-0" or a.id.startswith("dailyportal")]
    one, mine, theirs = (next(a for a in pages if a.id.endswith(f"-{k}")) for k in (1, 0, 2))
    with Ledger.open(target) as ledger:
        ledger.ingest([wire, one, theirs])
        write = ledger._end_chunk

        def after_another(*args: Any, **kwargs: Any) -> Any:
            with Ledger.open(target) as other:
                other.forget([theirs.id])
            return write(*args, **kwargs)

        ledger._end_chunk = after_another  # type: ignore[method-assign]
        ledger.ingest([mine])
        articles = [wire, one, mine]
        assert verdicts(scan(articles)) == verdicts(ledger.matches())
        assert verdicts(scan(articles)) != verdicts(scan([*articles, theirs]))  # their page mattered


def test_an_ingest_stopped_before_a_batch_s_write_leaves_the_verdicts_of_what_it_stored(target: str) -> None:
    """An ingest stopped at a batch's write, while the batch before it was written and re-checked.

    The batch in flight was judged with the one before it counted; the re-check after that one's
    write must not count the batch in flight, which is never stored: once the ledger is opened
    again, its verdicts are those of one scan of what it holds.
    """
    articles = portals()
    with Ledger.open(target) as ledger:
        write, calls = ledger._write_batch, []

        def until_the_fourth(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            if len(calls) == 4:
                raise KeyboardInterrupt  # as if stopped there
            return write(*args, **kwargs)

        ledger._write_batch = until_the_fourth  # type: ignore[method-assign]
        with pytest.raises(KeyboardInterrupt):
            ledger.ingest(articles, batch=len(articles), workers=1)
    with Ledger.open(target) as ledger:
        ledger.ingest([])  # finishes what was left to re-check
        stored = [a for a in articles if ledger.get(a.id) is not None]
        assert 3 <= len(stored) < len(articles)
        assert verdicts(scan(stored)) == verdicts(ledger.matches())


def test_a_batch_in_flight_keeps_what_it_read_when_this_ingest_re_checks_meanwhile(tmp_path: Path) -> None:
    """The re-check after a write changes only matches: the batch in flight, compared before it,
    does not read the store again inside its own write, and the verdicts are scan's.

    On SQLite only: a PostgreSQL server's token moves with any commit on it (other tests' too),
    and then a batch reads again, as it should.
    """
    articles = [*portals(), *(page(k, "Evening Star") for k in range(len(STORIES)))]
    with Ledger.open(tmp_path / "ledger.db") as ledger:
        flying, settled, again = [], [], []
        begin, settle, propose = ledger._begin_chunk, ledger._settle, ledger._proposed_now

        def begun(chunk: Any, window: Any, ahead: Any, before: Any) -> Any:
            flying.append(before is not None)
            return begin(chunk, window, ahead, before)

        def settling(*args: Any, **kwargs: Any) -> Any:
            settled.append(settle(*args, **kwargs))
            return settled[-1]

        def proposed(*args: Any, **kwargs: Any) -> Any:
            again.append(1)
            return propose(*args, **kwargs)

        ledger._begin_chunk, ledger._settle, ledger._proposed_now = begun, settling, proposed  # type: ignore[method-assign]
        ledger.ingest(articles, batch=4, workers=1)
        assert verdicts(scan(articles)) == verdicts(ledger.matches())
    assert sum(flying) >= 3  # batches were in flight
    assert sum(settled) >= 2  # and pages were re-checked
    assert [] == again


def test_a_partner_forgotten_while_a_page_is_judged_again_leaves_no_match_naming_it(target: str) -> None:
    """Another writer forgets a page's partner between the re-check's verdicts and their write.

    A re-check judges outside the write; the pairs it then stores must name articles still
    stored, or the ledger keeps a match with nothing at one end.
    """
    articles = portals()
    copy = next(a for a in articles if a.id == "dailyportal.example-0")
    with Ledger.open(target) as ledger:
        ledger.ingest(articles)
        assert {frozenset(("trend-0", copy.id))} <= set(verdicts(ledger.matches()))
        table = ledger.store.sentences()
        assert table is not None
        counted = Sentences.of(copy, sentence_hashes(clean(copy.text)))
        assert counted is not None
        with ledger.store.write(exclusive=True):
            table.queue(counted.slots)  # as when a sentence of the page became boilerplate
        judged = ledger._reverify

        def and_meanwhile(*args: Any, **kwargs: Any) -> Any:
            out = judged(*args, **kwargs)
            with Ledger.open(target) as other:
                other.forget(["trend-0"])
            return out

        ledger._reverify = and_meanwhile  # type: ignore[method-assign]
        ledger.ingest([])  # settles the queue
        assert [] == table.pending()
        assert not any("trend-0" in (m.a, m.b) for m in ledger.matches())
        assert [] == ledger.verify()


def test_a_ledger_from_before_the_tally_is_counted_and_judged_again(tmp_path: Path) -> None:
    """A schema 2 file (no tally: the chrome judged as story) is migrated, and re-judged on ingest."""
    path = tmp_path / "old.db"
    articles = [page(k, "Daily Portal") for k in range(len(STORIES))]
    with Ledger.open(path) as ledger:
        ledger.store.sentences = lambda: None  # type: ignore[method-assign]  # what schema 2 knew
        ledger.ingest(articles)
        assert ledger.matches()  # the chrome made copies of the pages
    with sqlite3.connect(path) as db:
        for table in ("sentences", "boilerplate", "recheck"):
            db.execute(f"DROP TABLE {table}")
        db.execute("PRAGMA user_version = 2")
    db.close()
    with Ledger.open(path) as ledger:
        ledger.ingest([])
        assert verdicts(scan(articles)) == verdicts(ledger.matches())


def _writer(target: str, pages: list[Article], batched: bool, start: Any, out: Any) -> None:
    """Ingest these pages one at a time (or all in one ingest, in batches), starting with the other writer."""
    try:
        with Ledger.open(target) as ledger:
            start.wait()
            if batched:
                ledger.ingest(pages, workers=1)
            for article in [] if batched else pages:
                ledger.ingest([article])
        out.put("")
    except Exception as error:  # reported to the test
        out.put(f"{type(error).__name__}: {error}")


def test_two_writers_storing_one_portal_s_pages_at_once_count_every_page(target: str) -> None:
    """Two processes ingest alternate pages of two portals at once: the ledger still ends at scan's verdicts.

    Each writer counts a page's sentences inside its write, holding its outlet's lock, so neither
    misses a page of the other, and the page that makes the chrome boilerplate re-checks them all.
    """
    articles = portals()
    with Ledger.open(target) as ledger:  # set up the ledger first: the race is on the pages
        ledger.ingest(articles[:1])
    assert ["", ""] == at_once(_writer, [(target, articles[1::2], False), (target, articles[2::2], False)])
    with Ledger.open(target) as ledger:
        assert verdicts(scan(articles)) == verdicts(ledger.matches())
        assert [] == ledger.verify()


@pytest.mark.parametrize("seed", [0, 1])
def test_two_writers_ingesting_portal_pages_in_batches_at_once_reach_scan_s_verdicts(
    target: str, seed: int
) -> None:
    """Two processes each ingest half of three portals' pages in one call (batches judged with what
    their writes count, one in flight while the one before is written), at once, in a shuffled order:
    once both are done, the ledger holds scan's verdicts and nothing waits to be judged again."""
    articles = [*portals(), *(page(k, "Evening Star") for k in range(len(STORIES)))]
    random.Random(seed).shuffle(articles)
    with Ledger.open(target) as ledger:
        ledger.ingest(articles[:1])
    assert ["", ""] == at_once(_writer, [(target, articles[1::2], True), (target, articles[2::2], True)])
    with Ledger.open(target) as ledger:
        assert verdicts(scan(articles)) == verdicts(ledger.matches())
        table = ledger.store.sentences()
        assert table is not None
        assert ([], []) == (table.pending(), ledger.verify())


def _ingest_one(target: str, article: Article, out: Any) -> None:
    """Ingest one article into a ledger, and say how it went."""
    try:
        with Ledger.open(target) as ledger:
            ledger.ingest([article])
        out.put("")
    except Exception as error:  # reported to the test
        out.put(f"{type(error).__name__}: {error}")


def _waiting_on(url: str, lock: int) -> bool:
    """Whether a session of the server waits for this advisory lock (a bigint key: two 32-bit halves)."""
    import psycopg

    high, low = (lock >> 32) & 0xFFFFFFFF, lock & 0xFFFFFFFF
    with psycopg.connect(url, autocommit=True) as db:
        row = db.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            " AND classid::bigint = %s AND objid::bigint = %s AND objsubid = 1",
            (high, low),
        ).fetchone()
    return bool(row and row[0])


def test_writers_of_one_outlet_s_pages_count_them_one_after_the_other(pg_url: str) -> None:
    """On PostgreSQL, a writer storing a page of an outlet waits while another writes one of its pages.

    Even when the two pages share no sentence (the lock is the outlet's): the second counts its
    sentences with the first page counted. A page of another outlet does not wait.
    """
    import multiprocessing
    import time

    from provenance.boilerplate import outlet_key
    from provenance.ledger._records import _Incoming, _outlet_key

    first, second = (Article(id=f"p{k}", outlet="Daily Portal", text=STORIES[k]) for k in (1, 2))
    elsewhere = Article(id="h3", outlet="City Herald", text=STORIES[3])
    with Ledger.open(pg_url) as ledger:
        ledger.ingest([Article(id="w0", outlet="Trend", text=STORIES[0])])  # the ledger set up
        incoming = ledger._incoming(first)
        assert isinstance(incoming, _Incoming)
        lock = ledger.store._lock_id(_outlet_key(outlet_key(first) or ""))  # type: ignore[attr-defined]
        context = multiprocessing.get_context("spawn")
        out = context.Queue()
        with ledger.store.write(keys=incoming.keys):  # a write of the first page, held
            other = context.Process(target=_ingest_one, args=(pg_url, elsewhere, out))
            other.start()
            assert "" == out.get(timeout=120)  # another outlet's page is stored meanwhile
            other.join()
            waiting = context.Process(target=_ingest_one, args=(pg_url, second, out))
            waiting.start()
            for _ in range(1200):  # until it waits for the outlet's lock (a minute at most)
                if _waiting_on(pg_url, lock) or not waiting.is_alive():
                    break
                time.sleep(0.05)
            assert _waiting_on(pg_url, lock)
            assert out.empty()
        assert "" == out.get(timeout=120)  # once the first write ends, the second goes on
        waiting.join()
        assert {"w0", "h3", "p2"} == set(ledger.store.get_many(["w0", "h3", "p1", "p2"]))
