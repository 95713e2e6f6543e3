"""verify checks every record, salvage copies out what can be read, a damaged config is one clear line."""

from __future__ import annotations

import hashlib
import json
import random
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from feeds import feed
from provenance import CLEANER_VERSION
from provenance.cli import main
from provenance.errors import LedgerCorruptError
from provenance.ledger import Ledger, salvage


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The command, run in this process: its exit code, standard output and standard error."""
    result = CliRunner().invoke(main, list(args), input=stdin)
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


def sql(path: Path, statement: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Run one statement on a file with plain sqlite3 (how damage or a forged row is made)."""
    db = sqlite3.connect(path)
    try:
        with db:
            return db.execute(statement, params).fetchall()
    finally:
        db.close()


def flip_once(path: Path, needle: bytes, at: int, new: int) -> None:
    """Change the byte at offset ``at`` of the only occurrence of ``needle`` in the file."""
    data = bytearray(path.read_bytes())
    assert 1 == data.count(needle), "the bytes to damage must occur once in the file"
    where = data.index(needle) + at
    assert data[where] != new
    data[where] = new
    path.write_bytes(bytes(data))


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    """A sound ledger of 12 articles (wire stories, their copies, unrelated stories), closed cleanly."""
    path = tmp_path / "l.db"
    with Ledger.open(path) as opened:
        opened.ingest(feed(12, seed=4))
        assert [] == opened.verify()
    return path


def test_a_flipped_byte_in_a_text_is_found(ledger: Path) -> None:
    """A digit changed inside an unrelated story's stored text: verify names the article, exit 2."""
    ((text,),) = sql(ledger, "SELECT text FROM articles WHERE id = 'story-2'")
    assert isinstance(text, str)
    needle = text[100:140].encode("utf-8")
    digit = next(k for k, ch in enumerate(needle) if chr(ch).isdigit())
    flip_once(ledger, needle, digit, ord("0") if needle[digit] != ord("0") else ord("1"))
    assert "ok" == sql(ledger, "PRAGMA integrity_check")[0][0]  # SQLite sees nothing wrong
    with Ledger.open(ledger, readonly=True) as opened:
        problems = opened.verify()
    assert ["article 'story-2': its text does not match its digest (text or digest damaged)"] == problems
    result = run("verify", "--db", str(ledger))
    assert 2 == result.returncode
    assert f"provenance: {ledger}: {problems[0]}" == result.stderr.splitlines()[0]
    assert "provenance salvage" in result.stderr.splitlines()[-1]


