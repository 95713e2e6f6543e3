"""Attribution chains: the seed, the bundled example, and each verdict on a credit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
import pytest

from conftest import EXAMPLE
from provenance import Article, compare, read, scan
from provenance.chain import (
    ACCUSE,
    CONFIRMED,
    MISCREDIT,
    UNCREDITED,
    UNVERIFIABLE,
    Chain,
    chain,
    chains,
    describe,
)
from provenance.compare import Match
from provenance.relate import direct

MFA = "Ministry of Foreign Affairs of Azerbaijan"
ENERGY = "Ministry of Energy of Azerbaijan"
HEADER = "(MENAFN- Trend News Agency)"


def directed(original: Article, copy: Article) -> Match:
    """The comparison of a pair, with its direction set as the relate stage sets it."""
    return attrs.evolve(compare(original, copy), original=original.id, copy=copy.id, direction_confidence=0.9)


def summary(c: Chain) -> list[tuple[str, str, str | None, str | None]]:
    return [(link.agent, link.role, link.kind, link.article) for link in c.links]


# --- the seed ----------------------------------------------------------------------------------------


def test_seed_chain(seed_text: str) -> None:
    """The seed: MENAFN <- Trend News Agency <- the Foreign Ministry, Baku 2024-02-06, a republication."""
    page = Article(id="menafn-trend-2024-02-07", text=seed_text)
    c = chain(page)
    assert ["MENAFN", "Trend News Agency", MFA] == list(c.agents)
    assert [
        ("MENAFN", "publisher", "republished", "menafn-trend-2024-02-07"),
        ("Trend News Agency", "source", "cites", None),
        (MFA, "primary", None, None),
    ] == summary(c)
    assert ("aggregator", "wire", "government") == tuple(link.resolved.role for link in c.links)  # type: ignore[union-attr]
    assert c.dateline is not None
    assert ("Baku", date(2024, 2, 6)) == (c.dateline.place, c.dateline.date)
    assert [UNVERIFIABLE] == list(c.flag_names)  # Trend's own page is not in the collection
    header = next(e for e in c.links[1].evidence if e.pattern == "header.syndication")
    assert HEADER == seed_text[slice(*header.span)]  # type: ignore[misc]
    assert ("Trend News Agency", "Trend") == c.links[1].found


def test_seed_describe(seed_text: str) -> None:
    """The readable form of the seed's chain names each link and kind, the dateline and the flag."""
    text = describe(chain(Article(id="seed", text=seed_text)))
    assert (
        "seed: MENAFN <-republished- Trend News Agency <-cites- Ministry of Foreign Affairs of Azerbaijan\n"
        "  dateline: Baku, 2024-02-06\n"
        "  flag: credit not verifiable: no article of Trend News Agency seen"
    ) == text


def test_seed_credit_confirmed_by_trends_page(seed_text: str) -> None:
    """With Trend's page in the collection and matching, MENAFN's credit to Trend is confirmed."""
    trend = Article(id="trend", outlet="Trend", text=seed_text.split(HEADER, 1)[1].lstrip())
    menafn = Article(id="menafn", outlet="MENAFN", text=seed_text)
    c = chain(menafn, matches=[directed(trend, menafn)], articles=[trend, menafn])
    assert [CONFIRMED] == list(c.flag_names)
    assert "trend" == c.links[1].article
    assert "republished" == c.links[0].kind
    assert 1.0 == c.links[1].confidence
    assert ["Trend News Agency", MFA] == list(chain(trend, articles=[trend, menafn]).agents)


def test_seed_without_direction_uses_roles(seed_text: str) -> None:
    """Without a direction verdict or times, the wire's page is taken as the original of the aggregator's."""
    trend = Article(id="trend", outlet="Trend", text=seed_text.split(HEADER, 1)[1].lstrip())
    menafn = Article(id="menafn", outlet="MENAFN", text=seed_text)
    undirected = compare(menafn, trend)
    assert undirected.original is None
    c = chain(menafn, matches=[undirected], articles=[trend, menafn])
    assert [CONFIRMED] == list(c.flag_names)


# --- the bundled example ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example() -> dict[str, Article]:
    return {a.id: a for a in read(EXAMPLE)}


@pytest.fixture(scope="module")
def example_matches(example: dict[str, Article]) -> list[Match]:
    """The copy pairs of the example, each directed from the earlier article to the later."""
    copies = ["aggregator-copy", "footer-copy", "excerpt", "edited-copy", "wire-update"]
    original = example["wire-original"]
    pairs = [directed(original, example[key]) for key in copies]
    pairs.append(directed(example["aggregator-copy"], example["footer-copy"]))
    return pairs


