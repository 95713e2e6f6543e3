"""Tokens and shingle hashes.

A shingle is a run of ``size`` consecutive words of the story, case-folded. Each
word is hashed once (BLAKE2b, 64 bits, stable across processes and machines) and
shingle hashes are built from word hashes arithmetically, so no shingle string is
ever made. A text shorter than ``size`` words has one shingle: all its words.

Examples:
    >>> words("The Minister's visit, 2024.")
    ['the', 'minister', 's', 'visit', '2024']
    >>> a = shingles("one two three four five six", size=3)
    >>> len(a)
    4
    >>> b = shingles("ONE two  three", size=3)
    >>> bool(b[0] in set(a.tolist()))
    True
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt

__all__ = ["chunks", "shingles", "word_hashes", "words"]

Hashes = npt.NDArray[np.uint64]

_TOKEN = re.compile(r"\w+")
_NONWORD = re.compile(r"\W")
_MULT = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplication by it is a bijection mod 2**64
_FMIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
_CACHE: dict[str, int] = {}
_CACHE_MAX = 1 << 20
CHUNK_CHARS = 1 << 20
"""Very long texts are shingled this many characters at a time."""


def words(text: str) -> list[str]:
    """Split a story text into case-folded words (runs of letters and digits).

    Args:
        text: A story text.

    Returns:
        The words, in order.
    """
    return [w.casefold() for w in _TOKEN.findall(text)]


def _word_hash(word: str) -> int:
    h = _CACHE.get(word)
    if h is None:
        digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
        h = int.from_bytes(digest, "little")
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[word] = h
    return h


def word_hashes(tokens: list[str]) -> Hashes:
    """Hash words to 64-bit values, stable across processes.

    Args:
        tokens: Words, as made by :func:`words`.

    Returns:
        One hash per word.
    """
    return np.fromiter(map(_word_hash, tokens), dtype=np.uint64, count=len(tokens))


def _mix(h: Hashes) -> Hashes:
    shift, m1, m2 = _FMIX
    h = h ^ (h >> shift)
    h = h * m1
    h = h ^ (h >> shift)
    h = h * m2
    return h ^ (h >> shift)


def _combine(w: Hashes, size: int) -> Hashes:
    n = len(w) - size + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(size):
        h = h * _MULT + w[j : j + n]
    return _mix(h)


def chunks(text: str, size: int, *, chunk_chars: int = CHUNK_CHARS) -> Iterator[Hashes]:
    """Yield the shingle hashes of a text, a bounded piece at a time.

    The text is cut at non-word characters every ``chunk_chars`` characters and the
    last ``size - 1`` word hashes are carried over, so the shingles are exactly
    those of the whole text; memory stays proportional to ``chunk_chars``.

    Args:
        text: A story text.
        size: Words per shingle (at least 1).
        chunk_chars: Characters per piece.

    Yields:
        Arrays of shingle hashes (repeats possible), in text order.

    Raises:
        ValueError: ``size`` is below 1.
    """
    if size < 1:
        msg = f"shingle size must be at least 1, got {size}"
        raise ValueError(msg)
    carry: Hashes = np.empty(0, dtype=np.uint64)
    emitted = False
    pos = 0
    while pos < len(text):
        end = pos + chunk_chars
        if end < len(text):
            m = _NONWORD.search(text, end)
            end = m.start() + 1 if m else len(text)
        else:
            end = len(text)
        w = np.concatenate([carry, word_hashes(words(text[pos:end]))])
        pos = end
        if len(w) >= size:
            emitted = True
            yield _combine(w, size)
            carry = w[len(w) - size + 1 :] if size > 1 else np.empty(0, dtype=np.uint64)
        else:
            carry = w
    if not emitted and len(carry):
        yield _combine(carry, len(carry))


def shingles(text: str, size: int) -> Hashes:
    """The set of shingle hashes of a text, sorted, without repeats.

    Args:
        text: A story text.
        size: Words per shingle.

    Returns:
        The distinct shingle hashes, sorted.
    """
    parts = list(chunks(text, size))
    if not parts:
        return np.empty(0, dtype=np.uint64)
    return np.unique(np.concatenate(parts))
