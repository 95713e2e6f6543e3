"""Agents: the outlets, agencies and bodies that articles credit, with their names, aliases and roles.

A :class:`Registry` turns a name as found in a text (``"Azerbaijani Foreign Ministry"``,
``"Trend"``, ``"menafn.com"``) into one :class:`Agent` with a canonical name and a role.
The bundled registry (:meth:`Registry.default`) knows the wire agencies, the aggregators
and press-release services that carry their copy, and the Azerbaijani bodies that the
founding example cites; users extend it with their own TOML or JSON file.

Resolution, in order (:meth:`Registry.find`):

1. exact: the name, normalised, equals the normalised name or alias of an agent
   (case, accents, punctuation, word order, ``the``/``of``/``Republic``/``staff``, a possessive
   ``'s`` and country adjectives such as ``Azerbaijani`` do not count, and
   ``Foreign Ministry`` or ``MFA`` read as ``Ministry of Foreign Affairs``);
2. domain: the name is a web address or host whose domain, or a parent domain down to its
   registrable domain (the Public Suffix List's: ``bbc.co.uk``, never ``co.uk``), is an agent's;
3. fuzzy: RapidFuzz's ``token_sort_ratio`` of the normalised forms is at least
   :data:`FUZZY_CUTOFF`, *and* every word on each side has a look-alike (ratio at
   least :data:`WORD_CUTOFF`) on the other, so that a typo or a reordering resolves
   while ``Ministry of Energy`` never becomes ``Ministry of Economy``. Names and
   aliases shorter than :data:`FUZZY_MIN_LENGTH` characters resolve exactly only
   (``AP`` is not ``AFP``).

Generic words (:data:`GENERIC`: ``analysts``, ``officials``, ``sources``...) never resolve.
Resolutions are cached per registry: a registry never changes.

This module is also the one home of what other stages need to know about agents: the order
of roles from upstream to downstream (:data:`ROLE_RANK`, :func:`upstream_rank`), the words
that name nobody (:data:`GENERIC`) or no outlet in particular (:data:`OUTLET_WORDS`), and the
host of a web address (:func:`host`, :func:`within`).

Examples:
    >>> registry = Registry.default()
    >>> registry.resolve("Azerbaijan's MFA").name
    'Ministry of Foreign Affairs of Azerbaijan'
    >>> registry.resolve("Trend").role, registry.resolve("https://menafn.com/1107/x").name
    ('wire', 'MENAFN')
    >>> registry.resolve("analysts") is None
    True
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
from publicsuffixlist import PublicSuffixList
from rapidfuzz import fuzz, process

from provenance.errors import RegistryError

__all__ = [
    "FUZZY_CUTOFF",
    "FUZZY_MIN_LENGTH",
    "GENERIC",
    "OUTLET_WORDS",
    "ROLES",
    "ROLE_RANK",
    "UNKNOWN_RANK",
    "WORD_CUTOFF",
    "Agent",
    "Registry",
    "Resolution",
    "host",
    "normalise",
    "registrable",
    "upstream_rank",
    "within",
]

ROLES = ("wire", "aggregator", "publisher", "government", "company", "unknown")
"""Agent roles: a wire agency (the original of syndicated copy), an aggregator (republishes
others' copy), a publisher (a newspaper or site), a government body, a company, or unknown."""

ROLE_RANK = {"government": 3, "company": 3, "wire": 2, "publisher": 1, "aggregator": 0}
"""Who is upstream of whom when two agents' texts are copies: primary sources (government
bodies, companies) first, then wire agencies, publishers, aggregators; higher is upstream.
The one order of roles: direction evidence (:func:`provenance.relate.direct`) and attribution
chains (:mod:`provenance.chain`) both read it."""
UNKNOWN_RANK = ROLE_RANK["publisher"]
"""The rank of an outlet the registry does not know (or knows with the role ``unknown``): most
outlets are publishers."""


def upstream_rank(role: str | None) -> int:
    """The :data:`ROLE_RANK` of a role; :data:`UNKNOWN_RANK` for ``unknown``, None or another value.

    Examples:
        >>> upstream_rank("government") > upstream_rank("wire") > upstream_rank(None)
        True
    """
    return ROLE_RANK.get(role or "", UNKNOWN_RANK)


FUZZY_CUTOFF = 90.0
"""Smallest RapidFuzz ``token_sort_ratio`` (0 to 100) of two normalised names for a fuzzy resolution."""
WORD_CUTOFF = 80.0
"""Smallest ``fuzz.ratio`` for two words to count as look-alikes in a fuzzy resolution."""
FUZZY_MIN_LENGTH = 6
"""Normalised names shorter than this resolve exactly or not at all."""

GENERIC = frozenset(
    {
        "analyst", "analysts", "official", "officials", "source", "sources", "expert", "experts",
        "observer", "observers", "reports", "media", "press", "witness", "witnesses", "resident",
        "residents", "diplomat", "diplomats", "authority", "authorities", "government", "ministry",
        "company", "agency", "police", "spokesman", "spokesperson", "spokeswoman", "people", "data",
        "estimate", "estimates", "investor", "investors", "trader", "traders", "economist",
        "economists", "lawmaker", "lawmakers", "insider", "insiders", "statement", "statements",
        "study", "survey", "committee", "office", "staff", "figures",
    }
)  # fmt: skip
"""Words that name nobody in particular; a name made only of these (and ``the``) never resolves,
and the credit reader reads no name made only of these."""
OUTLET_WORDS = frozenset(
    {"the", "news", "agency", "daily", "times", "press", "media", "online", "network", "group", "tv",
     "radio", "post", "herald", "journal", "service", "wire", "report", "reports", "today"}
)  # fmt: skip
"""Words common to outlet names (``news``, ``daily``, ``times``...): sharing only these, two
outlet names do not name the same outlet."""

_CACHED_NAMES = 1 << 16  # resolutions a registry keeps

_DROP = frozenset({"the", "of", "republic", "s", "and", "for", "staff"})
_ADJECTIVES = {
    "azerbaijani": "azerbaijan",
    "azeri": "azerbaijan",
    "russian": "russia",
    "turkish": "turkey",
    "turkiye": "turkey",
    "kazakh": "kazakhstan",
    "kazakhstani": "kazakhstan",
    "georgian": "georgia",
    "iranian": "iran",
    "chinese": "china",
    "indian": "india",
    "uzbek": "uzbekistan",
    "armenian": "armenia",
}
_PHRASES = (
    (re.compile(r"\bforeign affairs ministry\b"), "ministry foreign affairs"),
    (re.compile(r"\bforeign ministry\b"), "ministry foreign affairs"),
    (re.compile(r"\bmfa\b"), "ministry foreign affairs"),
    (re.compile(r"\bmofa\b"), "ministry foreign affairs"),
    (re.compile(r"\bdefen[cs]e ministry\b"), "ministry defense"),
    (re.compile(r"\bdefence\b"), "defense"),
    (re.compile(r"\benergy ministry\b"), "ministry energy"),
    (re.compile(r"\beconomy ministry\b"), "ministry economy"),
    (re.compile(r"\bfinance ministry\b"), "ministry finance"),
    (re.compile(r"\bhealth ministry\b"), "ministry health"),
)
_APOSTROPHE = re.compile(r"['\u2019\u02bc`]s\b")
_NON_WORD = re.compile(r"[^\w]+")
_HOST = re.compile(r"^(?:www\d?\.)?((?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24})(?:[:/?#]|$)")


def normalise(name: str) -> str:
    """The comparison key of a name: folded, stripped of filler, words sorted.

    Args:
        name: A name as found in a text.

    Returns:
        Lower-case ASCII-folded words, without ``the``, ``of``, ``and``,
        ``Republic``, ``staff`` or a possessive ``'s``, country adjectives made nouns,
        ``Foreign Ministry``/``MFA`` spelled ``ministry foreign affairs``, sorted.

    Examples:
        >>> normalise("Azerbaijan's MFA") == normalise("the Foreign Ministry of the Republic of Azerbaijan")
        True
        >>> normalise("Trend News Agency")
        'agency news trend'
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u0131", "i").casefold()  # dotless i (Azerbaijani, Turkish)
    text = text.replace("&", " and ")
    text = _APOSTROPHE.sub("", text)
    text = _NON_WORD.sub(" ", text)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    words = [_ADJECTIVES.get(w, w) for w in text.split() if w not in _DROP]
    return " ".join(sorted(words))


def host(value: str | None) -> str | None:
    """The host of a web address or a bare domain: lower-case, without ``www.``; else None.

    A value with a scheme (``https://...``) is read as a URL; any other must look like a
    domain (dotted labels, no spaces), with an optional path, to have a host.

    Args:
        value: A web address, a bare domain (``trend.az``, ``menafn.com/1107/x``) or a name.

    Returns:
        The host name, or None when the value is no web address or domain.

    Examples:
        >>> host("https://www.BBC.co.uk/news/x"), host("en.trend.az"), host("Trend News Agency")
        ('bbc.co.uk', 'en.trend.az', None)
    """
    if not value:
        return None
    text = value.strip().casefold()
    if "://" in text:
        try:
            name = urlsplit(text).hostname
        except ValueError:  # a malformed address (an unclosed IPv6 bracket)
            return None
        if not name or any(ch.isspace() for ch in name):
            return None
        return name.removeprefix("www.")
    if " " in text or "." not in text:
        return None
    m = _HOST.match(text)
    return m.group(1) if m else None


@functools.cache
def _suffix_list() -> PublicSuffixList:
    return PublicSuffixList()  # the list the package ships: read once, when first needed


@functools.lru_cache(maxsize=4096)
def registrable(domain: str) -> str | None:
    """The registrable domain of a host (the Public Suffix List's), or None for a public suffix.

    Examples:
        >>> registrable("news.bbc.co.uk"), registrable("co.uk"), registrable("mfa.gov.az")
        ('bbc.co.uk', None, 'mfa.gov.az')
    """
    return _suffix_list().privatesuffix(domain)


def within(name: str, domain: str) -> bool:
    """Whether a host is a domain or one of its subdomains, on label boundaries.

    A public suffix (``co.uk``, ``gov.az``, ``az``) holds no host but itself: ``bbc.co.uk``
    is not within ``co.uk``.

    Examples:
        >>> within("www.bbc.co.uk".removeprefix("www."), "bbc.co.uk"), within("bbc.co.uk", "co.uk")
        (True, False)
        >>> within("news.az", "az"), within("mfa.gov.az", "gov.az"), within("notbbc.co.uk", "bbc.co.uk")
        (False, False, False)
    """
    if name == domain:
        return True
    return name.endswith("." + domain) and registrable(domain) is not None


def _tuple_of_str(_: object, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v for v in value):
        msg = f"{attribute.name} must be a tuple of non-empty strings, got {value!r}"
        raise TypeError(msg)


def _nonempty(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value.strip():
        msg = f"{attribute.name} must not be empty"
        raise ValueError(msg)


def _domains(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(v.strip().casefold().removeprefix("www.") for v in values)


@attrs.frozen(kw_only=True)
class Agent:
    """An outlet, agency, body or company that can be credited.

    Attributes:
        name: The canonical name (``"Ministry of Foreign Affairs of Azerbaijan"``).
        aliases: Other names it goes by (``"Azerbaijani Foreign Ministry"``, ``"MFA"``...).
        domains: Its web domains, without ``www.`` (``"mfa.gov.az"``).
        role: One of :data:`ROLES`.
        country: An ISO 3166 alpha-2 country code, when it has one.

    Examples:
        >>> Agent(name="Caspian Wire", domains=("www.CaspianWire.example",), role="wire").domains
        ('caspianwire.example',)
    """

    name: str = attrs.field(validator=[attrs.validators.instance_of(str), _nonempty])
    aliases: tuple[str, ...] = attrs.field(default=(), converter=tuple, validator=_tuple_of_str)
    domains: tuple[str, ...] = attrs.field(default=(), converter=_domains, validator=_tuple_of_str)
    role: str = attrs.field(default="unknown", validator=attrs.validators.in_(ROLES))
    country: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.matches_re(r"[A-Z]{2}"))
    )

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)


@attrs.frozen(kw_only=True)
class Resolution:
    """How a name was resolved to an agent.

    Attributes:
        agent: The agent.
        how: ``"exact"``, ``"domain"`` or ``"fuzzy"``.
        score: 100 for exact and domain resolutions, the RapidFuzz score (0 to 100) for fuzzy ones.
        matched: The name, alias or domain of the agent that matched.
    """

    agent: Agent
    how: str = attrs.field(validator=attrs.validators.in_(("exact", "domain", "fuzzy")))
    score: float = attrs.field(validator=[attrs.validators.ge(0.0), attrs.validators.le(100.0)])
    matched: str


def _generic(key: str) -> bool:
    return not key or all(w in GENERIC for w in key.split())


def _words_alike(a: str, b: str) -> bool:
    """Whether every word of each key has a look-alike among the words of the other."""
    wa, wb = a.split(), b.split()

    def covered(xs: list[str], ys: list[str]) -> bool:
        return all(any(fuzz.ratio(x, y, score_cutoff=WORD_CUTOFF) for y in ys) for x in xs)

    return covered(wa, wb) and covered(wb, wa)


class Registry:
    """A set of agents, looked up by name, alias or web domain.

    Registries do not change: :meth:`extend` returns a new one. An agent read later
    replaces an earlier one with the same canonical name.

    Args:
        agents: The agents.

    Raises:
        RegistryError: Two different agents claim the same normalised name or domain.

    Examples:
        >>> caspian = Agent(name="Caspian Wire", domains=("caspianwire.example",), role="wire")
        >>> registry = Registry.default().extend([caspian])
        >>> registry.resolve("www.caspianwire.example").name, registry.resolve("Caspian  wire").role
        ('Caspian Wire', 'wire')
    """

    def __init__(self, agents: Iterable[Agent] = ()) -> None:
        by_name: dict[str, Agent] = {}
        for agent in agents:
            by_name[agent.name] = agent
        self._agents = tuple(by_name.values())
        self._keys: dict[str, tuple[Agent, str]] = {}
        self._domains: dict[str, Agent] = {}
        for agent in self._agents:
            for name in agent.names:
                key = normalise(name)
                if not key:
                    continue
                held = self._keys.get(key)
                if held is not None and held[0].name != agent.name:
                    msg = (
                        f"{name!r} of {agent.name!r} reads the same as {held[1]!r} of {held[0].name!r}: "
                        "remove the alias from one of them"
                    )
                    raise RegistryError(msg)
                self._keys[key] = (agent, name)
            for domain in agent.domains:
                held_agent = self._domains.get(domain)
                if held_agent is not None and held_agent.name != agent.name:
                    msg = f"domain {domain!r} belongs to both {held_agent.name!r} and {agent.name!r}"
                    raise RegistryError(msg)
                self._domains[domain] = agent
        self._fuzzy = {key: key for key in self._keys if len(key) >= FUZZY_MIN_LENGTH}
        # a registry never changes: each name is resolved once (up to _CACHED_NAMES names)
        self._found: dict[str, Resolution | None] = {}

    @classmethod
    def default(cls) -> Registry:
        """The bundled registry (``provenance/agents.toml``), read once.

        Returns:
            The registry of wire agencies, aggregators, press-release services,
            Azerbaijani outlets and government bodies that ships with the library.
        """
        return _default()

    @classmethod
    def load(cls, path: str | Path) -> Registry:
        """Read a registry from a TOML or JSON file (and nothing else).

        The file holds a list of agents, each a table (TOML ``[[agent]]``) or object
        (JSON ``{"agents": [...]}`` or a bare list) with ``name`` and, optionally,
        ``aliases``, ``domains``, ``role`` and ``country``.

        Args:
            path: A ``.toml`` or ``.json`` file.

        Returns:
            The registry of the agents in the file.

        Raises:
            RegistryError: The file cannot be parsed or an entry is invalid.
            OSError: The file cannot be read.
        """
        return cls(_read(Path(path)))

    def extend(self, more: str | Path | Iterable[Agent]) -> Registry:
        """A new registry with more agents: from a TOML/JSON file or an iterable of agents.

        Args:
            more: A file path (read as by :meth:`load`), or agents.

        Returns:
            A new registry: these agents plus ``more``; an agent in ``more`` replaces one
            of the same canonical name.

        Raises:
            RegistryError: The file cannot be parsed, an entry is invalid, or a name or
                domain is claimed by two agents.
        """
        added = _read(Path(more)) if isinstance(more, str | Path) else list(more)
        return Registry([*self._agents, *added])

    @property
    def agents(self) -> tuple[Agent, ...]:
        """The agents, in the order they were given."""
        return self._agents

    def __iter__(self) -> Iterator[Agent]:
        return iter(self._agents)

    def __len__(self) -> int:
        return len(self._agents)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.find(name) is not None

    def get(self, name: str) -> Agent | None:
        """The agent with this exact canonical name, or None."""
        return next((a for a in self._agents if a.name == name), None)

    def find(self, name: str) -> Resolution | None:
        """Resolve a name, and say how.

        Args:
            name: A name, alias, web address or domain, as found in a text.

        Returns:
            The resolution, or None when no agent matches (or the name is generic).

        Examples:
            >>> r = Registry.default().find("Ministry of Foriegn Affairs of Azerbaijan")
            >>> r.agent.name, r.how, r.score >= FUZZY_CUTOFF
            ('Ministry of Foreign Affairs of Azerbaijan', 'fuzzy', True)
        """
        if not isinstance(name, str):
            return None
        try:
            return self._found[name]
        except KeyError:
            pass
        found = self._resolve(name)
        if len(self._found) < _CACHED_NAMES:
            self._found[name] = found
        return found

    def _resolve(self, name: str) -> Resolution | None:
        """:meth:`find` without its cache."""
        name = name.strip()[:200]
        found = self._by_domain(name)
        key = normalise(name)
        if found is None and not _generic(key):
            held = self._keys.get(key)
            if held is not None:
                found = Resolution(agent=held[0], how="exact", score=100.0, matched=held[1])
            elif len(key) >= FUZZY_MIN_LENGTH:
                found = self._by_fuzz(key)
        return found

    def _by_fuzz(self, key: str) -> Resolution | None:
        for other, score, _ in process.extract(
            key, self._fuzzy, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF, limit=5
        ):
            if _words_alike(key, other):
                agent, matched = self._keys[other]
                return Resolution(agent=agent, how="fuzzy", score=round(float(score), 2), matched=matched)
        return None

    def _by_domain(self, name: str) -> Resolution | None:
        """The agent of the host, or of a parent domain down to the host's registrable domain."""
        found = host(name)
        if found is None:
            return None
        parts = found.split(".")
        for k in range(len(parts) - 1):
            domain = ".".join(parts[k:])
            if not within(found, domain):  # past the registrable domain: a public suffix
                break
            agent = self._domains.get(domain)
            if agent is not None:
                return Resolution(agent=agent, how="domain", score=100.0, matched=domain)
        return None

    def resolve(self, name: str) -> Agent | None:
        """The agent a name refers to, or None.

        Args:
            name: A name, alias, web address or domain, as found in a text.

        Returns:
            The agent, or None when none matches (unknown agents stay unresolved).

        Examples:
            >>> registry = Registry.default()
            >>> names = ("Azerbaijani Foreign Ministry", "Foreign Ministry of Azerbaijan", "Azerbaijan's MFA")
            >>> {registry.resolve(n).name for n in names}
            {'Ministry of Foreign Affairs of Azerbaijan'}
            >>> registry.resolve("officials") is None
            True
        """
        found = self.find(name)
        return None if found is None else found.agent


def _agent(entry: object, where: str) -> Agent:
    if not isinstance(entry, Mapping):
        msg = f"{where}: an agent must be a table/object with a 'name', got {type(entry).__name__}"
        raise RegistryError(msg)
    unknown = set(entry) - {"name", "aliases", "domains", "role", "country"}
    if unknown:
        msg = f"{where}: unknown field(s) {sorted(unknown)}; use name, aliases, domains, role, country"
        raise RegistryError(msg)
    try:
        return Agent(
            name=entry.get("name", ""),
            aliases=tuple(entry.get("aliases", ())),
            domains=tuple(entry.get("domains", ())),
            role=entry.get("role", "unknown"),
            country=entry.get("country"),
        )
    except (TypeError, ValueError) as error:
        msg = f"{where}: {error} (roles: {', '.join(ROLES)})"
        raise RegistryError(msg) from None


def _entries(data: Any, source: str) -> list[Agent]:
    if isinstance(data, Mapping):
        items = data.get("agent", data.get("agents"))
        if items is None:
            msg = f"{source}: no agents: write them as [[agent]] tables (TOML) or an 'agents' list (JSON)"
            raise RegistryError(msg)
    else:
        items = data
    if not isinstance(items, list):
        msg = f"{source}: the agents must be a list"
        raise RegistryError(msg)
    return [_agent(entry, f"{source}: agent {n}") for n, entry in enumerate(items, start=1)]


def _read(path: Path) -> list[Agent]:
    text = path.read_text(encoding="utf-8")
    return _parse(text, path.name, json_format=path.suffix.casefold() == ".json")


def _parse(text: str, source: str, *, json_format: bool) -> list[Agent]:
    try:
        data = json.loads(text) if json_format else tomllib.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        kind = "JSON" if json_format else "TOML"
        msg = f"{source}: not valid {kind}: {error}"
        raise RegistryError(msg) from None
    return _entries(data, source)


@functools.cache
def _default() -> Registry:
    text = resources.files("provenance").joinpath("agents.toml").read_text(encoding="utf-8")
    return Registry(_parse(text, "agents.toml", json_format=False))
