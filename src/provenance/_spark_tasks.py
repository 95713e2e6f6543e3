"""The spark engine's tasks: the library's stages as functions of partitions and rows.

:mod:`provenance.spark` builds the job; the functions here run in its tasks (Spark ships them
to the workers by reference, so they live in an importable module and take plain rows:
tuples, bytes and ids). Each calls the stage functions of the local engine, nothing
re-implemented.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

import attrs

from provenance.article import Article
from provenance.boilerplate import Boilerplate, sentence_hashes
from provenance.clean import Story, clean
from provenance.compare import Match, compare, is_copy, prepare_many, shares_a_source
from provenance.credits import Credits, extract
from provenance.errors import InputError, RecordError
from provenance.export import cluster_record, match_record
from provenance.families import age, band_ends, class_pairs, closeness, validate
from provenance.fingerprint import Config, stories_and_prints
from provenance.index import Index
from provenance.read import located, read
from provenance.relate import cluster_of, clusters, direct

_CHUNK = 128  # articles cleaned and fingerprinted together (as the local engine's tasks)
_VERIFY = 256  # candidate pairs prepared and compared together
_BLOCK = 256  # representatives per block of a band bucket: a task compares two blocks at most
_Row = tuple[str, str, str | None, str | None, str | None, str | None, str | None]
"""An article in the job: id, text, outlet, url, title, published (ISO 8601), language."""


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _row(article: Article) -> _Row:
    return (
        article.id,
        article.text,
        article.outlet,
        article.url,
        article.title,
        _iso(article.published),
        article.language,
    )


def _article(row: Sequence[Any]) -> Article:
    """An article from a row of :data:`COLUMNS` (published as ISO 8601 text, or a datetime)."""
    published = row[5]
    if isinstance(published, str):
        published = datetime.fromisoformat(published)
    return Article(
        id=row[0], text=row[1], outlet=row[2], url=row[3], title=row[4], published=published, language=row[6]
    )


def _first(rows: Iterable[tuple[Sequence[Any], int]], *, config: Config) -> Iterator[tuple[Any, ...]]:
    """Clean and fingerprint a partition: per article ``(id, pos, key, values, size, published, problem)``."""
    batch: list[tuple[Sequence[Any], int]] = []
    for item in rows:
        batch.append(item)
        if len(batch) == _CHUNK:
            yield from _first_chunk(batch, config)
            batch = []
    if batch:
        yield from _first_chunk(batch, config)


def _first_chunk(batch: list[tuple[Sequence[Any], int]], config: Config) -> Iterator[tuple[Any, ...]]:
    read: list[tuple[int, str, Article | None, str | None]] = []  # (pos, id, article, why it is no record)
    for row, pos in batch:
        try:
            article = _article(row)
        except (TypeError, ValueError) as error:
            read.append((pos, str(row[0]), None, f"row {pos}: {error}"))
            continue
        read.append((pos, article.id, article, None))
    stories, found = stories_and_prints([a.text for _, _, a, _ in read if a is not None], config=config)
    prints = None if found is None else iter(found)
    kept = iter(stories)
    made = [(pos, key, a, next(kept) if a is not None else why or "") for pos, key, a, why in read]
    for pos, key, made_of, story in made:
        if not isinstance(story, Story):
            yield (key, pos, None, None, 0, None, ("record" if made_of is None else "empty", story), None)
            continue
        assert made_of is not None  # a story is made only of an article
        when = _iso(made_of.published or story.published)
        page = (made_of.outlet, made_of.url, made_of.title, tuple(sentence_hashes(story)))
        if prints is None:
            yield (key, pos, None, None, 0, when, None, page)
            continue
        fp = next(prints)
        values = fp.values.tobytes()
        digest = hashlib.blake2b(values + fp.size.to_bytes(8, "little"), digest_size=16).digest()
        yield (key, pos, digest, values, fp.size, when, None, page)


def _resolve(
    item: tuple[str, Iterable[tuple[int, tuple[str, ...] | None]]],
) -> Iterator[tuple[int, tuple[str, ...] | None]]:
    """Which article of an id is kept, as :func:`provenance.scan.scan` decides: ``(pos, problem or None)``.

    The first with a story is kept; one after it repeats its id; one before it has no story.
    A problem is ``(kind, message)``, kind ``"record"`` (a row that is no article), or
    ``(kind, message, id)``, kind ``"empty"`` or ``"repeat"`` (an article's).
    """
    key, entries = item
    kept = False
    for pos, problem in sorted(entries, key=lambda e: e[0]):
        if problem is not None and problem[0] == "record":
            yield pos, problem
        elif kept:
            yield pos, ("repeat", f"article {key!r}: id repeats an earlier article", key)
        elif problem is not None:
            yield pos, ("empty", f"article {key!r}: {problem[1]}", key)
        else:
            kept = True
            yield pos, None


def _pairs_in(members: Sequence[int]) -> Iterator[tuple[int, int]]:
    ordered = sorted(members)
    for x, i in enumerate(ordered):
        for j in ordered[x + 1 :]:
            yield i, j


def _blocks(bucket: Sequence[int], size: int = _BLOCK) -> Iterator[tuple[tuple[int, ...], tuple[int, ...]]]:
    """A band bucket's representatives as pairs of blocks of at most ``size`` (one task each)."""
    ordered = sorted(bucket)
    blocks = [tuple(ordered[s : s + size]) for s in range(0, len(ordered), size)]
    for x, first in enumerate(blocks):
        for second in blocks[x:]:
            yield first, second


def _block_pairs(task: tuple[tuple[int, ...], tuple[int, ...]]) -> Iterator[tuple[int, int]]:
    first, second = task
    if first == second:
        yield from _pairs_in(first)
        return
    for i in first:
        for j in second:
            yield (i, j) if i < j else (j, i)


def _end_pairs(bucket: Sequence[int], *, limit: int) -> Iterator[tuple[int, int]]:
    """A band bucket's pairs: each story with the ``limit`` first and the ``limit`` just before it.

    As the local engine reads a key that more than ``2 * limit`` stories share (``scan._BandEnds``);
    a bucket of at most ``2 * limit`` stories gives all its pairs.
    """
    for at, story in enumerate(bucket):
        for other in set(band_ends(bucket, at, limit)) - {story}:
            yield (other, story) if other < story else (story, other)


def _proposed(
    rows: Iterable[tuple[int, tuple[int, bytes, int, bytes, int]]],
    *,
    config: Config,
    threshold: float,
    containment: float,
) -> Iterator[tuple[int, int, float]]:
    """The pairs of representatives an :class:`~provenance.index.Index` over them proposes, and how close."""
    import numpy as np  # noqa: PLC0415

    from provenance.fingerprint import Fingerprint  # noqa: PLC0415

    wanted: dict[int, set[int]] = {}
    prints: dict[int, Fingerprint] = {}
    for i, (j, vi, si, vj, sj) in rows:
        wanted.setdefault(i, set()).add(j)
        for key, values, size in ((i, vi, si), (j, vj, sj)):
            if key not in prints:
                prints[key] = Fingerprint(
                    config=config, values=np.frombuffer(values, dtype=np.uint32), size=size
                )
    if not wanted:
        return
    index = Index(config, threshold=threshold, containment=containment)
    index.add_many(sorted(prints.items()))
    for i in sorted(wanted):
        found = {int(str(c.key)): closeness(c) for c in index.query(prints[i], exclude=i)}
        for j in sorted(wanted[i] & found.keys()):
            yield i, j, found[j]


def _chosen_pairs(
    item: tuple[
        int, tuple[list[tuple[int, str | None]], Iterable[tuple[float, list[tuple[int, str | None]]]] | None]
    ],
    *,
    limit: int | None,
) -> Iterator[tuple[int, int]]:
    """A family's pairs to verify: each member against the earlier articles, as the local engine picks them.

    ``item`` is a family's representative with its members and, for each proposed family, the
    closeness of the two and that family's members, each member as ``(position, published)``.
    """
    _, (mine, near) = item
    around = list(near or ())
    times = dict(mine)
    for _, others in around:
        times.update(others)
    ages = {
        pos: age(None if when is None else datetime.fromisoformat(when), pos) for pos, when in times.items()
    }
    yield from class_pairs(
        [pos for pos, _ in mine],
        [(close, [pos for pos, _ in others]) for close, others in around],
        age=ages.__getitem__,
        limit=limit,
    )


def _verify(
    rows: Iterable[tuple[int, int, Sequence[Any], Sequence[Any]]],
    *,
    config: Config,
    min_coverage: float,
    known: Any,
) -> Iterator[tuple[int, int, Match]]:
    """Compare candidate pairs of articles and direct the copies, :data:`_VERIFY` pairs at a time."""
    batch: list[tuple[int, int, Sequence[Any], Sequence[Any]]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == _VERIFY:
            yield from _verify_chunk(batch, config, min_coverage, known.value)
            batch = []
    if batch:
        yield from _verify_chunk(batch, config, min_coverage, known.value)


def _verify_chunk(
    batch: list[tuple[int, int, Sequence[Any], Sequence[Any]]],
    config: Config,
    min_coverage: float,
    known: Boilerplate,
) -> Iterator[tuple[int, int, Match]]:
    articles: dict[int, Article] = {}
    for i, j, ri, rj in batch:
        articles.setdefault(i, _article(ri))
        articles.setdefault(j, _article(rj))
    keys = sorted(articles)
    stories = {k: clean(articles[k].text) for k in keys}
    aside = [known.of(articles[k], stories[k]) for k in keys]
    made = prepare_many(
        [stories[k] for k in keys], [articles[k].id for k in keys], config=config, boilerplate=aside
    )
    prepared = dict(zip(keys, made, strict=True))
    said: dict[int, Credits] = {}

    def credits_of(k: int) -> Credits:
        if k not in said:
            said[k] = extract(articles[k], story=stories[k])
        return said[k]

    for i, j, _, _ in batch:
        match = compare(prepared[i], prepared[j], config=config)
        if shares_a_source(match, min_coverage=min_coverage):  # no copy: reported for what it shares
            yield i, j, attrs.evolve(match, relation="shared_source")
        elif is_copy(match, min_coverage=min_coverage):
            found = direct(
                match, articles[i], articles[j], story_a=stories[i], story_b=stories[j],
                credits_a=credits_of(i), credits_b=credits_of(j),
            )  # fmt: skip
            yield i, j, found


def _large_star(item: tuple[int, Iterable[int]]) -> Iterator[tuple[int, int]]:
    """Link each larger neighbour of a node to the smallest node of its neighbourhood."""
    node, near = item
    neighbours = set(near)
    least = min(*neighbours, node)
    for other in neighbours:
        if other > node:
            yield other, least


def _small_star(item: tuple[int, Iterable[int]]) -> Iterator[tuple[int, int]]:
    """Link a node and its smaller neighbours to the smallest of them."""
    node, near = item
    neighbours = set(near) | {node}
    least = min(neighbours)
    for other in neighbours:
        if other != least:
            yield other, least


def _clustered(
    item: tuple[int, tuple[Iterable[tuple[int, int, Match]], Iterable[tuple[str, str | None]]]],
) -> Iterator[tuple[str, tuple[Any, ...], str]]:
    """One component's clusters (:func:`provenance.relate.clusters`) and its pairs, as JSON lines."""
    _, (verified, members) = item
    published = {key: None if when is None else datetime.fromisoformat(when) for key, when in members}
    ordered = sorted(verified, key=lambda t: (t[0], t[1]))
    found = clusters([m for _, _, m in ordered], published=published)
    for c in found:
        yield "cluster", (-len(c.members), c.id), json.dumps(cluster_record(c), ensure_ascii=False)
    ids = cluster_of(found)
    for i, j, m in ordered:
        record = match_record(attrs.evolve(m, cluster=ids.get(m.a) or ids.get(m.b)))
        yield "pair", (i, j), json.dumps(record, ensure_ascii=False)


def _family(first: tuple[int, bytes, int]) -> tuple[list[int], int, bytes, int]:
    pos, values, size = first
    return [pos], pos, values, size


def _family_add(
    family: tuple[list[int], int, bytes, int], other: tuple[int, bytes, int]
) -> tuple[list[int], int, bytes, int]:
    return _family_merge(family, _family(other))


def _family_merge(
    one: tuple[list[int], int, bytes, int], two: tuple[list[int], int, bytes, int]
) -> tuple[list[int], int, bytes, int]:
    rep = one if one[1] < two[1] else two
    return [*one[0], *two[0]], rep[1], rep[2], rep[3]


def _band_keys(bands: int) -> Callable[[tuple[int, tuple[list[int], bytes, int]]], Iterator[tuple[int, int]]]:
    def keys(item: tuple[int, tuple[list[int], bytes, int]]) -> Iterator[tuple[int, int]]:
        rep, (_, values, _) = item
        for band in range(bands):
            value = int.from_bytes(values[4 * band : 4 * band + 4], "little")
            yield band << 32 | value, rep

    return keys


def _read_files(files: Iterable[str], *, skip_bad: bool, max_chars: int) -> Iterator[tuple[Any, ...]]:
    """Read files with :func:`provenance.read.read` (in a task): articles, then errors as rows."""
    for name in files:
        bad: list[RecordError] = []
        failed: list[InputError] = []
        try:
            for article in read(name, skip_bad=True, errors=bad, max_chars=max_chars):
                yield ("article", *_row(article))
        except InputError as error:  # a file of an unknown type
            failed.append(error)
        for problem in [*bad, *failed]:
            if not skip_bad:
                yield ("error", str(problem), None, None, None, None, None)
                break
            yield ("skipped", str(problem), None, None, None, None, None)


def _where_in(files: Iterable[str], *, wanted: frozenset[str], max_chars: int) -> Iterator[tuple[str, str]]:
    """Where the articles of the wanted ids are in files, read as :func:`_read_files` reads them (in a task).

    Each is ``(id, "file:line")``, or ``(id, "file")`` for a text or HTML file; a file that
    cannot be read, and its bad records, are passed over (their errors were told already).
    """
    for name in files:
        try:
            for article, source, line in located(name, skip_bad=True, max_chars=max_chars):
                if article.id in wanted:
                    yield article.id, source if line is None else f"{source}:{line}"
        except InputError:  # a file of an unknown type: no article of it was read
            continue


def _checked(
    config: Config | None, threshold: float, containment: float, min_coverage: float, limit: int | None
) -> Config:
    """The config to scan with, once every option is checked as :func:`provenance.spark.scan` documents."""
    validate(limit)
    if not 0.0 <= min_coverage <= 1.0:
        msg = f"min_coverage must be in [0, 1], got {min_coverage}"
        raise ValueError(msg)
    config = config or Config()
    if config.method != "oph":
        msg = (
            f"the spark engine files fingerprints under one-value bands (method 'oph'), not {config.method!r}"
        )
        raise ValueError(msg)
    Index(config, threshold=threshold, containment=containment)  # checks the thresholds
    return config
