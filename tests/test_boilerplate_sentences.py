"""The sentence splitter: a period after an abbreviation or an initial does not end a sentence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance import Article, clean, compare
from provenance.boilerplate import ABBREVIATIONS, units
from provenance.compare import is_copy


def _words(text: str) -> list[tuple[str, ...]]:
    return [w for _, _, w in units(clean(text))]


def test_titles_months_numbers_initials_and_companies_do_not_end_a_sentence() -> None:
    """Mr., Dr., Feb., No., St., J., U.S., Inc. and Corp. stay inside their sentence."""
    text = (
        "Mr. Smith and Dr. Jones met J. Lee of Acme Inc. and Widget Corp. at No. 10 "
        "Downing St. on Feb. 6 with U.S. officials. The talks ended."
    )
    assert 2 == len(_words(text))
    assert ("the", "talks", "ended") == _words(text)[1]


def test_other_sentence_ends_still_split() -> None:
    """A full stop after a word, a number or p.m., and ! and ?, end sentences as before."""
    text = "The talks ended. They resume on 6 May. At 5 p.m. The minister left! Why? Nobody said."
    assert 6 == len(_words(text))


_NAME = st.sampled_from(["Smith", "Aliyev", "Petersburg", "Lee", "Acme", "Baku", "Jones"])
_WORD = st.sampled_from(["the", "minister", "met", "envoys", "in", "talks", "on", "said", "new"])


@given(
    st.lists(
        st.tuples(st.lists(_WORD, min_size=1, max_size=4), st.sampled_from(ABBREVIATIONS), _NAME),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from("ABCDEFGHJKLMNOPRSTUVWZ"),
)
def test_a_sentence_with_abbreviations_is_one_unit(
    parts: list[tuple[list[str], str, str]], initial: str
) -> None:
    """Words, then abbreviations and initials each before a capitalised name: one sentence, one unit."""
    body = " ".join(f"{' '.join(words)} {abbreviation}. {name}" for words, abbreviation, name in parts)
    sentence = f"The {body} and {initial}. {parts[0][2]} agreed."
    assert 1 == len(_words(sentence))


SHARED = (
    "Mr. Jamshid Karimov, the deputy minister, told Dr. Anna Weber on Feb. 6 that No. 4 pipeline at "
    "St. Petersburg would carry gas to U.S. buyers of Gazprom Inc. from spring."
)


def test_a_pair_that_shares_one_sentence_with_abbreviations_is_no_copy() -> None:
    """A shared sentence cut at its abbreviations counted as several; as one sentence it is a quotation."""
    a = Article(
        id="a",
        text=(
            "The energy ministry announced a new export plan on Tuesday. "
            + SHARED
            + " The plan must still be approved by parliament. Officials expect a vote in March."
        ),
    )
    b = Article(
        id="b",
        text=(
            "Farmers in the south reported a record wheat harvest this year. "
            + SHARED
            + " Storage capacity will be expanded before winter. Exports of grain rose by a fifth."
        ),
    )
    match = compare(a, b)
    assert 1 == match.shared
    assert not is_copy(match)
