"""The ledger on both backends: the index in the store, racing writers, forget, windows, migrations."""

from __future__ import annotations

import random
import sqlite3
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feeds import feed, story
from provenance import Article, Config, Index, fingerprint, scan
from provenance.errors import InputError, LedgerError
from provenance.index import band_keys
from provenance.ledger import Ledger, Window, digest
from provenance.ledger._sqlite_schema import SCHEMA_VERSION
from provenance.ledger.sqlite import SQLiteStore
from provenance.ledger.store import Stored, open_store
from provenance.relate import clusters, flip
from racing import at_once

ROUNDS = 12  # racing rounds per backend: each is one chance to lose a pair


def excerpts(articles: list[Article]) -> list[Article]:
    """The first half of some wire stories, under new ids: the containment path of the index."""
    wires = [a for a in articles if a.outlet == "Wire Agency"]
    return [
        Article(id=f"excerpt-{a.id}", text="\n\n".join(a.text.split("\n\n")[:2]), outlet="Digest")
        for a in wires[::2]
    ]


def pairs(matches: Any) -> dict[frozenset[str], tuple[str | None, str]]:
    """Each pair's original and relation, told with the smaller id as ``a`` (as the ledger does)."""
    return {
        frozenset((m.a, m.b)): (m.original, m.relation if m.a < m.b else flip(m.relation)) for m in matches
    }


def test_the_store_ledger_reaches_scans_verdicts(target: str) -> None:
    """On either backend, ingesting a feed stores the pairs and verdicts that scan finds."""
    articles = feed(45, seed=2)
    articles += excerpts(articles)
    with Ledger.open(target) as ledger:
        ledger.ingest(articles)
        stored = pairs(ledger.matches())
        assert [] == ledger.verify()
    assert pairs(scan(articles)) == stored
    assert stored, "the feed has copies: an empty ledger of matches would pass vacuously"


def test_index_in_the_store_gives_the_in_memory_candidates(target: str) -> None:
    """For stored and new articles, the store's band keys propose exactly what the in-memory index does."""
    articles = feed(60, seed=4)
    articles += excerpts(articles)
    newcomers = feed(30, seed=9) + [
        attrs.evolve(a, id=f"again-{a.id}", text="Updated. " + a.text) for a in articles[::5]
    ]
    with Ledger.open(target) as ledger:
        ledger.ingest(articles)
        index = Index(ledger.config, threshold=ledger.threshold, containment=ledger.containment)
        index.add_many((key, fp) for _, key, fp in ledger.store.fingerprints())
        proposed = 0
        for article in [*articles, *newcomers]:
            fp = fingerprint(article, config=ledger.config)
            expected = [str(c.key) for c in index.query(fp, exclude=article.id)]
            assert expected == [s.article.id for s in ledger.candidates(fp, exclude=article.id)]
            proposed += len(expected)
    assert proposed > len(articles) // 2  # copies and excerpts were proposed, not only nothing


