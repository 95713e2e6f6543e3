"""Shared fixtures: the real corpora in ../shared/corpus, and small fixtures of our own."""

from __future__ import annotations

import os
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
