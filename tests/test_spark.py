"""The spark engine (provenance.spark) against the local engine, in a real local Spark session."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE
from provenance import Article, EmptyStoryError, InputError, read
from provenance import scan as local_scan
from provenance.clean import clean
from provenance.export import cluster_record, match_record
from provenance.relate import clusters, components

spark_module = pytest.importorskip("provenance.spark")

_WORDS = (
    "minister council harbour railway budget river festival tariff senate clinic drought vaccine "
    "refinery bridge election court museum airline cargo pipeline turbine wheat export reform "
    "strike police school storm coast mayor bank bond rate loan steel coal grid solar dam village "
    "market port tower union teacher doctor judge farmer pilot engineer envoy treaty summit deal "
    "agency report survey census record season league final coach player ticket stadium crowd"
).split()
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
        text = f"(MENAFN- Trend) BAKU, May 2. {wire}\n\nLegal Disclaimer:\nMENAFN provides the information as is."
        articles.append(Article(id=f"site-{k:03d}", outlet=f"Site {k}", text=text, published=when))
    for k in range(3):
        articles.append(Article(id=f"edited-{k}", outlet=f"Desk {k}", text=_edit(wire, rng)))
    for k in range(boilerplate):
        text = _story(rng, 12) + "\n\n" + _BOILERPLATE
        articles.append(Article(id=f"local-{k:03d}", outlet="Regional Daily", text=text))
    rng.shuffle(articles)
    return articles


def _published(articles: list[Article]) -> dict[str, datetime | None]:
    """What the local engine breaks cluster ties with: the article's time, else its metadata date."""
    return {a.id: a.published or clean(a.text).published for a in articles}


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
    session = spark_module.session("local[2]", partitions=4)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _frame(spark: Any, articles: list[Article]) -> Any:
    rows = [
        (a.id, a.text, a.outlet, a.url, a.title, a.published.isoformat() if a.published else None, a.language)
        for a in articles
    ]
    schema = "id string, text string, outlet string, url string, title string, published string, language string"
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
    local = local_scan(ordered, workers=1)
    found = spark_module.scan(frame)
    expected = [json.dumps(match_record(m), ensure_ascii=False) for m in local]
    assert expected == list(found.lines())
    expected_clusters = [
        json.dumps(cluster_record(c), ensure_ascii=False)
        for c in clusters(local, published=_published(ordered))
    ]
    assert expected_clusters == list(found.lines("clusters"))
    # the corpus is what it claims to be: a family of 41, copies in the example, boilerplate pairs proposed
    biggest = found.clusters.first()
    assert len(biggest.members) >= 44
    assert "trend-wire" == biggest.original
    assert {"verbatim", "excerpt", "edited", "revision"} <= {m.relation for m in local}
    # the DataFrames hold the same records as the lines
    assert [json.loads(x) for x in expected] == [r.asDict(recursive=True) for r in found.pairs.collect()]
