"""Credits: one table per pattern family (with near misses), datelines, spans, robustness, speed."""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from provenance import Article
from provenance.credits import KINDS, Credit, Credits, Dateline, extract
from provenance.registry import Registry, normalise

LABELLED = Path(__file__).resolve().parent / "data" / "credits_labelled.jsonl"


def found(text: str, **options: object) -> list[tuple[str, str, str | None, str]]:
    return [(c.kind, c.agent, c.reporter, c.pattern) for c in extract(text, **options).credits]  # type: ignore[arg-type]


def check_spans(text: str, result: Credits) -> None:
    for c in result.credits:
        assert 0 <= c.span[0] < c.span[1] <= len(text)
        if c.name_span is not None:
            assert c.span[0] <= c.name_span[0] <= c.name_span[1] <= c.span[1] or c.kind == "reporting"
            assert text[slice(*c.name_span)].replace("\n", " ").startswith(c.agent.split(" ")[0][:4])


# --- aggregator headers and footers ------------------------------------------------------------

HEADERS_AND_FOOTERS = [
    (
        " date 2024-02-07 (MENAFN- Trend News Agency) BAKU, Azerbaijan, February 6. The talks ended.",
        [("header", "Trend News Agency", "MENAFN", "header.syndication")],
    ),
    (
        "(MENAFN- AzerNews) Azerbaijan's exports rose in January.",
        [("header", "AzerNews", "MENAFN", "header.syndication")],
    ),
    (
        "The central bank kept its rate at 9 percent.\n\nSource: Azertac",
        [("footer", "Azertac", None, "footer.source")],
    ),
    (
        "The talks will resume in April.\n\nRead more at trend.az",
        [("footer", "trend.az", None, "footer.read_more")],
    ),
    (
        "The festival drew 40,000 visitors.\n\nThis article was originally published by The Astana Times.",
        [("footer", "The Astana Times", None, "footer.originally_published")],
    ),
    (
        "Oil prices eased on Monday.\n\nOriginally published on News.Az",
        [("footer", "News.Az", None, "footer.originally_published")],
    ),
    (
        "The bridge will open in 2026.\n\nRepublished with permission of Caliber.Az.",
        [("footer", "Caliber.Az", None, "footer.republished_with_permission")],
    ),
    (
        "Markets were closed.\n\nCopyright 2024 The Associated Press. All rights reserved.",
        [("footer", "The Associated Press", None, "footer.copyright")],
    ),
    (
        "The match ended in a draw.\n\n(c) 2024 Agence France-Presse",
        [("footer", "Agence France-Presse", None, "footer.copyright")],
    ),
    (
        "The bank raised its forecast.\n\n\u00a9 Trend News Agency",
        [("footer", "Trend News Agency", None, "footer.copyright")],
    ),
    # near misses: a source that is not a credit line, copyright as a topic, a footer mid-text
    ("The source of the leak remains unknown, police said.\n\nThe investigation continues.", []),
    ("Copyright law was debated by lawmakers on Monday.", []),
    ("Source: Azertac\n\nThe central bank kept its rate at 9 percent on Wednesday.", []),
]


@pytest.mark.parametrize(("text", "expected"), HEADERS_AND_FOOTERS)
def test_headers_and_footers(text: str, expected: list[tuple[str, str, str | None, str]]) -> None:
    """Syndication headers and credit footers are read from the regions cleaning set aside."""
    assert expected == found(text)
    check_spans(text, extract(text))


# --- datelines and press releases ------------------------------------------------------------

