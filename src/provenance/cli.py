"""The terminal: ``provenance scan`` and friends, a thin shell over the public API.

Results go to standard output (a readable table, or JSON Lines for machines);
progress and messages go to standard error. Exit codes: 0 ok, 1 a copy found with
``check --fail-on-copy``, 2 bad input or usage (an input of no article included).

The library's stages are imported by the commands that use them, so that ``--version``
and ``--help`` start at once.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from provenance.__about__ import __version__
from provenance.errors import InputError, ProvenanceError, RecordError

if TYPE_CHECKING:
    from rich.console import Console

    from provenance.article import Article
    from provenance.chain import Chain
    from provenance.compare import Match
    from provenance.fingerprint import Config
    from provenance.ledger import Ingested, Ledger
    from provenance.registry import Registry
    from provenance.relate import Cluster

__all__ = ["main"]

DEFAULT_DB = "provenance.db"
"""The ledger file used when no --db is given (the ledger's own ``DEFAULT_PATH``; a test checks)."""
_TABLE_WIDTH = 160  # columns of a table written to a pipe or file when COLUMNS does not say

_PROGRESS_MIN = 200  # articles below which no progress bar is drawn


def _visible(text: str) -> str:
    """Text safe for a terminal: control characters (line breaks, escapes, NUL) shown as escapes."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


def _pair_line(m: Match, me: str) -> str:
    """A match seen from article ``me``: the other article's relation to it, and the original."""
    from provenance.relate import flip  # noqa: PLC0415 - stages are imported when used

    other, relation = (m.b, m.relation) if m.a == me else (m.a, flip(m.relation))
    original = _visible(m.original or "?")
    return f"  {relation:9} {_visible(other)}  original {original} ({m.direction_confidence:.2f})"


def _fail(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    click.echo(f"provenance: error: {_visible(message)}", err=True)


def _cell(text: str) -> str:
    """An id or name for a rich table or line: no markup, no control characters."""
    from rich.markup import escape  # noqa: PLC0415 - rich is imported by the commands that print with it

    return escape(_visible(text))


def _target(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | str | None:
    """A ``--db`` value: a ``postgresql://`` URL as it is, anything else a file path."""
    from provenance.ledger.store import is_url  # noqa: PLC0415 - stages are imported when used

    if value is None or is_url(value):
        return value
    path = Path(value)
    if path.is_dir():
        msg = f"{value!r} is a directory, not a ledger file"
        raise click.BadParameter(msg, ctx=ctx, param=param)
    return path


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


class _Group(click.Group):
    """Turns library errors into one line on stderr and exit code 2 (a traceback with --debug)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
        except click.exceptions.NoArgsIsHelpError as error:
            # a bare ``provenance``: the usage and the commands, as --help shows them (exit 2, as
            # for any other usage error, so that a script that forgot its arguments notices)
            click.echo(error.ctx.get_help(), err=True)
            sys.exit(2)
        except click.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            _fail(f"{error.format_message()}{hint}")
            sys.exit(2)
        except click.ClickException as error:
            _fail(error.format_message())
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("provenance: aborted", err=True)
            sys.exit(1)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # the reader of our output went away (``| head``): stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise SystemExit(0) from None
        except ProvenanceError as error:
            if ctx.meta.get("provenance.debug"):
                raise
            _fail(str(error))
            raise SystemExit(2) from None
        except OSError as error:
            if ctx.meta.get("provenance.debug"):
                raise
            _fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))
            raise SystemExit(2) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Tell which news articles are copies of which, and with what evidence."""
    ctx.meta["provenance.debug"] = debug


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


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help="Output format: a readable table, or one JSON object per line.",
)


class _Fraction(click.FloatRange):
    """A number in a range, never NaN or infinite (click's range lets NaN through)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number.", param, ctx)
        return number


class _Option(click.Option):
    """An option whose default comes from the library, read when it is needed (--help included).

    The default is a ``(module, name)`` pair, so that defining the commands imports no stage.
    """

    def get_default(self, ctx: click.Context, call: bool = True) -> Any:
        value = super().get_default(ctx, call=call)
        if isinstance(value, _Library):
            return value()
        return value


class _Library:
    """A constant of the library, imported when first asked for."""

    def __init__(self, module: str, name: str) -> None:
        self.module, self.name = module, name

    def __call__(self) -> Any:
        return getattr(importlib.import_module(self.module), self.name)


class _LibraryChoice(click.Choice):  # type: ignore[type-arg]
    """A choice among the values of a library constant, read when first needed."""

    def __init__(self, constant: _Library) -> None:
        self._constant = constant
        super().__init__((), case_sensitive=True)

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(self._constant())

    @choices.setter
    def choices(self, value: Any) -> None:
        """Click sets the choices in __init__; they come from the library instead."""


_THRESHOLD = _Library("provenance.scan", "THRESHOLD")
_CONTAINMENT = _Library("provenance.scan", "CONTAINMENT")
_MIN_COVERAGE = _Library("provenance.compare", "MIN_COVERAGE")
_MAX_CHARS = _Library("provenance.read", "MAX_CHARS")


def _scan_options(
    *, paths: str = "required", ledger: bool = False
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The options of every command that reads articles and matches them, in one place.

    Args:
        paths: ``"required"``, ``"optional"`` (a command that can work on the ledger instead)
            or ``"none"`` (the command adds its own argument).
        ledger: The command works on a ledger, which keeps the fingerprint config it was
            made with: ``--shingle``, ``--num-perm`` and ``--seed`` then set up a new ledger,
            and must match an existing one.
    """
    new = " of a new ledger (an existing one keeps its own, and must match)" if ledger else ""
    options: list[Callable[[Callable[..., None]], Callable[..., None]]] = [
        click.option(
            "--skip-bad", is_flag=True, help="Skip bad records (and report how many) instead of stopping."
        ),
        click.option(
            "--threshold",
            cls=_Option,
            type=_Fraction(0.0, 1.0, min_open=True),
            default=_THRESHOLD,
            show_default=True,
            help="Jaccard threshold of the near-duplicate candidate search.",
        ),
        click.option(
            "--containment",
            cls=_Option,
            type=_Fraction(0.0, 1.0, min_open=True),
            default=_CONTAINMENT,
            show_default=True,
            help="Containment threshold of the excerpt candidate search.",
        ),
        click.option(
            "--min-coverage",
            cls=_Option,
            type=_Fraction(0.0, 1.0),
            default=_MIN_COVERAGE,
            show_default=True,
            help="Smallest share of either story in shared passages for a pair to be reported.",
        ),
        click.option(
            "--num-perm",
            type=click.IntRange(min=2),
            default=None if ledger else 128,
            show_default=not ledger,
            help=f"MinHash values per fingerprint{new}" + (" [default: 128]." if ledger else "."),
        ),
        click.option(
            "--shingle",
            type=click.IntRange(min=1),
            default=None if ledger else 5,
            show_default=not ledger,
            help=f"Words per shingle, 3 for OCR text{new}" + (" [default: 5]." if ledger else "."),
        ),
        click.option(
            "--seed",
            type=click.IntRange(min=0),
            default=None if ledger else 1,
            show_default=not ledger,
            help=f"MinHash seed{new}" + (" [default: 1]." if ledger else "."),
        ),
        click.option(
            "--max-chars",
            cls=_Option,
            type=click.IntRange(min=1),
            default=_MAX_CHARS,
            show_default=True,
            help="Longest article text accepted, in characters; a longer one is a bad record.",
        ),
    ]
    if paths != "none":
        options.insert(0, click.argument("paths", nargs=-1, required=paths == "required"))

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def _config(*, num_perm: int | None, shingle: int | None, seed: int | None) -> Config | None:
    """The fingerprint config the options ask for; None when they ask for nothing (a ledger's own)."""
    from provenance.fingerprint import Config  # noqa: PLC0415 - stages are imported when used

    given: dict[str, Any] = {
        k: v for k, v in (("num_perm", num_perm), ("shingle", shingle), ("seed", seed)) if v is not None
    }
    return Config(**given) if given else None


def _read_all(
    paths: Sequence[str], *, skip_bad: bool, max_chars: int, unique: bool = True
) -> tuple[list[Article], list[RecordError]]:
    """Every article of the inputs, read (and so checked) before anything is printed.

    A repeated id is a bad record naming its file and line and the first one's (with
    ``unique``); an input of no article at all is an error, said as "0 articles read".
    """
    from provenance.read import located  # noqa: PLC0415 - stages are imported when used

    bad: list[RecordError] = []
    first: dict[str, str] = {}
    articles: list[Article] = []
    for article, source, line in located(*paths, skip_bad=skip_bad, errors=bad, max_chars=max_chars):
        where = source if line is None else f"{source}:{line}"
        if unique and article.id in first:
            error = RecordError(
                f"id {article.id!r} repeats the article at {first[article.id]}", source=source, line=line
            )
            if not skip_bad:
                raise error
            bad.append(error)
            continue
        first.setdefault(article.id, where)
        articles.append(article)
    if not articles:
        skipped = f" ({len(bad)} bad record(s) skipped)" if bad else ""
        msg = f"0 articles read from {', '.join(paths)}{skipped}"
        raise InputError(msg)
    return articles, bad


def _scan(
    paths: Sequence[str],
    *,
    skip_bad: bool,
    threshold: float,
    containment: float,
    min_coverage: float,
    num_perm: int,
    shingle: int,
    seed: int,
    max_chars: int,
    workers: int | None = None,
    articles: list[Article] | None = None,
    found_clusters: list[Cluster] | None = None,
    keep: dict[str, Article] | None = None,
) -> list[Match]:
    """Read (unless ``articles`` are given) and scan, reporting skipped records on stderr.

    The clusters found go to ``found_clusters``, the articles read to ``keep``, when given.
    """
    from provenance.scan import scan as run_scan  # noqa: PLC0415 - stages are imported when used

    bad: list[RecordError] = []
    if articles is None:
        articles, bad = _read_all(paths, skip_bad=skip_bad, max_chars=max_chars)
    if keep is not None:
        keep.update((a.id, a) for a in articles)
    skipped: list[InputError] = []
    with _progress(len(articles)) as report:
        matches = run_scan(
            articles,
            config=_config(num_perm=num_perm, shingle=shingle, seed=seed),
            threshold=threshold,
            containment=containment,
            min_coverage=min_coverage,
            skip_bad=skip_bad,
            errors=skipped,
            progress=report,
            workers=workers,
            story_clusters=found_clusters,
        )
    _report_skipped([*bad, *skipped])
    return matches


_ENGINE = click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Run here (a process pool), or as an Apache Spark job (the spark extra).",
)
_MASTER = click.option(
    "--master",
    default=None,
    help="The Spark master of --engine spark: local[2], spark://host:7077, yarn [default: local[*]].",
)


def _spark_scan(paths: Sequence[str], *, master: str | None, **options: Any) -> Any:
    """Read and scan as a Spark job, reporting skipped records on stderr (the spark engine's Result)."""
    from provenance import spark as engine  # noqa: PLC0415  (the spark extra, only when asked for)

    session = engine.session(master or "local[*]")
    session.sparkContext.setLogLevel("ERROR")
    skip_bad = options["skip_bad"]
    bad: list[InputError] = []
    frame = engine.load(session, *paths, skip_bad=skip_bad, errors=bad, max_chars=options["max_chars"])
    result = engine.scan(
        frame,
        config=_config(num_perm=options["num_perm"], shingle=options["shingle"], seed=options["seed"]),
        threshold=options["threshold"],
        containment=options["containment"],
        min_coverage=options["min_coverage"],
        skip_bad=skip_bad,
    )
    _report_skipped([*bad, *result.skipped])
    return result


def _spark_out(result: Any, out: Path | None, fmt: str) -> None:
    """Print the spark engine's pairs (JSON Lines or the table), or write them under ``out``."""
    from provenance.export import match_from_record  # noqa: PLC0415 - stages are imported when used

    if out is not None:
        result.write(out, fmt="parquet" if fmt == "parquet" else "jsonl")
        click.echo(f"provenance: wrote pairs/ and clusters/ under {out}", err=True)
    elif fmt == "jsonl":
        for line in result.lines():
            click.echo(line)
    else:
        _table([match_from_record(json.loads(line)) for line in result.lines()])


@main.command()
@_scan_options()
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that clean and compare [default: one per CPU, one for small inputs].",
)
@_ENGINE
@_MASTER
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="With --engine spark: write pairs/ and clusters/ here, partitioned, instead of printing.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "parquet"]),
    default="table",
    show_default=True,
    help="Output format: a readable table, or one JSON object per line (parquet: with --out only).",
)
@click.option(
    "--passage-text",
    is_flag=True,
    help="With --format jsonl: each passage also carries its text on both sides (a_text, b_text).",
)
def scan(
    *,
    paths: tuple[str, ...],
    fmt: str,
    engine: str,
    master: str | None,
    out: Path | None,
    passage_text: bool,
    **options: Any,
) -> None:
    """Find the pairs of articles where one is a copy of the other.

    PATHS are JSON Lines files, text files, HTML pages (by suffix or content),
    folders of them, or - for standard input (JSON Lines, HTML or one text); with
    --engine spark also Parquet files or folders. Each pair says which is the
    original (with its confidence and evidence) and which story cluster it belongs
    to. An input of no article is an error (exit 2).
    """
    if engine == "local" and (master is not None or out is not None):
        raise click.UsageError("--master and --out are options of --engine spark")
    if fmt == "parquet" and out is None:
        raise click.UsageError("--format parquet writes files: give --out DIR")
    if passage_text and fmt != "jsonl":
        raise click.UsageError("--passage-text needs --format jsonl")
    if engine == "spark":
        if options.pop("workers") is not None:
            raise click.UsageError("--workers is an option of the local engine (Spark sizes its own)")
        if passage_text:
            raise click.UsageError("--passage-text is an option of the local engine")
        _spark_out(_spark_scan(paths, master=master, **options), out, fmt)
        return
    read_in: dict[str, Article] = {}
    matches = _scan(paths, keep=read_in if passage_text else None, **options)
    if fmt == "jsonl":
        from provenance.export import match_record  # noqa: PLC0415 - stages are imported when used

        texts = {key: a.text for key, a in read_in.items()} if passage_text else None
        for m in matches:
            click.echo(json.dumps(match_record(m, texts=texts), ensure_ascii=False))
    else:
        _table(matches)


