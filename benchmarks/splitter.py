"""The sentence splitter with abbreviations against the one before it, timed in the same run.

Run from the repository root::

    python benchmarks/splitter.py

It splits the stories of ``examples/wire.jsonl`` (and, when ``PROVENANCE_CORPUS`` points at the
shared corpus, the BBC articles in it), repeated to about ``CHARS`` characters, with
:func:`provenance.boilerplate.units` as it is and with the same function on the pattern without
abbreviations (the splitter before), and prints the ratio of the best of ``REPEATS`` times and
how many sentences each finds. The ratio, not a time, is the figure: both run on one machine
in one process. It exits 1 when the new splitter is more than ``LIMIT`` times slower.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

from provenance import boilerplate, clean
from provenance.clean import Story
from provenance.errors import EmptyStoryError

ROOT = Path(__file__).resolve().parent.parent
CHARS = 2_000_000
REPEATS = 5
LIMIT = 2.0
BEFORE = re.compile(r"[.!?][\"')\]]?([ ]+)(?=[\"'(\[]?[A-Z0-9\u00c0-\u00de])")


def _texts() -> list[str]:
    lines = (ROOT / "examples" / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    corpus = os.environ.get("PROVENANCE_CORPUS")
    if corpus:
        paths = sorted(Path(corpus).rglob("*.txt"))[:400]
        texts.extend(path.read_text(encoding="utf-8", errors="replace") for path in paths)
    return texts


def _best(stories: list[Story]) -> tuple[float, int]:
    best = float("inf")
    count = 0
    for _ in range(REPEATS):
        start = time.perf_counter()
        count = sum(len(boilerplate.units(story)) for story in stories)
        best = min(best, time.perf_counter() - start)
    return best, count


def main() -> int:
    """Time both splitters on the same stories; print the ratio."""
    stories = []
    for text in _texts():
        try:
            stories.append(clean(text))
        except EmptyStoryError:
            continue
    total = sum(len(s.text) for s in stories)
    stories = stories * max(1, CHARS // max(1, total))
    chars = sum(len(s.text) for s in stories)
    new = boilerplate.SENTENCE
    after, count_after = _best(stories)
    boilerplate.SENTENCE = BEFORE
    try:
        before, count_before = _best(stories)
    finally:
        boilerplate.SENTENCE = new
    ratio = after / before
    print(f"{len(stories)} stories, {chars:,} characters")
    print(f"before: {before:.3f} s, {count_before:,} sentences")
    print(f"after:  {after:.3f} s, {count_after:,} sentences")
    print(f"ratio after/before: {ratio:.2f} (limit {LIMIT})")
    return 0 if ratio <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