def _counted(ledger: Ledger) -> list[str]:
    """Every read the store makes from now on, recorded (both stores read through ``_read``)."""
    seen: list[str] = []
    read = ledger.store._read  # type: ignore[attr-defined]

    def counting(sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        seen.append(sql)
        return read(sql, params)  # type: ignore[no-any-return]

    ledger.store._read = counting  # type: ignore[attr-defined]
    return seen


def test_check_from_a_fresh_ledger_costs_a_few_queries_whatever_its_size(target: str) -> None:
    """Opening and checking one article reads the same few times at 30 and at 150 articles."""
    articles = feed(150, seed=6)
    probe = attrs.evolve(articles[0], id="probe", text="(MENAFN- Wire Agency) " + articles[0].text)
    reads = []
    for size in (30, 150):
        with Ledger.open(target) as ledger:
            ledger.ingest(articles[:size])
        with Ledger.open(target) as ledger:
            seen = _counted(ledger)
            verdict = ledger.check(probe)
            reads.append(len(seen))
        assert articles[0].id in {key for m in verdict.matches for key in (m.a, m.b)}
    assert reads[0] == reads[1]
    assert reads[0] <= 3


def _racer(target: str, role: int, rounds: int, start: Any, out: Any) -> None:
    """Ingest this role's article of each round the moment the other worker ingests its own."""
    try:
        with Ledger.open(target) as ledger:
            for k in range(rounds):
                text = story(random.Random(1000 + k))
                article = (
                    Article(id=f"wire-{k}", outlet="Wire Agency", text=text)
                    if role == 0
                    else Article(id=f"copy-{k}", outlet="MENAFN", text="(MENAFN- Wire Agency) " + text)
                )
                start.wait()
                ledger.ingest([article])
        out.put("")
    except Exception as error:  # reported to the test
        out.put(f"{type(error).__name__}: {error}")


def test_two_writers_ingesting_copies_of_each_other_at_once_record_the_pair(target: str) -> None:
    """Round after round, two processes store a story and its copy at the same moment: no pair is lost.

    Each compares with what is committed before it writes, so at the same moment
    neither sees the other; only the second look inside the write (serialised on the
    band keys) finds the pair. With that look switched off, all 12 rounds lost their
    pair on both backends.
    """
    with Ledger.open(target) as ledger:  # set up the ledger first: the race is on articles
        ledger.ingest([Article(id="seed", text=story(random.Random(1)))])
    assert ["", ""] == at_once(_racer, [(target, role, ROUNDS) for role in (0, 1)])
    with Ledger.open(target) as ledger:
        found = {frozenset((m.a, m.b)) for m in ledger.matches()}
        assert [] == ledger.verify()
    missing = [k for k in range(ROUNDS) if frozenset((f"wire-{k}", f"copy-{k}")) not in found]
    assert [] == missing


def _share(target: str, articles: list[Article], start: Any, out: Any) -> None:
    """Ingest these articles in one call, in batches of up to 8, once every other writer is ready too."""
    try:
        with Ledger.open(target) as ledger:
            start.wait()
            ledger.ingest(articles, batch=8, workers=1)
        out.put("")
    except Exception as error:  # reported to the test
        out.put(f"{type(error).__name__}: {error}")


def test_four_writers_each_ingesting_a_share_of_one_feed_at_once_reach_scan_s_verdicts(target: str) -> None:
    """Four processes ingest a quarter each of a feed of wire stories, their copies and excerpts, at once.

    A story and its copies are dealt to different writers, so most pairs are found by a writer
    about another's article, stored meanwhile or in the same moment. On PostgreSQL, a batch of four
    articles or more holds more keys than a transaction may lock by default (64), so the writes of
    the larger batches run alone and the smaller ones lock their keys. The ledger holds every pair
    scan finds, with the same verdicts, and nothing of it is left half-written. With the second look
    inside the write switched off, 48 of its pairs were lost on either backend.
    """
    articles = feed(80, seed=7)
    articles += excerpts(articles)
    random.Random(7).shuffle(articles)
    with Ledger.open(target) as ledger:  # set up the ledger first: the race is on articles
        ledger.ingest(articles[:1])
    assert [""] * 4 == at_once(_share, [(target, articles[1 + k :: 4]) for k in range(4)])
    with Ledger.open(target) as ledger:
        stored = pairs(ledger.matches())
        assert [] == ledger.verify()
        assert len(articles) == ledger.stats()["articles"]
    expected = pairs(scan(articles))
    assert len(expected) > len(articles) // 3  # a feed of copies: most of its articles are in a pair
    assert expected == stored


def test_forget_leaves_what_a_ledger_without_the_article_holds(target: str) -> None:
    """Forgetting a wire story (with its revision) and a copy leaves what a scan without them finds."""
    articles = feed(45, seed=3)
    wire = next(
        a for a in articles if a.outlet == "Wire Agency" and any(a.text in b.text for b in articles if b != a)
    )
    revision = attrs.evolve(wire, text=wire.text + "\n\nOfficials added that talks would resume.")
    copy = next(a for a in articles if a.id.startswith("copy-") and wire.text not in a.text)
    with Ledger.open(target) as ledger:
        ledger.ingest([*articles, revision])
        before = ledger.stats()
        removed = ledger.forget([wire.id, copy.id])
        assert [] == ledger.verify()
        assert ledger.get(wire.id) is None
        assert ledger.get(copy.id) is None
        after = ledger.stats()
        stored = pairs(ledger.matches())
        kept = {frozenset(c.members) for c in ledger.clusters()}
        gone_from_index = ledger.candidates(fingerprint(wire, config=ledger.config))
    assert wire.id == removed[0]
    assert 3 == len(removed)
    assert removed[1].startswith(wire.id + "@")
    assert copy.id == removed[2]
    assert before["articles"] - 3 == after["articles"]
    assert before["fingerprints"] - 3 == after["fingerprints"]
    remaining = [a for a in articles if a.id not in (wire.id, copy.id)]
    scanned = scan(remaining)
    assert pairs(scanned) == stored
    assert {frozenset(c.members) for c in clusters(scanned)} == kept
    assert not {wire.id, copy.id, *removed} & {s.article.id for s in gone_from_index}


def test_forgetting_what_was_published_up_to_a_day_leaves_what_a_ledger_of_the_rest_holds(
    target: str,
) -> None:
    """A retention run: every article published up to a cutoff forgotten, with the revisions of those
    first versions (even one published later); the undated stay. What is left is what a scan of the
    rest finds, and nothing of the rest was published by the cutoff."""
    articles = feed(45, seed=3)  # published 7 minutes apart from 2024-02-06 08:00 UTC, in order
    cutoff = articles[20].published
    assert cutoff is not None
    wire = next(a for a in articles[:20] if a.outlet == "Wire Agency")
    revision = attrs.evolve(
        wire,
        text=wire.text + "\n\nOfficials added that talks would resume.",
        published=cutoff + timedelta(days=1),
    )
    undated = Article(id="undated", outlet="Paper", text=articles[30].text + "\n\nA reader wrote in.")
    with Ledger.open(target) as ledger:
        ledger.ingest([*articles, revision, undated])
        listed = ledger.published(Window(until=cutoff))
        removed = ledger.forget(listed)
        assert [] == ledger.verify()
        stored = pairs(ledger.matches())
        left = {s.article.id for s in ledger.store.articles()}
    assert [a.id for a in articles[:21]] == listed  # inclusive, in ingestion order; not the later revision
    assert len(removed) == len(listed) + 1  # and the revision, with its first version
    rest = [*articles[21:], undated]
    assert {a.id for a in rest} == left
    assert pairs(scan(rest)) == stored
    assert stored, "the rest holds copies: an empty ledger of matches would pass vacuously"


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    since=st.none() | st.integers(-10, 60),
    until=st.none() | st.integers(-10, 60),
)
def test_published_lists_the_articles_of_a_window_in_their_order(
    target: str, since: int | None, until: int | None
) -> None:
    """For any window of whole minutes (either end open), the ids of the articles published in it, ends
    included, in ingestion order; one without a time in none. A window with no end is refused."""
    t0 = datetime(2024, 2, 6, 8, 0, tzinfo=UTC)
    with Ledger.open(target) as ledger:
        if not ledger.stats()["articles"]:  # one ledger for every example: the window changes, not it
            dated = [
                Article(id=f"m{k}", text=story(random.Random(k)), published=t0 + timedelta(minutes=5 * k))
                for k in range(10)
            ]
            ledger.ingest([*dated, Article(id="undated", text=story(random.Random(99)))])
        if since is None and until is None:
            with pytest.raises(ValueError, match="needs a start, an end or both"):
                ledger.published(Window())
            return
        if since is not None and until is not None and since > until:
            since, until = until, since
        low = None if since is None else t0 + timedelta(minutes=since)
        high = None if until is None else t0 + timedelta(minutes=until)
        expected = [
            f"m{k}"
            for k in range(10)
            if (since is None or 5 * k >= since) and (until is None or 5 * k <= until)
        ]
        assert expected == ledger.published(Window(since=low, until=high))