_DB = click.option(
    "--db",
    metavar="PATH|URL",
    callback=_target,
    default=DEFAULT_DB,
    show_default=True,
    envvar="PROVENANCE_DB",
    help="The ledger: a SQLite file, or a postgresql:// URL; also PROVENANCE_DB.",
)


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> datetime | None:
    """An ISO 8601 date or moment (``2024-02-06``, ``2024-02-06T09:30+04:00``); an --until date: its end."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        msg = f"{value!r} is not an ISO 8601 date or moment (2024-02-06, 2024-02-06T09:30Z)"
        raise click.BadParameter(msg, ctx=ctx, param=param) from None
    if param.name == "until" and len(value) == 10:  # a whole day: until its last moment
        moment = datetime.combine(moment.date(), time.max)
    return moment


_SINCE = click.option(
    "--since",
    metavar="DATE",
    callback=_moment,
    default=None,
    help="Compare only with stored articles published at or after DATE (ISO 8601; UTC without a zone).",
)
_UNTIL = click.option(
    "--until",
    metavar="DATE",
    callback=_moment,
    default=None,
    help="Compare only with stored articles published at or before DATE (a date alone: to its end).",
)


def _existing(db: Path | str, *, write: bool = False, **options: Any) -> Ledger:
    """Open a ledger that must exist already, read-only unless ``write`` (commands that only read)."""
    from provenance.ledger import Ledger  # noqa: PLC0415 - stages are imported when used
    from provenance.ledger.store import is_url  # noqa: PLC0415

    if is_url(db):
        return Ledger.open(db, readonly=not write, **options)
    db = Path(db)
    if not db.exists():
        msg = f"{db}: no ledger here (run 'provenance ingest' first, or pass --db)"
        raise InputError(msg)
    return Ledger.open(db, readonly=not write, **options)


def _cluster_of(record: dict[str, Any]) -> Cluster:
    """A cluster from its record (the inverse of :func:`provenance.export.cluster_record`)."""
    from provenance.relate import Cluster, Edge, Versions  # noqa: PLC0415 - stages are imported when used

    return Cluster(
        id=record["id"],
        original=record["original"],
        members=tuple(record["members"]),
        edges=tuple(Edge(**e) for e in record["edges"]),
        original_decided=record["original_decided"],
        original_confidence=record["original_confidence"],
        versions=tuple(Versions(of=v["of"], versions=tuple(v["versions"])) for v in record["versions"]),
    )


def _echo_json(record: dict[str, Any]) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


@main.command()
@_scan_options(paths="optional")
@click.option(
    "--db",
    metavar="PATH|URL",
    callback=_target,
    default=None,
    envvar="PROVENANCE_DB",
    help="Cluster what a ledger holds instead of PATHS (default without PATHS: provenance.db).",
)
@_ENGINE
@_MASTER
@_FORMAT
def clusters(
    *,
    paths: tuple[str, ...],
    db: Path | str | None,
    engine: str,
    master: str | None,
    fmt: str,
    **options: Any,
) -> None:
    """Group articles into story clusters, each with its original and members.

    PATHS are JSON Lines files, text files, folders of them, or - for standard input;
    without PATHS, the clusters of the ledger (--db) are shown.
    """
    if paths and db is not None:
        raise click.UsageError("give PATHS or --db, not both")
    from provenance.export import cluster_record  # noqa: PLC0415 - stages are imported when used

    if engine == "spark" and not paths:
        raise click.UsageError("--engine spark clusters PATHS, not a ledger")
    if engine == "local" and master is not None:
        raise click.UsageError("--master is an option of --engine spark")
    found: list[Cluster] = []
    if engine == "spark":
        result = _spark_scan(paths, master=master, **options)
        found = [_cluster_of(json.loads(line)) for line in result.lines("clusters")]
    elif paths:
        _scan(paths, found_clusters=found, **options)
    else:
        with _existing(db or Path(DEFAULT_DB)) as ledger:
            found = ledger.clusters()
    if fmt == "jsonl":
        for c in found:
            _echo_json(cluster_record(c))
        return
    out = _console()
    if not found:
        out.print("no clusters found")
        return
    for c in found:
        said = f"{c.original_confidence:.2f}" if c.original_decided else "undecided, by the tie-break"
        out.print(
            f"[bold]cluster {c.id}[/bold]: {len(c.members)} articles, original {_cell(c.original)} ({said})"
        )
        for e in c.edges:
            out.print(f"  {_cell(e.copy)}  <-  {_cell(e.source)}  ({e.relation})")
        for v in c.versions:
            out.print(f"  versions of {_cell(v.of)}: {', '.join(_cell(x) for x in v.versions)}")
    out.print(f"{len(found)} cluster{'s' if len(found) != 1 else ''}")


@main.command()
@_scan_options(ledger=True)
@_DB
@_SINCE
@_UNTIL
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="Articles per transaction at most (batches grow to it from 1); 1 commits each article alone.",
)
@_FORMAT
def ingest(
    *,
    paths: tuple[str, ...],
    db: Path | str,
    skip_bad: bool,
    num_perm: int | None,
    shingle: int | None,
    seed: int | None,
    max_chars: int,
    since: datetime | None,
    until: datetime | None,
    batch: int,
    fmt: str,
    **thresholds: Any,
) -> None:
    """Record articles in the ledger, each with its fingerprint and verified matches.

    PATHS are JSON Lines files, text files, folders of them, or - for standard input.
    Ingesting the same articles again changes nothing; a changed text under the same
    id or url is stored as a revision. With --format jsonl, one line is printed per
    article once it is committed. --shingle sets up a new ledger; for an existing
    one it must be the size the ledger was written with. The input is read one
    article at a time (an input of any size); one of no article is an error.
    --since and --until compare the new articles only with stored ones published in
    that window.
    """
    import attrs  # noqa: PLC0415 - stages are imported when used

    from provenance.export import SCHEMA_VERSION  # noqa: PLC0415
    from provenance.ledger import Ledger, Window  # noqa: PLC0415
    from provenance.read import iter_read  # noqa: PLC0415

    window = Window(since=since, until=until)
    bad: list[RecordError] = []
    skipped: list[InputError] = []
    count = 0

    def counted() -> Iterator[Article]:
        nonlocal count
        for article in iter_read(*paths, skip_bad=skip_bad, errors=bad, max_chars=max_chars):
            count += 1
            yield article

    def acknowledge(outcome: Ingested) -> None:
        if fmt == "jsonl":
            _echo_json({"schema_version": SCHEMA_VERSION, "type": "ingested", **attrs.asdict(outcome)})
            sys.stdout.flush()

    config = _config(num_perm=num_perm, shingle=shingle, seed=seed)
    with Ledger.open(db, config=config, **thresholds) as ledger:
        report = ledger.ingest(
            counted(), skip_bad=skip_bad, errors=skipped, progress=acknowledge, window=window, batch=batch
        )
        name = ledger.store.name
    if not count:
        _report_skipped(bad)
        msg = f"0 articles read from {', '.join(paths)}"
        raise InputError(msg)
    if fmt != "jsonl":
        click.echo(
            f"{report.added} added, {report.revisions} revisions, {report.unchanged} unchanged, "
            f"{report.matches} matches, in {name}"
        )
    _report_skipped([*bad, *skipped])


def _report_skipped(errors: Sequence[InputError]) -> None:
    if errors:
        click.echo(f"provenance: skipped {len(errors)} bad record(s)", err=True)
        for error in errors[:5]:
            click.echo(f"  {error}", err=True)


@main.command()
@_scan_options(ledger=True)
@_DB
@click.option("--fail-on-copy", is_flag=True, help="Exit with code 1 when an article is a copy.")
@_SINCE
@_UNTIL
@_FORMAT
def check(
    *,
    paths: tuple[str, ...],
    db: Path | str,
    fail_on_copy: bool,
    since: datetime | None,
    until: datetime | None,
    fmt: str,
    skip_bad: bool,
    num_perm: int | None,
    shingle: int | None,
    seed: int | None,
    max_chars: int,
    **thresholds: Any,
) -> None:
    """Check articles against everything in the ledger, without recording them.

    PATHS (or - for standard input) hold the articles to check. For each, says whether
    it is a copy, of what, and with which evidence. Every article is read (and so
    checked) before the first verdict is printed; an input of no article is an error.
    --since and --until compare only with stored articles published in that window.
    """
    from provenance.export import SCHEMA_VERSION, match_record  # noqa: PLC0415 - imported when used

    articles, bad = _read_all(paths, skip_bad=skip_bad, max_chars=max_chars, unique=False)
    _report_skipped(bad)
    copies = 0
    from provenance.ledger import Window  # noqa: PLC0415

    window = Window(since=since, until=until)
    config = _config(num_perm=num_perm, shingle=shingle, seed=seed)
    with _existing(db, config=config, **thresholds) as ledger:
        for article in articles:
            verdict = ledger.check(article, window=window)
            copies += verdict.is_copy
            if fmt == "jsonl":
                _echo_json(
                    {
                        "schema_version": SCHEMA_VERSION,
                        "type": "check",
                        "article": verdict.id,
                        "is_copy": verdict.is_copy,
                        "originals": list(verdict.originals),
                        "matches": [match_record(m) for m in verdict.matches],
                    }
                )
                continue
            if not verdict.matches:
                click.echo(f"{_visible(verdict.id)}: no match in the ledger")
                continue
            what = (
                "a copy of " + ", ".join(map(_visible, verdict.originals))
                if verdict.is_copy
                else "not a copy"
            )
            click.echo(f"{_visible(verdict.id)}: {what}")
            for m in verdict.matches:
                click.echo(f"{_pair_line(m, verdict.id)}, jaccard {m.jaccard:.2f}")
                for e in m.evidence:
                    if e.weight:
                        click.echo(f"    {e.kind}: {_visible(e.detail)}")
    if fail_on_copy and copies:
        raise SystemExit(1)


@main.command()
@click.argument("key", metavar="ID|URL")
@_DB
@_FORMAT
def show(*, key: str, db: Path | str, fmt: str) -> None:
    """Show a stored article and its matches."""
    import attrs  # noqa: PLC0415 - imported when used

    from provenance.export import SCHEMA_VERSION, match_record  # noqa: PLC0415

    with _existing(db) as ledger:
        article = ledger.get(key)
        if article is None:
            msg = f"{key!r}: no such article in {db}"
            raise InputError(msg)
        matches = ledger.matches(article.id)
    if fmt == "jsonl":
        record = {"schema_version": SCHEMA_VERSION, "type": "article", **attrs.asdict(article)}
        record["published"] = article.published.isoformat() if article.published else None
        record["matches"] = [match_record(m) for m in matches]
        _echo_json(record)
        return
    click.echo(f"{_visible(article.id)}")
    for name in ("outlet", "url", "title", "published", "language"):
        value = getattr(article, name)
        if value is not None:
            click.echo(f"  {name}: {_visible(str(value))}")
    click.echo(f"  {len(article.text)} characters, {len(matches)} matches")
    for m in matches:
        click.echo(_pair_line(m, article.id))


@main.command()
@click.argument("keys", nargs=-1, required=True, metavar="ID|URL...")
@_DB
@_FORMAT
def forget(*, keys: tuple[str, ...], db: Path | str, fmt: str) -> None:
    """Remove articles from the ledger: their fingerprints, index entries and matches.

    Forgetting a first version forgets its revisions too. All or nothing: when one
    ID or URL names no stored article, nothing is removed (exit 2). Clusters are
    derived from the matches that remain.
    """
    from provenance.export import SCHEMA_VERSION  # noqa: PLC0415 - stages are imported when used

    with _existing(db, write=True) as ledger:
        removed = ledger.forget(keys)
        name = ledger.store.name
    if fmt == "jsonl":
        for key in removed:
            _echo_json({"schema_version": SCHEMA_VERSION, "type": "forgotten", "id": key})
        return
    click.echo(f"{len(removed)} forgotten, from {name}: {', '.join(map(_visible, removed))}")


@main.command()
@_DB
@_FORMAT
def stats(*, db: Path | str, fmt: str) -> None:
    """Count what the ledger holds."""
    from provenance.export import SCHEMA_VERSION  # noqa: PLC0415 - imported when used

    with _existing(db) as ledger:
        counts = ledger.stats()
    if fmt == "jsonl":
        _echo_json({"schema_version": SCHEMA_VERSION, "type": "stats", **counts})
        return
    for name, value in counts.items():
        click.echo(f"{name:12} {value}")


@main.command()
@_DB
def verify(*, db: Path | str) -> None:
    """Check the ledger: SQLite's integrity check, and every record; exit 2 on problems.

    Each article's text is checked against its digest, each fingerprint against its
    config and its text, each match against its articles. The first 20 problems are
    listed on stderr with their count; 'provenance salvage' copies out what can be read.
    """
    with _existing(db) as ledger:
        problems = ledger.verify()
    if problems:
        for problem in problems[:20]:
            click.echo(f"provenance: {_visible(str(db))}: {_visible(problem)}", err=True)
        click.echo(
            f"provenance: {len(problems)} problem(s); copy out what can still be read with "
            f"'provenance salvage {_visible(str(db))} NEW.db'",
            err=True,
        )
        raise SystemExit(2)
    click.echo(f"{db}: ok")


@main.command(name="salvage")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
def salvage_(*, source: Path, dest: Path) -> None:
    """Copy what can still be read out of a damaged ledger SOURCE into a new ledger DEST.

    Every article whose row can be read and whose text matches its digest is copied
    (its fingerprint made again from the text), and every sound match between copied
    articles. SOURCE is only read; DEST must not exist. Exits 1 when something was lost.
    """
    if not source.exists():
        msg = f"{source}: no ledger here"
        raise InputError(msg)
    from provenance.ledger import salvage  # noqa: PLC0415 - stages are imported when used

    report = salvage(source, dest)
    for problem in report.problems[:20]:
        click.echo(f"provenance: {_visible(str(source))}: {_visible(problem)}", err=True)
    click.echo(
        f"{report.articles} articles and {report.matches} matches copied to {_visible(str(dest))}; "
        f"{report.lost_articles} articles and {report.lost_matches} matches could not be copied"
    )
    if report.lost_articles or report.lost_matches:
        raise SystemExit(1)


@main.command()
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@_DB
def backup(*, dest: Path, db: Path) -> None:
    """Copy the ledger into a new file DEST, whole and consistent even while others write to it.

    Uses SQLite's online backup, so what is still in the -wal file is copied too
    (copying the .db file alone is not a backup). DEST must not exist.
    """
    with _existing(db) as ledger:
        ledger.backup(dest)
    click.echo(f"{_visible(str(db))} backed up to {_visible(str(dest))}")


_REGISTRY = click.option(
    "--registry",
    "registry_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A TOML or JSON file of agents that extends the bundled registry.",
)


def _registry(path: Path | None) -> Registry:
    from provenance.registry import Registry  # noqa: PLC0415 - stages are imported when used

    return Registry.default() if path is None else Registry.default().extend(path)


def _from_ledger(keys: list[str], db: Path | str | None) -> tuple[list[str], list[Match], dict[str, Article]]:
    """The wanted ids (all when none is named), their matches, and every article those name."""
    with _existing(db or Path(DEFAULT_DB)) as ledger:
        wanted = keys or [s.article.id for s in ledger.store.articles()]
        articles: dict[str, Article] = {}
        matches: dict[tuple[str, str], Match] = {}
        for key in wanted:
            found = ledger.get(key)
            if found is None:
                msg = f"{key!r}: no such article in {db or DEFAULT_DB}"
                raise InputError(msg)
            articles[found.id] = found
            matches.update(((m.a, m.b), m) for m in ledger.matches(found.id))
        ids = list(articles)
        for m in matches.values():
            for other in (m.a, m.b):
                stored = articles.get(other) or ledger.get(other)
                if stored is not None:
                    articles[other] = stored
    return ids, list(matches.values()), articles


def _collection(
    targets: tuple[str, ...], db: Path | str | None, article: str | None, registry: Registry, **options: Any
) -> tuple[list[Chain], list[Match], dict[str, Article]]:
    """Chains, matches and articles of files (TARGETS that exist) or of a ledger (ids or urls)."""
    from provenance.chain import chains  # noqa: PLC0415 - stages are imported when used

    paths = [t for t in targets if t == "-" or Path(t).exists()]
    keys = [t for t in targets if t not in paths]
    if paths and keys:
        msg = f"{keys[0]!r}: no such file or folder (give files, or ids of the ledger, not both)"
        raise InputError(msg)
    if paths:
        read, bad = _read_all(paths, skip_bad=options["skip_bad"], max_chars=options["max_chars"])
        _report_skipped(bad)
        articles = {a.id: a for a in read}
        matches = _scan(paths, articles=read, **options)
        wanted = [article] if article else list(articles)
    else:
        wanted, matches, articles = _from_ledger([*keys, *([article] if article else [])], db)
    if article and article not in articles:
        msg = f"{article!r}: no such article"
        raise InputError(msg)
    chosen = set(wanted)
    return (
        [c for c in chains(articles.values(), matches, registry=registry) if c.article in chosen],
        matches,
        articles,
    )


@main.command()
@click.argument("targets", nargs=-1, metavar="[PATH...|ID|URL]")
@_scan_options(paths="none")
@click.option("--article", default=None, help="Trace only this article of the files.")
@click.option(
    "--db",
    metavar="PATH|URL",
    callback=_target,
    default=None,
    envvar="PROVENANCE_DB",
    help="The ledger to trace stored articles in (default provenance.db).",
)
@_REGISTRY
@_FORMAT
def trace(
    *,
    targets: tuple[str, ...],
    article: str | None,
    db: Path | str | None,
    registry_file: Path | None,
    fmt: str,
    **options: Any,
) -> None:
    """Print attribution chains: republisher <- credited source <- primary source.

    TARGETS are files (JSON Lines, text, folders, - for standard input), whose
    articles are matched with each other; or ids or urls of articles in the ledger.
    Each chain is checked against the text matches: uncredited copies, miscredits and
    credits that cannot be verified are flagged. The reading and matching options
    apply to files.
    """
    from provenance.chain import describe  # noqa: PLC0415 - stages are imported when used
    from provenance.export import chain_record  # noqa: PLC0415

    found, _, _ = _collection(targets, db, article, _registry(registry_file), **options)
    for c in found:
        if fmt == "jsonl":
            _echo_json(chain_record(c))
        else:
            click.echo("\n".join(_visible(line) for line in describe(c).splitlines()))


@main.command(name="export")
@click.argument("targets", nargs=-1, metavar="[PATH...|ID|URL]")
@_scan_options(paths="none")
@click.option(
    "--db",
    metavar="PATH|URL",
    callback=_target,
    default=None,
    envvar="PROVENANCE_DB",
    help="The ledger to export from (default provenance.db, used when no files are given).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "prov-json", "prov-n", "dot", "mermaid"]),
    default="json",
    show_default=True,
    help="JSON of chains, matches and clusters; W3C PROV (JSON or PROV-N); a DOT or Mermaid graph.",
)
@click.option(
    "--edges",
    type=_LibraryChoice(_Library("provenance.export", "GRAPH_EDGES")),
    default="both",
    show_default=True,
    help="What a DOT or Mermaid graph draws: attribution chains, copies (who copied whom), or both.",
)
@_REGISTRY
def export_(
    *,
    targets: tuple[str, ...],
    db: Path | str | None,
    fmt: str,
    edges: str,
    registry_file: Path | None,
    **options: Any,
) -> None:
    """Export chains and matches: JSON, W3C PROV, or a graph. Written to standard output.

    TARGETS are files (their articles are matched with each other) or ids or urls of
    articles in the ledger; without TARGETS, the whole ledger. The reading and
    matching options apply to files. prov-json and prov-n need the prov extra.
    """
    from provenance.export import (  # noqa: PLC0415 - stages are imported when used
        SCHEMA_VERSION,
        chain_record,
        cluster_record,
        dot,
        match_record,
        mermaid,
        prov_json,
        prov_n,
    )
    from provenance.relate import clusters as story_clusters  # noqa: PLC0415

    found, matches, articles = _collection(targets, db, None, _registry(registry_file), **options)
    if fmt == "json":
        document = {
            "schema_version": SCHEMA_VERSION,
            "chains": [chain_record(c) for c in found],
            "matches": [match_record(m) for m in matches],
            "clusters": [
                cluster_record(c)
                for c in story_clusters(matches, published={k: a.published for k, a in articles.items()})
            ],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif fmt == "prov-json":
        click.echo(prov_json(found, matches=matches, articles=articles))
    elif fmt == "prov-n":
        click.echo(prov_n(found, matches=matches, articles=articles))
    elif fmt == "dot":
        click.echo(dot(found, copies=story_clusters(matches), edges=edges))
    else:
        click.echo(mermaid(found, copies=story_clusters(matches), edges=edges))


@main.command()
@click.argument("targets", nargs=-1, metavar="[PATH...|ID|URL]")
@_scan_options(paths="none")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The page to write (a name ending in .html), or a folder for a summary and a page per cluster.",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    envvar="PROVENANCE_DB",
    help="The ledger to report on (default provenance.db, used when no files are given).",
)
@click.option(
    "--article", default=None, help="Report only the story cluster of this article, with its pairs."
)
@click.option(
    "--cluster", default=None, help="Report only this story cluster (an id of 'provenance clusters')."
)
@_REGISTRY
def report(
    *,
    targets: tuple[str, ...],
    output: Path,
    db: Path | None,
    article: str | None,
    cluster: str | None,
    registry_file: Path | None,
    **options: Any,
) -> None:
    """Write an HTML report: story clusters, who copied whom, each copy side by side with its source.

    TARGETS are files (JSON Lines, text, folders, - for standard input), whose articles
    are matched with each other; or ids or urls of articles in the ledger; without
    TARGETS, the whole ledger. The page is self-contained (no script, nothing fetched):
    it opens from disk. Needs the report extra: pip install 'wire-provenance[report]'.
    """
    from provenance import report as html_report  # noqa: PLC0415 - the report's extra is optional

    html_report.environment()  # a missing extra is said before any work
    found, matches, articles = _collection(targets, db, None, _registry(registry_file), **options)
    written = html_report.write(output, articles, matches, chains=found, article=article, cluster=cluster)
    click.echo(f"{written[0]}: {len(written)} page{'s' if len(written) != 1 else ''}", err=True)
