"""The PostgreSQL ledger: the CLI with a URL, the server's errors, kill -9 during ingest, migrations."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLE
from feeds import feed, story, write
from provenance import Article, fingerprint
from provenance.errors import InputError, LedgerError
from provenance.index import BANDS
from provenance.ledger import Ledger, digest
from provenance.ledger.postgres import SCHEMA_VERSION, PostgresStore, completed_only
from provenance.ledger.store import Stored
from test_ledger_faults import acknowledged

psycopg = pytest.importorskip("psycopg", reason="the postgres extra is missing (pip install -e '.[dev]')")

KILLS = 8


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args], capture_output=True, text=True, check=False, timeout=300
    )


def test_cli_round_trip_on_a_url(pg_url: str) -> None:
    """ingest, check, stats, verify, forget and export all take a postgresql:// --db."""
    first = run("ingest", str(EXAMPLE), "--db", pg_url)
    assert 0 == first.returncode, first.stderr
    assert first.stdout.startswith("9 added, 0 revisions, 0 unchanged, 15 matches, in postgresql://")
    again = run("ingest", str(EXAMPLE), "--db", pg_url)
    assert "0 added, 0 revisions, 9 unchanged, 0 matches" in again.stdout
    checked = run("check", str(EXAMPLE), "--db", pg_url, "--format", "jsonl")
    verdicts = {r["article"]: r for r in map(json.loads, checked.stdout.splitlines())}
    assert "wire-original" in verdicts["aggregator-copy"]["originals"]
    assert "ok" in run("verify", "--db", pg_url).stdout
    gone = run("forget", "aggregator-copy", "--db", pg_url)
    assert 0 == gone.returncode, gone.stderr
    assert gone.stdout.startswith("1 forgotten")
    stats = json.loads(run("stats", "--db", pg_url, "--format", "jsonl").stdout)
    assert 8 == stats["articles"]
    exported = json.loads(run("export", "--db", pg_url).stdout)
    named = {key for m in exported["matches"] for key in (m["a"], m["b"])}
    assert "aggregator-copy" not in named
    assert "wire-original" in named
    unknown = run("forget", "no-such-id", "--db", pg_url)
    assert 2 == unknown.returncode
    assert 1 == len(unknown.stderr.splitlines())


def test_sqlite_and_postgres_hold_the_same_ledger(pg_url: str, tmp_path: Path) -> None:
    """The same feed gives the same articles and matches on both backends."""
    articles = feed(40, seed=11)
    with Ledger.open(tmp_path / "l.db") as lite, Ledger.open(pg_url) as pg:
        lite.ingest(articles)
        pg.ingest(articles)
        assert list(lite.store.matches()) == list(pg.store.matches())
        assert [s.article for s in lite.store.articles()] == [s.article for s in pg.store.articles()]
        assert lite.stats() == pg.stats()


def test_no_server_is_one_line_and_exit_2() -> None:
    """A URL where no server listens: exit 2, one line naming the URL, the password masked."""
    result = run("stats", "--db", "postgresql://editor:secret@127.0.0.1:9/news")
    assert 2 == result.returncode
    (line,) = result.stderr.splitlines()
    assert line.startswith("provenance: error: postgresql://editor:***@127.0.0.1:9/news: ")
    assert "secret" not in line
    assert "\\n" not in line  # libpq's lines joined, not escaped ("refused\\n\\tIs the server ...")


def test_a_nul_in_a_text_is_refused_and_nothing_is_lost(pg_url: str) -> None:
    """PostgreSQL text holds no NUL: an InputError naming the article; what was stored stays."""
    good = feed(3)
    with Ledger.open(pg_url) as ledger:
        ledger.ingest(good)
        with pytest.raises(InputError, match="'bad': a NUL character"):
            ledger.ingest([Article(id="bad", text=good[0].text + "\x00 more words here")])
        skipped: list[InputError] = []
        bad = Article(id="bad", text="a\x00" + good[1].text)
        report = ledger.ingest([bad], skip_bad=True, errors=skipped)
        assert (0, 1) == (report.added, report.skipped)
        assert 3 == ledger.stats()["articles"]
        assert [] == ledger.verify()