def test_example_aggregator_copy_is_confirmed(
    example: dict[str, Article], example_matches: list[Match]
) -> None:
    """MENAFN's page credits Caspian Wire in its header, and matches the wire's article: confirmed."""
    c = chain(example["aggregator-copy"], matches=example_matches, articles=example)
    assert [
        ("MENAFN", "publisher", "republished", "aggregator-copy"),
        ("Caspian Wire", "source", "cites", "wire-original"),
        (ENERGY, "primary", None, None),
    ] == summary(c)
    assert [CONFIRMED] == list(c.flag_names)
    assert (
        c.links[1].resolved is None
    )  # fictional: not in the default registry, named after the feed's outlet
    assert {"credit", "text match"} == {e.what for e in c.links[1].evidence}


def test_example_footer_and_read_more_credits(
    example: dict[str, Article], example_matches: list[Match]
) -> None:
    """A "Source:" footer and a read-more link to the wire's domain are both confirmed; the excerpt quotes."""
    footer = chain(example["footer-copy"], matches=example_matches, articles=example)
    assert ["Baku Daily Ledger", "Caspian Wire", ENERGY] == list(footer.agents)
    assert [CONFIRMED] == list(footer.flag_names)
    excerpt = chain(example["excerpt"], matches=example_matches, articles=example)
    assert ["Energy Brief", "Caspian Wire", ENERGY] == list(excerpt.agents)
    assert ("quoted", "wire-original") == (excerpt.links[0].kind, excerpt.links[1].article)
    assert "caspianwire.example" in excerpt.links[1].found
    assert [CONFIRMED] == list(excerpt.flag_names)


def test_example_edited_copy_is_uncredited(example: dict[str, Article], example_matches: list[Match]) -> None:
    """The edited copy drops every credit but copies the wire's article: an uncredited copy."""
    c = chain(example["edited-copy"], matches=example_matches, articles=example)
    assert [UNCREDITED] == list(c.flag_names)
    assert [
        ("Eurasia Monitor", "publisher", "republished", "edited-copy"),
        ("Caspian Wire", "source", None, "wire-original"),
    ] == summary(c)
    assert c.links[1].inferred
    assert 0 < c.links[1].confidence < 1
    assert ("Caspian Wire", "wire-original") == (c.flags[0].agent, c.flags[0].article)


def test_example_update_is_a_revision(example: dict[str, Article], example_matches: list[Match]) -> None:
    """The wire's own update is a revision of its original, not a syndicated copy: no flag."""
    c = chain(example["wire-update"], matches=example_matches, articles=example)
    assert [
        ("Caspian Wire", "publisher", "revision", "wire-update"),
        ("Caspian Wire", "source", "cites", "wire-original"),
        (ENERGY, "primary", None, None),
    ] == summary(c)
    assert [] == list(c.flag_names)


def test_example_original_and_unrelated(example: dict[str, Article], example_matches: list[Match]) -> None:
    """The original cites the ministry and has no flag; stories on the same topic have bare chains."""
    assert ["Caspian Wire", ENERGY] == list(
        chain(example["wire-original"], matches=example_matches, articles=example).agents
    )
    for key in ("same-topic-1", "same-topic-2", "unrelated"):
        c = chain(example[key], matches=example_matches, articles=example)
        assert ([example[key].outlet], []) == (list(c.agents), list(c.flag_names))


def test_example_chains_end_to_end(example: dict[str, Article]) -> None:
    """scan then chains: the verdicts on the example's copies, whatever direction evidence the scan adds."""
    articles = list(example.values())
    found = {c.article: c for c in chains(articles, scan(articles))}
    assert list(example) == list(found)
    assert [CONFIRMED] == list(found["aggregator-copy"].flag_names)
    assert [CONFIRMED] == list(found["footer-copy"].flag_names)
    assert [CONFIRMED] == list(found["excerpt"].flag_names)
    assert [UNCREDITED] == list(found["edited-copy"].flag_names)
    assert [] == list(found["wire-original"].flag_names)
    assert "revision" == found["wire-update"].links[0].kind


def test_example_without_matches_cannot_verify(example: dict[str, Article]) -> None:
    """Without text matches, every credit of a copy is unverifiable and no copy is found uncredited."""
    found = {c.article: c for c in chains(example.values())}
    assert [UNVERIFIABLE] == list(found["aggregator-copy"].flag_names)
    assert "no article of Caspian Wire matches this one" == found["aggregator-copy"].flags[0].detail
    assert [] == list(found["edited-copy"].flag_names)


# --- verdicts on made-up collections ----------------------------------------------------------------

STORY = (
    "BAKU, Azerbaijan, May 2. The ministry opened a new border crossing with Georgia on Thursday. "
    "Trucks will pass in both directions around the clock. The crossing cost $40 million to build. "
    "Officials expect traffic to double within two years."
)


def at(hour: int) -> datetime:
    return datetime(2024, 5, 2, hour, 0, tzinfo=UTC)


def test_miscredit() -> None:
    """A page that names Reuters while its text matches Caspian Wire's article is miscredited."""
    wire = Article(id="wire", outlet="Caspian Wire", text=STORY, published=at(8))
    page = Article(id="page", outlet="Daily Page", text=STORY + "\n\nSource: Reuters", published=at(10))
    c = chain(page, matches=[directed(wire, page)], articles=[wire, page])
    assert [MISCREDIT] == list(c.flag_names)
    assert ("Reuters", "wire") == (c.flags[0].agent, c.flags[0].article)
    assert c.links[1].confidence < 0.5


