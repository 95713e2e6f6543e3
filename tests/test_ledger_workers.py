"""Ingest with a pool of worker processes: the same ledger, outcomes and errors whatever their number.

And the stories a ledger keeps of recent texts, so that a stored candidate is not cleaned again.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds import carried, edited, feed, story, write
from provenance import Article, Config, InputError, scan
from provenance._pool import cpus
from provenance.ledger import Ledger, _ahead, _core, _writer, digest
from provenance.ledger._ahead import SERIAL, Ahead, Made, counted, made, pool_size
from test_ledger_boilerplate import page, portals, verdicts


def _feed() -> list[Article]:
    """A feed with copies, two families, revisions, a repeated article and bad ones."""
    articles = feed(90, seed=21)
    articles += carried(40, seed=3) + [attrs.evolve(a, id=f"ed-{a.id}") for a in edited(40, seed=4)]
    articles.insert(30, articles[10])  # the same article again: unchanged
    articles.insert(50, attrs.evolve(articles[20], text=articles[20].text + " A correction."))  # a revision
    articles.insert(60, Article(id="empty", text="   "))  # no story
    articles.insert(70, Article(id="twice@0123456789ab", text="A planted revision id of the ledger."))
    return articles


def _ledger(target: str, articles: list[Article], workers: int) -> dict[str, Any]:
    said: list[tuple[str, str, int]] = []
    errors: list[InputError] = []
    with Ledger.open(target) as ledger:
        report = ledger.ingest(
            articles, skip_bad=True, errors=errors, workers=workers,
            progress=lambda o: said.append((o.id, o.status, o.matches)),
        )  # fmt: skip
        return {
            "report": report,
            "said": said,
            "errors": [str(e) for e in errors],
            "matches": sorted(ledger.store.matches(), key=lambda r: (r["a"], r["b"])),
            "articles": sorted(
                ((s.article, s.digest, s.revision_of) for s in ledger.store.articles()), key=lambda t: t[0].id
            ),
            "verify": ledger.verify(),
        }


def test_any_number_of_workers_gives_the_same_ledger(tmp_path: Path) -> None:
    """One process or a pool of two: the same matches, articles, outcomes in order and errors."""
    articles = _feed()
    one = _ledger(str(tmp_path / "one.db"), articles, workers=1)
    two = _ledger(str(tmp_path / "two.db"), articles, workers=2)
    assert one == two
    assert one["report"].matches > 40
    assert (1, 1) == (one["report"].revisions, one["report"].unchanged)
    assert 2 == len(one["errors"])
    assert [] == one["verify"]


def test_the_pool_gives_the_same_ledger_on_either_backend(target: str, tmp_path: Path) -> None:
    """On SQLite and PostgreSQL, a pool of two stores what one process stores."""
    articles = feed(80, seed=22)
    expected = _ledger(str(tmp_path / "one.db"), articles, workers=1)
    found = _ledger(target, articles, workers=2)
    assert expected["matches"] == found["matches"]
    assert expected["said"] == found["said"]
    assert expected["articles"] == found["articles"]


def _every(part: list[Article]) -> list[bool]:
    return [True] * len(part)


def test_the_workers_make_what_this_process_makes() -> None:
    """Each article comes back from the pool, in order, with what its text makes here."""
    articles = [*feed(70, seed=23), Article(id="empty", text="   ")]
    config = Config()
    with Ahead(articles, workers=2, wanted=_every, config=config, bands=True) as ahead:
        back = list(ahead)
    assert articles == [a for a, _ in back]
    assert [made(a.text, config, bands=True, sentences=counted(a)) for a in articles] == [m for _, m in back]
    assert isinstance(back[-1][1], str)  # no story: the reason


def test_a_bad_article_stops_a_pooled_ingest_after_the_ones_before_it(tmp_path: Path) -> None:
    """Without skip_bad, the error comes in its turn: the articles before it are stored, none after."""
    articles = feed(100, seed=24)
    with Ledger.open(tmp_path / "l.db") as ledger:
        with pytest.raises(InputError, match="'empty'"):
            ledger.ingest([*articles, Article(id="empty", text=" "), *feed(90, seed=25)], workers=2)
        assert {a.id for a in articles} == {s.article.id for s in ledger.store.articles()}


def test_a_read_error_stops_a_pooled_ingest_in_its_turn(tmp_path: Path) -> None:
    """An input that fails while read ahead stores every article before the failure, then raises."""
    articles = feed(100, seed=26)

    def source() -> Iterator[Article]:
        yield from articles
        msg = "line 101: not JSON"
        raise InputError(msg)

    said: list[str] = []
    with Ledger.open(tmp_path / "l.db") as ledger:
        with pytest.raises(InputError, match="line 101"):
            ledger.ingest(source(), workers=2, progress=lambda o: said.append(o.id))
        assert [a.id for a in articles] == said


def test_a_rerun_through_the_pool_cleans_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Stored articles are told by their digest before any cleaning: the pool has nothing to do."""
    articles = feed(60, seed=27)
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest(articles, workers=1)

        def refused(*_: object, **__: object) -> None:
            pytest.fail("a pool started for articles stored already")

        monkeypatch.setattr(_ahead, "Pool", refused)
        assert len(articles) == ledger.ingest(articles, workers=2).unchanged


