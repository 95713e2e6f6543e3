"""Tests for provenance.clean: story text, offset map and set-aside regions."""

from __future__ import annotations

import string
import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from provenance.clean import MAX_MARKS, Story, clean
from provenance.clean._regions import _FOOTER_MAX
from provenance.errors import EmptyStoryError, InputError

FAST = settings(max_examples=200, derandomize=True, deadline=None, database=None)

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"

BODY = "The talks between the two ministers ended on Tuesday.\n\nThe next round will be held in Ankara."

DISCLAIMER = (
    "MENAFN provides the information \u201cas is\u201d without warranty of any kind. We do not "
    "accept any responsibility or liability for the accuracy, content, images, videos, "
    "licenses, completeness, legality, or reliability of the information contained in this "
    "article. If you have any complaints or copyright issues related to this article, kindly "
    "contact the provider above. The views expressed are those of the author and do not "
    "necessarily reflect the views of MENAFN or of its partners."
)

MENAFN = " date 2024-02-07 (MENAFN- Trend News Agency) BAKU, Azerbaijan, February 6. The talks ended."


def without_invisibles(s: str) -> str:
    return "".join(ch for ch in s if ch not in ZERO_WIDTH)


# invisible characters --------------------------------------------------------------


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",  # zero-width space
        "\u200c",  # zero-width non-joiner
        "\u200d",  # zero-width joiner
        "\u2060",  # word joiner
        "\ufeff",  # byte-order mark / zero-width no-break space
        "\u00ad",  # soft hyphen
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        "\u202a",  # left-to-right embedding
        "\u202c",  # pop directional formatting
        "\u2066",  # left-to-right isolate
        "\u2069",  # pop directional isolate
        "\x00",  # NUL
        "\x07",  # bell
        "\x1b",  # escape
        "\x7f",  # delete
        "\x9f",  # C1 control
        "\ufe0f",  # variation selector 16
        "\u034f",  # combining grapheme joiner
        "\U000e0041",  # tag letter A
    ],
)
def test_invisible_character_inside_a_word_is_dropped(invisible: str) -> None:
    """A word disguised with an invisible character between every letter cleans to the plain word."""
    source = "Talks in " + invisible.join("Baku") + " ended."
    assert "Talks in Baku ended." == clean(source).text


def test_mixed_invisible_characters_are_all_dropped() -> None:
    """A word disguised with several kinds of invisible characters at once cleans to the plain word."""
    source = "\ufeffB\u200ba\u00adk\u202cu\x00 \u2060talks\u200d"
    assert "Baku talks" == clean(source).text


# Unicode normalisation ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("\uff22\uff41\uff4b\uff55", "Baku"),  # fullwidth letters
        ("the \ufb01nal round", "the final round"),  # fi ligature
        ("an \ufb00ort", "an ffort"),  # ff ligature
        ("10\u00a0km", "10 km"),  # no-break space
        ("10\u202fkm", "10 km"),  # narrow no-break space
        ("10\u3000km", "10 km"),  # ideographic space
        ("10\u2009km", "10 km"),  # thin space
        ("cafe\u0301 au lait", "cafe au lait"),  # decomposed accent folded
        ("Baku\uff0e", "Baku."),  # fullwidth full stop
    ],
)
def test_nfkc_folds_compatibility_forms(source: str, expected: str) -> None:
    """Compatibility forms (fullwidth, ligatures, odd spaces, decomposed accents) fold to plain text."""
    assert expected == clean(source).text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("\u201cWe agreed,\u201d he said.", '"We agreed," he said.'),
        ("the minister\u2019s visit", "the minister's visit"),
        ("\u2018yes\u2019 or no", "'yes' or no"),
        ("\u201equote\u201c here", '"quote" here'),
        ("\u00abnon\u00bb here", '"non" here'),
        ("2020\u20132024", "2020-2024"),
        ("talks\u2014at last\u2014ended", "talks-at last-ended"),
        ("minus \u22125 degrees", "minus -5 degrees"),
        ("non\u2011breaking hyphen", "non-breaking hyphen"),
    ],
)
def test_quotes_and_dashes_fold_to_ascii(source: str, expected: str) -> None:
    """Curly quotes, guillemets and typographic dashes fold to their ASCII forms."""
    assert expected == clean(source).text


