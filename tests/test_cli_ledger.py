"""The ledger and chain commands: ingest, check, show, stats, verify, clusters, trace, export."""

from __future__ import annotations

import io
import json
import operator
import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import EXAMPLE
from feeds import feed, write
from provenance import Ledger, read, scan
from provenance.cli import main
from provenance.cli._inputs import _place, _read_ahead
from provenance.cli._ledger import _may_wait
from provenance.cli._terminal import _tally
from provenance.ledger import Window
from provenance.ledger._ahead import SERIAL
from test_ledger_boilerplate import portals


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The real command, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "provenance", *args], input=stdin, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger holding the bundled example."""
    path = tmp_path_factory.mktemp("ledger") / "example.db"
    result = run("ingest", str(EXAMPLE), "--db", str(path))
    assert 0 == result.returncode, result.stderr
    assert result.stdout.startswith("9 added, 0 revisions, 0 unchanged")
    return path


def test_ingest_acknowledges_each_article_in_jsonl(tmp_path: Path) -> None:
    """--format jsonl prints one committed-article record per article; a second run says unchanged."""
    path = tmp_path / "l.db"
    first = run("ingest", str(EXAMPLE), "--db", str(path), "--format", "jsonl")
    second = run("ingest", str(EXAMPLE), "--db", str(path), "--format", "jsonl")
    records = [json.loads(x) for x in first.stdout.splitlines()]
    assert 9 == len(records)
    assert {"ingested"} == {r["type"] for r in records}
    assert {"added"} == {r["status"] for r in records}
    assert {"unchanged"} == {json.loads(x)["status"] for x in second.stdout.splitlines()}


def test_ingest_shingle_sets_up_a_new_ledger_and_guards_it(tmp_path: Path) -> None:
    """--shingle 3 makes a ledger of 3-word shingles; another size later is refused, nothing lost."""
    path = tmp_path / "ocr.db"
    first = run("ingest", str(EXAMPLE), "--db", str(path), "--shingle", "3")
    assert 0 == first.returncode, first.stderr
    with Ledger.open(path) as ledger:
        assert 3 == ledger.config.shingle
    other = run("ingest", str(EXAMPLE), "--db", str(path), "--shingle", "5")
    assert 2 == other.returncode
    (line,) = other.stderr.splitlines()
    assert line.startswith("provenance: error: ")
    assert "shingle 3 != 5" in line
    again = run("ingest", str(EXAMPLE), "--db", str(path))  # no --shingle: the ledger's own
    assert again.stdout.startswith("0 added, 0 revisions, 9 unchanged")
    assert "articles     9" in run("stats", "--db", str(path)).stdout


def test_check_finds_the_original_and_fails_on_copy(db: Path) -> None:
    """check says what a copy copies; --fail-on-copy turns that into exit code 1."""
    copy = next(x for x in EXAMPLE.read_text(encoding="utf-8").splitlines() if '"footer-copy"' in x)
    copy = copy.replace('"footer-copy"', '"new-copy"')
    plain = run("check", "-", "--db", str(db), stdin=copy)
    assert 0 == plain.returncode, plain.stderr
    assert plain.stdout.startswith("new-copy: a copy of ")
    assert "wire-original" in plain.stdout.splitlines()[0]
    strict = run("check", "-", "--db", str(db), "--fail-on-copy", "--format", "jsonl", stdin=copy)
    assert 1 == strict.returncode
    (record,) = [json.loads(x) for x in strict.stdout.splitlines()]
    assert ("check", "new-copy", True) == (record["type"], record["article"], record["is_copy"])
    assert "wire-original" in record["originals"]


def test_show_stats_verify_clusters(db: Path) -> None:
    """The reading commands report what the ledger holds."""
    show = run("show", "excerpt", "--db", str(db), "--format", "jsonl")
    assert "Energy Brief" == json.loads(show.stdout)["outlet"]
    stats = json.loads(run("stats", "--db", str(db), "--format", "jsonl").stdout)
    assert (9, 9, 0, 1) == (stats["articles"], stats["fingerprints"], stats["revisions"], stats["clusters"])
    verify = run("verify", "--db", str(db))
    assert (0, f"{db}: ok") == (verify.returncode, verify.stdout.strip())
    (cluster,) = [
        json.loads(x) for x in run("clusters", "--db", str(db), "--format", "jsonl").stdout.splitlines()
    ]
    assert "wire-original" == cluster["original"]
    assert 6 == len(cluster["members"])


def test_show_unknown_id_is_exit_2(db: Path) -> None:
    """An id the ledger does not hold is a one-line error."""
    result = run("show", "nope", "--db", str(db))
    assert 2 == result.returncode
    assert [f"provenance: error: 'nope': no such article in {db}"] == result.stderr.splitlines()


@pytest.mark.parametrize("source", ["files", "ledger"])
def test_trace_prints_chains(db: Path, source: str) -> None:
    """trace gives MENAFN <- Caspian Wire <- the ministry for the aggregator copy, from files or a ledger."""
    target = (
        [str(EXAMPLE), "--article", "aggregator-copy"]
        if source == "files"
        else ["aggregator-copy", "--db", str(db)]
    )
    result = run("trace", *target, "--format", "jsonl")
    assert 0 == result.returncode, result.stderr
    (record,) = [json.loads(x) for x in result.stdout.splitlines()]
    assert ("chain", "aggregator-copy") == (record["type"], record["article"])
    agents = [link["agent"] for link in record["links"]]
    assert ["MENAFN", "Caspian Wire", "Ministry of Energy of Azerbaijan"] == agents
    assert "credit confirmed by a matching article" in record["flags"]


def test_trace_flags_the_uncredited_copy() -> None:
    """The edited copy names no source but copies the wire story: an uncredited copy."""
    result = run("trace", str(EXAMPLE), "--article", "edited-copy")
    assert "flag: uncredited copy" in result.stdout


@pytest.mark.parametrize(
    ("fmt", "starts"),
    [("json", "{"), ("prov-json", "{"), ("prov-n", "document"), ("dot", "digraph"), ("mermaid", "flowchart")],
)
def test_export_formats(db: Path, fmt: str, starts: str) -> None:
    """export writes each format to stdout; the JSON ones parse."""
    result = run("export", "--db", str(db), "--format", fmt)
    assert 0 == result.returncode, result.stderr
    assert result.stdout.lstrip().startswith(starts)
    if fmt == "json":
        document = json.loads(result.stdout)
        assert (9, 15) == (len(document["chains"]), len(document["matches"]))
    elif fmt == "prov-json":
        assert "bundle" in json.loads(result.stdout)


def _records(path: Path, *records: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


_TEXT = "The council approved the new budget for schools and roads on Monday, the mayor said at noon."


def test_an_article_s_error_says_where_it_was_read(tmp_path: Path) -> None:
    """An article with no story stops ingest, scan and check with its file and line in front of its
    id (the third record of the feed); --skip-bad lists it so; an id read twice has no one place."""
    feed = _records(
        tmp_path / "feed.jsonl",
        {"id": "a", "text": _TEXT},
        {"id": "b", "text": f"{_TEXT} A second story."},
        {"id": "c", "text": " \n "},
    )
    said = f"{feed}:3: article 'c': empty text"
    ingest = run("ingest", str(feed), "--db", str(tmp_path / "l.db"))
    assert (2, [f"provenance: error: {said}; 2 articles were recorded before it"]) == (
        ingest.returncode,
        [line.split(" (ingesting")[0] for line in ingest.stderr.splitlines()],
    )
    scanned = run("scan", str(feed))
    assert (2, [f"provenance: error: {said}"]) == (scanned.returncode, scanned.stderr.splitlines())
    checked = run("check", str(feed), "--db", str(tmp_path / "l.db"))
    assert 2 == checked.returncode
    assert [f"provenance: error: {said}"] == checked.stderr.splitlines()
    skipped = run("ingest", str(feed), "--db", str(tmp_path / "l.db"), "--skip-bad")
    assert 0 == skipped.returncode, skipped.stderr
    assert ["provenance: skipped 1 bad record(s)", f"  {said}"] == skipped.stderr.splitlines()
    twice = _records(tmp_path / "twice.jsonl", {"id": "c", "text": _TEXT}, {"id": "c", "text": ""})
    again = run("ingest", str(twice), "--db", str(tmp_path / "other.db"))
    assert "provenance: error: article 'c': empty text; 1 article was recorded" in again.stderr


class _BrokenError(Exception):
    """What the input below raises."""


def _input(n: int, broken: int | None) -> Iterator[int]:
    """The items 0 .. n-1, or raising at item ``broken`` (once reached)."""
    for k in range(n):
        if k == broken:
            raise _BrokenError(k)
        yield k


def _taken(items: Iterator[int]) -> tuple[list[int], str | None]:
    """The items an input gives, and the error it stops with (None: it ended)."""
    out: list[int] = []
    try:
        out.extend(items)
    except _BrokenError as error:
        return out, str(error)
    return out, None


@given(n=st.integers(0, 40), broken=st.none() | st.integers(0, 40), enough=st.integers(1, 45))
def test_reading_ahead_gives_the_input_as_it_is_with_its_error_in_turn(
    n: int, broken: int | None, enough: int
) -> None:
    """An input read ahead gives the same items and stops with the same error after the same items;
    its length hint is what was read ahead: all of it, up to ``enough``, before any error."""
    ahead = _read_ahead(_input(n, broken), enough)
    before = min(n, enough, n if broken is None else broken)
    assert operator.length_hint(ahead) == before
    assert _taken(ahead) == _taken(_input(n, broken))


def test_a_bad_record_among_the_first_read_ahead_stops_ingest_after_the_ones_before_it(
    tmp_path: Path,
) -> None:
    """A file is read ahead to tell a large input; a bad line early in it still stops the ingest
    in its turn, with the articles before it stored and its file and line said."""
    good = [{"id": f"s{k}", "text": f"{_TEXT} Story {k} of the day, told once."} for k in range(SERIAL + 50)]
    feed = tmp_path / "feed.jsonl"
    lines = [json.dumps(r) for r in good]
    lines.insert(5, "{not json")
    feed.write_text("\n".join(lines) + "\n")
    ingest = run("ingest", str(feed), "--db", str(tmp_path / "l.db"))
    assert 2 == ingest.returncode
    assert ingest.stderr.startswith(f"provenance: error: {feed}:6:"), ingest.stderr
    assert "5 articles were recorded before it" in ingest.stderr
    with Ledger.open(tmp_path / "l.db") as ledger:
        assert sorted(s.article.id for s in ledger.store.articles()) == sorted(r["id"] for r in good[:5])
    whole = run("ingest", str(feed), "--db", str(tmp_path / "skip.db"), "--skip-bad")
    assert 0 == whole.returncode, whole.stderr
    assert whole.stdout.startswith(f"{len(good)} added"), whole.stdout


def test_standard_input_is_read_ahead_from_a_file_and_not_from_a_pipe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading ahead never waits for a writer: standard input is read ahead when it is a file (a
    redirect), taken as it comes when it is a pipe; named files always are."""
    path = tmp_path / "feed.jsonl"
    path.write_text("{}\n")
    assert not _may_wait((str(path),))
    with path.open() as redirected:
        monkeypatch.setattr(sys, "stdin", redirected)
        assert not _may_wait(("-",))
    read_end, write_end = os.pipe()
    with os.fdopen(read_end) as piped, os.fdopen(write_end, "w"):
        monkeypatch.setattr(sys, "stdin", piped)
        assert _may_wait(("-",))


