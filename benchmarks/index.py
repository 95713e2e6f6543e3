"""Index insert and query: throughput, p50 and p99 latency, at 100k and 1M signatures.

Run from the repository root::

    python benchmarks/index.py [--sizes 100000 1000000] [--queries 10000] [--baseline 100000]

Signatures are synthetic: 128 random 32-bit values each (what OPH values of distinct stories
look like), with story sizes of 100 to 1,000 shingles. For each size the table reports:

* insert: ``Index.add_many`` of every signature (batches of 8,192), and ``Index.add`` one at
  a time for the last 20,000;
* query, new story: a signature sharing nothing with the index (most queries of a feed);
* query, near duplicate: a stored signature with 20% of its values changed (Jaccard about
  0.67), which must come back as a candidate (the recall column).

Latencies are per call, with ``time.perf_counter_ns``. The baseline of the ratio column is
datasketch's ``MinHashLSH`` at the Jaccard threshold 0.5 (the reference's near-duplicate path),
measured in the same run at ``--baseline`` signatures (its memory and insert time grow too
fast to build it at a million on a small machine): throughputs are compared as rates, latencies
as the baseline's latency over ours.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator

import numpy as np
from datasketch import MinHashLSH
from fingerprint import calibration, machine

from provenance import Config, Fingerprint, Index

BATCH = 8192
CONFIG = Config()


def signatures(n: int, seed: int) -> Iterator[list[Fingerprint]]:
    """Batches of random fingerprints."""
    rng = np.random.default_rng(seed)
    for start in range(0, n, BATCH):
        count = min(BATCH, n - start)
        values = rng.integers(0, 1 << 32, size=(count, CONFIG.num_perm), dtype=np.uint64).astype(np.uint32)
        sizes = rng.integers(100, 1000, size=count).tolist()
        yield [Fingerprint(config=CONFIG, values=row, size=s) for row, s in zip(values, sizes, strict=True)]


def near(fp: Fingerprint, rng: np.random.Generator) -> Fingerprint:
    values = fp.values.copy()
    changed = rng.random(len(values)) < 0.2
    values[changed] = rng.integers(0, 1 << 32, size=int(changed.sum()), dtype=np.uint64).astype(np.uint32)
    return Fingerprint(config=CONFIG, values=values, size=fp.size)


def latencies(
    query: Callable[[Fingerprint], object], probes: list[Fingerprint]
) -> tuple[float, float, float]:
    """Queries per second, p50 and p99 in microseconds."""
    spent = []
    for fp in probes:
        start = time.perf_counter_ns()
        query(fp)
        spent.append(time.perf_counter_ns() - start)
    us = np.array(spent) / 1000
    return 1e6 / float(us.mean()), float(np.percentile(us, 50)), float(np.percentile(us, 99))


def measure_ours(n: int, queries: int) -> dict[str, tuple[float, ...]]:
    index = Index(CONFIG)
    rng = np.random.default_rng(1)
    bulk_time = single_time = 0.0
    kept: list[Fingerprint] = []
    last = max(n // 2, n - 20_000)  # signatures stored by add_many; the rest one at a time
    done = 0
    per_batch = -(-queries * BATCH // n)
    for batch in signatures(n, seed=n):
        kept.extend(batch[i] for i in rng.choice(len(batch), min(len(batch), per_batch), replace=False))
        split = max(0, min(len(batch), last - done))
        start = time.perf_counter()
        index.add_many((done + i, fp) for i, fp in enumerate(batch[:split]))
        bulk_time += time.perf_counter() - start
        start = time.perf_counter()
        for i, fp in enumerate(batch[split:], start=done + split):
            index.add(i, fp)
        single_time += time.perf_counter() - start
        done += len(batch)
    fresh = next(signatures(queries, seed=n + 7))
    dup = [near(fp, rng) for fp in kept[:queries]]
    found = sum(any(c.jaccard > 0.5 for c in index.query(fp)) for fp in dup)
    return {
        "insert, add_many": (last / bulk_time,),
        "insert, add": ((n - last) / single_time,),
        "query, new story": latencies(index.query, fresh[:queries]),
        "query, near duplicate": (*latencies(index.query, dup), found / len(dup)),
    }


def measure_datasketch(n: int, queries: int) -> dict[str, tuple[float, ...]]:
    lsh = MinHashLSH(threshold=0.5, num_perm=CONFIG.num_perm)
    spent, kept, done = 0.0, [], 0
    rng = np.random.default_rng(1)
    per_batch = -(-queries * BATCH // n)
    for batch in signatures(n, seed=n):
        leans = [fp.minhash for fp in batch]
        kept.extend(batch[:per_batch])
        start = time.perf_counter()
        with lsh.insertion_session() as session:
            for i, lean in enumerate(leans, start=done):
                session.insert(i, lean, check_duplication=False)
        spent += time.perf_counter() - start
        done += len(batch)
    fresh = [fp.minhash for fp in next(signatures(queries, seed=n + 7))]
    dup = [near(fp, rng).minhash for fp in kept[:queries]]
    found = sum(bool(lsh.query(m)) for m in dup)
    return {
        "insert, add_many": (n / spent,),
        "query, new story": latencies(lsh.query, fresh),
        "query, near duplicate": (*latencies(lsh.query, dup), found / len(dup)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=100_000, help="signatures in the datasketch baseline")
    args = parser.parse_args()
    print(f"machine: {machine()}; a plain Python loop: {calibration():.0f} ns per iteration")
    base = measure_datasketch(args.baseline, args.queries)
    rows = [(f"datasketch MinHashLSH(0.5), {args.baseline:,}", base)]
    rows += [(f"provenance Index (oph), {n:,}", measure_ours(n, args.queries)) for n in args.sizes]
    print(f"\n| {'index, signatures':36} | {'operation':22} | {'per s':>9} | {'p50 us':>7} | {'p99 us':>7} |"
          f" {'recall':>6} | {'ratio':>7} |")  # fmt: skip
    print(f"| {'-' * 36} | {'-' * 22} | {'-' * 8}:| {'-' * 6}:| {'-' * 6}:| {'-' * 5}:| {'-' * 6}:|")
    for name, result in rows:
        for op, values in result.items():
            rate, p50, p99, recall = (*values, None, None, None)[:4]
            ref = base.get(op, base["insert, add_many"])[0]
            p50s = f"{p50:7.1f}" if p50 is not None else f"{'':7}"
            p99s = f"{p99:7.1f}" if p99 is not None else f"{'':7}"
            recalls = f"{recall:6.3f}" if recall is not None else f"{'':6}"
            print(
                f"| {name:36} | {op:22} | {rate:9,.0f} | {p50s} | {p99s} | {recalls} | {rate / ref:6.1f}x |"
            )


if __name__ == "__main__":
    main()