def test_a_schema_from_a_newer_library_is_refused(pg_url: str) -> None:
    """A recorded schema above this library's is a LedgerError saying to upgrade."""
    PostgresStore(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(LedgerError, match=f"schema 99 is newer than this library's {SCHEMA_VERSION}"):
        Ledger.open(pg_url)


def test_a_missing_schema_is_a_clear_error() -> None:
    """A search_path naming no schema: a LedgerError that says so, not a failure in a later query."""
    from conftest import PG_URL

    try:
        psycopg.connect(PG_URL, connect_timeout=3).close()
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL server")  # the other tests report the missing server
    with pytest.raises(LedgerError, match="no current schema"):
        Ledger.open(f"{PG_URL}?options=-csearch_path%3Dprovenance_no_such_schema")


def test_a_connection_the_server_ends_is_said_lost_and_keeps_what_was_committed(pg_url: str) -> None:
    """The server ends a ledger's session (a restart, an administrator): the next write fails clearly.

    A LedgerError that says the connection was lost, keeps the server's words and says to run the
    command again; the batch it was writing is absent, and what was committed before is all there.
    """
    articles = feed(6, seed=31)
    with Ledger.open(pg_url) as ledger:
        ledger.ingest(articles[:3])
        backend = ledger.store._db.execute("SELECT pg_backend_pid()").fetchone()[0]  # type: ignore[attr-defined]
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (backend,))
        with pytest.raises(LedgerError) as lost:
            ledger.ingest(articles[3:])
    message = str(lost.value)
    assert "terminating connection due to administrator command" in message
    assert message.endswith(
        "(the connection to the server was lost: what was committed is kept;"
        " run the command again once the server answers)"
    )
    with Ledger.open(pg_url) as again:
        assert [a.id for a in articles[:3]] == [s.article.id for s in again.store.articles()]
        again.ingest(articles[3:])  # the command again: it completes
        assert len(articles) == again.stats()["articles"]


def test_kill_9_during_ingest_loses_nothing_acknowledged(pg_url: str, tmp_path: Path) -> None:
    """kill -9 mid-ingest: acknowledged articles stored whole, none half-indexed; a rerun completes.

    Each kill lands just after a random number of acknowledgements, so that it falls
    inside the ingest however long the start-up takes and however fast the ingest is.
    """
    articles = feed(240, seed=5)
    feed_path = write(articles, tmp_path / "feed.jsonl")
    rng = random.Random(9)
    said: set[str] = set()
    command = [sys.executable, "-m", "provenance", "ingest", str(feed_path), "--db", pg_url]
    for _ in range(KILLS):
        process = subprocess.Popen([*command, "--format", "jsonl"], stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None
        first = "".join(process.stdout.readline() for _ in range(rng.randint(1, 60)))
        time.sleep(rng.uniform(0.0, 0.05))
        process.send_signal(signal.SIGKILL)
        rest, _ = process.communicate()
        said |= acknowledged(first + rest)
        with Ledger.open(pg_url) as ledger:
            assert [] == ledger.verify()  # every article with its fingerprint and band keys
            stored = {s.article.id for s in ledger.store.articles()}
        assert said <= stored
    assert len(said) < len(articles), "every run finished before its kill: shorten the delays"
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert 0 == done.returncode, done.stderr
    with Ledger.open(pg_url) as ledger:
        assert len(articles) == ledger.stats()["articles"]
        assert [] == ledger.verify()
        killed = list(ledger.store.matches())
    with Ledger.open(tmp_path / "whole.db") as whole:
        whole.ingest(articles)
        assert list(whole.store.matches()) == killed


def _foreign_keys(db: object, table: str) -> list[str]:
    return [r[0] for r in db.execute(  # type: ignore[attr-defined]
        "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'", (table,)
    ).fetchall()]  # fmt: skip


def _as_schema(pg_url: str, articles: list[Article], version: int, *statements: str) -> tuple[Any, Any]:
    """A ledger of these articles, set back by these statements to an older schema; what it held."""
    with Ledger.open(pg_url) as ledger:
        ledger.ingest(articles)
        before = (list(ledger.store.matches()), ledger.stats())
    with psycopg.connect(pg_url, autocommit=True) as db:
        for statement in statements:
            db.execute(statement)
        db.execute("UPDATE meta SET value = %s WHERE key = 'schema'", (str(version),))
    return before


def test_a_schema_2_ledger_is_migrated_and_keeps_what_it_held(pg_url: str) -> None:
    """Schema 2 checked each band key and counted sentence against its article; 3 does not, and keeps all."""
    articles = [Article(id=a.id, text=a.text, outlet="Wire", url=f"u:{a.id}") for a in feed(30, seed=8)]
    before = _as_schema(
        pg_url, articles[:20], 2,
        "ALTER TABLE bands ADD FOREIGN KEY (seq) REFERENCES articles (seq)",
        "ALTER TABLE sentences ADD FOREIGN KEY (seq) REFERENCES articles (seq)",
    )  # fmt: skip
    with psycopg.connect(pg_url, autocommit=True) as db:  # as schema 2 left it
        assert _foreign_keys(db, "bands")
        assert _foreign_keys(db, "sentences")
    with Ledger.open(pg_url) as ledger:
        assert before == (list(ledger.store.matches()), ledger.stats())
        ledger.ingest(articles[20:])
        assert [] == ledger.verify()
        assert 30 == ledger.stats()["articles"]
    with psycopg.connect(pg_url, autocommit=True) as db:
        assert ([], []) == (_foreign_keys(db, "bands"), _foreign_keys(db, "sentences"))
        assert str(SCHEMA_VERSION) == db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]


