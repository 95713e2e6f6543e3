"""Fuzz target: the cleaner, on any text (bytes decoded as UTF-8, bad bytes as lone surrogates).

Checks, for every input: :func:`provenance.clean.clean` returns a story or raises
:class:`~provenance.errors.EmptyStoryError` (nothing else); the offset map has one
in-range offset per story character; each set-aside region is its slice of the
original; cleaning the story again changes nothing; and blank lines and spaces around the
text change no story.

Run it with ``python fuzz/run.py --target clean`` (or ``python fuzz/fuzz_clean.py``).
"""

from __future__ import annotations

import sys

from provenance.clean import clean
from provenance.errors import EmptyStoryError


def check(data: bytes) -> None:
    """Clean one input and check the story's invariants (an AssertionError is a finding)."""
    text = data.decode("utf-8", "surrogateescape")
    try:
        story = clean(text)
    except EmptyStoryError:
        return
    assert len(story.offsets) == len(story.text), "one offset per story character"
    assert all(0 <= at < len(text) for at in story.offsets), "offsets inside the original"
    for region in story.regions:
        assert region.text == text[region.start : region.end], "a region is its slice of the original"
    again = clean(story.text).text
    assert story.text == again, f"cleaning is not idempotent: {story.text!r} -> {again!r}"
    try:
        padded = clean(f" \n{text}\n\n").text
    except EmptyStoryError:
        padded = ""
    assert story.text == padded, f"blank edges change the story: {story.text!r} -> {padded!r}"


if __name__ == "__main__":
    from run import child  # the runner instruments the library before it is imported

    child(__file__, sys.argv[1:])