def test_a_flipped_byte_in_a_fingerprint_is_found(ledger: Path) -> None:
    """One byte of a stored MinHash value changed: verify says the fingerprint is not its text's."""
    ((blob,),) = sql(
        ledger, "SELECT f.hashvalues FROM fingerprints f JOIN articles a USING (seq) WHERE a.id = 'story-5'"
    )
    assert isinstance(blob, bytes)
    flip_once(ledger, blob[:64], 17, blob[17] ^ 0x40)
    with Ledger.open(ledger, readonly=True) as opened:
        problems = opened.verify()
    assert ["article 'story-5': its fingerprint is not the one its text makes (damaged)"] == problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("span", "a passage (0, 999999) lies outside the text of"),
        ("json", "is damaged"),
        ("order", "its pair is not in the stored order"),
        ("field", "its record is damaged (KeyError"),
    ],
)
def test_a_damaged_match_record_is_found(ledger: Path, change: str, expected: str) -> None:
    """A match record whose passage overruns its text, or that does not parse, is reported."""
    ((a, b, text),) = sql(ledger, "SELECT a, b, record FROM matches ORDER BY a, b LIMIT 1")
    assert isinstance(text, str)
    record = json.loads(text)
    if change == "span":
        record["passages"][0]["a"] = [0, 999_999]
        value = json.dumps(record)
    elif change == "json":
        value = text[: len(text) // 2]
    elif change == "order":
        record["a"], record["b"] = record["b"], record["a"]
        sql(ledger, "UPDATE matches SET a = ?, b = ? WHERE a = ? AND b = ?", (b, a, a, b))
        a, b = b, a
        value = json.dumps(record)
    else:
        del record["relation"]
        value = json.dumps(record)
    sql(ledger, "UPDATE matches SET record = ? WHERE a = ? AND b = ?", (value, a, b))
    with Ledger.open(ledger, readonly=True) as opened:
        problems = opened.verify()
    assert 1 == len(problems), problems
    assert expected in problems[0]
    assert repr(a) in problems[0]


@pytest.mark.parametrize(
    "value",
    [
        "not json at all",
        "[128, 5]",
        '{"num_perm": "many"}',
        '{"num_perm": 3000000000000}',
        '{"num_perm": 128, "colour": "blue"}',
        '{"num_perm": 128, "method": "magic"}',
        '{"num_perm": 0}',
        "[" * 100_000,
    ],
)
def test_a_damaged_config_row_is_one_clear_error(ledger: Path, value: str) -> None:
    """Whatever the config row holds, reading and writing commands give one line and exit 2."""
    sql(ledger, "UPDATE meta SET value = ? WHERE key = 'config'", (value,))
    with pytest.raises(LedgerCorruptError, match="config row is damaged"):
        Ledger.open(ledger, readonly=True)
    for command in (["stats"], ["verify"], ["ingest", "-"]):
        result = run(*command, "--db", str(ledger))
        assert 2 == result.returncode, result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith("provenance: error: ")
        assert "config row is damaged" in line


def test_a_config_that_disagrees_with_its_fingerprints_is_found(ledger: Path) -> None:
    """A config of 64 values over fingerprints of 128: check refuses in one line, verify lists each."""
    ((value,),) = sql(ledger, "SELECT value FROM meta WHERE key = 'config'")
    assert isinstance(value, str)
    forged = value.replace('"num_perm": 128', '"num_perm": 64')
    sql(ledger, "UPDATE meta SET value = ? WHERE key = 'config'", (forged,))
    article = '{"id": "x", "text": "The minister met the envoy in Baku on Tuesday to discuss the vote."}\n'
    result = run("check", "-", "--db", str(ledger), stdin=article)
    assert 2 == result.returncode
    (line,) = result.stderr.splitlines()
    assert "its fingerprint holds 128 values, the ledger's config 64" in line
    with Ledger.open(ledger, readonly=True) as opened:
        problems = opened.verify()
    assert 12 == sum("holds 128 values" in p for p in problems)


# damaged pages: verify reports, salvage copies out what can be read --------------------------------


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def readable(path: Path, seqs: int) -> dict[str, str]:
    """An oracle in plain sqlite3: each article row that reads whole and matches its digest, id to text."""
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    found = {}
    try:
        for seq in range(1, seqs + 1):
            try:
                rows = db.execute("SELECT id, text, digest FROM articles WHERE seq = ?", (seq,)).fetchall()
            except sqlite3.Error:
                continue
            found.update((k, text) for k, text, sha in rows if isinstance(text, str) and sha1(text) == sha)
    finally:
        db.close()
    return found


def test_damaged_pages_are_reported_and_what_can_be_read_is_salvaged(tmp_path: Path) -> None:
    """Three pages of article rows overwritten: verify lists damage, salvage copies every readable article."""
    path = tmp_path / "damaged.db"
    with Ledger.open(path) as opened:
        opened.ingest(feed(150, seed=3))
        before = {s.article.id: s.article.text for s in opened.store.articles()}
        matches_before = {(m.a, m.b) for m in opened.matches()}
    leaves = [
        int(page)  # type: ignore[call-overload]
        for (page,) in sql(path, "SELECT pageno FROM dbstat WHERE name = 'articles' AND pagetype = 'leaf'")
    ]
    rng = random.Random(11)
    data = bytearray(path.read_bytes())
    for page in rng.sample(leaves[1:-1], 3):
        data[(page - 1) * 4096 : page * 4096] = rng.randbytes(4096)
    path.write_bytes(bytes(data))
    damaged = hashlib.sha256(bytes(data)).hexdigest()

    result = run("verify", "--db", str(path))
    assert 2 == result.returncode
    assert "Traceback" not in result.stderr
    assert "problem(s); copy out what can still be read" in result.stderr.splitlines()[-1]

    expected = readable(path, len(before))
    assert 0 < len(expected) < len(before)  # the damage took some articles, not all
    dest = tmp_path / "salvaged.db"
    result = run("salvage", str(path), str(dest))
    assert 1 == result.returncode, result.stderr  # something was lost
    assert result.stdout.startswith(f"{len(expected)} articles and ")
    assert damaged == hashlib.sha256(path.read_bytes()).hexdigest()  # the source was only read
    with Ledger.open(dest, readonly=True) as copy:
        assert [] == copy.verify()
        got = {s.article.id: s.article.text for s in copy.store.articles()}
        kept_matches = {(m.a, m.b) for m in copy.matches()}
    assert expected == got
    assert {k: before[k] for k in got} == got
    assert {(a, b) for a, b in matches_before if a in got and b in got} == kept_matches


def test_salvage_of_a_sound_ledger_is_a_copy(ledger: Path, tmp_path: Path) -> None:
    """Salvaging a sound ledger copies everything, and checking against the copy gives the same verdicts."""
    dest = tmp_path / "copy.db"
    report = salvage(ledger, dest)
    assert (0, 0, ()) == (report.lost_articles, report.lost_matches, report.problems)
    with Ledger.open(ledger, readonly=True) as a, Ledger.open(dest, readonly=True) as b:
        assert a.stats() == b.stats()
        assert a.matches() == b.matches()
        assert [s.article for s in a.store.articles()] == [s.article for s in b.store.articles()]
        probe = next(s.article for s in a.store.articles() if s.article.id.startswith("copy-"))
        assert a.check(probe) == b.check(probe)
    again = run("salvage", str(ledger), str(dest))
    assert 2 == again.returncode
    assert "already exists" in again.stderr


def test_a_ledger_of_another_cleaner_is_refused_and_salvage_carries_it_over(
    ledger: Path, tmp_path: Path
) -> None:
    """A ledger whose stories an older cleaner made: ingest and check refuse it in one line naming salvage
    (and leave it as it was); salvage copies it into a ledger of this version, which takes the same feed
    as unchanged and checks an article as a new ledger of that feed does."""
    older = str(int(CLEANER_VERSION) - 1)
    ((value,),) = sql(ledger, "SELECT value FROM meta WHERE key = 'config'")
    assert isinstance(value, str)
    config = json.loads(value)
    config["cleaner"] = older
    sql(ledger, "UPDATE meta SET value = ? WHERE key = 'config'", (json.dumps(config),))
    before = sql(ledger, "SELECT count(*) FROM articles")
    article = '{"id": "x", "text": "The minister met the envoy in Baku on Tuesday to discuss the vote."}\n'
    for command in (["check", "-"], ["ingest", "-"]):
        result = run(*command, "--db", str(ledger), stdin=article)
        assert 2 == result.returncode, result.stderr
        (line,) = result.stderr.splitlines()
        assert f"written with cleaner {older!r}" in line
        assert f"'provenance salvage {ledger} NEW'" in line
    assert before == sql(ledger, "SELECT count(*) FROM articles")
    dest = tmp_path / "carried.db"
    result = run("salvage", str(ledger), str(dest))
    assert 0 == result.returncode, result.stderr
    assert "the matches copied as they were judged" in result.stderr
    fresh = tmp_path / "fresh.db"
    with Ledger.open(dest) as carried, Ledger.open(fresh) as new:
        assert CLEANER_VERSION == carried.config.cleaner
        assert [] == carried.verify()
        articles = feed(12, seed=4)
        assert len(articles) == carried.ingest(articles).unchanged
        new.ingest(articles)
        probe = next(a for a in articles if a.id.startswith("copy-"))
        assert new.check(probe) == carried.check(probe)
        assert new.check(probe).matches
