"""The ledger: idempotent ingestion, revisions, persistence, exact ids, typed storage errors."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE
from feeds import feed
from provenance import Article, Config, ConfigMismatchError, EmptyStoryError, InputError, read, scan
from provenance.errors import LedgerCorruptError
from provenance.ledger import Ledger
from provenance.ledger.sqlite import SQLiteStore


def dump(path: Path) -> dict[str, object]:
    """Everything a ledger holds, without the ingestion order (seq)."""
    with sqlite3.connect(path) as db:
        return {
            "articles": sorted(
                db.execute("SELECT id, url, outlet, title, published, text, digest, revision_of FROM articles")  # noqa: E501
            ),
            "fingerprints": sorted(
                db.execute("SELECT a.id, f.size, f.hashvalues FROM fingerprints f JOIN articles a USING(seq)")
            ),
            "matches": sorted(db.execute("SELECT a, b, record FROM matches")),
        }  # fmt: skip


def test_ingesting_twice_changes_nothing(tmp_path: Path) -> None:
    """A second ingest of the same feed reports everything unchanged and leaves the ledger as it was."""
    path = tmp_path / "l.db"
    articles = list(read(EXAMPLE))
    with Ledger.open(path) as ledger:
        first = ledger.ingest(articles)
    before = dump(path)
    with Ledger.open(path) as ledger:
        second = ledger.ingest(articles)
    assert (len(articles), 0) == (first.added, first.unchanged)
    assert (0, len(articles), 0) == (second.added, second.unchanged, second.matches)
    assert before == dump(path)


def test_ledger_finds_what_scan_finds(tmp_path: Path) -> None:
    """Ingesting a feed stores the same verified pairs, with the same verdicts, as scanning it."""
    articles = feed(90)
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest(articles)
        stored = {frozenset((m.a, m.b)): (m.original, m.relation) for m in ledger.matches()}
    scanned = {frozenset((m.a, m.b)): (m.original, m.relation) for m in scan(articles)}
    assert scanned == stored


def test_shuffled_feed_gives_an_identical_ledger(tmp_path: Path) -> None:
    """The same feed ingested in another order gives the same articles, fingerprints and matches."""
    articles = feed(60)
    shuffled = list(articles)
    random.Random(3).shuffle(shuffled)
    for name, batch in (("a.db", articles), ("b.db", shuffled)):
        with Ledger.open(tmp_path / name) as ledger:
            ledger.ingest(batch)
    assert dump(tmp_path / "a.db") == dump(tmp_path / "b.db")


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 29), min_size=1, max_size=12), st.integers(0, 10**6))
def test_ingest_twice_property(picks: list[int], salt: int) -> None:
    """For any selection of a feed, ingesting it a second time changes nothing."""
    import tempfile

    articles = feed(30)
    chosen = [articles[k] for k in dict.fromkeys(picks)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"l{salt}.db"
        with Ledger.open(path) as ledger:
            ledger.ingest(chosen)
        before = dump(path)
        with Ledger.open(path) as ledger:
            report = ledger.ingest(chosen)
        assert (0, len(chosen)) == (report.added, report.unchanged)
        assert before == dump(path)


def test_changed_text_is_a_revision(tmp_path: Path) -> None:
    """A changed text under the same id is stored as a revision, matched to the first version."""
    first = feed(1)[0]
    update = attrs.evolve(first, text=first.text + "\n\nOfficials added that talks would resume in March.")
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest([first])
        report = ledger.ingest([update])
        (match,) = ledger.matches()
        stored = ledger.get(first.id)
    assert (0, 1) == (report.added, report.revisions)
    assert stored is not None
    assert first.text == stored.text
    assert "revision" == match.relation
    assert first.id == match.original
    assert match.copy is not None
    assert match.copy.startswith(first.id + "@")


def test_same_url_and_text_under_another_id_is_unchanged(tmp_path: Path) -> None:
    """An article re-sent under a new id but with the same url and text is not stored twice."""
    article = feed(1)[0]
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest([article])
        report = ledger.ingest([attrs.evolve(article, id="another-id")])
    assert (0, 1) == (report.added, report.unchanged)


def test_a_new_process_checks_against_stored_fingerprints(tmp_path: Path) -> None:
    """After reopening, check finds the copy's original from the stored signatures alone."""
    articles = list(read(EXAMPLE))
    by_id = {a.id: a for a in articles}
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest(a for a in articles if a.id != "aggregator-copy")
    with Ledger.open(tmp_path / "l.db") as ledger:
        verdict = ledger.check(by_id["aggregator-copy"])
        assert 8 == ledger.stats()["articles"]
    assert verdict.is_copy
    assert "wire-original" in verdict.originals


def test_config_must_match_the_ledgers(tmp_path: Path) -> None:
    """Reopening a ledger with another fingerprint config is refused."""
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest(feed(2))
    with pytest.raises(ConfigMismatchError, match="num_perm"):
        Ledger.open(tmp_path / "l.db", config=Config(num_perm=64))


@pytest.mark.parametrize(
    "key", ["it's", 'say "hi"', "x'; DROP TABLE articles;--", "../../etc/passwd", "nul\x00in id", "ünï ©"]
)
def test_ids_are_stored_and_returned_exactly(tmp_path: Path, key: str) -> None:
    """Ids with quotes, SQL, path parts and NUL come back exactly as given."""
    article = Article(id=key, text="The minister met the envoy in Baku on Tuesday to discuss the vote.")
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest([article])
        stored = ledger.get(key)
        assert [key] == [s.article.id for s in ledger.store.articles()]
    assert stored == article


def test_bad_articles_are_refused_and_nothing_is_lost(tmp_path: Path) -> None:
    """An empty story or a lone surrogate raises a typed error; what was stored stays."""
    good = feed(3)
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest(good)
        with pytest.raises(EmptyStoryError, match="'blank'"):
            ledger.ingest([Article(id="blank", text=" \u200b ")])
        with pytest.raises(InputError, match="surrogate"):
            ledger.ingest([Article(id="bad", text="broken \ud800 text")])
        errors: list[InputError] = []
        report = ledger.ingest([Article(id="blank", text="")], skip_bad=True, errors=errors)
        assert (1, 1) == (report.skipped, len(errors))
        assert 3 == ledger.stats()["articles"]
        assert [] == ledger.verify()


def test_not_a_ledger_is_a_typed_error(tmp_path: Path) -> None:
    """A file that is not a SQLite database raises LedgerCorruptError with SQLite's message."""
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 200)
    with pytest.raises(LedgerCorruptError, match="file is not a database"):
        Ledger.open(path)


def test_store_verify_reports_problems(tmp_path: Path) -> None:
    """verify names an article stored without its fingerprint."""
    path = tmp_path / "l.db"
    with Ledger.open(path) as ledger:
        ledger.ingest(feed(2))
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM fingerprints WHERE seq = 1")
    store = SQLiteStore(path)
    try:
        assert ["article 'story-0' has no fingerprint"] == store.verify()
    finally:
        store.close()
