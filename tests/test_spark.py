"""The spark engine (provenance.spark) against the local engine, in a real local Spark session."""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE
from feeds import carried, edited
from provenance import Article, EmptyStoryError, InputError, read
from provenance import scan as local_scan
from provenance.export import cluster_record, match_record
from provenance.relate import components

spark_module = pytest.importorskip("provenance.spark")

_VOCABULARY = (
    "minister council harbour railway budget river festival tariff senate clinic drought vaccine "
    "refinery bridge election court museum airline cargo pipeline turbine wheat export reform "
    "strike police school storm coast mayor bank bond rate loan steel coal grid solar dam village "
    "market port tower union teacher doctor judge farmer pilot engineer envoy treaty summit deal "
    "agency report survey census record season league final coach player ticket stadium crowd"
)
_WORDS = _VOCABULARY.split()
_BOILERPLATE = (
    "Subscribe to our morning newsletter for the latest regional news, analysis and opinion, delivered "
    "to your inbox before breakfast every weekday, and follow us on every platform where news is shared."
)


def _story(rng: random.Random, sentences: int) -> str:
    """Word salad of the corpus's vocabulary: distinct stories share few five-word shingles."""
    out = []
    for _ in range(sentences):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 16))]
        out.append(" ".join(words).capitalize() + ".")
    paragraphs = [" ".join(out[k : k + 3]) for k in range(0, len(out), 3)]
    return "\n\n".join(paragraphs)


