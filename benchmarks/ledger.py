"""Ledger benchmarks: ingest against scan, check latency (warm and fresh), families, concurrent writers.

Run from the repository root::

    python benchmarks/ledger.py [--size 100000] [--checks 200] [--pg postgresql://127.0.0.1:5432/test]
        [--family 100,200,400,800,1600,3200] [--kinds verbatim,edited] [--workers 1,2,4]
        [--skip bbc,cli,memory,cpu,big,family,workers,forget] [--backends sqlite,postgresql] [--repeat 3]
        [--forget-size 10000]

Every figure is a ratio against a baseline timed in the same run:

1. Ingest of the BBC corpus (2,225 articles, in batches, matches verified and stored)
   against ``provenance.scan`` of the same articles in memory, on SQLite and on PostgreSQL; then
   the same articles as one outlet's feed (an outlet and a url each), where the boilerplate
   tally counts their sentences; and each ingested again into its ledger (a rerun: every article
   unchanged). Each timing is the best of ``--repeat`` runs taken in turn.
   Then the same as whole commands (``provenance ingest FILE`` against ``provenance scan FILE``,
   each in a new process, the feeds written as JSON Lines).
   Then the peak memory of each, in a fresh process, against scan's; and where each spends its
   CPU time (the ingesting process, its workers, the server), against scan's sum.
2. A ledger of ``--size`` articles (the BBC stories expanded with generated variants, see
   ``corpus.py``) stored in bulk with their band keys; then ``Ledger.check`` of ``--checks``
   stored texts (their own ids left out) from a warm ledger, and from a fresh one (opened for
   each check, as a new ``provenance check`` process does after its imports): p50 and p99,
   against reading every stored fingerprint (what opening cost before the index moved into the
   store).
3. The family curve: one story and N copies of it (word for word, and edited), N from
   ``--family``: ``scan`` and ingest seconds, pairs stored and ledger size, per copy, against
   a scan that compares every pair at the smallest N.
4. Concurrent writers: the same feed split among 1, 2 and 4 processes ingesting into one
   ledger: articles per second against one writer.
5. A retention run: the oldest quarter of ``--forget-size`` articles (one outlet's feed, each
   with a publication time) forgotten in one ``Ledger.forget``: articles forgotten a second
   against articles ingested a second into the same ledger.

PostgreSQL parts run when ``--pg`` names a server; each uses a fresh schema, dropped after.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
from corpus import bbc, expanded

from provenance import Article, Config, fingerprint, scan
from provenance.index import band_keys
from provenance.ledger import Ledger, Report, Window, digest
from provenance.ledger.store import Stored, open_store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from feeds import carried, edited, feed

BACKENDS = {"sqlite", "postgresql"}  # what --backends names


@contextmanager
def schema(url: str) -> Iterator[str]:
    """A fresh schema on the server, as a ledger URL; dropped afterwards."""
    import psycopg  # noqa: PLC0415 - only with --pg

    name = f"provenance_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE SCHEMA "{name}"')
        try:
            yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{name}"
        finally:
            admin.execute(f'DROP SCHEMA "{name}" CASCADE')


@contextmanager
def targets(folder: Path, pg: str | None, name: str) -> Iterator[list[tuple[str, str]]]:
    """(backend, ledger) pairs: a new SQLite file, and a fresh PostgreSQL schema when asked.

    ``--backends`` leaves either out (a million articles take long to store on each).
    """
    sqlite = [("SQLite", str(folder / f"{name}.db"))] if "sqlite" in BACKENDS else []
    if pg is None or "postgresql" not in BACKENDS:
        yield sqlite
        return
    with schema(pg) as url:
        yield [*sqlite, ("PostgreSQL", url)]


def row(what: str, seconds: float, per_s: float, ratio: float) -> None:
    print(f"{what:56} {seconds:8.2f} {per_s:9.0f} {ratio:7.2f}x")


def timed_ingest(target: str, articles: list[Article]) -> tuple[float, Report]:
    """Seconds to open a ledger and ingest the articles into it, and the ingest's report."""
    start = time.perf_counter()
    with Ledger.open(target) as ledger:
        report = ledger.ingest(articles)
    return time.perf_counter() - start, report


