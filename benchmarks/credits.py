"""Precision and recall of credit extraction on the labelled set (tests/data/credits_labelled.jsonl).

Run from the repository root::

    python benchmarks/credits.py            # per split and per kind
    python benchmarks/credits.py --misses   # and every false positive and false negative

A found credit is right when its kind is the labelled kind and its agent is the labelled
agent: the same normalised name, or a name the registry resolves to the same agent.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from provenance.credits import extract
from provenance.registry import Registry, normalise

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "credits_labelled.jsonl"


def main(argv: list[str]) -> None:
    registry = Registry.default()

    def same(a: str, b: str) -> bool:
        ra, rb = registry.resolve(a), registry.resolve(b)
        return normalise(a) == normalise(b) or (ra is not None and ra == rb)

    counts: Counter[tuple[str, str]] = Counter()
    misses: list[str] = []
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        split = record.get("split", "dev")
        published = datetime.fromisoformat(record["published"]) if record.get("published") else None
        expected = [(c["kind"], c["agent"]) for c in record["credits"]]
        for credit in extract(record["text"], published=published).credits:
            hit = next((e for e in expected if e[0] == credit.kind and same(e[1], credit.agent)), None)
            if hit is None:
                counts[split, "fp"] += 1
                counts[credit.kind, "fp"] += 1
                misses.append(f"FP {record['id']}: {credit.kind} {credit.agent!r} ({credit.pattern})")
            else:
                expected.remove(hit)
                counts[split, "tp"] += 1
                counts[credit.kind, "tp"] += 1
        for kind, agent in expected:
            counts[split, "fn"] += 1
            counts[kind, "fn"] += 1
            misses.append(f"FN {record['id']}: {kind} {agent!r}")
    rows = sorted({key for key, _ in counts}, key=lambda k: (k not in ("dev", "heldout"), k))
    print(f"{'':14} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
    for key in rows:
        tp, fp, fn = counts[key, "tp"], counts[key, "fp"], counts[key, "fn"]
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        print(f"{key:14} {tp:4} {fp:4} {fn:4} {precision:10.3f} {recall:8.3f}")
    if "--misses" in argv:
        print("\n".join(misses))


if __name__ == "__main__":
    main(sys.argv[1:])
