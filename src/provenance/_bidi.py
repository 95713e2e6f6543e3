r"""Reading order of a line that holds bidirectional controls (for the cleaner).

A line stored backwards behind a right-to-left override (U+202E) looks, on screen,
like the plain line: a reader sees ``The talks ended.`` where the text holds
``.dedne sklat ehT``. The cleaner matches what a reader reads, so such a line is put
back in reading order before the controls are dropped.

The order is found in two passes of the Unicode Bidirectional Algorithm (UAX #9):

1. the **display**: the explicit rules (embeddings, overrides and isolates, X1-X9,
   with the depth limit of 125), the weak-type rules W1-W7 and the neutral rules N1/N2
   per level run, the implicit levels (I1/I2), trailing whitespace at the paragraph level
   (L1), the reversal of runs (L2), and combining marks kept after their base (L3);
2. the **reading**: the characters as displayed, laid out again as the same algorithm
   lays out text that holds no controls. Text without controls is stored in reading
   order, and this pass is what turns a display back into such a text: plain Latin
   stays as displayed, and right-to-left letters shown in a row are read from the
   right.

Text in one direction with balanced embeddings or isolates, or an override that
agrees with the letters it covers, reads as stored. Level runs stand for isolating run
sequences (X10) and the bracket pairs of N0 are left out: they move numbers, separators and
brackets within a run of one level, never the letters of a line, which is what matching needs.

Examples:
    >>> "".join("\u202e.dedne sklat ehT"[i] for i in reading_order("\u202e.dedne sklat ehT"))
    '\u202eThe talks ended.'
    >>> reading_order("plain") is None
    True
"""

from __future__ import annotations

import unicodedata

__all__ = ["CONTROLS", "reading_order"]

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
"""The embedding, override and isolate controls (and their pops): the characters that can reorder a line."""

_MAX_DEPTH = 125  # UAX #9, BD2
_EMBEDDINGS = {"LRE": ("L", None), "RLE": ("R", None), "LRO": ("L", "L"), "RLO": ("R", "R")}
_ISOLATES = ("LRI", "RLI", "FSI")
_STRONG = {"L": 0, "R": 1, "AL": 1}
_NEUTRAL = {"B", "S", "WS", "ON", "ET", "ES", "CS", "LRI", "RLI", "FSI", "PDI"}
_TRAILING = {"WS", "BN", "LRI", "RLI", "FSI", "PDI", "LRE", "RLE", "LRO", "RLO", "PDF"}


def _first_strong(types: list[str], start: int) -> int | None:
    """The direction (0 or 1) of the first strong character from ``start``, skipping isolates (P2)."""
    depth = 0
    for t in types[start:]:
        if t in _ISOLATES:
            depth += 1
        elif t == "PDI":
            if depth == 0:
                return None  # the end of the isolate that holds ``start``
            depth -= 1
        elif depth == 0 and t in _STRONG:
            return _STRONG[t]
    return None


def _next_level(level: int, direction: str) -> int:
    return (level + 1) | 1 if direction == "R" else (level + 2) & ~1


def _explicit(  # noqa: PLR0912, PLR0915 -- rules X1 to X9, a branch each, read best in one place
    types: list[str], base: int, *, controls: bool
) -> tuple[list[int], list[str]]:
    """Embedding levels and the types the implicit rules see (X1-X9); ``BN`` for what X9 removes."""
    n = len(types)
    levels = [base] * n
    seen = list(types)
    if not controls:
        for i, t in enumerate(types):
            if t in _EMBEDDINGS or t == "PDF":
                seen[i] = "BN"
            elif t in _ISOLATES or t == "PDI":
                seen[i] = "ON"
        return levels, seen
    stack: list[tuple[int, str | None, bool]] = [(base, None, False)]  # level, override, isolate
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i, t in enumerate(types):
        level, override, _ = stack[-1]
        if t in _EMBEDDINGS:
            direction, forced = _EMBEDDINGS[t]
            levels[i], seen[i] = level, "BN"
            new = _next_level(level, direction)
            if new <= _MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                stack.append((new, forced, False))
            elif not overflow_isolates:
                overflow_embeddings += 1
        elif t in _ISOLATES:
            levels[i], seen[i] = level, override or "ON"
            direction = t[0]
            if t == "FSI":
                direction = "R" if _first_strong(types, i + 1) == 1 else "L"
            new = _next_level(level, direction)
            if new <= _MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                valid_isolates += 1
                stack.append((new, None, True))
            else:
                overflow_isolates += 1
        elif t == "PDI":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            level, override, _ = stack[-1]
            levels[i], seen[i] = level, override or "ON"
        elif t == "PDF":
            levels[i], seen[i] = level, "BN"
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) > 1:
                stack.pop()
        else:
            levels[i] = level
            if override and t != "BN":
                seen[i] = override
    return levels, seen


