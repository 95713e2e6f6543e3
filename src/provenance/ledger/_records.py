"""The ledger's records (outcomes, checks, windows) and the helpers its parts share."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import TypeVar

import attrs

from provenance._compact import Compact
from provenance.article import Article
from provenance.boilerplate import Sentences
from provenance.clean import Story
from provenance.compare import (
    COPY_RELATIONS,
    Evidence,
    Match,
    Prepared,
    prepare,
)
from provenance.errors import InputError
from provenance.fingerprint import Config, Fingerprint
from provenance.ledger.store import Stored

_Item = TypeVar("_Item")

_REVISION = re.compile(r"@(?:[0-9a-f]{12}|[0-9a-f]{40})\Z")
"""The end of a revision's id: ``@`` and 12 (or, after a clash of 12, all 40) hex digits of its digest."""


def is_revision_id(key: str) -> bool:
    """Whether an id has the form the ledger gives revisions (``ID@`` and 12 or 40 hex digits).

    Args:
        key: An id.

    Returns:
        True for ``"story@0123456789ab"``; such ids are refused from feeds.

    Examples:
        >>> is_revision_id("story@0123456789ab"), is_revision_id("desk@example.org")
        (True, False)
    """
    return _REVISION.search(key) is not None


def _utc(moment: datetime) -> datetime:
    """A moment with its time zone; one without is taken as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _window_order(window: Window, _: attrs.Attribute[datetime | None], until: datetime | None) -> None:
    if window.since is not None and until is not None and _utc(window.since) > _utc(until):
        msg = f"the window is empty: since {window.since.isoformat()} is after until {until.isoformat()}"
        raise InputError(msg)


@attrs.frozen(kw_only=True)
class Window:
    """The publication dates a comparison is limited to; either end may be open.

    An article without a publication date lies outside every window with an end.
    A date without a time zone is taken as UTC.

    Attributes:
        since: The earliest publication moment kept (inclusive), or None.
        until: The latest publication moment kept (inclusive), or None.

    Raises:
        InputError: ``since`` is after ``until``.

    Examples:
        >>> from datetime import datetime
        >>> window = Window(since=datetime(2024, 2, 1), until=datetime(2024, 2, 29))
        >>> window.holds(datetime(2024, 2, 6)), window.holds(datetime(2024, 3, 1)), window.holds(None)
        (True, False, False)
        >>> Window().holds(None)
        True
    """

    since: datetime | None = None
    until: datetime | None = attrs.field(default=None, validator=_window_order)

    def holds(self, published: datetime | None) -> bool:
        """Whether an article published then lies in the window."""
        if self.since is None and self.until is None:
            return True
        if published is None:
            return False
        moment = _utc(published)
        if self.since is not None and moment < _utc(self.since):
            return False
        return self.until is None or moment <= _utc(self.until)


_ALWAYS = Window()


def _identity_key(kind: str, value: str) -> int:
    """A lock key for an article id or url, apart from every band key (those are below 2**36)."""
    raw = hashlib.blake2b(f"{kind}:{value}".encode("utf-8", "surrogatepass"), digest_size=7).digest()
    return (1 << 60) | int.from_bytes(raw, "big")


def _outlet_key(outlet: str) -> int:
    """A lock key for the counted sentences of an outlet's pages, apart from band and identity keys.

    Writers storing pages of one outlet run one after the other, so that each counts its
    sentences with the others' pages counted (and none misses the page that makes a sentence
    boilerplate). One key an outlet, not one a sentence: writers of one outlet's pages share
    sentences as a rule (its templates are what the tally is for), and locking each of a batch's
    thousand sentences took a twelfth of the time an ingest spent in its statements.
    """
    raw = hashlib.blake2b(f"outlet:{outlet}".encode("utf-8", "surrogatepass"), digest_size=7).digest()
    return (1 << 61) | int.from_bytes(raw, "big")


@attrs.define(kw_only=True)
class _Incoming:
    """An article on its way into the ledger, with what the ledger learns about it (mutable, private)."""

    article: Article
    digest: str
    compact: Compact  # its story, compact: made whole when first needed (most are never compared)
    fp: Fingerprint
    bands: frozenset[int]
    keys: list[int]
    config: Config
    sentences: Sentences | None = None  # its counted sentences, for the boilerplate tally
    # its boilerplate sentences (given its story), set aside in comparison: read of the tally when compared
    aside: Callable[[Story], dict[str, int]] = lambda _: {}
    # the counted sentences (slots) set aside every time it was judged (None: not judged)
    judged_with: set[int] | None = None
    tally: int | None = None  # the tally's version it was compared under (read before it is compared)
    status: str = "added"
    revised: str | None = None
    found: dict[tuple[str, str], Match | None] = attrs.field(factory=dict)
    proposed: list[Stored] = attrs.field(factory=list)  # the stored articles it was compared with
    outcome: Ingested | None = None
    made: Prepared | None = None
    key: str = ""  # the id it is stored under, once identified
    whole: Story | None = None  # its story, once made

    @property
    def story(self) -> Story:
        """Its story, made of the compact one the first time it is needed."""
        if self.whole is None:
            self.whole = self.compact.story(self.article.text)
        return self.whole

    @property
    def prepared(self) -> Prepared:
        """Its story prepared for exact comparison, made the first time a candidate needs it."""
        if self.made is None:
            story = self.story
            self.made = prepare(story, config=self.config, id=self.article.id, boilerplate=self.aside(story))
        return self.made

    def ready(self) -> Prepared:
        """:attr:`prepared`, as a function (made when first asked for)."""
        return self.prepared

    @property
    def new_id(self) -> str:
        """The id it is stored under: its own, or that of a revision (once identified)."""
        return self.key or self.article.id

    @property
    def stored(self) -> Stored:
        """It, as it will be stored."""
        key = self.new_id
        return Stored(
            seq=0,
            article=self.article if key == self.article.id else attrs.evolve(self.article, id=key),
            digest=self.digest,
            revision_of=self.revised,
        )


@attrs.frozen(kw_only=True)
class Ingested:
    """What happened to one article in an ingest.

    Attributes:
        id: The id it is stored under (a revision gets ``ID@`` and 12 digits of its digest).
        status: ``"added"``, ``"revision"`` (a new version of a stored article) or ``"unchanged"``.
        matches: How many verified matches were stored with it.
        revision_of: The id of the version it revises, for a revision.
    """

    id: str
    status: str = attrs.field(validator=attrs.validators.in_(("added", "revision", "unchanged")))
    matches: int = 0
    revision_of: str | None = None


@attrs.frozen(kw_only=True)
class Report:
    """The counts of one ingest.

    Attributes:
        added: Articles stored for the first time.
        revisions: New versions of stored articles.
        unchanged: Articles already stored as they are.
        skipped: Bad articles passed over (with ``skip_bad``).
        matches: Verified matches stored with the articles as they were written (the sum of
            their :attr:`Ingested.matches`).
        rechecked: How many stored matches the re-checks made during the ingest added, less
            those they took away. When a sentence becomes boilerplate for its outlet (its third
            page arrives), the pages that carry it are judged again and their pairs replaced, so
            the ingest leaves ``matches + rechecked`` more matches in the ledger than it found
            (a re-check may judge again pairs of articles stored before the ingest too).
    """

    added: int = 0
    revisions: int = 0
    unchanged: int = 0
    skipped: int = 0
    matches: int = 0
    rechecked: int = 0


@attrs.frozen(kw_only=True)
class Check:
    """The verdict on one article checked against the ledger.

    Attributes:
        id: The article's id.
        matches: Verified matches with stored articles, the closest first.
    """

    id: str
    matches: tuple[Match, ...] = ()

    @property
    def is_copy(self) -> bool:
        """Whether the article copies a stored one.

        Also when it shares its story with one and nothing decides which came first: a
        byte-identical article is a copy pair whatever the times.
        """
        undecided = (m for m in self.matches if m.original is None and m.relation in _UNDIRECTED_COPIES)
        return any(m.copy == self.id for m in self.matches) or any(True for _ in undecided)

    @property
    def originals(self) -> tuple[str, ...]:
        """The ids of the stored articles it was judged a copy of."""
        return tuple(m.original for m in self.matches if m.copy == self.id and m.original)


_UNDIRECTED_COPIES = frozenset(COPY_RELATIONS) - {"revision"}


def _versions(match: Match, old: str, new: str) -> Match:
    """Two versions of one article: a revision, the stored (earlier) version the original."""
    evidence = (
        Evidence(kind="outlet", favours=old, weight=0.0, detail=f"{new} is a later version of {old}"),
        *match.evidence,
    )
    return attrs.evolve(match, relation="revision", original=old, copy=new, evidence=evidence)


def _until_bad(articles: Iterable[_Item], before: Callable[[], None]) -> Iterator[_Item]:
    """The articles (or what comes with each), until reading them fails.

    Then ``before()`` runs (what came before the bad record is stored, whole) and the error is raised.
    """
    source = iter(articles)
    while True:
        try:
            article = next(source)
        except StopIteration:
            return
        except InputError:
            before()
            raise
        yield article