def test_a_bad_record_early_in_redirected_standard_input_stops_ingest_in_its_turn(tmp_path: Path) -> None:
    """Standard input redirected from a file is read ahead as a file is: a bad line among its first
    articles still stops the ingest after the articles before it, said with its line."""
    records = [{"id": f"s{k}", "text": f"{_TEXT} Story {k}, told once."} for k in range(SERIAL + 20)]
    lines = [json.dumps(r) for r in records]
    lines.insert(3, "{not json")
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n")
    with feed.open() as stdin:
        ingest = subprocess.run(
            [sys.executable, "-m", "provenance", "ingest", "-", "--db", str(tmp_path / "l.db")],
            stdin=stdin, capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert 2 == ingest.returncode
    assert ingest.stderr.startswith("provenance: error: <stdin>:4:"), ingest.stderr
    assert "3 articles were recorded before it" in ingest.stderr


@given(
    events=st.lists(st.tuples(st.sampled_from("abcde"), st.integers(1, 99)), max_size=30),
    limit=st.none() | st.integers(1, 6),
)
def test_places_name_an_id_read_once_and_keep_at_most_the_limit(
    events: list[tuple[str, int]], limit: int | None
) -> None:
    """Where each id was read: its line when read once, none when read twice (its error could be
    either's); at most ``limit`` ids kept, the same as with no limit while they fit."""
    places: dict[str, str | None] = {}
    for key, line in events:
        _place(places, key, f"feed.jsonl:{line}", limit=limit)
    keys = {key for key, _ in events}
    if limit is not None:
        assert len(places) <= limit
    if limit is None or len(keys) <= limit:
        for key in keys:
            lines = [line for k, line in events if k == key]
            assert places[key] == (f"feed.jsonl:{lines[0]}" if len(lines) == 1 else None)


def _first_line_then_close(*args: str) -> tuple[str, int, str]:
    """The command's first line of output, read before its reader goes away (as ``| head -1``).

    Returns:
        That line, the command's exit code and what it said on standard error.
    """
    command = [sys.executable, "-m", "provenance", *args]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        said = process.stderr.read()
        code = process.wait(timeout=300)
    return first, code, said


def test_an_ingest_whose_output_is_closed_stops_and_says_what_it_kept(tmp_path: Path) -> None:
    """``provenance ingest --format jsonl | head -1``: the ingest cannot acknowledge the next
    article, so it stops, says in one line how many it recorded, and exits 1 (as Ctrl-C does), not
    0 as a complete ingest; what it recorded is kept, and the same command again completes it."""
    articles = feed(300, seed=41)
    path = write(articles, tmp_path / "feed.jsonl")
    db = tmp_path / "l.db"
    args = ("ingest", str(path), "--db", str(db), "--batch", "1", "--workers", "1")  # a commit an article
    first, code, said = _first_line_then_close(*args, "--format", "jsonl")
    assert {"type": "ingested", "id": articles[0].id, "status": "added"}.items() <= json.loads(first).items()
    assert 1 == code, said
    (line,) = said.splitlines()
    told = re.fullmatch(
        r"provenance: stopped: its output was closed; ([\d,]+) articles? (?:was|were) recorded before it"
        r" \(ingesting the same input again passes over what is stored\)",
        line,
    )
    assert told is not None, line
    with Ledger.open(db) as ledger:
        stored = ledger.stats()["articles"]
        assert [] == ledger.verify()
    assert 1 <= int(told[1].replace(",", "")) <= stored < len(articles)
    again = run(*args)
    assert 0 == again.returncode, again.stderr
    assert f"{stored} unchanged" in again.stdout


def test_a_scan_whose_output_is_closed_stops_quietly(tmp_path: Path) -> None:
    """``provenance scan --format jsonl | head -1`` only reads: it ends at once, with exit 0 and
    nothing on standard error (its 300 articles give about 600 kB of pairs with their passages'
    text, far more than a pipe holds, so it meets the closed pipe)."""
    path = write(feed(300, seed=41), tmp_path / "feed.jsonl")
    first, code, said = _first_line_then_close("scan", str(path), "--format", "jsonl", "--passage-text")
    assert "pair" == json.loads(first)["type"]
    assert (0, "") == (code, said)


def test_forget_until_a_day_forgets_what_was_published_by_its_end_and_a_dry_run_nothing(
    tmp_path: Path,
) -> None:
    """``forget --until DAY``: the stored articles published by the end of that day (UTC), as the
    example's own times say; ``--dry-run`` names the same and removes nothing; a window that holds
    nothing forgets nothing and is no error; neither an id nor a window is a usage error."""
    db = str(tmp_path / "l.db")
    assert 0 == run("ingest", str(EXAMPLE), "--db", db).returncode
    end = Window(until=datetime(2024, 3, 12, 23, 59, 59, 999999, tzinfo=UTC))
    expected = [a.id for a in read(EXAMPLE) if end.holds(a.published)]
    assert 0 < len(expected) < 9  # the example spans more than that day
    dry = run("forget", "--until", "2024-03-12", "--dry-run", "--format", "jsonl", "--db", db)
    assert 0 == dry.returncode, dry.stderr
    assert [{"schema_version": 1, "type": "would_forget", "id": key} for key in expected] == [
        json.loads(line) for line in dry.stdout.splitlines()
    ]
    assert 9 == json.loads(run("stats", "--db", db, "--format", "jsonl").stdout)["articles"]
    done = run("forget", "--until", "2024-03-12", "--format", "jsonl", "--db", db)
    assert expected == [json.loads(line)["id"] for line in done.stdout.splitlines()]
    assert 9 - len(expected) == json.loads(run("stats", "--db", db, "--format", "jsonl").stdout)["articles"]
    none = run("forget", "--since", "2030-01-01", "--db", db)
    assert (0, f"0 forgotten, from {db}\n") == (none.returncode, none.stdout)
    bare = run("forget", "--db", db)
    assert 2 == bare.returncode
    (line,) = bare.stderr.splitlines()
    assert "give the ID or URL of an article, or --since or --until" in line


def _with_a_terminal_for_errors(*args: str) -> tuple[str, str, int]:
    """The command run with its standard error on a terminal (a pty) and its output in a pipe.

    Returns:
        What it printed, what the terminal showed, and its exit code.
    """
    main_end, its_end = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "120"}
    with subprocess.Popen(
        [sys.executable, "-m", "provenance", *args], stdout=subprocess.PIPE, stderr=its_end, env=env
    ) as process:
        os.close(its_end)
        shown = b""
        while True:
            try:
                chunk = os.read(main_end, 1 << 16)
            except OSError:  # the command ended: its end of the terminal is closed
                break
            if not chunk:
                break
            shown += chunk
        assert process.stdout is not None
        printed = process.stdout.read().decode()
        code = process.wait(timeout=300)
    os.close(main_end)
    return printed, shown.decode(errors="replace"), code


