"""W3C PROV export of attribution chains and matches (the ``prov`` extra); see :mod:`provenance.export`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from provenance._escape import escape
from provenance.article import Article
from provenance.chain import Chain, Link
from provenance.compare import Match
from provenance.errors import MissingExtraError

if TYPE_CHECKING:
    from prov.model import ProvDocument

__all__ = ["PROV_NAMESPACES", "prov_json", "prov_n", "to_prov"]

PROV_NAMESPACES = {
    "art": "urn:wire-provenance:article:",
    "ag": "urn:wire-provenance:agent:",
    "pv": "urn:wire-provenance:ns#",
}
"""The namespaces of the PROV export: articles, agents, and the library's own terms."""


def _prov() -> Any:
    try:
        from prov import model  # noqa: PLC0415 - an optional extra, imported when used
    except ImportError:
        msg = "W3C PROV export needs the 'prov' package: pip install 'wire-provenance[prov]'"
        raise MissingExtraError(msg) from None
    return model


def _local(text: str) -> str:
    """A PROV local name: anything but letters, digits, ``-`` and ``_`` percent-encoded."""
    return quote(text, safe="-_").replace(".", "%2E") or "_"


def to_prov(
    chains: Iterable[Chain] = (),
    *,
    matches: Iterable[Match] = (),
    articles: Iterable[Article] | Mapping[str, Article] | None = None,
) -> ProvDocument:
    """A W3C PROV document of attribution chains and text matches.

    Articles are entities (``art:``), outlets and sources agents (``ag:``). The document
    keeps what the articles *say* apart from what the library *infers*, in two bundles:

    * ``pv:claims``: each article ``wasAttributedTo`` its publisher, and ``wasInfluencedBy``
      each source and primary source its text credits (only the agent is known), with the
      credit's pattern and evidence;
    * ``pv:inferences``: each copy ``wasQuotedFrom`` its original (syndication, excerpts),
      each same-outlet update ``wasRevisionOf`` the earlier article, a cited source whose
      article was seen is a ``hadPrimarySource``, all with their scores (confidence,
      coverage, relation); an article's flags are attributes of its entity there.

    Args:
        chains: Attribution chains.
        matches: Text matches; those that no chain covers are exported as inferences too.
        articles: The articles (for titles, outlets and web addresses).

    Returns:
        A ``prov.model.ProvDocument``.

    Raises:
        MissingExtraError: The ``prov`` extra is not installed (an :class:`ImportError`).

    Examples:
        >>> from provenance import Article
        >>> from provenance.chain import chain
        >>> page = Article(id="p", outlet="MENAFN", text="(MENAFN- Trend) BAKU, Azerbaijan, February 6. "
        ...                "Talks ended, Trend reports, referring to the Azerbaijani Foreign Ministry.")
        >>> doc = to_prov([chain(page)])
        >>> sorted(str(b.identifier) for b in doc.bundles)
        ['pv:claims', 'pv:inferences']
    """
    return _document(chains, matches, articles, shown=str)


def _document(
    chains: Iterable[Chain],
    matches: Iterable[Match],
    articles: Iterable[Article] | Mapping[str, Article] | None,
    *,
    shown: Callable[[str], str],
) -> ProvDocument:
    writer = _ProvWriter(_prov(), articles, shown=shown)
    covered: set[frozenset[str]] = set()
    for chain in chains:
        covered |= writer.chain(chain)
    for m in matches:
        if frozenset((m.a, m.b)) not in covered and m.original is not None:
            writer.match(m)
    return writer.doc


