r"""Tokens and shingle hashes.

A word is a run of letters, digits and underscores (``\w+``), case-folded with
:meth:`str.casefold`; a shingle is a run of ``size`` consecutive words. A text
shorter than ``size`` words has one shingle: all its words.

No word or shingle string is made on the fast path. The texts are turned into an
array of code points (many texts at once, joined by a non-word character), folded
and classified by a table, and hashed with NumPy:

* **word hash**: the polynomial ``h = sum(c[i] * P**(n-1-i)) mod 2**64`` of the
  word's ``n`` code points, then ``fmix64(h ^ n)`` (the MurmurHash3 finalizer). The
  polynomial of every word comes from one prefix sum of ``c[i] * P**-i`` (``P`` is
  odd, so it has an inverse modulo ``2**64``);
* **shingle hash**: ``fmix64(sum(w[j] * M**(size-1-j)) mod 2**64)`` of its word hashes.

A text holding a character whose case folding is several characters (``ß`` to
``ss``) or is of another kind (``İ`` to ``i`` and a combining dot) takes the exact
path instead: :func:`words`, then :func:`word_hashes`; both paths give the same
hashes. The hashes are plain integer arithmetic, the same in every process, on
every machine and with every NumPy version.

Examples:
    >>> words("The Minister's visit, 2024.")
    ['the', 'minister', 's', 'visit', '2024']
    >>> a = shingles("one two three four five six", size=3)
    >>> len(a)
    4
    >>> b = shingles("ONE two  three", size=3)
    >>> bool(b[0] in set(a.tolist()))
    True
    >>> hashes, offsets = shingles_many(["one two three four", "Five, six."], size=3)
    >>> offsets.tolist()
    [0, 2, 3]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "CHUNK_CHARS",
    "SHINGLE_VERSION",
    "chunks",
    "distinct_counts",
    "mix",
    "shingle_sets",
    "shingles",
    "shingles_many",
    "word_hashes",
    "words",
]

Hashes = npt.NDArray[np.uint64]
Offsets = npt.NDArray[np.intp]

_TOKEN = re.compile(r"\w+")
_NONWORD = re.compile(r"\W")
_U64 = np.uint64
_P = 0x100000001B3  # odd: invertible modulo 2**64 (the FNV-1a 64-bit prime)
_P_INV = pow(_P, -1, 1 << 64)
_MULT = _U64(0x9E3779B97F4A7C15)  # odd: multiplication by it is a bijection mod 2**64
_FMIX = (_U64(33), _U64(0xFF51AFD7ED558CCD), _U64(0xC4CEB9FE1A85EC53))
_SPECIAL = 0xFFFFFFFF  # fold-table mark of a character that needs the exact path
_UNICODE = 0x110000
_PACK = 1 << 17  # characters of short texts hashed together

SHINGLE_VERSION = "2"
"""Changes whenever the word or shingle hashes change; travels with fingerprints (1: BLAKE2b words)."""
CHUNK_CHARS = 1 << 18
"""Very long texts are shingled this many characters at a time."""


def words(text: str) -> list[str]:
    """Split a story text into case-folded words (runs of letters and digits).

    Args:
        text: A story text.

    Returns:
        The words, in order.
    """
    if text.isascii():  # case folding is lower-casing there, and changes no word boundary
        return _TOKEN.findall(text.lower())
    return [w.casefold() for w in _TOKEN.findall(text)]


def mix(h: Hashes) -> Hashes:
    """The MurmurHash3 64-bit finalizer, element-wise: a bijection that spreads every input bit.

    Args:
        h: 64-bit values.

    Returns:
        The mixed values.
    """
    shift, m1, m2 = _FMIX
    h = h ^ (h >> shift)
    h = h * m1
    h = h ^ (h >> shift)
    h = h * m2
    return h ^ (h >> shift)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what ``\w`` matches in a str pattern


def _build_fold(limit: int) -> npt.NDArray[np.uint32]:
    """Code point -> its case folding (0 for non-word characters, _SPECIAL for the exact path)."""
    every = np.arange(limit, dtype=np.uint32)
    chars = every.tobytes().decode("utf-32-le", "surrogatepass")
    word = np.zeros(limit, dtype=bool)
    for m in _TOKEN.finditer(chars):
        word[m.start() : m.end()] = True
    fold = np.where(word, every, np.uint32(0)).astype(np.uint32)
    for block in range(0, limit, 256):
        part = chars[block : block + 256]
        if part.casefold() == part:
            continue
        for i, ch in enumerate(part):
            folded = ch.casefold()
            if folded == ch:
                continue
            kind = bool(word[block + i])
            if len(folded) == 1 and _is_word(folded) == kind:
                fold[block + i] = ord(folded) if kind else 0
            elif not kind and not any(map(_is_word, folded)):
                fold[block + i] = 0
            else:
                fold[block + i] = _SPECIAL
    return fold


_FOLD_LATIN1 = _build_fold(256)
_LATIN1_MARK = 1  # U+0001 is not a word character: free to mark, in the byte table, what needs more
_LATIN1_TABLE = bytes(
    int(f) if f < 256 and f != _LATIN1_MARK else _LATIN1_MARK  # µ folds to μ (U+03BC), ß to ss
    for f in _FOLD_LATIN1.tolist()
)


@functools.cache
def _fold_all() -> npt.NDArray[np.uint32]:
    return _build_fold(_UNICODE)  # about 0.1 s, once, for the first text beyond Latin-1


def _codes(text: str) -> npt.NDArray[Any]:
    """The code points of a text, in the narrowest unsigned dtype that holds them."""
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8)
    try:
        return np.frombuffer(text.encode("latin-1"), dtype=np.uint8)
    except UnicodeEncodeError:
        pass
    wide = text.encode("utf-16-le", "surrogatepass")
    if len(wide) == 2 * len(text):
        return np.frombuffer(wide, dtype=np.uint16)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _folded(text: str) -> tuple[npt.NDArray[Any], npt.NDArray[np.intp]]:
    """Case-folded code points of a text (0 for non-word characters), and where the exact path is needed."""
    try:
        raw = text.encode("ascii" if text.isascii() else "latin-1")
    except UnicodeEncodeError:
        pass
    else:
        folded = raw.translate(_LATIN1_TABLE)  # one C pass
        codes = np.frombuffer(folded, dtype=np.uint8)
        if bytes((_LATIN1_MARK,)) in folded:
            return codes.copy(), np.flatnonzero(codes == _LATIN1_MARK)
        return codes, np.empty(0, dtype=np.intp)
    wide = _fold_all()[_codes(text)]
    return wide, np.flatnonzero(wide == _SPECIAL)


_powers_cache: tuple[Hashes, Hashes] = (np.ones(1, dtype=_U64), np.ones(1, dtype=_U64))


def _powers(n: int) -> tuple[Hashes, Hashes]:
    """``P**i`` and ``P**-i`` modulo 2**64 for i < n (at least)."""
    global _powers_cache  # noqa: PLW0603 -- a grow-only cache, replaced whole
    up, down = _powers_cache
    if len(up) < n:
        size = max(n, 2 * len(up))
        up = np.full(size, _U64(_P))
        down = np.full(size, _U64(_P_INV))
        up[0] = down[0] = 1
        up = np.cumprod(up, dtype=_U64)  # wraps around: arithmetic modulo 2**64
        down = np.cumprod(down, dtype=_U64)
        _powers_cache = (up, down)
    return up, down


def _run_hashes(values: npt.NDArray[Any], starts: Offsets, ends: Offsets) -> Hashes:
    """Word hashes of the runs ``values[starts[k]:ends[k]]`` (all runs non-empty)."""
    n = len(values)
    up, down = _powers(n + 1)
    prefix = np.empty(n + 1, dtype=_U64)
    prefix[0] = 0
    np.cumsum(np.multiply(values, down[:n], dtype=_U64), out=prefix[1:])
    poly: Hashes = up[ends - 1] * (prefix[ends] - prefix[starts])
    poly ^= (ends - starts).astype(_U64)
    return mix(poly)


def word_hashes(tokens: Sequence[str]) -> Hashes:
    """Hash words, as made by :func:`words`, to 64-bit values stable across processes.

    Args:
        tokens: Case-folded words.

    Returns:
        One hash per word.

    Examples:
        >>> h = word_hashes(["baku", "azerbaijan", "baku"])
        >>> bool(h[0] == h[2]), bool(h[0] == h[1])
        (True, False)
    """
    if not tokens:
        return np.empty(0, dtype=_U64)
    lengths = np.fromiter(map(len, tokens), dtype=np.intp, count=len(tokens))
    ends = np.cumsum(lengths + 1) - 1
    return _run_hashes(_codes("\0".join(tokens)), ends - lengths, ends)


def _runs(folded: npt.NDArray[Any]) -> tuple[Offsets, Offsets]:
    """Starts and ends of the runs of non-zero values."""
    inside = np.zeros(len(folded) + 2, dtype=bool)
    np.not_equal(folded, 0, out=inside[1:-1])
    edges = np.flatnonzero(inside[1:] != inside[:-1])
    return edges[0::2], edges[1::2]


def _text_word_hashes(text: str) -> Hashes:
    """The word hashes of one text."""
    folded, special = _folded(text)
    if len(special):
        return word_hashes(words(text))
    return _run_hashes(folded, *_runs(folded))


def _packed_word_hashes(texts: Sequence[str]) -> tuple[Hashes, Offsets]:
    """Word hashes of texts hashed together: the flat hashes and each text's word offsets."""
    count = len(texts)
    folded, special = _folded("\0".join(texts))
    lengths = np.fromiter(map(len, texts), dtype=np.intp, count=count)
    starts_of_text = np.zeros(count, dtype=np.intp)
    np.cumsum(lengths[:-1] + 1, out=starts_of_text[1:])
    exact: list[int] = []
    if len(special):
        exact = np.unique(np.searchsorted(starts_of_text, special, side="right") - 1).tolist()
        for k in exact:
            folded[starts_of_text[k] : starts_of_text[k] + lengths[k]] = 0
    starts, ends = _runs(folded)
    hashes = _run_hashes(folded, starts, ends)
    word_offsets = np.empty(count + 1, dtype=np.intp)
    word_offsets[:-1] = np.searchsorted(starts, starts_of_text)  # texts are joined by a non-word character
    word_offsets[-1] = len(starts)
    if exact:
        per_text = np.diff(word_offsets)
        extra = {k: word_hashes(words(texts[k])) for k in exact}
        for k, h in extra.items():
            per_text[k] = len(h)
        offsets = _offsets_from_counts(per_text)
        out = np.empty(offsets[-1], dtype=_U64)
        keep = np.ones(count, dtype=bool)
        keep[exact] = False
        out[_positions(offsets, per_text, keep)] = hashes
        for k, h in extra.items():
            out[offsets[k] : offsets[k + 1]] = h
        return out, offsets
    return hashes, word_offsets


