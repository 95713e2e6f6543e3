"""HTML pages (the html extra): main text and metadata through trafilatura."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from provenance import read
from provenance.errors import MissingExtraError
from provenance.read import read_html

PAGE = """<html><head><title>Deal signed</title>
<meta property="article:published_time" content="2024-03-12T11:40:00+04:00"></head>
<body><nav>Home | News | Sport</nav><article><h1>Deal signed</h1>
<p>BAKU, Azerbaijan, March 12. The minister signed the deal on Tuesday, Caspian Wire reports.</p>
<p>The plant will produce 500 megawatts from 2027, officials said at the ceremony in Baku.</p>
</article><footer>Contact us</footer></body></html>"""


def test_page_gives_its_main_text_and_metadata(tmp_path: Path) -> None:
    """Paragraphs kept one a block; navigation and footer left out; title and date read."""
    path = tmp_path / "deal.html"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = read(path)
    assert "deal" == article.id
    assert "Deal signed" == article.title
    assert article.published is not None
    assert "2024-03-12" == article.published.date().isoformat()
    paragraphs = article.text.split("\n\n")
    assert (
        "BAKU, Azerbaijan, March 12. The minister signed the deal on Tuesday, Caspian Wire reports."
        in paragraphs
    )
    assert "Home" not in article.text
    assert "Contact us" not in article.text


def test_missing_extra_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without trafilatura, reading HTML raises an ImportError that says what to install."""
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'wire-provenance\[html\]'"):
        read_html(PAGE, id="x")


def test_ingest_a_folder_of_pages(tmp_path: Path) -> None:
    """The CLI reads .html files in a folder like any other input."""
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(PAGE, encoding="utf-8")
    (folder / "b.html").write_text(PAGE.replace("<nav>", "<nav>(MENAFN) "), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "provenance", "ingest", str(folder), "--db", str(tmp_path / "l.db")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert 0 == result.returncode, result.stderr
    # two pages (two ids, no url) with the same story once the navigation is left out: one match
    assert result.stdout.startswith("2 added, 0 revisions, 0 unchanged, 1 matches")
