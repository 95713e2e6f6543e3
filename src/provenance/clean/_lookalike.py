"""Step 7 of cleaning: look-alike letters of other scripts mapped to the Latin letters they imitate.

A disguised word mixes scripts ("Ministry" written with a Cyrillic i, U+0456). Look-alikes are
mapped inside Latin words and, in a text written mostly in Latin letters, in whole words made
only of look-alikes.
"""

from __future__ import annotations

import re

from provenance.clean._confusables import LOOKALIKES
from provenance.clean._text import _Text

__all__ = ["unconfuse"]

_KEPT: dict[str, str] = {
    "в": "b", "к": "k", "Ԛ": "Q", "ӏ": "l",  # Cyrillic
    "κ": "k", "χ": "x", "ε": "e",  # Greek
}  # fmt: skip
"""Look-alikes of the table before it came from Unicode's data, where the data names no ASCII letter.

The data maps them to Latin letters outside ASCII (``в`` to small capital ``ʙ``, ``к`` and
``κ`` to ``ĸ``, ``χ`` to Latin chi, ``ε`` to ``ꞓ``), gives Cyrillic small palochka ``ӏ`` as
``i``, and has no entry for ``Ԛ``; they stay as they were, so that no text cleans otherwise than
it did.
"""
_CONFUSABLE: dict[str, str] = {**LOOKALIKES, **_KEPT}
"""Each look-alike to the ASCII letter it stands for: Unicode's confusables (UTS #39) and :data:`_KEPT`."""
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLE)
_HAS_CONFUSABLE = re.compile("[" + re.escape("".join(_CONFUSABLE)) + "]")
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# the letters of the scripts that have look-alikes (Greek, Cyrillic, Armenian and Cherokee, with
# their extensions), and every look-alike, wherever it stands: what is not counted Latin
_SCRIPTS = (
    "\u0370-\u058f\u13a0-\u13ff\u1c80-\u1c8f\u1f00-\u1fff\u2de0-\u2dff\ua640-\ua69f\uab70-\uabbf\ufb13-\ufb17"
)
_NON_LATIN = re.compile("[" + _SCRIPTS + re.escape("".join(_CONFUSABLE)) + "]")


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
    # genuine Cyrillic, Greek or Armenian shows in letters that are no look-alikes (д, ж, и, λ, ա, ...)
    genuine = len(_NON_LATIN.findall(t.s)) - len(_HAS_CONFUSABLE.findall(t.s))
    if genuine and len(_LATIN.findall(t.s)) <= genuine:
        return  # a text in another script: its one-letter words (а, в, с, о) are its own

    def whole(m: re.Match[str]) -> str:
        w = m.group()
        return w.translate(_CONFUSABLE_TABLE) if all(ch in _CONFUSABLE for ch in w) else w

    t.sub(_WORD, whole)