@pytest.mark.parametrize("fmt", ["table", "jsonl"])
def test_an_ingest_counts_what_it_recorded_on_a_terminal_and_prints_what_it_always_does(
    tmp_path: Path, fmt: str
) -> None:
    """With standard error on a terminal, a running count of articles and matches is drawn there
    (and erased at the end); standard output gets what it gets without one: the summary, or every
    article's line, none of it drawn on the terminal instead."""
    articles = feed(300, seed=43)
    path = write(articles, tmp_path / "feed.jsonl")
    printed, shown, code = _with_a_terminal_for_errors(
        "ingest", str(path), "--db", str(tmp_path / "l.db"), "--batch", "1", "--workers", "1", "--format", fmt
    )
    assert 0 == code, shown
    counts = [
        int(n.replace(",", "")) for n in re.findall(r"recorded ([\d,]+) articles, [\d,]+ matches", shown)
    ]
    assert counts, shown
    assert counts == sorted(counts)
    assert counts[-1] <= len(articles)
    assert "ingested" not in shown  # no article's line went to the terminal
    if fmt == "jsonl":
        assert [a.id for a in articles] == [json.loads(line)["id"] for line in printed.splitlines()]
    else:
        assert printed.startswith(f"{len(articles)} added, 0 revisions, 0 unchanged")
        assert 1 == len(printed.splitlines())


