"""Agents: the bundled registry, resolution (exact, domain, fuzzy) and user files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance.errors import InputError, RegistryError
from provenance.registry import (
    FUZZY_CUTOFF,
    GENERIC,
    ROLES,
    Agent,
    Registry,
    host,
    normalise,
    upstream_rank,
    within,
)

ROOT = Path(__file__).resolve().parent.parent
MFA = "Ministry of Foreign Affairs of Azerbaijan"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.default()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Azerbaijani Foreign Ministry", MFA),
        ("Foreign Ministry of Azerbaijan", MFA),
        ("Azerbaijan's MFA", MFA),
        ("the Ministry of Foreign Affairs of the Republic of Azerbaijan", MFA),
        ("Azerbaijan\u2019s Foreign Ministry", MFA),
        ("МИД Азербайджана", MFA),
        ("Xarici İşlər Nazirliyi", MFA),
        ("Trend", "Trend News Agency"),
        ("TREND NEWS AGENCY", "Trend News Agency"),
        ("MENAFN", "MENAFN"),
        ("Middle East North Africa Financial Network", "MENAFN"),
        ("AP", "Associated Press"),
        ("The Associated Press", "Associated Press"),
        ("AFP", "Agence France-Presse"),
        ("Xinhua", "Xinhua News Agency"),
        ("ANI", "Asian News International"),
        ("GLOBE NEWSWIRE", "GlobeNewswire"),
        ("PRNewswire", "PR Newswire"),
        ("BUSINESS WIRE", "Business Wire"),
        ("Reuters staff", "Reuters"),
        ("Azerbaijan Energy Ministry", "Ministry of Energy of Azerbaijan"),
    ],
)
def test_exact_resolution(registry: Registry, name: str, expected: str) -> None:
    """Names, aliases and their spelling variants resolve exactly to the canonical agent."""
    found = registry.find(name)
    assert found is not None
    assert (expected, "exact") == (found.agent.name, found.how)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("https://www.menafn.com/1107812345/Azerbaijan-FM-meets-SCO-chief", "MENAFN"),
        ("menafn.com", "MENAFN"),
        ("en.trend.az", "Trend News Agency"),
        ("Trend.Az", "Trend News Agency"),  # an outlet named after its domain
        ("http://mfa.gov.az/en/news/123", MFA),
        ("news.yahoo.com", "Yahoo News"),
    ],
)
def test_domain_resolution(registry: Registry, name: str, expected: str) -> None:
    """Web addresses and hosts resolve by their domain or a parent domain."""
    found = registry.find(name)
    assert found is not None
    assert (expected, "domain") == (found.agent.name, found.how)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ministry of Foriegn Affairs of Azerbaijan", MFA),
        ("Associated Pres", "Associated Press"),
        ("Asian News Internatonal", "Asian News International"),
    ],
)
def test_fuzzy_resolution(registry: Registry, name: str, expected: str) -> None:
    """Typos resolve fuzzily, with a score at or above the cutoff."""
    found = registry.find(name)
    assert found is not None
    assert (expected, "fuzzy") == (found.agent.name, found.how)
    assert FUZZY_CUTOFF <= found.score < 100


@pytest.mark.parametrize(
    "name",
    [
        "analysts",
        "officials",
        "sources",
        "Sources",
        "the ministry",
        "Western diplomats",  # one word is not generic, but nothing matches it either
        "Foreign Ministry",  # whose? not resolved to Azerbaijan's
        "Ministry of Energy",
        "Ministry of Education of Azerbaijan",  # not Economy, not Energy
        "APP",  # short names are exact only: not AP, not APA
        "Reuter Street",
        "",
        "   ",
        "Caspian Wire",  # fictional: not in the default registry
        "example.com",
    ],
)
def test_no_resolution(registry: Registry, name: str) -> None:
    """Generic words, partial names, near-but-different names and unknown agents stay unresolved."""
    assert registry.resolve(name) is None


def test_every_default_agent_resolves_by_its_names(registry: Registry) -> None:
    """Each agent of the bundled registry resolves to itself by its name, each alias and each domain."""
    for agent in registry:
        assert agent.role in ROLES
        for name in (*agent.names, *agent.domains):
            found = registry.resolve(name)
            assert found is not None, name
            assert agent.name == found.name, name


def test_roles_of_the_seed_agents(registry: Registry) -> None:
    """The seed's agents carry the roles that decide direction: wire original, aggregator copy."""
    assert "wire" == registry.resolve("Trend News Agency").role  # type: ignore[union-attr]
    assert "aggregator" == registry.resolve("MENAFN").role  # type: ignore[union-attr]
    assert "government" == registry.resolve("Azerbaijani Foreign Ministry").role  # type: ignore[union-attr]


