"""The command line's conventions, the same in every command (issue 15).

Usage on a bare invocation; missing extras as one line naming the pip command; the same
reading and matching options wherever articles are read; input checked before anything is
printed; an input of no article said, exit 2; duplicate ids named with file and line;
``schema_version`` on every JSON Lines record; a table that fits the width without
breaking ids.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from conftest import EXAMPLE
from provenance.cli import main

SHARED = ("--skip-bad", "--threshold", "--containment", "--min-coverage", "--shingle", "--max-chars")
READERS = ("scan", "clusters", "ingest", "check", "trace", "export")


@attrs.frozen
class Ran:
    """What a command did: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Ran:
    """The command, run in this process (as the installed script runs it) for speed."""
    result = CliRunner().invoke(main, list(args), input=stdin, env=env, prog_name="provenance")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def one_line_error(result: Ran, expected: str) -> None:
    assert (2, "", [f"provenance: error: {expected}"]) == (
        result.returncode,
        result.stdout,
        result.stderr.splitlines(),
    )


def test_bare_invocation_prints_the_usage() -> None:
    """`provenance` alone prints the usage and the commands on several lines, exit 2."""
    result = run()
    assert 2 == result.returncode
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Usage: provenance")
    assert "\\n" not in result.stderr
    assert {"scan", "ingest", "check", "trace", "export"} <= {
        line.split()[0] for line in lines if line.startswith("  ")
    }


@pytest.mark.parametrize("command", READERS)
def test_every_reading_command_has_the_shared_options(command: str) -> None:
    """scan, clusters, ingest, check, trace and export all take the reading and matching options."""
    result = run(command, "--help")
    assert 0 == result.returncode, result.stderr
    assert [] == [option for option in SHARED if option not in result.stdout]


