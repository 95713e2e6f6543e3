"""The terminal: ``provenance scan`` and friends, a thin shell over the public API.

Results go to standard output (a readable table, or JSON Lines for machines);
progress and messages go to standard error. Exit codes: 0 ok, 2 bad input or usage.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, time
from pathlib import Path
from typing import Any

import attrs
import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from provenance.__about__ import __version__
from provenance.article import Article
from provenance.chain import Chain, chains, describe
from provenance.compare import MIN_COVERAGE, Match
from provenance.errors import InputError, ProvenanceError, RecordError
from provenance.export import (
    GRAPH_EDGES,
    SCHEMA_VERSION,
    chain_record,
    cluster_record,
    dot,
    match_record,
    mermaid,
    prov_json,
    prov_n,
)
from provenance.fingerprint import Config
from provenance.ledger import DEFAULT_PATH, Ingested, Ledger, Window, is_url, salvage
from provenance.read import MAX_CHARS, read
from provenance.registry import Registry
from provenance.relate import Cluster, flip
from provenance.relate import clusters as story_clusters
from provenance.scan import CONTAINMENT, THRESHOLD
from provenance.scan import scan as run_scan

__all__ = ["main"]

_PROGRESS_MIN = 200  # articles below which no progress bar is drawn

_MAX_CHARS = click.option(
    "--max-chars",
    type=click.IntRange(min=1),
    default=MAX_CHARS,
    show_default=True,
    help="Longest article text accepted, in characters; a longer one is a bad record.",
)


def _visible(text: str) -> str:
    """Text safe for a terminal: control characters (line breaks, escapes, NUL) shown as escapes."""
    return "".join(
        ch if ch.isprintable() or ch == " " else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


def _pair_line(m: Match, me: str) -> str:
    """A match seen from article ``me``: the other article's relation to it, and the original."""
    other, relation = (m.b, m.relation) if m.a == me else (m.a, flip(m.relation))
    original = _visible(m.original or "?")
    return f"  {relation:9} {_visible(other)}  original {original} ({m.direction_confidence:.2f})"


def _fail(message: str) -> None:
    """One line on stderr, whatever the message holds."""
    click.echo(f"provenance: error: {_visible(message)}", err=True)


def _cell(text: str) -> str:
    """An id or name for a rich table or line: no markup, no control characters."""
    return escape(_visible(text))