def _offsets_from_counts(counts: npt.NDArray[np.intp]) -> Offsets:
    offsets = np.zeros(len(counts) + 1, dtype=np.intp)
    np.cumsum(counts, out=offsets[1:])
    return offsets


def _positions(offsets: Offsets, counts: npt.NDArray[np.intp], keep: npt.NDArray[np.bool_]) -> Offsets:
    """Flat output positions of the items of the kept groups, in order."""
    kept = np.flatnonzero(keep & (counts > 0))
    sizes = counts[kept]
    base = np.repeat(offsets[kept] - _offsets_from_counts(sizes)[:-1], sizes)
    return base + np.arange(int(sizes.sum()), dtype=np.intp)


def _combine(w: Hashes, size: int) -> Hashes:
    n = len(w) - size + 1
    h = np.zeros(n, dtype=_U64)
    for j in range(size):
        h = h * _MULT + w[j : j + n]
    return mix(h)


def _shingle_words(hashes: Hashes, word_offsets: Offsets, size: int) -> tuple[Hashes, Offsets]:
    """Shingle hashes of texts from their flat word hashes; texts never share a shingle."""
    per_text = np.diff(word_offsets)
    counts = np.where(per_text >= size, per_text - size + 1, np.minimum(per_text, 1))
    offsets = _offsets_from_counts(counts)
    n = len(hashes) - size + 1
    if n > 0:
        whole = np.ones(n, dtype=bool)
        if size > 1:  # the windows that start in one text and end in the next
            across = (word_offsets[1:-1, None] - np.arange(1, size)).ravel()
            whole[across[(across >= 0) & (across < n)]] = False
        out = _combine(hashes, size)[whole]
    else:
        out = np.empty(0, dtype=_U64)
    short = np.flatnonzero((per_text > 0) & (per_text < size))
    if len(short):
        full = np.empty(offsets[-1], dtype=_U64)
        full[_positions(offsets, counts, per_text >= size)] = out
        for k in short.tolist():
            full[offsets[k]] = _combine(hashes[word_offsets[k] : word_offsets[k + 1]], per_text[k])[0]
        out = full
    return out, offsets


