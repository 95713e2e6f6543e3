"""Who is who in a collection: names to agents, each article's publisher, role and credits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from provenance.article import Article
from provenance.chain.records import LinkEvidence, _Who
from provenance.compare import Match
from provenance.credits import Credit, Credits, extract
from provenance.errors import RegistryError
from provenance.registry import Agent, Registry, normalise
from provenance.registry import host as host_of
from provenance.relate import clusters


class _Resolver:
    """Names to agents: the registry first, then the outlets (and web domains) of the collection."""

    def __init__(self, registry: Registry, articles: Mapping[str, Article]) -> None:
        self.registry = registry
        domains: dict[str, set[str]] = {}
        names: dict[str, str] = {}
        for article in articles.values():
            if not article.outlet or registry.resolve(article.outlet) is not None:
                continue
            name = names.setdefault(normalise(article.outlet), article.outlet)
            host = host_of(article.url)
            domains.setdefault(name, set())
            if host:
                domains[name].add(host)
        owners: dict[str, list[str]] = {}
        for name, hosts in domains.items():
            for host in hosts:
                owners.setdefault(host, []).append(name)
        outlets = [
            Agent(name=name, domains=tuple(sorted(h for h in hosts if len(owners[h]) == 1)))
            for name, hosts in domains.items()
        ]
        try:
            self.local = Registry(outlets)
        except RegistryError:  # names that read alike in a messy feed: no local resolution
            self.local = Registry()
        self._cache: dict[str, _Who] = {}

    def who(self, name: str) -> _Who:
        if name not in self._cache:
            found = self.registry.resolve(name)
            if found is not None:
                who = _Who(key="agent:" + found.name, name=found.name, agent=found)
            else:
                local = self.local.resolve(name)
                if local is not None:
                    who = _Who(key="outlet:" + local.name, name=local.name, agent=None)
                else:
                    who = _Who(key="name:" + (normalise(name) or name.casefold()), name=name, agent=None)
            self._cache[name] = who
        return self._cache[name]

    def publisher(
        self,
        article: Article,
        credits: Credits | None = None,  # noqa: A002
    ) -> tuple[_Who, LinkEvidence] | None:
        """The publisher of an article: its outlet, else the republisher of a header, else its web domain."""
        if article.outlet:
            return self.who(article.outlet), LinkEvidence(
                what="outlet", detail=f"outlet {article.outlet!r}", article=article.id
            )
        for credit in credits.of_kind("header") if credits else ():
            if credit.reporter:
                return self.who(credit.reporter), _credit_evidence(article, credit, credit.reporter)
        host = host_of(article.url)
        if host:
            return self.who(host), LinkEvidence(
                what="outlet", detail=f"web address {article.url!r}", article=article.id
            )
        return None


class _Context:
    """What every chain of a collection shares: the resolver, each article's publisher, role and credits."""

    def __init__(self, registry: Registry, collection: dict[str, Article]) -> None:
        self.registry = registry
        self.collection = collection
        self.resolver = _Resolver(registry, collection)
        self.publishers: dict[str, _Who] = {}
        self.roles: dict[str, str] = {}
        for key, other in collection.items():
            found = self.resolver.publisher(other)
            if found is not None:
                self.publishers[key] = found[0]
                self.roles[key] = found[0].agent.role if found[0].agent else "unknown"
        self._credits: dict[str, Credits] = {}
        self.origins: dict[str, float] = {}  # decided originals of the matches' story clusters

    def learn_origins(self, matches: Sequence[Match]) -> None:
        """Note the decided originals of the story clusters the matches make, with their confidence."""
        self.origins = {c.original: c.original_confidence for c in clusters(matches) if c.original_decided}

    def credits(self, key: str) -> Credits:
        if key not in self._credits:
            self._credits[key] = extract(self.collection[key], registry=self.registry)
        return self._credits[key]


def _credit_evidence(article: Article, credit: Credit, name: str | None = None) -> LinkEvidence:
    quoted = article.text[credit.span[0] : credit.span[1]]
    if len(quoted) > 120:
        quoted = quoted[:117] + "..."
    if name is not None and name == credit.reporter and name != credit.agent:
        role = "as the republisher" if credit.kind == "header" else "as the reporter"
        said = f"{credit.kind} names {name!r} {role}"
    else:
        said = f"{credit.kind} names {credit.agent!r}"
    return LinkEvidence(
        what="credit",
        detail=f"{said}: {quoted!r}",
        article=article.id,
        pattern=credit.pattern,
        span=credit.span,
    )


def _credited_sources(credit: Credit) -> Iterable[tuple[str, str]]:
    """The sources a credit names, each with its strength: ``(name, strength)``."""
    if credit.kind in ("header", "footer", "press_release", "dateline", "signature"):
        yield credit.agent, credit.kind
    if credit.kind == "reporting" and credit.reporter:
        yield credit.reporter, "reporter"