def _drained(fd: int) -> bytes:
    """All a terminal holds to be read: one read may give only its first part (the rest comes after)."""
    shown = b""
    while select.select([fd], [], [], 0.5)[0]:
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            break
        shown += chunk
    return shown


def test_the_running_count_is_drawn_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """In this process: standard error a terminal (a pty), the count of each tick is drawn there; a
    command printing its lines to that terminal too, or an error stream that is no terminal, gets none."""
    main_end, its_end = pty.openpty()
    terminal = os.fdopen(its_end, "w", encoding="utf-8")
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", terminal)
    try:
        with _tally(printing=True) as none:
            assert none is None
        with _tally(printing=False) as tick:
            assert tick is not None
            for matches in (0, 2, 1):
                tick(matches)
        terminal.flush()
        shown = _drained(main_end).decode(errors="replace")
    finally:
        terminal.close()
        os.close(main_end)
    assert "recorded 3 articles, 3 matches" in shown
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with _tally(printing=False) as none:
        assert none is None


def _closed_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard output a pipe whose reader has gone: every write to it fails (BrokenPipeError)."""
    reader, writer = os.pipe()
    os.close(reader)
    monkeypatch.setattr(sys, "stdout", os.fdopen(writer, "w", encoding="utf-8"))


@pytest.mark.parametrize(
    "case",
    [
        # the exit code is the answer a script reads: every article still checked, the rest unsaid
        (("check", "--fail-on-copy"), 1, ""),
        (("check",), 0, ""),  # nothing more to tell: it ends quietly
        # it cannot acknowledge its first article: it stops, and says what it kept
        (
            ("ingest", "--batch", "1", "--workers", "1"),
            1,
            (
                "provenance: stopped: its output was closed; 1 article was recorded before it"
                " (ingesting the same input again passes over what is stored)\n"
            ),
        ),
    ],
)
def test_a_command_whose_output_is_closed_from_the_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], case: tuple[Any, ...]
) -> None:
    """In this process, its output closed before its first line: ``check --fail-on-copy`` still answers
    1 for a feed of copies (its first verdict, the one that meets the closed pipe, is no copy: the
    later ones are checked all the same); ``check`` ends with 0; an ingest stops after its first
    article with one line on standard error, and exits 1."""
    args, code, said = case
    articles = feed(100, seed=45)
    path = write(articles, tmp_path / "feed.jsonl")
    db = str(tmp_path / "l.db")
    if args[0] == "check":
        assert 0 == run("ingest", str(path), "--db", db).returncode
        with Ledger.open(db) as ledger:  # the verdict that meets the closed pipe is no copy
            assert not ledger.check(articles[0]).is_copy
    _closed_output(monkeypatch)
    with pytest.raises(SystemExit) as ended:
        main.main([args[0], str(path), "--db", db, "--format", "jsonl", *args[1:]])
    assert (code, said) == (ended.value.code, capsys.readouterr().err)
    if args[0] == "ingest":
        with Ledger.open(db) as ledger:
            assert [articles[0].id] == [s.article.id for s in ledger.store.articles()]


def test_the_summary_line_says_what_the_re_checks_changed(tmp_path: Path) -> None:
    """A portal's first pages paired by their chrome, until its third page makes it boilerplate.

    The line counts the matches stored with the pages, then what the ledger holds once the
    re-check took that pair back: scan's pairs.
    """
    articles = portals()[:4]  # the wire story, then three pages of one portal, in that order
    done = run("ingest", str(write(articles, tmp_path / "portal.jsonl")), "--db", str(tmp_path / "l.db"))
    assert 0 == done.returncode, done.stderr
    line = r"4 added, 0 revisions, 0 unchanged, (\d+) matches \((\d+) once re-checked\), in .*\n"
    said = re.fullmatch(line, done.stdout)
    assert said is not None, done.stdout
    with Ledger.open(tmp_path / "l.db") as ledger:
        stored = sum(1 for _ in ledger.matches())
    assert (int(said[2]), stored) == (len(scan(articles)), len(scan(articles)))
    assert int(said[1]) > stored
