"""The docs say what the tool does: thresholds, install, what exists, what the examples show.

tests/test_docs_console.py runs the marked terminal sessions; here, what a reader takes from
the prose: the copy threshold is the code's, no example installs a release that does not
exist, nothing that exists is listed as not done, no example shows a tool's error as its
expected output, and the site's navigation holds every page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from provenance.compare import MIN_COVERAGE
from test_docs_console import MARK, PAGES, blocks

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PERCENT = re.compile(r"at least (\d+)% of one story")
STATED = re.compile(r"`MIN_COVERAGE`\s*=?\s*(0\.\d+)")
EXISTS = ("credit", "chain", "ledger", "cluster", "direction")


def text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def test_the_copy_threshold_is_the_codes() -> None:
    """Every "at least N% of one story" and "`MIN_COVERAGE` = X" in the docs is MIN_COVERAGE."""
    stated = []
    for page in PAGES:
        body = text(page)
        stated += [(page.name, int(n) / 100) for n in PERCENT.findall(body)]
        stated += [(page.name, float(x)) for x in STATED.findall(body)]
    assert len(stated) >= 3
    assert [] == [(name, value) for name, value in stated if value != MIN_COVERAGE]


def test_no_page_installs_a_release_that_does_not_exist() -> None:
    """No console example runs `pip install wire-provenance`: there is no release to install yet."""
    shown = [
        (page.name, line)
        for page in PAGES
        for line in text(page).splitlines()
        if re.match(r"\$ pip install ['\"]?wire-provenance\b(?!\[)", line.strip())
    ]
    assert [] == shown


def test_nothing_that_exists_is_listed_as_not_done() -> None:
    """A section about what is not done (or planned) names none of credits, chains, ledger, clusters."""
    found = []
    for page in PAGES:
        for section in re.split(r"\n(?=#+ )", text(page)):
            heading = section.splitlines()[0].lower()
            if "not done" in heading or "planned" in heading:
                found += [(page.name, word) for word in EXISTS if word in section.lower()]
    assert [] == found


@pytest.mark.parametrize("page", sorted(p for p in PAGES if MARK in text(p)), ids=lambda p: p.name)
def test_no_example_shows_an_error_as_its_output(page: Path) -> None:
    """A run block never shows a jq error, a shell error or a Python traceback as the expected output."""
    bad = re.compile(r"^(jq: error|jq: \d+ compile error|bash: |Traceback \(most recent call last\))")
    shown = [line for block in blocks(page) for step in block for line in step.shown if bad.match(line)]
    assert [] == shown


def test_the_site_navigation_holds_every_page() -> None:
    """mkdocs.yml lists every page under docs/, and every page it lists exists."""
    nav = set(re.findall(r":\s*([\w/.-]+\.md)\s*$", text(ROOT / "mkdocs.yml"), re.MULTILINE))
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert pages == nav


def test_the_api_reference_covers_the_public_api() -> None:
    """docs/reference/api.md renders each public function and class of provenance from its docstring."""
    import provenance

    rendered = set(
        re.findall(r"^::: provenance\.[\w.]+\.(\w+)$", text(DOCS / "reference" / "api.md"), re.MULTILINE)
    )
    wanted = {"read", "iter_read", "scan", "clean", "fingerprint", "compare", "is_copy", "Match", "Article"}
    assert wanted <= rendered
    assert rendered <= set(provenance.__all__) | {"Ledger"}
