"""End-to-end ``scan`` throughput, with verification per candidate pair, on BBC and on 100k articles.

Run from the repository root::

    python benchmarks/scan.py [--docs 100000] [--sample 3000] [--workers 2] [--profile]

For the BBC corpus (2,225 articles) and for the BBC stories expanded with generated variants
to ``--docs`` articles (benchmarks/corpus.py):

* datasketch ``MinHash.update`` per shingle of the same stories: the baseline of the ratio
  column (timed on the first ``--sample`` articles of the expanded corpus);
* ``provenance.scan(read(file))`` end to end: read, clean, fingerprint, index, candidates,
  exact comparison, relations; in docs/s, with ``workers=1`` (all in this process) and with
  ``--workers`` worker processes (default: ``scan``'s own choice); with the growth of this
  process's peak resident memory during the scan and the largest peak of a worker;
* the same scan on the reference path (``Config(method="datasketch")``), on BBC, in one process;
* the stages, timed apart in one process (BBC only): cleaning; ``fingerprint_many`` of the
  stories; ``Index.add_many`` and one query per story; the exact comparison
  (``compare.prepare_many`` of the articles in a candidate pair, as ``scan`` does, then
  ``compare`` of every candidate pair, in ms per pair).

The lines ``cpu`` give the processor time of the scan, this process and its workers together:
on a machine shared with other jobs, the wall time of the parallel scan says little.

``--profile`` prints where the end-to-end scan of BBC spends its time (cProfile, top 25).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import itertools
import json
import os
import pstats
import resource
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from corpus import BBC, Corpus, expanded
from fingerprint import calibration, datasketch_per_shingle, machine

from provenance import Article, Config, Index, clean, compare, read, scan
from provenance.compare import prepare_many
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
    members = sorted({k for pair in pairs for k in pair})
    made = prepare_many([stories[k] for k in members], [articles[k].id for k in members])
    prepared = dict(zip(members, made, strict=True))
    out["prepare_many, articles in a pair"] = time.perf_counter() - start
    start = time.perf_counter()
    for i, j in sorted(pairs):
        compare(prepared[i], prepared[j])
    out["compare"] = time.perf_counter() - start
    out["pairs"] = len(pairs)
    return out


def resident(pid: int | str = "self") -> int:
    """Resident memory of a process, in bytes (Linux); 0 once it is gone."""
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text(encoding="ascii").split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * resource.getpagesize()


def proportional(pid: int | str = "self") -> int:
    """Proportional resident memory of a process, in bytes (Linux): shared pages divided among sharers."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii").splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


def children() -> list[int]:
    """The process ids of this process's children (Linux)."""
    found = []
    for task in Path("/proc/self/task").iterdir():
        try:
            found.extend(int(p) for p in (task / "children").read_text(encoding="ascii").split())
        except OSError:
            continue
    return found


class Peak:
    """The peak, over a ``with`` block, of the resident memory of this process and of its workers.

    Sampled from /proc: ``own`` is this process's peak resident memory (every 50 ms), ``total`` the
    peak of the proportional resident memory of this process and its children together (a page
    that a forked worker still shares with this process counts once, divided between them; every
    second, as reading it costs the kernel a walk of the page tables).
    """

    def __init__(self) -> None:
        self.own = self.total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        for tick in itertools.count():
            own = resident()
            self.own = max(self.own, own)
            pids = children()
            if not pids:
                self.total = max(self.total, own)
            elif tick % 20 == 0:  # the proportional figure walks the page tables: once a second
                self.total = max(self.total, proportional() + sum(proportional(pid) for pid in pids))
            if self._stop.wait(0.05):
                return

    def __enter__(self) -> Peak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu() -> float:
    """Processor seconds used so far by this process and its finished workers."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_scan(path: Path, workers: int | None) -> tuple[int, float, float, int, int]:
    """Matches, seconds, processor seconds, and the peak memory of the scan above what this process held.

    The two memory figures: this process's peak, and the peak of this process and its workers.
    """
    gc.collect()
    before = resident()
    shared = before if workers == 1 else proportional()
    with Peak() as p:
        start, used = time.perf_counter(), cpu()
        found = len(scan(read(path), workers=workers))
        seconds, used = time.perf_counter() - start, cpu() - used
    return found, seconds, used, p.own - before, p.total - shared


def run(name: str, corpus: Corpus, sample: int, workers: int | None) -> None:
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
        scans = {w: timed_scan(path, w) for w in (1, workers)}
    rows = [("datasketch MinHash.update per shingle", len(base_texts), base)]
    for w, (_, seconds, _, _, _) in scans.items():
        rows.append((f"provenance.scan, end to end, workers={w or 'default'}", n, n / seconds))
    if n <= 10_000:
        start = time.perf_counter()
        scan(articles, config=Config(method="datasketch"))
        rows.append(("provenance.scan, reference path", n, n / (time.perf_counter() - start)))
    parts = stages(articles) if n <= 10_000 else {"pairs": 0.0}
    pairs = int(parts.pop("pairs"))
    for stage, seconds in parts.items():
        rows.append((f"  stage: {stage}", n, n / seconds))
    print(f"\n{name}: {n:,} articles, {scans[1][0]:,} pairs found")
    print(f"| {'what':48} | {'docs':>8} | {'docs/s':>9} | {'ratio':>7} |")
    print(f"| {'-' * 48} | {'-' * 7}:| {'-' * 8}:| {'-' * 6}:|")
    for what, docs, rate in rows:
        print(f"| {what:48} | {docs:>8,} | {rate:>9,.0f} | {rate / base:>6.1f}x |")
    if pairs:
        print(f"verification: {pairs:,} candidate pairs, {1000 * parts['compare'] / pairs:.3f} ms per pair")
    for w, (found, seconds, used, own, total) in scans.items():
        print(
            f"end to end, workers={w or 'default'}: {seconds:.1f} s for {n:,} articles ({found:,} pairs), "
            f"cpu {used:.1f} s ({1000 * used / n:.2f} ms an article), peak memory above the corpus: "
            f"this process {own / 1e9:.2f} GB, with its workers {total / 1e9:.2f} GB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="articles in the expanded corpus")
    parser.add_argument("--sample", type=int, default=3000, help="articles timed for the baseline")
    parser.add_argument("--profile", action="store_true", help="profile the end-to-end scan of BBC")
    parser.add_argument("--workers", type=int, default=None, help="worker processes of the parallel scan")
    args = parser.parse_args()
    print(f"machine: {machine()}; a plain Python loop: {calibration():.0f} ns per iteration")
    small = Corpus(list(read(BBC)))
    run("BBC", small, len(small.articles), args.workers)
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(scan, small.articles, workers=1)
        text = io.StringIO()
        pstats.Stats(profile, stream=text).sort_stats("cumulative").print_stats(25)
        print(text.getvalue())
    if args.docs > len(small.articles):
        run("expanded", expanded(args.docs), args.sample, args.workers)


if __name__ == "__main__":
    main()
