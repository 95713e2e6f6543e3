"""What makes two records one article in the ledger: feed data cannot forge a revision or shadow one."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds import feed, story
from provenance import Article, InputError
from provenance.fingerprint import fingerprint
from provenance.ledger import Ledger, digest, is_revision_id
from provenance.ledger.store import Stored

UPDATE = "\n\nOfficials added on Wednesday that the talks would resume in March in Vienna."


def victim() -> Article:
    """A wire story with an id, a url and an outlet."""
    (first,) = (a for a in feed(1))
    return first


@pytest.mark.parametrize(
    ("outlet", "text"),
    [
        ("Other Paper", "unrelated"),  # another outlet, another story
        ("Wire Agency", "unrelated"),  # the same outlet named, but no story text in common
        ("Other Paper", "same"),  # the victim's very text, under another outlet
        (None, "same"),  # no outlet at all: a url alone
        (None, "edited"),
    ],
)
def test_a_record_reusing_a_url_is_stored_as_itself(tmp_path: Path, outlet: str | None, text: str) -> None:
    """A record that takes another article's url is stored under its own id, never as a revision of it."""
    original = victim()
    body = {
        "unrelated": story(random.Random(99)),
        "same": original.text,
        "edited": original.text + UPDATE,
    }[text]
    forged = Article(id="forged", url=original.url, outlet=outlet, text=body)
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest([original])
        report = ledger.ingest([forged])
        stored = ledger.store.get("forged")
        kept = ledger.store.get(original.id)
    assert (1, 0, 0) == (report.added, report.revisions, report.unchanged)
    assert stored is not None
    assert (forged, None) == (stored.article, stored.revision_of)
    assert kept is not None
    assert original == kept.article


def test_same_url_outlet_and_shared_text_is_a_revision(tmp_path: Path) -> None:
    """An update under a new id, at the same url from the same outlet, sharing the story: a revision."""
    original = victim()
    update = attrs.evolve(original, id="new-feed-id", text=original.text + UPDATE)
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest([original])
        report = ledger.ingest([update])
        (stored,) = [s for s in ledger.store.articles() if s.revision_of]
    assert (0, 1) == (report.added, report.revisions)
    assert f"{original.id}@{digest(update.text)[:12]}" == stored.article.id
    assert (original.id, update.text) == (stored.revision_of, stored.article.text)


def test_the_same_id_is_trusted_whatever_the_text(tmp_path: Path) -> None:
    """An id is the feed's own key: a new text under it is a revision, shared text or not."""
    original = victim()
    rewritten = attrs.evolve(original, text=story(random.Random(7)))
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest([original])
        report = ledger.ingest([rewritten])
    assert (0, 1) == (report.added, report.revisions)


@pytest.mark.parametrize("digits", [12, 40])
def test_a_planted_revision_id_is_refused_and_the_real_one_stored(tmp_path: Path, digits: int) -> None:
    """An id ``story@<hex of the next text>`` is refused; the real revision then arrives and is stored."""
    original = victim()
    update = attrs.evolve(original, text=original.text + UPDATE)
    planted = Article(
        id=f"{original.id}@{digest(update.text)[:digits]}", outlet="Forger", text=story(random.Random(5))
    )
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest([original])
        with pytest.raises(InputError, match="names for revisions"):
            ledger.ingest([planted])
        skipped: list[InputError] = []
        report = ledger.ingest([planted, update], skip_bad=True, errors=skipped)
        revision = ledger.store.get(f"{original.id}@{digest(update.text)[:12]}")
    assert (1, 1, 0) == (report.skipped, report.revisions, report.unchanged)
    assert [planted.id] == [e.args[0].split("'")[1] for e in skipped]
    assert revision is not None
    assert (update.text, original.id) == (revision.article.text, revision.revision_of)


def test_a_revision_id_taken_by_another_text_gets_the_whole_digest(tmp_path: Path) -> None:
    """Should a stored row hold a revision's 12-digit id with another text, the revision takes 40 digits."""
    original = victim()
    update = attrs.evolve(original, text=original.text + UPDATE)
    short = f"{original.id}@{digest(update.text)[:12]}"
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest([original])
        # a row written past the feed checks (an older ledger, or a hand edit) under the short id
        with ledger.store.write():
            other = Article(id=short, text=story(random.Random(3)))
            ledger.store.add(Stored(seq=0, article=other, digest=digest(other.text)), fingerprint(other.text))
        first = ledger.ingest([update])
        again = ledger.ingest([update])
        taken = ledger.store.get(short)
    assert (1, 0) == (first.revisions, first.unchanged)
    assert (0, 1) == (again.revisions, again.unchanged)
    assert taken is not None
    assert other.text == taken.article.text


def test_revision_ids_are_recognised() -> None:
    """The revision form is '@' and exactly 12 or 40 lowercase hex digits at the end of an id."""
    assert is_revision_id("a@" + "0" * 12)
    assert is_revision_id("a@b@" + "f" * 40)
    for key in ("a@" + "0" * 11, "a@" + "0" * 13, "a@" + "A" * 12, "user@example.org", "a" + "0" * 12):
        assert not is_revision_id(key), key


@settings(max_examples=20, deadline=None)
@given(
    victim_at=st.integers(0, 9),
    outlet=st.sampled_from(["copy", "other", "none"]),
    seed=st.integers(0, 10**6),
    share=st.booleans(),
)
def test_no_forged_record_becomes_a_revision(victim_at: int, outlet: str, seed: int, share: bool) -> None:
    """Any record with a stored article's url, but not its id nor its outlet and story, is added as itself."""
    articles = [a for a in feed(30) if a.url][:10]
    target = articles[victim_at]
    rng = random.Random(f"forger-{seed}")  # never the feed's own sequence
    body = target.text + UPDATE if share and outlet != "copy" else story(rng)
    forged = Article(
        id=f"forged-{seed}",
        url=target.url,
        outlet={"copy": target.outlet, "other": "Forger", "none": None}[outlet],
        text=body,
    )
    with tempfile.TemporaryDirectory() as folder, Ledger.open(Path(folder) / "l.db") as ledger:
        ledger.ingest(articles)
        report = ledger.ingest([forged])
        stored = ledger.store.get(forged.id)
        assert (1, 0) == (report.added, report.revisions)
        assert stored is not None
        assert stored.revision_of is None
        assert [a.text for a in articles] == [s.article.text for s in ledger.store.articles()][:10]
