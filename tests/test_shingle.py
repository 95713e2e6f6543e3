"""Shingles: exact sets, stability, and chunked processing of long texts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance.shingle import chunks, shingles, word_hashes, words
from reference import shingle_set

texts = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta", "Eps", "z9", "x"]), max_size=200).map(
    " ".join
)


@given(texts, st.integers(1, 7))
def test_distinct_shingle_count_matches_reference(text: str, size: int) -> None:
    """As many distinct shingle hashes as distinct word tuples (no collisions at this scale)."""
    assert len(shingle_set(text, size)) == len(shingles(text, size))


@given(texts, st.integers(1, 6), st.integers(1, 40))
def test_chunked_equals_whole(text: str, size: int, chunk: int) -> None:
    """Shingling piece by piece gives exactly the shingles of the whole text."""
    whole = np.concatenate([*chunks(text, size, chunk_chars=1 << 30), np.empty(0, np.uint64)])
    pieces = np.concatenate([*chunks(text, size, chunk_chars=chunk), np.empty(0, np.uint64)])
    assert np.array_equal(np.unique(whole), np.unique(pieces))


def test_word_hashes_are_stable() -> None:
    """Word hashes are BLAKE2b-64 of the UTF-8 word: the same in every process and machine."""
    import hashlib

    expected = int.from_bytes(hashlib.blake2b(b"baku", digest_size=8).digest(), "little")
    assert [expected] == word_hashes(["baku"]).tolist()


def test_words_casefold_and_split() -> None:
    """Words are runs of letters and digits, case-folded."""
    assert ["strasse", "baku", "2024", "s"] == words("Straße BAKU 2024's")
    assert ["ministry", "s", "view"] == words("Ministry's view")


def test_size_must_be_positive() -> None:
    """A shingle size below one is refused."""
    with pytest.raises(ValueError, match="at least 1"):
        list(chunks("a b c", 0))
