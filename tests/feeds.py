"""Small synthetic feeds for ledger tests: wire stories, their copies, and unrelated stories."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from provenance import Article

WORDS = [f"w{k}" for k in range(3000)]


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
