r"""Readers: JSON Lines, text files, folders of them, and standard input.

Every reader yields :class:`~provenance.article.Article` records. A record that
cannot be used raises :class:`~provenance.errors.RecordError` naming the file and
line, or, with ``skip_bad=True``, is passed over and collected in ``errors``.

JSON Lines records are objects with a required ``text`` and optional ``id``,
``outlet``, ``url``, ``title``, ``published`` (ISO 8601, where a time without an offset,
or a bare date, is taken as UTC; or a number of seconds since 1970, read as milliseconds
when it is 10^11 or more) and ``language``. A missing ``id`` is the
``url``, or else derived from the text (:func:`~provenance.article.content_id`).

A text longer than ``max_chars`` characters (:data:`MAX_CHARS` by default), or an
``id``, ``url``, ``title``, ``outlet`` or ``language`` longer than its limit in
:data:`FIELD_LIMITS`, raises :class:`~provenance.errors.TooLargeError`, a
:class:`~provenance.errors.RecordError`; a text file or standard input too large to
hold such a text is refused before it is read whole, and so is a JSON Lines line too
long to hold such a record (:func:`line_limit`): it is read a block at a time and
passed over, never held whole.

Text is UTF-8; a byte-order mark of UTF-8, UTF-16 or UTF-32 is followed, UTF-16 without
one is recognised by its NUL bytes, and a text file that is not UTF-8 is read as Windows-1252.
An HTML page is recognised by its suffix (``.html``, ``.htm``) or by how it starts (a
doctype, ``<html>``, ``<head>`` or ``<body>``), in files and on standard input alike.


Examples:
    >>> import io
    >>> feed = io.StringIO('{"id": "a1", "text": "Hi."}\n\n{"url": "https://x.example/2", "text": "Ho."}\n')
    >>> [a.id for a in read_jsonl(feed)]
    ['a1', 'https://x.example/2']
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from provenance._decode import _SNIFF, _check_encodable, _decoded, _encoding, _is_html, _text_head
from provenance._jsonl import _Joined, _json, _lines, _parse_time
from provenance._page_time import page_time
from provenance.article import Article, content_id
from provenance.errors import InputError, MissingExtraError, RecordError, TooLargeError

__all__ = [
    "FIELD_LIMITS",
    "MAX_CHARS",
    "Located",
    "iter_read",
    "line_limit",
    "located",
    "page_time",
    "read",
    "read_html",
    "read_jsonl",
    "read_text",
]

log = logging.getLogger(__name__)

_TEXT_SUFFIXES = {".txt", ".text"}
_HTML_SUFFIXES = {".html", ".htm"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
_UTF8_MAX = 4  # bytes per character, at most: more bytes than 4 x max_chars cannot fit the limit
_STDIN_BLOCK = 1 << 16
_JSON_MAX = 6  # bytes a character can take in JSON: an escape such as \u00e9
_LINE_SLACK = 1 << 16  # bytes for the keys, the punctuation and small fields of a record

MAX_CHARS = 10_000_000
"""The longest article text the readers accept by default, in characters.

Ten million characters (about 10 MB of text, some 1.5 million words) is two orders
of magnitude above the longest news articles: long reads and full transcripts run to
about 100,000 characters. The limit is finite so that a runaway record (a feed that
glued an archive into one field, a hostile gigabyte-long line) stops at once with a
clear error, rather than later, when cleaning and comparing it would take several
times its size in memory. Raise it with ``max_chars=`` (``--max-chars`` on the
command line).
"""


FIELD_LIMITS: dict[str, int] = {"id": 8192, "url": 8192, "title": 1000, "outlet": 300, "language": 35}
"""The longest value of each field other than ``text`` that the readers accept, in characters.