DATELINES = [
    (
        "LONDON, Sept 28 (Reuters) - British house prices rose for a second month.",
        date(2023, 9, 29),
        [("dateline", "Reuters", None, "dateline.agency")],
        ("London", date(2023, 9, 28), None),
    ),
    (
        "WASHINGTON (AP) \u2014 The Senate passed a stopgap bill on Tuesday.",
        None,
        [("dateline", "AP", None, "dateline.agency")],
        ("Washington", None, None),
    ),
    (
        "BEIJING, Feb. 6 (Xinhua) -- China's foreign trade rose 8.7 percent in January.",
        date(2024, 2, 6),
        [("dateline", "Xinhua", None, "dateline.agency")],
        ("Beijing", date(2024, 2, 6), None),
    ),
    (
        "New Delhi [India], Feb 6 (ANI): The Election Commission announced the schedule.",
        date(2024, 2, 6),
        [("dateline", "ANI", None, "dateline.agency")],
        ("New Delhi", date(2024, 2, 6), "India"),
    ),
    (
        "Mumbai, Feb 6 (PTI) Benchmark indices closed higher on Tuesday.",
        date(2024, 2, 7),
        [("dateline", "PTI", None, "dateline.agency")],
        ("Mumbai", date(2024, 2, 6), None),
    ),
    (
        "ANKARA (AA) - Turkish exports rose 3% in January.",
        None,
        [("dateline", "AA", None, "dateline.agency")],
        ("Ankara", None, None),
    ),
    (
        "ASTANA. KAZINFORM \u2013 President Tokayev received the Minister of Energy on Monday.",
        None,
        [("dateline", "KAZINFORM", None, "dateline.dot")],
        ("Astana", None, None),
    ),
    (
        "BAKU, Azerbaijan, Dec. 30. Azerbaijan's GDP grew 1.1 percent in 2023.",
        date(2024, 1, 2),  # the year before the publication's: the nearest 30 December
        [],
        ("Baku", date(2023, 12, 30), "Azerbaijan"),
    ),
    (
        "NEW YORK, Feb. 6, 2024 /PRNewswire/ -- Acme Robotics today announced a new robot.",
        None,
        [("press_release", "PRNewswire", None, "press_release.dateline")],
        ("New York", date(2024, 2, 6), None),
    ),
    (
        "TORONTO, Feb. 06, 2024 (GLOBE NEWSWIRE) -- Maple Mining Corp. reported record output.",
        None,
        [("press_release", "GLOBE NEWSWIRE", None, "press_release.dateline")],
        ("Toronto", date(2024, 2, 6), None),
    ),
    (
        "SAN FRANCISCO--(BUSINESS WIRE)--Cloudlet Inc. today launched a vector database.",
        None,
        [("press_release", "BUSINESS WIRE", None, "press_release.dateline")],
        ("San Francisco", None, None),
    ),
    (
        "KYIV, Feb 6 \u2014 Ukraine said it had repelled 20 attacks overnight.",
        date(2024, 2, 6),
        [],
        ("Kyiv", date(2024, 2, 6), None),
    ),
]


@pytest.mark.parametrize(("text", "published", "expected", "line"), DATELINES)
def test_datelines(
    text: str,
    published: date | None,
    expected: list[tuple[str, str, str | None, str]],
    line: tuple[str, date | None, str | None],
) -> None:
    """Wire and press-release datelines give the agency credit, the place, and the date."""
    result = extract(text, published=published)
    assert expected == [(c.kind, c.agent, c.reporter, c.pattern) for c in result.credits]
    assert result.dateline is not None
    assert line == (result.dateline.place, result.dateline.date, result.dateline.country)
    assert text.startswith(text[slice(*result.dateline.span)])


@pytest.mark.parametrize(
    "text",
    [
        "By Reuters staff\n\nOil prices rose on Tuesday.",  # a byline, not a dateline
        "LONDON calling: a new exhibition opens on Friday.",
        "The Kremlin (Moscow) said the talks were useful.",  # Title case without a date
        "Reuters Street in the old town was closed for repairs.",
        "Baku is the capital. It lies on the Caspian Sea.",
        "NEW YORK TIMES bestseller lists were released on Wednesday.",
        "BAKU, Azerbaijan. The talks ended.",  # a Trend-style opening needs its date
    ],
)
def test_dateline_near_misses(text: str) -> None:
    """Openings that look like datelines but are not give no dateline and no dateline credit."""
    result = extract(text)
    assert result.dateline is None
    assert [] == [c for c in result.credits if c.kind in ("dateline", "press_release")]


def test_dateline_year_comes_from_publication_time() -> None:
    """A dateline without a year takes it from the article's publication time, else stays undated."""
    text = "BAKU, Azerbaijan, February 6. The talks ended."
    article = Article(id="a", text=text, published=datetime(2024, 2, 6, 20, 0, tzinfo=UTC))
    assert date(2024, 2, 6) == extract(article).dateline.date  # type: ignore[union-attr]
    assert extract(text).dateline.date is None  # type: ignore[union-attr]
    assert date(2024, 2, 6) == extract(" date 2024-02-07 " + text).dateline.date  # type: ignore[union-attr]
    assert (
        extract("BAKU, Azerbaijan, February 30. The talks ended.", published=date(2024, 3, 1)).dateline.date
        is None
    )  # type: ignore[union-attr]


# --- signatures ----------------------------------------------------------------------------------