def shingles_many(texts: Sequence[str], size: int) -> tuple[Hashes, Offsets]:
    """The shingle hashes of many texts at once.

    Short texts are hashed together, :data:`CHUNK_CHARS`-long pieces of long ones
    one at a time.

    Args:
        texts: Story texts.
        size: Words per shingle (at least 1).

    Returns:
        ``(hashes, offsets)``: the shingle hashes of text ``k`` (in text order,
        repeats possible) are ``hashes[offsets[k]:offsets[k + 1]]``.

    Raises:
        ValueError: ``size`` is below 1.
    """
    _check_size(size)
    parts: list[Hashes] = []
    counts = np.zeros(len(texts), dtype=np.intp)
    group: list[int] = []
    chars = 0

    def flush() -> None:
        if group:
            wh, word_offsets = _packed_word_hashes([texts[k] for k in group])
            h, offsets = _shingle_words(wh, word_offsets, size)
            parts.append(h)
            counts[group] = np.diff(offsets)
            group.clear()

    for k, text in enumerate(texts):
        if len(text) > CHUNK_CHARS:
            flush()
            pieces = list(chunks(text, size))
            parts.extend(pieces)
            counts[k] = sum(map(len, pieces))
            continue
        if chars + len(text) > _PACK:
            flush()
            chars = 0
        group.append(k)
        chars += len(text) + 1
    flush()
    hashes = np.concatenate(parts) if parts else np.empty(0, dtype=_U64)
    return hashes, _offsets_from_counts(counts)


