"""Memory per indexed article: the index and the signatures it keeps, at 100k and 1M articles.

Run from the repository root::

    python benchmarks/memory.py [--sizes 100000 1000000] [--baseline 100000]

Each index is built in this process from synthetic 128-value signatures (benchmarks/index.py)
added with ``Index.add_many`` and then dropped by the caller, so that what remains is what the
index holds: its table of band keys and chains, its blocks of values, sizes and keys. Two
measures, both divided by the number of articles: the bytes that ``tracemalloc`` sees allocated
(Python objects and NumPy buffers), and the growth of the process's resident memory (which adds
the allocator's slack). The keys are the integers 0..n-1, created by the caller but counted,
as ``scan`` creates them. The baseline of the ratio column is datasketch's ``MinHashLSH`` at
threshold 0.5 holding the same signatures as ``LeanMinHash`` objects, measured in the same run
at ``--baseline`` articles.
"""

from __future__ import annotations

import argparse
import gc
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datasketch import MinHashLSH
from fingerprint import machine
from index import CONFIG, signatures

from provenance import Index


def resident() -> int:
    """Resident memory of this process, in bytes (Linux)."""
    pages = int(Path("/proc/self/statm").read_text(encoding="ascii").split()[1])
    return pages * 4096


def measured(build: Callable[[int], Any], n: int) -> tuple[float, float]:
    """Bytes per article held by what ``build(n)`` returns: (tracemalloc, resident)."""
    gc.collect()
    rss = resident()
    tracemalloc.start()
    held = build(n)
    gc.collect()
    traced = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    grown = resident() - rss
    del held
    gc.collect()
    return traced / n, grown / n


def ours(n: int) -> Index:
    index = Index(CONFIG)
    done = 0
    for batch in signatures(n, seed=n):
        index.add_many(enumerate(batch, start=done))
        done += len(batch)
    return index


def datasketch_lsh(n: int) -> MinHashLSH:
    lsh = MinHashLSH(threshold=0.5, num_perm=CONFIG.num_perm)
    done = 0
    for batch in signatures(n, seed=n):
        with lsh.insertion_session() as session:
            for i, fp in enumerate(batch, start=done):
                session.insert(i, fp.minhash, check_duplication=False)
        done += len(batch)
    return lsh


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--baseline", type=int, default=100_000)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    base = measured(datasketch_lsh, args.baseline)
    rows = [(f"datasketch MinHashLSH(0.5), {args.baseline:,}", base)]
    rows += [(f"provenance Index (oph), {n:,}", measured(ours, n)) for n in args.sizes]
    print(
        f"\n| {'index, articles':36} | {'bytes/article (traced)':>22} | {'(resident)':>10} | {'ratio':>7} |"
    )
    print(f"| {'-' * 36} | {'-' * 21}:| {'-' * 9}:| {'-' * 6}:|")
    for name, (traced, grown) in rows:
        print(f"| {name:36} | {traced:>22,.0f} | {grown:>10,.0f} | {base[0] / traced:>6.1f}x |")
    print("(ratio: the baseline's traced bytes over these: how many times smaller)")


if __name__ == "__main__":
    main()