SIGNATURES = [
    (
        "Prices rose.\n\n(Reporting by Andy Bruce; Editing by Kate Holton)",
        [("signature", "Reuters", None, "signature.reuters")],
        ("Andy Bruce", "Kate Holton"),
    ),
    (
        "Prices rose.\n\n(Additional reporting by Jane Doe in Baku; Writing by John Roe and Ann Poe)",
        [("signature", "Reuters", None, "signature.reuters")],
        ("Jane Doe in Baku", "John Roe", "Ann Poe"),
    ),
    (
        "The terminal opens on Saturday.\n\n--IANS\nabc/xyz",
        [("signature", "IANS", None, "signature.sign_off")],
        (),
    ),
    (
        "BAKU, Azerbaijan, March 3. The fund's revenues grew in 2023, Trend reports.",
        [("signature", "Trend", None, "signature.reports")],
        (),
    ),
    (
        "Bakıda yeni metro stansiyası istifadəyə verilib, Trend xəbər verir.",
        [("signature", "Trend", None, "signature.az_xeber_verir")],
        (),
    ),
    (
        "В Баку открылась новая станция метро, сообщает Trend.",
        [("signature", "Trend", None, "signature.ru_reports")],
        (),
    ),
    # near misses
    ("(Reporting on the war has been restricted since the start of the year.)", [], ()),
    ("Trend reports are published daily on the exchange's website.", [], ()),
    ("Police reports show a rise in thefts in the capital.", [], ()),
    ("The score was 2-1.\n\n- Fine", [], ()),
]


@pytest.mark.parametrize(("text", "expected", "people"), SIGNATURES)
def test_signatures(
    text: str, expected: list[tuple[str, str, str | None, str]], people: tuple[str, ...]
) -> None:
    """Wire signatures name the agency (and the people of a Reuters signature)."""
    result = extract(text)
    assert expected == [(c.kind, c.agent, c.reporter, c.pattern) for c in result.credits]
    assert people == tuple(p for c in result.credits for p in c.people)
    check_spans(text, result)


# --- reporting phrases -------------------------------------------------------------------------

REPORTING = [
    (
        "The minister met the SCO chief, Trend reports, referring to the Azerbaijani Foreign Ministry.",
        [("reporting", "Azerbaijani Foreign Ministry", "Trend", "reporting.referring_to")],
    ),
    (
        "The armed forces held exercises, APA reports citing the Ministry of Defense.",
        [("reporting", "Ministry of Defense", "APA", "reporting.citing")],
    ),
    (
        "Cargo rose 60 percent, Report informs, citing the Ministry of Digital Development and Transport.",
        [("reporting", "Ministry of Digital Development and Transport", "Report", "reporting.citing")],
    ),
    (
        "GDP grew 1.1 percent, Trend reports with reference to the State Statistical Committee.",
        [("reporting", "State Statistical Committee", "Trend", "reporting.with_reference_to")],
    ),
    (
        "TASS reported, citing the Russian Defense Ministry, that six drones were downed.",
        [("reporting", "Russian Defense Ministry", "TASS", "reporting.citing")],
    ),
    (
        "Turkish media reported the incident, citing Anadolu Agency.",
        [("reporting", "Anadolu Agency", None, "reporting.citing")],
    ),
    (
        "According to the State Statistical Committee, inflation slowed to 0.9 percent.",
        [("reporting", "State Statistical Committee", None, "reporting.according_to")],
    ),
    (
        "Trade rose 8.7 percent, according to data from the General Administration of Customs.",
        [("reporting", "General Administration of Customs", None, "reporting.according_to")],
    ),
    (
        "According to Azerbaijan's Ministry of Economy, non-oil exports grew 9 percent.",
        [("reporting", "Azerbaijan's Ministry of Economy", None, "reporting.according_to")],
    ),
    (
        "SOCAR said in a statement on Monday that it had signed the contract.",
        [("reporting", "SOCAR", None, "reporting.said_in_statement")],
    ),
    (
        "Exports rose 3%, the Trade Ministry said in a statement on Friday.",
        [("reporting", "Trade Ministry", None, "reporting.said_in_statement")],
    ),
    (
        "A fire broke out in Baku, the press service of the Ministry of Emergency Situations told Trend.",
        [("reporting", "Ministry of Emergency Situations", None, "reporting.press_service_of")],
    ),
    (
        "The sides signed 15 documents, the press service of the President of Uzbekistan reported.",
        [("reporting", "President of Uzbekistan", None, "reporting.press_service_of")],
    ),
    (
        "The Akorda press service reports that the president received the minister.",
        [("reporting", "Akorda", None, "reporting.press_service")],
    ),
    (
        "Bloomberg reported on Monday that the deal was near.",
        [("reporting", "Bloomberg", None, "reporting.reports")],
    ),
    (
        "Trend News Agency reported earlier that talks would resume.",
        [("reporting", "Trend News Agency", None, "reporting.reports")],
    ),
    (
        "Байрамов встретился с генсеком ШОС, сообщает Trend со ссылкой на МИД Азербайджана.",
        [("reporting", "МИД Азербайджана", "Trend", "reporting.ru_citing")],
    ),
    (
        "Bu barədə Xarici İşlər Nazirliyinə istinadən Trend xəbər verir.",
        [("reporting", "Xarici İşlər Nazirliyi", "Trend", "reporting.az_istinaden")],
    ),
    # near misses: generic or anaphoric sources are no agents
    ("According to analysts, the lira will weaken further.", []),
    ("Exports rose, according to the ministry, driven by oil.", []),
    ("According to plan, construction will start in June.", []),
    ("The report, citing unnamed officials, said talks had stalled.", []),
    (
        "Bloomberg reported on Monday, citing people familiar with the matter.",
        [("reporting", "Bloomberg", None, "reporting.reports")],
    ),
    (
        "Bloomberg reported, citing people familiar with the matter.",
        [("reporting", "Bloomberg", None, "reporting.reports")],
    ),
    ("The company said in a statement that output would rise.", []),
    ("Officials said in a statement that the road was closed.", []),
    ("The ministry's press service told Report that the work would end in May.", []),
    ("In reference to the earlier decision, the court adjourned.", []),
    ("Sources said the deal could be signed next week.", []),
    ("Meanwhile he said in a statement that he would resign.", []),
]


