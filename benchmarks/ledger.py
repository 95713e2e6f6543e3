"""Ledger benchmarks: ingest throughput, open time (index rebuilt from stored signatures), check latency.

Run from the repository root::

    python benchmarks/ledger.py [--size 100000] [--checks 200]

1. Ingest of the BBC corpus (2,225 articles, one transaction each, matches verified and stored),
   against ``provenance.scan`` of the same articles in memory, measured in the same run.
2. A ledger of ``--size`` articles (the BBC stories expanded with generated variants, see
   ``corpus.py``), stored in bulk; then ``Ledger.open``, which rebuilds the candidate index from
   the stored signatures, against reading the same signatures from SQLite alone.
3. ``Ledger.check`` of ``--checks`` articles against that ledger: p50 and p99 latency.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from corpus import bbc, expanded

from provenance import Config, fingerprint, scan
from provenance.ledger import Ledger, digest
from provenance.ledger.sqlite import SQLiteStore
from provenance.ledger.store import Stored


def ingest_vs_scan(folder: Path) -> None:
    """Ingest of the BBC corpus against scan in memory."""
    articles = bbc().articles
    start = time.perf_counter()
    scanned = scan(articles)
    scan_s = time.perf_counter() - start
    start = time.perf_counter()
    with Ledger.open(folder / "bbc.db") as ledger:
        report = ledger.ingest(articles)
    ingest_s = time.perf_counter() - start
    n = len(articles)
    print(f"BBC: {n} articles, {len(scanned)} pairs by scan, {report.matches} matches stored")
    print(f"{'task':52} {'seconds':>8} {'docs/s':>8} {'ratio':>7}")
    print(f"{'scan in memory (baseline)':52} {scan_s:8.1f} {n / scan_s:8.0f} {1.0:6.2f}x")
    what = "ingest into SQLite, one transaction per article"
    print(f"{what:52} {ingest_s:8.1f} {n / ingest_s:8.0f} {scan_s / ingest_s:6.2f}x")


def build(path: Path, size: int) -> float:
    """Store the expanded corpus in bulk (5,000 articles a transaction); returns the seconds taken."""
    big = expanded(size)
    config = Config()
    start = time.perf_counter()
    store = SQLiteStore(path)
    for k in range(0, len(big.articles), 5_000):
        with store.write():
            if store.config() is None:
                store.set_config(config)
            for a in big.articles[k : k + 5_000]:
                store.add(Stored(seq=0, article=a, digest=digest(a.text)), fingerprint(a.text, config=config))
    store.close()
    return time.perf_counter() - start


def open_and_check(path: Path, checks: int) -> None:
    """Open time against reading the signatures alone; then check latency."""
    store = SQLiteStore(path)
    start = time.perf_counter()
    count = sum(1 for _ in store.fingerprints())
    read_s = time.perf_counter() - start
    probes = [s.article for k, s in enumerate(store.articles()) if k % max(1, count // checks) == 0][:checks]
    store.close()
    start = time.perf_counter()
    ledger = Ledger.open(path)
    open_s = time.perf_counter() - start
    print(f"\nledger of {count} articles ({path.stat().st_size / 1e6:.0f} MB)")
    print(f"{'task':52} {'seconds':>8} {'ratio':>7}")
    print(f"{'read the stored signatures (baseline)':52} {read_s:8.2f} {1.0:6.2f}x")
    print(f"{'Ledger.open: read them and rebuild the index':52} {open_s:8.2f} {open_s / read_s:6.2f}x")
    times = []
    found = 0
    for a in probes:
        start = time.perf_counter()
        found += bool(ledger.check(a).matches)
        times.append(time.perf_counter() - start)
    ledger.close()
    times.sort()
    p50 = statistics.median(times) * 1000
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))] * 1000
    print(f"\ncheck of {len(probes)} stored texts (their own ids left out) against {count} articles:")
    print(f"p50 {p50:.1f} ms, p99 {p99:.1f} ms; {found} found a match")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--checks", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    ingest_vs_scan(folder)
    path = folder / "big.db"
    seconds = build(path, args.size)
    print(f"\n{args.size} articles stored in bulk in {seconds:.0f} s")
    open_and_check(path, args.checks)


if __name__ == "__main__":
    main()