def _edit(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(max(1, len(words) // 25)):
        words[rng.randrange(len(words))] = rng.choice(_WORDS)
    return " ".join(words)


def planted(seed: int = 12, *, family: int = 40, boilerplate: int = 30) -> list[Article]:
    """The bundled example's planted copies, a big family of one wire story, and shared boilerplate.

    The family is the wire story verbatim on ``family`` sites (each with a MENAFN-style
    header and disclaimer, so their stories clean to one text: exact duplicates) and
    three edited copies; ``boilerplate`` distinct stories end with the same subscription
    paragraph, so they share band keys without being copies.
    """
    rng = random.Random(seed)
    articles = list(read(EXAMPLE))
    start = datetime(2024, 5, 2, 9, 0, tzinfo=UTC)
    wire = _story(rng, 9)
    articles.append(Article(id="trend-wire", outlet="Trend", text="BAKU, May 2. " + wire, published=start))
    for k in range(family):
        when = start + timedelta(minutes=rng.randint(5, 3000)) if k % 4 else None
        footer = "Legal Disclaimer:\nMENAFN provides the information as is."
        text = f"(MENAFN- Trend) BAKU, May 2. {wire}\n\n{footer}"
        articles.append(Article(id=f"site-{k:03d}", outlet=f"Site {k}", text=text, published=when))
    articles.extend(Article(id=f"edited-{k}", outlet=f"Desk {k}", text=_edit(wire, rng)) for k in range(3))
    for k in range(boilerplate):
        text = _story(rng, 12) + "\n\n" + _BOILERPLATE
        articles.append(Article(id=f"local-{k:03d}", outlet="Regional Daily", text=text))
    rng.shuffle(articles)
    return articles


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """One local[2] session for the whole test session, with few shuffle partitions."""
    reason = None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        reason = "no Java on this machine (the spark engine needs Java 17)"
    if reason is None:
        try:
            import pyspark  # noqa: F401
        except ImportError:
            reason = "pyspark is not installed (pip install 'wire-provenance[spark]')"
    if reason is not None:
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI must have it")
        pytest.skip(reason)
    session = spark_module.session("local[2]", partitions=2)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _frame(spark: Any, articles: list[Article]) -> Any:
    rows = [
        (a.id, a.text, a.outlet, a.url, a.title, a.published.isoformat() if a.published else None, a.language)
        for a in articles
    ]
    schema = (
        "id string, text string, outlet string, url string, title string, published string, language string"
    )
    return spark.createDataFrame(rows, schema).repartition(3)  # several partitions, rows in a new order


def test_spark_engine_equals_local_engine(spark: Any) -> None:
    """Same pairs (relations, directions, evidence, passages) and same clusters as the local engine."""
    articles = planted()
    frame = _frame(spark, articles)
    ordered = [
        Article(
            id=r.id, text=r.text, outlet=r.outlet, url=r.url, title=r.title, language=r.language,
            published=datetime.fromisoformat(r.published) if r.published else None,
        )
        for r in frame.collect()
    ]  # fmt: skip
    local_clusters: list[Any] = []
    local = local_scan(ordered, workers=1, story_clusters=local_clusters)
    found = spark_module.scan(frame)
    expected = [json.dumps(match_record(m), ensure_ascii=False) for m in local]
    assert expected == list(found.lines())
    expected_clusters = [json.dumps(cluster_record(c), ensure_ascii=False) for c in local_clusters]
    assert expected_clusters == list(found.lines("clusters"))
    # the corpus is what it claims to be: a family of 41, copies in the example, boilerplate pairs proposed
    biggest = found.clusters.first()
    assert len(biggest.members) >= 44
    assert "trend-wire" == biggest.original
    assert {"verbatim", "edited", "revision"} <= {m.relation for m in local}
    # the DataFrames hold the same records as the lines, field for field
    assert list(json.loads(expected[0])) == found.pairs.columns
    assert list(json.loads(expected_clusters[0])) == found.clusters.columns
    assert [json.loads(x) for x in expected] == [r.asDict(recursive=True) for r in found.pairs.collect()]


@pytest.mark.parametrize("limit", [3, None])
def test_spark_engine_picks_a_familys_representatives_as_the_local_engine(
    spark: Any, limit: int | None
) -> None:
    """An edited family and a verbatim one beyond the limit: the same pairs are compared and kept."""
    articles = edited(10) + [attrs.evolve(a, id=f"v-{a.id}") for a in carried(8, seed=9)]
    frame = _frame(spark, articles)
    ordered = [a for r in frame.collect() for a in articles if a.id == r.id]
    local = local_scan(ordered, workers=1, representatives=limit)
    found = spark_module.scan(frame, representatives=limit)
    assert [json.dumps(match_record(m), ensure_ascii=False) for m in local] == list(found.lines())
    # in the frame's order: with 3, the edited family's k-th article meets min(k, 3) earlier ones
    # (1 + 2 + 3 + 7 * 3); the verbatim family, all twins, k earlier ones up to 3, then only the
    # oldest twin (1 + 2 + 3 + 5); without a limit every pair of each family
    assert len(local) == (27 + 11 if limit else 11 * 10 // 2 + 9 * 8 // 2)


def test_bad_rows_stop_or_are_skipped_as_in_the_local_engine(spark: Any) -> None:
    """A repeated id and an empty story: the same error, or with skip_bad the same skipped list."""
    articles = [
        Article(id="empty", text="   \n\n  "),
        Article(id="one", text="The harbour reopened on Monday after the storm. " * 3),
        Article(id="one", text="A repeated id with a story of its own, about the railway budget."),
        Article(id="two", text="The harbour reopened on Monday after the storm. " * 3),
    ]
    frame = _frame(spark, articles).coalesce(1)
    ordered = [a for r in frame.collect() for a in articles if (a.id, a.text) == (r.id, r.text)]
    with pytest.raises(InputError) as local_error:
        local_scan(ordered)
    with pytest.raises(InputError) as spark_error:
        spark_module.scan(frame)
    assert (type(local_error.value), str(local_error.value)) == (
        type(spark_error.value),
        str(spark_error.value),
    )
    local_skipped: list[InputError] = []
    spark_skipped: list[InputError] = []
    local = local_scan(ordered, skip_bad=True, errors=local_skipped)
    found = spark_module.scan(frame, skip_bad=True, errors=spark_skipped)
    assert [str(e) for e in local_skipped] == [str(e) for e in spark_skipped]
    assert 2 == len(spark_skipped)
    assert isinstance(spark_skipped[0], EmptyStoryError)
    assert [json.dumps(match_record(m), ensure_ascii=False) for m in local] == list(found.lines())


def test_missing_column_names_the_column(spark: Any) -> None:
    """A DataFrame without a text column is refused with the column named."""
    frame = spark.createDataFrame([("x", "body")], "id string, body string")
    with pytest.raises(InputError, match="no 'text' column"):
        spark_module.scan(frame)


def test_missing_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without PySpark the engine raises MissingExtraError with the pip command."""
    from provenance.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'wire-provenance\[spark\]'"):
        spark_module.session("local[1]")


def _stars(edges: list[tuple[int, int]]) -> dict[int, int]:
    """The job's large-star / small-star rounds, run with Python dicts instead of shuffles."""

    def grouped(pairs: list[tuple[int, int]]) -> list[tuple[int, list[int]]]:
        out: dict[int, list[int]] = {}
        for k, v in pairs:
            out.setdefault(k, []).append(v)
        return list(out.items())

    current = {(max(e), min(e)) for e in edges if e[0] != e[1]}
    while True:
        both = [*current, *((v, u) for u, v in current)]
        large = [e for item in grouped(both) for e in spark_module._large_star(item)]
        small = {e for item in grouped(large) for e in spark_module._small_star(item)}
        if small == current:
            break
        current = small
    roots = {node: node for e in edges for node in e}
    for node, root in current:
        roots[node] = min(roots[node], root)
    return roots


@settings(max_examples=60)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=60))
def test_star_rounds_find_the_components(edges: list[tuple[int, int]]) -> None:
    """Large-star / small-star rounds join exactly the library's components, named by their least node."""
    expected = {node: part[0] for part in components(edges) for node in part}
    assert expected == _stars(edges)


@given(st.lists(st.integers(0, 10_000), unique=True, min_size=2, max_size=60), st.integers(1, 7))
def test_bucket_blocks_hold_each_pair_once(bucket: list[int], size: int) -> None:
    """A band bucket cut into blocks gives every pair of its members exactly once."""
    pairs = [p for task in spark_module._blocks(bucket, size) for p in spark_module._block_pairs(task)]
    expected = sorted((min(a, b), max(a, b)) for k, a in enumerate(bucket) for b in bucket[k + 1 :])
    assert expected == sorted(pairs)


def test_components_in_the_job_equal_the_library_union_find(spark: Any) -> None:
    """The RDD rounds on a long chain, a star and small parts give relate.components' answer."""
    rng = random.Random(3)
    chain = list(range(100, 160))
    rng.shuffle(chain)
    edges = list(itertools.pairwise(chain))  # a path in random order: many rounds
    edges += [(7, k) for k in range(8, 30)] + [(200, 201), (203, 202), (201, 203), (300, 301)]
    found = dict(spark_module._components(spark.sparkContext.parallelize(edges, 3), 2).collect())
    assert {node: part[0] for part in components(edges) for node in part} == found


def test_clusters_joined_in_the_job_equal_the_local_ones(spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With clusters joined by star rounds in the job (not in the driver), they are the local engine's."""
    articles = list(read(EXAMPLE))
    frame = _frame(spark, articles)
    ordered = [a for r in frame.collect() for a in articles if a.id == r.id]
    local_clusters: list[Any] = []
    local = local_scan(ordered, story_clusters=local_clusters)
    monkeypatch.setattr(spark_module, "DRIVER_EDGES", 0)
    found = spark_module.scan(frame)
    expected = [json.dumps(cluster_record(c), ensure_ascii=False) for c in local_clusters]
    assert expected == list(found.lines("clusters"))
    assert [json.dumps(match_record(m), ensure_ascii=False) for m in local] == list(found.lines())


def _cli(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from provenance.cli import main

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_cli_spark_engine_prints_what_the_local_engine_prints(spark: Any) -> None:
    """scan and clusters with --engine spark print the local engine's JSON lines."""
    for command in (["scan", "--format", "jsonl"], ["clusters", "--format", "jsonl"]):
        code, local, _ = _cli(*command, str(EXAMPLE))
        assert 0 == code
        code, found, _ = _cli(*command, str(EXAMPLE), "--engine", "spark", "--master", "local[2]")
        assert (0, local) == (code, found)


def test_cli_spark_engine_writes_and_reads_parquet(spark: Any, tmp_path: Path) -> None:
    """--out with --format parquet writes the records; Parquet articles read back give the same pairs."""
    code, _, err = _cli(
        "scan", str(EXAMPLE), "--engine", "spark", "--out", str(tmp_path / "found"), "--format", "parquet"
    )
    assert 0 == code, err
    written = spark.read.parquet(str(tmp_path / "found" / "pairs")).orderBy("a", "b").collect()
    code, local, _ = _cli("scan", str(EXAMPLE), "--format", "jsonl")
    expected = sorted((json.loads(line) for line in local.splitlines()), key=lambda r: (r["a"], r["b"]))
    assert expected == [r.asDict(recursive=True) for r in written]
    spark_module.load(spark, str(EXAMPLE)).write.parquet(str(tmp_path / "articles"))
    code, found, _ = _cli("scan", str(tmp_path / "articles"), "--engine", "spark", "--format", "jsonl")
    assert (0, local) == (code, found)


def test_cli_spark_engine_writes_jsonl_parts(spark: Any, tmp_path: Path) -> None:
    """--out without parquet writes partitioned JSON Lines whose lines, in order, are the printed ones."""
    code, _, err = _cli(
        "scan", str(EXAMPLE), "--engine", "spark", "--out", str(tmp_path), "--format", "jsonl"
    )
    assert 0 == code, err
    parts = sorted((tmp_path / "pairs").glob("part-*"))
    written = [line for part in parts for line in part.read_text(encoding="utf-8").splitlines()]
    _, local, _ = _cli("scan", str(EXAMPLE), "--format", "jsonl")
    assert local.splitlines() == written


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "parquet"], "give --out DIR"),
        (["--out", "x"], "options of --engine spark"),
        (["--engine", "spark", "--workers", "2"], "--workers is an option of the local engine"),
    ],
)
def test_cli_spark_options_misused_are_usage_errors(args: list[str], message: str) -> None:
    """Misused engine options end with one line on stderr and exit code 2."""
    code, out, err = _cli("scan", str(EXAMPLE), *args)
    assert (2, "") == (code, out)
    assert message in err
    assert 1 == len(err.strip().splitlines())