@pytest.mark.parametrize(("text", "expected"), REPORTING)
def test_reporting_phrases(text: str, expected: list[tuple[str, str, str | None, str]]) -> None:
    """Reporting phrases name the primary source (and the reporter); generic sources are not agents."""
    result = extract(text)
    assert expected == [(c.kind, c.agent, c.reporter, c.pattern) for c in result.credits]
    check_spans(text, result)


def test_reporting_names_resolve() -> None:
    """The seed's three spellings of the ministry resolve to one agent; the reporter resolves too."""
    text = "The talks ended, Trend reports, referring to the Azerbaijani Foreign Ministry."
    (credit,) = extract(text).credits
    assert "Ministry of Foreign Affairs of Azerbaijan" == credit.name
    assert "Trend News Agency" == credit.reporter_resolved.name  # type: ignore[union-attr]
    assert "Trend reports, referring to the Azerbaijani Foreign Ministry" == text[slice(*credit.span)]
    assert "Azerbaijani Foreign Ministry" == text[slice(*credit.name_span)]  # type: ignore[misc]


def test_unknown_agents_are_kept_unresolved() -> None:
    """A name the registry does not know is kept as found, unresolved."""
    (credit,) = extract(
        "The deal was signed, Caspian Wire reports, referring to the Ministry of Energy."
    ).credits
    assert ("Ministry of Energy", None, "Caspian Wire", None) == (
        credit.agent,
        credit.resolved,
        credit.reporter,
        credit.reporter_resolved,
    )


def test_user_registry_resolves_its_agents() -> None:
    """A registry extended by the user resolves its agents in credits."""
    registry = Registry.default().extend(Path(__file__).resolve().parent.parent / "examples" / "agents.toml")
    (credit,) = extract("Prices fell.\n\nRead more at caspianwire.example", registry=registry).credits
    assert "Caspian Wire" == credit.name


# --- bylines and photo credits -------------------------------------------------------------------

BYLINES_AND_PHOTOS = [
    (
        "By Nazrin Abdul\n\nAzerbaijan and Georgia signed a deal.",
        [("byline", "Nazrin Abdul", None, "byline.by")],
    ),
    ("Written by Jane Doe\n\nThe talks ended.", [("byline", "Jane Doe", None, "byline.by")]),
    (
        "The minister arrived.\n\nPhoto: Trend\n\nThe talks focus on energy.",
        [("photo", "Trend", None, "photo.label")],
    ),
    (
        "Protesters gather. (AP Photo/Jane Doe)\n\nThousands rallied.",
        [("photo", "AP", None, "photo.agency_photo")],
    ),
    (
        "A view of the port.\nPhoto: REUTERS/Evelyn Hockstein\n\nCargo rose.",
        [("photo", "REUTERS", None, "photo.label")],
    ),
    ("The summit opened.\n\nPhoto credit: Getty Images", [("photo", "Getty Images", None, "photo.label")]),
    # near misses
    ("By the end of the year, output will double.", []),
    ("By Monday, the river had risen two metres.", []),
    ("Photos of the event were shared widely online.", []),
]


