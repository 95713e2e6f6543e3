"""Ctrl-C, as a terminal sends it (to every process of the foreground group, workers included), and SIGTERM.

`scan` and `ingest` stop with one line, and no worker prints a traceback of its own: exit 1
for Ctrl-C; for SIGTERM (``timeout``, a service manager), the end SIGTERM makes. The line of an
ingest says how many articles it recorded, and every one it acknowledged is stored, whole.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from feeds import story, write
from provenance import Article
from provenance.ledger import Ledger
from test_ledger_faults import acknowledged, stored_ids

WAIT = 120  # seconds a stopped process may take to end (a bound against a hang, not a speed)
RECORDED = re.compile(
    r"provenance: (aborted|terminated); (\d+) articles? (?:was|were) recorded before it"
    r" \(ingesting the same input again passes over what is stored\)"
)


ARTICLES = 400  # of about 8 KB, some 10 ms each to clean: seconds of work, stopped in its first


def _feed(path: Path) -> Path:
    """A feed of unrelated articles, long enough to be stopped well before its end."""
    rng = random.Random(45)
    write([Article(id=f"a-{k}", text=story(rng, paragraphs=40)) for k in range(ARTICLES)], path)
    return path


# A shell without job control starts its background commands with SIGINT ignored, and a process
# inherits that (tests run from such a script would see no Ctrl-C arrive): the command is started
# with SIGINT as a terminal's foreground job has it, by default.
_AS_IN_A_TERMINAL = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
    " os.execv(sys.executable, [sys.executable, '-m', 'provenance', *sys.argv[1:]])"
)


def _in_own_group(*args: str) -> subprocess.Popen[str]:
    """`provenance ARGS` as the foreground job of a terminal: a process group of its own."""
    return subprocess.Popen(
        [sys.executable, "-c", _AS_IN_A_TERMINAL, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _first_line(process: subprocess.Popen[str]) -> str:
    """The first line a process prints, read from its pipe a byte at a time.

    ``readline`` on the pipe's text stream would read ahead a buffer's worth of the lines after
    it, which ``communicate`` (reading the pipe itself) then never sees.
    """
    assert process.stdout is not None
    line = b""
    while not line.endswith(b"\n") and (byte := os.read(process.stdout.fileno(), 1)):
        line += byte
    return line.decode()


def _descendants(pid: int) -> set[int]:
    """The processes a process started, and theirs (its pool's workers, or a fork server and its workers)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = {int(p) for p in (task / "children").read_text().split()}
        except OSError:  # the thread ended meanwhile
            continue
        for child in children - found:
            found |= {child, *_descendants(child)}
    return found


def _ctrl_c(process: subprocess.Popen[str]) -> tuple[str, list[str]]:
    """Send the group SIGINT; what the process printed then: stdout, and stderr's lines that are not blank.

    Click closes the terminal's ``^C`` echo with a blank line of its own.
    """
    os.killpg(process.pid, signal.SIGINT)
    return _ended(process)


def _ended(process: subprocess.Popen[str]) -> tuple[str, list[str]]:
    """What a stopped process printed: stdout, and stderr's lines that are not blank."""
    out, err = process.communicate(timeout=WAIT)
    if process.returncode == 0:
        pytest.fail("the command ended before the interrupt: make its input longer")
    return out, [line for line in err.splitlines() if line]


def test_ctrl_c_stops_a_scan_and_its_workers_in_one_line(tmp_path: Path) -> None:
    """Interrupted while its two workers clean, a scan says `provenance: aborted` alone, exit 1."""
    process = _in_own_group("scan", str(_feed(tmp_path / "feed.jsonl")), "--workers", "2")
    deadline = time.monotonic() + WAIT
    while len(_descendants(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_descendants(process.pid)) >= 2, "the scan's pool never started"
    out, lines = _ctrl_c(process)
    assert (1, "", ["provenance: aborted"]) == (process.returncode, out, lines)


def test_ctrl_c_stops_an_ingest_in_one_line_that_counts_what_it_kept(tmp_path: Path) -> None:
    """Interrupted after its first acknowledgement, an ingest says how many articles it recorded, exit 1."""
    feed, db = _feed(tmp_path / "feed.jsonl"), tmp_path / "stopped.db"
    process = _in_own_group("ingest", str(feed), "--db", str(db), "--format", "jsonl", "--workers", "2")
    first = _first_line(process)  # one batch committed: the pool is cleaning the next ones
    assert first, process.communicate(timeout=WAIT)[1]
    out, lines = _ctrl_c(process)
    assert 1 == process.returncode, lines
    assert 1 == len(lines), lines  # no worker's traceback
    _kept_as_told("aborted", lines[0], first + out, db)


def _kept_as_told(how: str, line: str, printed: str, db: Path) -> None:
    """The line counts what the ingest recorded; each article it acknowledged is stored; the ledger verifies.

    The count is taken as each article is acknowledged, just before its line is printed, so it
    may be one more than the lines that reached stdout, never fewer; and never more than the
    ledger holds.
    """
    told = RECORDED.fullmatch(line)
    assert told is not None, line
    assert how == told[1]
    said, stored = acknowledged(printed), stored_ids(db)
    assert said <= stored
    assert len(said) <= int(told[2]) <= min(len(said) + 1, len(stored))
    assert len(stored) < ARTICLES
    with Ledger.open(db, readonly=True) as ledger:
        assert [] == ledger.verify()


@pytest.mark.parametrize("group", [False, True], ids=["the process", "its group"])
def test_sigterm_stops_a_scan_in_one_line_and_ends_it_as_sigterm_does(tmp_path: Path, group: bool) -> None:
    """SIGTERM to a scan whose workers clean: `provenance: terminated` alone; it ends by SIGTERM.

    To the process alone, as `timeout` sends it, or to its whole group, workers included, as a
    service manager stops a service (the workers end at once, their pool breaks while the scan
    stops it).
    """
    process = _in_own_group("scan", str(_feed(tmp_path / "feed.jsonl")), "--workers", "2")
    deadline = time.monotonic() + WAIT
    while len(_descendants(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if group:
        os.killpg(process.pid, signal.SIGTERM)
    else:
        process.send_signal(signal.SIGTERM)
    out, lines = _ended(process)
    assert (-signal.SIGTERM, "", ["provenance: terminated"]) == (process.returncode, out, lines)


def test_sigterm_stops_an_ingest_in_one_line_that_counts_what_it_kept(tmp_path: Path) -> None:
    """SIGTERM after an ingest's first acknowledgement: its line counts what it kept; it ends by SIGTERM."""
    feed, db = _feed(tmp_path / "feed.jsonl"), tmp_path / "stopped.db"
    process = _in_own_group("ingest", str(feed), "--db", str(db), "--format", "jsonl", "--workers", "2")
    first = _first_line(process)
    assert first, process.communicate(timeout=WAIT)[1]
    process.send_signal(signal.SIGTERM)
    out, lines = _ended(process)
    assert -signal.SIGTERM == process.returncode, lines
    assert 1 == len(lines), lines
    _kept_as_told("terminated", lines[0], first + out, db)