def _target(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | str | None:
    """A ``--db`` value: a ``postgresql://`` URL as it is, anything else a file path."""
    if value is None or is_url(value):
        return value
    path = Path(value)
    if path.is_dir():
        msg = f"{value!r} is a directory, not a ledger file"
        raise click.BadParameter(msg, ctx=ctx, param=param)
    return path


class _Group(click.Group):
    """Turns library errors into one line on stderr and exit code 2 (a traceback with --debug)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as done:
            sys.exit(done.exit_code)
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
    out = Console(width=None if sys.stdout.isatty() else 160, highlight=False)
    if not matches:
        out.print("no copies found")
        return
    table = Table(show_edge=False, header_style="bold")
    for name, justify in (
        ("a", "left"),
        ("b", "left"),
        ("relation", "left"),
        ("original", "left"),
        ("jaccard", "right"),
        ("a in b", "right"),
        ("b in a", "right"),
        ("passages", "left"),
        ("set aside", "left"),
    ):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for m in matches:
        aside = "; ".join(
            f"{side}: " + ", ".join(sorted({r.kind for r in regions}))
            for side, regions in (("a", m.regions_a), ("b", m.regions_b))
            if regions
        )
        table.add_row(
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
    out.print(table)
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


def _scan_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options shared by every command that scans articles."""
    for option in reversed(
        (
            click.argument("paths", nargs=-1, required=True),
            click.option(
                "--skip-bad", is_flag=True, help="Skip bad records (and report how many) instead of stopping."
            ),
            click.option(
                "--threshold",
                type=_Fraction(0.0, 1.0, min_open=True),
                default=THRESHOLD,
                show_default=True,
                help="Jaccard threshold of the near-duplicate candidate search.",
            ),
            click.option(
                "--containment",
                type=_Fraction(0.0, 1.0, min_open=True),
                default=CONTAINMENT,
                show_default=True,
                help="Containment threshold of the excerpt candidate search.",
            ),
            click.option(
                "--min-coverage",
                type=_Fraction(0.0, 1.0),
                default=MIN_COVERAGE,
                show_default=True,
                help="Smallest share of either story in shared passages for a pair to be reported.",
            ),
            click.option(
                "--num-perm",
                type=click.IntRange(min=2),
                default=128,
                show_default=True,
                help="MinHash values per fingerprint.",
            ),
            click.option(
                "--shingle",
                type=click.IntRange(min=1),
                default=5,
                show_default=True,
                help="Words per shingle.",
            ),
            click.option(
                "--seed", type=click.IntRange(min=0), default=1, show_default=True, help="MinHash seed."
            ),
            _MAX_CHARS,
        )
    ):
        command = option(command)
    return command


def _scan(
    paths: tuple[str, ...],
    *,
    skip_bad: bool,
    threshold: float,
    containment: float,
    min_coverage: float,
    num_perm: int,
    shingle: int,
    seed: int,
    max_chars: int = MAX_CHARS,
    workers: int | None = None,
    found_clusters: list[Cluster] | None = None,
    keep: dict[str, Article] | None = None,
) -> list[Match]:
    """Read and scan, reporting skipped records on stderr.

    The clusters found go to ``found_clusters``, the articles read to ``keep``, when given.
    """
    bad: list[RecordError] = []
    articles = list(read(*paths, skip_bad=skip_bad, errors=bad, max_chars=max_chars))
    if keep is not None:
        keep.update((a.id, a) for a in articles)
    skipped: list[InputError] = []
    with _progress(len(articles)) as report:
        matches = run_scan(
            articles,
            config=Config(num_perm=num_perm, shingle=shingle, seed=seed),
            threshold=threshold,
            containment=containment,
            min_coverage=min_coverage,
            skip_bad=skip_bad,
            errors=skipped,
            progress=report,
            workers=workers,
            story_clusters=found_clusters,
        )
    if bad or skipped:
        click.echo(f"provenance: skipped {len(bad) + len(skipped)} bad record(s)", err=True)
        for error in [*bad, *skipped][:5]:
            click.echo(f"  {error}", err=True)
    return matches


@main.command()
@_scan_options
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that clean and compare [default: one per CPU, one for small inputs].",
)
@_FORMAT
@click.option(
    "--passage-text",
    is_flag=True,
    help="With --format jsonl: each passage also carries its text on both sides (a_text, b_text).",
)
def scan(*, paths: tuple[str, ...], fmt: str, passage_text: bool, **options: Any) -> None:
    """Find the pairs of articles where one is a copy of the other.

    PATHS are JSON Lines files, text files, folders of them, or - for standard input.
    Each pair says which is the original (with its confidence and evidence) and
    which story cluster it belongs to.
    """
    if passage_text and fmt != "jsonl":
        raise click.UsageError("--passage-text needs --format jsonl")
    read_in: dict[str, Article] = {}
    matches = _scan(paths, keep=read_in if passage_text else None, **options)
    if fmt == "jsonl":
        texts = {key: a.text for key, a in read_in.items()} if passage_text else None
        for m in matches:
            click.echo(json.dumps(match_record(m, texts=texts), ensure_ascii=False))
    else:
        _table(matches)


