"""The commands that match articles: scan, clusters, trace, export, report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from provenance.article import Article
    from provenance.relate import Cluster

from provenance.cli._inputs import _collection, _existing, _scan, _spark_out, _spark_scan
from provenance.cli._options import (
    _ENGINE,
    _FORMAT,
    _MASTER,
    _REGISTRY,
    DEFAULT_DB,
    _Library,
    _LibraryChoice,
    _registry,
    _scan_options,
    _target,
)
from provenance.cli._terminal import _cell, _console, _echo_json, _table, _visible


@click.command()
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


@click.command()
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
    from provenance.export import cluster_from_record, cluster_record  # noqa: PLC0415 - imported when used

    if engine == "spark" and not paths:
        raise click.UsageError("--engine spark clusters PATHS, not a ledger")
    if engine == "local" and master is not None:
        raise click.UsageError("--master is an option of --engine spark")
    found: list[Cluster] = []
    if engine == "spark":
        result = _spark_scan(paths, master=master, **options)
        found = [cluster_from_record(json.loads(line)) for line in result.lines("clusters")]
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


@click.command()
@click.argument("targets", nargs=-1, metavar="[PATH...|ID|URL]")
@_scan_options(paths="none")
@click.option("--article", default=None, help="Trace only this article of the files.")
@click.option(
    "--db",
    metavar="PATH|URL",
    callback=_target,
    default=None,
    envvar="PROVENANCE_DB",
    help="The ledger to trace stored articles in (default provenance.db); with files, their "
    "articles are also checked against it.",
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
    articles are matched with each other (and, with --db, with the ledger's); or ids
    or urls of articles in the ledger. Each chain is checked against the text matches:
    uncredited copies, miscredits and credits that cannot be verified are flagged. The
    reading and matching options apply to files.
    """
    from provenance.chain import describe  # noqa: PLC0415 - stages are imported when used
    from provenance.export import chain_record  # noqa: PLC0415

    found, _, _ = _collection(
        targets, db, article, _registry(registry_file), files_against_ledger=True, **options
    )
    for c in found:
        if fmt == "jsonl":
            _echo_json(chain_record(c))
        else:
            click.echo("\n".join(_visible(line) for line in describe(c).splitlines()))


@click.command(name="export")
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
    from provenance.export import dot, json_document, mermaid, prov_json, prov_n  # noqa: PLC0415
    from provenance.relate import clusters as story_clusters  # noqa: PLC0415

    found, matches, articles = _collection(targets, db, None, _registry(registry_file), **options)
    if fmt == "json":
        published = {k: a.published for k, a in articles.items()}
        document = json_document(
            found, matches=matches, clusters=story_clusters(matches, published=published)
        )
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif fmt == "prov-json":
        click.echo(prov_json(found, matches=matches, articles=articles))
    elif fmt == "prov-n":
        click.echo(prov_n(found, matches=matches, articles=articles))
    elif fmt == "dot":
        click.echo(dot(found, copies=story_clusters(matches), edges=edges))
    else:
        click.echo(mermaid(found, copies=story_clusters(matches), edges=edges))


@click.command()
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
    metavar="PATH|URL",
    callback=_target,
    default=None,
    envvar="PROVENANCE_DB",
    help="The ledger to report on: a SQLite file (default provenance.db) or a postgresql:// URL; used"
    " when no files are given.",
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
    db: Path | str | None,
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
