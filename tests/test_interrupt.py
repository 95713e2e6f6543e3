"""Ctrl-C, as a terminal sends it: to every process of the foreground group, workers included.

`scan` and `ingest` stop with one line and exit 1, and no worker prints a traceback of its
own; the line of an ingest says how many articles it recorded, and every one it acknowledged
is stored, whole.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from provenance.ledger import Ledger
from test_ledger_faults import _long_feed, acknowledged, stored_ids

WAIT = 120  # seconds a stopped process may take to end (a bound against a hang, not a speed)
RECORDED = re.compile(
    r"provenance: aborted; (\d+) articles? (?:was|were) recorded before it"
    r" \(ingesting the same input again passes over what is stored\)"
)


def _in_own_group(*args: str) -> subprocess.Popen[str]:
    """`provenance ARGS` as the foreground job of a terminal: a process group of its own."""
    return subprocess.Popen(
        [sys.executable, "-m", "provenance", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


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
    out, err = process.communicate(timeout=WAIT)
    if process.returncode == 0:
        pytest.fail("the command ended before the interrupt: make its input longer")
    return out, [line for line in err.splitlines() if line]


def test_ctrl_c_stops_a_scan_and_its_workers_in_one_line(tmp_path: Path) -> None:
    """Interrupted while its two workers clean, a scan says `provenance: aborted` alone, exit 1."""
    _long_feed(200, tmp_path / "long.jsonl")  # some 20 s of cleaning: far from done when interrupted
    process = _in_own_group("scan", str(tmp_path / "long.jsonl"), "--workers", "2")
    deadline = time.monotonic() + WAIT
    while len(_descendants(process.pid)) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(_descendants(process.pid)) >= 2, "the scan's pool never started"
    out, lines = _ctrl_c(process)
    assert (1, "", ["provenance: aborted"]) == (process.returncode, out, lines)


def test_ctrl_c_stops_an_ingest_in_one_line_that_counts_what_it_kept(tmp_path: Path) -> None:
    """Interrupted after its first acknowledgement, an ingest says how many articles it recorded, exit 1.

    Every article it acknowledged is stored, and the ledger verifies. The count is taken as each
    article is acknowledged, just before its line is printed, so it may be one more than the
    lines that reached stdout, never fewer; and never more than the ledger holds.
    """
    feed, db = tmp_path / "long.jsonl", tmp_path / "stopped.db"
    _long_feed(200, feed)
    process = _in_own_group("ingest", str(feed), "--db", str(db), "--format", "jsonl", "--workers", "2")
    assert process.stdout is not None
    first = process.stdout.readline()  # one batch committed: the pool is cleaning the next ones
    assert first, process.communicate(timeout=WAIT)[1]
    out, lines = _ctrl_c(process)
    assert 1 == process.returncode, lines
    assert 1 == len(lines), lines  # no worker's traceback
    told = RECORDED.fullmatch(lines[0])
    assert told is not None, lines[0]
    said, stored = acknowledged(first + out), stored_ids(db)
    assert said <= stored
    assert len(said) <= int(told[1]) <= min(len(said) + 1, len(stored))
    assert len(stored) < 200
    with Ledger.open(db, readonly=True) as ledger:
        assert [] == ledger.verify()
