"""What a batch reads of the store: its ids in one query, its candidates once if nothing changed."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from feeds import feed, story
from provenance import Article
from provenance.ledger import Ledger
from provenance.ledger.sqlite import SQLiteStore
from test_ledger_boilerplate import page


def test_the_sqlite_token_changes_with_every_write(tmp_path: Path) -> None:
    """Another connection's commit and this connection's own writes change the token; reads do not."""
    path = tmp_path / "l.db"
    with Ledger.open(path) as mine, Ledger.open(path) as other:
        mine.ingest(feed(3, seed=40))
        first = mine.store.content_token()
        assert first == mine.store.content_token()
        assert mine.get("story-0") is not None
        assert first == mine.store.content_token()
        other.ingest(feed(6, seed=41)[3:])  # committed by another connection
        second = mine.store.content_token()
        assert first != second
        mine.ingest([Article(id="more", text="A story of its own about the harbour and the ships.")])
        assert second != mine.store.content_token()


def _counted(ledger: Ledger) -> dict[str, int]:
    """Counts of the ledger's batch writes and of its reads of candidates."""
    counts = {"writes": 0, "reads": 0}
    store: Any = ledger.store
    write, candidates = store.write, store.candidates

    @contextmanager
    def counted_write(**options: Any) -> Iterator[None]:
        counts["writes"] += 1
        with write(**options):
            yield

    def counted_candidates(*args: Any, **options: Any) -> Any:
        counts["reads"] += 1
        return candidates(*args, **options)

    store.write, store.candidates = counted_write, counted_candidates
    return counts


def _one_by_one(path: Path, articles: list[Article]) -> list[Any]:
    """The match records of a ledger that stored the articles one transaction each."""
    with Ledger.open(path) as single:
        single.ingest(articles, batch=1)
        return list(single.store.matches())


def _begun(ledger: Ledger) -> list[tuple[list[str], bool]]:
    """Each batch the ledger begins: its ids, and whether a batch was in flight before it."""
    begun: list[tuple[list[str], bool]] = []
    begin = ledger._begin_chunk

    def noted(chunk: Any, window: Any, ahead: Any, before: Any) -> Any:
        begun.append(([inc.article.id for inc in chunk], before is not None))
        return begin(chunk, window, ahead, before)

    ledger._begin_chunk = noted  # type: ignore[method-assign]
    return begun


def test_a_batch_reads_its_candidates_once_when_nothing_was_written_meanwhile(tmp_path: Path) -> None:
    """Alone, each batch reads its candidates before its write only; the ledger is the same."""
    articles = feed(40, seed=42)
    expected = _one_by_one(tmp_path / "single.db", articles)
    with Ledger.open(tmp_path / "l.db") as ledger:
        assert isinstance(ledger.store, SQLiteStore)
        counts = _counted(ledger)
        ledger.ingest(articles)
        assert expected == list(ledger.store.matches())
    assert counts["writes"] > 3
    assert counts["writes"] == counts["reads"]


def test_the_postgresql_token_changes_with_every_commit(pg_url: str) -> None:
    """Another connection's commit, and this connection's own, change the server's token.

    (That equal tokens mean nothing was committed is what the server's snapshot says; other
    tests write to the same server meanwhile, so equality is not asserted here.)
    """
    with Ledger.open(pg_url) as mine, Ledger.open(pg_url) as other:
        mine.ingest(feed(3, seed=40))
        first = mine.store.content_token()
        other.ingest(feed(6, seed=41)[3:])
        second = mine.store.content_token()
        assert first != second
        mine.ingest([Article(id="more", text="A story of its own about the harbour and the ships.")])
        assert second != mine.store.content_token()


def test_a_batch_reads_again_what_another_writer_stored_before_its_write(target: str) -> None:
    """A wire story stored by another writer between a batch's first read and its write is found."""
    wire = Article(id="wire", outlet="Wire Agency", text=feed(1, seed=43)[0].text)
    copy = Article(id="page", outlet="MENAFN", text="(MENAFN- Wire Agency) " + wire.text)
    with Ledger.open(target) as ledger, Ledger.open(target) as other:
        ledger.ingest(feed(4, seed=44))
        store: Any = ledger.store
        write = store.write

        @contextmanager
        def late(**options: Any) -> Iterator[None]:
            if not other.get("wire"):
                other.ingest([wire])  # after the batch compared, before it writes
            with write(**options):
                yield

        store.write = late
        counts = _counted(ledger)
        ledger.ingest([copy])
        assert [("wire", "page")] == [(m.original, m.copy) for m in ledger.matches("page")]
    # read before the write, again inside it (another writer committed), which steps out to
    # compare the newcomer; on SQLite the second write finds nothing written since: no third
    # read (a server can see other tests' commits meanwhile, and read once more)
    assert counts["reads"] >= 2
    if isinstance(store, SQLiteStore):
        assert {"writes": 2, "reads": 2} == counts


