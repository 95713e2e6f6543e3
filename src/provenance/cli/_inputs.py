"""What the commands read: files (read and scanned, here or on Spark) or a ledger."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import click

from provenance.errors import EmptyStoryError, InputError, RecordError

if TYPE_CHECKING:
    from provenance.article import Article
    from provenance.chain import Chain
    from provenance.compare import Match
    from provenance.ledger import Ledger
    from provenance.registry import Registry
    from provenance.relate import Cluster

from provenance.cli._options import DEFAULT_DB, _config
from provenance.cli._terminal import _progress, _report_skipped, _table

_PLACES = 1 << 16  # where an ingest's most recent articles were read (memory kept bounded)

_T = TypeVar("_T")


class _ReadAhead(Generic[_T]):
    """An input whose first items were read ahead: those come first, then the rest as it comes.

    An error met while reading ahead is raised in its turn, after the items read before it.
    Its length hint (:func:`operator.length_hint`) is the number of items read ahead and not
    taken yet: what an ingest knows to be there without waiting.
    """

    def __init__(self, first: list[_T], rest: Iterator[_T] | None, error: Exception | None) -> None:
        self._first = deque(first)
        self._rest = rest
        self._error = error

    def __iter__(self) -> Iterator[_T]:
        return self

    def __next__(self) -> _T:
        if self._first:
            return self._first.popleft()
        if self._error is not None:
            error, self._error, self._rest = self._error, None, None
            raise error
        if self._rest is None:
            raise StopIteration
        return next(self._rest)

    def __length_hint__(self) -> int:
        return len(self._first)


def _read_ahead(items: Iterable[_T], enough: int) -> _ReadAhead[_T]:
    """``items`` with up to ``enough`` of them read at once (files, not a pipe: nothing waits on a writer).

    Examples:
        >>> import operator
        >>> taken = _read_ahead(iter(range(5)), 3)
        >>> operator.length_hint(taken), list(taken)
        (3, [0, 1, 2, 3, 4])
        >>> operator.length_hint(_read_ahead(iter(range(2)), 3))
        2
    """
    from provenance.ledger._ahead import taken  # noqa: PLC0415 - stages are imported when used

    source = iter(items)
    first, ended, error = taken(source, enough)
    return _ReadAhead(first, None if ended else source, error)


def _place(places: dict[str, str | None], key: str, where: str, *, limit: int | None = None) -> None:
    """Note where an article was read (``file:line``); an id read twice has no one place (None).

    With ``limit``, only the most recent ``limit`` ids are kept.
    """
    places[key] = None if key in places else where
    if limit is not None and len(places) > limit:
        del places[next(iter(places))]


def _placed(error: InputError, places: Mapping[str, str | None]) -> InputError:
    """An error about an article, with where the article was read in front (when read at one place).

    Examples:
        >>> str(_placed(InputError("article 'b': empty text", article="b"), {"b": "feed.jsonl:2"}))
        "feed.jsonl:2: article 'b': empty text"
    """
    where = places.get(error.article) if error.article is not None else None
    if where is None:
        return error
    kind = EmptyStoryError if isinstance(error, EmptyStoryError) else InputError
    placed = kind(f"{where}: {error}", article=error.article)
    placed.__cause__ = error
    return placed


def _read_all(
    paths: Sequence[str],
    *,
    skip_bad: bool,
    max_chars: int,
    unique: bool = True,
    places: dict[str, str | None] | None = None,
) -> tuple[list[Article], list[RecordError]]:
    """Every article of the inputs, read (and so checked) before anything is printed.

    A repeated id is a bad record naming its file and line and the first one's (with
    ``unique``); an input of no article at all is an error, said as "0 articles read".
    ``places`` receives where each article was read (:func:`_place`).
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
        if places is not None:
            _place(places, article.id, where)
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
    representatives: int | None = None,
    articles: list[Article] | None = None,
    found_clusters: list[Cluster] | None = None,
    keep: dict[str, Article] | None = None,
) -> list[Match]:
    """Read (unless ``articles`` are given) and scan, reporting skipped records on stderr.

    The clusters found go to ``found_clusters``, the articles read to ``keep``, when given.
    """
    from provenance.scan import scan as run_scan  # noqa: PLC0415 - stages are imported when used

    bad: list[RecordError] = []
    places: dict[str, str | None] = {}
    if articles is None:
        articles, bad = _read_all(paths, skip_bad=skip_bad, max_chars=max_chars, places=places)
    if keep is not None:
        keep.update((a.id, a) for a in articles)
    skipped: list[InputError] = []
    with _progress(len(articles)) as report:
        try:
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
                representatives=representatives,
            )
        except InputError as error:  # an article's: said with where it was read
            raise _placed(error, places) from error
    _report_skipped([*bad, *(_placed(e, places) for e in skipped)])
    return matches


