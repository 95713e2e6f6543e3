"""The spark engine against the local engine on the expanded BBC corpus: time, memory, shuffle bytes.

Run from ``benchmarks/`` (needs the shared BBC corpus and the spark extra)::

    python spark.py --docs 10000            # add 100000 when there is time: --docs 10000 100000

For each size, in one run: the local engine (``provenance.scan``, its default workers) and the
spark engine in ``local[2]`` (``provenance.spark.scan``, reading the same JSON Lines file), each
with its wall time, processor time and peak memory (the proportional resident memory of the
whole process tree: the driver, the JVM and Spark's Python workers), the ratio of the times,
and the bytes of shuffle files Spark wrote (the size of its local folder at the end of the
job), per article. Both engines must find the same pairs; the run stops if they do not.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from pathlib import Path

from corpus import BBC, expanded
from scan import proportional

from provenance import read, scan
from provenance import spark as engine
from provenance.export import match_record


def tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids = (task / "children").read_text(encoding="ascii").split()
        except OSError:
            continue
        for kid in kids:
            found.extend(tree(int(kid)))
    return found


class TreePeak:
    """The peak proportional resident memory of this process tree over a ``with`` block (every 0.5 s)."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while True:
            self.peak = max(self.peak, sum(proportional(p) for p in tree(os.getpid())))
            if self._stop.wait(0.5):
                return

    def __enter__(self) -> TreePeak:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_tree() -> float:
    """Processor seconds of this process tree (live processes from /proc, finished ones from times())."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in tree(os.getpid())[1:]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    t = os.times()
    return total + t.user + t.system + t.children_user + t.children_system


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000], help="corpus sizes")
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    corpus = os.environ.get("PROVENANCE_CORPUS")
    bbc = Path(corpus) / "bbc" / "articles.jsonl" if corpus else BBC
    with tempfile.TemporaryDirectory() as folder:
        local_dir = Path(folder) / "spark-local"
        local_dir.mkdir()
        os.environ["SPARK_LOCAL_DIRS"] = str(local_dir)
        spark = engine.session(args.master, partitions=8)
        spark.sparkContext.setLogLevel("ERROR")
        print(
            f"| {'docs':>8} | {'engine':14} | {'wall s':>7} | {'cpu s':>7} | {'ms/article cpu':>14} | "
            f"{'peak GB':>7} | {'pairs':>7} | {'time ratio':>10} | {'shuffle B/article':>17} |"
        )
        print(
            f"| {'-' * 7}:| {'-' * 14} | {'-' * 6}:| {'-' * 6}:| {'-' * 13}:| {'-' * 6}:| {'-' * 6}:| "
            f"{'-' * 9}:| {'-' * 16}:|"
        )
        for n in args.docs:
            path = Path(folder) / f"articles-{n}.jsonl"
            with path.open("w", encoding="utf-8") as out:
                out.writelines(
                    json.dumps({"id": a.id, "text": a.text}) + "\n" for a in expanded(n, path=bbc).articles
                )
            with TreePeak() as peak:
                start, used = time.perf_counter(), cpu_tree()
                local = [json.dumps(match_record(m), ensure_ascii=False) for m in scan(read(path))]
                local_s, local_cpu = time.perf_counter() - start, cpu_tree() - used
            local_peak = peak.peak
            before = folder_bytes(local_dir)
            with TreePeak() as peak:
                start, used = time.perf_counter(), cpu_tree()
                found = list(engine.scan(engine.load(spark, str(path))).lines())
                spark_s, spark_cpu = time.perf_counter() - start, cpu_tree() - used
            shuffle = folder_bytes(local_dir) - before
            if found != local:
                raise SystemExit(f"{n}: the engines differ ({len(local)} pairs here, {len(found)} in Spark)")
            for name, wall, cpu, mem, ratio, shuffled in (
                ("local", local_s, local_cpu, local_peak, 1.0, None),
                (f"spark {args.master}", spark_s, spark_cpu, peak.peak, spark_s / local_s, shuffle / n),
            ):
                print(
                    f"| {n:>8,} | {name:14} | {wall:>7.1f} | {cpu:>7.1f} | {1000 * cpu / n:>14.2f} | "
                    f"{mem / 1e9:>7.2f} | {len(local):>7,} | {ratio:>9.2f}x | "
                    f"{'' if shuffled is None else f'{shuffled:,.0f}':>17} |",
                    flush=True,
                )
        spark.stop()


if __name__ == "__main__":
    main()
