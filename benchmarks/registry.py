"""Registry lookups: credit reading and direction, with and without the registry's cache, in one run.

Run from the repository root::

    python benchmarks/registry.py [--repeat 3]

A registry never changes, so :meth:`provenance.registry.Registry.find` keeps each name's
resolution. This measures what that saves on the work that resolves names most: reading the
credits of the labelled snippets and of the bundled example feed
(:func:`provenance.credits.extract`), and directing the example's copy pairs
(:func:`provenance.relate.direct`, which resolves both outlets and every credited name). Each
row is the best of ``--repeat`` passes; the cached pass starts from an empty cache. The figure
is the ratio of the two times, measured in the same process.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from provenance import compare, is_copy, read
from provenance.credits import extract
from provenance.registry import Registry
from provenance.relate import direct

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "data" / "credits_labelled.jsonl"
EXAMPLE = ROOT / "examples" / "wire.jsonl"


def best(work: Callable[[], object], repeat: int, *, before: Callable[[], None]) -> float:
    """The shortest time of ``repeat`` runs of ``work``, each after ``before``."""
    times = []
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    registry = Registry.default()
    snippets = [json.loads(line)["text"] for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    articles = list(read(EXAMPLE))
    pairs = [(a, b) for k, a in enumerate(articles) for b in articles[k + 1 :]]
    matches = [(m, a, b) for a, b in pairs if is_copy(m := compare(a, b))]

    def reading() -> None:
        for text in snippets * 5:
            extract(text, registry=registry)
        for article in articles * 5:
            extract(article, registry=registry)

    def directions() -> None:
        for m, a, b in matches * 5:
            direct(m, a, b)

    def uncached() -> None:  # every find resolves again
        registry.find = registry._resolve  # type: ignore[method-assign]

    def cached() -> None:  # the cache, empty at the start of the pass
        vars(registry).pop("find", None)
        registry._found.clear()

    print(f"{'work':<28} {'no cache':>9} {'cache':>9} {'ratio':>6}")
    for name, work in (("credits of the snippets", reading), ("direction of copy pairs", directions)):
        slow = best(work, args.repeat, before=uncached)
        fast = best(work, args.repeat, before=cached)
        cached()
        print(f"{name:<28} {slow:>8.3f}s {fast:>8.3f}s {slow / fast:>5.1f}x")
    read_what = f"{len(snippets)} snippets and {len(articles)} articles read 5 times"
    print(f"({read_what}; {len(matches)} pairs directed 5 times)")


if __name__ == "__main__":
    main()
