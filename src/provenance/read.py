r"""Readers: JSON Lines, text files, folders of them, and standard input.

Every reader yields :class:`~provenance.article.Article` records. A record that
cannot be used raises :class:`~provenance.errors.RecordError` naming the file and
line, or, with ``skip_bad=True``, is passed over and collected in ``errors``.

JSON Lines records are objects with a required ``text`` and optional ``id``,
``outlet``, ``url``, ``title``, ``published`` (ISO 8601; a time without an offset,
or a bare date, is taken as UTC) and ``language``. A missing ``id`` is the
``url``, or else derived from the text (:func:`~provenance.article.content_id`).

Examples:
    >>> import io
    >>> feed = io.StringIO('{"id": "a1", "text": "Hi."}\n\n{"url": "https://x.example/2", "text": "Ho."}\n')
    >>> [a.id for a in read_jsonl(feed)]
    ['a1', 'https://x.example/2']
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from provenance.article import Article, content_id
from provenance.errors import InputError, RecordError

__all__ = ["read", "read_jsonl", "read_text"]

log = logging.getLogger(__name__)

_TEXT_SUFFIXES = {".txt", ".text"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}


def read(
    *sources: str | Path,
    skip_bad: bool = False,
    errors: list[RecordError] | None = None,
) -> Iterator[Article]:
    """Read articles from files, folders or standard input.

    Args:
        *sources: Paths to ``.jsonl`` files, ``.txt`` files, folders holding
            them (read recursively, in sorted order), or ``"-"`` for standard
            input (JSON Lines when it starts with ``{``, otherwise one text).
        skip_bad: Pass over bad records instead of raising.
        errors: A list that receives every skipped record's error.

    Yields:
        The articles, in input order.

    Raises:
        InputError: A source does not exist or has an unknown type.
        RecordError: A bad record, unless ``skip_bad`` is set.
    """
    for source in sources:
        if str(source) == "-":
            yield from _read_stdin(skip_bad=skip_bad, errors=errors)
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES | _JSONL_SUFFIXES
            )
            if not files:
                msg = f"{path}: folder holds no .txt or .jsonl files"
                raise InputError(msg)
            for file in files:
                yield from _read_file(file, base=path, skip_bad=skip_bad, errors=errors)
        elif path.is_file():
            yield from _read_file(path, base=None, skip_bad=skip_bad, errors=errors)
        else:
            msg = f"{path}: no such file or folder"
            raise InputError(msg)


def _read_file(
    path: Path, *, base: Path | None, skip_bad: bool, errors: list[RecordError] | None
) -> Iterator[Article]:
    suffix = path.suffix.lower()
    if suffix in _JSONL_SUFFIXES:
        with path.open("rb") as stream:
            yield from read_jsonl(stream, source=str(path), skip_bad=skip_bad, errors=errors)
    elif suffix in _TEXT_SUFFIXES:
        key = path.relative_to(base).with_suffix("").as_posix() if base else path.stem
        try:
            yield read_text(path.read_bytes(), id=key, source=str(path))
        except RecordError as error:
            if not skip_bad:
                raise
            _skip(error, errors)
    else:
        msg = f"{path}: unknown file type {suffix!r} (expected .jsonl or .txt)"
        raise InputError(msg)


def _read_stdin(*, skip_bad: bool, errors: list[RecordError] | None) -> Iterator[Article]:
    data = sys.stdin.buffer.read()
    if data.lstrip()[:1] == b"{":
        lines = data.splitlines(keepends=True)
        yield from read_jsonl(lines, source="<stdin>", skip_bad=skip_bad, errors=errors)
        return
    try:
        yield read_text(data, id="stdin", source="<stdin>")
    except RecordError as error:
        if not skip_bad:
            raise
        _skip(error, errors)


def _skip(error: RecordError, errors: list[RecordError] | None) -> None:
    log.warning("skipped: %s", error)
    if errors is not None:
        errors.append(error)


def read_text(data: bytes | str, *, id: str, source: str = "<text>") -> Article:  # noqa: A002
    r"""Make one article of a plain text.

    Bytes are decoded as UTF-8 (a leading byte-order mark is dropped), or as
    Windows-1252 when they are not valid UTF-8, as older plain-text corpora often are.

    Args:
        data: The text, as bytes or str.
        id: The article id.
        source: Where the text came from, for error messages.

    Returns:
        The article.

    Raises:
        RecordError: The text cannot be used (a lone surrogate code point).

    Examples:
        >>> read_text(b"caf\xe9 au lait", id="t").text
        'café au lait'
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            log.info("%s: not UTF-8, decoded as Windows-1252", source)
    else:
        text = data
    _check_encodable(text, "text", source=source, line=None)
    return Article(id=id, text=text)


def read_jsonl(
    stream: IO[bytes] | IO[str] | Iterable[bytes] | Iterable[str],
    *,
    source: str = "<jsonl>",
    skip_bad: bool = False,
    errors: list[RecordError] | None = None,
) -> Iterator[Article]:
    """Read articles from JSON Lines.

    Blank lines are ignored. Unknown fields are ignored.

    Args:
        stream: Lines of JSON, as bytes or str.
        source: Where the lines came from, for error messages.
        skip_bad: Pass over bad records instead of raising.
        errors: A list that receives every skipped record's error.

    Yields:
        The articles, in input order.

    Raises:
        RecordError: A bad record (with its line number), unless ``skip_bad`` is set.
    """
    for number, raw in enumerate(stream, start=1):
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
        except UnicodeDecodeError as error:
            bad = RecordError(
                f"not valid UTF-8 ({error.reason} at byte {error.start})",
                source=source,
                line=number,
            )
            if not skip_bad:
                raise bad from None
            _skip(bad, errors)
            continue
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            yield _record(line, source=source, number=number)
        except RecordError as error:
            if not skip_bad:
                raise
            _skip(error, errors)


def _record(line: str, *, source: str, number: int) -> Article:
    def bad(message: str) -> RecordError:
        return RecordError(message, source=source, line=number)

    try:
        obj = json.loads(line)
    except json.JSONDecodeError as error:
        raise bad(f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(obj, dict):
        msg = f"expected a JSON object, got {type(obj).__name__}"
        raise bad(msg)
    text = obj.get("text")
    if not isinstance(text, str):
        msg = "missing 'text'" if text is None else f"'text' must be a string, got {type(text).__name__}"
        raise bad(msg)
    fields: dict[str, Any] = {"text": text}
    for name in ("outlet", "url", "title", "language"):
        value = obj.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            msg = f"{name!r} must be a string, got {type(value).__name__}"
            raise bad(msg)
        fields[name] = value
    key = obj.get("id")
    if isinstance(key, bool) or not isinstance(key, str | int | type(None)):
        msg = f"'id' must be a string or an integer, got {type(key).__name__}"
        raise bad(msg)
    if key is None or key == "":
        key = fields.get("url") or content_id(text)
    fields["id"] = str(key)
    published = obj.get("published")
    if published not in (None, ""):
        fields["published"] = _parse_time(published, bad)
    for name, value in fields.items():
        if isinstance(value, str):
            _check_encodable(value, name, source=source, line=number)
    return Article(**fields)


def _parse_time(value: object, bad: Any) -> datetime:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        msg = f"'published' must be an ISO 8601 string or epoch seconds, got {type(value).__name__}"
        raise bad(msg)
    try:
        if isinstance(value, str):
            moment = datetime.fromisoformat(value.strip())
        else:
            moment = datetime.fromtimestamp(value, tz=UTC)
    except (ValueError, OverflowError, OSError):
        msg = f"'published' is not an ISO 8601 time: {value!r}"
        raise bad(msg) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def _check_encodable(value: str, name: str, *, source: str, line: int | None) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(value[error.start])
        msg = f"{name!r} holds a lone surrogate U+{code:04X} at offset {error.start}: not valid Unicode text"
        raise RecordError(msg, source=source, line=line) from None