def test_relay_is_no_miscredit() -> None:
    """A page that credits the wire but matches only an aggregator's copy crediting the wire is a relay."""
    aggregator = Article(id="agg", outlet="MENAFN", text="(MENAFN- Caspian Wire) " + STORY, published=at(9))
    page = Article(id="page", outlet="Daily Page", text=STORY + "\n\nSource: Caspian Wire", published=at(10))
    c = chain(page, matches=[directed(aggregator, page)], articles=[aggregator, page])
    assert [UNVERIFIABLE] == list(c.flag_names)
    assert "no article of Caspian Wire seen" == c.flags[0].detail


def test_a_publication_time_alone_accuses_no_one() -> None:
    """A match whose only sign of direction is the publication times flags neither article."""
    wire = Article(id="wire", outlet="Caspian Wire", text=STORY, published=at(8))
    page = Article(id="page", outlet="Daily Page", text=STORY, published=at(10))
    undirected = compare(page, wire)
    assert [] == list(chain(page, matches=[undirected], articles=[wire, page]).flag_names)
    assert [] == list(chain(wire, matches=[undirected], articles=[wire, page]).flag_names)


def test_an_original_is_not_flagged_when_a_copy_is_dated_before_it() -> None:
    """A copy whose feed time is skewed before its original's does not make the original a copy.

    Three republishers credit the wire; a fourth page, uncredited, carries a time hours before the
    wire's (a feed that stamps the time it fetched or a wrong time zone). Times alone point at the
    fourth page, but the wire is the decided original of the story: it is flagged with nothing, and
    the skewed page, which copies the wire's text without naming it, is the uncredited copy.
    """
    wire = Article(id="wire", outlet="Caspian Wire", text=STORY, published=at(10))
    credited = [
        Article(
            id=f"r{k}", outlet=f"Republisher {k}", text=STORY + "\n\nSource: Caspian Wire", published=at(11)
        )
        for k in range(3)
    ]
    skewed = Article(id="skewed", outlet="Daily Page", text=STORY, published=at(6))
    articles = [wire, *credited, skewed]
    found = {c.article: c for c in chains(articles, scan(articles))}
    assert [] == list(found["wire"].flag_names)
    assert [UNCREDITED] == list(found["skewed"].flag_names)
    assert found["skewed"].flags[0].confidence >= ACCUSE  # the story's evidence, not the times, accuses


def test_unknown_publisher() -> None:
    """An article with no outlet, header or address has an unknown publisher, and its credits still chain."""
    c = chain(
        Article(id="x", text="The talks ended, Trend reports, referring to the Azerbaijani Foreign Ministry.")
    )
    assert ["unknown publisher", "Trend News Agency", MFA] == list(c.agents)
    assert 0.0 == c.links[0].confidence


def test_publisher_from_web_address() -> None:
    """An article without an outlet is attributed to the agent of its web domain."""
    page = Article(id="x", url="https://www.menafn.com/1107/x", text="(MENAFN- Trend) The talks ended.")
    assert ["MENAFN", "Trend News Agency"] == list(chain(page).agents)


def test_self_credit_is_a_signature() -> None:
    """An outlet's own name in its text ("Trend reports") signs the story: no second link to itself."""
    wire = Article(id="w", outlet="Trend", text="BAKU, Azerbaijan, May 2. The talks ended, Trend reports.")
    c = chain(wire)
    assert (["Trend News Agency"], []) == (list(c.agents), list(c.flag_names))
    assert "signature.reports" in {e.pattern for e in c.links[0].evidence}


def test_chains_keeps_input_order() -> None:
    """chains() gives one chain per article, in the order given."""
    articles = [Article(id=k, outlet="X Times", text=f"Story number {k} ended.") for k in ("b", "a", "c")]
    assert ["b", "a", "c"] == [c.article for c in chains(articles)]


def test_without_direction_the_role_order_is_relates() -> None:
    """Undirected and untimed, a ministry's page is upstream of a wire's copy, as direct() decides too."""
    from provenance.chain.verdicts import _seen

    text = "The minister met the envoy. They discussed the vote. The sides also exchanged views."
    ministry = Article(id="mfa", outlet="Ministry of Foreign Affairs of Azerbaijan", text=text)
    wire = Article(id="trend", outlet="Trend", text=text)
    undirected = compare(ministry, wire)
    articles = {"mfa": ministry, "trend": wire}
    roles = {"mfa": "government", "trend": "wire"}
    from_wire = _seen(undirected, "trend", articles, roles)
    from_ministry = _seen(undirected, "mfa", articles, roles)
    assert from_wire is not None
    assert from_ministry is not None
    assert (True, False) == (from_wire.original, from_ministry.original)
    assert "mfa" == direct(undirected, ministry, wire).original