def test_fictional_agency_is_not_bundled_but_ships_as_an_example(registry: Registry) -> None:
    """Caspian Wire resolves only once the example registry file extends the default."""
    assert registry.resolve("Caspian Wire") is None
    extended = registry.extend(ROOT / "examples" / "agents.toml")
    wire = extended.resolve("www.caspianwire.example")
    assert wire is not None
    assert ("Caspian Wire", "wire") == (wire.name, wire.role)
    assert len(registry) + 8 == len(extended)
    assert registry.resolve("Caspian Wire") is None  # the default did not change


def test_user_json_file_replaces_an_agent(tmp_path: Path, registry: Registry) -> None:
    """A JSON file extends the registry; an agent of the same name replaces the bundled one."""
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps({"agents": [{"name": "MENAFN", "aliases": ["Menafn Wire Desk"], "role": "publisher"}]}),
        encoding="utf-8",
    )
    extended = registry.extend(path)
    agent = extended.resolve("Menafn Wire Desk")
    assert agent is not None
    assert ("MENAFN", "publisher", ()) == (agent.name, agent.role, agent.domains)
    assert len(registry) == len(extended)


def test_load_reads_only_the_file(tmp_path: Path) -> None:
    """Registry.load reads a TOML file alone, without the bundled agents."""
    path = tmp_path / "mine.toml"
    path.write_text('[[agent]]\nname = "Caspian Wire"\nrole = "wire"\n', encoding="utf-8")
    loaded = Registry.load(path)
    assert ["Caspian Wire"] == [a.name for a in loaded]
    assert loaded.resolve("Trend") is None


@pytest.mark.parametrize(
    ("text", "suffix", "message"),
    [
        ("[[agent]\nname=", ".toml", "not valid TOML"),
        ("{", ".json", "not valid JSON"),
        ('[[agent]]\nname = "X Wire"\nrole = "tabloid"\n', ".toml", "agent 1"),
        ('[[agent]]\nname = "X Wire"\nurl = "x"\n', ".toml", "unknown field"),
        ('title = "nothing"\n', ".toml", "no agents"),
        ('[[agent]]\nname = ""\n', ".toml", "must not be empty"),
        ('[[agent]]\nname = "X"\ncountry = "Azerbaijan"\n', ".toml", "agent 1"),
    ],
)
def test_bad_files_raise_registry_error(tmp_path: Path, text: str, suffix: str, message: str) -> None:
    """A bad registry file raises RegistryError (an InputError, a ValueError) naming the problem."""
    path = tmp_path / f"bad{suffix}"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=message) as caught:
        Registry.load(path)
    assert isinstance(caught.value, InputError)
    assert isinstance(caught.value, ValueError)


def test_two_agents_claiming_one_alias_raise() -> None:
    """Two different agents may not share a name or a domain: resolution would be ambiguous."""
    with pytest.raises(RegistryError, match="reads the same"):
        Registry([Agent(name="Trend News Agency"), Agent(name="Trend Wire", aliases=("Trend News Agency",))])
    with pytest.raises(RegistryError, match="domain"):
        Registry([Agent(name="A Wire", domains=("a.example",)), Agent(name="B Wire", domains=("a.example",))])


def test_normalise_is_order_and_filler_blind() -> None:
    """Normalisation ignores case, accents, word order and filler words, not the content words."""
    assert normalise("Ministry of Foreign Affairs of Azerbaijan") == normalise("azerbaijan foreign ministry")
    assert normalise("Ministry of Energy") != normalise("Ministry of Economy")
    assert "agency news trend" == normalise("Trend News Agency")