def _spark_scan(paths: Sequence[str], *, master: str | None, **options: Any) -> Any:
    """Read and scan as a Spark job, reporting skipped records on stderr (the spark engine's Result)."""
    from provenance import spark as engine  # noqa: PLC0415  (the spark extra, only when asked for)

    session = engine.session(master) if master else engine.session()
    session.sparkContext.setLogLevel("ERROR")
    skip_bad = options["skip_bad"]
    bad: list[InputError] = []
    frame = engine.load(session, *paths, skip_bad=skip_bad, errors=bad, max_chars=options["max_chars"])

    def placed(errors: Sequence[InputError]) -> list[InputError]:  # with where their articles were read
        ids = [e.article for e in errors if e.article is not None]
        places = engine.locate(session, *paths, ids=ids, max_chars=options["max_chars"]) if ids else {}
        return [_placed(e, places) for e in errors]

    try:
        result = engine.scan(
            frame,
            config=_config(num_perm=options["num_perm"], shingle=options["shingle"], seed=options["seed"]),
            threshold=options["threshold"],
            containment=options["containment"],
            min_coverage=options["min_coverage"],
            skip_bad=skip_bad,
            representatives=options["representatives"],
        )
    except InputError as error:  # an article's: said with where it was read, as the local engine says it
        raise placed([error])[0] from error
    _report_skipped([*bad, *placed(result.skipped)])
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


def _existing(db: Path | str, *, write: bool = False, **options: Any) -> Ledger:
    """Open a ledger that must exist already, read-only unless ``write`` (commands that only read)."""
    from provenance.ledger._reading import open_existing  # noqa: PLC0415 - stages are imported when used

    try:
        return open_existing(db, write=write, **options)
    except FileNotFoundError as missing:
        msg = f"{missing.filename}: no ledger here (run 'provenance ingest' first, or pass --db)"
        raise InputError(msg) from None


def _from_ledger(keys: list[str], db: Path | str | None) -> tuple[list[str], list[Match], dict[str, Article]]:
    """The wanted ids (all when none is named), their matches, and every article those name."""
    from provenance.ledger._reading import neighbourhood  # noqa: PLC0415 - stages are imported when used

    with _existing(db or Path(DEFAULT_DB)) as ledger:
        return neighbourhood(ledger, keys, name=str(db or DEFAULT_DB))


def _collection(
    targets: tuple[str, ...],
    db: Path | str | None,
    article: str | None,
    registry: Registry,
    *,
    files_against_ledger: bool = False,
    **options: Any,
) -> tuple[list[Chain], list[Match], dict[str, Article]]:
    """Chains, matches and articles of files (TARGETS that exist) or of a ledger (ids or urls).

    With ``files_against_ledger`` and a ``db``, the files' articles are also checked against
    the ledger: their matches with stored articles join the files' own, and the stored
    articles they name join the collection.
    """
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
        if files_against_ledger and db is not None:
            with _existing(db) as ledger:
                stored, named = ledger.partners(read)
            seen = {frozenset((m.a, m.b)) for m in matches}
            matches += [m for m in stored if frozenset((m.a, m.b)) not in seen]
            articles.update((key, a) for key, a in named.items() if key not in articles)
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
