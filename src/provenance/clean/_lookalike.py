"""Step 7 of cleaning: look-alike letters of other scripts mapped to the Latin letters they imitate.

A disguised word mixes scripts ("Ministry" written with a Cyrillic i, U+0456). Look-alikes are
mapped inside Latin words and, in a text written mostly in Latin letters, in whole words made
only of look-alikes.
"""

# ruff: noqa: RUF001, RUF003 -- look-alike letters are the subject of this module

from __future__ import annotations

import re

from provenance.clean._text import _Text

__all__ = ["unconfuse"]

_CONFUSABLE: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "к": "k", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "ѕ": "s", "і": "i", "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "һ": "h", "ү": "y",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W",
    # Greek
    "α": "a", "ο": "o", "ν": "v", "ι": "i", "κ": "k", "ρ": "p", "υ": "u", "χ": "x", "ε": "e",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLE)
_HAS_CONFUSABLE = re.compile("[" + "".join(_CONFUSABLE) + "]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_NON_LATIN = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")


def unconfuse(t: _Text) -> None:
    """Map look-alikes inside Latin words first; then whole look-alike words, if the text is mostly Latin.

    The share of Latin letters is counted after the first pass, so that a text whose
    words were disguised letter by letter counts as the Latin text it is (and cleaning
    it again changes nothing).
    """
    if not _HAS_CONFUSABLE.search(t.s):
        return

    def mixed(m: re.Match[str]) -> str:
        w = m.group()
        return w.translate(_CONFUSABLE_TABLE) if _LATIN.search(w) and _HAS_CONFUSABLE.search(w) else w

    t.sub(_WORD, mixed)
    # genuine Cyrillic or Greek shows in letters that are no look-alikes (д, ж, и, λ, ...)
    genuine = len(_NON_LATIN.findall(t.s)) - len(_HAS_CONFUSABLE.findall(t.s))
    if genuine and len(_LATIN.findall(t.s)) <= genuine:
        return  # a text in Cyrillic or Greek: its one-letter words (а, в, с, о) are its own

    def whole(m: re.Match[str]) -> str:
        w = m.group()
        return w.translate(_CONFUSABLE_TABLE) if all(ch in _CONFUSABLE for ch in w) else w

    t.sub(_WORD, whole)