def test_forget_of_an_unknown_id_removes_nothing(target: str) -> None:
    """One unknown key among known ones: an InputError naming it, and every article still there."""
    articles = feed(12, seed=1)
    with Ledger.open(target) as ledger:
        ledger.ingest(articles)
        before = ledger.stats()
        with pytest.raises(InputError, match="'no-such-id': no such article"):
            ledger.forget([articles[0].id, "no-such-id"])
        assert before == ledger.stats()
        assert ledger.get(articles[0].id) is not None


def test_an_article_named_by_id_and_by_url_in_one_forget_is_forgotten_once(target: str) -> None:
    """Its id, then its url (a takedown list that names both): forgotten once, as a dry run says first;
    the url was once looked up after the id had removed the article, and failed the whole call."""
    articles = feed(12, seed=1)
    named = next(a for a in articles if a.url)
    with Ledger.open(target) as ledger:
        ledger.ingest(articles)
        assert [named.id] == ledger.forgettable([named.id, str(named.url)])
        assert len(articles) == ledger.stats()["articles"]  # a dry run removes nothing
        assert [named.id] == ledger.forget([named.id, str(named.url)])
        assert ledger.get(named.id) is None
        assert len(articles) - 1 == ledger.stats()["articles"]
        with pytest.raises(InputError, match="nothing would be forgotten"):
            ledger.forgettable([named.id])