@pytest.mark.parametrize("remembered", [None, 4])
def test_articles_another_writer_stores_after_the_guess_are_told_unchanged(
    target: str, remembered: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Into an empty ledger the read-ahead guesses from what this ingest stored; another's writes still count.

    A second writer stores the last 40 of the feed, text for text, once the first batch is
    acknowledged: the read-ahead guessed them new (the ledger held nothing else; or, past the
    ids it remembers, it asked the store), and each is told unchanged in its turn, as an ingest
    after the other writer's would tell it.
    """
    if remembered is not None:  # past so many ids and urls, the read-ahead asks the store again
        monkeypatch.setattr(_writer, "_OWN", remembered)
    articles = feed(120, seed=31)
    late = articles[-40:]
    with Ledger.open(target) as ledger, Ledger.open(target) as other:
        done: list[str] = []

        def store_late(outcome: object) -> None:
            if not done:
                done.append("late")
                other.ingest(late, workers=1)

        report = ledger.ingest(articles, workers=2, progress=store_late)
        assert (report.added, report.unchanged) == (len(articles) - len(late), len(late))
        assert [] == ledger.verify()
        assert {frozenset((m.a, m.b)) for m in scan(articles)} == {
            frozenset((m.a, m.b)) for m in ledger.matches()
        }


def test_the_default_is_one_process_for_small_inputs() -> None:
    """A list shorter than SERIAL gets one process; a longer one, or a stream past SERIAL, a pool."""
    assert 1 == pool_size(None, [Article(id="a", text="One story.")] * (SERIAL - 1))
    assert pool_size(None, [Article(id="a", text="One story.")] * SERIAL) == min(cpus(), _ahead.MAX_WORKERS)
    for bad in (0, -1, True, 1.5):
        with pytest.raises(ValueError, match="workers must be a whole number"):
            pool_size(bad, [])  # type: ignore[arg-type]
    articles = feed(SERIAL + 40, seed=28)
    with Ahead((a for a in articles), workers=None, wanted=_every, config=Config(), bands=True) as ahead:
        back = list(ahead)
    if pool_size(None, articles) > 1:  # a machine of one CPU has no pool to start
        assert [m is None for _, m in back] == [k < SERIAL for k in range(len(articles))]


def test_an_input_whose_length_hint_says_it_is_large_gets_its_pool_at_once() -> None:
    """A list's iterator (its length hint) is made ahead from the first article, as a list; a shorter
    hint is taken as it comes."""
    articles = feed(SERIAL + 40, seed=28)
    assert pool_size(None, iter(articles)) == pool_size(None, articles)
    with Ahead(iter(articles), workers=None, wanted=_every, config=Config(), bands=True) as ahead:
        back = list(ahead)
    assert [a.id for a, _ in back] == [a.id for a in articles]
    if pool_size(None, articles) > 1:  # a machine of one CPU has no pool to start
        assert all(isinstance(m, Made) for _, m in back)
    short = articles[: SERIAL - 1]  # a hint below SERIAL: taken as it comes, and it ends before the pool
    with Ahead(iter(short), workers=None, wanted=_every, config=Config(), bands=True) as ahead:
        assert [(a.id, m) for a, m in ahead] == [(a.id, None) for a in short]


def test_cli_ingest_workers(tmp_path: Path) -> None:
    """provenance ingest --workers 2 stores what --workers 1 stores."""
    path = write(feed(60, seed=29), tmp_path / "feed.jsonl")
    ledgers = []
    for workers in ("1", "2"):
        db = tmp_path / f"w{workers}.db"
        result = subprocess.run(
            [sys.executable, "-m", "provenance", "ingest", str(path), "--db", str(db), "--workers", workers],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert 0 == result.returncode, result.stderr
        with Ledger.open(db) as ledger:
            ledgers.append((list(ledger.store.matches()), [s.article for s in ledger.store.articles()]))
    assert ledgers[0] == ledgers[1]
    assert ledgers[0][0]


def test_a_recent_candidate_is_not_cleaned_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stored article whose prepared story is gone is prepared from its kept story, to the same verdicts."""
    articles = feed(30, seed=30)
    wire = next(a for a in articles if a.outlet == "Wire Agency")
    copy = Article(id="late-copy", outlet="MENAFN", text="(MENAFN- Wire Agency) " + wire.text)
    with Ledger.open(tmp_path / "fresh.db") as fresh:  # the stored articles cleaned again
        fresh.ingest(articles)
    with Ledger.open(tmp_path / "fresh.db") as fresh:
        fresh.ingest([copy])
        expected = fresh.matches("late-copy")
    with Ledger.open(tmp_path / "warm.db") as warm:
        warm.ingest(articles)
        warm._prepared.clear()  # as when the candidate's prepared story has left the cache

        def refused(text: str) -> None:
            pytest.fail("a stored candidate was cleaned again")

        monkeypatch.setattr(_core, "clean", refused)
        warm.ingest([copy])
        assert expected == warm.matches("late-copy")
    assert expected


@pytest.mark.parametrize("source", ["feed", "portals"])
def test_a_batch_s_pairs_are_judged_in_the_workers_as_here(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a pool, a batch's pairs go to the workers; the verdicts, evidence and boilerplate are the same."""
    # three portals: the later batches are judged with the boilerplate the earlier pages made
    articles = _feed() if source == "feed" else [*portals(), *(page(k, "Third Post") for k in range(5))]
    sent: list[int] = []
    start = Ahead.start

    def counted(self: Ahead, task: Any, items: list[Any]) -> Any:
        sent.append(sum(len(part.pairs) for part in items))
        return start(self, task, items)

    monkeypatch.setattr(Ahead, "start", counted)
    found = {}
    for workers in (1, 2):
        with Ledger.open(tmp_path / f"{workers}.db") as ledger:
            ledger.ingest(articles, workers=workers, skip_bad=True)
            found[workers] = (verdicts(ledger.matches()), sorted(ledger.store.matches(), key=str))
        if workers == 1:
            assert [] == sent, "one process: no pool"
    assert sum(sent) >= 4, "the pool judged the pairs of a batch"
    assert found[1] == found[2]
    assert found[1][0], "pairs were found"


def test_start_gives_each_result_in_order_whoever_did_the_task() -> None:
    """Tasks the pool had not started are taken back and done here; the results keep their order."""
    articles = feed(300, seed=24)
    with Ahead(articles, workers=2, wanted=_every, config=Config(), bands=True) as ahead:
        stream = iter(ahead)
        next(stream)  # the pool runs, with chunks read ahead waiting in it
        assert 2 == ahead.workers
        items = [-k for k in range(40)]
        assert list(range(40)) == ahead.start(abs, items)()
        assert [] == ahead.start(abs, [])()
        assert [a.id for a in articles[1:]] == [a.id for a, _ in stream]
    assert [3, 1] == Ahead([], workers=1, wanted=_every, config=Config(), bands=True).start(abs, [-3, 1])()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=6))
def test_what_a_worker_makes_carries_its_text_s_digest(seeds: list[int]) -> None:
    """Made ahead, alone or in a chunk, an article carries its text's digest: not taken again in its turn."""
    texts = [story(random.Random(seed)) for seed in seeds]
    for text, one, in_chunk in zip(texts, [made(t, Config(), bands=True) for t in texts],
                                   _ahead._made_chunk(texts, Config(), True, [True] * len(texts)),
                                   strict=True):  # fmt: skip
        assert isinstance(one, _ahead.Made)
        assert isinstance(in_chunk, _ahead.Made)
        assert digest(text) == one.digest == in_chunk.digest
    lone = texts[0] + " \ud800"  # not valid Unicode: no digest, and the ingest refuses it in its turn
    bad = made(lone, Config(), bands=False)
    assert isinstance(bad, _ahead.Made)
    assert bad.digest is None
