"""Tests for provenance.read: JSON Lines, text files, folders and standard input."""

from __future__ import annotations

import hashlib
import io
import json
import sys
import types
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

import pytest

from provenance.errors import InputError, RecordError, TooLargeError
from provenance.read import FIELD_LIMITS, line_limit, read, read_jsonl

if TYPE_CHECKING:
    from pathlib import Path


def write_lines(path: Path, *lines: bytes) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def sha1_id(text: str) -> str:
    return "sha1:" + hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()[:16]


def fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(data)))


# JSON Lines -----------------------------------------------------------------------------


def test_jsonl_ids_fall_back_to_url_then_content_id(tmp_path: Path) -> None:
    """A record's id is its id, else its url, else a sha1 content id of its text."""
    feed = write_lines(
        tmp_path / "feed.jsonl",
        b'{"id": "a1", "url": "https://x.example/1", "text": "One."}',
        b'{"url": "https://x.example/2", "text": "Two."}',
        b'{"text": "Three."}',
        b'{"id": 7, "text": "Four."}',
        b'{"id": "", "url": "", "text": "Five."}',
    )
    expected = [
        ("a1", "One."),
        ("https://x.example/2", "Two."),
        (sha1_id("Three."), "Three."),
        ("7", "Four."),
        (sha1_id("Five."), "Five."),
    ]
    assert expected == [(a.id, a.text) for a in read(feed)]


def test_jsonl_optional_fields_are_kept(tmp_path: Path) -> None:
    """Outlet, url, title and language are read; unknown fields are ignored; empty ones are None."""
    feed = write_lines(
        tmp_path / "feed.jsonl",
        b'{"id": "a", "text": "T.", "outlet": "Trend", "url": "https://t.example/a", '
        b'"title": "Talks", "language": "en", "extra": [1, 2]}',
        b'{"id": "b", "text": "U.", "outlet": "", "title": null}',
    )
    expected = [
        ("Trend", "https://t.example/a", "Talks", "en"),
        (None, None, None, None),
    ]
    assert expected == [(a.outlet, a.url, a.title, a.language) for a in read(feed)]


def test_jsonl_blank_lines_are_skipped(tmp_path: Path) -> None:
    """Empty and whitespace-only lines between records yield nothing."""
    feed = write_lines(
        tmp_path / "feed.jsonl",
        b"",
        b'{"id": "a", "text": "One."}',
        b"   ",
        b"\t",
        b'{"id": "b", "text": "Two."}',
        b"",
    )
    assert ["a", "b"] == [a.id for a in read(feed)]