def _bbc_feeds() -> list[tuple[str, list[Article]]]:
    """The BBC corpus as it is (no outlets, no urls), and as one outlet's feed."""
    plain = bbc().articles
    one_outlet = [attrs.evolve(a, outlet="BBC News", url=f"https://www.bbc.example/{a.id}") for a in plain]
    return [("BBC", plain), ("BBC as one outlet's feed", one_outlet)]


def ingest_vs_scan(folder: Path, pg: str | None, repeat: int) -> None:
    """Ingest of the BBC corpus against scan in memory: as it is, and as one outlet's feed.

    The corpus has no outlets or urls. As one outlet's feed (every article given the outlet
    ``BBC News`` and a url of its own), the boilerplate tally counts each article's sentences and
    re-checks the pages of each sentence that reaches three pages, as a newsroom's own feed makes it do.
    Each of scan and the ingests runs ``repeat`` times, in turn, each ingest into a new ledger; the
    fewest seconds of each count (on shared cores, the run the other jobs disturbed least).
    """
    for k, (name, articles) in enumerate(_bbc_feeds()):
        best: dict[str, float] = {}
        matches: dict[str, int] = {}
        scanned = 0
        for r in range(repeat):
            start = time.perf_counter()
            scanned = len(scan(articles))
            best["scan"] = min(best.get("scan", float("inf")), time.perf_counter() - start)
            with targets(folder, pg, f"bbc-{k}-{r}") as where:
                for backend, target in where:
                    seconds, report = timed_ingest(target, articles)
                    best[backend] = min(best.get(backend, float("inf")), seconds)
                    matches[backend] = report.matches
                    seconds, report = timed_ingest(target, articles)  # a rerun: nothing to store
                    assert report.unchanged == len(articles), report
                    again = f"{backend} again"
                    best[again] = min(best.get(again, float("inf")), seconds)
        n = len(articles)
        print(f"{name}: {n} articles, {scanned} pairs by scan; the best of {repeat} runs each")
        print(f"{'task':56} {'seconds':>8} {'docs/s':>9} {'ratio':>8}")
        row("scan in memory (baseline)", best["scan"], n / best["scan"], 1.0)
        for backend, seconds in best.items():
            if backend != "scan":
                what = (
                    f"ingest into {backend} ({matches[backend]} matches)"
                    if backend in matches
                    else f"ingest into {backend.removesuffix(' again')} again (all unchanged)"
                )
                row(what, seconds, n / seconds, best["scan"] / seconds)
        print()


def _command_seconds(*args: str) -> float:
    """Seconds of one ``provenance`` command in a new process, as a user runs it (its start-up included)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "provenance", *args], check=True, capture_output=True)  # noqa: S603 - our own
    return time.perf_counter() - start


def commands(folder: Path, pg: str | None, repeat: int) -> None:
    """``provenance ingest FILE`` against ``provenance scan FILE``: whole commands, as a user runs them.

    Each BBC feed is written as a JSON Lines file; each command runs ``repeat`` times in turn, in
    a new process (imports and start-up included), each ingest into a new ledger; the fewest
    seconds count.
    """
    for k, (name, articles) in enumerate(_bbc_feeds()):
        path = folder / f"feed-{k}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for a in articles:  # every field the feed has
                fields = {"id": a.id, "text": a.text, "outlet": a.outlet, "url": a.url, "title": a.title}
                if a.published is not None:
                    fields["published"] = a.published.isoformat()
                out.write(json.dumps({k: v for k, v in fields.items() if v is not None}) + "\n")
        best: dict[str, float] = {}
        for r in range(repeat):
            best["scan"] = min(best.get("scan", float("inf")), _command_seconds("scan", str(path)))
            with targets(folder, pg, f"cli-{k}-{r}") as where:
                for backend, target in where:
                    seconds = _command_seconds("ingest", str(path), "--db", target)
                    best[backend] = min(best.get(backend, float("inf")), seconds)
        print(f"{name}, whole commands on a JSON Lines file: the best of {repeat} runs each")
        print(f"{'task':56} {'seconds':>8} {'docs/s':>9} {'ratio':>8}")
        n = len(articles)
        row("provenance scan FILE (baseline)", best["scan"], n / best["scan"], 1.0)
        for backend, seconds in best.items():
            if backend != "scan":
                row(f"provenance ingest FILE --db ({backend})", seconds, n / seconds, best["scan"] / seconds)
        print()


def _pss_kb(pid: int) -> int:
    """The proportional set size of a process and its descendants, in kB (0 for one that is gone)."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
        for task in Path(f"/proc/{pid}/task").iterdir():
            total += sum(_pss_kb(int(c)) for c in (task / "children").read_text().split())
    except (OSError, ValueError):
        return total
    return total


