"""Disguises that republishers apply, on purpose or by accident, to copied text."""

from __future__ import annotations

import random
import textwrap

ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
CYRILLIC = {
    "a": "\u0430",
    "e": "\u0435",
    "o": "\u043e",
    "c": "\u0441",
    "p": "\u0440",
    "x": "\u0445",
}


def zero_width(text: str, rng: random.Random, every: int = 7) -> str:
    """Insert a zero-width or soft-hyphen character inside words, about one per ``every`` letters."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        nxt = text[i + 1] if i + 1 < len(text) else " "
        if ch.isalpha() and nxt.isalpha() and rng.randrange(every) == 0:
            out.append(rng.choice(ZERO_WIDTH))
    return "".join(out)


def homoglyphs(text: str, rng: random.Random, share: float = 0.3) -> str:
    """Swap a share of the letters a, e, o, c, p, x for their Cyrillic look-alikes."""
    return "".join(CYRILLIC[ch] if ch in CYRILLIC and rng.random() < share else ch for ch in text)


def hard_wrap(text: str, rng: random.Random, width: int = 60) -> str:
    """Wrap each paragraph at ``width`` columns, hyphenating some long words across lines."""
    paragraphs = []
    for para in text.split("\n\n"):
        lines = textwrap.wrap(para, width=width, break_long_words=False, break_on_hyphens=False)
        for k in range(len(lines) - 1):
            head, _, rest = lines[k + 1].partition(" ")
            if len(head) >= 6 and head.isalpha() and head.islower() and rng.random() < 0.5:
                cut = len(head) // 2
                lines[k] = f"{lines[k]} {head[:cut]}-"
                lines[k + 1] = head[cut:] + (" " + rest if rest else "")
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def disguise(text: str, seed: int = 0) -> str:
    """All three disguises at once, reproducibly."""
    rng = random.Random(seed)
    return zero_width(homoglyphs(hard_wrap(text, rng), rng), rng)
