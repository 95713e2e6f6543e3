"""How a text is encoded, whether it is an HTML page, and whether it is valid Unicode."""

from __future__ import annotations

import codecs
import re

from provenance.errors import RecordError

_SNIFF = 4096  # bytes looked at to tell an encoding or an HTML page
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_BOMS = (  # longest first: the UTF-32 LE mark starts like the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _encoding(head: bytes) -> str | None:
    """The encoding that a byte-order mark, or UTF-16's NUL bytes, tell; None when nothing does."""
    for mark, name in _BOMS:
        if head.startswith(mark):
            return name
    sample = head[:_SNIFF]
    even, odd = sample[0::2], sample[1::2]
    if len(odd) >= 2:
        even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
        if odd_nul >= 0.4 and even_nul < 0.05:  # ASCII letters then NULs: UTF-16 little-endian
            return "utf-16-le"
        if even_nul >= 0.4 and odd_nul < 0.05:
            return "utf-16-be"
    return None


def _decoded(data: bytes, name: str, *, source: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as error:
        msg = f"looks like {name.upper()} but is not ({error.reason} at byte {error.start}): save it as UTF-8"
        raise RecordError(msg, source=source, line=None) from None


def _is_html(head: bytes | str) -> bool:
    """Whether a text starts like an HTML page (a doctype, or an html, head or body tag)."""
    start = head[:_SNIFF] if isinstance(head, str) else head[:_SNIFF].decode("utf-8", errors="replace")
    return _HTML_START.match(start.lstrip("\ufeff \t\r\n")) is not None


def _text_head(data: bytes) -> str:
    """The start of a text, decoded as its byte-order mark or NUL bytes say (else UTF-8, leniently)."""
    head = data[: 2 * _SNIFF]
    return head.decode(_encoding(head) or "utf-8", errors="replace")


def _check_encodable(value: str, name: str, *, source: str, line: int | None) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        code = ord(value[error.start])
        msg = f"{name!r} holds a lone surrogate U+{code:04X} at offset {error.start}: not valid Unicode text"
        raise RecordError(msg, source=source, line=line) from None
