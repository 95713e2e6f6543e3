"""The failure classes of held-out evaluations, each reproduced from how real outlets write.

Every text here is written in an outlet's convention (a Trend dateline and credit clause, a
Reuters sign-off, an IANS dateline and initials, AP's byline, a PR Newswire release trailer, a
portal's menu line), not copied from any page. Site chrome has its own tests
(``test_boilerplate.py``); accusations of originals are in ``test_chain.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from provenance import Article, compare, direct, is_copy, scan
from provenance.compare import shares_a_source
from provenance.ledger import Ledger
from provenance.read import page_time
from provenance.relate import clusters

T0 = datetime(2024, 3, 12, 9, 0, tzinfo=UTC)

BODY = [
    "The energy minister signed an agreement on a new solar plant in the Shirvan region on Tuesday.",
    "The plant will produce 500 megawatts and is expected to start operating in the second half of 2027.",
    "A new power line of 230 kilometres will connect the plant to the national grid near the capital.",
    "Construction is due to begin in the spring, once the tender for the main contractor is completed.",
    "The company's engineers will train local technicians to run the plant over its first five years.",
    "Two smaller plants in the south of the country are to follow under the same financing scheme.",
]


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def para(*sentences: str) -> str:
    return "\n\n".join(sentences)


# 3. the wrapper is set aside -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "copy"),
    [
        pytest.param(
            "BAKU, Azerbaijan, March 12. "
            + BODY[0][:-1]
            + ", Trend reports, referring to the ministry.\n\n"
            + para(*BODY[1:]),
            "By Vugar Khalilov\n\n"
            + BODY[0][:-1]
            + ", Azernews reports, citing the ministry.\n\n"
            + para(*BODY[1:]),
            id="trend-credit-clause-rewritten-by-azernews",
        ),
        pytest.param(
            "LONDON, March 12 (Reuters) - "
            + para(*BODY)
            + "\n\n(Reporting by Anna Bruce; Editing by Kim Holt)",
            para(*BODY) + "\n\nSource: Reuters",
            id="reuters-dateline-and-sign-off-dropped",
        ),
        pytest.param(
            "New Delhi, March 12 (IANS) " + para(*BODY) + "\n\n--IANS\nrs/dq",
            "New Delhi, March 12 (IANS) " + para(*BODY),
            id="ians-sign-off-and-initials-dropped",
        ),
        pytest.param(
            "CHICAGO (AP) \u2014 " + para(*BODY),
            "By JAMES PORTER Associated Press\n\nCHICAGO \u2014 " + para(*BODY),
            id="ap-byline-and-dateline-rewritten",
        ),
        pytest.param(
            "BEIJING, March 12 (Xinhua) -- " + para(*BODY) + " Enditem",
            para(*BODY),
            id="xinhua-enditem-dropped",
        ),
        pytest.param(
            "MOSCOW, March 12. /TASS/. " + para(*BODY),
            "MOSCOW, March 12 (TASS) - " + para(*BODY),
            id="tass-dateline-rewritten",
        ),
    ],
)
def test_a_copy_that_differs_only_in_its_wrapper_is_verbatim(original: str, copy: str) -> None:
    """Datelines, credit clauses, bylines and sign-offs are set aside: the story is the same word for word."""
    m = compare(Article(id="o", text=original), Article(id="c", text=copy))
    assert m.relation in ("verbatim", "identical")  # identical: the wrappers differ in punctuation only
    assert 1.0 == m.coverage_a == m.coverage_b


def test_cut_down_to_a_part_is_an_excerpt_cut_throughout_is_edited() -> None:
    """A copy of the first paragraphs is an excerpt; one with paragraphs cut here and there is edited."""
    wire = Article(id="wire", outlet="Trend", text=para(*BODY), published=at(0))
    first = Article(id="first", outlet="Daily A", text=para(*BODY[:3]), published=at(2))
    cut = Article(id="cut", outlet="Daily B", text=para(BODY[0], BODY[2], BODY[4]), published=at(2))
    assert "excerpt" == direct(compare(wire, first), wire, first).relation
    assert "edited" == direct(compare(wire, cut), wire, cut).relation


# 2. a shared quotation is a shared source --------------------------------------------------------

STATEMENT = (
    '"The sides agreed to continue the talks in Geneva next month. A road map for the next stage '
    'will be prepared by the working groups. Both delegations welcomed the constructive spirit," '
    "the Foreign Ministry said in a statement."
)


def test_two_outlets_quoting_one_statement_are_a_shared_source_not_a_copy() -> None:
    """Each outlet tells the story itself around the ministry's words: no copy, a shared-source pair."""
    one = Article(
        id="one",
        outlet="AzerNews",
        text=para(
            "Officials from both countries met in Baku on Tuesday for a third round of talks on transit.",
            STATEMENT,
            "Trade between the two countries rose by a fifth last year, customs figures show.",
        ),
    )
    two = Article(
        id="two",
        outlet="Report",
        text=para(
            "The delegations ended their meeting late on Tuesday after nine hours behind closed doors.",
            STATEMENT,
            "Observers expect the transit agreement to be signed before the end of the year.",
        ),
    )
    m = compare(one, two)
    assert (False, True) == (is_copy(m), shares_a_source(m))
    assert "the Foreign Ministry" in m.speakers
    (found,) = scan([one, two])
    assert ("shared_source", None) == (found.relation, found.original)
    assert [] == clusters([found])  # a shared source joins no story


