"""End-to-end ``scan`` throughput on the BBC corpus, with its stages timed.

Run from the repository root::

    python benchmarks/scan.py [--corpus ../shared/corpus/bbc/articles.jsonl]

Reports docs/s for the whole scan (clean, fingerprint, index, candidates, exact
comparison) and, measured in the same run, for datasketch's per-shingle MinHash
of the same stories, as the baseline of the ratio column.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from fingerprint import DEFAULT, per_shingle

from provenance import Config, clean, read, scan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    args = parser.parse_args()
    articles = list(read(args.corpus))
    n = len(articles)

    start = time.perf_counter()
    texts = [clean(a.text).text for a in articles]
    cleaning = time.perf_counter() - start

    start = time.perf_counter()
    per_shingle(texts, Config())
    baseline = time.perf_counter() - start

    start = time.perf_counter()
    matches = scan(articles)
    whole = time.perf_counter() - start

    print(f"{n} articles, {len(matches)} pairs found")
    print(f"{'stage':46} {'docs/s':>9} {'ratio':>7}")
    print(f"{'datasketch MinHash.update per shingle':46} {n / baseline:9.0f} {1.0:6.1f}x")
    print(f"{'clean only':46} {n / cleaning:9.0f} {baseline / cleaning:6.1f}x")
    print(f"{'provenance.scan (end to end)':46} {n / whole:9.0f} {baseline / whole:6.1f}x")


if __name__ == "__main__":
    main()
