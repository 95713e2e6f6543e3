"""Fingerprinting throughput on the BBC corpus, against datasketch used the common way.

Run from the repository root::

    python benchmarks/fingerprint.py [--corpus ../shared/corpus/bbc/articles.jsonl] [--repeat 3]

All contenders fingerprint the same cleaned story texts with the same shingles
(5 case-folded words) and num_perm 128, in the same process, one after the other;
the table reports docs/s and the ratio to the first row, measured in this run.
Accuracy: mean absolute error of each estimate against the exact Jaccard of the
shingle sets, on pairs that share shingles.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import numpy as np
from datasketch import MinHash

from provenance import Config, clean, fingerprint, read
from provenance.shingle import shingles, words

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus" / "bbc" / "articles.jsonl"


def shingle_strings(text: str, size: int) -> list[bytes]:
    w = words(text)
    if len(w) < size:
        return [" ".join(w).encode()]
    return [" ".join(w[i : i + size]).encode() for i in range(len(w) - size + 1)]


def per_shingle(texts: list[str], config: Config) -> list[np.ndarray]:
    out = []
    for text in texts:
        m = MinHash(num_perm=config.num_perm, seed=config.seed)
        for s in shingle_strings(text, config.shingle):
            m.update(s)
        out.append(m.hashvalues)
    return out


def datasketch_bulk(texts: list[str], config: Config) -> list[np.ndarray]:
    data = (shingle_strings(t, config.shingle) for t in texts)
    return [m.hashvalues for m in MinHash.generator(data, num_perm=config.num_perm, seed=config.seed)]


def timed(fn, texts, config, repeat):  # type: ignore[no-untyped-def]
    best = float("inf")
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(texts, config)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    args = parser.parse_args()
    articles = list(read(args.corpus))
    if args.limit:
        articles = articles[: args.limit]
    config = Config()
    # the contenders all start from the cleaned story: cleaning is not what is compared
    stories = [clean(a.text) for a in articles]
    texts = [s.text for s in stories]
    rows = []
    for name, fn in (
        ("datasketch MinHash.update per shingle", per_shingle),
        ("datasketch MinHash.generator (update_batch)", datasketch_bulk),
        ("provenance.fingerprint", lambda t, c: [fingerprint(s, config=c).values for s in stories]),
    ):
        seconds, values = timed(fn, texts, config, args.repeat)
        rows.append((name, seconds, values))

    # accuracy on pairs that share shingles (all near-duplicate candidates) plus random pairs
    sets = [shingles(t, config.shingle) for t in texts]
    rng = np.random.default_rng(0)
    index: dict[int, list[int]] = {}
    for k, s in enumerate(sets):
        for h in s[:20].tolist():
            index.setdefault(h, []).append(k)
    pairs = {(a, b) for ks in index.values() for a in ks for b in ks if a < b}
    pairs |= {tuple(sorted(rng.choice(len(texts), 2, replace=False).tolist())) for _ in range(2000)}
    exact = {}
    for a, b in pairs:
        common = len(np.intersect1d(sets[a], sets[b], assume_unique=True))
        exact[(a, b)] = common / (len(sets[a]) + len(sets[b]) - common)

    base = rows[0][1]
    n = len(texts)
    print(f"{n} articles, num_perm {config.num_perm}, {config.shingle}-word shingles, best of {args.repeat}")
    print(f"{'contender':46} {'docs/s':>9} {'ratio':>7} {'MAE':>7} {'bias':>7}")
    for name, seconds, values in rows:
        errors = [float(np.mean(values[a] == values[b])) - j for (a, b), j in exact.items()]
        mae = statistics.fmean(abs(e) for e in errors)
        bias = statistics.fmean(errors)
        print(f"{name:46} {n / seconds:9.0f} {base / seconds:6.1f}x {mae:7.4f} {bias:+7.4f}")
    print(f"accuracy on {len(exact)} pairs ({sum(j > 0.1 for j in exact.values())} with Jaccard > 0.1)")


if __name__ == "__main__":
    main()
