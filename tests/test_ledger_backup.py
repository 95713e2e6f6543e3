"""provenance backup: a whole, consistent copy even while the -wal file holds the data; odd --db targets."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from feeds import feed
from provenance.cli import main
from provenance.errors import LedgerError
from provenance.ledger import Ledger


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The command, run in this process: its exit code, standard output and standard error."""
    result = CliRunner().invoke(main, list(args))
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


def articles_in(path: Path) -> int | str:
    """How many articles plain sqlite3 reads from a file alone, or the error it meets."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error as error:
        return str(error)
    finally:
        db.close()


def test_backup_copies_what_is_still_in_the_wal(tmp_path: Path) -> None:
    """While a writer holds the ledger open, the .db file alone lacks the data; the backup has all of it."""
    path = tmp_path / "live.db"
    articles = feed(30, seed=6)
    with Ledger.open(path) as writer:
        writer.ingest(articles)
        assert Path(f"{path}-wal").stat().st_size > 0  # the articles are in the -wal file, not yet in the .db
        alone = tmp_path / "copied-alone.db"
        shutil.copyfile(path, alone)  # what a naive file copy takes
        result = run("backup", str(tmp_path / "backup.db"), "--db", str(path))
        assert 0 == result.returncode, result.stderr
        expected = writer.stats()
    assert 30 != articles_in(alone)
    backup = tmp_path / "backup.db"
    assert [backup.name] == [p.name for p in tmp_path.iterdir() if p.name.startswith("backup")]  # one file
    assert 30 == articles_in(backup)
    with Ledger.open(backup, readonly=True) as copy:
        assert [] == copy.verify()
        assert expected == copy.stats()
        assert [a.id for a in articles] == [s.article.id for s in copy.store.articles()]


def test_backup_never_overwrites(tmp_path: Path) -> None:
    """A DEST that exists is refused in one line, exit 2, its bytes unchanged; the API raises LedgerError."""
    path = tmp_path / "l.db"
    with Ledger.open(path) as ledger:
        ledger.ingest(feed(3))
        dest = tmp_path / "precious.db"
        dest.write_bytes(b"yesterday's backup")
        with pytest.raises(LedgerError, match="already exists"):
            ledger.backup(dest)
    result = run("backup", str(dest), "--db", str(path))
    assert 2 == result.returncode
    (line,) = result.stderr.splitlines()
    said = "already exists (a backup goes to a new file; nothing was written)"
    assert f"provenance: error: {dest}: {said}" == line
    assert b"yesterday's backup" == dest.read_bytes()
    assert ["precious.db"] == sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("l.db"))


@pytest.mark.parametrize("command", [["ingest", "-"], ["stats"], ["verify"], ["backup", "out.db"]])
def test_a_db_that_is_not_a_regular_file_is_named_as_such(command: list[str], tmp_path: Path) -> None:
    """--db /dev/null (or a folder) is refused as not a regular file, never reported as a full disk."""
    before = hashlib.sha256(b"").hexdigest()
    for target in ("/dev/null", str(tmp_path)):
        result = run(*command, "--db", target)
        assert 2 == result.returncode, result.stdout
        (line,) = result.stderr.splitlines()
        assert "not a regular file" in line or "is a directory" in line.lower(), line
        assert "full" not in line
    assert before == hashlib.sha256(Path("/dev/null").read_bytes()).hexdigest()