def test_jsonl_byte_order_mark_at_start_is_ignored(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark before the first record does not spoil it."""
    feed = write_lines(tmp_path / "feed.jsonl", b'\xef\xbb\xbf{"id": "a", "text": "One."}')
    assert [("a", "One.")] == [(a.id, a.text) for a in read(feed)]


def test_jsonl_text_is_kept_verbatim(tmp_path: Path) -> None:
    """Record text keeps its escapes, newlines and non-ASCII letters exactly."""
    feed = write_lines(
        tmp_path / "feed.jsonl", '{"id": "a", "text": "Caf\\u00e9\\n\\nBaku \u2014 talks"}'.encode()
    )
    assert ["Caf\u00e9\n\nBaku \u2014 talks"] == [a.text for a in read(feed)]


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (
            '"2024-02-07T10:30:00+04:00"',
            datetime(2024, 2, 7, 10, 30, tzinfo=timezone(timedelta(hours=4))),
        ),
        (
            '"2024-02-07T10:30:00-05:30"',
            datetime(2024, 2, 7, 10, 30, tzinfo=timezone(-timedelta(hours=5, minutes=30))),
        ),
        ('"2024-02-07T10:30:00Z"', datetime(2024, 2, 7, 10, 30, tzinfo=UTC)),
        ('"2024-02-07T10:30:00"', datetime(2024, 2, 7, 10, 30, tzinfo=UTC)),
        ('"2024-02-07 10:30"', datetime(2024, 2, 7, 10, 30, tzinfo=UTC)),
        ('"2024-02-07"', datetime(2024, 2, 7, tzinfo=UTC)),
        ('" 2024-02-07 "', datetime(2024, 2, 7, tzinfo=UTC)),
        ("1707301800", datetime(2024, 2, 7, 10, 30, tzinfo=UTC)),  # 19760 days + 10.5 hours
        ("1707301800.5", datetime(2024, 2, 7, 10, 30, 0, 500000, tzinfo=UTC)),
        ("0", datetime(1970, 1, 1, tzinfo=UTC)),
    ],
)
def test_jsonl_published_is_parsed_keeping_offsets(
    tmp_path: Path, published: str, expected: datetime
) -> None:
    """ISO times keep their offset; Z, naive times and bare dates are UTC; numbers are epoch seconds."""
    feed = write_lines(
        tmp_path / "feed.jsonl", b'{"id": "a", "text": "T.", "published": %b}' % published.encode()
    )
    [article] = read(feed)
    assert (expected, expected.utcoffset()) == (article.published, article.published.utcoffset())


@pytest.mark.parametrize("published", ['""', "null"])
def test_jsonl_empty_published_is_none(tmp_path: Path, published: str) -> None:
    """An empty or null published field leaves the publication time unknown."""
    feed = write_lines(
        tmp_path / "feed.jsonl", b'{"id": "a", "text": "T.", "published": %b}' % published.encode()
    )
    assert [None] == [a.published for a in read(feed)]


# text files and folders -------------------------------------------------------------------


def test_text_file_id_is_its_stem(tmp_path: Path) -> None:
    """A single .txt file is one article whose id is the file name without suffix."""
    path = tmp_path / "trend-1.txt"
    path.write_text("BAKU, Feb 6. The talks ended.\n", encoding="utf-8")
    assert [("trend-1", "BAKU, Feb 6. The talks ended.\n")] == [(a.id, a.text) for a in read(path)]


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    """A folder yields its .txt files, nested ones too, sorted, with relative paths as ids."""
    folder = tmp_path / "corpus"
    (folder / "nested" / "deeper").mkdir(parents=True)
    (folder / "b.txt").write_text("Bee.", encoding="utf-8")
    (folder / "a.txt").write_text("Ay.", encoding="utf-8")
    (folder / "nested" / "c.txt").write_text("See.", encoding="utf-8")
    (folder / "nested" / "deeper" / "d.text").write_text("Dee.", encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    expected = [("a", "Ay."), ("b", "Bee."), ("nested/c", "See."), ("nested/deeper/d", "Dee.")]
    assert expected == [(a.id, a.text) for a in read(folder)]


def test_folder_mixes_text_and_jsonl_files(tmp_path: Path) -> None:
    """JSON Lines files in a folder are read record by record, in sorted file order."""
    (tmp_path / "a.txt").write_text("Ay.", encoding="utf-8")
    write_lines(tmp_path / "b.jsonl", b'{"id": "b1", "text": "B1."}', b'{"id": "b2", "text": "B2."}')
    (tmp_path / "c.txt").write_text("See.", encoding="utf-8")
    assert ["a", "b1", "b2", "c"] == [a.id for a in read(tmp_path)]


def test_several_sources_are_read_in_order(tmp_path: Path) -> None:
    """Articles from several sources come in the order the sources are given."""
    (tmp_path / "z.txt").write_text("Zed.", encoding="utf-8")
    feed = write_lines(tmp_path / "a.jsonl", b'{"id": "a", "text": "Ay."}')
    assert ["z", "a"] == [a.id for a in read(tmp_path / "z.txt", str(feed))]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"caf\xe9 \x93quoted\x94 \x96 done", "caf\u00e9 \u201cquoted\u201d \u2013 done"),
        (b"\xef\xbb\xbfBOM first.", "BOM first."),
        ("caf\u00e9 au lait".encode(), "caf\u00e9 au lait"),
    ],
)
def test_text_file_bytes_are_decoded(tmp_path: Path, data: bytes, expected: str) -> None:
    """Text files are UTF-8 (without a BOM), or Windows-1252 when they are not valid UTF-8."""
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    assert [expected] == [a.text for a in read(path)]


# standard input -------------------------------------------------------------------------------


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input starting with "{" is read as JSON Lines."""
    fake_stdin(monkeypatch, b'  {"id": "s1", "text": "One."}\n\n{"id": "s2", "text": "Two."}\n')
    assert [("s1", "One."), ("s2", "Two.")] == [(a.id, a.text) for a in read("-")]


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Other standard input is one article with id "stdin"."""
    fake_stdin(monkeypatch, b"BAKU, Feb 6. The talks ended.\n{not json}\n")
    expected = [("stdin", "BAKU, Feb 6. The talks ended.\n{not json}\n")]
    assert expected == [(a.id, a.text) for a in read("-")]


def test_stdin_bad_record_names_stdin_and_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad JSON Lines record on standard input is reported as <stdin> with its line number."""
    fake_stdin(monkeypatch, b'{"id": "s1", "text": "One."}\n{"id": "s2"}\n')
    with pytest.raises(RecordError) as info:
        list(read("-"))
    assert ("<stdin>", 2, True) == (
        info.value.source,
        info.value.line,
        str(info.value).startswith("<stdin>:2: "),
    )


# bad records ---------------------------------------------------------------------------------

BAD_LINES = [
    pytest.param(b"{not json", id="invalid-json"),
    pytest.param(b'{"id": "x", "text": "T."', id="truncated-json"),
    pytest.param(b"[1, 2]", id="array"),
    pytest.param(b'"just a string"', id="string"),
    pytest.param(b'{"id": "x"}', id="missing-text"),
    pytest.param(b'{"id": "x", "text": null}', id="null-text"),
    pytest.param(b'{"id": "x", "text": 5}', id="number-text"),
    pytest.param(b'{"id": "x", "text": ["T."]}', id="list-text"),
    pytest.param(b'{"id": ["x"], "text": "T."}', id="list-id"),
    pytest.param(b'{"id": true, "text": "T."}', id="bool-id"),
    pytest.param(b'{"id": "x", "text": "T.", "outlet": 3}', id="number-outlet"),
    pytest.param(b'{"id": "x", "text": "T.", "published": "yesterday"}', id="word-published"),
    pytest.param(b'{"id": "x", "text": "T.", "published": "2024-02-30"}', id="impossible-date"),
    pytest.param(b'{"id": "x", "text": "T.", "published": true}', id="bool-published"),
    pytest.param(b'{"id": "x", "text": "T.", "published": [2024]}', id="list-published"),
    pytest.param(b'{"id": "x", "text": "T.", "published": NaN}', id="nan-published"),
    pytest.param(b'{"id": "x", "text": "T.", "published": 1e300}', id="huge-published"),
    pytest.param(b'{"id": "x", "text": "caf\xe9"}', id="invalid-utf8"),
    pytest.param(b'{"id": "x", "text": "a\\ud800b"}', id="lone-surrogate-text"),
    pytest.param(b'{"id": "x", "text": "T.", "title": "\\udfff"}', id="lone-surrogate-title"),
    pytest.param(b'{"id": "\\ud800", "text": "T."}', id="lone-surrogate-id"),
]


@pytest.mark.parametrize("bad", BAD_LINES)
def test_bad_record_raises_record_error_naming_file_and_line(tmp_path: Path, bad: bytes) -> None:
    """A bad record raises RecordError whose message starts with the file and its line number."""
    feed = write_lines(tmp_path / "feed.jsonl", b'{"id": "ok", "text": "Fine."}', b"", bad)
    with pytest.raises(RecordError) as info:
        list(read(feed))
    assert (str(feed), 3, True) == (
        info.value.source,
        info.value.line,
        str(info.value).startswith(f"{feed}:3: "),
    )


def test_skip_bad_collects_errors_and_yields_good_records(tmp_path: Path) -> None:
    """With skip_bad, bad records are passed over into errors and the good ones still come."""
    feed = write_lines(
        tmp_path / "feed.jsonl",
        b'{"id": "a", "text": "One."}',
        b"{not json",
        b'{"id": "b", "text": "Two."}',
        b'{"id": "c", "text": "caf\xe9"}',
        b'{"id": "d", "text": "a\\ud800b"}',
        b'{"id": "e", "text": "Three."}',
    )
    errors: list[RecordError] = []
    ids = [a.id for a in read(feed, skip_bad=True, errors=errors)]
    assert (["a", "b", "e"], [2, 4, 5]) == (ids, [e.line for e in errors])


def test_skip_bad_without_error_list_still_yields_good_records(tmp_path: Path) -> None:
    """skip_bad works without a list to collect the errors in."""
    feed = write_lines(tmp_path / "feed.jsonl", b"[]", b'{"id": "a", "text": "One."}')
    assert ["a"] == [a.id for a in read(feed, skip_bad=True)]


# bad sources -------------------------------------------------------------------------------------


def test_missing_path_raises_input_error(tmp_path: Path) -> None:
    """A path that does not exist raises InputError naming it."""
    missing = tmp_path / "nowhere.jsonl"
    with pytest.raises(InputError, match=r"nowhere\.jsonl"):
        list(read(missing))


def test_unknown_suffix_raises_input_error(tmp_path: Path) -> None:
    """A file that is neither JSON Lines nor text raises InputError naming its suffix."""
    path = tmp_path / "story.md"
    path.write_text("# Talks", encoding="utf-8")
    with pytest.raises(InputError, match=r"'\.md'"):
        list(read(path))


def test_folder_without_articles_raises_input_error(tmp_path: Path) -> None:
    """A folder holding no .jsonl, .txt or .html files raises InputError naming the three."""
    (tmp_path / "notes.md").write_text("nothing", encoding="utf-8")
    with pytest.raises(InputError, match=r"no \.jsonl, \.txt or \.html files"):
        list(read(tmp_path))


# limits on every field and on the line (issue 14) ----------------------------------------------


@pytest.mark.parametrize("field", sorted(FIELD_LIMITS))
def test_a_field_at_its_limit_is_read_one_more_is_too_large(tmp_path: Path, field: str) -> None:
    """Each of id, url, title, outlet and language is read at its limit and refused one character over it."""
    most = FIELD_LIMITS[field]
    ok = {"id": "a", "text": "Baku talks.", field: "x" * most}
    over = {"id": "b", "text": "Baku talks.", field: "y" * (most + 1)}
    feed = write_lines(tmp_path / "feed.jsonl", json.dumps(ok).encode(), json.dumps(over).encode())
    with pytest.raises(TooLargeError) as raised:
        list(read(feed))
    named = "" if field == "id" else "article 'b': "
    assert (
        f"{feed}:2: {named}{field!r} of {most + 1:,} characters is longer than the limit of {most:,}"
    ) == str(raised.value)
    assert (most + 1, most, 2) == (raised.value.size, raised.value.limit, raised.value.line)
    assert [ok[field]] == [getattr(a, field) for a in read(feed, skip_bad=True)]


def test_an_id_given_as_a_long_number_is_limited_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A numeric id counts by its digits (below the id limit, which Python's 4,300 digits cannot reach)."""
    monkeypatch.setitem(FIELD_LIMITS, "id", 100)
    feed = write_lines(tmp_path / "feed.jsonl", b'{"id": 1' + b"0" * 100 + b', "text": "Baku"}')
    with pytest.raises(TooLargeError, match=r":1: 'id' of 101 characters is longer than the limit of 100"):
        list(read(feed))


def test_the_error_for_a_long_title_shows_the_id_cut_short(tmp_path: Path) -> None:
    """A long id is refused first, a long title names the id cut short: no message repeats a long value."""
    record = {"id": "i" * 9000, "title": "t" * 5000, "text": "Baku"}
    feed = write_lines(tmp_path / "feed.jsonl", json.dumps(record).encode())
    with pytest.raises(TooLargeError) as raised:
        list(read(feed))
    assert "'id' of 9,000 characters" in str(raised.value)
    record = {"id": "i" * 4000, "title": "t" * 5000, "text": "Baku"}
    feed.write_text(json.dumps(record) + "\n")
    with pytest.raises(TooLargeError) as raised:
        list(read(feed))
    assert f"article {'i' * 80 + '...'!r}: 'title' of 5,000 characters" in str(raised.value)
    assert len(str(raised.value)) < 300


def test_the_line_limit_holds_any_record_within_the_limits() -> None:
    """A record with every field at its limit, each character a JSON escape, fits the line limit."""
    record = {name: "\u00e9" * most for name, most in FIELD_LIMITS.items()}
    record["text"] = "\u00e9" * 1000
    line = json.dumps(record)  # ensure_ascii: six bytes a character
    assert len(line.encode()) <= line_limit(1000)
    assert [record["title"]] == [a.title for a in read_jsonl([line], max_chars=1000)]


class Watched(io.BytesIO):
    """A file that remembers the longest piece it handed out in one call."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.most = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.most = max(self.most, len(line))
        return line


def test_a_line_too_long_is_refused_while_it_is_read() -> None:
    """A line past the line limit is refused naming its size; no call reads more than the limit of it."""
    limit = line_limit(100)
    huge = json.dumps({"id": "big", "text": "z" * (3 * limit)}).encode()
    stream = Watched(huge + b"\n" + json.dumps({"id": "after", "text": "Baku"}).encode() + b"\n")
    with pytest.raises(TooLargeError) as raised:
        list(read_jsonl(stream, source="feed.jsonl", max_chars=100))
    assert (
        f"feed.jsonl:1: line of {len(huge):,} bytes is longer than {limit:,} bytes, the most a record within "
        "limits takes (raise max_chars, or --max-chars)"
    ) == str(raised.value)
    assert (len(huge), limit) == (raised.value.size, raised.value.limit)
    assert stream.most <= limit + 1
    stream.seek(0)
    errors: list[RecordError] = []
    assert ["after"] == [a.id for a in read_jsonl(stream, skip_bad=True, errors=errors, max_chars=100)]
    assert [1] == [e.line for e in errors]


def test_a_line_exactly_at_the_limit_is_parsed() -> None:
    """A line of exactly the line limit (its line break aside) is parsed, not refused as too long."""
    limit = line_limit(100)
    head = b'{"id": "x", "text": "Baku", "pad": "'
    line = head + b"p" * (limit - len(head) - 2) + b'"}'
    assert limit == len(line)
    assert ["x"] == [a.id for a in read_jsonl(io.BytesIO(line + b"\n"), max_chars=100)]
    assert ["x"] == [a.id for a in read_jsonl(io.BytesIO(line), max_chars=100)]
    with pytest.raises(TooLargeError, match=f"line of {limit + 1:,} bytes"):
        list(read_jsonl(io.BytesIO(line + b" \n"), max_chars=100))


def test_a_line_too_long_on_standard_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON Lines on standard input get the same line limit, the first line included."""
    limit = line_limit(100)
    fake_stdin(monkeypatch, b'{"id": "big", "text": "' + b"z" * limit + b'"}\n{"id": "ok", "text": "Baku"}\n')
    with pytest.raises(TooLargeError, match=r"<stdin>:1: line of "):
        list(read("-", max_chars=100))
    fake_stdin(monkeypatch, b'{"id": "big", "text": "' + b"z" * limit + b'"}\n{"id": "ok", "text": "Baku"}\n')
    assert ["ok"] == [a.id for a in read("-", max_chars=100, skip_bad=True)]