def _memory_job(kind: int, target: str | None, ready: object, go: object) -> None:
    """Scan or ingest one of the BBC feeds, in a fresh interpreter, once told to go."""
    articles = _bbc_feeds()[kind][1]
    ready.set()  # type: ignore[attr-defined]
    go.wait()  # type: ignore[attr-defined]
    if target is None:
        scan(articles)
    else:
        timed_ingest(target, articles)


def memory(folder: Path, pg: str | None) -> None:
    """Peak memory of ingest against scan on the BBC feeds: each run in a fresh process.

    The peak is of the sum of the proportional set sizes (PSS) of the process and its workers,
    sampled every 10 ms from /proc (Linux only); a PostgreSQL server's own memory is not counted.
    """
    if not Path("/proc/self/smaps_rollup").exists():
        print("memory: /proc/<pid>/smaps_rollup is not available here; skipped")
        return
    context = multiprocessing.get_context("spawn")
    print(f"{'peak memory (PSS of the process and its workers)':56} {'MB':>8} {'ratio':>9}")
    for k, (name, _) in enumerate(_bbc_feeds()):
        with targets(folder, pg, f"memory-{k}") as where:
            base = 0.0
            for backend, target in [("scan", None), *where]:
                ready, go = context.Event(), context.Event()
                job = context.Process(target=_memory_job, args=(k, target, ready, go))
                job.start()
                ready.wait()
                go.set()
                peak = 0
                while job.is_alive():
                    peak = max(peak, _pss_kb(job.pid or 0))
                    time.sleep(0.01)
                job.join()
                mb = peak / 1024
                base = base or mb
                task = "scan in memory (baseline)" if target is None else f"ingest into {backend}"
                what = f"{name}: {task}"
                print(f"{what:56} {mb:8.0f} {mb / base:8.2f}x")
    print()


