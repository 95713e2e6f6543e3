"""What the readers accept beyond plain UTF-8 JSON Lines: encodings, HTML by content, epoch times, places.

Also that :func:`provenance.read` gives a list, usable as often as the README uses it.
"""

from __future__ import annotations

import codecs
import io
import sys
import types
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

import provenance
from conftest import EXAMPLE
from provenance.errors import RecordError
from provenance.read import iter_read, located, read, read_text

if TYPE_CHECKING:
    from pathlib import Path

STORY = "BAKU, Azerbaijan, March 12. The minister signed the deal on Tuesday, Caspian Wire reports."
PAGE = (
    "<!DOCTYPE html>\n<html><head><title>Deal signed</title></head><body><article><h1>Deal signed</h1>"
    f"<p>{STORY}</p><p>The plant will produce 500 megawatts from 2027, officials said in Baku.</p>"
    "</article></body></html>"
)


def fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))


def test_read_gives_a_list_the_readme_can_use_twice() -> None:
    """`articles = provenance.read(...)` then two scans: the second finds what the first found."""
    articles = provenance.read(EXAMPLE)
    assert isinstance(articles, list)
    first = provenance.scan(articles)
    assert first
    assert [(m.a, m.b) for m in first] == [(m.a, m.b) for m in provenance.scan(articles)]


def test_iter_read_goes_through_once() -> None:
    """iter_read is the one-pass path for large inputs: the same articles, then nothing."""
    once = iter_read(EXAMPLE)
    assert [a.id for a in read(EXAMPLE)] == [a.id for a in once]
    assert [] == list(once)


def test_located_names_file_and_line(tmp_path: Path) -> None:
    """Each article comes with its file and line (None for a text file)."""
    feed = tmp_path / "feed.jsonl"
    record = f'"text": "{STORY}"'
    feed.write_text(f'{{"id": "a", {record}}}\n\n{{"id": "b", {record}}}\n', encoding="utf-8")
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    assert [("a", str(feed), 1), ("b", str(feed), 3), ("story", str(tmp_path / "story.txt"), None)] == [
        (a.id, source, line) for a, source, line in located(feed, tmp_path / "story.txt")
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_text_file_in_any_unicode_encoding(tmp_path: Path, encoding: str) -> None:
    """A text file with a byte-order mark (or UTF-16 without one) is read as the same text."""
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.encode(encoding))
    assert [STORY] == [a.text for a in read(path)]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-8-sig"])
def test_jsonl_file_with_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    """A JSON Lines file saved as UTF-16 or UTF-32 (with its mark) keeps its records and line numbers."""
    path = tmp_path / "feed.jsonl"
    path.write_bytes(f'{{"id": "a", "text": "{STORY}"}}\n{{"id": "b"}}\n'.encode(encoding))
    with pytest.raises(RecordError, match=r"feed\.jsonl:2: missing 'text'"):
        read(path)
    assert ["a"] == [a.id for a in read(path, skip_bad=True)]


def test_stdin_in_utf16(monkeypatch: pytest.MonkeyPatch) -> None:
    """UTF-16 on standard input, JSON Lines or a text, is read as such."""
    fake_stdin(monkeypatch, f'{{"id": "a", "text": "{STORY}"}}\n'.encode("utf-16"))
    assert [("a", STORY)] == [(a.id, a.text) for a in read("-")]
    fake_stdin(monkeypatch, STORY.encode("utf-16"))
    assert [STORY] == [a.text for a in read("-")]


def test_a_false_byte_order_mark_is_refused_clearly(tmp_path: Path) -> None:
    """Bytes that start like UTF-32 but are not: one RecordError naming the file and the fix."""
    path = tmp_path / "story.txt"
    path.write_bytes(codecs.BOM_UTF32_LE + b"\xff\xff\xff\xff")
    with pytest.raises(RecordError, match=r"story\.txt: looks like UTF-32 but is not .*save it as UTF-8"):
        read(path)


@given(st.text(min_size=1, max_size=200).filter(lambda t: t.strip() and "\x00" not in t and t[0] != "\ufeff"))
def test_unicode_encodings_agree(text: str) -> None:
    """Whatever the text, its UTF-8, UTF-16 and UTF-32 forms (with marks) read as the same text."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates are refused whatever the encoding
        return
    texts = {read_text(text.encode(e), id="t").text for e in ("utf-8", "utf-8-sig", "utf-16", "utf-32")}
    assert {text} == texts


def test_html_on_stdin_is_read_as_a_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page piped on standard input gives its main text, not its tags."""
    pytest.importorskip("trafilatura")
    fake_stdin(monkeypatch, PAGE.encode())
    (article,) = read("-")
    assert STORY in article.text
    assert "<" not in article.text
    assert "Deal signed" == article.title


def test_html_in_a_text_file_of_a_folder_is_read_as_a_page(tmp_path: Path) -> None:
    """A .txt file in a folder that holds a page is read as HTML; a plain one as text."""
    pytest.importorskip("trafilatura")
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "plain.txt").write_text("<b>not a page</b> " + STORY, encoding="utf-8")
    page, plain = read(tmp_path)
    assert ("page", "Deal signed") == (page.id, page.title)
    assert "<" not in page.text
    assert plain.text.startswith("<b>not a page</b>")


@pytest.mark.parametrize("scale", [1, 1000])
def test_epoch_seconds_and_milliseconds(tmp_path: Path, scale: int) -> None:
    """`published` as epoch seconds or milliseconds gives the same UTC time."""
    path = tmp_path / "feed.jsonl"
    record = f'{{"id": "a", "text": "{STORY}", "published": {1707300000 * scale}}}'
    path.write_text(record + "\n", encoding="utf-8")
    (article,) = read(path)
    assert datetime(2024, 2, 7, 10, 0, tzinfo=UTC) == article.published


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b""])
def test_a_record_that_ends_too_soon_says_so_not_column_1(tmp_path: Path, ending: bytes) -> None:
    """A record cut short: json finds the missing part after the line's last character, which it
    counts as column 1 of the next line when the line break is there; the error says the line's end."""
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Baku"' + ending)
    with pytest.raises(RecordError) as raised:
        read(path)
    assert str(raised.value).endswith(
        "feed.jsonl:1: not valid JSON (Expecting ',' delimiter at the end of the line)"
    )


def test_a_json_error_says_at_once(tmp_path: Path) -> None:
    """json's "Invalid control character at" is not followed by a second "at"."""
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "a", "text": "tab\there"}\n')  # the tab is character 25
    with pytest.raises(RecordError) as raised:
        read(path)
    assert "at at" not in str(raised.value)
    assert str(raised.value).endswith("feed.jsonl:1: not valid JSON (Invalid control character at column 25)")
