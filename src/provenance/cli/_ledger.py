"""The commands of the ledger: ingest, check, show, forget, stats, verify, salvage, backup."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from provenance.errors import InputError, RecordError

if TYPE_CHECKING:
    from provenance.article import Article
    from provenance.ledger import Check, Ingested, Report

from provenance.cli._inputs import _PLACES, _existing, _place, _placed, _read_ahead, _read_all
from provenance.cli._options import (
    _BATCH,
    _DB,
    _FORMAT,
    _SINCE,
    _UNTIL,
    _config,
    _moment,
    _Option,
    _scan_options,
)
from provenance.cli._terminal import (
    _echo_json,
    _pair_line,
    _report_skipped,
    _silence_output,
    _tally,
    _visible,
)


def _may_wait(paths: tuple[str, ...]) -> bool:
    """Whether reading the inputs ahead may wait for a writer: standard input that is not a file (a pipe).

    Examples:
        >>> _may_wait(("feed.jsonl",))
        False
    """
    if "-" not in paths:
        return False
    try:
        return not stat.S_ISREG(os.fstat(sys.stdin.fileno()).st_mode)
    except (OSError, ValueError, AttributeError):  # no descriptor (a test's stand-in): as a pipe
        return True


@click.command()
@_scan_options(ledger=True)
@_DB
@_SINCE
@_UNTIL
@click.option(
    "--batch",
    cls=_Option,
    type=click.IntRange(min=1),
    default=_BATCH,
    show_default=True,
    help="Articles per transaction at most (batches grow to it from 1); 1 commits each article alone.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that clean and fingerprint ahead of the writes [default: one per CPU, one for small"
    " inputs]; 1 reads nothing ahead.",
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
    workers: int | None,
    fmt: str,
    **thresholds: Any,
) -> None:
    """Record articles in the ledger, each with its fingerprint and verified matches.

    PATHS are JSON Lines files, text files, folders of them, or - for standard input.
    Ingesting the same articles again changes nothing; a changed text under the same
    id or url is stored as a revision. With --format jsonl, one line is printed per
    article once it is committed. --shingle sets up a new ledger; for an existing
    one it must be the size the ledger was written with. The input is read as it
    comes (an input of any size); once it holds hundreds of articles (files are read
    that far ahead to tell; standard input from a pipe is taken as it comes), a few
    chunks ahead of the writes, which --workers processes clean and fingerprint (the ledger is the
    same whatever their number). An input of no article is an error.
    --since and --until compare the new articles only with stored ones published in
    that window.
    """
    import attrs  # noqa: PLC0415 - stages are imported when used

    from provenance.export import SCHEMA_VERSION  # noqa: PLC0415
    from provenance.ledger import Ledger, Window  # noqa: PLC0415
    from provenance.ledger._ahead import SERIAL  # noqa: PLC0415
    from provenance.read import located  # noqa: PLC0415

    window = Window(since=since, until=until)
    bad: list[RecordError] = []
    skipped: list[InputError] = []
    places: dict[str, str | None] = {}  # where the most recent articles were read, for their errors
    count = 0
    recorded = 0  # articles acknowledged: committed (or found stored already)

    def counted() -> Iterator[Article]:
        nonlocal count
        for article, source, line in located(*paths, skip_bad=skip_bad, errors=bad, max_chars=max_chars):
            count += 1
            _place(places, article.id, source if line is None else f"{source}:{line}", limit=_PLACES)
            yield article

    tick: Callable[[int], None] | None = None  # the running count on a terminal

    def acknowledge(outcome: Ingested) -> None:
        nonlocal recorded
        recorded += 1
        if fmt == "jsonl":
            _echo_json({"schema_version": SCHEMA_VERSION, "type": "ingested", **attrs.asdict(outcome)})
            sys.stdout.flush()
        if tick is not None:
            tick(outcome.matches)

    config = _config(num_perm=num_perm, shingle=shingle, seed=seed)
    try:
        with _tally(printing=fmt == "jsonl") as tick, Ledger.open(db, config=config, **thresholds) as ledger:
            try:
                # files are read far enough ahead to tell a large input at once (its pool starts with
                # the first write); standard input from a pipe, which may come slowly, as it comes
                articles = counted() if _may_wait(paths) else _read_ahead(counted(), SERIAL)
                report = ledger.ingest(
                    articles, skip_bad=skip_bad, errors=skipped, progress=acknowledge, window=window,
                    batch=batch, workers=workers,
                )  # fmt: skip
            except InputError as error:  # an article's: said with where it was read
                raise _placed(error, places) from error
            name = ledger.store.name
    except BaseException as error:  # an error, Ctrl-C or SIGTERM: its line says what was kept
        if recorded:
            error.add_note(_recorded_before(recorded))
        raise
    if not count:
        _report_skipped(bad)
        msg = f"0 articles read from {', '.join(paths)}"
        raise InputError(msg)
    if fmt != "jsonl":
        click.echo(
            f"{report.added} added, {report.revisions} revisions, {report.unchanged} unchanged, "
            f"{report.matches} matches{_once_rechecked(report)}, in {name}"
        )
    _report_skipped([*bad, *(_placed(e, places) for e in skipped)])


def _once_rechecked(report: Report) -> str:
    """What the re-checks of an ingest changed of its matches, for its summary line (nothing: nothing).

    Examples:
        >>> from provenance.ledger import Report
        >>> _once_rechecked(Report(matches=273, rechecked=-2))
        ' (271 once re-checked)'
        >>> _once_rechecked(Report(matches=5))
        ''
    """
    return f" ({report.matches + report.rechecked} once re-checked)" if report.rechecked else ""


def _recorded_before(count: int) -> str:
    """What an ingest stopped by an error or an interrupt kept: told after the error, on its line.

    Examples:
        >>> _recorded_before(1)
        '1 article was recorded before it (ingesting the same input again passes over what is stored)'
    """
    kept = "1 article was" if count == 1 else f"{count:,} articles were"
    return f"{kept} recorded before it (ingesting the same input again passes over what is stored)"


@click.command()
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
    places: dict[str, str | None] = {}
    articles, bad = _read_all(paths, skip_bad=skip_bad, max_chars=max_chars, unique=False, places=places)
    _report_skipped(bad)
    copies = 0
    from provenance.ledger import Window  # noqa: PLC0415

    window = Window(since=since, until=until)
    config = _config(num_perm=num_perm, shingle=shingle, seed=seed)
    closed = False  # the reader of the output went away (``| head``)
    with _existing(db, config=config, **thresholds) as ledger:
        for article in articles:
            try:
                verdict = ledger.check(article, window=window)
            except InputError as error:  # an article's: said with where it was read
                raise _placed(error, places) from error
            copies += verdict.is_copy
            if closed:
                continue
            try:
                _say_verdict(verdict, fmt)
            except BrokenPipeError:
                if not fail_on_copy:
                    raise  # nothing more to tell: the command ends quietly
                # the exit code is the answer still: every article is checked, the rest unsaid
                closed = True
                _silence_output()
    if fail_on_copy and copies:
        raise SystemExit(1)


def _say_verdict(verdict: Check, fmt: str) -> None:
    """One checked article's verdict: a JSON line, or its lines for a reader."""
    from provenance.export import check_record  # noqa: PLC0415 - imported when used

    if fmt == "jsonl":
        _echo_json(check_record(verdict))
        return
    if not verdict.matches:
        click.echo(f"{_visible(verdict.id)}: no match in the ledger")
        return
    what = "a copy of " + ", ".join(map(_visible, verdict.originals)) if verdict.is_copy else "not a copy"
    click.echo(f"{_visible(verdict.id)}: {what}")
    for m in verdict.matches:
        click.echo(f"{_pair_line(m, verdict.id)}, jaccard {m.jaccard:.2f}")
        for e in m.evidence:
            if e.weight:
                click.echo(f"    {e.kind}: {_visible(e.detail)}")


