"""Fuzz target: the command line's argument paths, with made-up arguments and feeds.

Each input becomes a command (``scan``, ``clusters``, ``ingest``, ``check``, ``show``,
``stats``, ``verify`` or a made-up one), options with sensible, wrong and made-up
values, paths (a JSON Lines feed, a text file, a folder, ``-`` for standard input, a
missing file, a made-up name) and the feed itself: raw bytes, or records with made-up
ids over texts that copy each other. It runs in a fresh folder of its own.

Checks, for every input: the command ends with exit code 0, 1 or 2, never with an
uncaught exception or a traceback, and exit code 2 comes with a ``provenance:`` line
on standard error.

Run it with ``python fuzz/run.py --target cli`` (or ``python fuzz/fuzz_cli.py``).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from click.testing import CliRunner

from provenance.cli import main

COMMANDS = ("scan", "clusters", "ingest", "check", "show", "stats", "verify")
VALUES: dict[str, tuple[str, ...]] = {
    "--format": ("table", "jsonl", "xml"),
    "--skip-bad": (),
    "--threshold": ("0.5", "1", "0", "2", "-1", "nan", "0.0001"),
    "--containment": ("0.5", "1", "0", "1e-9"),
    "--min-coverage": ("0", "0.25", "1", "1.5"),
    "--num-perm": ("2", "16", "128", "1", "0"),
    "--shingle": ("1", "3", "5", "0", "x"),
    "--seed": ("0", "1", "-1", "18446744073709551616"),
    "--max-chars": ("1", "40", "10000000", "0"),
    "--db": ("ledger.db", "other.db", "feed.jsonl", "folder"),
    "--fail-on-copy": (),
    "--help": (),
}
OPTIONS = tuple(VALUES)
PATHS = ("feed.jsonl", "feed.txt", "folder", "-", "missing.jsonl")
STORY = "The minister met the envoy in Baku on Tuesday. They discussed the vote and the new corridor."
TEXTS = (
    STORY,
    " date 2024-02-07 (MENAFN- Trend) " + STORY + "\n\nLegal Disclaimer: as is.",
    STORY.split(".", maxsplit=1)[0] + ".",
    "",
    " \u200b ",
    "The football season ended on Sunday with a draw in the capital city.",
)
_BASE = Path(tempfile.mkdtemp(prefix="fuzz-cli-", dir=os.environ.get("FUZZ_SCRATCH")))  # run.py cleans it
atexit.register(shutil.rmtree, _BASE, ignore_errors=True)


class Draw:
    """Choices read from the fuzz input, a byte at a time (zeros once it runs out)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.at = 0

    def byte(self) -> int:
        """The next byte."""
        self.at += 1
        return self.data[self.at - 1] if self.at <= len(self.data) else 0

    def pick(self, options: Sequence[str]) -> str:
        """One of the options."""
        return options[self.byte() % len(options)]

    def text(self, longest: int = 24) -> str:
        """A made-up string of up to ``longest`` bytes (no NUL: an argument cannot hold one)."""
        size = self.byte() % (longest + 1)
        raw = self.data[self.at : self.at + size]
        self.at += size
        return raw.decode("utf-8", "replace").replace("\x00", "")

    def rest(self) -> bytes:
        """Everything not read yet."""
        raw = self.data[self.at :]
        self.at = len(self.data)
        return raw


def _name(made_up: str) -> str:
    """A made-up path kept inside the run's own folder."""
    name = made_up.replace("/", "_").replace("\\", "_")
    return "x" if name in ("", ".", "..") or name.startswith("-") else name


def arguments(draw: Draw) -> list[str]:
    """A command line drawn from the input."""
    first = draw.byte()
    args = [draw.pick(COMMANDS) if first % 8 else draw.text()]
    for _ in range(draw.byte() % 6):
        kind = draw.byte() % 8
        if kind < 5:
            option = draw.pick(OPTIONS)
            args.append(option)
            if VALUES[option]:
                args.append(draw.pick(VALUES[option]) if draw.byte() % 4 else draw.text(12))
        elif kind < 7:
            args.append(draw.pick(PATHS))
        else:
            args.append(_name(draw.text(12)))
    return args


def feed(draw: Draw) -> bytes:
    """The feed: raw bytes, or records with made-up ids over texts that copy each other."""
    if draw.byte() % 3 == 0:
        return draw.rest()
    records = [
        {"id": draw.text(16) or "id", "text": draw.pick(TEXTS) + draw.text(8)}
        for _ in range(1 + draw.byte() % 4)
    ]
    return b"".join(json.dumps(r).encode() + b"\n" for r in records)


def check(data: bytes) -> None:
    """Run one made-up command line (an uncaught exception or a bad exit is a finding)."""
    draw = Draw(data)
    args = arguments(draw)
    content = feed(draw)
    runner = CliRunner()
    with tempfile.TemporaryDirectory(dir=_BASE) as folder, contextlib.chdir(folder):
        Path("feed.jsonl").write_bytes(content)
        Path("feed.txt").write_bytes(content)
        Path("folder").mkdir()
        Path("folder", "feed.jsonl").write_bytes(content)
        result = runner.invoke(main, args, input=content, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2), f"exit code {result.exit_code} for {args!r}"
    assert "Traceback" not in result.stderr, f"a traceback for {args!r}"
    if result.exit_code == 2:
        lines = result.stderr.rstrip("\n").split("\n")  # a made-up path may hold other line breaks
        assert lines, f"exit 2 and nothing said for {args!r}"
        assert lines[-1].startswith("provenance: "), f"exit 2 without a provenance: line for {args!r}"


if __name__ == "__main__":
    from run import child  # the runner instruments the library before it is imported

    child(__file__, sys.argv[1:])