# look-alike letters -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("B\u0430ku", "Baku"),  # Cyrillic a inside a Latin word
        ("Talks in B\u0430k\u0443 ended.", "Talks in Baky ended."),  # Cyrillic a and u (looks like y)
        ("\u0420resident \u0410liyev spoke.", "President Aliyev spoke."),  # Cyrillic capitals
        ("\u0391thens and \u03a1aris", "Athens and Paris"),  # Greek capitals
        ("This is \u0430 test of the system.", "This is a test of the system."),  # lone Cyrillic a
        ("He met \u0421\u041e\u0420 officials.", "He met COP officials."),  # whole look-alike word
    ],
)
def test_lookalike_letters_in_latin_text_map_to_latin(source: str, expected: str) -> None:
    """Cyrillic and Greek look-alikes in Latin words, or alone in a Latin text, map to Latin letters."""
    assert expected == clean(source).text


@pytest.mark.parametrize(
    "source",
    [
        "Министр иностранных дел",
        "Министр встретился с послом и журналистами.",  # a lone look-alike "с" that is Russian
        "Ο υπουργός μίλησε με τον πρέσβη.",  # Greek, with a lone omicron
    ],
)
def test_genuine_cyrillic_and_greek_text_is_unchanged(source: str) -> None:
    """Russian and Greek keep their letters (accents folded), even words made only of look-alikes."""
    unaccented = "".join(ch for ch in unicodedata.normalize("NFD", source) if not unicodedata.combining(ch))
    assert unaccented == clean(source).text


# accents, mark runs and bidirectional controls (issue 14) ---------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Zu\u0308rich and Ge\u0301ne\u0300ve", "Zurich and Geneve"),  # decomposed accents
        ("Z\u00fcrich and Gen\u00e8ve", "Zurich and Geneve"),  # composed accents
        ("Ba\u0301ku\u0301 ta\u0301lks", "Baku talks"),  # an accent after every vowel
        ("B\u0336a\u0336k\u0336u\u0336 talks", "Baku talks"),  # a long stroke after every letter
        ("B\u0334a\u0335k\u0337u\u0338", "Baku"),  # overlays of every kind
        ("Ba\u0300\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308\u0309ku", "Baku"),  # a stack
        ("B\u20dda\u20de talks", "Ba talks"),  # enclosing circle and square
        ("Baku 2\u03360\u03362\u03364", "Baku 2024"),  # marks on digits
        ("\u0401\u0436 \u0439", "\u0415\u0436 \u0438"),  # Cyrillic: \u0401 as \u0415, \u0439 as \u0438
        ("\u0391\u03b8\u03ae\u03bd\u03b1", "\u0391\u03b8\u03b7\u03bd\u03b1"),  # Greek tonos
        ("\u0301Baku", "Baku"),  # a mark on nothing
    ],
)
def test_accents_and_mark_runs_are_folded_for_matching(source: str, expected: str) -> None:
    """Accents, strokes, overlays and stacks on Latin, Greek or Cyrillic letters are not part of the story."""
    assert expected == clean(source).text


def test_marks_of_another_script_are_kept_up_to_a_run_limit() -> None:
    """Devanagari vowel signs and Hebrew points stay; a stack is cut, a generic accent dropped."""
    assert "\u0928\u092e\u0938\u094d\u0924\u0947" == clean("\u0928\u092e\u0938\u094d\u0924\u0947").text
    shalom = "\u05e9\u05c1\u05b8\u05dc\u05d5\u05b9\u05dd"
    assert unicodedata.normalize("NFKC", shalom) == clean(shalom).text
    stacked = "\u05e9" + "\u05b8\u05b9\u05bb\u05bc\u05c1\u05c2" * 3 + "\u0301\u05dd"
    cleaned = clean(stacked).text
    assert (MAX_MARKS, "\u05dd") == (len(cleaned) - 2, cleaned[-1])
    assert "\u0301" not in cleaned


