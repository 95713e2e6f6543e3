"""Properties that hold for any input (issue #7): scores, cleaning, reading, ingesting, disguised copies.

Hypothesis generates the inputs; under CI the "ci" profile of ``conftest.py``
derandomises it, so every run tries the same examples. Counter-examples that
Hypothesis found and shrank are kept with ``@example`` so that they run every time.
"""

from __future__ import annotations

import json
import random
import tempfile
from pathlib import Path

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from provenance import Article, clean, compare, fingerprint, read, scan
from provenance.errors import EmptyStoryError
from provenance.ledger import Ledger
from test_hostile import DISGUISES

LATIN = "abcdefghijklmnopqrstuvwxyz"
TRICKY = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u202e\u2066\x00\x07\x1b\x7f\x9f\u00a0\u2009\u3000"
    "\r\n\t\x0b\x0c\u2028\u2029-\u2010\u2014\u2019\u201c\u0301\u0327"
    "\u0430\u0435\u043e\u0441\u0440\u0445\u03b1\u03bf\u03bd\uff21\uff41\ufb01\u2460&;#"
)
SOME_WORDS = 40

words = st.text(alphabet=LATIN, min_size=1, max_size=9)
sentences = st.lists(words, min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
stories = st.lists(sentences, min_size=1, max_size=6).map(" ".join)
hostile = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(TRICKY), st.sampled_from(LATIN + " .")))
ids = st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30)


def story_or_none(text: str) -> bool:
    try:
        clean(text)
    except EmptyStoryError:
        return False
    return True


# scores ------------------------------------------------------------------------------------------


@given(a=st.one_of(stories, hostile), b=st.one_of(stories, hostile))
@settings(max_examples=120)
def test_similarity_is_in_the_unit_interval_and_symmetric(a: str, b: str) -> None:
    """Exact and estimated scores lie in [0, 1], and swapping the two texts swaps nothing but direction."""
    assume(story_or_none(a) and story_or_none(b))
    x, y = Article(id="x", text=a), Article(id="y", text=b)
    ab, ba = compare(x, y), compare(y, x)
    for score in (ab.jaccard, ab.containment_ab, ab.containment_ba, ab.coverage_a, ab.coverage_b):
        assert 0.0 <= score <= 1.0
    assert (ab.jaccard, ab.containment_ab, ab.containment_ba) == (
        ba.jaccard,
        ba.containment_ba,
        ba.containment_ab,
    )
    fa, fb = fingerprint(x), fingerprint(y)
    assert 0.0 <= fa.jaccard(fb) <= 1.0
    assert fa.jaccard(fb) == fb.jaccard(fa)


@given(text=st.one_of(stories, hostile))
@settings(max_examples=120)
def test_identical_texts_score_one(text: str) -> None:
    """A text compared with itself is identical, with every score 1, and its fingerprints agree fully."""
    assume(story_or_none(text))
    match = compare(Article(id="x", text=text), Article(id="y", text=text))
    assert ("identical", 1.0, 1.0, 1.0) == (
        match.relation,
        match.jaccard,
        match.containment_ab,
        match.containment_ba,
    )
    assert 1.0 == fingerprint(text).jaccard(fingerprint(text))


# cleaning ----------------------------------------------------------------------------------------


@given(text=hostile)
@settings(max_examples=300)
@example(text="\ud800 Baku")
@example(text="a\u0301\u200b\u0327b")
# found by fuzz_clean, shrunk: mapping a mixed word makes the text "mostly Latin" only on the second pass
@example(text="\u041caa \u0430")
# found by fuzz_clean, shrunk: the last menu entry is 30 letters only once the line's edge blank is gone
@example(text="a\n|b\n|" + "x" * 30 + "\n")
def test_cleaning_never_crashes_and_is_idempotent(text: str) -> None:
    """Any text (controls, surrogates, look-alikes) cleans or raises EmptyStoryError; twice is once."""
    try:
        story = clean(text)
    except EmptyStoryError:
        return
    assert len(story.text) == len(story.offsets)
    assert story.text == clean(story.text).text


