"""The parts of reading JSON Lines below a record: lines a block at a time, JSON values, times."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

_BLOCK = 1 << 16  # bytes of a line read at a time: a line too long is never held whole
_EPOCH_MS = 10**11
"""Epoch numbers this large or larger are milliseconds: as seconds they would be after the year 5000."""


class _Joined:
    """A byte stream that reads ``head`` first, then ``rest`` (standard input after its first blocks)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head = io.BytesIO(head)
        self.rest = rest

    def readline(self, size: int = -1) -> bytes:
        line = self.head.readline(size)
        if line.endswith(b"\n") or 0 <= size <= len(line):
            return line
        return line + self.rest.readline(size - len(line) if size >= 0 else -1)


def _newline(line: bytes | bytearray | str) -> bool:
    return line[-1:] in (b"\n", "\n")


def _lines(
    stream: IO[bytes] | IO[str] | Iterable[bytes] | Iterable[str], limit: int
) -> Iterator[bytes | bytearray | str | int]:
    """The lines of a stream; for a line longer than ``limit``, its length instead.

    From a file (anything with ``readline``), a line is read a block at a time, and
    dropped once it is longer than ``limit``: the rest of it is read and let go.
    """
    readline = getattr(stream, "readline", None)
    if readline is None:
        for line in stream:
            yield len(line) if len(line) > limit + _newline(line) else line
        return
    while True:
        piece = readline(_BLOCK)
        if not piece:
            return
        if _newline(piece):
            yield piece  # the common case: a line in one block
            continue
        pieces: Any = bytearray(piece) if isinstance(piece, bytes) else [piece]  # bytes grow in place
        size = len(piece)
        while size <= limit:
            piece = readline(_BLOCK)
            if not piece:
                break
            pieces += piece if isinstance(pieces, bytearray) else [piece]
            size += len(piece)
            if _newline(piece):
                break
        ended = _newline(piece)
        if size - ended <= limit:
            yield pieces if isinstance(pieces, bytearray) else "".join(pieces)
            continue
        del pieces  # nothing of a line too long is kept
        while piece and not ended:
            piece = readline(_BLOCK)
            size += len(piece)
            ended = _newline(piece)
        yield size - ended


def _json(line: str, bad: Any) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as error:
        # some of json's messages end in "at" ("Invalid control character at"): one "at" is enough
        reason = error.msg.removesuffix(" at")
        # past the record's last character (its line ended first): json names the next line's column 1
        where = "the end of the line" if error.pos >= len(line.rstrip("\r\n")) else f"column {error.colno}"
        raise bad(f"not valid JSON ({reason} at {where})") from None
    except (ValueError, RecursionError) as error:  # an integer too long, nesting too deep
        raise bad(f"not valid JSON ({type(error).__name__}: {str(error)[:80]})") from None


def _parse_time(value: object, bad: Any) -> datetime:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        msg = f"'published' must be an ISO 8601 string or epoch seconds, got {type(value).__name__}"
        raise bad(msg)
    try:
        if isinstance(value, str):
            moment = datetime.fromisoformat(value.strip())
        else:
            seconds = value / 1000 if abs(value) >= _EPOCH_MS else value  # epoch milliseconds
            moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        what = "an ISO 8601 time" if isinstance(value, str) else "a time in epoch seconds or milliseconds"
        msg = f"'published' is not {what}: {value!r}"
        raise bad(msg) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=UTC)
    return moment