def test_an_accent_folded_away_is_still_in_the_source_span() -> None:
    """The source span of a word whose accents were folded covers the word with its marks."""
    source = "Talks in Ba\u0301ku\u0336 ended."
    story = clean(source)
    start = story.text.index("Baku")
    assert "Ba\u0301ku\u0336" == source[slice(*story.span(start, start + 4))]


@pytest.mark.parametrize(
    "source",
    [
        "\u202e.dedne sklat ehT",  # a line stored backwards behind a right-to-left override
        "\u202e.dedne sklat ehT\u202c",  # ... and closed
        "\u202b\u202e.dedne sklat ehT\u202c\u202c",  # ... inside an embedding
        "The talks ended.\u202a\u202c",  # an empty embedding
        "The \u2066talks\u2069 ended.",  # an isolate around a word
        "The talks \u202b\u202eended\u202c\u202c.".replace("ended", "dedne"),  # one word backwards
    ],
)
def test_a_line_behind_bidirectional_controls_reads_as_a_reader_sees_it(source: str) -> None:
    """Overrides, embeddings and isolates are resolved to the order shown on screen, then dropped."""
    assert "The talks ended." == clean(source).text


def test_each_line_is_put_in_reading_order_on_its_own() -> None:
    """A paragraph of lines, each stored backwards behind an override, reads forwards, line by line."""
    lines = ["The minister met the envoy.", "They discussed the vote.", "No date was set."]
    source = "\n".join("\u202e" + line[::-1] for line in lines)
    assert "\n\n".join(lines) == clean(source).text  # each line a sentence: a paragraph


def test_nested_overrides_read_as_displayed() -> None:
    """A left-to-right override inside a right-to-left one keeps its own order, its place reversed."""
    assert "Talks Baku ni ended." == clean("Talks \u202e\u202dni\u202c ukaB\u202c ended.").text


def test_right_to_left_letters_keep_their_stored_order() -> None:
    """Hebrew in order reads as stored; stored backwards behind a left-to-right override, it is turned."""
    shalom = "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"
    assert shalom == clean(shalom).text
    assert shalom == clean("\u202e" + shalom + "\u202c").text
    assert shalom == clean("\u202d" + shalom[::-1] + "\u202c").text


def test_a_line_in_reading_order_maps_back_to_its_source_line() -> None:
    """Offsets of a turned line point at the same characters; a span of it covers what it came from."""
    source = "date 2024-02-07 \u202e.dedne sklat ehT\n\nSource: Trend"
    story = clean(source)
    assert "The talks ended." == story.text
    assert list(story.text) == [source[i] for i in story.offsets]
    assert "sklat" == source[slice(*story.span(4, 9))]
    assert ".dedne sklat ehT" == source[slice(*story.span(0, len(story.text)))]
    assert ["metadata", "footer"] == [r.kind for r in story.regions]


def test_an_override_never_closed_runs_to_the_end_of_its_line() -> None:
    """A stray override turns the rest of its line, as a screen shows it, and nothing after the line."""
    assert (
        "Talks in Buka\n\nThe talks ended."
        == clean("Talks in B\u202ea\u202ek\u202eu\n\nThe talks ended.").text
    )


@pytest.mark.parametrize(
    "source",
    [
        "\u202e.dedne sklat ehT",
        "Ba\u0301\u0336ku\u20dd \u202e\u202dni\u202c ukaB\u202c",
        "\u05e9\u05b8\u05b9\u05bb\u05bc\u05c1\u05c2\u05b8\u05b9 \u202d\u05dd\u05d5\u05dc\u05e9",
        "\u202e\u0301a\u0336\u202d&amp;\u202c",
    ],
)
def test_folding_and_reading_order_are_idempotent(source: str) -> None:
    """Cleaning a story whose accents were folded and lines turned changes nothing more."""
    story = clean(source)
    assert story.text == clean(story.text).text