def test_a_copy_that_also_shares_quotations_is_still_a_copy() -> None:
    """A wire copy shares the narrative too: the quotation does not turn it into a shared source."""
    story = para(BODY[0], BODY[1], STATEMENT, BODY[2], BODY[3])
    m = compare(Article(id="a", text=story), Article(id="b", text=story + "\n\nSource: Trend"))
    assert is_copy(m)


# 4. the original: said what is known ---------------------------------------------------------------


def test_an_identical_article_without_times_is_a_copy_with_the_original_undecided(tmp_path: Path) -> None:
    """Byte-identical, no time, no credit: a copy pair for check, and a cluster that says it is undecided."""
    a = Article(id="a", outlet="Daily A", text=para(*BODY))
    b = Article(id="b", outlet="Daily B", text=para(*BODY))
    with Ledger.open(tmp_path / "l.db") as ledger:
        ledger.ingest([a])
        assert ledger.check(b).is_copy
    matches = scan([a, b])
    (c,) = clusters(matches)
    assert (False, 0.5) == (c.original_decided, c.original_confidence)
    assert None is matches[0].original


def test_a_padded_copy_does_not_win_the_original() -> None:
    """The story inside a page ten times longer of other text is not shown by that to be the original."""
    filler = [
        f"Unrelated item number {k} reports on the weather in town number {k} and on its roads."
        for k in range(60)
    ]
    wire = Article(id="wire", text=para(*BODY))
    padded = Article(id="padded", text=para(*filler[:30], *BODY, *filler[30:]))
    m = direct(compare(wire, padded), wire, padded)
    assert "padded" != m.original
    containment = next(e for e in m.evidence if e.kind == "containment")
    assert None is containment.favours


def test_html_pages_keep_their_full_publication_time() -> None:
    """14:00+01:00 is 13:00 UTC: a page published then is earlier than one at 15:00 UTC the same day."""
    page = '<head><meta property="article:published_time" content="2024-03-12T14:00:00+01:00"></head>'
    ld = '<script type="application/ld+json">{"@graph": [{"datePublished": "2024-03-12T15:00:00Z"}]}</script>'
    first, second = page_time(page), page_time(ld)
    assert first is not None
    assert second is not None
    assert (first - second).total_seconds() == -2 * 3600
    assert None is page_time('<time datetime="2024-03-12">March 12</time>')  # a date alone orders nothing


# 5. credits ----------------------------------------------------------------------------------------


def test_a_release_names_its_issuer_and_its_trailer_is_not_story() -> None:
    """SOURCE names the issuer (the primary source); About, forward-looking and contacts are footer."""
    from provenance.chain import chain

    release = (
        "AUSTIN, Texas, March 12, 2024 /PRNewswire/ -- "
        + para(*BODY[:3])
        + "\n\nAbout Northwind Robotics\n\n"
        "Northwind Robotics Inc. designs and builds robots for warehouses in forty countries.\n\n"
        "Forward-Looking Statements\n\nThis press release contains forward-looking statements. "
        "Actual results may differ materially.\n\nMedia contact\nAnna Keller\npress@northwind.example\n\n"
        "SOURCE Northwind Robotics Inc."
    )
    c = chain(Article(id="r", outlet="Zawya", text=release))
    assert ("Zawya", "PR Newswire", "Northwind Robotics Inc") == c.agents
    other = release.replace(para(*BODY[:3]), para(*BODY[3:]))
    assert not is_copy(compare(Article(id="r1", text=release), Article(id="r2", text=other)))


def test_an_agency_dateline_on_one_text_only_says_it_is_the_agency_s_story() -> None:
    """Xinhua's own page is signed by its dateline; a copy that dropped it and is dated earlier loses."""
    wire = Article(
        id="xinhua", outlet="Xinhua", text="BEIJING, March 12 (Xinhua) -- " + para(*BODY), published=at(5)
    )
    copy = Article(id="copy", outlet="Hillcrest Observer", text=para(*BODY), published=at(0))
    m = direct(compare(wire, copy), wire, copy)
    assert ("xinhua", "copy") == (m.original, m.copy)
    assert "signature" in [e.kind for e in m.evidence]
