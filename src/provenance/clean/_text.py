"""The text being cleaned: a string with, for each character, its offset in the original."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable

import attrs

__all__ = ["Mark"]

_BLANKS = re.compile(r"\n{2,}")
"""A paragraph break: two line breaks or more (the cleaner leaves exactly two)."""


_IDENTITY = array("i", range(1 << 14))
_IDENTITY_MAX = 1 << 20  # longest identity map kept for reuse (4 MB)


def _identity_offsets(n: int) -> array[int]:
    """The offsets ``0 .. n-1`` (a copy of a slice of a kept map: many times faster than ``range``)."""
    global _IDENTITY  # noqa: PLW0603 -- a grow-only cache, replaced whole
    if n > len(_IDENTITY):
        if n > _IDENTITY_MAX:
            return array("i", range(n))
        _IDENTITY = array("i", range(max(n, 2 * len(_IDENTITY))))
    return _IDENTITY[:n]


def _has(s: str, chars: str) -> bool:
    """Whether ``s`` holds one of ``chars``: a cheap, exact test before a pattern that needs one of them."""
    return any(ch in s for ch in chars)


class _Text:
    """A string with, for each character, its offset in the original text."""

    __slots__ = ("off", "s")

    def __init__(self, s: str, off: array[int]) -> None:
        self.s = s
        self.off = off

    @classmethod
    def of(cls, s: str) -> _Text:
        return cls(s, _identity_offsets(len(s)))

    def sub(self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> None:
        """Replace every match; replaced characters map to the offsets of what they replace."""
        pieces: list[str] = []
        off = array("i")
        pos = 0
        s, old = self.s, self.off
        changed = False
        for m in pattern.finditer(s):
            a, b = m.span()
            r = repl if isinstance(repl, str) else repl(m)
            if r == m.group():
                continue
            changed = True
            pieces.append(s[pos:a])
            off.extend(old[pos:a])
            pieces.append(r)
            if len(r) == b - a:
                off.extend(old[a:b])
            elif r:
                width = b - a
                # a replacement maps onto what it replaces, character by character,
                # the surplus (if any) onto the last replaced character
                base = old[a] if width == 0 else None
                off.extend(base if base is not None else old[a + min(i, width - 1)] for i in range(len(r)))
            pos = b
        if not changed:
            return
        pieces.append(s[pos:])
        off.extend(old[pos:])
        self.s = "".join(pieces)
        self.off = off

    def translate(self, table: dict[int, str]) -> None:
        """Map characters one to one (the offsets do not move).

        The table maps characters to single characters that it does not map in turn,
        so replacing each character that occurs is the same as ``str.translate``, and
        several times faster on text beyond ASCII.
        """
        for key, value in table.items():
            ch = chr(key)
            if ch in self.s:
                self.s = self.s.replace(ch, value)

    def reorder(self, start: int, order: list[int]) -> None:
        """Put the characters from ``start`` on in the given order (indices relative to ``start``)."""
        end = start + len(order)
        self.s = self.s[:start] + "".join(self.s[start + i] for i in order) + self.s[end:]
        self.off[start:end] = array("i", (self.off[start + i] for i in order))

    def cut(self, spans: Iterable[tuple[int, int]]) -> None:
        """Remove spans (sorted, not overlapping)."""
        pieces: list[str] = []
        off = array("i")
        pos = 0
        for a, b in spans:
            pieces.append(self.s[pos:a])
            off.extend(self.off[pos:a])
            pos = b
        pieces.append(self.s[pos:])
        off.extend(self.off[pos:])
        self.s = "".join(pieces)
        self.off = off


@attrs.frozen(kw_only=True)
class Mark:
    """A region found in the text being cleaned, before it is mapped back to the original.

    Attributes:
        kind: The kind of the :class:`~provenance.clean.Region` it becomes.
        start: Offset of its first character in the cleaned text.
        end: Offset just past its last character.
        value: What the region says, when it says one thing (see ``Region.value``).

    Examples:
        >>> mark = Mark(kind="header", start=0, end=27, value="Trend News Agency")
        >>> mark.end - mark.start, mark.value
        (27, 'Trend News Agency')
    """

    kind: str
    start: int
    end: int
    value: str | None = None