def _suffix_registry() -> Registry:
    """A registry whose agents claim public suffixes and registrable domains."""
    return Registry(
        [
            Agent(name="UK Sites", domains=("co.uk",), role="publisher"),
            Agent(name="Azerbaijan Government", domains=("gov.az",), role="government"),
            Agent(name="Azerbaijan", domains=("az",), role="unknown"),
            Agent(name="BBC", domains=("bbc.co.uk",), role="publisher"),
            Agent(name="News.Az", domains=("news.az",), role="publisher"),
        ]
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bbc.co.uk", "BBC"),
        ("www.bbc.co.uk", "BBC"),
        ("https://www.bbc.co.uk/news/world-123", "BBC"),
        ("news.bbc.co.uk", "BBC"),
        ("news.az", "News.Az"),
        ("en.news.az", "News.Az"),
        ("co.uk", "UK Sites"),  # the suffix itself, named as such
    ],
)
def test_domains_match_down_to_the_registrable_domain(name: str, expected: str) -> None:
    """A host resolves to the agent of itself or of a parent domain that is still registrable."""
    found = _suffix_registry().find(name)
    assert found is not None
    assert (expected, "domain") == (found.agent.name, found.how)


@pytest.mark.parametrize(
    "name", ["theguardian.co.uk", "mfa.gov.az", "https://mfa.gov.az/en", "trend.az", "notbbc.co.uk"]
)
def test_a_public_suffix_owns_no_site_under_it(name: str) -> None:
    """An agent that claims a public suffix (co.uk, gov.az, az) is not the agent of every site under it."""
    assert _suffix_registry().find(name) is None


@pytest.mark.parametrize(
    ("name", "domain", "expected"),
    [
        ("bbc.co.uk", "bbc.co.uk", True),
        ("news.bbc.co.uk", "bbc.co.uk", True),
        ("bbc.co.uk", "co.uk", False),
        ("mfa.gov.az", "gov.az", False),
        ("news.az", "az", False),
        ("notbbc.co.uk", "bbc.co.uk", False),  # a label boundary, not a string suffix
        ("bbc.co.uk", "news.bbc.co.uk", False),
    ],
)
def test_within_is_on_label_boundaries_and_stops_at_public_suffixes(
    name: str, domain: str, expected: bool
) -> None:
    """A host is within a domain when it is the domain or a subdomain of a registrable one."""
    assert expected == within(name, domain)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.BBC.co.uk/news/x", "bbc.co.uk"),
        ("http://mfa.gov.az:8080/en?x=1", "mfa.gov.az"),
        ("www2.example.com/a", "example.com"),
        ("menafn.com/1107/x", "menafn.com"),
        ("en.trend.az", "en.trend.az"),
        ("Trend News Agency", None),
        ("Trend", None),
        ("A.P.", None),
        ("http://[::1", None),
        ("", None),
        (None, None),
    ],
)
def test_host_reads_addresses_and_bare_domains_only(value: str | None, expected: str | None) -> None:
    """One host parser: a URL's host or a bare domain, lower-case and without www.; a name has none."""
    assert expected == host(value)


def test_find_is_cached_per_registry() -> None:
    """A registry resolves each name once: the second find returns the same Resolution object."""
    registry = Registry.default().extend([Agent(name="Caspian Wire", role="wire")])
    first = registry.find("Caspian  wire")
    assert first is not None
    assert first is registry.find("Caspian  wire")
    assert registry.find("officials") is None
    assert registry.find("officials") is None
    assert Registry.default().find("Caspian  wire") is None  # another registry, another cache


def test_generic_holds_the_credit_readers_generic_nouns() -> None:
    """The one list of generic words holds those the credit reader used to keep apart."""
    nouns = {"ministry", "government", "company", "agency", "committee", "office", "staff", "figures"}
    assert nouns <= GENERIC
    assert Registry.default().resolve("the Committee") is None


def test_role_order_puts_primary_sources_upstream_of_wires() -> None:
    """One order of roles: government and company, then wire, publisher (and unknown), aggregator."""
    roles = ("government", "company", "wire", "publisher", "unknown", "aggregator")
    ranks = [upstream_rank(r) for r in roles]
    assert [3, 3, 2, 1, 1, 0] == ranks
    assert upstream_rank(None) == upstream_rank("publisher")