@click.command()
@click.argument("key", metavar="ID|URL")
@_DB
@_FORMAT
def show(*, key: str, db: Path | str, fmt: str) -> None:
    """Show a stored article and its matches."""
    from provenance.export import article_record  # noqa: PLC0415 - stages are imported when used

    with _existing(db) as ledger:
        article = ledger.get(key)
        if article is None:
            msg = f"{key!r}: no such article in {db}"
            raise InputError(msg)
        matches = ledger.matches(article.id)
    if fmt == "jsonl":
        _echo_json(article_record(article, matches))
        return
    click.echo(f"{_visible(article.id)}")
    for name in ("outlet", "url", "title", "published", "language"):
        value = getattr(article, name)
        if value is not None:
            click.echo(f"  {name}: {_visible(str(value))}")
    click.echo(f"  {len(article.text)} characters, {len(matches)} matches")
    for m in matches:
        click.echo(_pair_line(m, article.id))


@click.command()
@click.argument("keys", nargs=-1, metavar="[ID|URL...]")
@click.option(
    "--since",
    metavar="DATE",
    callback=_moment,
    default=None,
    help="Forget too every stored article published at or after DATE (ISO 8601; UTC without a zone).",
)
@click.option(
    "--until",
    metavar="DATE",
    callback=_moment,
    default=None,
    help="Forget too every stored article published at or before DATE (a date alone: to its end):"
    " a retention period.",
)
@click.option("--dry-run", is_flag=True, help="Say what would be forgotten; remove nothing.")
@_DB
@_FORMAT
def forget(
    *,
    keys: tuple[str, ...],
    since: datetime | None,
    until: datetime | None,
    dry_run: bool,
    db: Path | str,
    fmt: str,
) -> None:
    """Remove articles from the ledger: their fingerprints, index entries and matches.

    Forgetting a first version forgets its revisions too. All or nothing: when one
    ID or URL names no stored article, nothing is removed (exit 2). Clusters are
    derived from the matches that remain. --since and --until forget every article
    published in that window as well (one without a publication time is in none);
    --dry-run lists what would go.
    """
    from provenance.export import SCHEMA_VERSION  # noqa: PLC0415 - stages are imported when used
    from provenance.ledger import Window  # noqa: PLC0415

    if not keys and since is None and until is None:
        raise click.UsageError("give the ID or URL of an article, or --since or --until")
    window = Window(since=since, until=until)
    with _existing(db, write=not dry_run) as ledger:
        named = list(keys) + ([] if since is None and until is None else ledger.published(window))
        removed = ledger.forgettable(named) if dry_run else ledger.forget(named)
        name = ledger.store.name
    kind = "would_forget" if dry_run else "forgotten"
    if fmt == "jsonl":
        for key in removed:
            _echo_json({"schema_version": SCHEMA_VERSION, "type": kind, "id": key})
        return
    said = f"{len(removed)} {'would be forgotten' if dry_run else 'forgotten'}, from {name}"
    click.echo(f"{said}: {', '.join(map(_visible, removed))}" if removed else said)


@click.command()
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


@click.command()
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


@click.command(name="salvage")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
def salvage_(*, source: Path, dest: Path) -> None:
    """Copy what can still be read out of a damaged ledger SOURCE into a new ledger DEST.

    Every article whose row can be read and whose text matches its digest is copied
    (its fingerprint made again from the text), and every sound match between copied
    articles. SOURCE is only read; DEST must not exist. Exits 1 when something was lost.
    A ledger that another version's cleaner wrote is carried over to this version's.
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


@click.command()
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