def test_windows_limit_check_and_ingest_to_articles_published_in_them(target: str) -> None:
    """A copy checked (or ingested) with a window that leaves out its original is matched with nothing."""
    t0 = datetime(2024, 2, 6, 8, 0, tzinfo=UTC)
    text = story(random.Random(77))
    wire = Article(id="wire", outlet="Wire Agency", text=text, published=t0)
    copy = Article(
        id="copy", outlet="MENAFN", text="(MENAFN- Wire Agency) " + text, published=t0 + timedelta(days=3)
    )
    late = attrs.evolve(copy, id="late")
    with Ledger.open(target) as ledger:
        ledger.ingest([wire])
        inside = ledger.check(copy, window=Window(since=t0 - timedelta(days=1), until=t0))
        outside = ledger.check(copy, window=Window(since=t0 + timedelta(hours=1)))
        naive = ledger.check(copy, window=Window(until=datetime(2024, 2, 6, 8, 0)))  # no zone: UTC
        ledger.ingest([late], window=Window(since=t0 + timedelta(days=1)))
        ledger.ingest([copy])
        stored = {frozenset((m.a, m.b)) for m in ledger.matches()}
    assert ("wire",) == inside.originals
    assert () == outside.matches
    assert ("wire",) == naive.originals
    assert frozenset(("wire", "late")) not in stored  # the window left the wire story out
    assert frozenset(("wire", "copy")) in stored
    assert frozenset(("late", "copy")) in stored
    with pytest.raises(InputError, match="the window is empty"):
        Window(since=t0, until=t0 - timedelta(seconds=1))


def test_a_schema_1_sqlite_ledger_is_migrated_with_its_index(tmp_path: Path) -> None:
    """A ledger written before the index moved into the file gets its band keys when opened."""
    path = tmp_path / "old.db"
    articles = feed(30, seed=8)
    with Ledger.open(path) as ledger:
        ledger.ingest(articles)
        expected = pairs(ledger.matches())
    with sqlite3.connect(path) as db:  # what schema 1 was: no band keys (and no boilerplate tally)
        for table in ("bands", "sentences", "boilerplate", "recheck"):
            db.execute(f"DROP TABLE {table}")
        db.execute("PRAGMA user_version = 1")
    db.close()
    with Ledger.open(path) as ledger:
        assert [] == ledger.verify()
        probe = next(a for a in articles if a.id.startswith("copy-"))
        verdict = ledger.check(attrs.evolve(probe, id="probe"))
        assert expected == pairs(ledger.matches())
    assert verdict.is_copy


def test_a_schema_3_sqlite_ledger_finds_revisions_through_an_index_once_opened(tmp_path: Path) -> None:
    """A ledger written before its revisions had an index gets it, and forget still takes them along."""
    path = tmp_path / "old.db"
    first = Article(id="story", text="The port reopened on Friday after a week of repairs to its quay.")
    with Ledger.open(path) as ledger:
        ledger.ingest([first, Article(id="other", text="The council met on Monday to set the budget.")])
        revised = ledger.ingest([attrs.evolve(first, text=first.text + " Ships queued at dawn.")])
    assert revised.revisions == 1
    with sqlite3.connect(path) as db:  # what schema 3 was: no index of revision_of
        db.execute("DROP INDEX articles_revision_of")
        db.execute("PRAGMA user_version = 3")
    db.close()
    with Ledger.open(path) as ledger:
        assert [] == ledger.verify()
        gone = ledger.forget(["story"])
        assert [a.article.id for a in ledger.store.articles()] == ["other"]
    assert gone[0] == "story"
    assert len(gone) == 2  # the first version and its revision
    with sqlite3.connect(path) as db:
        assert SCHEMA_VERSION == db.execute("PRAGMA user_version").fetchone()[0]
        plan = " ".join(
            str(row[-1])
            for row in db.execute("EXPLAIN QUERY PLAN SELECT id FROM articles WHERE revision_of = ?", ("x",))
        )
    db.close()
    assert "articles_revision_of" in plan


