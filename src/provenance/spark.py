r"""The same scan as an Apache Spark job, for collections beyond one machine (the ``spark`` extra).

:func:`scan` takes a DataFrame of articles (columns ``id`` and ``text``, and the
optional ``outlet``, ``url``, ``title``, ``published`` and ``language``) and runs
the library's own stages inside the job, nothing re-implemented:

1. **clean and fingerprint** each partition (:func:`~provenance.clean.clean`,
   :func:`~provenance.fingerprint.fingerprint_many`); ids that repeat and texts
   with no story are reported as :func:`provenance.scan.scan` reports them;
2. **collapse exact duplicates**: articles with equal fingerprints are one
   *family*, represented by its first member. Only representatives are filed
   under band keys, so a wire story on a thousand sites is one entry per band,
   not a thousand (a bucket of a thousand would be half a million pairs);
3. **candidate pairs** of representatives: those that share a band key (the
   first :data:`~provenance.index.BANDS` values, as the local index files them),
   kept when an :class:`~provenance.index.Index` over them proposes the pair. A
   bucket still shared by many distinct stories is cut into blocks, one task per
   pair of blocks, so that no task holds a quadratic bucket alone;
4. the **boilerplate counts** (:class:`~provenance.boilerplate.Counts`) are tallied in
   the driver, in input order (the tally depends on it), from each article's sentence
   hashes, and broadcast;
5. the candidate pairs of the families and the pairs inside each family are the
   article pairs to verify: **compare** (:func:`~provenance.compare.compare`,
   with each side's boilerplate; :func:`~provenance.compare.shares_a_source`,
   :func:`~provenance.compare.is_copy`) and **direct**
   (:func:`~provenance.relate.direct`, with :func:`~provenance.credits.extract`);
6. **clusters**: connected components (the library's union-find in the driver up
   to :data:`DRIVER_EDGES` pairs, large-star / small-star rounds in the job above
   it, no graph library), then :func:`~provenance.relate.clusters` over each
   component's own matches.

The pairs and clusters are the records of :func:`provenance.export.match_record`
and :func:`provenance.export.cluster_record`: the JSON Lines of
``provenance scan --format jsonl``, and the same pairs, relations, directions,
evidence, cluster ids and originals as the local engine
(:func:`provenance.scan.scan`) finds. The local engine is the reference.

Examples:
    >>> spark = session("local[2]")
    >>> story = "BAKU, Feb 6. The minister met the envoy. They discussed the vote on Tuesday."
    >>> rows = [("wire", story), ("page", "(MENAFN- Trend) " + story), ("other", "The season ended.")]
    >>> found = scan(spark.createDataFrame(rows, "id string, text string"))
    >>> [(r.a, r.b, r.relation, r.original) for r in found.pairs.collect()]
    [('wire', 'page', 'verbatim', 'wire')]
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from provenance._spark_tasks import (
    _band_keys,
    _block_pairs,
    _blocks,
    _checked,
    _chosen_pairs,
    _clustered,
    _end_pairs,
    _family,
    _family_add,
    _family_merge,
    _first,
    _large_star,
    _proposed,
    _read_files,
    _resolve,
    _row,
    _small_star,
    _verify,
    _where_in,
)
from provenance.article import Article
from provenance.boilerplate import Boilerplate, Counts
from provenance.clean import CLEANER_VERSION
from provenance.compare import MIN_COVERAGE, Match
from provenance.errors import EmptyStoryError, InputError, MissingExtraError, RecordError
from provenance.families import REPRESENTATIVES
from provenance.fingerprint import Config
from provenance.index import BANDS, CONTAINMENT, THRESHOLD
from provenance.read import MAX_CHARS, read
from provenance.relate import components

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "CLUSTER_SCHEMA", "COLUMNS", "DRIVER_EDGES", "PAIR_SCHEMA", "Result", "load", "locate", "scan", "session",
]  # fmt: skip

log = logging.getLogger(__name__)

COLUMNS = ("id", "text", "outlet", "url", "title", "published", "language")
"""The article columns :func:`scan` reads: ``id`` and ``text`` are required."""

_REGION = "struct<kind:string,`start`:bigint,`end`:bigint,text:string,value:string>"
PAIR_SCHEMA = (
    "schema_version int, type string, a string, b string, relation string, jaccard double, "
    "containment_ab double, containment_ba double, coverage_a double, coverage_b double, shared bigint, "
    "quoted bigint, narrative_a double, narrative_b double, speakers array<string>, "
    "passages array<struct<status:string,a:array<bigint>,b:array<bigint>,score:double>>, "
    f"set_aside struct<a:array<{_REGION}>,b:array<{_REGION}>>, original string, copy string, "
    "direction_confidence double, evidence array<struct<kind:string,favours:string,weight:double,"
    "detail:string>>, derivation string, cluster string"
)
"""The Spark schema (DDL) of a pair record: the fields of ``docs/reference/jsonl.md``, in order."""
CLUSTER_SCHEMA = (
    "schema_version int, type string, id string, original string, original_decided boolean, "
    "original_confidence double, members array<string>, "
    "edges array<struct<source:string,copy:string,relation:string>>, "
    "versions array<struct<of:string,versions:array<string>>>"
)
"""The Spark schema (DDL) of a cluster record."""

DRIVER_EDGES = 1_000_000
"""Most verified pairs whose clusters are joined in the driver (:func:`provenance.relate.components`);
above it, in the job (large-star / small-star rounds)."""


def _pyspark() -> Any:
    """The pyspark module, or the error that names the extra to install."""
    try:
        import pyspark  # noqa: PLC0415  (optional: the spark extra)
        import pyspark.sql  # noqa: PLC0415
    except ImportError:
        msg = "the spark engine needs PySpark: pip install 'wire-provenance[spark]'"
        raise MissingExtraError(msg) from None
    return pyspark


def session(
    master: str = "local[*]", *, partitions: int | None = None, app: str = "provenance"
) -> SparkSession:
    """A Spark session for :func:`scan`: the active one, or a new one on ``master``.

    A new session runs its Python workers with this interpreter, draws no console
    progress bar and loads nothing from the network (no ``spark.jars.packages``); in
    local mode it listens on 127.0.0.1 only and has no web UI.

    Args:
        master: The cluster to run on: ``local[*]`` (every core here), ``local[2]``,
            ``spark://host:7077``, ``yarn``.
        partitions: Shuffle partitions (``spark.sql.shuffle.partitions`` and
            ``spark.default.parallelism``); by default Spark's.
        app: The application name shown by the cluster manager.

    Returns:
        The session.

    Raises:
        MissingExtraError: PySpark is not installed.
    """
    pyspark = _pyspark()
    builder = (
        pyspark.sql.SparkSession.builder.master(master)
        .appName(app)
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
    )
    if master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = (
            builder.config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")  # local mode listens on the loopback only
            .config("spark.driver.bindAddress", "127.0.0.1")
        )
    if partitions is not None:
        builder = builder.config("spark.sql.shuffle.partitions", str(partitions)).config(
            "spark.default.parallelism", str(partitions)
        )
    spark: SparkSession = builder.getOrCreate()
    return spark


@attrs.frozen(kw_only=True)
class Result:
    """What :func:`scan` found: the pair and cluster records, as DataFrames and as JSON lines.

    Attributes:
        pairs: One row per verified pair (:data:`PAIR_SCHEMA`), in input order (by
            the position of ``a``, then of ``b``).
        clusters: One row per story cluster (:data:`CLUSTER_SCHEMA`), largest first, then by id.
        skipped: The errors of the articles passed over (with ``skip_bad``), in input order.
    """

    pairs: DataFrame
    clusters: DataFrame
    skipped: tuple[InputError, ...]
    pair_lines: RDD[str] = attrs.field(repr=False)
    cluster_lines: RDD[str] = attrs.field(repr=False)

    def lines(self, kind: str = "pairs") -> Iterator[str]:
        """The records as ``provenance scan --format jsonl`` prints them, one JSON text a line.

        Args:
            kind: ``"pairs"`` or ``"clusters"``.

        Yields:
            The lines, in order, fetched a partition at a time.

        Raises:
            ValueError: ``kind`` is neither.
        """
        yield from self._lines(kind).toLocalIterator()

    def _lines(self, kind: str) -> RDD[str]:
        if kind not in ("pairs", "clusters"):
            msg = f"kind must be 'pairs' or 'clusters', got {kind!r}"
            raise ValueError(msg)
        return self.pair_lines if kind == "pairs" else self.cluster_lines

    def write(self, out: str | Path, *, fmt: str = "jsonl") -> None:
        """Write ``pairs/`` and ``clusters/`` under ``out``, partitioned, as JSON Lines or Parquet.

        Args:
            out: The folder (a local path, or any URL the cluster's file system takes).
            fmt: ``"jsonl"`` (the lines of :meth:`lines`) or ``"parquet"`` (the DataFrames).

        Raises:
            ValueError: ``fmt`` is neither.
        """
        if fmt not in ("jsonl", "parquet"):
            msg = f"fmt must be 'jsonl' or 'parquet', got {fmt!r}"
            raise ValueError(msg)
        for kind, frame in (("pairs", self.pairs), ("clusters", self.clusters)):
            target = f"{str(out).rstrip('/')}/{kind}"
            if fmt == "parquet":
                frame.write.mode("overwrite").parquet(target)
            else:
                spark = frame.sparkSession
                spark.createDataFrame(self._lines(kind).map(lambda s: (s,)), "value string").write.mode(
                    "overwrite"
                ).text(target)


# --- input -----------------------------------------------------------------------------------


_JSONL = frozenset({".jsonl", ".ndjson", ".json"})  # what read() takes as JSON Lines (ids from the records)


def _tasks(source: str) -> list[str]:
    """What each reading task passes to :func:`provenance.read.read`.

    A folder's JSON Lines files one by one (in read's order), or the whole folder when
    it holds other files too (the ids of its text files are their paths in the folder).
    """
    path = Path(source)
    if not path.is_dir():
        return [source]
    files = sorted(p for p in path.rglob("*") if p.is_file())
    if files and all(p.suffix.lower() in _JSONL for p in files):
        return [str(p) for p in files]
    return [source]


def _is_parquet(path: str) -> bool:
    p = Path(path)
    if p.is_dir():
        return any(f.suffix == ".parquet" for f in p.rglob("*.parquet"))
    return p.suffix == ".parquet"


def load(
    spark: SparkSession,
    *paths: str,
    skip_bad: bool = False,
    errors: list[InputError] | None = None,
    max_chars: int = MAX_CHARS,
) -> DataFrame:
    """Read articles into a DataFrame of :data:`COLUMNS`, in input order.

    Parquet files (or folders of them) are read by Spark; JSON Lines, text and
    HTML files, or folders of them, by :func:`provenance.read.read` inside the job,
    one task per file (so its checks and messages are the local engine's; every
    worker must see the files: local disk in local mode, a shared mount on a
    cluster). ``-`` reads standard input here, in the driver.

    Args:
        spark: The session.
        *paths: Files or folders, or ``-``.
        skip_bad: Pass over bad records instead of raising.
        errors: A list that receives the errors of skipped records.
        max_chars: The longest text accepted, in characters.

    Returns:
        The articles, ``published`` as ISO 8601 text.

    Raises:
        InputError: A path does not exist, or a record is bad (unless ``skip_bad``).
    """
    pyspark = _pyspark()
    schema = (
        "id string, text string, outlet string, url string, title string, published string, language string"
    )
    frames = []
    for source in paths:
        if source != "-" and not Path(source).exists():
            msg = f"{source}: no such file or folder"
            raise InputError(msg)
        if source != "-" and _is_parquet(source):
            frame = spark.read.parquet(source)
            frames.append(_columns(frame))
            continue
        if source == "-":
            bad: list[RecordError] = []
            rows = [_row(a) for a in read("-", skip_bad=skip_bad, errors=bad, max_chars=max_chars)]
            if errors is not None:
                errors.extend(bad)
            frames.append(spark.createDataFrame(rows, schema))
            continue
        files = _tasks(source)
        read_them = functools.partial(_read_files, skip_bad=skip_bad, max_chars=max_chars)
        found = spark.sparkContext.parallelize(files, len(files)).mapPartitions(read_them).cache()
        problems = found.filter(lambda r: r[0] != "article").collect()
        for kind, message, *_ in problems:
            if kind == "error":
                raise InputError(message)
            log.warning("skipped: %s", message)
            if errors is not None:
                errors.append(InputError(message))
        frames.append(
            spark.createDataFrame(found.filter(lambda r: r[0] == "article").map(lambda r: r[1:]), schema)
        )
    if not frames:
        return spark.createDataFrame([], schema)
    del pyspark
    return functools.reduce(lambda x, y: x.unionByName(y), frames)


def locate(
    spark: SparkSession, *paths: str, ids: Iterable[str], max_chars: int = MAX_CHARS
) -> dict[str, str | None]:
    """Where the articles of these ids are in the inputs: as an error names a bad record's place.

    The files are read in the job as :func:`load` reads them (every worker must see them), and
    only the places of the ids asked for come back. Parquet files and standard input are not
    looked into: they have no lines to name.

    Args:
        spark: The session.
        *paths: The inputs, as given to :func:`load`.
        ids: The ids to find.
        max_chars: The longest text accepted, in characters (as given to :func:`load`).

    Returns:
        Each id found: ``file:line`` in a JSON Lines file, the file's path for a text or HTML
        file, or None when the id is in the inputs more than once (no one place is its).
        An id not found is left out.
    """
    wanted = frozenset(ids)
    files = [
        task
        for source in paths
        if source != "-" and Path(source).exists() and not _is_parquet(source)
        for task in _tasks(source)
    ]
    if not wanted or not files:
        return {}
    find = functools.partial(_where_in, wanted=wanted, max_chars=max_chars)
    places: dict[str, str | None] = {}
    for key, where in spark.sparkContext.parallelize(files, len(files)).mapPartitions(find).collect():
        places[key] = None if key in places else where
    return places


def _columns(df: DataFrame) -> DataFrame:
    """The article columns of a DataFrame, the optional ones null when absent, published as text."""
    from pyspark.sql import functions as F  # noqa: N812, PLC0415
    from pyspark.sql import types as T  # noqa: N812, PLC0415

    fields = {f.name: f.dataType for f in df.schema.fields}
    for name in ("id", "text"):
        if name not in fields:
            msg = f"the articles have no {name!r} column (columns: {', '.join(sorted(fields)) or 'none'})"
            raise InputError(msg)
        if not isinstance(fields[name], T.StringType):
            msg = f"column {name!r} must hold strings, not {fields[name].simpleString()}"
            raise InputError(msg)
    chosen = []
    for name in COLUMNS:
        if name not in fields:
            chosen.append(F.lit(None).cast("string").alias(name))
        elif name == "published" and isinstance(fields[name], T.TimestampType | T.DateType):
            chosen.append(F.date_format(F.col(name), "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX").alias(name))
        else:
            chosen.append(F.col(name).cast("string").alias(name))
    return df.select(*chosen)


# --- the stages, as functions of partitions ----------------------------------------------------


# --- clusters: connected components as stars (large-star / small-star) ---------------------------


def _components(edges: RDD[tuple[int, int]], n: int) -> RDD[tuple[int, int]]:
    """Each node's component, named by its smallest node: ``(node, root)`` (Kiveris et al., 2014).

    Large-star and small-star rounds alternate until the edges no longer change;
    then every edge joins a node to its component's smallest node.
    """
    current = edges.map(lambda e: (max(e), min(e))).filter(lambda e: e[0] != e[1]).distinct(n).persist()
    while True:
        both = current.flatMap(lambda e: (e, (e[1], e[0])))
        large = both.groupByKey(n).flatMap(_large_star)
        small = large.groupByKey(n).flatMap(_small_star).distinct(n).persist()
        changed = (
            small.map(lambda e: (e, 1))
            .union(current.map(lambda e: (e, 2)))
            .reduceByKey(lambda x, y: x | y, n)
            .filter(lambda kv: kv[1] != 3)
            .count()
        )  # edges on one side only (one job a round; isEmpty would take several)
        current.unpersist()
        current = small
        if not changed:
            break
    nodes = edges.flatMap(lambda e: ((e[0], e[0]), (e[1], e[1])))
    return nodes.union(current).reduceByKey(min, n)


# --- families: exact duplicates collapsed --------------------------------------------------------


# --- the job -----------------------------------------------------------------------------------


def _problem(kind: str, message: str, article: str | None = None) -> InputError:
    """The error of a problem the job found (``article``: the id of the article it is about)."""
    kind_of = EmptyStoryError if kind == "empty" else InputError
    return kind_of(message, article=article)


def scan(
    df: DataFrame,
    *,
    config: Config | None = None,
    threshold: float = THRESHOLD,
    containment: float = CONTAINMENT,
    min_coverage: float = MIN_COVERAGE,
    skip_bad: bool = False,
    errors: list[InputError] | None = None,
    representatives: int | None = REPRESENTATIVES,
) -> Result:
    """Find every pair of articles where one is a copy of the other, as a Spark job.

    The same answer as :func:`provenance.scan.scan` with the same options: the
    same pairs, relations, directions and evidence, the same clusters with the
    same ids and originals. Input order is the DataFrame's row order (its
    partitions in turn): ``a`` is the article of a pair that comes first.

    Args:
        df: The articles, one row each, with the columns of :data:`COLUMNS`
            (``published`` as ISO 8601 text with its offset, or a timestamp).
        config: Fingerprint parameters (method ``"oph"``, the default).
        threshold: Jaccard threshold of the near-duplicate candidate path.
        containment: Containment threshold of the excerpt candidate path.
        min_coverage: Smallest shared share of either story for a pair to be reported.
        skip_bad: Pass over rows with no story text, a repeated id or a bad field instead of raising.
        errors: A list that receives the errors of skipped rows, in input order.
        representatives: Most earlier articles one is compared with, as for the local engine
            (:mod:`provenance.families`); ``None`` compares every candidate pair.

    Returns:
        The pairs and clusters (computed when first used, as Spark does).

    Raises:
        InputError: A required column is missing or not text; or (unless ``skip_bad``)
            a row has no story text, repeats an id or holds a bad field.
        ValueError: A threshold or ``min_coverage`` is out of range, or the config's
            method is not ``"oph"``.
        MissingExtraError: PySpark is not installed.
    """
    _pyspark()
    config = _checked(config, threshold, containment, min_coverage, representatives)
    spark = df.sparkSession
    n = spark.sparkContext.defaultParallelism  # tasks of each shuffle
    rows = _columns(df).rdd.map(tuple).zipWithIndex().persist()
    first = rows.mapPartitions(functools.partial(_first, config=config)).persist()

    bad, skipped = _passed_over(first, skip_bad=skip_bad, n=n)
    if errors is not None:
        errors.extend(skipped)
    gone = spark.sparkContext.broadcast(bad)
    kept = first.filter(lambda f: f[1] not in gone.value).persist()
    if config.cleaner != CLEANER_VERSION and not kept.isEmpty():
        config.check(attrs.evolve(config, cleaner=CLEANER_VERSION))  # raises, as fingerprint_many would

    pairs = _candidates(
        kept, config=config, threshold=threshold, containment=containment, n=n, limit=representatives
    )
    candidates = _with_rows(pairs, rows, n)
    known = spark.sparkContext.broadcast(_tally(kept, n))
    verify = functools.partial(_verify, config=config, min_coverage=min_coverage, known=known)
    matches = candidates.mapPartitions(verify).persist()
    lines = _clusters(matches, kept, n=n).persist()
    pair_lines = _ordered(lines.filter(lambda t: t[0] == "pair"), n)
    cluster_lines = _ordered(lines.filter(lambda t: t[0] == "cluster"), n)
    reader = spark.read.option("mode", "FAILFAST")
    return Result(
        pairs=reader.schema(PAIR_SCHEMA).json(pair_lines),
        clusters=reader.schema(CLUSTER_SCHEMA).json(cluster_lines),
        skipped=tuple(skipped),
        pair_lines=pair_lines,
        cluster_lines=cluster_lines,
    )


def _with_rows(
    pairs: RDD[tuple[int, int]], rows: RDD[tuple[Any, int]], n: int
) -> RDD[tuple[int, int, Any, Any]]:
    """Each candidate pair ``(i, j)`` with the rows of both articles: ``(i, j, row_i, row_j)``."""
    texts = rows.map(lambda rp: (rp[1], rp[0]))
    return (
        pairs.join(texts, n)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(texts, n)
        .map(lambda kv: (kv[1][0][0], kv[0], kv[1][0][1], kv[1][1]))
    )


def _passed_over(
    first: RDD[tuple[Any, ...]], *, skip_bad: bool, n: int
) -> tuple[frozenset[int], list[InputError]]:
    """The positions of the articles left out (a bad row, no story, a repeated id) and their errors.

    Raises:
        InputError: The first of them, unless ``skip_bad``.
    """
    verdicts = first.map(lambda f: (f[0], (f[1], f[6]))).groupByKey(n).flatMap(_resolve)
    bad = sorted(verdicts.filter(lambda v: v[1] is not None).collect())
    skipped: list[InputError] = []
    for _, problem in bad:
        assert problem is not None  # filtered above
        error = _problem(*problem)
        if not skip_bad:
            raise error
        log.warning("skipped: %s", error)
        skipped.append(error)
    return frozenset(pos for pos, _ in bad), skipped


def _tally(kept: RDD[tuple[Any, ...]], n: int) -> Boilerplate:
    """The boilerplate counts of the kept articles (:class:`provenance.boilerplate.Counts`).

    The tally depends on the order articles are counted in, so it is made here, in the
    driver, in input order, from each article's outlet, page and sentence hashes (a few
    dozen integers an article); only articles with an outlet are fetched.
    """
    counts = Counts()
    pages: RDD[tuple[int, tuple[str, tuple[Any, ...]]]] = (
        kept.filter(lambda f: f[7][0] is not None)
        .map(lambda f: (f[1], (f[0], f[7])))
        .sortByKey(numPartitions=n)
    )
    for _, (key, (outlet, url, title, hashes)) in pages.toLocalIterator():
        counts.add_hashes(Article(id=key, text="", outlet=outlet, url=url, title=title), hashes)
    return counts.known()


def _candidates(
    kept: RDD[tuple[Any, ...]],
    *,
    config: Config,
    threshold: float,
    containment: float,
    n: int,
    limit: int | None,
) -> RDD[tuple[int, int]]:
    """Pairs ``(i, j)``, ``i < j``, to verify: each article against earlier ones (or representatives).

    The earlier ones are those of its family of equal fingerprints and of the proposed families.
    """
    families = (  # (representative, (members, values, size))
        kept.map(lambda f: (f[2], (f[1], f[3], f[4])))
        .combineByKey(_family, _family_add, _family_merge, n)
        .map(lambda kv: (kv[1][1], (sorted(kv[1][0]), kv[1][2], kv[1][3])))
        .persist()
    )
    buckets = (
        families.flatMap(_band_keys(min(BANDS, config.num_perm)))
        .groupByKey(n)
        .map(lambda kv: sorted(kv[1]))
        .filter(lambda reps: len(reps) > 1)
    )
    if limit is None:  # every pair of a bucket, a pair of blocks a task
        shared = buckets.flatMap(_blocks).flatMap(_block_pairs).distinct(n)
    else:  # each story with the first and the latest stories of a bucket (all of a small one)
        shared = buckets.flatMap(functools.partial(_end_pairs, limit=limit)).distinct(n)
    prints = families.map(lambda kv: (kv[0], (kv[1][1], kv[1][2])))
    with_prints = (
        shared.join(prints, n)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(prints, n)
        .map(lambda kv: (kv[1][0][0], (kv[0], kv[1][0][1][0], kv[1][0][1][1], kv[1][1][0], kv[1][1][1])))
    )
    propose = functools.partial(_proposed, config=config, threshold=threshold, containment=containment)
    proposed = with_prints.mapPartitions(propose)  # (representative, representative, closeness)
    members = (  # (representative, [(position, published), ...] in input order)
        kept.map(lambda f: (f[2], (f[1], f[5])))
        .groupByKey(n)
        .map(lambda kv: (min(pos for pos, _ in kv[1]), sorted(kv[1])))
    )
    around = (  # (representative, [(closeness, members of a proposed family), ...])
        proposed.flatMap(lambda t: [(t[0], (t[1], t[2])), (t[1], (t[0], t[2]))])
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(members, n)
        .map(lambda kv: (kv[1][0][0], (kv[1][0][1], kv[1][1])))
        .groupByKey(n)
    )
    return members.leftOuterJoin(around, n).flatMap(functools.partial(_chosen_pairs, limit=limit))


def _clusters(
    matches: RDD[tuple[int, int, Match]], kept: RDD[tuple[Any, ...]], *, n: int
) -> RDD[tuple[str, tuple[Any, ...], str]]:
    """Each component's cluster and pairs as tagged JSON lines (see :func:`_clustered`)."""
    edges = matches.map(lambda t: (t[0], t[1]))
    if matches.count() <= DRIVER_EDGES:  # the library's union-find, here: a few seconds of jobs less
        joined = [(node, part[0]) for part in components(edges.collect()) for node in part]
        roots = matches.context.parallelize(joined, n)
    else:
        roots = _components(edges, n)
    by_root = matches.map(lambda t: (t[0], t)).join(roots, n).map(lambda kv: (kv[1][1], kv[1][0]))
    info = kept.map(lambda f: (f[1], (f[0], f[5])))
    member_times = roots.join(info, n).map(lambda kv: (kv[1][0], kv[1][1]))
    return by_root.cogroup(member_times, n).flatMap(_clustered)


def _ordered(tagged: RDD[tuple[str, tuple[Any, ...], str]], n: int) -> RDD[str]:
    """The lines of tagged records, sorted by their keys."""
    return tagged.sortBy(lambda t: t[1], numPartitions=n).map(lambda t: t[2])