def test_the_token_and_the_tally_s_version_are_read_together_as_each_alone(target: str) -> None:
    """Read together, the token and the tally's version are what each read alone says; both move
    when another writer's pages make a sentence boilerplate."""
    with Ledger.open(target) as mine, Ledger.open(target) as other:
        table = mine.store.sentences()
        assert table is not None
        first = mine.store.content_token_and_tally()
        assert (mine.store.content_token(), table.version()) == first
        assert 0 == first[1]  # nothing counted yet
        other.ingest([page(k, "Daily Portal") for k in range(3)])  # its notice reaches its third page
        second = mine.store.content_token_and_tally()
        assert (mine.store.content_token(), table.version()) == second
        assert first[0] != second[0]
        assert second[1] > first[1]


def test_get_many_reads_articles_by_id(target: str) -> None:
    """On either backend, the stored articles of some ids in one query, by id; the unknown left out."""
    articles = feed(5, seed=45)
    with Ledger.open(target) as ledger:
        ledger.ingest(articles)
        found = ledger.store.get_many(["story-0", "nobody", "story-3", "story-0"])
        assert ["story-0", "story-3"] == sorted(found)
        assert found["story-3"] == ledger.store.get("story-3")
        assert {} == ledger.store.get_many([])


def _lookups(store: Any) -> dict[str, list[Any]]:
    """The store's lookups of articles by id or url from now on: each call's argument, by method."""
    calls: dict[str, list[Any]] = {"get": [], "by_url": [], "get_many": [], "by_urls": []}
    for name, seen in calls.items():
        method = getattr(store, name)

        def counted(arg: Any, method: Any = method, seen: list[Any] = seen) -> Any:
            seen.append(list(arg) if isinstance(arg, list) else arg)
            return method(arg)

        setattr(store, name, counted)
    return calls


def _elsewhere(articles: list[Article]) -> list[Article]:
    """Other articles (other ids and urls): a ledger holding them holds none of ``articles``."""
    return [attrs.evolve(a, id=f"other-{a.id}", url=f"{a.url}/other") for a in articles]


def test_a_stream_is_looked_up_as_it_comes(target: str) -> None:
    """Without workers, each article of a stream is looked up alone once, as it comes (is it stored
    already?), in a ledger that held articles when the ingest began; its batch's later lookups are
    shared. Into an empty ledger none is: while it holds only what the ingest stored, an id and url
    the ingest has not stored are not stored (each article is identified with its batch anyway)."""
    articles = feed(40, seed=46)
    with Ledger.open(target) as ledger:
        calls = _lookups(ledger.store)
        report = ledger.ingest((a for a in articles[:20]), workers=1)
        assert (20, [], []) == (report.added, calls["get"], calls["by_url"])
        calls = _lookups(ledger.store)
        report = ledger.ingest((a for a in articles[20:]), workers=1)
        assert (20, [a.id for a in articles[20:]]) == (report.added, calls["get"])
        again = ledger.ingest(a for a in [articles[0], articles[0], *articles[18:22]])
        assert (6, 0) == (again.unchanged, again.added)


def test_an_id_given_twice_in_a_stream_into_an_empty_ledger_is_told_as_stored(tmp_path: Path) -> None:
    """The guess that an empty ledger holds nothing of an article the ingest has not stored yet is
    only a guess: the same id again in the stream is found unchanged, or a revision, by its batch."""
    first = feed(3, seed=49)
    changed = attrs.evolve(first[0], text=first[0].text + " A paragraph added later.")
    stream = [*first, first[0], changed]
    told: list[str] = []
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest((a for a in stream), workers=1, progress=lambda o: told.append(o.status))
    with Ledger.open(tmp_path / "list.db") as ledger:
        expected: list[str] = []
        ledger.ingest(stream, workers=1, progress=lambda o: expected.append(o.status))
    assert told == expected == ["added", "added", "added", "unchanged", "revision"]