lines = st.lists(
    st.tuples(st.one_of(sentences, words, stories), st.sampled_from(["\n", "\n\n", " ", "\n\n\n"])),
    min_size=1,
    max_size=8,
).map(lambda parts: "".join(line + end for line, end in parts))
blanks = st.text(alphabet=" \n\t\r", max_size=6)


def _story_of(text: str) -> tuple[str, list[tuple[str, str]]] | None:
    """A text's story and its regions' kinds and texts (where they lie moves with the text), or None."""
    try:
        story = clean(text)
    except EmptyStoryError:
        return None
    return story.text, [(r.kind, r.text) for r in story.regions]


@given(text=st.one_of(lines, hostile), before=blanks, after=blanks)
@settings(max_examples=300)
# found in the impresso reprints: a trailing blank line made single line breaks read as hard wraps
@example(text="One line ends here.\nAnother line ends here.\nA third one.", before="", after="\n\n")
@example(text='"\r0', before="", after="\n\n")
def test_blank_lines_and_spaces_at_the_edges_change_no_story(text: str, before: str, after: str) -> None:
    """A text with blank lines or spaces around it (a file's last newline, a feed's padding): one story."""
    assert _story_of(text) == _story_of(before + text + after)


# reading and ingesting twice ----------------------------------------------------------------------

records = st.lists(
    st.fixed_dictionaries(
        {"id": ids, "text": st.one_of(stories, hostile.filter(lambda t: "\ud800" > t[:1]))}
    ),
    min_size=1,
    max_size=6,
    unique_by=lambda r: r["id"],
)


def _encodable(recs: list[dict[str, str]]) -> bool:
    try:
        for r in recs:
            r["text"].encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@given(recs=records)
@settings(max_examples=80)
def test_reading_twice_gives_the_same_articles(recs: list[dict[str, str]]) -> None:
    """A JSON Lines feed read twice gives equal articles, with the ids and texts as written."""
    assume(_encodable(recs))
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "feed.jsonl"
        feed.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        first, second = list(read(feed)), list(read(feed))
    assert first == second
    assert [(r["id"], r["text"]) for r in recs] == [(a.id, a.text) for a in first]


@given(recs=records)
@settings(max_examples=25)
def test_ingesting_twice_changes_nothing(recs: list[dict[str, str]]) -> None:
    """Ingesting the same articles twice into a ledger leaves the second ingest with nothing to do."""
    assume(_encodable(recs))
    articles = [Article(id=r["id"], text=r["text"]) for r in recs if story_or_none(r["text"])]
    assume(articles)
    with tempfile.TemporaryDirectory() as folder, Ledger.open(Path(folder) / "ledger.db") as ledger:
        first = ledger.ingest(articles)
        counts = ledger.store.counts()
        matches = sorted((m.a, m.b, m.relation) for m in ledger.matches())
        again = ledger.ingest(articles)
        assert (0, 0, first.added + first.revisions) == (again.added, again.revisions, again.unchanged)
        assert counts == ledger.store.counts()
        assert matches == sorted((m.a, m.b, m.relation) for m in ledger.matches())


# disguised copies ----------------------------------------------------------------------------------


@given(
    text=stories.filter(lambda t: len(t.split()) >= 8),
    kind=st.sampled_from(sorted(DISGUISES)),
    seed=st.integers(0, 2**16),
)
@settings(max_examples=150)
# shrunk by Hypothesis: look-alikes as many as Latin letters leave whole look-alike words unmapped
@example(text="A a a a a a a a.", kind="Cyrillic look-alikes, half", seed=0)
def test_a_disguised_verbatim_copy_is_found(text: str, kind: str, seed: int) -> None:
    """A story and its disguised copy make one pair, identical, whatever the disguise."""
    disguised = DISGUISES[kind](text, random.Random(seed))
    found = scan([Article(id="story", text=text), Article(id="copy", text=disguised)])
    assert [("story", "copy", "identical")] == [(m.a, m.b, m.relation) for m in found]