def test_the_mark_add_many_gives_is_its_transaction_s_id(pg_url: str) -> None:
    """A write that stored articles is marked with no query of its own, by the id the server gave it."""
    articles = feed(4, seed=13)
    with Ledger.open(pg_url) as ledger:
        ledger.ingest(articles[:1])
        store: Any = ledger.store

        def own_id() -> str:  # the write in progress's id, as the server tells it
            return str(store._db.execute("SELECT pg_current_xact_id_if_assigned()::text").fetchone()[0])

        fp = fingerprint(articles[1])
        told = []
        for k, article in enumerate(articles[1:]):
            token = store.content_token()
            with store.write():
                store.add_many([(Stored(article=article, digest=digest(article.text), seq=0), fp, [k + 1])])
                mark = store.write_mark()
                assert mark == own_id()
            told.append(store.only_marked(token, store.content_token(), [mark]))
        with store.write():  # a write that stores no article is marked as before
            store.add_matches([{"a": "x", "b": "y"}])
            assert store.write_mark() == own_id()
    assert any(told)  # other tests commit on the server meanwhile: true at least once


def _indexes(db: object, table: str) -> set[str]:
    return {r[0] for r in db.execute(  # type: ignore[attr-defined]
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s", (table,)
    ).fetchall()}  # fmt: skip


def test_a_schema_3_ledger_is_migrated_and_forgets_by_band_key(pg_url: str) -> None:
    """Schema 3 indexed band keys by article too; 4 finds them by key: forget still leaves none behind."""
    articles = feed(30, seed=12)
    before = _as_schema(pg_url, articles[:20], 3, "CREATE INDEX bands_seq ON bands (seq)")  # as 3 left it
    with Ledger.open(pg_url) as ledger:
        assert before == (list(ledger.store.matches()), ledger.stats())
        ledger.ingest(articles[20:])
        gone = [a.id for a in articles[::3]]
        ledger.forget(gone)
        assert [] == ledger.verify()  # no band key left without its article
        assert 30 - len(gone) == ledger.stats()["articles"]
    with psycopg.connect(pg_url, autocommit=True) as db:
        assert "bands_seq" not in _indexes(db, "bands")
        assert str(SCHEMA_VERSION) == db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()[0]
        stored = db.execute("SELECT count(*) FROM bands").fetchone()[0]
        kept = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert stored == kept * BANDS  # each kept article's keys, none of the forgotten ones'


def test_verify_reports_band_keys_and_sentences_left_without_their_article(pg_url: str) -> None:
    """Rows of the derived tables whose article is gone are named by the article's number."""
    articles = [Article(id=a.id, text=a.text, outlet="Wire") for a in feed(5, seed=9)]
    with Ledger.open(pg_url) as ledger:
        ledger.ingest(articles)
        assert [] == ledger.verify()
    with psycopg.connect(pg_url, autocommit=True) as db:  # an article removed by hand, its rows left behind
        seq = db.execute("SELECT seq FROM articles WHERE id = 'story-2'").fetchone()[0]
        db.execute("DELETE FROM matches WHERE a = 'story-2' OR b = 'story-2'")
        db.execute("DELETE FROM fingerprints WHERE seq = %s", (seq,))
        db.execute("DELETE FROM articles WHERE seq = %s", (seq,))
    with Ledger.open(pg_url) as ledger:
        problems = ledger.verify()
    assert f"band keys of article number {seq} are left without their article" in problems
    assert f"counted sentences of article number {seq} are left without their article" in problems