def test_a_ledger_from_a_newer_library_is_refused(tmp_path: Path) -> None:
    """A schema version above this library's is a LedgerError saying to upgrade, the file untouched."""
    path = tmp_path / "new.db"
    SQLiteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    newer = f"schema 99 is newer than this library's {SCHEMA_VERSION}: upgrade"
    with pytest.raises(LedgerError, match=newer):
        Ledger.open(path)


def test_batches_store_what_one_article_at_a_time_stores(target: str, tmp_path: Path) -> None:
    """Any batch size gives the ledger of one transaction per article, pairs inside a batch included."""
    articles = feed(50, seed=12)
    articles += excerpts(articles)
    with Ledger.open(tmp_path / "single.db") as single:
        single.ingest(articles, batch=1)
        expected = list(single.store.matches())
    with Ledger.open(target) as ledger:
        said: list[str] = []
        report = ledger.ingest(articles, batch=7, progress=lambda o: said.append(o.id))
        assert expected == list(ledger.store.matches())
        assert [] == ledger.verify()
    assert [a.id for a in articles] == said  # each acknowledged once, in order
    assert len(expected) == report.matches


def test_a_bad_article_in_a_batch_keeps_the_ones_before_it(target: str) -> None:
    """Without skip_bad, the error stops the ingest; the articles read before it are stored."""
    articles = feed(10, seed=13)
    bad = Article(id="empty", text="   ")
    with Ledger.open(target) as ledger:
        with pytest.raises(InputError, match="'empty'"):
            ledger.ingest([*articles, bad, *feed(3, seed=14)], batch=64)
        assert {a.id for a in articles} == {s.article.id for s in ledger.store.articles()}
        with pytest.raises(ValueError, match="batch must be at least 1"):
            ledger.ingest(articles, batch=0)


def test_add_many_stores_what_add_stores_one_after_the_other(target: str) -> None:
    """A batch stored in one call is numbered, fingerprinted and indexed as one add after another."""
    articles = feed(20, seed=6)
    config = Config()
    prints = [fingerprint(a.text, config=config) for a in articles]
    store = open_store(target)
    try:
        with store.write(exclusive=True):
            store.set_config(config)
            alone = [
                store.add(Stored(seq=0, article=a, digest=digest(a.text)), fp, bands=band_keys(fp))
                for a, fp in zip(articles[:7], prints[:7], strict=True)
            ]
            together = store.add_many(
                [
                    (Stored(seq=0, article=a, digest=digest(a.text)), fp, band_keys(fp))
                    for a, fp in zip(articles[7:], prints[7:], strict=True)
                ]
            )
        seqs = [s.seq for s in alone + together]
        assert seqs == sorted(set(seqs)), "numbered in the order given, each once"
        assert [s.article.id for s in store.articles()] == [a.id for a in articles]
        kept = {key: fp for _, key, fp in store.fingerprints()}
        for a, fp in zip(articles, prints, strict=True):
            assert (kept[a.id].values == fp.values).all()
            assert a.id in {s.article.id for s, _ in store.candidates(band_keys(fp))}
        assert store.verify() == []
    finally:
        store.close()


def test_add_many_refuses_a_batch_with_an_article_the_server_cannot_hold(pg_url: str) -> None:
    """A NUL character in one article of a batch: an InputError naming it, and nothing of the batch stored."""
    articles = feed(4, seed=7)
    articles[2] = attrs.evolve(articles[2], text=articles[2].text + "\x00")
    batch = [(Stored(seq=0, article=a, digest=digest(a.text)), fingerprint(a.text), ()) for a in articles]
    store = open_store(pg_url)

    def store_batch() -> None:
        with store.write(exclusive=True):
            store.set_config(Config())
            store.add_many(batch)

    try:
        with pytest.raises(InputError, match=repr(articles[2].id)):
            store_batch()
        assert list(store.articles()) == []
        assert store.config() is None, "the batch's transaction was rolled back whole"
    finally:
        store.close()