def test_prov_export_without_prov_is_one_line_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the prov package, `export --format prov-json` says which pip command to run, exit 2."""
    monkeypatch.setitem(sys.modules, "prov", None)
    result = run("export", str(EXAMPLE), "--format", "prov-json")
    one_line_error(result, "W3C PROV export needs the 'prov' package: pip install 'wire-provenance[prov]'")


def test_threshold_options_reach_clusters_and_export() -> None:
    """Stricter thresholds leave fewer pairs in export as in scan, and fewer cluster edges."""

    def pairs(*args: str) -> int:
        result = run("export", str(EXAMPLE), *args)
        assert 0 == result.returncode, result.stderr
        return len(json.loads(result.stdout)["matches"])

    everything, whole = pairs(), pairs("--min-coverage", "1")
    scanned = run("scan", str(EXAMPLE), "--min-coverage", "1", "--format", "jsonl").stdout.splitlines()
    assert 0 < whole == len(scanned) < everything
    default = run("clusters", str(EXAMPLE), "--format", "jsonl").stdout.splitlines()
    only_verbatim = ("--threshold", "1", "--containment", "1", "--min-coverage", "0.99")
    strict = run("clusters", str(EXAMPLE), "--format", "jsonl", *only_verbatim).stdout.splitlines()
    assert sum(len(json.loads(c)["edges"]) for c in strict) < sum(
        len(json.loads(c)["edges"]) for c in default
    )


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """A ledger holding the example's first article."""
    db = tmp_path / "l.db"
    originals = tmp_path / "originals.jsonl"
    originals.write_text(EXAMPLE.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert 0 == run("ingest", str(originals), "--db", str(db)).returncode
    return db


def test_check_reads_everything_before_printing(tmp_path: Path, ledger: Path) -> None:
    """A bad third record stops `check` before any verdict is printed; --skip-bad prints the good ones."""
    feed = tmp_path / "feed.jsonl"
    good = EXAMPLE.read_text(encoding="utf-8").splitlines()[1:3]
    feed.write_text("\n".join([*good, '{"id": "bad"}']) + "\n", encoding="utf-8")
    one_line_error(run("check", str(feed), "--db", str(ledger)), f"{feed}:3: missing 'text'")
    skipped = run("check", str(feed), "--db", str(ledger), "--skip-bad", "--format", "jsonl")
    assert 0 == skipped.returncode, skipped.stderr
    assert 2 == len(skipped.stdout.splitlines())
    assert "provenance: skipped 1 bad record(s)" == skipped.stderr.splitlines()[0]


@pytest.mark.parametrize("content", [b"", b"\n  \n\t\n"])
@pytest.mark.parametrize("command", ["scan", "clusters", "trace", "export", "check", "ingest"])
def test_an_input_of_no_article_is_said_exit_2(
    tmp_path: Path, request: pytest.FixtureRequest, command: str, content: bytes
) -> None:
    """An empty or blank-only feed: "0 articles read from FILE", exit 2, whatever the command."""
    feed = tmp_path / "empty.jsonl"
    feed.write_bytes(content)
    db = ["--db", str(tmp_path / "new.db")] if command == "ingest" else []
    if command == "check":
        db = ["--db", str(request.getfixturevalue("ledger"))]
    one_line_error(run(command, str(feed), *db), f"0 articles read from {feed}")


def test_ingesting_nothing_keeps_the_ledger(tmp_path: Path, ledger: Path) -> None:
    """An empty ingest is an error and the ledger keeps what it held."""
    before = run("stats", "--db", str(ledger), "--format", "jsonl").stdout
    feed = tmp_path / "empty.jsonl"
    feed.write_bytes(b"")
    assert 2 == run("ingest", str(feed), "--db", str(ledger)).returncode
    assert before == run("stats", "--db", str(ledger), "--format", "jsonl").stdout
    assert json.loads(before)["articles"] == 1


def test_a_duplicate_id_names_both_places(tmp_path: Path) -> None:
    """A repeated id names its file and line and the first one's; --skip-bad skips it and goes on."""
    feed = tmp_path / "feed.jsonl"
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    feed.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    at = len(lines) + 1
    repeated = json.loads(lines[1])["id"]
    one_line_error(run("scan", str(feed)), f"{feed}:{at}: id {repeated!r} repeats the article at {feed}:2")
    skipped = run("scan", str(feed), "--skip-bad", "--format", "jsonl")
    assert 0 == skipped.returncode
    assert "provenance: skipped 1 bad record(s)" == skipped.stderr.splitlines()[0]


def test_ingest_jsonl_has_a_schema_version(tmp_path: Path) -> None:
    """Every line `ingest --format jsonl` prints carries schema_version, as the other commands' do."""
    result = run("ingest", str(EXAMPLE), "--db", str(tmp_path / "l.db"), "--format", "jsonl")
    assert 0 == result.returncode, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(EXAMPLE.read_text(encoding="utf-8").splitlines())
    assert {1} == {r["schema_version"] for r in records}


def test_ingest_and_check_take_thresholds(tmp_path: Path) -> None:
    """--min-coverage 1 in ingest stores only the wholly shared pairs."""

    def matches(*args: str) -> int:
        db = tmp_path / f"{len(args)}.db"
        result = run("ingest", str(EXAMPLE), "--db", str(db), *args)
        assert 0 == result.returncode, result.stderr
        return int(result.stdout.split(" matches")[0].rsplit(" ", 1)[1])

    assert 0 < matches("--min-coverage", "1") < matches()


def id_counts(output: str) -> dict[str, int]:
    """How often each id of the example is printed whole (as a word of its own)."""
    ids = {json.loads(line)["id"] for line in EXAMPLE.read_text(encoding="utf-8").splitlines()}
    words = output.replace("│", " ").split()
    return {i: words.count(i) for i in sorted(ids)}


@pytest.mark.parametrize("columns", [80, 100])
def test_table_fits_the_width_and_keeps_ids_whole(columns: int) -> None:
    """At 80 or 100 columns no line is wider, and every id is printed whole as often as in a wide table."""
    narrow = run("scan", str(EXAMPLE), env={"COLUMNS": str(columns)})
    assert 0 == narrow.returncode, narrow.stderr
    assert [] == [line for line in narrow.stdout.splitlines() if len(line) > columns]
    wide = run("scan", str(EXAMPLE), "--format", "jsonl").stdout.splitlines()
    expected = dict.fromkeys(id_counts(""), 0)
    for line in wide:
        record = json.loads(line)
        expected[record["a"]] += 1
        expected[record["b"]] += 1
        if record["original"]:
            expected[record["original"]] += 1
    assert expected == id_counts(narrow.stdout)


def test_wide_table_is_one_row_a_pair() -> None:
    """Where the ids and scores fit (160 columns), the table has a header and one row per pair."""
    result = run("scan", str(EXAMPLE), env={"COLUMNS": "160"})
    lines = result.stdout.splitlines()
    assert lines[0].split("┃")[0].strip() == "a"
    pairs = int(lines[-1].split()[0])
    assert pairs == len([line for line in lines[2:-1] if line.split("│")[0].strip()])
