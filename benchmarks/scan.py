"""End-to-end ``scan`` throughput, with verification per candidate pair, on BBC and on 100k articles.

Run from the repository root::

    python benchmarks/scan.py [--docs 100000] [--sample 3000] [--profile]

For the BBC corpus (2,225 articles) and for the BBC stories expanded with generated variants
to ``--docs`` articles (benchmarks/corpus.py), in one process:

* datasketch ``MinHash.update`` per shingle of the same stories: the baseline of the ratio
  column (timed on the first ``--sample`` articles of the expanded corpus);
* ``provenance.scan`` end to end: read (from memory), clean, fingerprint, index, candidates,
  exact comparison, relations; in docs/s;
* the same scan on the reference path (``Config(method="datasketch")``), on BBC;
* the stages, timed apart (BBC only): cleaning; ``fingerprint_many`` of the stories; ``Index.add_many``
  and one query per story; the exact comparison (``compare.prepare`` of every story, then
  ``compare`` of every candidate pair, in ms per pair).

``--profile`` prints where the end-to-end scan of BBC spends its time (cProfile, top 25).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from corpus import BBC, Corpus, expanded
from fingerprint import calibration, datasketch_per_shingle, machine

from provenance import Article, Config, Index, clean, compare, read, scan
from provenance.compare import prepare
from provenance.fingerprint import fingerprint_many


def stages(articles: Sequence[Article]) -> dict[str, float]:
    """Seconds per stage, and the candidate pairs, of the pipeline run stage by stage."""
    out: dict[str, float] = {}
    start = time.perf_counter()
    stories = [clean(a.text) for a in articles]
    out["clean"] = time.perf_counter() - start
    start = time.perf_counter()
    prints = list(fingerprint_many(stories))
    out["fingerprint_many"] = time.perf_counter() - start
    start = time.perf_counter()
    index = Index()
    index.add_many(enumerate(prints))
    pairs = set()
    for k, fp in enumerate(prints):
        for c in index.query(fp, exclude=k):
            other = int(str(c.key))
            pairs.add((min(k, other), max(k, other)))
    out["index + queries"] = time.perf_counter() - start
    start = time.perf_counter()
    prepared = [prepare(s, id=a.id) for a, s in zip(articles, stories, strict=True)]
    out["prepare"] = time.perf_counter() - start
    start = time.perf_counter()
    for i, j in sorted(pairs):
        compare(prepared[i], prepared[j])
    out["compare"] = time.perf_counter() - start
    out["pairs"] = len(pairs)
    return out


def run(name: str, corpus: Corpus, sample: int) -> None:
    articles = corpus.articles
    n = len(articles)
    base_texts = [clean(a.text).text for a in articles[:sample]]
    start = time.perf_counter()
    datasketch_per_shingle(base_texts)
    base = len(base_texts) / (time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "articles.jsonl"
        with path.open("w", encoding="utf-8") as out:
            out.writelines(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in articles)
        start = time.perf_counter()
        found = scan(read(path))
        whole = n / (time.perf_counter() - start)
    rows = [
        ("datasketch MinHash.update per shingle", len(base_texts), base),
        ("provenance.scan(read(file)), end to end", n, whole),
    ]
    if n <= 10_000:
        start = time.perf_counter()
        scan(articles, config=Config(method="datasketch"))
        rows.append(("provenance.scan, reference path", n, n / (time.perf_counter() - start)))
    parts = stages(articles) if n <= 10_000 else {"pairs": 0.0}
    pairs = int(parts.pop("pairs"))
    for stage, seconds in parts.items():
        rows.append((f"  stage: {stage}", n, n / seconds))
    print(f"\n{name}: {n:,} articles, {len(found):,} pairs found")
    print(f"| {'what':40} | {'docs':>8} | {'docs/s':>9} | {'ratio':>7} |")
    print(f"| {'-' * 40} | {'-' * 7}:| {'-' * 8}:| {'-' * 6}:|")
    for what, docs, rate in rows:
        print(f"| {what:40} | {docs:>8,} | {rate:>9,.0f} | {rate / base:>6.1f}x |")
    if pairs:
        print(f"verification: {pairs:,} candidate pairs, {1000 * parts['compare'] / pairs:.3f} ms per pair")
    print(f"end to end: {n / whole:.1f} s for {n:,} articles")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="articles in the expanded corpus")
    parser.add_argument("--sample", type=int, default=3000, help="articles timed for the baseline")
    parser.add_argument("--profile", action="store_true", help="profile the end-to-end scan of BBC")
    args = parser.parse_args()
    print(f"machine: {machine()}; a plain Python loop: {calibration():.0f} ns per iteration")
    small = Corpus(list(read(BBC)))
    run("BBC", small, len(small.articles))
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(scan, small.articles)
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(25)
        print(text.getvalue())
    if args.docs > len(small.articles):
        run("expanded", expanded(args.docs), args.sample)


if __name__ == "__main__":
    main()