def test_a_list_is_looked_up_a_chunk_at_a_time(target: str) -> None:
    """Without workers, a list (nothing to wait for) is looked up a chunk of 32 at a time: one read
    of its ids and one of its urls, and no article alone, in a ledger that holds others too."""
    articles = feed(40, seed=46)
    with Ledger.open(target) as ledger:
        ledger.ingest(_elsewhere(feed(6, seed=47)))
        calls = _lookups(ledger.store)
        report = ledger.ingest(articles, workers=1)
    assert len(articles) == report.added
    assert ([], []) == (calls["get"], calls["by_url"])
    assert [a.id for a in articles[:32]] == calls["get_many"][0]  # the first chunk, looked up ahead
    # urls are looked up with their outlet (a url alone is feed data anyone can copy), each once
    assert list(dict.fromkeys(a.url for a in articles[:32] if a.url and a.outlet)) == calls["by_urls"][0]


def test_a_rerun_is_told_from_the_read_ahead(target: str) -> None:
    """Ingested again, a feed's articles are found unchanged by the chunks' reads, with workers or
    without: none is looked up alone again (two reads a chunk, not two an article)."""
    articles = feed(40, seed=48)
    with Ledger.open(target) as ledger:
        ledger.ingest(articles)
        for workers in (1, 2):
            calls = _lookups(ledger.store)
            report = ledger.ingest(articles, workers=workers)
            assert len(articles) == report.unchanged
            assert ([], []) == (calls["get"], calls["by_url"])
            assert 2 == len(calls["get_many"])  # 40 articles: two chunks of at most 32


def _bare(n: int, seed: int) -> list[Article]:
    """A feed with no outlets or urls: the tally counts none of it, so batches go one in flight."""
    return [attrs.evolve(a, outlet=None, url=None) for a in feed(n, seed=seed)]


def _rewrite(ledger: Ledger) -> object:
    """One write of this connection that changes a row (a stored match, stored again); its mark."""
    store: Any = ledger.store
    record = next(iter(store.matches()))
    with store.write():
        store.add_matches([record])
        return store.write_mark()


def test_only_marked_tells_this_connection_s_marked_writes_from_any_other(target: str) -> None:
    """Since a token: this connection's marked write alone is known; an unmarked one, or another's, is not.

    On a server other tests commit meanwhile, so what must be true is asserted for at least
    one of some tries; what must be false, in every try.
    """
    with Ledger.open(target) as mine, Ledger.open(target) as other:
        mine.ingest(feed(6, seed=47))
        store: Any = mine.store
        told = []
        for _ in range(20):
            token = store.content_token()
            mark = _rewrite(mine)
            now = store.content_token()
            told.append(store.only_marked(token, now, [mark]))
            assert not store.only_marked(token, now, []), "an unmarked own write is a change"
        assert any(told)
        if isinstance(store, SQLiteStore):
            assert all(told)
        token = store.content_token()
        mark = _rewrite(mine)
        other.ingest([Article(id="elsewhere", text=story(random.Random(48)))])  # another connection's commit
        assert not store.only_marked(token, store.content_token(), [mark])


def test_a_batch_in_flight_reads_once_when_only_this_ingest_wrote_meanwhile(tmp_path: Path) -> None:
    """Each batch is compared while the one before it is written, and still reads its candidates once."""
    articles = _bare(60, seed=49)
    expected = _one_by_one(tmp_path / "single.db", articles)
    with Ledger.open(tmp_path / "l.db") as ledger:
        begun = _begun(ledger)
        counts = _counted(ledger)
        ledger.ingest(articles, batch=8)
        assert expected == list(ledger.store.matches())
    assert sum(flying for _, flying in begun) >= 5, "batches were compared while the one before was written"
    assert counts["writes"] == counts["reads"] == len(begun)


def test_a_batch_in_flight_reads_again_when_another_writer_committed(target: str) -> None:
    """A copy another writer stores while a batch is in flight (compared, not yet written) is found."""
    articles = _bare(12, seed=50)
    with Ledger.open(target) as ledger, Ledger.open(target) as other:
        chunks = _begun(ledger)
        store: Any = ledger.store
        write = store.write
        copied: list[str] = []

        @contextmanager
        def late(**options: Any) -> Iterator[None]:
            # the write of the batch before the one in flight: another writer stores a copy of
            # an article in flight, after that batch read the store and before it writes
            if len(chunks) >= 3 and not copied:
                copied.append(chunks[-1][0][0])
                original = next(a for a in articles if a.id == copied[0])
                other.ingest([Article(id="late-copy", text=original.text)])
            with write(**options):
                yield

        store.write = late
        ledger.ingest(articles, batch=8)
        assert copied, "another writer stored its copy while a batch was in flight"
        found = {frozenset((r["a"], r["b"])) for r in ledger.store.matches(copied[0])}
        assert frozenset((copied[0], "late-copy")) in found
