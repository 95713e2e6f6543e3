"""Fingerprinting throughput and accuracy, against datasketch and rensa, in one run.

Run from the repository root (``pip install -e '.[bench]'`` first, for rensa)::

    python benchmarks/fingerprint.py [--docs 100000] [--sample 3000] [--pairs 2000]

Every contender turns the same story texts into 128 MinHash values of the same shingles (5
case-folded words) with seed 1, in this process, one after the other:

* datasketch ``MinHash.update`` once per shingle string: the common way, and the baseline of
  the ratio column;
* datasketch ``MinHash.bulk``: its own batch path (``update_batch``), also on shingle strings;
* rensa ``RMinHash.update`` with each story's shingle strings: its common way;
* rensa ``RMinHash.digest_matrix_from_flat_token_hashes`` on provenance's shingle hashes: its
  fastest path (provenance's NumPy shingling, then rensa's R-MinHash in Rust), and the same
  path with rensa's Rho sketch, a sampling sketch shown for its bias;
* provenance: ``fingerprint`` one story at a time and ``fingerprint_many``, with the default
  method (``"oph"``), and ``fingerprint_many`` with the reference method (``"datasketch"``).

Two corpora: the 2,225 BBC stories, and the BBC stories expanded with generated variants to
``--docs`` articles (benchmarks/corpus.py). Contenders slower than 10,000 docs/s on BBC are
timed on the first ``--sample`` articles of the expanded corpus. Each row is the best of
``--repeat`` runs (one run for contenders that take more than 20 seconds).

Accuracy: the mean absolute error and the mean signed error (bias) of each contender's Jaccard
estimate (the share of equal values) against the exact Jaccard of the shingle sets, on
``--pairs`` known pairs of the expanded corpus (each generated copy, edit, excerpt or extension
with its source).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import time
from array import array
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from corpus import Corpus, expanded
from datasketch import MinHash

import provenance
from provenance import Config
from provenance.fingerprint import fingerprint, fingerprint_many
from provenance.shingle import shingles, shingles_many, words

NUM_PERM, SHINGLE, SEED = 128, 5, 1

Contender = Callable[[Sequence[str]], list[Any]]


def shingle_strings(text: str) -> list[bytes]:
    w = words(text)
    if len(w) < SHINGLE:
        return [" ".join(w).encode()]
    return [" ".join(w[i : i + SHINGLE]).encode() for i in range(len(w) - SHINGLE + 1)]


def datasketch_per_shingle(texts: Sequence[str]) -> list[Any]:
    out = []
    for text in texts:
        m = MinHash(num_perm=NUM_PERM, seed=SEED)
        for s in shingle_strings(text):
            m.update(s)
        out.append(m.hashvalues)
    return out


def datasketch_bulk(texts: Sequence[str]) -> list[Any]:
    return [
        m.hashvalues for m in MinHash.bulk([shingle_strings(t) for t in texts], num_perm=NUM_PERM, seed=SEED)
    ]


def rensa_update(texts: Sequence[str]) -> list[Any]:
    from rensa import RMinHash  # noqa: PLC0415 -- an optional extra: pip install -e '.[bench]'

    out = []
    for text in texts:
        m = RMinHash(num_perm=NUM_PERM, seed=SEED)
        m.update([s.decode() for s in shingle_strings(text)])
        out.append(np.array(m.digest(), dtype=np.uint32))
    return out


def rensa_flat(rho: bool) -> Contender:
    def run(texts: Sequence[str]) -> list[Any]:
        from rensa import RMinHash  # noqa: PLC0415

        method = (
            RMinHash.digest_matrix_from_flat_token_hashes_rho
            if rho
            else RMinHash.digest_matrix_from_flat_token_hashes
        )
        out = []
        for start in range(0, len(texts), 128):  # batches, as fingerprint_many makes them
            hashes, offsets = shingles_many(texts[start : start + 128], SHINGLE)
            matrix = method(hashes, offsets.astype(np.uint64), NUM_PERM, SEED)
            out.extend(np.array(row, dtype=np.uint32) for row in matrix.to_rows())
        return out

    return run


def provenance_one(texts: Sequence[str]) -> list[Any]:
    config = Config()
    return [
        fingerprint(provenance.Story(text=t, source=t, offsets=_NO_OFFSETS), config=config).values
        for t in texts
    ]


def provenance_many(method: str) -> Contender:
    def run(texts: Sequence[str]) -> list[Any]:
        config = Config(method=method)
        stories = (provenance.Story(text=t, source=t, offsets=_NO_OFFSETS) for t in texts)
        return [fp.values for fp in fingerprint_many(stories, config=config)]

    return run


_NO_OFFSETS = array("q")  # the benchmark's texts are stories already: nothing maps back

CONTENDERS: list[tuple[str, Contender]] = [
    ("datasketch MinHash.update per shingle", datasketch_per_shingle),
    ("datasketch MinHash.bulk (update_batch)", datasketch_bulk),
    ("rensa RMinHash.update per story", rensa_update),
    ("rensa R-MinHash, flat (provenance shingles)", rensa_flat(rho=False)),
    ("rensa Rho sketch, flat (sampling; biased)", rensa_flat(rho=True)),
    ("provenance fingerprint, one at a time (oph)", provenance_one),
    ("provenance fingerprint_many (oph)", provenance_many("oph")),
    ("provenance fingerprint_many (datasketch)", provenance_many("datasketch")),
]


def timed(fn: Contender, texts: Sequence[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - start)
        if best > 20:
            break
    return best


def exact_jaccard(a: str, b: str) -> float:
    x, y = shingles(a, SHINGLE), shingles(b, SHINGLE)
    common = len(np.intersect1d(x, y, assume_unique=True))
    return common / (len(x) + len(y) - common)


def machine() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout  # noqa: S607
        model = next(
            (line.split(":", 1)[1].strip() for line in lscpu.splitlines() if "Model name" in line), "?"
        )
    except OSError:
        model = "?"
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, numpy {np.__version__}"


def calibration() -> float:
    """ns per iteration of a plain Python loop: how fast this machine runs Python right now."""
    x = list(range(10_000))
    start = time.perf_counter()
    for _ in range(100):
        total = 0
        for i in x:
            total += i
    return (time.perf_counter() - start) / 1e6 * 1e9


def table(title: str, rows: list[tuple[str, int, float]], base: float) -> None:
    print(f"\n{title}")
    print(f"| {'contender':46} | {'docs timed':>10} | {'docs/s':>9} | {'ratio':>7} |")
    print(f"| {'-' * 46} | {'-' * 10}:| {'-' * 9}:| {'-' * 7}:|")
    for name, n, rate in rows:
        print(f"| {name:46} | {n:>10,} | {rate:>9,.0f} | {rate / base:>6.1f}x |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="articles in the expanded corpus")
    parser.add_argument("--sample", type=int, default=3000, help="articles timed for slow contenders")
    parser.add_argument("--pairs", type=int, default=2000, help="known pairs for the accuracy columns")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}; a plain Python loop: {calibration():.0f} ns per iteration")
    start = time.perf_counter()
    corpus: Corpus = expanded(args.docs)
    bbc_texts, all_texts = corpus.texts[:2225], corpus.texts
    made = time.perf_counter() - start
    print(f"corpus: {len(bbc_texts)} BBC stories, expanded to {len(all_texts):,} (made in {made:.0f} s)")

    fast: set[str] = set()
    rows_bbc = []
    for name, fn in CONTENDERS:
        rate = len(bbc_texts) / timed(fn, bbc_texts, args.repeat)
        rows_bbc.append((name, len(bbc_texts), rate))
        if rate > 10_000:
            fast.add(name)
    table(
        f"BBC, {len(bbc_texts)} stories, num_perm {NUM_PERM}, {SHINGLE}-word shingles",
        rows_bbc,
        rows_bbc[0][2],
    )

    rows_all = []
    for name, fn in CONTENDERS:
        texts = all_texts if name in fast else all_texts[: args.sample]
        rows_all.append((name, len(texts), len(texts) / timed(fn, texts, 1 if name in fast else args.repeat)))
    table(f"expanded corpus, {len(all_texts):,} articles", rows_all, rows_all[0][2])

    rng = np.random.default_rng(0)
    picked = [
        corpus.pairs[i]
        for i in rng.choice(len(corpus.pairs), min(args.pairs, len(corpus.pairs)), replace=False)
    ]
    ids = sorted({k for a, b, _ in picked for k in (a, b)})
    where = {k: i for i, k in enumerate(ids)}
    texts = [all_texts[k] for k in ids]
    exact = [exact_jaccard(all_texts[a], all_texts[b]) for a, b, _ in picked]
    print(f"\naccuracy on {len(picked)} known pairs (exact Jaccard: median {statistics.median(exact):.2f})")
    print(f"| {'contender':46} | {'MAE':>7} | {'bias':>7} |")
    print(f"| {'-' * 46} | {'-' * 6}:| {'-' * 6}:|")
    for name, fn in CONTENDERS:
        values = fn(texts)
        errors = [
            float(np.mean(values[where[a]] == values[where[b]])) - j
            for (a, b, _), j in zip(picked, exact, strict=True)
        ]
        print(f"| {name:46} | {statistics.fmean(map(abs, errors)):7.4f} | {statistics.fmean(errors):+7.4f} |")


if __name__ == "__main__":
    main()
