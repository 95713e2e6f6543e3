"""The terminal side of the commands: escaping, tables, progress, JSON lines, messages."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from provenance._escape import escape
from provenance.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console

    from provenance.compare import Match


_TABLE_WIDTH = 160  # columns of a table written to a pipe or file when COLUMNS does not say


_PROGRESS_MIN = 200  # articles below which no progress bar is drawn


def _visible(text: str) -> str:
    r"""Text safe for a terminal: what :meth:`str.isprintable` refuses shown as Python escapes.

    Line breaks, escapes, NUL and bidirectional controls become ``\n``, ``\x1b``, ``\u202e``:
    the convention of every export (:func:`provenance.export.plain`), written as a terminal
    reader expects, line breaks included.
    """
    return escape(text, form="python", keep="")


def _pair_line(m: Match, me: str) -> str:
    """A match seen from article ``me``: the other article's relation to it, and the original."""
    from provenance.relate import flip  # noqa: PLC0415 - stages are imported when used

    other, relation = (m.b, m.relation) if m.a == me else (m.a, flip(m.relation))
    original = _visible(m.original or "?")
    return f"  {relation:9} {_visible(other)}  original {original} ({m.direction_confidence:.2f})"


def _fail(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    click.echo(f"provenance: error: {_visible(message)}", err=True)


def _noted(message: str, error: BaseException | None) -> str:
    """An error's message with the notes a command added to it (what it kept, say), on one line.

    Examples:
        >>> stop = KeyboardInterrupt()
        >>> stop.add_note("3 articles were recorded before it")
        >>> _noted("aborted", stop)
        'aborted; 3 articles were recorded before it'
        >>> _noted("aborted", None)
        'aborted'
    """
    notes = [] if error is None else getattr(error, "__notes__", [])
    return "; ".join([message, *notes])


def _cell(text: str) -> str:
    """An id or name for a rich table or line: no markup, no control characters."""
    from rich.markup import escape  # noqa: PLC0415 - rich is imported by the commands that print with it

    return escape(_visible(text))


def _console() -> Console:
    """The standard output for rich: the terminal's width, or COLUMNS, or 160 columns in a pipe."""
    from rich.console import Console  # noqa: PLC0415 - as in _cell

    return Console(width=_width(), highlight=False)


def _width() -> int | None:
    """Columns to print in: the terminal's (None: rich asks it), else COLUMNS, else 160 (a pipe, a file)."""
    if sys.stdout.isatty():
        return None
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else _TABLE_WIDTH


@contextmanager
def _progress(total: int) -> Iterator[Any]:
    from rich.console import Console  # noqa: PLC0415 - as in _cell
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    err = Console(stderr=True)
    if total < _PROGRESS_MIN or not err.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def report(stage: str, done: int, of: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=of)
            bar.update(tasks[stage], completed=done)

        yield report


def _silence_output() -> None:
    """Standard output sent to the null device: its reader went away (``| head``), nothing more reaches it.

    What is still written (the interpreter's last flush included) goes nowhere instead of failing again.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


@contextmanager
def _tally(*, printing: bool) -> Iterator[Callable[[int], None] | None]:
    """A running count of what a long command has recorded, on standard error when it is a terminal.

    Yields a function to call with each article's matches (None: nothing is drawn, as when standard
    error is not a terminal, or when the command is ``printing`` a line an article to the same
    terminal, which says as much). The line goes away when the command ends, before its last word;
    what the command prints meanwhile goes where it would without it.
    """
    from rich.console import Console  # noqa: PLC0415 - as in _cell
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    err = Console(stderr=True)
    if not err.is_terminal or (printing and sys.stdout.isatty()):
        yield None
        return
    counts = [0, 0]  # articles, matches
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        redirect_stdout=False,  # an article's line goes to standard output still (a file, a pipe)
        redirect_stderr=False,
    ) as line:
        task = line.add_task("recorded 0 articles")

        def tick(matches: int) -> None:
            counts[0] += 1
            counts[1] += matches
            line.update(task, description=f"recorded {counts[0]:,} articles, {counts[1]:,} matches")

        yield tick


def _summary(match: Match) -> str:
    counts = Counter(p.status for p in match.passages)
    return ", ".join(f"{counts[s]} {s}" for s in ("copied", "edited", "dropped", "added") if counts[s])


def _table(matches: Sequence[Match]) -> None:
    """The pairs as a table, or, where the table's ids would not fit the width, a block per pair.

    Ids (and the original, an id) are never broken: the text columns (passages, set aside)
    wrap to make room, and below the width that the ids and scores need, each pair is
    printed as two lines instead.
    """
    from rich.measure import Measurement  # noqa: PLC0415 - as in _cell
    from rich.padding import Padding  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    out = _console()
    if not matches:
        out.print("no copies found")
        return
    rows = []
    for m in matches:
        aside = "; ".join(
            f"{side}: " + ", ".join(sorted({r.kind for r in regions}))
            for side, regions in (("a", m.regions_a), ("b", m.regions_b))
            if regions
        )
        rows.append(
            (
                _cell(m.a),
                _cell(m.b),
                m.relation,
                f"{_cell(m.original)} ({m.direction_confidence:.2f})" if m.original else "?",
                f"{m.jaccard:.2f}",
                f"{m.containment_ab:.2f}",
                f"{m.containment_ba:.2f}",
                _summary(m),
                aside,
            )
        )
    table = Table(show_edge=False, header_style="bold")
    for name, justify, whole in (
        ("a", "left", True),
        ("b", "left", True),
        ("relation", "left", True),
        ("original", "left", True),
        ("jaccard", "right", True),
        ("a in b", "right", True),
        ("b in a", "right", True),
        ("passages", "left", False),
        ("set aside", "left", False),
    ):
        table.add_column(name, justify=justify, no_wrap=whole, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*row)
    needed = Measurement.get(out, out.options.update_width(1 << 20), table).minimum
    if needed <= out.width:
        out.print(table)
    else:
        for a, b, relation, original, jaccard, ab, ba, passages, aside in rows:
            out.print(f"[bold]{a}[/bold]  {b}  {relation}, original {original}", soft_wrap=True)
            detail = f"jaccard {jaccard}, a in b {ab}, b in a {ba}; {passages}"
            out.print(Padding(detail + (f"; set aside {aside}" if aside else ""), (0, 0, 0, 4)))
    out.print(f"{len(matches)} pair{'s' if len(matches) != 1 else ''}")


def _echo_json(record: dict[str, Any]) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


def _report_skipped(errors: Sequence[InputError]) -> None:
    if errors:
        click.echo(f"provenance: skipped {len(errors)} bad record(s)", err=True)
        for error in errors[:5]:
            click.echo(f"  {error}", err=True)