@pytest.mark.parametrize(("text", "expected"), BYLINES_AND_PHOTOS)
def test_bylines_and_photos(text: str, expected: list[tuple[str, str, str | None, str]]) -> None:
    """Bylines of people and photo credits are recorded as such, and are never sources."""
    result = extract(text)
    assert expected == [(c.kind, c.agent, c.reporter, c.pattern) for c in result.credits]
    assert () == result.sources


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("By Reuters Staff\n\nOil prices rose on Tuesday.", "Reuters Staff"),
        ("By TrendThe minister met the envoy on Tuesday.", "Trend"),  # glued by a portal's feed
    ],
)
def test_a_byline_naming_an_agency_signs_the_story(text: str, agent: str) -> None:
    """'By Trend' on a portal's page credits the agency as the story's source (a signature)."""
    (source,) = extract(text).sources
    assert ("signature", agent, "byline.agency") == (source.kind, source.agent, source.pattern)


def test_seed_credits(seed_text: str) -> None:
    """The seed: MENAFN's header credits Trend, Trend's lead credits the ministry, Baku 2024-02-06."""
    result = extract(seed_text)
    assert [
        ("header", "Trend News Agency", "MENAFN", "header.syndication"),
        ("reporting", "Azerbaijani Foreign Ministry", "Trend", "reporting.referring_to"),
    ] == [(c.kind, c.agent, c.reporter, c.pattern) for c in result.credits]
    assert ["Trend News Agency", "Ministry of Foreign Affairs of Azerbaijan"] == [
        c.name for c in result.credits
    ]
    assert "(MENAFN- Trend News Agency)" == seed_text[slice(*result.credits[0].span)]
    assert (
        Dateline(
            place="Baku",
            date=date(2024, 2, 6),
            country="Azerbaijan",
            span=(45, 74),
            pattern="dateline.period",
        )
        == result.dateline
    )
    assert "BAKU, Azerbaijan, February 6." == seed_text[45:74]


def test_records_validate() -> None:
    """Credit records refuse a kind outside KINDS and an inverted span."""
    with pytest.raises(ValueError, match="kind"):
        Credit(kind="rumour", agent="X", span=(0, 1), pattern="p")
    with pytest.raises(ValueError, match="span"):
        Credit(kind="header", agent="X", span=(5, 1), pattern="p")
    assert "photo" in KINDS


# --- robustness and speed ---------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "(MENAFN- ", ")", "Trend", " reports", ", referring to ", "the ", "Ministry", " of ", "\n", "\n\n",
        "Source: ", "Read more at ", "BAKU", ", Azerbaijan", ", February 6", ". ", "(Reuters) -",
        "According to ", "citing ", "said in a statement", "'s press service", "press service of ", "By ",
        "Photo: ", "/", "(AP Photo/", "--IANS", "сообщает ", "со ссылкой на ", "istinadən ", " xəbər verir",
        "\u00a9", "Copyright 2024", "(c)", " date 2024-02-07", "Feb 30", "\u200b", "İ", "ə", "\u2014",
        "(Reporting by ", ";", "[India]", "/PRNewswire/", "(GLOBE NEWSWIRE)", "--(BUSINESS WIRE)--", "\r\n",
    ]
)  # fmt: skip


@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40), st.one_of(st.none(), st.dates()))
def test_never_crashes_and_spans_point_into_the_text(parts: list[str], published: date | None) -> None:
    """Any text gives credits whose spans lie in the text and whose name spans hold the names."""
    text = "".join(parts)
    result = extract(text, published=published)
    for c in result.credits:
        assert 0 <= c.span[0] <= c.span[1] <= len(text)
        if c.name_span is not None and c.pattern != "reporting.az_istinaden":  # the dative suffix is dropped
            assert c.agent == text[slice(*c.name_span)].replace("\n", " ")
    if result.dateline is not None:
        assert 0 <= result.dateline.span[0] < result.dateline.span[1] <= len(text)


@given(st.text())
def test_never_crashes_on_any_text(text: str) -> None:
    """Arbitrary Unicode never makes extraction raise, and every credit's span lies in the text."""
    found = extract(text)
    assert all(0 <= c.span[0] <= c.span[1] <= len(text) for c in found.credits)