# hard wraps and paragraphs ------------------------------------------------------------


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    """Single line breaks inside blank-line separated paragraphs become spaces."""
    source = "The minister said the\ntalks would resume\non Monday.\n\nNo date was set for\nthe next round."
    expected = "The minister said the talks would resume on Monday.\n\nNo date was set for the next round."
    assert expected == clean(source).text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("The elec-\ntion was held on Sunday.", "The election was held on Sunday."),
        ("The elec\u00ad\ntion was held on Sunday.", "The election was held on Sunday."),
        ("The elec- \n  tion was held on Sunday.", "The election was held on Sunday."),
        ("A.\n\nThe elec-\ntion was held.", "A.\n\nThe election was held."),
        ("The elec-\r\ntion was held on Sunday.", "The election was held on Sunday."),
    ],
)
def test_end_of_line_hyphenation_is_rejoined(source: str, expected: str) -> None:
    """A word broken with a hyphen (or soft hyphen) at a line end and continued in lower case is re-joined."""
    assert expected == clean(source).text


def test_hyphen_before_capital_at_line_end_is_kept() -> None:
    """A line that ends in a hyphen before a capital keeps the hyphen, and the two halves join."""
    assert (
        "Talks on the East-West corridor opened." == clean("Talks on the East-\nWest corridor opened.").text
    )


def test_lines_that_each_end_a_sentence_are_paragraphs() -> None:
    """Without blank lines, lines that end sentences are kept as one paragraph each."""
    story = clean("The talks ended.\nThe minister left.\nNo deal was signed.")
    assert "The talks ended.\n\nThe minister left.\n\nNo deal was signed." == story.text
    assert [(0, 16), (18, 36), (38, 57)] == list(story.paragraphs)


def test_lines_that_end_mid_sentence_are_rejoined() -> None:
    """Without blank lines, lines that end in the middle of sentences are one hard-wrapped paragraph."""
    source = "The minister said\nthe talks would resume\non Monday in Baku."
    assert "The minister said the talks would resume on Monday in Baku." == clean(source).text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "The issue was discussed.Minister Bayramov noted the progress.",
            "The issue was discussed.\n\nMinister Bayramov noted the progress.",
        ),
        ("The talks ended!The envoy left.", "The talks ended!\n\nThe envoy left."),
        ("Will they agree?Nobody knows.", "Will they agree?\n\nNobody knows."),
    ],
)
def test_glued_paragraphs_are_separated(source: str, expected: str) -> None:
    """A sentence end glued to the next capitalised word starts a new paragraph."""
    assert expected == clean(source).text


@pytest.mark.parametrize(
    "source",
    [
        "Details are at example.com today.",
        "The U.S. delegation arrived.",
        "The U.S.Army band played.",
        "Mr.Smith arrived.",
        "It rose 3.5 percent.",
        "News.Az reported that the talks ended.",
    ],
)
def test_dots_that_do_not_end_a_sentence_stay_inline(source: str) -> None:
    """Domain names, abbreviations, decimals and outlet names with a dot are not split into paragraphs."""
    assert source == clean(source).text


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("The  talks \t ended.", "The talks ended."),
        ("  The talks ended.  \n", "The talks ended."),
        ("A talk.\n\n\n\n\nB talk.", "A talk.\n\nB talk."),
        ("A talk. \n \n B talk.", "A talk.\n\nB talk."),
        (
            "The talks ended.\r\n\r\nThe minister left\r\nfor Ankara.",
            "The talks ended.\n\nThe minister left for Ankara.",
        ),
        (
            "The talks ended.\r\rThe minister left\rfor Ankara.",
            "The talks ended.\n\nThe minister left for Ankara.",
        ),
        ("The talks ended.\u2029The minister left.", "The talks ended.\n\nThe minister left."),
    ],
)
def test_whitespace_and_line_endings_are_normalised(source: str, expected: str) -> None:
    """Spaces collapse, edges are trimmed, CR and CRLF are line breaks, paragraphs get one blank line."""
    assert expected == clean(source).text