@st.composite
def _histories(draw: st.DrawFn) -> tuple[str, str, set[int], set[int]]:
    """Transactions beginning and ending on a server, snapshotted twice; the ids completed between.

    A snapshot is ``xmin:xmax:in-progress``, as ``pg_current_snapshot`` prints it: ids are given
    in order, and every id below ``xmax`` not in progress has completed.
    """
    next_id, running, completed = 100, set[int](), set[int]()

    def snapshot() -> str:
        low = min(running, default=next_id)
        return f"{low}:{next_id}:{','.join(map(str, sorted(running)))}"

    steps = draw(st.integers(1, 40))
    at = draw(st.integers(0, steps))  # the first snapshot is taken before this step
    first, before = "", set()
    for step in range(steps + 1):
        if step == at:
            first, before = snapshot(), set(completed)
        if step == steps:
            break
        if running and draw(st.booleans()):
            ended = draw(st.sampled_from(sorted(running)))
            running.discard(ended)
            completed.add(ended)
        else:
            running.add(next_id)
            next_id += 1
    between = completed - before
    own = set(draw(st.lists(st.sampled_from(sorted(between | {next_id + 5})), max_size=len(between) + 1)))
    return first, snapshot(), between, own


@given(_histories())
def test_completed_only_is_the_ids_completed_between_two_snapshots(
    history: tuple[str, str, set[int], set[int]],
) -> None:
    """Against a model of a server's transactions: all completed between are own, exactly when told so."""
    before, after, between, own = history
    assert completed_only(before, after, own) == (between <= own)
    assert completed_only(before, after, between)
    assert completed_only(after, after, set())


def test_stored_texts_are_compressed_with_lz4_where_the_server_has_it(pg_url: str) -> None:
    """A long text is stored compressed with lz4 (a server without lz4 keeps pglz), and reads back whole."""
    with psycopg.connect(pg_url, autocommit=True) as probe:
        try:
            probe.execute("SET default_toast_compression = 'lz4'")
        except psycopg.Error as error:
            pytest.skip(f"this server has no lz4 ({str(error).strip()})")
    paragraphs = [story(random.Random(seed)) for seed in range(4)]
    long = Article(id="long", text="\n\n".join(paragraphs))  # well past the 2 KB a row holds uncompressed
    with Ledger.open(pg_url) as ledger:
        ledger.ingest([long])
        store: Any = ledger.store
        row = store._db.execute(
            "SELECT pg_column_compression(text), text FROM articles WHERE id = 'long'"
        ).fetchone()
    assert ("lz4", long.text) == tuple(row)


def _advisory_locks(url: str, pid: int) -> list[str]:
    """The advisory locks a server session holds, by mode (what another session sees in ``pg_locks``)."""
    with psycopg.connect(url, autocommit=True) as db:
        rows = db.execute(
            "SELECT mode FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = %s ORDER BY mode",
            (pid,),
        ).fetchall()
    return [str(mode) for (mode,) in rows]


def test_a_write_with_more_keys_than_a_transaction_may_lock_runs_alone(pg_url: str) -> None:
    """A write locks its keys while they fit the server's max_locks_per_transaction (with the ledger's
    own lock, shared), and else holds the ledger's lock alone, exclusively: the shared lock table,
    that many locks a connection, never fills."""
    with Ledger.open(pg_url) as ledger:
        store: Any = ledger.store
        budget = int(store._db.execute("SHOW max_locks_per_transaction").fetchone()[0])
        pid = store._db.info.backend_pid
        few = list(range(1, budget))  # with the ledger's lock: exactly the budget
        with store.write(keys=few + few[:3]):  # a key given twice is locked once
            assert _advisory_locks(pg_url, pid) == ["ExclusiveLock"] * len(few) + ["ShareLock"]
        with store.write(keys=[*few, budget]):
            assert _advisory_locks(pg_url, pid) == ["ExclusiveLock"]
        assert _advisory_locks(pg_url, pid) == []


def test_a_write_with_more_keys_than_the_server_s_lock_table_holds_succeeds(pg_url: str) -> None:
    """A write whose keys are thrice the server's whole lock table (max_locks_per_transaction for each
    connection it allows) stores its article: it failed "out of shared memory" when it locked each key
    (a batch of 1,000 articles, about 19 keys each, did)."""
    with psycopg.connect(pg_url, autocommit=True) as db:
        row = db.execute(
            "SELECT current_setting('max_locks_per_transaction')::int"
            " * (current_setting('max_connections')::int + current_setting('max_prepared_transactions')::int)"
        ).fetchone()
    table = int(row[0])
    if table > 100_000:
        pytest.skip(f"this server's lock table holds {table} locks: thrice that many keys take too long")
    article = feed(1, seed=31)[0]
    with Ledger.open(pg_url) as ledger:
        store: Any = ledger.store
        ledger.ingest([feed(2, seed=32)[1]])  # the ledger set up
        with store.write(keys=range(1, 3 * table)):
            store.add_many(
                [(Stored(article=article, digest=digest(article.text), seq=0), fingerprint(article), [])]
            )
        assert [article.id] == list(store.get_many([article.id]))