def test_adversarial_lines_are_read() -> None:
    """The 1 MB adversarial texts of benchmarks/credits_speed.py are read (their timing is measured there)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import credits_speed

    for name, text in credits_speed.ADVERSARIAL.items():
        assert len(text) >= 900_000, name
        assert isinstance(extract(text[:20_000]), Credits)


# --- precision and recall on the labelled set ----------------------------------------------------------


def _same(a: str, b: str, registry: Registry) -> bool:
    if normalise(a) == normalise(b):
        return True
    ra, rb = registry.resolve(a), registry.resolve(b)
    return ra is not None and ra == rb


def score(records: list[dict[str, object]]) -> tuple[int, int, int]:
    """True positives, false positives, false negatives: a credit counts when kind and agent agree."""
    registry = Registry.default()
    tp = fp = fn = 0
    for record in records:
        published = datetime.fromisoformat(str(record["published"])) if record.get("published") else None
        got = extract(str(record["text"]), published=published)
        expected = [(c["kind"], c["agent"]) for c in record["credits"]]  # type: ignore[attr-defined]
        for c in got.credits:
            hit = next((e for e in expected if e[0] == c.kind and _same(e[1], c.agent, registry)), None)
            if hit is None:
                fp += 1
            else:
                expected.remove(hit)
                tp += 1
        fn += len(expected)
    return tp, fp, fn


def labelled(split: str | None = None) -> list[dict[str, object]]:
    records = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in records if split is None or r.get("split", "dev") == split]


def test_labelled_set_is_well_formed() -> None:
    """The labelled set has 90+ snippets, near misses among them, every kind a known one."""
    records = labelled()
    assert len(records) >= 90
    assert sum(1 for r in records if not r["credits"]) >= 20
    assert {c["kind"] for r in records for c in r["credits"]} <= set(KINDS)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("split", "precision", "recall"), [("dev", 0.95, 0.95), ("heldout", 0.95, 0.75)])
def test_precision_and_recall_floors(split: str, precision: float, recall: float) -> None:
    """Credit extraction keeps its precision and recall on the labelled set (floors only rise)."""
    tp, fp, fn = score(labelled(split))
    assert tp / (tp + fp) >= precision
    assert tp / (tp + fn) >= recall


def test_labelled_datelines() -> None:
    """Every labelled dateline is found with its place and date, and no other is."""
    for record in labelled():
        published = datetime.fromisoformat(str(record["published"])) if record.get("published") else None
        line = extract(str(record["text"]), published=published).dateline
        got = (
            None
            if line is None
            else {"place": line.place, "date": line.date.isoformat() if line.date else None}
        )
        assert record["dateline"] == got, record["id"]


@pytest.mark.parametrize(
    "text",
    [
        "The agency (Reuters) said the talks ended.",
        "Read more about it in our archive. The talks ended.",
        "The talks ended.\n\nRepublished yesterday.",
        "BAKU. THE TALKS \u2013 ended today.",
        "PR Newswire said the release was sent.",
        "Он приехал, сообщает источник.",
        "The law changed, referring to the new rules.",
        "He met the press service of the ministry.",
        "Они встретились со ссылкой на",
        "(AP) photo of the day",
        "A photo by the river was taken.",
        "bu barədə nazirliyə istinadən dedi.",
        "xəbər verir",
    ],
)
def test_documented_near_misses(text: str) -> None:
    """The near misses of the patterns reference give no credit and no dateline."""
    result = extract(text)
    assert ((), None) == (result.credits, result.dateline)


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose, according to Witnesses.",
        "According to Diplomats, talks ended.",
        "Output rose, according to the Survey.",
    ],
)
def test_a_name_made_of_generic_words_is_no_credit(text: str) -> None:
    """The reader and the registry share one list of generic words: what never resolves is never read."""
    assert () == extract(text).credits


def test_finders_report_named_records() -> None:
    """Each finder reports a RawCredit record, read by field, never by position."""
    from provenance.credits.finders import _citing
    from provenance.credits.records import RawCredit

    text = "They met, Trend reports, referring to the Azerbaijani Foreign Ministry."
    (found,) = _citing(text)
    assert isinstance(found, RawCredit)
    assert ("reporting", "Azerbaijani Foreign Ministry", "Trend") == (found.kind, found.agent, found.reporter)
    assert "Azerbaijani Foreign Ministry" == text[slice(*found.name_span)]