# set-aside regions ---------------------------------------------------------------------


def test_menafn_leading_metadata_and_header_are_set_aside() -> None:
    """A MENAFN date line, syndication header and Trend dateline are metadata, header and dateline."""
    story = clean(MENAFN)
    assert "The talks ended." == story.text
    assert [
        ("metadata", "date 2024-02-07", "2024-02-07"),
        ("header", "(MENAFN- Trend News Agency)", "Trend News Agency"),
        ("dateline", "BAKU, Azerbaijan, February 6.", None),
    ] == [(r.kind, r.text, r.value) for r in story.regions]
    assert [r.text for r in story.regions] == [MENAFN[r.start : r.end] for r in story.regions]


def test_metadata_date_becomes_published() -> None:
    """The date of a leading metadata line is the story's UTC publication time."""
    assert datetime(2024, 2, 7, tzinfo=UTC) == clean(MENAFN).published


def test_story_without_metadata_has_no_published() -> None:
    """A story with no metadata line has no publication time and no regions."""
    story = clean(BODY)
    assert (None, ()) == (story.published, story.regions)


@pytest.mark.parametrize(
    ("footer", "expected"),
    [
        ("Source: Trend News Agency", [("Source: Trend News Agency", "Trend News Agency")]),
        ("Read more at Trend News Agency.", [("Read more at Trend News Agency.", "Trend News Agency")]),
        (
            "Copyright 2024 Trend News Agency. All rights reserved.",
            [("Copyright 2024 Trend News Agency. All rights reserved.", None)],
        ),
        (
            "Source: Trend News Agency\n\nCopyright 2024 Trend News Agency. All rights reserved.",
            [
                ("Source: Trend News Agency", "Trend News Agency"),
                ("Copyright 2024 Trend News Agency. All rights reserved.", None),
            ],
        ),
        ("Legal Disclaimer:\n\n" + DISCLAIMER, [("Legal Disclaimer:", None), (DISCLAIMER, None)]),
        ("Legal Disclaimer:\n" + DISCLAIMER, [("Legal Disclaimer:\n" + DISCLAIMER, None)]),
    ],
)
def test_trailing_footers_are_set_aside(footer: str, expected: list[tuple[str, str | None]]) -> None:
    """Credit footers, copyright lines and long disclaimers at the end are footer regions with their value."""
    assert len(DISCLAIMER) > 400  # long enough to be kept only as a disclaimer's body
    source = BODY + "\n\n" + footer
    story = clean(source)
    assert BODY == story.text
    assert [("footer", text, value) for text, value in expected] == [
        (r.kind, r.text, r.value) for r in story.regions
    ]
    assert [r.text for r in story.regions] == [source[r.start : r.end] for r in story.regions]
    assert source.index(expected[0][0]) == story.regions[0].start


def test_leading_and_trailing_regions_together() -> None:
    """A MENAFN story with a footer keeps only the story, with regions in source order."""
    source = MENAFN + "\n\nSource: Trend News Agency"
    story = clean(source)
    assert "The talks ended." == story.text
    assert ["metadata", "header", "dateline", "footer"] == [r.kind for r in story.regions]
    assert sorted(r.start for r in story.regions) == [r.start for r in story.regions]