_DB = click.option(
    "--db",
    metavar="PATH|URL",
    callback=_target,
    default=DEFAULT_PATH,
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


def _existing(db: Path | str, *, write: bool = False) -> Ledger:
    """Open a ledger that must exist already, read-only unless ``write`` (commands that only read)."""
    if is_url(db):
        return Ledger.open(db, readonly=not write)
    db = Path(db)
    if not db.exists():
        msg = f"{db}: no ledger here (run 'provenance ingest' first, or pass --db)"
        raise InputError(msg)
    return Ledger.open(db, readonly=not write)


def _echo_json(record: dict[str, Any]) -> None:
    click.echo(json.dumps(record, ensure_ascii=False))


@main.command()
@click.argument("paths", nargs=-1, required=False)
@click.option(
    "--db",
    metavar="PATH|URL",
    callback=_target,
    default=None,
    envvar="PROVENANCE_DB",
    help="Cluster what a ledger holds instead of PATHS (default without PATHS: provenance.db).",
)
@click.option("--skip-bad", is_flag=True, help="Skip bad records (and report how many) instead of stopping.")
@_FORMAT
def clusters(*, paths: tuple[str, ...], db: Path | str | None, skip_bad: bool, fmt: str) -> None:
    """Group articles into story clusters, each with its original and members.

    PATHS are JSON Lines files, text files, folders of them, or - for standard input;
    without PATHS, the clusters of the ledger (--db) are shown.
    """
    if paths and db is not None:
        raise click.UsageError("give PATHS or --db, not both")
    if paths:
        found: list[Cluster] = []
        _scan(
            paths,
            skip_bad=skip_bad,
            threshold=THRESHOLD,
            containment=CONTAINMENT,
            min_coverage=MIN_COVERAGE,
            num_perm=128,
            shingle=5,
            seed=1,
            found_clusters=found,
        )
    else:
        with _existing(db or Path(DEFAULT_PATH)) as ledger:
            found = ledger.clusters()
    if fmt == "jsonl":
        for c in found:
            _echo_json(cluster_record(c))
        return
    out = Console(width=None if sys.stdout.isatty() else 160, highlight=False)
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
@click.argument("paths", nargs=-1, required=True)
@_DB
@click.option("--skip-bad", is_flag=True, help="Skip bad records (and report how many) instead of stopping.")
@click.option(
    "--shingle",
    type=click.IntRange(min=1),
    default=None,
    help="Words per shingle of a new ledger (3 for OCR text) [default: 5]; a ledger keeps its own.",
)
@_SINCE
@_UNTIL
@click.option(
    "--batch",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    help="Articles per transaction at most (batches grow to it from 1); 1 commits each article alone.",
)
@_MAX_CHARS
@_FORMAT
def ingest(
    *,
    paths: tuple[str, ...],
    db: Path | str,
    skip_bad: bool,
    shingle: int | None,
    since: datetime | None,
    until: datetime | None,
    batch: int,
    max_chars: int,
    fmt: str,
) -> None:
    """Record articles in the ledger, each with its fingerprint and verified matches.

    PATHS are JSON Lines files, text files, folders of them, or - for standard input.
    Ingesting the same articles again changes nothing; a changed text under the same
    id or url is stored as a revision. With --format jsonl, one line is printed per
    article once it is committed. --shingle sets up a new ledger; for an existing
    one it must be the size the ledger was written with. --since and --until compare
    the new articles only with stored ones published in that window.
    """
    window = Window(since=since, until=until)
    bad: list[RecordError] = []
    skipped: list[InputError] = []
    articles = read(*paths, skip_bad=skip_bad, errors=bad, max_chars=max_chars)

    def acknowledge(outcome: Ingested) -> None:
        if fmt == "jsonl":
            _echo_json({"type": "ingested", **attrs.asdict(outcome)})
            sys.stdout.flush()

    with Ledger.open(db, config=Config(shingle=shingle) if shingle else None) as ledger:
        report = ledger.ingest(
            articles, skip_bad=skip_bad, errors=skipped, progress=acknowledge, window=window, batch=batch
        )
        name = ledger.store.name
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
@click.argument("paths", nargs=-1, required=True)
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
) -> None:
    """Check articles against everything in the ledger, without recording them.

    PATHS (or - for standard input) hold the articles to check. For each, says whether
    it is a copy, of what, and with which evidence. --since and --until compare only
    with stored articles published in that window.
    """
    copies = 0
    window = Window(since=since, until=until)
    with _existing(db) as ledger:
        for article in read(*paths):
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
    return Registry.default() if path is None else Registry.default().extend(path)


