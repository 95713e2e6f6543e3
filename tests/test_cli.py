"""The command line: output formats, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE
from provenance.cli import main

FIELDS = {
    "schema_version",
    "type",
    "a",
    "b",
    "relation",
    "jaccard",
    "containment_ab",
    "containment_ba",
    "passages",
}


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in a subprocess, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )


def test_scan_prints_a_table() -> None:
    """The default output is a table naming each pair and its relation, and a count."""
    result = run("scan", str(EXAMPLE))
    assert 0 == result.returncode, result.stderr
    assert "aggregator-copy" in result.stdout
    assert "verbatim" in result.stdout
    assert result.stdout.rstrip().endswith("pairs")


def test_scan_jsonl_has_the_promised_fields() -> None:
    """--format jsonl prints one JSON object per pair with the documented fields."""
    result = run("scan", str(EXAMPLE), "--format", "jsonl")
    assert 0 == result.returncode, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    for record in records:
        assert FIELDS <= record.keys()
        assert 1 == record["schema_version"]
    first = next(r for r in records if (r["a"], r["b"]) == ("wire-original", "aggregator-copy"))
    assert "verbatim" == first["relation"]
    kinds = ["metadata", "header", "dateline", "credit", "footer", "footer"]
    assert kinds == [r["kind"] for r in first["set_aside"]["b"]]


def test_passage_spans_index_the_original_texts() -> None:
    """Each copied passage's spans cut equal story text out of the two input texts."""
    texts = {}
    for line in EXAMPLE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts[record["id"]] = record["text"]
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "jsonl"])
    record = next(
        json.loads(x)
        for x in result.output.splitlines()
        if '"b": "aggregator-copy"' in x and '"a": "wire-original"' in x
    )
    (passage,) = record["passages"]
    a0, a1 = passage["a"]
    b0, b1 = passage["b"]
    assert texts["wire-original"][a0:a1] == texts["aggregator-copy"][b0:b1]


def test_stdin_is_read_with_a_dash() -> None:
    """`-` reads JSON Lines from standard input."""
    result = run("scan", "-", "--format", "jsonl", stdin=EXAMPLE.read_text(encoding="utf-8"))
    assert 0 == result.returncode, result.stderr
    assert len(result.stdout.splitlines()) >= 5


def test_missing_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """A missing input gives exit code 2 and one line naming it, no traceback."""
    result = run("scan", str(tmp_path / "nope.jsonl"))
    assert 2 == result.returncode
    assert [
        f"provenance: error: {tmp_path / 'nope.jsonl'}: no such file or folder"
    ] == result.stderr.splitlines()


def test_bad_record_names_file_and_line(tmp_path: Path) -> None:
    """A bad JSONL record stops the scan with exit 2 and names the file and line."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "one two three"}\n{"id": "b"}\n', encoding="utf-8")
    result = run("scan", str(feed))
    assert 2 == result.returncode
    assert [f"provenance: error: {feed}:2: missing 'text'"] == result.stderr.splitlines()


def test_skip_bad_reports_how_many(tmp_path: Path) -> None:
    """--skip-bad goes on past bad records and says how many were skipped."""
    feed = tmp_path / "feed.jsonl"
    good = EXAMPLE.read_text(encoding="utf-8")
    feed.write_text(good + "not json\n" + '{"id": "blank", "text": "  "}\n', encoding="utf-8")
    result = run("scan", str(feed), "--skip-bad", "--format", "jsonl")
    assert 0 == result.returncode, result.stderr
    assert "provenance: skipped 2 bad record(s)" == result.stderr.splitlines()[0]
    assert len(result.stdout.splitlines()) >= 5


@pytest.mark.parametrize(
    "args",
    [
        ["scan"],
        ["scan", "x", "--format", "xml"],
        ["scan", "x", "--threshold", "2"],
        ["nosuch"],
        # click's own ranges let NaN through (every comparison with it is false)
        ["scan", "x", "--threshold", "nan"],
        ["scan", "x", "--containment", "NaN"],
        ["scan", "x", "--min-coverage", "nan"],
        ["scan", "x", "--min-coverage", "inf"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    """Bad usage exits with code 2 and one line on stderr."""
    result = run(*args)
    assert 2 == result.returncode
    (line,) = result.stderr.splitlines()
    assert line.startswith("provenance: error: ")
    assert "" == result.stdout


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    """--debug lets the exception through instead of the one-line message."""
    result = run("--debug", "scan", str(tmp_path / "nope"))
    assert 0 != result.returncode
    assert "Traceback" in result.stderr


def test_no_copies_says_so(tmp_path: Path) -> None:
    """An input without copies prints that no copies were found."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": "a", "text": "one two three"}\n{"id": "b", "text": "four five six"}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["scan", str(feed)])
    assert 0 == result.exit_code
    assert "no copies found" in result.output


def test_trace_of_a_file_with_db_checks_its_articles_against_the_ledger(tmp_path: Path) -> None:
    """trace FILE --db: a new page's chain names the stored story it copies, as a trace of both files does."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    new = [line for line in lines if '"id": "aggregator-copy"' in line]
    stored, page = tmp_path / "stored.jsonl", tmp_path / "new.jsonl"
    stored.write_text("\n".join(line for line in lines if line not in new) + "\n", encoding="utf-8")
    page.write_text(new[0] + "\n", encoding="utf-8")
    db = str(tmp_path / "ledger.db")
    assert 0 == run("ingest", str(stored), "--db", db).returncode
    alone = run("trace", str(page), "--format", "jsonl")
    against = run("trace", str(page), "--db", db, "--format", "jsonl")
    together = run("trace", str(stored), str(page), "--article", "aggregator-copy", "--format", "jsonl")
    assert [0, 0, 0] == [alone.returncode, against.returncode, together.returncode]
    flags = [json.loads(r.stdout)["flags"] for r in (alone, against, together)]
    assert "credit not verifiable" in flags[0]
    assert flags[1] == flags[2]
    assert "credit confirmed by a matching article" in flags[1]
    assert json.loads(against.stdout) == json.loads(together.stdout)
