"""The corpora of the speed benchmarks: the BBC stories, and BBC stories expanded with generated variants.

The expanded corpus is the 2,225 cleaned BBC stories followed by generated articles, made from
one ``random.Random(seed)`` (the same seed gives the same corpus):

* ``rewrite`` (78%): a BBC story with 45% of its words replaced by words drawn from the whole
  corpus: a new story of the same length and vocabulary (it keeps about 5% of its source's
  shingles);
* ``copy`` (8%): an earlier article with an aggregator header and a credit footer;
* ``edit`` (6%): an earlier article with 2-10% of its words replaced;
* ``excerpt`` (4%): the first 25-75% of the paragraphs of an earlier article;
* ``extend`` (4%): an earlier article with one to three paragraphs of another added.

So a feed with one copy of some kind for every five new stories, in small families, and the
known pairs (each copy with its source) that the accuracy columns use. Texts are generated as
cleaned stories; the ``copy`` wrappers are what the cleaner sets aside.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from provenance import Article, clean, read

ROOT = Path(__file__).resolve().parent.parent
BBC = Path(os.environ.get("PROVENANCE_CORPUS", ROOT.parent / "shared" / "corpus")) / "bbc" / "articles.jsonl"
KINDS = (("rewrite", 0.78), ("copy", 0.08), ("edit", 0.06), ("excerpt", 0.04), ("extend", 0.04))


@dataclass
class Corpus:
    """Articles (ids ``bbc-...`` then ``gen-...``), their texts, and the known (copy, source) pairs."""

    articles: list[Article]
    pairs: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [a.text for a in self.articles]


def bbc(path: Path = BBC) -> Corpus:
    """The BBC corpus, each article's text replaced by its cleaned story."""
    articles = [Article(id=a.id, text=clean(a.text).text) for a in read(path)]
    return Corpus(articles)


def _replace(words: list[str], share: float, vocabulary: list[str], rng: random.Random) -> list[str]:
    return [rng.choice(vocabulary) if rng.random() < share else w for w in words]


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def expanded(n: int = 100_000, *, seed: int = 0, path: Path = BBC) -> Corpus:
    """The BBC stories and ``n - 2225`` generated articles (see the module docs)."""
    rng = random.Random(seed)
    base = bbc(path)
    texts = base.texts
    vocabulary = [w for t in texts for w in t.split()]
    out = list(texts)
    pairs: list[tuple[int, int, str]] = []
    kinds, weights = zip(*KINDS, strict=True)
    while len(out) < n:
        kind = rng.choices(kinds, weights)[0]
        k = len(out)
        if kind == "rewrite":
            paragraphs = _paragraphs(rng.choice(texts))
            words = [_replace(p.split(), 0.45, vocabulary, rng) for p in paragraphs]
            out.append("\n\n".join(" ".join(w) for w in words))
            continue
        source = rng.randrange(k)
        text = out[source]
        if kind == "copy":
            text = f"(MENAFN- Wire {rng.randrange(100)}) {text}\n\nSource: Wire {rng.randrange(100)}"
        elif kind == "edit":
            share = rng.uniform(0.02, 0.10)
            text = "\n\n".join(
                " ".join(_replace(p.split(), share, vocabulary, rng)) for p in _paragraphs(text)
            )
        elif kind == "excerpt":
            paragraphs = _paragraphs(text)
            text = "\n\n".join(paragraphs[: max(1, round(len(paragraphs) * rng.uniform(0.25, 0.75)))])
        else:
            extra = _paragraphs(out[rng.randrange(k)])
            text = "\n\n".join([text, *rng.sample(extra, min(len(extra), rng.randint(1, 3)))])
        out.append(text)
        pairs.append((k, source, kind))
    articles = base.articles + [Article(id=f"gen-{k}", text=t) for k, t in enumerate(out[len(texts) :])]
    return Corpus(articles, pairs)
