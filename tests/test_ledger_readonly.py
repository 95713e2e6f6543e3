"""Reading commands only read: a read-only ledger works, a file that is not a ledger is left byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import EXAMPLE
from provenance import Article, read
from provenance.cli import main
from provenance.errors import LedgerCorruptError, LedgerError
from provenance.ledger import Ledger

COPY = next(x for x in EXAMPLE.read_text(encoding="utf-8").splitlines() if '"footer-copy"' in x).replace(
    '"footer-copy"', '"new-copy"'
)


def reads(db: Path) -> list[list[str]]:
    """Every reading command, each pointed at ``db``."""
    at = ["--db", str(db)]
    return [
        ["stats", *at],
        ["verify", *at],
        ["show", "wire-original", *at],
        ["check", "-", *at],
        ["clusters", *at],
        ["trace", "aggregator-copy", *at],
        ["export", *at],
        ["export", *at, "--format", "prov-n"],
    ]


def run(*args: str, wrap: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command, in this process, or in a subprocess under ``wrap`` (a command line to run it under)."""
    if wrap is None:
        result = CliRunner().invoke(main, list(args), input=COPY)
        return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)
    return subprocess.run(
        [*wrap, sys.executable, "-m", "provenance", *args],
        input=COPY,
        capture_output=True,
        text=True,
        check=False,
    )


def state(folder: Path) -> dict[str, str]:
    """Each file of a folder and the SHA-256 of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger of the bundled example, closed cleanly (no -wal or -shm beside it)."""
    path = tmp_path_factory.mktemp("ledger") / "example.db"
    with Ledger.open(path) as ledger:
        ledger.ingest(read(EXAMPLE))
    assert ["example.db"] == [p.name for p in path.parent.iterdir()]
    return path


def another_application(path: Path) -> Path:
    """A SQLite database of another program: its own table, its own schema version."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        db.execute("INSERT INTO notes (body) VALUES ('call the desk'), ('check the wire')")
        db.execute("PRAGMA user_version = 7")
    db.close()
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("sqlite", "not a ledger (a SQLite database without the ledger's tables)"),
        ("sqlite-v1", "not a ledger (a SQLite database without the ledger's tables)"),
        ("empty", "not a ledger (an empty database)"),
        ("text", "file is not a database"),
    ],
)
def test_a_file_that_is_not_a_ledger_is_refused_untouched(tmp_path: Path, kind: str, message: str) -> None:
    """Reading commands (and ingest) refuse it in one line, exit 2; the folder stays byte for byte."""
    path = tmp_path / "other.db"
    if kind.startswith("sqlite"):
        another_application(path)
        if kind == "sqlite-v1":  # a schema version that happens to be the ledger's
            with sqlite3.connect(path) as db:
                db.execute("PRAGMA user_version = 1")
            db.close()
    elif kind == "empty":
        path.write_bytes(b"")
    else:
        path.write_bytes(b"these are my notes, not a database\n" * 300)
    before = state(tmp_path)
    ingest = [] if kind == "empty" else [["ingest", str(EXAMPLE), "--db", str(path)]]  # empty: a new ledger
    for args in [*reads(path), *ingest]:
        result = run(*args)
        assert 2 == result.returncode, (args, result.stdout)
        (line,) = result.stderr.splitlines()
        assert line.startswith("provenance: error: ")
        assert message in line, args
        assert before == state(tmp_path), args


def test_the_api_refuses_another_applications_database(tmp_path: Path) -> None:
    """Ledger.open, read-only or not, raises LedgerCorruptError and adds no table."""
    path = another_application(tmp_path / "notes.db")
    before = state(tmp_path)
    for readonly in (True, False):
        with pytest.raises(LedgerCorruptError, match="left as it was"):
            Ledger.open(path, readonly=readonly)
    assert before == state(tmp_path)
    with sqlite3.connect(path) as db:
        assert [("notes",)] == db.execute("SELECT name FROM sqlite_master").fetchall()
    db.close()


def test_reading_commands_leave_the_ledger_file_as_it_was(ledger: Path) -> None:
    """Every reading command succeeds and the ledger's bytes do not change."""
    before = hashlib.sha256(ledger.read_bytes()).hexdigest()
    for args in reads(ledger):
        result = run(*args)
        assert 0 == result.returncode, (args, result.stderr)
    assert before == hashlib.sha256(ledger.read_bytes()).hexdigest()


def _readonly_runner(folder: Path) -> list[str]:
    """A command prefix under which ``folder`` is read-only, or skip where none can be made."""
    if os.geteuid() != 0:
        return []  # the caller takes the write permission away
    unshare = shutil.which("unshare")
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    probe = [unshare or "unshare", "-rm", "sh", "-c", script, str(folder)]
    if unshare is None or subprocess.run([*probe, "true"], capture_output=True, check=False).returncode:
        pytest.skip("running as root with no user namespace to mount a folder read-only")
    return probe


def test_a_ledger_in_a_read_only_folder_is_read(ledger: Path, tmp_path: Path) -> None:
    """In a folder nobody can write (no -shm can be made), every reading command works and answers right."""
    folder = tmp_path / "archive"
    folder.mkdir()
    copy = folder / "example.db"
    shutil.copyfile(ledger, copy)
    wrap = _readonly_runner(folder)
    if not wrap:
        copy.chmod(0o444)
        folder.chmod(0o555)
    try:
        results = {" ".join(args[:1] + args[-1:]): run(*args, wrap=wrap) for args in reads(copy)}
    finally:
        folder.chmod(0o755)
    for name, result in results.items():
        assert 0 == result.returncode, (name, result.stderr)
    assert ["example.db"] == [p.name for p in folder.iterdir()]  # nothing was created beside it
    assert "articles     9" in results[f"stats {copy}"].stdout
    assert f"{copy}: ok" == results[f"verify {copy}"].stdout.strip()
    assert results[f"check {copy}"].stdout.startswith("new-copy: a copy of ")
    assert 15 == len(json.loads(results[f"export {copy}"].stdout)["matches"])


def test_a_read_only_ledger_refuses_to_ingest(ledger: Path, tmp_path: Path) -> None:
    """A ledger opened read-only raises a LedgerError on ingest and keeps what it holds."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(ledger, copy)
    before = hashlib.sha256(copy.read_bytes()).hexdigest()
    with Ledger.open(copy, readonly=True) as reader:
        with pytest.raises(LedgerError, match="opened read-only"):
            reader.ingest([Article(id="new", text="Talks resumed in Baku on Tuesday, officials said.")])
        assert 9 == reader.stats()["articles"]
    assert before == hashlib.sha256(copy.read_bytes()).hexdigest()
