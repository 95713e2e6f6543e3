"""The terminal sessions shown in the docs are what the commands print.

Every ``console`` block that follows a line ``<!-- run -->`` is run, command by command
(``$ ...``, continued by a trailing backslash), in bash, in a scratch folder holding
the bundled ``examples/`` and, beside it, ``../shared`` when the shared corpora are
there; the blocks of one page run in order in the same folder, so a ledger ingested by
one block is there for the next. What a command prints (standard output and error, in
the order written) must be the lines shown under it, where a line ``...`` stands for
any number of lines and ``...`` inside a line for any text. A command shown without
output is run but its output is not compared.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from conftest import CORPUS

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted([ROOT / "README.md", *ROOT.joinpath("docs").rglob("*.md")])
MARK = "<!-- run -->"
_SEP = "@@@ provenance docs @@@"


@attrs.frozen
class Step:
    """One command of a console block and the lines shown under it."""

    command: str
    shown: tuple[str, ...]


def blocks(page: Path) -> list[list[Step]]:
    """The marked console blocks of a page, each as its steps."""
    found: list[list[Step]] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    k = 0
    while k < len(lines):
        if lines[k].strip() == MARK:
            fence = k + 1
            where = f"{page.name}:{fence + 1}"
            assert lines[fence].startswith("```console"), f"{where}: {MARK} must precede a console block"
            end = lines.index("```", fence + 1)
            found.append(steps(lines[fence + 1 : end]))
            k = end
        k += 1
    return found


def steps(body: list[str]) -> list[Step]:
    """The commands of a block with the lines shown under each."""
    out: list[Step] = []
    k = 0
    while k < len(body):
        line = body[k]
        assert line.startswith("$ "), f"output before any command: {line!r}"
        command = line[2:]
        while command.endswith("\\"):
            k += 1
            command += "\n" + body[k]
        k += 1
        shown: list[str] = []
        while k < len(body) and not body[k].startswith("$ "):
            shown.append(body[k])
            k += 1
        out.append(Step(command=command, shown=tuple(shown)))
    return out


def pattern(shown: tuple[str, ...]) -> re.Pattern[str]:
    """A regular expression for the shown lines, with their ``...`` wildcards."""
    parts = []
    for line in shown:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*".join(re.escape(bit) for bit in line.rstrip().split("...")) + r"\n")
    return re.compile("".join(parts))


def script(all_steps: list[Step]) -> str:
    """A bash script that runs the steps and separates their outputs (exit codes kept for ``$?``)."""
    lines = ["exec 2>&1"]
    for step in all_steps:
        lines.append(step.command)
        lines.append(f'__rc=$?; printf "\\n{_SEP}\\n"; (exit $__rc)')
    return "\n".join(lines) + "\n"


def outputs(text: str) -> list[str]:
    """What each step printed, with line ends stripped of padding."""
    bits = text.split(f"\n{_SEP}\n")[:-1]
    return ["".join(line.rstrip() + "\n" for line in bit.splitlines()) for bit in bits]


RUN = [(page, n, b) for page in PAGES for n, b in enumerate(blocks(page), start=1)]


def test_some_blocks_are_run() -> None:
    """The worked examples of the docs are run (a marker lost in an edit would go unnoticed)."""
    assert {p.relative_to(ROOT).as_posix() for p, _, _ in RUN} >= {
        "README.md",
        "docs/howto/scan.md",
        "docs/howto/ledger.md",
    }


@pytest.mark.parametrize("page", sorted({p for p, _, _ in RUN}), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_console_blocks_print_what_they_show(page: Path, tmp_path: Path) -> None:
    """Each command of the page's run blocks prints the lines the page shows."""
    all_steps = [step for p, _, b in RUN if p == page for step in b]
    text = "\n".join(step.command for step in all_steps)
    if "../shared" in text and not CORPUS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{CORPUS} is missing (CI always has it)")
        pytest.skip(f"the page's examples read the shared corpora, not found at {CORPUS}")
    if re.search(r"\bjq\b", text) and shutil.which("jq") is None:
        pytest.skip("the page's examples pipe into jq, which is not installed")
    work = tmp_path / "work"
    work.mkdir()
    (work / "examples").symlink_to(ROOT / "examples")
    if CORPUS.is_dir():
        (tmp_path / "shared").symlink_to(CORPUS.parent)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONUNBUFFERED": "1",  # standard output and error in the order written
        "NO_COLOR": "1",
    }
    done = subprocess.run(
        ["bash", "-c", script(all_steps)],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    printed = outputs(done.stdout)
    assert len(printed) == len(all_steps), done.stdout[-2000:]
    for step, got in zip(all_steps, printed, strict=True):
        if step.shown:
            shown = "\n".join(step.shown)
            assert pattern(step.shown).fullmatch(got), f"$ {step.command}\nshown:\n{shown}\nprinted:\n{got}"
