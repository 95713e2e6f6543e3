"""Remake docs/img/report.png and docs/img/report-pair.png from the bundled example's report.

Run from the checkout, with the dev extra installed and Debian's chromium:
``python docs/img/screenshot.py``. Nothing is downloaded: Playwright drives /usr/bin/chromium.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

import provenance
from provenance.report import write

ROOT = Path(__file__).resolve().parents[2]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    articles = list(provenance.read(ROOT / "examples" / "wire.jsonl"))
    matches = provenance.scan(articles)
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as p:
        page_file = Path(scratch) / "report.html"
        write(page_file, articles, matches, chains=provenance.chains(articles, matches))
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(page_file.as_uri())
        page.screenshot(path=ROOT / "docs" / "img" / "report.png")
        pair = page.locator("article.pair[data-right='edited-copy']")
        box = pair.bounding_box()
        assert box is not None
        page.screenshot(
            path=ROOT / "docs" / "img" / "report-pair.png",
            full_page=True,
            clip={"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], 900)},
        )
        browser.close()


if __name__ == "__main__":
    main()