@pytest.mark.parametrize(
    "paragraphs",
    [
        pytest.param(
            [
                "The talks ended on Tuesday.",
                "Source: the foreign ministry of Azerbaijan.",
                "The minister left for Ankara on Wednesday.",
                "Officials said the next round would be held in March.",
                "No date has been set for the signing.",
                "The talks are the first since the summer.",
            ],
            id="far-from-end",
        ),
        pytest.param(
            [
                "The talks ended on Tuesday.",
                "Source: the foreign ministry of Azerbaijan.",
                "The minister left for Ankara on Wednesday.",
                "Officials said the next round would be held in March.",
            ],
            id="near-end",
        ),
    ],
)
def test_source_paragraph_in_the_middle_stays_in_the_story(paragraphs: list[str]) -> None:
    """A paragraph starting with "Source:" that story paragraphs follow is not a footer."""
    source = "\n\n".join(paragraphs)
    story = clean(source)
    assert (source, ()) == (story.text, story.regions)


def test_copyright_sentence_at_the_end_stays_in_the_story() -> None:
    """A last paragraph about copyright that is not a copyright notice is story text."""
    source = BODY + "\n\nCopyright laws were changed last year."
    story = clean(source)
    assert (source, ()) == (story.text, story.regions)


@pytest.mark.parametrize(
    "source",
    ["Source: Trend News Agency", "Copyright 2024 Trend News Agency. All rights reserved."],
)
def test_footer_pattern_alone_is_the_story(source: str) -> None:
    """A text whose only paragraph looks like a footer keeps it as the story rather than leaving nothing."""
    story = clean(source)
    assert (source, ()) == (story.text, story.regions)


def test_a_footer_short_only_once_its_credit_clause_is_cut_is_set_aside_the_first_time() -> None:
    """A "Read more" paragraph longer than a footer may be for its credit clause alone: once the
    clause is set aside it is a footer, and the first cleaning says so, as the second would."""
    body = "The foreign minister met the organization's secretary general in Baku on Tuesday."
    credit = ", Trend reports, referring to the Azerbaijani Foreign Ministry"
    read_more = "Read more: " + " ".join(["the sides discussed cooperation in energy and trade"] * 7)
    assert len(read_more) <= _FOOTER_MAX < len(read_more + credit)  # a footer only without its clause
    page = f"{body}\n\n{read_more}{credit}."
    story = clean(page)
    assert (body, ["footer", "credit"]) == (story.text, [r.kind for r in story.regions])
    assert page.index("Read more") == story.regions[0].start
    assert story.text == clean(story.text).text


# errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "",
        "   \n\t ",
        "\u200b\u200b",
        "\ufeff\u00ad\u202e\x00",
        "*** --- ...",
        " date 2024-02-07 (MENAFN- Trend News Agency) ",
        "(MENAFN- Trend News Agency)\n\n",
    ],
)
def test_text_without_story_raises_empty_story_error(source: str) -> None:
    """Empty, blank, invisible-only, punctuation-only and boilerplate-only texts raise EmptyStoryError."""
    with pytest.raises(EmptyStoryError) as info:
        clean(source)
    assert (True, True) == (isinstance(info.value, InputError), isinstance(info.value, ValueError))


# offsets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["talks", "Azerbaijan", "February", "ended"])
def test_span_of_a_word_points_at_it_in_the_source(word: str) -> None:
    """The source span of a story word holds that word, give or take the invisible characters in it."""
    source = (
        "\u200b date 2024-02-07 (MENAFN- Trend News Agency) BAKU, Azerbaijan, February 6. "
        "The ta\u200dlks\u00a0in Azer\u200bbaijan ended in Febr\u2060uary.\ufeff"
    )
    story = clean(source)
    assert "The talks in Azerbaijan ended in February." == story.text
    start = story.text.index(word)
    assert word == without_invisibles(source[slice(*story.span(start, start + len(word)))])


def test_span_of_a_composed_letter_covers_its_combining_mark() -> None:
    """The source span of a word ending in an accent composed by NFKC covers the combining mark."""
    source = "A cafe\u0301 opened."
    story = clean(source)
    assert "A cafe opened." == story.text
    assert "cafe\u0301" == source[slice(*story.span(2, 6))]