def test_by_urls_gives_what_by_url_gives_for_each(target: str) -> None:
    """Urls read together: each url's stored versions, oldest first, as one by_url each would read."""
    base = feed(6, seed=8)
    versions = [
        attrs.evolve(a, id=f"{a.id}-{k}", url=f"https://news.example/{n % 3}", text=f"Version {k}. {a.text}")
        for n, a in enumerate(base)
        for k in range(2)
    ]
    with Ledger.open(target) as ledger:
        ledger.ingest(versions)
        store = ledger.store
        urls = ["https://news.example/0", "https://news.example/2", "https://news.example/none"]
        together = store.by_urls(urls)
        assert set(together) == set(urls[:2]), "a url stored under no article is left out"
        for url in urls[:2]:
            assert [s.article.id for s in together[url]] == [s.article.id for s in store.by_url(url)]
            assert len(together[url]) == 4


@pytest.mark.parametrize("field", ["url", "title", "outlet"])
def test_a_lone_surrogate_in_a_field_is_refused_by_name_and_the_rest_stored(target: str, field: str) -> None:
    """A lone surrogate in a field the store keeps: an InputError naming it; skip_bad keeps the rest."""
    articles = feed(6, seed=1)
    articles[3] = attrs.evolve(articles[3], **{field: "Daily \ud800 Portal"})
    with Ledger.open(target) as ledger:
        with pytest.raises(InputError, match=f"{articles[3].id!r}: {field} is not valid Unicode"):
            ledger.ingest(articles)
        assert [s.article.id for s in ledger.store.articles()] == [a.id for a in articles[:3]]
        errors: list[InputError] = []
        report = ledger.ingest(articles, skip_bad=True, errors=errors)
        assert (report.skipped, len(errors), report.unchanged, report.added) == (1, 1, 3, 2)
        assert ledger.verify() == []


_FIELD = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    fields=st.lists(
        st.tuples(_FIELD, st.none() | _FIELD, st.none() | _FIELD, st.none() | _FIELD, st.none() | _FIELD),
        min_size=1,
        max_size=4,
    ),
    published=st.none() | st.datetimes(timezones=st.just(UTC)),
)
def test_add_many_gives_back_every_character_it_stored(
    target: str, fields: list[tuple[str, str | None, str | None, str | None, str | None]], published: Any
) -> None:
    """Quotes, backslashes, controls, astral characters, in any field: read back as they were written."""
    store = open_store(target)
    try:
        base = len(list(store.articles()))
        articles = [
            Article(
                id=f"{base + n}:{key}",
                text=f"story {base + n}: {text}",
                url=url,
                outlet=outlet,
                title=title,
                published=published,
            )
            for n, (key, url, outlet, title, text) in enumerate(fields)
        ]
        prints = [fingerprint(f"a story of our own, number {n}", config=Config()) for n in range(len(fields))]
        with store.write(exclusive=True):
            store.set_config(Config())
            store.add_many(
                [
                    (Stored(seq=0, article=a, digest=digest(a.text), revision_of=a.title), fp, band_keys(fp))
                    for a, fp in zip(articles, prints, strict=True)
                ]
            )
        back = store.get_many([a.id for a in articles])
        for a in articles:
            assert a == back[a.id].article
            assert (digest(a.text), a.title) == (back[a.id].digest, back[a.id].revision_of)
        kept = {key: fp for _, key, fp in store.fingerprints(after=0)}
        assert all((kept[a.id].values == fp.values).all() for a, fp in zip(articles, prints, strict=True))
    finally:
        store.close()


