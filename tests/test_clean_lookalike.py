"""Look-alike letters: the table comes from Unicode's confusables data; text in its own script stays."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import clean
from provenance.clean._confusables import LOOKALIKES, UNICODE_VERSION

ROOT = Path(__file__).resolve().parent.parent

# the hand-written table that came before the data (59 entries), to show what the data adds
BEFORE = (
    "авекорсухѕіјԁԛԝӏһүАВЕКМНОРСТХУЅІЈҮԚԜ"  # Cyrillic
    "αονικρυχεΑΒΕΖΗΙΚΜΝΟΡΤΥΧ"  # Greek
)

RUSSIAN = "Министерство финансов сообщило в среду о росте доходов бюджета и о новых налогах."
GREEK = "Η κυβέρνηση ανακοίνωσε ότι ο νέος νόμος θα ψηφιστεί από τη Βουλή την Πέμπτη."
ARMENIAN = "Հայաստանի կառավարությունը որոշում է ընդունել, և նախարարը ու փոխնախարարը համաձայն են։"
OWN_SCRIPT_WORDS = [
    *RUSSIAN.rstrip(".").split(),
    *GREEK.rstrip(".").split(),
    *ARMENIAN.rstrip("։").replace(",", "").split(),
    "о",
    "с",
    "а",
    "ու",
    "ο",
]


def _cyrillic_or_greek(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CYRILLIC", "GREEK"))


def test_a_word_disguised_with_cyrillic_and_armenian_letters_cleans_to_the_word() -> None:
    """'Ministry' spelt with Cyrillic i (U+0456) and Armenian vo (U+0578) cleans to 'Ministry'."""
    assert "The Ministry said." == clean("The M\u0456\u0578\u0456stry said.").text


def test_the_data_adds_26_cyrillic_and_greek_look_alikes() -> None:
    """The data has 26 Cyrillic and Greek look-alikes that the hand-written table missed."""
    added = sorted(ch for ch in LOOKALIKES if _cyrillic_or_greek(ch) and ch not in BEFORE)
    assert 26 == len(added)
    assert 59 == len(BEFORE)
    assert "15.1.0" == UNICODE_VERSION


def test_each_look_alike_the_data_adds_is_mapped_inside_a_latin_word() -> None:
    """Each letter the data adds (Cyrillic, Greek, Armenian, Cherokee) reads as its Latin letter in a word."""
    added = [ch for ch in LOOKALIKES if ch not in BEFORE and unicodedata.category(ch)[0] == "L"]
    # a letter that NFKC turns into another (Greek lunate sigma symbol into sigma) never reaches the table
    added = [ch for ch in added if unicodedata.normalize("NFKC", ch) == ch]
    assert len(added) > 60  # Armenian and Cherokee among them
    for ch in added:
        letter = LOOKALIKES[ch]
        word = "stor" + ch + "es" if letter.islower() else "Stor" + ch + "ES"
        assert word.replace(ch, letter) == clean(f"The {word} ended.").text.split()[1], unicodedata.name(ch)


@pytest.mark.parametrize("text", [RUSSIAN, GREEK, ARMENIAN])
def test_text_in_its_own_script_is_not_rewritten(text: str) -> None:
    """Russian, Greek and Armenian sentences keep every letter (but for NFKC and Greek accents)."""
    unaccented = "".join(ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) != "Mn")
    assert unicodedata.normalize("NFKC", unaccented) == clean(text).text


@given(st.sampled_from([RUSSIAN, GREEK, ARMENIAN]), st.lists(st.sampled_from(OWN_SCRIPT_WORDS), max_size=12))
def test_words_in_their_own_script_never_become_latin(sentence: str, words: list[str]) -> None:
    """However Russian, Greek and Armenian words are added to such a text, no Latin letter appears."""
    story = clean(sentence + " " + " ".join(words) + ".")
    assert not any(ch.isascii() and ch.isalpha() for ch in story.text)


@pytest.mark.skipif(
    importlib.util.find_spec("confusable_homoglyphs") is None, reason="confusable-homoglyphs is not installed"
)
def test_the_generated_table_is_what_the_data_gives() -> None:
    """tools/confusables.py --check: the committed module is the one the pinned data makes."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "confusables.py"), "--check"],
        check=False,
        capture_output=True,
        text=True,
    )
    assert 0 == result.returncode, result.stderr