def _from_ledger(keys: list[str], db: Path | str | None) -> tuple[list[str], list[Match], dict[str, Article]]:
    """The wanted ids (all when none is named), their matches, and every article those name."""
    with _existing(db or Path(DEFAULT_PATH)) as ledger:
        wanted = keys or [s.article.id for s in ledger.store.articles()]
        articles: dict[str, Article] = {}
        matches: dict[tuple[str, str], Match] = {}
        for key in wanted:
            found = ledger.get(key)
            if found is None:
                msg = f"{key!r}: no such article in {db or DEFAULT_PATH}"
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
    targets: tuple[str, ...], db: Path | str | None, article: str | None, registry: Registry
) -> tuple[list[Chain], list[Match], dict[str, Article]]:
    """Chains, matches and articles of files (TARGETS that exist) or of a ledger (ids or urls)."""
    paths = [t for t in targets if t == "-" or Path(t).exists()]
    keys = [t for t in targets if t not in paths]
    if paths and keys:
        msg = f"{keys[0]!r}: no such file or folder (give files, or ids of the ledger, not both)"
        raise InputError(msg)
    if paths:
        articles = {a.id: a for a in read(*paths)}
        matches = run_scan(articles.values())
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
) -> None:
    """Print attribution chains: republisher <- credited source <- primary source.

    TARGETS are files (JSON Lines, text, folders, - for standard input), whose
    articles are matched with each other; or ids or urls of articles in the ledger.
    Each chain is checked against the text matches: uncredited copies, miscredits and
    credits that cannot be verified are flagged.
    """
    found, _, _ = _collection(targets, db, article, _registry(registry_file))
    for c in found:
        if fmt == "jsonl":
            _echo_json(chain_record(c))
        else:
            click.echo("\n".join(_visible(line) for line in describe(c).splitlines()))


@main.command(name="export")
@click.argument("targets", nargs=-1, metavar="[PATH...|ID|URL]")
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
    type=click.Choice(GRAPH_EDGES),
    default="both",
    show_default=True,
    help="What a DOT or Mermaid graph draws: attribution chains, copies (who copied whom), or both.",
)
@_REGISTRY
def export_(
    *, targets: tuple[str, ...], db: Path | str | None, fmt: str, edges: str, registry_file: Path | None
) -> None:
    """Export chains and matches: JSON, W3C PROV, or a graph. Written to standard output.

    TARGETS are files (their articles are matched with each other) or ids or urls of
    articles in the ledger; without TARGETS, the whole ledger.
    """
    found, matches, articles = _collection(targets, db, None, _registry(registry_file))
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
) -> None:
    """Write an HTML report: story clusters, who copied whom, each copy side by side with its source.

    TARGETS are files (JSON Lines, text, folders, - for standard input), whose articles
    are matched with each other; or ids or urls of articles in the ledger; without
    TARGETS, the whole ledger. The page is self-contained (no script, nothing fetched):
    it opens from disk. Needs the report extra: pip install 'wire-provenance[report]'.
    """
    from provenance import report as html_report  # noqa: PLC0415 - the report's extra is optional

    html_report.environment()  # a missing extra is said before any work
    found, matches, articles = _collection(targets, db, None, _registry(registry_file))
    written = html_report.write(output, articles, matches, chains=found, article=article, cluster=cluster)
    click.echo(f"{written[0]}: {len(written)} page{'s' if len(written) != 1 else ''}", err=True)