def test_cli_spark_engine_says_where_a_bad_article_was_read(spark: Any, tmp_path: Path) -> None:
    """An article with no story stops scan on Spark with the line the local engine says (its file and
    line in front of its id), and --skip-bad lists it so, on both engines alike."""
    feed = tmp_path / "feed.jsonl"
    story = "The harbour reopened on Monday after the storm, the port authority said. " * 3
    records = [{"id": "a", "text": story}, {"id": "b", "text": " \n "}, {"id": "c", "text": story + "More."}]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))
    said = f"provenance: error: {feed}:2: article 'b': empty text"
    for engine in (["--engine", "local"], ["--engine", "spark", "--master", "local[2]"]):
        code, out, err = _cli("scan", str(feed), *engine)
        assert (2, "", [said]) == (code, out, err.strip().splitlines()), engine
        code, out, err = _cli("scan", str(feed), "--skip-bad", "--format", "jsonl", *engine)
        assert 0 == code, err
        assert ["provenance: skipped 1 bad record(s)", f"  {feed}:2: article 'b': empty text"] == [
            line for line in err.splitlines() if line.startswith(("provenance: skipped", "  "))
        ], engine


def test_locate_names_each_id_s_place_as_the_readers_do(spark: Any, tmp_path: Path) -> None:
    """Ids in JSON Lines files by file:line, in a folder of text files by the file; an id in two places
    has none; an id not there is left out; Parquet is not looked into."""
    first = tmp_path / "first.jsonl"
    lines = [json.dumps({"id": k, "text": f"Story {k}."}) for k in ("a", "b", "twice")]
    first.write_text("".join(line + "\n" for line in lines))
    second = tmp_path / "second.jsonl"
    second.write_text("\n" + json.dumps({"id": "twice", "text": "Again."}) + "\n")
    folder = tmp_path / "pages"
    (folder / "desk").mkdir(parents=True)
    (folder / "desk" / "note.txt").write_text("A note from the desk.")
    spark_module.load(spark, str(first)).write.parquet(str(tmp_path / "articles"))
    found = spark_module.locate(
        spark, str(first), str(second), str(folder), str(tmp_path / "articles"),
        ids=["b", "twice", "desk/note", "missing"],
    )  # fmt: skip
    assert {"b": f"{first}:2", "twice": None, "desk/note": str(folder / "desk" / "note.txt")} == found
    assert {} == spark_module.locate(spark, str(first), ids=[])