def _check_size(size: int) -> None:
    if size < 1:
        msg = f"shingle size must be at least 1, got {size}"
        raise ValueError(msg)


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
    _check_size(size)
    carry: Hashes = np.empty(0, dtype=_U64)
    emitted = False
    pos = 0
    while pos < len(text):
        end = pos + chunk_chars
        if end < len(text):
            m = _NONWORD.search(text, end)
            end = m.start() + 1 if m else len(text)
        else:
            end = len(text)
        w = np.concatenate([carry, _text_word_hashes(text[pos:end])])
        pos = end
        if len(w) >= size:
            emitted = True
            yield _combine(w, size)
            carry = w[len(w) - size + 1 :] if size > 1 else np.empty(0, dtype=_U64)
        else:
            carry = w
    if not emitted and len(carry):
        yield _combine(carry, len(carry))


def _sorted_unique(h: Hashes) -> Hashes:
    if not len(h):
        return h
    flipped = (h ^ _U64(1 << 63)).view(np.int64)  # signed sorts are the fast ones; flipping keeps the order
    flipped.sort()
    keep = np.empty(len(flipped), dtype=bool)
    keep[0] = True
    np.not_equal(flipped[1:], flipped[:-1], out=keep[1:])
    return flipped[keep].view(_U64) ^ _U64(1 << 63)


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
        return np.empty(0, dtype=_U64)
    return _sorted_unique(np.concatenate(parts) if len(parts) > 1 else parts[0].copy())


def shingle_sets(texts: Sequence[str], size: int) -> list[Hashes]:
    """The sets of shingle hashes of many texts, hashed together.

    Args:
        texts: Story texts.
        size: Words per shingle (at least 1).

    Returns:
        One array per text: what :func:`shingles` gives it (sorted, without repeats).

    Raises:
        ValueError: ``size`` is below 1.

    Examples:
        >>> a, b = shingle_sets(["one two three four", "Five, six."], size=3)
        >>> bool((a == shingles("one two three four", 3)).all()), len(b)
        (True, 1)
    """
    hashes, offsets = shingles_many(texts, size)
    return [
        _sorted_unique(hashes[a:b]) for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist(), strict=True)
    ]


def distinct_counts(hashes: Hashes, offsets: Offsets) -> npt.NDArray[np.intp]:
    """The number of distinct hashes in each segment ``hashes[offsets[k]:offsets[k + 1]]``.

    Segments of similar length are padded (with their own last hash, which adds no
    new value) into one matrix, and the high halves of the hashes sorted row by row;
    only a row where two high halves agree is counted again on the whole hashes.

    Args:
        hashes: Hashes of many texts, one after the other.
        offsets: Segment boundaries, as returned by :func:`shingles_many`.

    Returns:
        One count per segment.

    Examples:
        >>> h = np.array([5, 3, 5, 7, 7], dtype=np.uint64)
        >>> distinct_counts(h, np.array([0, 3, 3, 5])).tolist()
        [2, 0, 1]
    """
    lengths = np.diff(offsets)
    out = np.zeros(len(lengths), dtype=np.intp)
    if len(lengths) == 1:
        out[0] = len(_sorted_unique(hashes[offsets[0] : offsets[1]]))
        return out
    present = np.flatnonzero(lengths > 0)
    if not len(present):
        return out
    high = (hashes >> _U64(32)).astype(np.uint32)  # 32-bit rows sort several times faster
    order = present[np.argsort(lengths[present], kind="stable")]
    bucket = np.floor(np.log2(lengths[order]) * 3).astype(np.intp)  # widths within a factor 2**(1/3)
    starts = offsets.astype(np.int32 if offsets[-1] < 1 << 31 else np.intp)  # int32 halves the matrices
    for rows in np.split(order, np.flatnonzero(np.diff(bucket)) + 1):
        width = int(lengths[rows[-1]])
        last = (lengths[rows] - 1).astype(starts.dtype)
        index = starts[rows, None] + np.minimum(np.arange(width, dtype=starts.dtype), last[:, None])
        counts = _row_distinct(high[index])
        again = np.flatnonzero(counts < lengths[rows])  # a repeat, or two hashes sharing a high half
        if len(again):
            counts[again] = _row_distinct(hashes.view(np.int64)[index[again]])
        out[rows] = counts
    return out


def _row_distinct(matrix: npt.NDArray[Any]) -> npt.NDArray[np.intp]:
    matrix.sort(axis=1)
    counts: npt.NDArray[np.intp] = 1 + np.count_nonzero(matrix[:, 1:] != matrix[:, :-1], axis=1)
    return counts
