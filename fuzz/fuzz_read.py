"""Fuzz target: the readers, on any bytes, as JSON Lines, as a text file and on standard input.

Checks, for every input: the readers yield articles or raise
:class:`~provenance.errors.RecordError` (nothing else), with ``skip_bad`` they never
raise, and every article they yield has a non-empty id and text that can be written
as UTF-8 (no lone surrogates reach a ledger or an output).

Run it with ``python fuzz/run.py --target read`` (or ``python fuzz/fuzz_read.py``).
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import shutil
import sys
import tempfile
import types
from collections.abc import Iterator
from pathlib import Path

from provenance.article import Article
from provenance.errors import RecordError
from provenance.read import iter_read, read, read_jsonl, read_text

LIMIT = 1000  # a small max_chars, so that the size limit is reached too
_FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-read-", dir=os.environ.get("FUZZ_SCRATCH")))  # run.py cleans it
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)


def _sound(articles: Iterator[Article]) -> int:
    count = 0
    for article in articles:
        assert article.id, "an article has an id"
        for value in (article.id, article.text, article.outlet, article.url, article.title):
            if value is not None:
                value.encode("utf-8")  # raises on a lone surrogate
        assert len(article.text) <= LIMIT, "the size limit holds"
        count += 1
    return count


def _strict(articles: Iterator[Article]) -> None:
    with contextlib.suppress(RecordError):
        _sound(articles)


def check(data: bytes) -> None:
    """Read one input every way the library can (an exception other than RecordError is a finding)."""
    lines = data.splitlines(keepends=True)
    _strict(read_jsonl(lines, source="fuzz", max_chars=LIMIT))
    errors: list[RecordError] = []
    _sound(read_jsonl(lines, source="fuzz", skip_bad=True, errors=errors, max_chars=LIMIT))
    with contextlib.suppress(RecordError):
        _sound(iter([read_text(data, id="fuzz", max_chars=LIMIT)]))
    for name in ("feed.jsonl", "feed.txt"):
        path = _FOLDER / name
        path.write_bytes(data)
        _strict(iter_read(path, max_chars=LIMIT))
        _sound(iter(read(path, skip_bad=True, max_chars=LIMIT)))
    stdin = sys.stdin
    sys.stdin = types.SimpleNamespace(buffer=io.BytesIO(data))  # type: ignore[assignment]
    try:
        _strict(iter_read("-", max_chars=LIMIT))
    finally:
        sys.stdin = stdin


if __name__ == "__main__":
    from run import child  # the runner instruments the library before it is imported

    child(__file__, sys.argv[1:])