Far above real values (a headline runs to about 100 characters, a url to a few hundred,
and 8 KiB is what common web servers accept of a url; the id is the url when a record
has none, so the two limits are one; 35 is the longest language tag BCP 47 asks
software to accept), and finite, so that a 50 MB id or title is refused when read
rather than stored.
"""


def line_limit(max_chars: int = MAX_CHARS) -> int:
    r"""The longest JSON Lines line, in bytes, that can hold a record within the limits.

    A line longer than this holds a text or a field over its limit whatever it
    says, so it is refused while it is read, without being held whole.

    Args:
        max_chars: The longest text accepted, in characters.

    Returns:
        ``6 * (max_chars + sum of FIELD_LIMITS)`` (six bytes is the longest a character
        takes in JSON: an escape such as ``\u00e9``), plus 64 KiB for the rest of a record.

    Examples:
        >>> line_limit(1000)
        177850
    """
    return _JSON_MAX * (max_chars + sum(FIELD_LIMITS.values())) + _LINE_SLACK


Located = tuple[Article, str, int | None]
"""An article with where it was read: the file (or ``"<stdin>"``) and its line, when it has lines."""


def read(
    *sources: str | Path,
    skip_bad: bool = False,
    errors: list[RecordError] | None = None,
    max_chars: int = MAX_CHARS,
) -> list[Article]:
    """Read articles from files, folders or standard input, all at once.

    The list can be used as often as needed (passed to :func:`~provenance.scan.scan`,
    then looked at again); to go through a large input one article at a time, use
    :func:`iter_read`, which takes the same arguments.

    Args:
        *sources: Paths to ``.jsonl`` files, ``.txt`` or ``.html`` files, folders
            holding them (read recursively, in sorted order), or ``"-"`` for standard
            input (JSON Lines when it starts with ``{``, HTML when it starts like a page,
            otherwise one text).
        skip_bad: Pass over bad records instead of raising.
        errors: A list that receives every skipped record's error.
        max_chars: The longest text accepted, in characters (see :data:`MAX_CHARS`).

    Returns:
        The articles, in input order.

    Raises:
        InputError: A source does not exist or has an unknown type.
        RecordError: A bad record, unless ``skip_bad`` is set.
        TooLargeError: A text longer than ``max_chars``, unless ``skip_bad`` is set.
        ValueError: ``max_chars`` is below 1.

    Examples:
        >>> articles = read("examples/wire.jsonl")
        >>> len(articles), len(articles)
        (9, 9)
    """
    return list(iter_read(*sources, skip_bad=skip_bad, errors=errors, max_chars=max_chars))


def iter_read(
    *sources: str | Path,
    skip_bad: bool = False,
    errors: list[RecordError] | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article]:
    """Read articles one at a time, for inputs too large to hold: :func:`read` as a generator.

    It can be gone through once; arguments, errors and order are those of :func:`read`.

    Args:
        *sources: As for :func:`read`.
        skip_bad: Pass over bad records instead of raising.
        errors: A list that receives every skipped record's error.
        max_chars: The longest text accepted, in characters (see :data:`MAX_CHARS`).

    Yields:
        The articles, in input order.
    """
    for article, _, _ in located(*sources, skip_bad=skip_bad, errors=errors, max_chars=max_chars):
        yield article


def located(
    *sources: str | Path,
    skip_bad: bool = False,
    errors: list[RecordError] | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Located]:
    """Read articles one at a time with where each was read: :func:`iter_read` with places.

    Args:
        *sources: As for :func:`read`.
        skip_bad: Pass over bad records instead of raising.
        errors: A list that receives every skipped record's error.
        max_chars: The longest text accepted, in characters (see :data:`MAX_CHARS`).

    Yields:
        Each article, its file (or ``"<stdin>"``) and its 1-based line (``None`` for a
        text or HTML file), in input order.

    Raises:
        InputError: A source does not exist or has an unknown type.
        RecordError: A bad record, unless ``skip_bad`` is set.
    """
    _check_limit(max_chars)
    for source in sources:
        if str(source) == "-":
            yield from _read_stdin(skip_bad=skip_bad, errors=errors, max_chars=max_chars)
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in _TEXT_SUFFIXES | _JSONL_SUFFIXES | _HTML_SUFFIXES
            )
            if not files:
                msg = f"{path}: folder holds no .jsonl, .txt or .html files"
                raise InputError(msg)
            for file in files:
                yield from _read_file(file, base=path, skip_bad=skip_bad, errors=errors, max_chars=max_chars)
        elif path.is_file():
            yield from _read_file(path, base=None, skip_bad=skip_bad, errors=errors, max_chars=max_chars)
        else:
            msg = f"{path}: no such file or folder"
            raise InputError(msg)


def _check_limit(max_chars: int) -> None:
    if isinstance(max_chars, bool) or not isinstance(max_chars, int) or max_chars < 1:
        msg = f"max_chars must be a positive integer, got {max_chars!r}"
        raise ValueError(msg)


def _too_large(what: str, size: int, max_chars: int, *, source: str, line: int | None) -> TooLargeError:
    msg = f"{what} is longer than the limit of {max_chars:,} characters (raise max_chars, or --max-chars)"
    return TooLargeError(msg, source=source, line=line, size=size, limit=max_chars)


def _read_file(
    path: Path, *, base: Path | None, skip_bad: bool, errors: list[RecordError] | None, max_chars: int
) -> Iterator[Located]:
    suffix = path.suffix.lower()
    source = str(path)
    if suffix in _JSONL_SUFFIXES:
        with path.open("rb") as stream:
            lines: Iterable[bytes] | Iterable[str] = stream
            name = _encoding(stream.peek(_SNIFF)[:_SNIFF])
            if name is not None and name != "utf-8-sig":
                lines = io.TextIOWrapper(stream, encoding=name, newline="")
            for number, article in _jsonl(
                lines, source=source, skip_bad=skip_bad, errors=errors, max_chars=max_chars
            ):
                yield article, source, number
    elif suffix in _TEXT_SUFFIXES | _HTML_SUFFIXES:
        key = path.relative_to(base).with_suffix("").as_posix() if base else path.stem
        try:
            size = path.stat().st_size
            if size > _UTF8_MAX * max_chars:  # refused unread
                what = f"{'HTML page' if suffix in _HTML_SUFFIXES else 'text file'} of {size:,} bytes"
                raise _too_large(what, size, max_chars, source=source, line=None)
            data = path.read_bytes()
            if suffix in _HTML_SUFFIXES or _is_html(_text_head(data)):
                yield read_html(data, id=key, source=source, max_chars=max_chars), source, None
            else:
                yield read_text(data, id=key, source=source, max_chars=max_chars), source, None
        except RecordError as error:
            if not skip_bad:
                raise
            _skip(error, errors)
    else:
        msg = f"{path}: unknown file type {suffix!r} (expected .jsonl, .txt or .html)"
        raise InputError(msg)


def read_html(data: bytes | str, *, id: str, source: str = "<html>", max_chars: int = MAX_CHARS) -> Article:  # noqa: A002
    """Make one article of an HTML page: its main text and metadata, found by trafilatura.

    Needs the ``html`` extra (``pip install 'wire-provenance[html]'``). The article's text is
    the extracted main text, one paragraph per block, so spans reported later point into that
    text, not into the HTML. Title, url and site name (as the outlet) come from the page's
    metadata when it has them; the publication time is the page's full timestamp
    (:func:`page_time`), else the date trafilatura finds, taken as UTC midnight.

    Args:
        data: The page.
        id: The article id.
        source: Where the page came from, for error messages.
        max_chars: Longest page accepted, in characters.

    Returns:
        The article.

    Raises:
        MissingExtraError: trafilatura is not installed.
        RecordError: No main text could be found, or the page is too large.
    """
    try:
        import trafilatura  # noqa: PLC0415  (optional: the html extra)
    except ImportError:
        msg = "reading HTML needs trafilatura: pip install 'wire-provenance[html]'"
        raise MissingExtraError(msg) from None
    if len(data) > _UTF8_MAX * max_chars:
        raise _too_large(f"HTML page of {len(data):,} bytes", len(data), max_chars, source=source, line=None)
    page = data.decode(_encoding(data) or "utf-8", errors="replace") if isinstance(data, bytes) else data
    found = trafilatura.bare_extraction(page, with_metadata=True)
    body = getattr(found, "text", None) or ""
    text = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    if not text:
        raise RecordError("no main text found in the page", source=source, line=None)
    published = page_time(page)
    date = getattr(found, "date", None)
    if published is None and date:
        try:
            published = datetime.fromisoformat(str(date)).replace(tzinfo=UTC)
        except ValueError:
            published = None
    title = getattr(found, "title", None) or None
    url = getattr(found, "url", None) or None
    outlet = getattr(found, "sitename", None) or None
    _check_fields({"id": id, "title": title, "url": url, "outlet": outlet}, source=source, line=None)
    return Article(id=id, text=text, title=title, url=url, outlet=outlet, published=published)


def _read_stdin(*, skip_bad: bool, errors: list[RecordError] | None, max_chars: int) -> Iterator[Located]:
    stream = sys.stdin.buffer
    limit = _UTF8_MAX * max_chars
    source = "<stdin>"
    head = b""
    while not head.strip() and len(head) <= limit:  # up to the first byte that is not blank
        block = stream.read(_STDIN_BLOCK)
        if not block:
            break
        head += block
    name = _encoding(head)
    if name is None and head.lstrip()[:1] == b"{":
        # JSON Lines: read a line at a time, as from a file
        for number, article in _jsonl(
            _Joined(head, stream),  # type: ignore[arg-type]  # what _jsonl uses of a stream: readline
            source=source,
            skip_bad=skip_bad,
            errors=errors,
            max_chars=max_chars,
        ):
            yield article, source, number
        return
    try:
        data = head + stream.read(max(0, limit + 1 - len(head)))
        if len(data) > limit:  # refused unread
            what = f"standard input of more than {limit:,} bytes"
            raise _too_large(what, len(data), max_chars, source=source, line=None)
        text: bytes | str = data if name is None else _decoded(data, name, source=source)
        if isinstance(text, str) and text.lstrip("\ufeff \t\r\n")[:1] == "{":
            lines_of = io.StringIO(text.removeprefix("\ufeff"))
            for number, article in _jsonl(
                lines_of, source=source, skip_bad=skip_bad, errors=errors, max_chars=max_chars
            ):
                yield article, source, number
        elif _is_html(text):
            yield read_html(text, id="stdin", source=source, max_chars=max_chars), source, None
        else:
            yield read_text(text, id="stdin", source=source, max_chars=max_chars), source, None
    except RecordError as error:
        if not skip_bad:
            raise
        _skip(error, errors)


def _skip(error: RecordError, errors: list[RecordError] | None) -> None:
    log.warning("skipped: %s", error)
    if errors is not None:
        errors.append(error)


def read_text(
    data: bytes | str,
    *,
    id: str,  # noqa: A002
    source: str = "<text>",
    max_chars: int = MAX_CHARS,
) -> Article:
    r"""Make one article of a plain text.

    Bytes are decoded as their byte-order mark says (UTF-8, UTF-16 or UTF-32; the mark
    is dropped), as UTF-16 when every other byte is NUL, otherwise as UTF-8, or as
    Windows-1252 when they are not valid UTF-8, as older plain-text corpora often are.

    Args:
        data: The text, as bytes or str.
        id: The article id.
        source: Where the text came from, for error messages.
        max_chars: The longest text accepted, in characters (see :data:`MAX_CHARS`).

    Returns:
        The article.

    Raises:
        RecordError: The text cannot be used (a lone surrogate code point, or bytes that
            are not the UTF-16 or UTF-32 their byte-order mark announces).
        TooLargeError: The text is longer than ``max_chars`` characters.
        ValueError: ``max_chars`` is below 1.

    Examples:
        >>> read_text(b"caf\xe9 au lait", id="t").text
        'café au lait'
    """
    _check_limit(max_chars)
    if isinstance(data, bytes):
        if len(data) > _UTF8_MAX * max_chars:  # refused undecoded
            what = f"article {id!r}: text of {len(data):,} bytes"
            raise _too_large(what, len(data), max_chars, source=source, line=None)
        name = _encoding(data)
        if name is not None:
            text = _decoded(data, name, source=source)
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252", errors="replace")
                log.info("%s: not UTF-8, decoded as Windows-1252", source)
    else:
        text = data
    if len(text) > max_chars:
        what = f"article {id!r}: text of {len(text):,} characters"
        raise _too_large(what, len(text), max_chars, source=source, line=None)
    _check_encodable(text, "text", source=source, line=None)
    _check_fields({"id": id}, source=source, line=None)
    return Article(id=id, text=text)


def read_jsonl(
    stream: IO[bytes] | IO[str] | Iterable[bytes] | Iterable[str],
    *,
    source: str = "<jsonl>",
    skip_bad: bool = False,
    errors: list[RecordError] | None = None,
    max_chars: int = MAX_CHARS,
) -> Iterator[Article]:
    """Read articles from JSON Lines.

    Blank lines are ignored. Unknown fields are ignored.

    Args:
        stream: Lines of JSON, as bytes or str.
        source: Where the lines came from, for error messages.
        skip_bad: Pass over bad records instead of raising.
        errors: A list that receives every skipped record's error.
        max_chars: The longest text accepted, in characters (see :data:`MAX_CHARS`).

    Yields:
        The articles, in input order.

    Raises:
        RecordError: A bad record (with its line number), unless ``skip_bad`` is set.
        TooLargeError: A text longer than ``max_chars``, unless ``skip_bad`` is set.
        ValueError: ``max_chars`` is below 1.
    """
    for _, article in _jsonl(stream, source=source, skip_bad=skip_bad, errors=errors, max_chars=max_chars):
        yield article


def _jsonl(
    stream: IO[bytes] | IO[str] | Iterable[bytes] | Iterable[str],
    *,
    source: str,
    skip_bad: bool,
    errors: list[RecordError] | None,
    max_chars: int,
) -> Iterator[tuple[int, Article]]:
    """The records of JSON Lines with their line numbers (see :func:`read_jsonl`)."""
    _check_limit(max_chars)
    limit = line_limit(max_chars)
    lines = _decoding(_lines(stream, limit), source=source, skip_bad=skip_bad, errors=errors)
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, int):
            what = (
                f"line of {raw:,} bytes is longer than {limit:,} bytes, the most a record within limits takes"
            )
            long_line = TooLargeError(
                f"{what} (raise max_chars, or --max-chars)", source=source, line=number, size=raw, limit=limit
            )
            if not skip_bad:
                raise long_line
            _skip(long_line, errors)
            continue
        try:
            line = raw.decode("utf-8") if isinstance(raw, bytes | bytearray) else str(raw)
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
            yield number, _record(line, source=source, number=number, max_chars=max_chars)
        except RecordError as error:
            if not skip_bad:
                raise
            _skip(error, errors)


def _decoding(
    lines: Iterator[bytes | bytearray | str | int],
    *,
    source: str,
    skip_bad: bool,
    errors: list[RecordError] | None,
) -> Iterator[bytes | bytearray | str | int]:
    """The lines of a stream that decodes as it reads (UTF-16 found by its mark or NULs).

    A text that stops decoding is one clear error, not a codec's traceback (with
    ``skip_bad``, the rest of the stream is passed over as one bad record).
    """
    number = 0
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError as error:
            msg = f"stops decoding as {error.encoding.upper()} ({error.reason}): save it as UTF-8"
            bad = RecordError(msg, source=source, line=number + 1)
            if not skip_bad:
                raise bad from None
            _skip(bad, errors)  # the rest of the stream cannot be read: passed over, said once
            return
        number += 1
        yield line


def _record(line: str, *, source: str, number: int, max_chars: int) -> Article:
    def bad(message: str) -> RecordError:
        return RecordError(message, source=source, line=number)

    obj = _json(line, bad)
    if not isinstance(obj, dict):
        msg = f"expected a JSON object, got {type(obj).__name__}"
        raise bad(msg)
    _check_fields(obj, source=source, line=number)
    text = obj.get("text")
    if not isinstance(text, str):
        msg = "missing 'text'" if text is None else f"'text' must be a string, got {type(text).__name__}"
        raise bad(msg)
    if len(text) > max_chars:
        key = obj.get("id") or obj.get("url")
        named = f"article {key!r}: " if isinstance(key, str | int) and not isinstance(key, bool) else ""
        what = f"{named}text of {len(text):,} characters"
        raise _too_large(what, len(text), max_chars, source=source, line=number)
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


def _named(key: object) -> str:
    """``article 'x': `` for a record with a usable id (cut short when long), else nothing."""
    if not isinstance(key, str | int) or isinstance(key, bool):
        return ""
    shown = key if isinstance(key, int) else key if len(key) <= 80 else key[:80] + "..."
    return f"article {shown!r}: "


def _check_fields(fields: dict[str, Any], *, source: str, line: int | None) -> None:
    """Refuse a record whose id, url, title, outlet or language is longer than its limit."""
    for name, most in FIELD_LIMITS.items():
        value = fields.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # an id given as a number
        if isinstance(value, str) and len(value) > most:
            key = fields.get("id") if name != "id" else None
            what = f"{_named(key)}{name!r} of {len(value):,} characters is longer than the limit of {most:,}"
            raise TooLargeError(what, source=source, line=line, size=len(value), limit=most)