def _cpu_seconds(pid: int) -> float | None:
    """User and system CPU seconds a process has used so far (None when /proc cannot tell)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _server_seconds(target: str, name: str) -> float | None:
    """CPU seconds of the server process serving the connection named ``name`` (a local server only)."""
    import psycopg  # noqa: PLC0415 - only with --pg

    with psycopg.connect(target, autocommit=True) as admin:  # the ledger's own URL: any of its options
        query = "SELECT pid FROM pg_stat_activity WHERE application_name = %s"
        row = admin.execute(query, (name,)).fetchone()
    return None if row is None else _cpu_seconds(int(row[0]))


def _cpu_job(kind: int, target: str | None, out: object) -> None:
    """Scan or ingest one of the BBC feeds in a fresh interpreter; put its CPU seconds on ``out``.

    ``(wall, this process, its workers, the server)``: the workers are counted once the pool has
    ended (they are this process's children); the server when there is one and it runs on this
    machine (NaN when it runs elsewhere, None without a server).
    """
    articles = _bbc_feeds()[kind][1]
    server: float | None = None
    start, own = time.perf_counter(), time.process_time()
    if target is None:
        scan(articles)
    else:
        name = f"provenance-bench-{uuid.uuid4().hex[:8]}"
        joint = "&" if "?" in target else "?"
        where = f"{target}{joint}application_name={name}" if "://" in target else target
        with Ledger.open(where) as ledger:
            ledger.ingest(articles)
            if "://" in target:
                seconds = _server_seconds(target, name)
                server = float("nan") if seconds is None else seconds
    wall, own = time.perf_counter() - start, time.process_time() - own
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    out.put((wall, own, workers.ru_utime + workers.ru_stime, server))  # type: ignore[attr-defined]


def cpu(folder: Path, pg: str | None) -> None:
    """Where the CPU time of an ingest goes, against scan's: each run in a fresh process.

    A run takes its sum of CPU seconds over the cores it keeps busy, so an ingest's speed against
    scan's is scan's sum over its own, times how busy it keeps the cores over how busy scan does.
    """
    context = multiprocessing.get_context("spawn")
    heads = ("wall", 6), ("process", 8), ("workers", 8), ("server", 7), ("sum", 6), ("ratio", 7)
    print(f"{'CPU seconds':40} " + " ".join(f"{h:>{w}}" for h, w in heads))
    for k, (name, _) in enumerate(_bbc_feeds()):
        with targets(folder, pg, f"cpu-{k}") as where:
            base = 0.0
            for backend, target in [("scan", None), *where]:
                out = context.Queue()
                job = context.Process(target=_cpu_job, args=(k, target, out))
                job.start()
                wall, own, workers, server = out.get()
                job.join()
                known = 0.0 if server is None or math.isnan(server) else server
                total = own + workers + known
                base = base or total
                what = f"{name}: {'scan' if target is None else backend}"
                shown = "-" if server is None else "?" if math.isnan(server) else f"{server:.2f}"
                times = f"{wall:6.2f} {own:8.2f} {workers:8.2f} {shown:>7} {total:6.2f}"
                print(f"{what:40} {times} {total / base:6.2f}x")
    print()


def build(target: str, size: int) -> float:
    """Store the expanded corpus in bulk (5,000 articles a transaction); returns the seconds taken."""
    big = expanded(size)
    config = Config()
    start = time.perf_counter()
    store = open_store(target)
    for k in range(0, len(big.articles), 5_000):
        with store.write(exclusive=True):
            if store.config() is None:
                store.set_config(config)
            for part in range(k, min(k + 5_000, len(big.articles)), 500):
                rows = []
                for a in big.articles[part : part + 500]:
                    fp = fingerprint(a.text, config=config)
                    rows.append((Stored(seq=0, article=a, digest=digest(a.text)), fp, band_keys(fp)))
                store.add_many(rows)
    store.close()
    return time.perf_counter() - start


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times) * 1000, times[min(len(times) - 1, int(0.99 * len(times)))] * 1000


def check_latency(folder: Path, pg: str | None, size: int, checks: int) -> None:
    """Check latency from a warm and from a fresh ledger, against reading every fingerprint."""
    with targets(folder, pg, "big") as where:
        for backend, target in where:
            seconds = build(target, size)
            store = open_store(target)
            start = time.perf_counter()
            count = sum(1 for _ in store.fingerprints())
            read_s = time.perf_counter() - start
            step = max(1, count // checks)
            probes = [s.article for k, s in enumerate(store.articles()) if k % step == 0][:checks]
            store.close()
            probes = [Article(id=f"probe-{a.id}", text=a.text) for a in probes]
            warm, fresh, found = [], [], 0
            with Ledger.open(target) as ledger:
                for a in probes:
                    start = time.perf_counter()
                    found += bool(ledger.check(a).matches)
                    warm.append(time.perf_counter() - start)
            for a in probes:
                start = time.perf_counter()
                with Ledger.open(target) as ledger:
                    ledger.check(a)
                fresh.append(time.perf_counter() - start)
            print(f"\n{backend}: {count} articles stored in bulk in {seconds:.0f} s; {found} probes matched")
            print(f"{'task':56} {'p50 ms':>8} {'p99 ms':>9} {'p50 ratio':>9}")
            read_ms = read_s * 1000
            what = "read every stored fingerprint (the old open; baseline)"
            print(f"{what:56} {read_ms:8.1f} {'':>9} {1:8.3f}x")
            for name, times in (("check, warm ledger", warm), ("open + check, fresh ledger", fresh)):
                p50, p99 = percentiles(times)
                print(f"{name:56} {p50:8.1f} {p99:9.1f} {p50 / read_ms:8.3f}x")


def family(folder: Path, pg: str | None, sizes: list[int], kinds: list[str]) -> None:
    """One story and N copies: scan and ingest seconds, pairs stored and ledger size.

    Two kinds of family: ``verbatim`` (aggregator pages carrying the agency's text word for
    word) and ``edited`` (each site's copy edited a little). Per copy, seconds and pairs stay
    flat when the cost is linear; with every pair compared (``--representatives 0`` on the
    command line, ``representatives=None`` here), the baseline row of the smallest size,
    they grow with N.
    """
    print(f"\nfamily curve: one story and N copies\n{'kind':8} {'N':>6} {'engine':26} {'seconds':>8}"
          f" {'ms/copy':>8} {'pairs':>8} {'pairs/copy':>10} {'MB':>7}")  # fmt: skip

    def line(kind: str, n: int, engine: str, seconds: float, pairs: int, size: float) -> None:  # noqa: PLR0917
        print(f"{kind:8} {n:6} {engine:26} {seconds:8.1f} {1000 * seconds / n:8.2f} {pairs:8}"
              f" {pairs / n:10.1f} {size:7.1f}")  # fmt: skip

    for kind in kinds:
        make = carried if kind == "verbatim" else edited
        for n in sizes:
            articles = make(n)
            if n == sizes[0]:
                start = time.perf_counter()
                every = scan(articles, representatives=None)
                line(kind, n, "scan, every pair (baseline)", time.perf_counter() - start, len(every), 0.0)
            start = time.perf_counter()
            pairs = len(scan(articles))
            line(kind, n, "scan", time.perf_counter() - start, pairs, 0.0)
            with targets(folder, pg, f"family-{kind}-{n}") as where:
                for backend, target in where:
                    seconds, report = timed_ingest(target, articles)
                    size = Path(target).stat().st_size / 1e6 if backend == "SQLite" else float("nan")
                    line(kind, n, f"ingest into {backend}", seconds, report.matches, size)


def _writer(target: str, part: list[Article], start: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    with Ledger.open(target) as ledger:
        ledger.ingest(part)


def writers(folder: Path, pg: str | None, counts: list[int]) -> None:
    """The same feed split among 1, 2, 4 processes writing one ledger: throughput against one."""
    articles = feed(600, seed=3)
    context = multiprocessing.get_context("spawn")
    print(f"\nconcurrent writers: {len(articles)} articles split among W processes")
    print(f"{'W':>3} {'backend':10} {'seconds':>8} {'docs/s':>8} {'ratio':>7}")
    base: dict[str, float] = {}
    for w in counts:
        with targets(folder, pg, f"writers-{w}") as where:
            for backend, target in where:
                with Ledger.open(target) as ledger:  # set up the ledger before the clock starts
                    ledger.ingest(articles[:1])
                start_line = context.Barrier(w + 1)
                parts = [articles[1 + k :: w] for k in range(w)]
                processes = [context.Process(target=_writer, args=(target, p, start_line)) for p in parts]
                for p in processes:
                    p.start()
                start_line.wait()
                start = time.perf_counter()
                for p in processes:
                    p.join()
                seconds = time.perf_counter() - start
                rate = (len(articles) - 1) / seconds
                base.setdefault(backend, rate)
                print(f"{w:3} {backend:10} {seconds:8.1f} {rate:8.0f} {rate / base[backend]:6.2f}x")


def forgetting(folder: Path, pg: str | None, size: int, repeat: int) -> None:
    """A retention run: the oldest quarter of a feed forgotten, against the ingest of the whole feed.

    The feed is ``expanded(size)`` as one outlet's feed (so the tally counts every article's
    sentences), each article published a minute after the one before; ``Ledger.forget`` of what
    ``Ledger.published`` lists up to the cutoff (one transaction, then the re-check of what stopped
    being boilerplate). Each timing is the best of ``repeat`` runs, each into a new ledger.
    """
    start, minute = datetime(2024, 1, 1, tzinfo=UTC), timedelta(minutes=1)
    articles = [
        attrs.evolve(a, outlet="BBC News", url=f"https://bbc.example/{a.id}", published=start + minute * k)
        for k, a in enumerate(expanded(size).articles)
    ]
    cutoff = Window(until=start + minute * (len(articles) // 4 - 1))
    n = len(articles)
    print(f"\nforget: the oldest quarter of {n} articles (one outlet's feed); the best of {repeat} runs")
    print(f"{'backend':12} {'ingest s':>9} {'forget s':>9} {'forgotten':>10} {'per s':>8} {'ratio':>7}")
    best: dict[str, tuple[float, float, int]] = {}
    for r in range(repeat):
        with targets(folder, pg, f"forget-{r}") as where:
            for backend, target in where:
                ingest_s, _ = timed_ingest(target, articles)
                with Ledger.open(target) as ledger:
                    clock = time.perf_counter()
                    gone = ledger.forget(ledger.published(cutoff))
                    forget_s = time.perf_counter() - clock
                old = best.get(backend, (math.inf, math.inf, 0))
                best[backend] = (min(old[0], ingest_s), min(old[1], forget_s), len(gone))
    for backend, (ingest_s, forget_s, gone_n) in best.items():
        # the ratio: articles forgotten a second against articles ingested a second
        ratio = (gone_n / forget_s) / (n / ingest_s)
        rate = gone_n / forget_s
        print(f"{backend:12} {ingest_s:9.2f} {forget_s:9.2f} {gone_n:10} {rate:8.0f} {ratio:6.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--checks", type=int, default=200)
    parser.add_argument("--pg", default=None, help="a PostgreSQL URL (a fresh schema is made and dropped)")
    parser.add_argument(
        "--family", default="100,200,400,800,1600,3200", help="copies per family, comma-separated"
    )
    parser.add_argument("--kinds", default="verbatim,edited", help="families: verbatim, edited")
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument(
        "--skip", default="", help="parts to leave out: bbc,cli,memory,cpu,big,family,workers,forget"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each BBC timing (the best counts)")
    parser.add_argument("--forget-size", type=int, default=10_000, help="articles of the retention run")
    parser.add_argument("--backends", default="sqlite,postgresql", help="ledgers to run: sqlite,postgresql")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    BACKENDS.intersection_update(args.backends.split(","))
    folder = Path(tempfile.mkdtemp())
    if "bbc" not in skip:
        ingest_vs_scan(folder, args.pg, args.repeat)
    if "cli" not in skip:
        commands(folder, args.pg, args.repeat)
    if "memory" not in skip:
        memory(folder, args.pg)
    if "cpu" not in skip:
        cpu(folder, args.pg)
    if "big" not in skip:
        check_latency(folder, args.pg, args.size, args.checks)
    if "family" not in skip:
        family(folder, args.pg, [int(n) for n in args.family.split(",")], args.kinds.split(","))
    if "workers" not in skip:
        writers(folder, args.pg, [int(n) for n in args.workers.split(",")])
    if "forget" not in skip:
        forgetting(folder, args.pg, args.forget_size, args.repeat)


if __name__ == "__main__":
    main()
