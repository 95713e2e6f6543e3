"""Faults the ledger survives, with real processes and real files: kill -9, two writers, full disk, damage.

And resumes that progress: a run killed every second still finishes the feed.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from feeds import feed, story, write
from provenance import Article
from provenance.errors import LedgerCorruptError
from provenance.ledger import Ledger
from test_ledger import dump

KILLS = 20


def ingest(feed_path: Path, db: Path) -> subprocess.Popen[str]:
    """Start `provenance ingest` in its own process, acknowledging each committed article on stdout."""
    return subprocess.Popen(
        [sys.executable, "-m", "provenance", "ingest", str(feed_path), "--db", str(db), "--format", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def acknowledged(output: str) -> set[str]:
    """Ids the process said were committed (a line cut by the kill is not an acknowledgement)."""
    ids = set()
    for line in output.splitlines():
        try:
            ids.add(json.loads(line)["id"])
        except (json.JSONDecodeError, KeyError):
            continue
    return ids


def stored_ids(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM articles")}


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A feed, and the ledger one uninterrupted ingest of it makes."""
    folder = tmp_path_factory.mktemp("reference")
    feed_path = write(feed(120, seed=5), folder / "feed.jsonl")
    db = folder / "reference.db"
    done = subprocess.run(
        [sys.executable, "-m", "provenance", "ingest", str(feed_path), "--db", str(db)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert 0 == done.returncode, done.stderr
    return feed_path, db


@pytest.mark.slow
def test_kill_9_loses_nothing_acknowledged_and_rerun_completes(
    reference: tuple[Path, Path], tmp_path: Path
) -> None:
    """Twenty kill -9s at random moments: sound file, acknowledged articles kept whole, rerun completes."""
    feed_path, reference_db = reference
    db = tmp_path / "killed.db"
    rng = random.Random(20)
    said: set[str] = set()
    for _ in range(KILLS):
        process = ingest(feed_path, db)
        time.sleep(rng.uniform(0.3, 2.0))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        said |= acknowledged(out)
        if not db.exists():
            continue
        assert "ok" == integrity(db)
        assert said <= stored_ids(db)
        with Ledger.open(db) as ledger:
            assert [] == ledger.verify()  # no article without its fingerprint, no dangling match
    assert said, "no run lived long enough to commit an article: raise the kill delays"
    done = subprocess.run(
        [sys.executable, "-m", "provenance", "ingest", str(feed_path), "--db", str(db)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert 0 == done.returncode, done.stderr
    assert dump(reference_db) == dump(db)


def test_two_writers_lose_and_duplicate_nothing(reference: tuple[Path, Path], tmp_path: Path) -> None:
    """Two processes ingesting overlapping feeds at once end with exactly the ledger of one ingest."""
    feed_path, reference_db = reference
    lines = feed_path.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(lines[:80]), encoding="utf-8")
    second.write_text("".join(lines[40:]), encoding="utf-8")
    db = tmp_path / "shared.db"
    processes = [ingest(first, db), ingest(second, db)]
    results = [p.communicate() for p in processes]
    for process, (_, err) in zip(processes, results, strict=True):
        assert 0 == process.returncode, err
        assert "locked" not in err
    assert 120 == len(stored_ids(db))
    assert dump(reference_db)["articles"] == dump(db)["articles"]
    assert dump(reference_db)["matches"] == dump(db)["matches"]


FULL = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from provenance.cli import main
sys.argv = ["provenance", "ingest", sys.argv[2], "--db", sys.argv[3], "--format", "jsonl"]
main()
"""


def test_full_disk_is_a_typed_error_and_keeps_what_was_committed(tmp_path: Path) -> None:
    """With the file size capped, ingest stops with one line and exit 2; earlier articles stay, file sound."""
    articles = feed(60, seed=9)
    db = tmp_path / "full.db"
    with Ledger.open(db) as ledger:
        ledger.ingest(articles[:20])
    before = stored_ids(db)
    rest = write(articles[20:], tmp_path / "rest.jsonl")
    limit = db.stat().st_size + 16_384
    result = subprocess.run(
        [sys.executable, "-c", FULL, str(limit), str(rest), str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert 2 == result.returncode, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("provenance: error: ")
    assert "free space" in line
    assert "ok" == integrity(db)
    assert before | acknowledged(result.stdout) <= stored_ids(db)
    with Ledger.open(db) as ledger:
        assert [] == ledger.verify()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args], capture_output=True, text=True, check=False
    )


def test_flipped_header_bytes(tmp_path: Path) -> None:
    """A ledger whose header bytes were flipped is reported as damaged, by the API and the CLI."""
    db = tmp_path / "flipped.db"
    with Ledger.open(db) as ledger:
        ledger.ingest(feed(6))
    data = bytearray(db.read_bytes())
    data[0:16] = bytes(b ^ 0xFF for b in data[0:16])
    db.write_bytes(bytes(data))
    with pytest.raises(LedgerCorruptError, match="file is not a database"):
        Ledger.open(db)
    result = run_cli("stats", "--db", str(db))
    assert 2 == result.returncode
    (line,) = result.stderr.splitlines()
    assert "file is not a database" in line


def test_truncated_file(tmp_path: Path) -> None:
    """A ledger cut short is never read as a smaller sound ledger: verify fails with exit 2."""
    db = tmp_path / "cut.db"
    with Ledger.open(db) as ledger:
        ledger.ingest(feed(60, seed=2))
    wal = Path(str(db) + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # closed cleanly: everything is in the main file
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 2])
    result = run_cli("verify", "--db", str(db))
    assert 2 == result.returncode
    assert result.stderr.startswith("provenance: ")
    assert (
        "malformed" in result.stderr or "not a database" in result.stderr or "no fingerprint" in result.stderr
    )


def test_missing_ledger_is_a_clear_error(tmp_path: Path) -> None:
    """Reading commands on a missing ledger say so in one line instead of creating an empty one."""
    result = run_cli("stats", "--db", str(tmp_path / "none.db"))
    assert 2 == result.returncode
    hint = "no ledger here (run 'provenance ingest' first, or pass --db)"
    assert [f"provenance: error: {tmp_path / 'none.db'}: {hint}"] == result.stderr.splitlines()
    assert not (tmp_path / "none.db").exists()


def _open_new(path: str, start: Any, out: Any) -> None:
    """Open the ledger once the others are ready too; report the error, if any."""
    start.wait()
    try:
        Ledger.open(path).close()
        out.put("")
    except Exception as error:  # any error is what the test reports
        out.put(f"{type(error).__name__}: {error}")


@pytest.mark.slow
def test_processes_opening_a_new_ledger_at_once_all_succeed(tmp_path: Path) -> None:
    """Four processes opening one new file together never see "database is locked".

    Switching a new file to WAL does not wait for SQLite's busy handler: without the
    store's retry, a quarter of such rounds failed here, so 40 rounds all passing by
    chance is about one in 100,000.
    """
    context = multiprocessing.get_context("fork")
    failed = []
    for k in range(40):
        path = str(tmp_path / f"new-{k}.db")
        start, out = context.Barrier(4), context.Queue()
        workers = [context.Process(target=_open_new, args=(path, start, out)) for _ in range(4)]
        for w in workers:
            w.start()
        said = [out.get(timeout=120) for _ in workers]
        for w in workers:
            w.join()
        failed += [s for s in said if s]
    assert [] == failed


def _long_feed(n: int, path: Path) -> list[Article]:
    """n unrelated long articles (about 80 KB each, a tenth of a second each to clean and fingerprint)."""
    rng = random.Random(44)
    articles = [Article(id=f"long-{k}", text=story(rng, paragraphs=400)) for k in range(n)]
    write(articles, path)
    return articles


_ACKS = 20  # articles a resumed run may store before it is killed, at most


def test_a_resume_killed_every_second_still_finishes(tmp_path: Path) -> None:
    """Each run is killed one second after its first acknowledgement; the runs still finish the feed.

    An article already stored is recognised by its digest before it is cleaned, so
    a resumed run passes over the stored part at once and spends its second on new
    articles. Re-cleaning the stored part first (as before) stalls once that part
    takes a second, and no run gets further.
    """
    articles = _long_feed(200, tmp_path / "long.jsonl")  # batched ingest goes through 60 in a second
    db = tmp_path / "resumed.db"
    runs, said, finished = 0, set(), False
    while not finished and runs < 40:
        runs += 1
        process = ingest(tmp_path / "long.jsonl", db)
        assert process.stdout is not None
        first = process.stdout.readline()  # the first committed (or passed-over) article
        more: list[str] = []
        if first:  # a second, or 20 articles stored on a fast machine, whichever comes first
            deadline = time.monotonic() + 1.0
            new = 0
            while process.poll() is None and time.monotonic() < deadline and new < _ACKS:
                line = process.stdout.readline()
                if not line:
                    break
                more.append(line)
                new += '"unchanged"' not in line  # an article stored by this run
        finished = process.poll() == 0
        if not finished:
            process.send_signal(signal.SIGKILL)
        out = process.stdout.read()  # with what readline read ahead (communicate reads the pipe itself)
        process.communicate()
        said |= acknowledged(first + "".join(more) + out)
    assert finished, f"{runs} runs, {len(stored_ids(db))} of {len(articles)} articles stored"
    assert runs > 2, "the feed was ingested before the kills began: make it longer"
    assert {a.id for a in articles} == stored_ids(db) >= said
    with Ledger.open(db, readonly=True) as ledger:
        assert [] == ledger.verify()
        assert [a.text for a in articles] == [s.article.text for s in ledger.store.articles()]


def test_verify_while_another_process_ingests(reference: tuple[Path, Path], tmp_path: Path) -> None:
    """verify, run again and again on a ledger that another process is filling, reports no problem."""
    feed_path, _ = reference
    db = tmp_path / "busy.db"
    with Ledger.open(db) as ledger:
        ledger.ingest(feed(3, seed=5))  # the same first articles: the ledger exists before the writer starts
    process = ingest(feed_path, db)
    seen = set()
    while process.poll() is None:
        with Ledger.open(db, readonly=True) as reader:
            assert [] == reader.verify()
            seen.add(reader.store.counts()["articles"])
    _, err = process.communicate()
    assert 0 == process.returncode, err
    assert len(seen) > 1, "the writer finished before verify saw it write"
    with Ledger.open(db, readonly=True) as reader:
        assert [] == reader.verify()
        assert 120 == reader.store.counts()["articles"]