class _ProvWriter:
    """Writes chains and matches into one PROV document, declaring each article and agent once."""

    def __init__(
        self,
        model: Any,
        articles: Iterable[Article] | Mapping[str, Article] | None,
        *,
        shown: Callable[[str], str],
    ) -> None:
        self.model = model
        self.shown = shown
        self.doc: ProvDocument = model.ProvDocument()
        for prefix, uri in PROV_NAMESPACES.items():
            self.doc.add_namespace(prefix, uri)
        self.claims = self.doc.bundle("pv:claims")
        self.inferences = self.doc.bundle("pv:inferences")
        self.known = dict(articles) if isinstance(articles, Mapping) else {a.id: a for a in articles or ()}
        self.entities: set[str] = set()
        self.agents: set[str] = set()

    def values(self, attributes: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
        """The attributes with each text value as the document shows it."""
        return [(name, self.shown(v) if isinstance(v, str) else v) for name, v in attributes]

    def entity(self, key: str) -> str:
        name = "art:" + _local(key)
        if key not in self.entities:
            self.entities.add(key)
            attributes: list[tuple[Any, Any]] = [(self.model.PROV_TYPE, "pv:Article"), ("pv:id", key)]
            article = self.known.get(key)
            if article is not None:
                attributes += [(self.model.PROV_LABEL, article.title)] if article.title else []
                attributes += [("pv:outlet", article.outlet)] if article.outlet else []
                attributes += [("pv:url", article.url)] if article.url else []
                attributes += [("pv:published", article.published.isoformat())] if article.published else []
            self.doc.entity(name, self.values(attributes))
        return name

    def agent(self, link: Link) -> str:
        name = "ag:" + _local(link.agent)
        if link.agent not in self.agents:
            self.agents.add(link.agent)
            attributes: list[tuple[Any, Any]] = [
                (self.model.PROV_TYPE, self.model.PROV["Organization"]),
                (self.model.PROV_LABEL, link.agent),
                ("pv:resolved", "yes" if link.resolved else "no"),
            ]
            if link.resolved:
                attributes.append(("pv:role", link.resolved.role))
            self.doc.agent(name, self.values(attributes))
        return name

    def chain(self, chain: Chain) -> set[frozenset[str]]:
        """Write one chain; return the pairs of articles it relates."""
        me = self.entity(chain.article)
        covered: set[frozenset[str]] = set()
        links = list(chain.links)
        for k, link in enumerate(links):
            who = self.agent(link)
            said = [e for e in link.evidence if e.what in ("credit", "outlet")]
            detail = [("pv:evidence", e.detail) for e in said]
            detail += [("pv:pattern", e.pattern) for e in said if e.pattern]
            if link.role == "publisher":
                self.claims.wasAttributedTo(me, who, other_attributes=self.values(detail) or None)
                continue
            if not link.inferred:
                upstream = links[k - 1] if link.role == "source" else _citing(links)
                kind = (upstream.kind if upstream is not None else None) or "cites"
                self.claims.influence(
                    me,
                    who,
                    other_attributes=self.values([("pv:role", link.role), ("pv:kind", kind), *detail]),
                )
            if link.article is not None and link.article != chain.article:
                covered.add(frozenset((chain.article, link.article)))
                self.inferred(me, link, links[k - 1].kind if k > 0 else None)
        if chain.flags:
            self.inferences.entity(me, self.values([("pv:flag", f.name) for f in chain.flags]))
        return covered

    def inferred(self, me: str, link: Link, via: str | None) -> None:
        other = self.entity(str(link.article))
        scores: list[tuple[str, Any]] = [
            ("pv:confidence", link.confidence),
            ("pv:inferred", "yes" if link.inferred else "no"),
        ]
        scores += [
            ("pv:coverage", e.score) for e in link.evidence if e.what == "text match" and e.score is not None
        ]
        if link.role == "primary":
            self.inferences.hadPrimarySource(me, other, other_attributes=scores)
        elif via == "revision":
            self.inferences.wasRevisionOf(me, other, other_attributes=scores)
        else:
            self.inferences.wasQuotedFrom(
                me, other, other_attributes=[("pv:kind", via or "republished"), *scores]
            )

    def match(self, m: Match) -> None:
        original = str(m.original)
        copy = m.copy or (m.b if original == m.a else m.a)
        scores = [
            ("pv:relation", m.relation),
            ("pv:confidence", m.direction_confidence),
            ("pv:jaccard", m.jaccard),
            ("pv:coverage", m.coverage_b if copy == m.b else m.coverage_a),
        ]
        if m.relation == "revision":
            self.inferences.wasRevisionOf(self.entity(copy), self.entity(original), other_attributes=scores)
        else:
            self.inferences.wasQuotedFrom(self.entity(copy), self.entity(original), other_attributes=scores)


def _citing(links: list[Link]) -> Link | None:
    """The link that cites the primary sources: the last one before them."""
    before = [link for link in links if link.role != "primary"]
    return before[-1] if before else None


def prov_json(
    chains: Iterable[Chain] = (),
    *,
    matches: Iterable[Match] = (),
    articles: Iterable[Article] | Mapping[str, Article] | None = None,
) -> str:
    """The PROV-JSON text of :func:`to_prov` (same arguments).

    Raises:
        MissingExtraError: The ``prov`` extra is not installed (an :class:`ImportError`).
    """
    return str(to_prov(chains, matches=matches, articles=articles).serialize(format="json"))


def prov_n(
    chains: Iterable[Chain] = (),
    *,
    matches: Iterable[Match] = (),
    articles: Iterable[Article] | Mapping[str, Article] | None = None,
) -> str:
    r"""The PROV-N text of :func:`to_prov` (same arguments).

    PROV-N is read by people and by tools that print it, and its strings can escape only
    quotes, backslashes, tabs and line breaks; so every text value (an id, a title, an
    outlet, the evidence) is written through :func:`~provenance.export.plain`: control, format and
    separator characters appear by name (``<U+001B>``, ``<U+2028>``), never raw. Names
    of entities and agents are percent-encoded (``art:wire%1B``), and give back the
    exact id. PROV-JSON (:func:`prov_json`) keeps every value exact: JSON escapes them.

    Raises:
        MissingExtraError: The ``prov`` extra is not installed (an :class:`ImportError`).
    """
    return str(_document(chains, matches, articles, shown=escape).get_provn())