def _weak(kind: list[str], run: list[int], sos: str) -> None:  # noqa: PLR0912 -- rules W1 to W7, in order
    """The weak-type rules W1 to W7 on one level run (indices without the removed ``BN``)."""
    previous = sos
    for i in run:  # W1: a mark takes the type of what it is on
        if kind[i] == "NSM":
            kind[i] = "ON" if previous in ("LRI", "RLI", "FSI", "PDI") else previous
        previous = kind[i]
    strong = sos
    for i in run:  # W2, W3: a number after Arabic letters is an Arabic number; AL is R
        if kind[i] in ("L", "R", "AL"):
            strong = kind[i]
            kind[i] = "R" if kind[i] == "AL" else kind[i]
        elif kind[i] == "EN" and strong == "AL":
            kind[i] = "AN"
    for k in range(1, len(run) - 1):  # W4: one separator between two numbers of a kind
        before, here, after = kind[run[k - 1]], kind[run[k]], kind[run[k + 1]]
        if before == after and (
            (here == "ES" and before == "EN") or (here == "CS" and before in ("EN", "AN"))
        ):
            kind[run[k]] = before
    for k, i in enumerate(run):  # W5: terminators next to a European number are part of it
        if kind[i] == "EN":
            for step in (-1, 1):
                m = k + step
                while 0 <= m < len(run) and kind[run[m]] == "ET":
                    kind[run[m]] = "EN"
                    m += step
    strong = sos
    for i in run:  # W6: other separators are neutral; W7: a number after Latin letters is L
        if kind[i] in ("ES", "ET", "CS"):
            kind[i] = "ON"
        elif kind[i] in ("L", "R"):
            strong = kind[i]
        elif kind[i] == "EN" and strong == "L":
            kind[i] = "L"


def _neutral(kind: list[str], run: list[int], sos: str, eos: str, embedding: int) -> list[int]:
    """Each character's direction, 0 (L) or 1 (R); a neutral takes its neighbours' if they agree (N1, N2)."""
    sides = [None if kind[i] in _NEUTRAL else 0 if kind[i] == "L" else 1 for i in run]
    before = 0 if sos == "L" else 1
    k = 0
    while k < len(run):
        side = sides[k]
        if side is not None:
            before = side
            k += 1
            continue
        m = k
        while m < len(run) and sides[m] is None:
            m += 1
        after = sides[m] if m < len(run) else (0 if eos == "L" else 1)
        for q in range(k, m):
            sides[q] = before if before == after else embedding
        k = m
    return [side if side is not None else embedding for side in sides]


def _implicit(levels: list[int], seen: list[str], types: list[str], base: int) -> list[int]:
    """Resolved levels: weak types (W1-W7), neutrals (N1, N2), I1 and I2 per level run; L1."""
    n = len(levels)
    kind = list(seen)
    out = list(levels)
    kept = [i for i in range(n) if kind[i] != "BN"]
    k = 0
    while k < len(kept):
        m = k
        while m < len(kept) and levels[kept[m]] == levels[kept[k]]:
            m += 1
        run = kept[k:m]
        level = levels[run[0]]
        before = levels[kept[k - 1]] if k else base
        after = levels[kept[m]] if m < len(kept) else base
        sos = "R" if max(level, before) & 1 else "L"
        eos = "R" if max(level, after) & 1 else "L"
        _weak(kind, run, sos)
        for i, side in zip(run, _neutral(kind, run, sos, eos, level & 1), strict=True):
            if level & 1 == 0:
                out[i] = level + (2 if kind[i] in ("EN", "AN") else side)
            else:
                out[i] = level + (1 if side == 0 or kind[i] in ("EN", "AN") else 0)
        k = m
    for i in range(n - 1, -1, -1):  # L1: trailing whitespace at the paragraph level
        if types[i] not in _TRAILING:
            break
        out[i] = base
    return out


def _reorder(order: list[int], levels: list[int], marks: list[bool]) -> list[int]:
    """Reverse every run at each level from the highest to the lowest odd one (L2), marks after bases (L3)."""
    clusters: list[list[int]] = []
    for i in order:
        if clusters and marks[i]:
            clusters[-1].append(i)
        else:
            clusters.append([i])
    cluster_levels = [levels[cluster[0]] for cluster in clusters]
    top = max(cluster_levels)
    low = min((v for v in cluster_levels if v & 1), default=top + 1)
    for level in range(top, low - 1, -1):
        k = 0
        while k < len(clusters):
            if cluster_levels[k] < level:
                k += 1
                continue
            m = k
            while m < len(clusters) and cluster_levels[m] >= level:
                m += 1
            clusters[k:m] = clusters[k:m][::-1]
            cluster_levels[k:m] = cluster_levels[k:m][::-1]
            k = m
    return [i for cluster in clusters for i in cluster]


def _layout(types: list[str], order: list[int], base: int, *, controls: bool) -> list[int]:
    """The display order of the characters ``order`` (indices into a line with ``types``)."""
    seq = [types[i] for i in order]
    levels, seen = _explicit(seq, base, controls=controls)
    resolved = _implicit(levels, seen, seq, base)
    by_index = dict(zip(order, resolved, strict=True))
    marks = [False] * len(types)
    for i in order:
        marks[i] = types[i] == "NSM"
    return _reorder(order, [by_index.get(i, base) for i in range(len(types))], marks)


def reading_order(line: str) -> list[int] | None:
    """The indices of a line's characters in the order a reader reads them.

    Args:
        line: One line of text (no line break inside).

    Returns:
        The indices, or None when the line holds no embedding, override or isolate
        control (it reads as stored) or reads as stored anyway.
    """
    if not any(ch in line for ch in CONTROLS):
        return None
    types = [unicodedata.bidirectional(ch) or "L" for ch in line]
    base = _first_strong(types, 0) or 0
    shown = _layout(types, list(range(len(line))), base, controls=True)
    read = _layout(types, shown, base, controls=False)
    return None if read == list(range(len(line))) else read