_ID = st.text("a'\\é𝒳", min_size=1, max_size=2)  # few ids: pairs share them, as a story's copies do


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pairs=st.sets(st.tuples(_ID, _ID).filter(lambda p: p[0] < p[1]), max_size=12),
    data=st.data(),
)
def test_partners_and_remove_matches_do_what_matches_and_remove_match_do_one_by_one(
    target: str, pairs: set[tuple[str, str]], data: st.DataObject
) -> None:
    """Each id's partners, read together, are those of its records in order; pairs removed together go."""
    ids = sorted({k for p in pairs for k in p} | {"lonely"})
    keys = data.draw(st.lists(st.sampled_from(ids), unique=True))
    gone = data.draw(st.lists(st.sampled_from(sorted(pairs)), unique=True) if pairs else st.just([]))
    store = open_store(target)
    try:
        with store.write(exclusive=True):
            store.remove_matches([(r["a"], r["b"]) for r in store.matches()])  # what an earlier example left
            store.add_matches([{"a": a, "b": b, "n": n} for n, (a, b) in enumerate(sorted(pairs))])
        one_by_one = {key: [r["b"] if r["a"] == key else r["a"] for r in store.matches(key)] for key in keys}
        assert store.partners(keys) == {k: v for k, v in one_by_one.items() if v}
        with store.write(exclusive=True):
            store.remove_matches(gone)
        assert {(r["a"], r["b"]) for r in store.matches()} == pairs - set(gone)
    finally:
        store.close()


_ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)  # NUL included


@settings(max_examples=60, deadline=None)
@given(keys=st.lists(_ANY_TEXT, min_size=1, max_size=5, unique=True), unknown=st.lists(_ANY_TEXT, max_size=3))
def test_sqlite_reads_together_what_it_reads_alone_nul_included(keys: list[str], unknown: list[str]) -> None:
    """SQLite keeps a text with a NUL character whole (PostgreSQL refuses one), but its JSON functions
    stop at it: ids and urls read together are still what each read alone gives."""
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "ledger.db")
        try:
            fp = fingerprint("a story of our own", config=Config())
            with store.write(exclusive=True):
                store.set_config(Config())
                stored = [
                    Stored(seq=0, article=Article(id=k, text=f"story {k}", url=k, outlet="Wire"), digest=k)
                    for k in keys
                ]
                store.add_many([(s, fp, band_keys(fp)) for s in stored])
            asked = [*keys, *(k for k in unknown if k not in keys)]
            alone = {k: s for k in asked if (s := store.get(k)) is not None}
            assert alone == store.get_many(asked)
            assert set(alone) == set(keys)
            by_url = {k: versions for k in asked if (versions := store.by_url(k))}
            assert by_url == store.by_urls(asked)
        finally:
            store.close()


def test_a_feed_with_a_nul_in_ids_and_urls_is_told_unchanged_again_on_sqlite(tmp_path: Path) -> None:
    """Ingested again with workers (its chunks looked up together), a feed whose wire story and copy
    have a NUL in their ids and urls is unchanged; their pair is found, and forgotten with the story."""
    others = feed(30, seed=12)
    text = others[0].text
    wire = Article(id="wire\x00a", text=text, url="https://wire.example/\x00a", outlet="Wire")
    copy = Article(id="copy\x00b", text=f"{text}\n\nReporting by the desk.", url="https://copy.example/\x00b",
                   outlet="Copy")  # fmt: skip
    articles = [wire, copy, *others[1:]]
    with Ledger.open(tmp_path / "ledger.db") as ledger:
        ledger.ingest(articles, workers=2)
        again = ledger.ingest(articles, workers=2)
        assert len(articles) == again.unchanged
        assert "copy\x00b" in ledger.store.partners(["wire\x00a"])["wire\x00a"]
        ledger.forget(["wire\x00a"])
        assert "wire\x00a" not in {end for m in ledger.matches() for end in (m.a, m.b)}
        assert [] == ledger.verify()


def test_forget_of_many_takes_an_id_with_a_nul_character_along(tmp_path: Path) -> None:
    """SQLite keeps an id with a NUL character whole, which its JSON lists cannot carry: forgotten too."""
    text = "The port reopened on Friday after a week of repairs to its quay, and the ships queued."
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest([Article(id="nul\x00id", text=text), Article(id="plain", text=text + " At dawn.")])
        ledger.ingest([Article(id="other", text="The council met on Monday to set the budget for the year.")])
        assert len(ledger.matches()) == 1
        assert ledger.forget(["nul\x00id", "plain"]) == ["nul\x00id", "plain"]
        assert ([], ["other"]) == (ledger.matches(), [s.article.id for s in ledger.store.articles()])
        assert [] == ledger.verify()
