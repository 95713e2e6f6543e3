"""Small synthetic feeds for ledger tests: wire stories, their copies, and unrelated stories."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from provenance import Article

WORDS = [f"w{k}" for k in range(3000)]
WIRE = "Caspian Wire"


def story(rng: random.Random, paragraphs: int = 4) -> str:
    """Paragraphs of sentences of random words (unrelated stories share no shingles)."""
    out = []
    for _ in range(paragraphs):
        sentences = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."
            for _ in range(3)
        ]
        out.append(" ".join(sentences))
    return "\n\n".join(out)


def feed(n: int, seed: int = 0) -> list[Article]:
    """n articles: about a third wire stories, a third their republications, a third unrelated."""
    rng = random.Random(seed)
    t0 = datetime(2024, 2, 6, 8, 0, tzinfo=UTC)
    articles: list[Article] = []
    wires: list[Article] = []
    for k in range(n):
        when = t0 + timedelta(minutes=7 * k)
        if k % 3 == 1 and wires:
            source = rng.choice(wires)
            text = f" date {when.date()} (MENAFN- Wire Agency) " + source.text
            articles.append(Article(id=f"copy-{k}", outlet="MENAFN", text=text, published=when))
        else:
            article = Article(
                id=f"story-{k}",
                outlet="Wire Agency" if k % 3 == 0 else f"Paper {k}",
                text=story(rng),
                published=when,
                url=f"https://news.example/{k}",
            )
            articles.append(article)
            if k % 3 == 0:
                wires.append(article)
    return articles


def write(articles: list[Article], path: Path) -> Path:
    """Write articles as JSON Lines."""
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            record = {
                "id": a.id,
                "outlet": a.outlet,
                "url": a.url,
                "text": a.text,
                "published": a.published.isoformat() if a.published else None,
            }
            out.write(json.dumps(record) + "\n")
    return path


def carried(n: int, seed: int = 5) -> list[Article]:
    """An agency's story and ``n`` aggregator pages carrying it word for word."""
    text = story(random.Random(seed), paragraphs=6)
    pages = [
        Article(
            id=f"page-{k:04d}",
            outlet=f"Aggregator {k}",
            text=f"(MENAFN- {WIRE}) {text}\n\nLegal Disclaimer: MENAFN provides the information as is.",
        )
        for k in range(n)
    ]
    return [Article(id="wire", outlet=WIRE, text=text), *pages]


def edited(n: int, seed: int = 7) -> list[Article]:
    """An agency's story and ``n`` sites' versions of it, each edited a little, minutes after it."""
    rng = random.Random(seed)
    text = story(rng, paragraphs=6)
    sent = datetime(2024, 2, 6, 9, 0, tzinfo=UTC)
    out = [Article(id="wire", outlet=WIRE, text=text, published=sent)]
    for k in range(n):
        paragraphs = text.split("\n\n")
        if rng.random() < 0.3:
            paragraphs = paragraphs[:-1]  # a site that drops the last paragraph
        words = "\n\n".join(paragraphs).split(" ")
        for _ in range(2):
            words[rng.randrange(len(words))] = rng.choice(["said", "told", "added", "noted"])
        out.append(
            Article(
                id=f"site-{k:04d}",
                outlet=f"Site {k}",
                text=f"(MENAFN- {WIRE}) " + " ".join(words),
                published=sent + timedelta(minutes=3 + rng.randrange(240)),
            )
        )
    return out
