"""Shared fixtures: the real corpora in ../shared/corpus, and small fixtures of our own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PROVENANCE_CORPUS", ROOT.parent / "shared" / "corpus"))
EXAMPLE = ROOT / "examples" / "wire.jsonl"

# pytest-xdist's workers export COLUMNS=80; the commands read COLUMNS for the width of a table
# written to a pipe, so the tests run with none, as a pipe of a user's shell has
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)

settings.register_profile("ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


def corpus_path(*parts: str) -> Path:
    """The path of a shared corpus file: skipped when absent, a failure when CI is set."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        reason = f"shared corpus not found at {path} (set PROVENANCE_CORPUS to its folder)"
        if os.environ.get("CI"):
            pytest.fail(reason + "; CI must have it")
        pytest.skip(reason)
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses the seed page reads the shared corpora: marked so (``-m "not corpus"``)."""
    for item in items:
        if "seed_text" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.corpus)


@pytest.fixture(scope="session")
def seed_text() -> str:
    """The real MENAFN page of a Trend News Agency story."""
    return corpus_path("seed", "menafn-trend-2024-02-07.txt").read_text(encoding="utf-8")


PG_URL = os.environ.get("PROVENANCE_TEST_PG", "postgresql://127.0.0.1:5432/test")


def _absent(reason: str) -> None:
    """Skip a test that needs the PostgreSQL server; fail it when CI is set (CI must have one)."""
    if os.environ.get("CI"):
        pytest.fail(reason + "; CI must have it (.ci/run starts it)")
    pytest.skip(reason)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A URL of a fresh, empty schema on the real PostgreSQL server, dropped after the test."""
    try:
        import psycopg
    except ImportError:
        _absent("psycopg is not installed (pip install -e '.[dev]')")
    try:
        admin = psycopg.connect(PG_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        _absent(f"no PostgreSQL server answers at {PG_URL} ({str(error).strip()})")
    schema = f"provenance_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new ledger on each backend: a SQLite file, a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.db")
    url: str = request.getfixturevalue("pg_url")
    return url
