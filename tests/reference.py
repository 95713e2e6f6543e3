"""Slow, obviously correct references that the fast code is checked against."""

from __future__ import annotations

import re


def shingle_set(text: str, size: int) -> set[tuple[str, ...]]:
    """Word shingles as tuples of case-folded words (a text shorter than ``size`` is one shingle)."""
    w = [t.casefold() for t in re.findall(r"\w+", text)]
    if len(w) < size:
        return {tuple(w)} if w else set()
    return {tuple(w[i : i + size]) for i in range(len(w) - size + 1)}


def jaccard(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """Exact Jaccard similarity of two sets."""
    return len(a & b) / len(a | b) if a | b else 1.0
