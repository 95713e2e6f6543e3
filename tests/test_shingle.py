"""Shingles: exact sets, the documented hashes, the fast path against the exact one, chunking, counts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.shingle import (
    chunks,
    distinct_counts,
    shingles,
    shingles_many,
    word_hashes,
    words,
)
from reference import shingle_set

MASK = (1 << 64) - 1
P = 0x100000001B3
M = 0x9E3779B97F4A7C15

texts = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "Eps", "z9", "x"]), max_size=200).map(
    " ".join
)
# words and separators that exercise every path: case folding in and beyond Latin-1, folds to several
# letters (ß), folds that change what a word is (İ, ǰ), astral letters, combining marks, digits, underscores
pieces = st.sampled_from(
    ["Baku", "BAKU", "straße", "STRASSE", "İstanbul", "ǰ", "µ", "ΣΑΣ", "ς", "𝐀𝐁", "😀", "naïve", "x\u0307y",
     "a_b", "2024", "Ǆ", "ﬁ", "Ωmega", "日本", ", ", " ", "\n\n", "-", "'", "."]
)  # fmt: skip
unicode_texts = st.lists(pieces, max_size=60).map(" ".join)


def fmix64(x: int) -> int:
    """MurmurHash3's 64-bit finalizer, on Python ints."""
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & MASK
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & MASK
    return x ^ (x >> 33)


def slow_word_hash(word: str) -> int:
    """The documented word hash, computed the obvious way."""
    h = 0
    for ch in word:
        h = (h * P + ord(ch)) & MASK
    return fmix64(h ^ len(word))


def slow_shingles(text: str, size: int) -> list[int]:
    """The documented shingle hashes of a text, in order, computed the obvious way."""
    w = [slow_word_hash(t) for t in words(text)]
    size = min(size, len(w))
    out = []
    for i in range(len(w) - size + 1) if w else ():
        h = 0
        for x in w[i : i + size]:
            h = (h * M + x) & MASK
        out.append(fmix64(h))
    return out


@given(texts, st.integers(1, 7))
def test_distinct_shingle_count_matches_reference(text: str, size: int) -> None:
    """As many distinct shingle hashes as distinct word tuples (no collisions at this scale)."""
    assert len(shingle_set(text, size)) == len(shingles(text, size))


@given(unicode_texts, st.integers(1, 5))
def test_hashes_are_the_documented_ones(text: str, size: int) -> None:
    """Shingle hashes equal the documented polynomial and finalizer, computed slowly from words()."""
    expected = slow_shingles(text, size)
    assert expected == np.concatenate([*chunks(text, size), np.empty(0, np.uint64)]).tolist()
    assert sorted(set(expected)) == shingles(text, size).tolist()


@given(st.lists(unicode_texts | texts, max_size=12), st.integers(1, 5))
def test_many_texts_at_once_equal_one_at_a_time(batch: list[str], size: int) -> None:
    """shingles_many gives each text exactly its own shingles, in order, whatever its neighbours."""
    hashes, offsets = shingles_many(batch, size)
    assert len(batch) + 1 == len(offsets)
    for k, text in enumerate(batch):
        assert slow_shingles(text, size) == hashes[offsets[k] : offsets[k + 1]].tolist()


@given(texts, st.integers(1, 6), st.integers(1, 40))
def test_chunked_equals_whole(text: str, size: int, chunk: int) -> None:
    """Shingling piece by piece gives exactly the shingles of the whole text."""
    whole = np.concatenate([*chunks(text, size, chunk_chars=1 << 30), np.empty(0, np.uint64)])
    pieces = np.concatenate([*chunks(text, size, chunk_chars=chunk), np.empty(0, np.uint64)])
    assert np.array_equal(np.unique(whole), np.unique(pieces))


def test_long_texts_are_shingled_in_pieces() -> None:
    """A text longer than CHUNK_CHARS gets the same shingles in a batch as on its own."""
    long = " ".join(f"w{i % 5000}" for i in range(60_000))
    hashes, offsets = shingles_many(["a short one before", long, "and after"], 5)
    assert np.array_equal(shingles(long, 5), np.unique(hashes[offsets[1] : offsets[2]]))
    assert 60_000 - 4 == offsets[2] - offsets[1]


def test_word_hashes_are_stable() -> None:
    """Word hashes are plain arithmetic on code points: the same value in every process and machine."""
    assert [slow_word_hash("baku"), slow_word_hash("straße")] == word_hashes(["baku", "straße"]).tolist()


def test_words_casefold_and_split() -> None:
    """Words are runs of letters and digits, case-folded."""
    assert ["strasse", "baku", "2024", "s"] == words("Straße BAKU 2024's")
    assert ["ministry", "s", "view"] == words("Ministry's view")


@given(st.lists(st.lists(st.integers(0, 6), max_size=40), max_size=8), st.booleans())
def test_distinct_counts(segments: list[list[int]], share_high: bool) -> None:
    """distinct_counts counts the distinct hashes of each segment, also when high halves collide."""
    spread = (1 << 32) + 1 if not share_high else 1  # share_high: all hashes have the same high half
    flat = np.array([v * spread for seg in segments for v in seg], dtype=np.uint64)
    offsets = np.cumsum([0, *map(len, segments)])
    assert [len(set(seg)) for seg in segments] == distinct_counts(flat, offsets).tolist()


def test_size_must_be_positive() -> None:
    """A shingle size below one is refused."""
    with pytest.raises(ValueError, match="at least 1"):
        list(chunks("a b c", 0))
    with pytest.raises(ValueError, match="at least 1"):
        shingles_many(["a b c"], 0)