def test_span_of_a_rejoined_word_covers_the_line_break() -> None:
    """The source span of a word re-joined across a hyphenated line break covers both halves."""
    source = "The elec-\ntion was held."
    story = clean(source)
    assert "elec-\ntion" == source[slice(*story.span(4, 12))]


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (0, 17), (5, 4), (17, 17)])
def test_span_outside_the_story_raises_index_error(start: int, end: int) -> None:
    """A span that does not lie inside the story text raises IndexError."""
    story = clean(MENAFN)
    assert 16 == len(story.text)
    with pytest.raises(IndexError):
        story.span(start, end)


def test_offsets_of_ascii_story_characters_point_at_the_same_character() -> None:
    """Every story character of a plain text with a header maps back to that character in the source."""
    story = clean(MENAFN)
    assert list(story.text) == [MENAFN[i] for i in story.offsets]


# properties ---------------------------------------------------------------------------------

UNUSUAL = (
    ZERO_WIDTH + "\u00ad\u202e\u2066\x00\x07\x1c\x85\x0b\x0c\r\n\t\u00a0\u2028\u2029\u0301\u0308"
    "\u0430\u0435\u043e\u0441\u0440\u0410\u0391\u03bf\u0438\uff22\uff0e\ufb01\u2033\u00b4"
    "\u201c\u201d\u2018\u2019\u2013\u2014-.!?:;\"'() "
)
FRAGMENTS = [
    " date 2024-02-07 ",
    "date 2024-13-45T99:00 ",
    "(MENAFN- Trend News Agency) ",
    "\n\nSource: Trend News Agency",
    "\n\nRead more at Trend.",
    "\n\nLegal Disclaimer:\n",
    "\n\nCopyright 2024 X. All rights reserved.",
    "elec-\ntion",
    "East-\nWest",
    "discussed.Minister",
    "B\u0430ku",
    "The talks ended.",
    "\r\n",
    "\n\n",
    ". ",
]
characters = st.one_of(
    st.characters(),
    st.sampled_from(UNUSUAL),
    st.sampled_from(string.ascii_letters + " .\n"),
)
texts = st.lists(
    st.one_of(st.text(alphabet=characters, max_size=30), st.sampled_from(FRAGMENTS)),
    max_size=10,
).map("".join)
plain_texts = st.text(
    alphabet=st.sampled_from(string.ascii_letters + string.digits + " .,;:!?()'\"-\n" + ZERO_WIDTH),
    max_size=200,
)


def clean_or_none(text: str) -> Story | None:
    try:
        return clean(text)
    except EmptyStoryError:
        return None


@FAST
@given(st.text())
def test_clean_raises_only_empty_story_error_on_any_text(text: str) -> None:
    """Cleaning arbitrary Unicode text returns a story or raises EmptyStoryError, nothing else."""
    story = clean_or_none(text)
    assert text == (story.source if story is not None else text)


@FAST
@given(texts)
def test_clean_raises_only_empty_story_error_on_tricky_text(text: str) -> None:
    """Cleaning text built of invisibles, look-alikes, line breaks and boilerplate never crashes."""
    story = clean_or_none(text)
    assert text == (story.source if story is not None else text)


@pytest.mark.parametrize(
    "source",
    [
        pytest.param(MENAFN + "\n\nSource: Trend News Agency", id="regions"),
        pytest.param("The elec-\ntion was held.\nThe East-\nWest road.", id="hyphens"),
        pytest.param("Talks in B\u0430ku.Minister Bayramov spoke.", id="lookalike-glued"),
        pytest.param("A cafe\u200b\u0301 opened.", id="invisible-before-combining-mark"),
        pytest.param("Talks in B\u0430\u0301ku ended.", id="lookalike-before-combining-mark"),
        pytest.param(
            "The talks ended.\n\nSource: Trend\n\nSource: APA\n\nAnkara\n\nMarch\n\nBaku",
            id="footer-start-just-outside-window",
        ),
        pytest.param("date 2024-01-01 " * 5 + "The talks ended.", id="five-metadata-lines"),
        pytest.param("Prices rose &n\x11e; fell.", id="entity-formed-by-a-removed-control"),
        pytest.param("Prices rose \uff06ne; fell.", id="entity-formed-by-nfkc"),
        pytest.param("Prices rose &amp;amp;ne; fell.", id="entity-escaped-twice"),
        pytest.param(
            "The talks ended.\n\nSource: Tne " + "line two " * 43 + "x\n ",  # 400 characters, then blanks
            id="footer-at-its-limit-with-trailing-blanks",
        ),
        pytest.param("\nLegal Disclaimer:\x10\nMENAFN az\n\nLegal D.", id="disclaimer-after-a-leading-blank"),
        pytest.param("cefe\x00\u0301\u0266\u03bf\u03bd rest", id="mark-meets-its-letter-after-a-control"),
    ],
)
def test_clean_is_idempotent_on_tricky_texts(source: str) -> None:
    """Cleaning the story text of a tricky text again gives the same story text."""
    story = clean(source)
    assert story.text == clean(story.text).text


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("AT&amp;T shares rose.", "AT&T shares rose."),
        ("Prices rose &amp;amp; fell.", "Prices rose & fell."),  # escaped twice by two feeds
        ("Prices rose &n\x11e; fell.", "Prices rose \u2260 fell."),
        ("Tom &amp; Jerry &c. and &unknown; stay.", "Tom & Jerry &c. and &unknown; stay."),
    ],
)
def test_entities_are_decoded_until_none_is_left(source: str, text: str) -> None:
    """An entity escaped twice, or formed by removing a control character, is decoded; unknown ones stay."""
    assert text == clean(source).text


@FAST
@given(texts)
def test_clean_is_idempotent(text: str) -> None:
    """Cleaning a story's text again gives the same text."""
    story = clean_or_none(text)
    assume(story is not None)
    assert story.text == clean(story.text).text


@FAST
@given(texts)
def test_story_text_is_tidy(text: str) -> None:
    """A story has no edge whitespace, no double spaces, no spaces at line edges, one blank line at most."""
    story = clean_or_none(text)
    assume(story is not None)
    assert story.text.strip() == story.text
    assert [] == [bad for bad in ("  ", "\n\n\n", " \n", "\n ") if bad in story.text]


@FAST
@given(texts)
def test_offsets_are_one_per_character_inside_source_and_in_order(text: str) -> None:
    """There is one offset per story character, each inside the source, never going backwards."""
    story = clean_or_none(text)
    assume(story is not None)
    offsets = list(story.offsets)
    assert len(story.text) == len(offsets)
    assert [] == [i for i in offsets if not 0 <= i < len(story.source)]
    assert sorted(offsets) == offsets


@FAST
@given(texts)
def test_paragraphs_cover_the_story_split_at_blank_lines(text: str) -> None:
    """The paragraph spans are exactly the story text split at its blank lines."""
    story = clean_or_none(text)
    assume(story is not None)
    assert story.text.split("\n\n") == [story.text[a:b] for a, b in story.paragraphs]


@FAST
@given(texts)
def test_region_text_is_its_source_slice(text: str) -> None:
    """Every set-aside region's text is the source between its start and end."""
    story = clean_or_none(text)
    assume(story is not None)
    assert [story.source[r.start : r.end] for r in story.regions] == [r.text for r in story.regions]


@FAST
@given(plain_texts)
def test_plain_story_characters_map_back_to_themselves(text: str) -> None:
    """In plain ASCII text, every non-space story character maps to the same character in the source."""
    story = clean_or_none(text)
    assume(story is not None)
    kept = [(ch, i) for ch, i in zip(story.text, story.offsets, strict=True) if not ch.isspace()]
    assert [ch for ch, _ in kept] == [story.source[i] for _, i in kept]
