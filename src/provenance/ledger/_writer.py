"""Ingest: how the ledger stores articles, a batch at a time: a part of :class:`provenance.ledger.Ledger`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from provenance.article import Article
from provenance.boilerplate import MIN_PAGES, Sentences, outlet_key
from provenance.compare import Match
from provenance.errors import EmptyStoryError, InputError, LedgerError
from provenance.export import match_record
from provenance.fingerprint import Fingerprint, fingerprint
from provenance.index import band_keys
from provenance.ledger._ahead import Ahead, Made, counted
from provenance.ledger._ahead import made as _made
from provenance.ledger._core import Arriving, Carriers, _Core, carriers, log
from provenance.ledger._records import (
    _ALWAYS,
    Ingested,
    Report,
    Window,
    _identity_key,
    _Incoming,
    _outlet_key,
    _until_bad,
    is_revision_id,
)
from provenance.ledger._verify import PARALLEL, Job, Side, Subject, parts, verify
from provenance.ledger.store import Stored, digest

# an article to write: (stored, fingerprint, band keys, matches, counted sentences, tally's version compared
# under, the counted sentences it was judged with set aside)
_Write = tuple[
    Stored, Fingerprint, frozenset[int], list[Match], Sentences | None, int | None, set[int] | None
]

_SETTLE = 64  # stored articles re-checked together (read in one query, their candidates in one)
_LOOKS = 4  # writes that find new candidates step out to compare them before comparing under the lock


def _is_unicode(value: str) -> bool:
    """Whether a string is valid Unicode (no lone surrogate), as a store must keep it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_OWN = 1 << 16
"""Ids and urls an ingest remembers having stored into an empty ledger (:meth:`_Writer._worth_making`)."""


def _identities(article: Article) -> set[str]:
    """What identifies an article in a ledger: its id, and its url if it has one (kept apart)."""
    return {"id:" + article.id, *(["url:" + article.url] if article.url else [])}


def _skipped(error: InputError, errors: list[InputError] | None) -> int:
    """Log a skipped article and hand its error on; one more skipped."""
    log.warning("skipped: %s", error)
    if errors is not None:
        errors.append(error)
    return 1


@attrs.define
class _Flight:
    """A batch compared and sent to be judged, not written yet (mutable, private)."""

    chunk: list[_Incoming]
    todo: list[_Incoming]  # the articles to store
    token: object | None  # the store's content token taken before its reads (None: read again)
    judged: Callable[[], None]  # waits for its verdicts
    marks: list[object] = attrs.field(factory=list)  # this ingest's writes committed since ``token``
    # its counted sentences (None: it has none), counted in the tally it is judged with (_Core._counting)
    counts: Carriers | None = None
    changed: int = 0  # how often its write changed what is boilerplate

    def beside(self, chunk: list[_Incoming]) -> bool:
        """Whether the next batch can be compared before this one is written: unless they share an id or url.

        Its articles are judged with this one's sentences counted with its own (:meth:`_Core._counting`).
        """
        mine = {n for inc in self.chunk for n in (inc.article.id, inc.article.url) if n}
        return not any(n in mine for inc in chunk for n in (inc.article.id, inc.article.url) if n)

    @property
    def told(self) -> bool:
        """Whether the tally counts sentences of its articles."""
        return self.counts is not None


class _Writer(_Core):
    """Ingest (see :class:`provenance.ledger.Ledger`)."""

    # while an ingest knows the ledger holds only what it stored (set by _start): the ids and urls it stored
    _alone = False
    _own: set[str]
    # what the read-ahead found each article to be (the stored version it is, text for text, or None),
    # by the article's object, until its turn: one read for a chunk instead of one an article
    _looked: dict[int, tuple[Article, Stored | None]]
    # what the last write made boilerplate, for the articles it stored as they were judged (no re-check of
    # them for those sentences), with the tally's version it left: (slots, ids, version); None: nothing
    _judged: tuple[set[int], set[str], int] | None = None
    _settled: list[object] | None = None  # the marks of the last re-check's writes (None: one is unknown)
    _rechecked = 0  # how many stored matches the re-checks of this ingest added, less those they took away

    def ingest(
        self,
        articles: Iterable[Article],
        *,
        skip_bad: bool = False,
        errors: list[InputError] | None = None,
        progress: Callable[[Ingested], None] | None = None,
        window: Window = _ALWAYS,
        batch: int = 64,
        workers: int | None = None,
    ) -> Report:
        """Store articles, each with its fingerprint, band keys and verified matches.

        Articles are written in batches of up to ``batch`` (the first of one article,
        each next twice as large), each batch in one transaction: an article is
        acknowledged (``progress``) only once its batch is committed, and an
        interrupted ingest leaves whole batches only. Comparisons run before the
        write; the write looks again for articles other writers stored meanwhile.

        Args:
            articles: The articles.
            skip_bad: Pass over articles with no story text instead of raising.
            errors: A list that receives the errors of skipped articles.
            progress: Called with each article's outcome, after it is committed.
            window: Compare only with stored articles published in it (all are, by default).
            batch: Articles per transaction (1: one transaction each, acknowledged one by one).
            workers: Processes that clean and fingerprint the incoming articles, reading ahead
                of the writes; 1 does all the work in this process. By default one per CPU (at
                most :data:`provenance.scan.MAX_WORKERS`) once the input proves to hold
                :data:`~provenance.ledger._ahead.SERIAL` articles or more (at once a list, or
                an iterator whose :func:`operator.length_hint` says as many are there; any other
                input once that many have been ingested), else 1. The ledger is the same
                whatever the number.

        Returns:
            The counts.

        Raises:
            InputError: An article has no story text or cannot be stored as text (unless ``skip_bad``);
                the articles before it are stored.
            LedgerError: The store failed; every article reported before is kept.
            ConfigMismatchError: Another version of the library's stages wrote the ledger.
            ValueError: ``batch`` is below 1, or ``workers`` is not a whole number of at least 1.
        """
        counts = self._start(batch)
        ahead = Ahead(
            articles, workers=workers, wanted=self._worth_making, config=self.config, bands=self._in_store
        )

        def tally(outcome: Ingested) -> None:
            counts[outcome.status] += 1
            counts["matches"] += outcome.matches
            if progress is not None:
                progress(outcome)

        try:
            with ahead:
                self._run(ahead, skip_bad=skip_bad, errors=errors, counts=counts, tally=tally,
                          window=window, batch=batch)  # fmt: skip
        finally:
            self._looked = {}  # what was read ahead of an article never reached
        return Report(
            added=counts["added"], revisions=counts["revision"], unchanged=counts["unchanged"],
            skipped=counts["skipped"], matches=counts["matches"], rechecked=self._rechecked,
        )  # fmt: skip

    def _run(
        self,
        ahead: Ahead,
        *,
        skip_bad: bool,
        errors: list[InputError] | None,
        counts: dict[str, int],
        tally: Callable[[Ingested], None],
        window: Window,
        batch: int,
    ) -> None:
        """The loop of :meth:`ingest`: each article made ready, batched, written and told in order.

        One batch is in flight at a time: compared, its pairs judged in the workers, while the
        batch before it is written; then its turn comes (:meth:`_begin_chunk`, :meth:`_end_chunk`).
        A batch is begun only once the one before is written when they share an id or url. It is
        judged with the sentences of the batch before counted, with its own (:meth:`_Core._counting`).
        """
        flying: _Flight | None = None
        unsettled = False  # an article stored alone (one by one) since the last re-check

        def advance(batch_of: list[_Incoming]) -> None:  # the next batch in flight; the one before written
            nonlocal flying
            if flying is not None and not flying.beside(batch_of):
                finish()
            following = self._begin_chunk(batch_of, window, ahead, flying) if batch_of else None
            if flying is not None:
                for outcome in self._end_chunk(flying, window, ahead, following):
                    tally(outcome)
            flying = following

        def finish() -> None:  # the batch in flight written (and what it left to re-check settled)
            nonlocal flying, unsettled
            if flying is None:
                self._settle(ahead)
                unsettled = False
                return
            before, flying = flying, None
            for outcome in self._end_chunk(before, window, ahead, None):
                tally(outcome)

        def flush(batch_of: list[_Incoming]) -> None:  # everything written
            advance(batch_of)
            finish()

        chunk: list[_Incoming] = []
        names: set[str] = set()  # ids and urls of the chunk: one article per identity in a chunk
        size = 1  # batches grow from one article to ``batch``: the first acknowledgement comes at once
        for article, made in _until_bad(ahead, lambda: flush(chunk)):  # noqa: B023 - the chunk pending then
            try:
                incoming = self._incoming(article, made)
            except InputError as error:
                if not skip_bad:
                    flush(chunk)
                    raise
                counts["skipped"] += _skipped(error, errors)
                continue
            if isinstance(incoming, Ingested):  # stored already, text for text: told in order
                if chunk or flying is not None or unsettled:  # (a rerun's next re-check waits for a write)
                    flush(chunk)
                chunk, names = [], set()
                tally(incoming)
                continue
            if batch == 1 or not self._in_store:  # one by one: no batch is ever in flight
                tally(self._ingest_one(incoming, window))
                unsettled = True
                continue
            mine = {article.id, *([article.url] if article.url else [])}
            if len(chunk) >= size or mine & names:
                advance(chunk)
                chunk, names, size = [], set(), min(batch, 2 * size)
            chunk.append(incoming)
            names |= mine
        flush(chunk)

    def _start(self, batch: int) -> dict[str, int]:
        """An ingest's counts, once the ledger is writable, ``batch`` sound and what was left re-checked.

        A read-only ledger, or batches of fewer than one article, are refused; what an
        interrupted ingest or a migration left to re-check is settled first.
        """
        if getattr(self.store, "readonly", False):
            msg = f"{getattr(self.store, 'path', 'the ledger')}: opened read-only; open it to write to ingest"
            raise LedgerError(msg)
        if batch < 1:
            msg = f"batch must be at least 1, got {batch}"
            raise ValueError(msg)
        self._stages_here()
        self._rechecked = 0
        self._settle()
        # what this ingest stored, while the ledger holds nothing else as far as it knows
        self._alone = not any(True for _ in self.store.fingerprints(limit=1))
        self._own = set[str]()
        self._looked = {}
        return {"added": 0, "revision": 0, "unchanged": 0, "skipped": 0, "matches": 0}

    def _worth_making(self, articles: list[Article]) -> list[bool]:
        """Whether to clean and fingerprint each article ahead: not one stored already, text for text.

        Only a guess made ahead of its turn (what is stored may change by then): :meth:`_incoming`
        decides, and makes what was not made ahead. While the ledger holds only what this ingest
        stored (it was empty, and no batch's write found another's since), an article whose id
        and url this ingest has not stored is not stored: the guess costs no query. What each
        article was found to be is kept for its turn, so that one not made ahead (stored already,
        or taken without workers) is not looked up again, alone.
        """
        if all(self._unstored(a) for a in articles):
            return [self._worth(a, stored=False) for a in articles]
        try:
            with self._read_together(articles):
                return [self._worth(a) for a in articles]
        except (UnicodeEncodeError, LedgerError):  # an id the store cannot look up: told in its turn
            return [self._worth(a) for a in articles]

    def _worth(self, article: Article, *, stored: bool | None = None) -> bool:
        if is_revision_id(article.id):
            return False
        try:
            if stored is None:
                stored = self._by_id(article.id) is not None or bool(self._same_url(article))
            same = self._unchanged(article, digest(article.text)) if stored else None
            self._looked[id(article)] = (article, same)
            if same is not None:  # the same text
                return False
            return not self.store.refuses(article)
        except (UnicodeEncodeError, LedgerError):  # told in its turn
            return False

    def _incoming(self, article: Article, made: Made | str | None = None) -> _Incoming | Ingested:
        """An article made ready to store (digest, story, fingerprint, lock keys), or its outcome if known.

        ``made`` is what its text made ahead (:mod:`provenance.ledger._ahead`), if anything.
        """
        looked = self._looked.pop(id(article), None)
        looked = looked if looked is not None and looked[0] is article else None
        if is_revision_id(article.id):
            msg = (
                f"article {article.id!r}: ids ending in '@' and 12 or 40 hex digits are the ledger's names "
                "for revisions; give the article another id"
            )
            raise InputError(msg, article=article.id)
        try:  # made ahead, the digest came with it
            text_digest = made.digest if isinstance(made, Made) and made.digest else digest(article.text)
        except UnicodeEncodeError:
            msg = f"article {article.id!r}: text is not valid Unicode (a lone surrogate)"
            raise InputError(msg, article=article.id) from None
        for name in ("id", "url", "outlet", "title", "language"):  # what the store keeps as text too
            value = getattr(article, name)
            if value is not None and not _is_unicode(value):
                msg = f"article {article.id!r}: {name} is not valid Unicode (a lone surrogate)"
                raise InputError(msg, article=article.id)
        known = self._stored_as(article, text_digest, made, looked)
        if known is not None:
            return Ingested(id=known.article.id, status="unchanged", revision_of=known.revision_of)
        refused = self.store.refuses(article)
        if refused is not None:
            msg = f"article {article.id!r}: {refused}"
            raise InputError(msg, article=article.id)
        if made is None:  # prepared for comparison only when a candidate needs it
            made = _made(article.text, self.config, bands=self._in_store, sentences=counted(article))
        if isinstance(made, str):
            msg = f"article {article.id!r}: {made}"
            raise EmptyStoryError(msg, article=article.id)
        compact, fp, bands = made.compact, made.fp, list(made.bands)
        self._remember(text_digest, compact, made.sentences)
        sentences = Sentences.of(article, made.sentences) if made.sentences is not None else None
        keys = [_identity_key("id", article.id), *bands]
        if article.url:
            keys.append(_identity_key("url", article.url))
        outlet = outlet_key(article) if sentences is not None else None
        if outlet is not None:  # its outlet's tally: counted by one writer at a time
            keys.append(_outlet_key(outlet))
        incoming = _Incoming(
            article=article,
            digest=text_digest,
            compact=compact,
            fp=fp,
            bands=frozenset(bands),
            keys=keys,
            config=self.config,
            sentences=sentences,
        )

        def judged_with(slots: set[int]) -> None:
            was = incoming.judged_with
            incoming.judged_with = slots if was is None else was & slots

        incoming.aside = lambda story: self._aside(article, story, sentences, own=True, note=judged_with)
        return incoming

    def _stored_as(
        self,
        article: Article,
        text_digest: str,
        made: Made | str | None,
        looked: tuple[Article, Stored | None] | None,
    ) -> Stored | None:
        """The stored version an article is, text for text, as far as is known before cleaning it.

        Before any cleaning, a rerun skips ahead (as the read-ahead found it, if it looked). What was
        made ahead was not stored when the read-ahead looked; and while the ledger holds only what
        this ingest stored, an id and url it has not stored are not stored (the read-ahead's guess,
        with no query). All are identified again before they are compared (one query a batch).
        """
        if made is not None:
            return None
        if looked is not None:
            return looked[1]
        if self._unstored(article):
            return None
        return self._unchanged(article, text_digest)

    def _unstored(self, article: Article) -> bool:
        """Whether an article is surely not stored, as far as is known with no query.

        The ledger holds only what this ingest stored (it was empty, and no batch's write found
        another's since), and this ingest stored neither its id nor its url.
        """
        return self._alone and not _identities(article) & self._own

    def _begin_chunk(
        self,
        chunk: list[_Incoming],
        window: Window,
        ahead: Ahead | None,
        before: _Flight | None,
    ) -> _Flight:
        """A batch compared: identified, proposed its candidates and its pairs sent to be judged.

        ``before`` is the batch in flight, compared but not written yet: its articles are
        proposed as if stored, after every stored one (as a batch's earlier articles are for
        its later ones), and the write of this batch knows that batch's commit for its own.
        """
        # read once for the batch, before any of it is compared: the tally's version, and the store's token
        token, version = self.store.content_token_and_tally()
        self._tally_version(version)
        for inc in chunk:
            inc.tally = version
        rows = [] if before is None else [(i.stored, i.fp, i.bands) for i in before.todo]
        todo = self._before_write(chunk, window, rows)
        counts = carriers(inc.sentences for inc in todo) or None
        earlier = None if before is None else before.counts
        if counts or earlier:  # judged with what its write will count, and the batch's before it
            self._counting(earlier, counts)
            for inc in todo:
                inc.made, inc.judged_with = None, None  # prepared to identify it, with the tally as stored
        judged = self._judge_batch(todo, ahead)
        return _Flight(chunk=chunk, todo=todo, token=token, judged=judged, counts=counts)

    def _end_chunk(
        self, flight: _Flight, window: Window, ahead: Ahead | None, following: _Flight | None
    ) -> list[Ingested]:
        """Store a batch in one write: its verdicts waited for, then looked at again inside the write.

        The write takes what was proposed before it when nothing but this ingest's own writes
        of the batches before was committed since (their articles were proposed as if stored).
        ``following``, the batch in flight after it, learns of this write, or that it must read
        again.
        """
        flight.judged()
        if following is not None:  # its write (and what it compares then) counts it alone
            self._counting(flight.counts)
        try:
            mark, moved = self._write_batch(flight, window)
        finally:  # the batch after it, if any, is told from now on
            self._counting(None if following is None else following.counts)
        if moved:
            with self._as_stored():  # one by one, each is counted alone
                for inc in flight.todo:
                    if flight.told:  # prepared with the batch counted
                        inc.made, inc.judged_with = None, None
                    inc.outcome = self._ingest_one(inc, window)
        return self._after_chunk(flight, ahead, following, None if moved else mark)

    def _write_batch(self, flight: _Flight, window: Window) -> tuple[object | None, bool]:
        """The write of :meth:`_end_chunk`: its mark, and whether the batch must go one by one instead."""
        todo, token = flight.todo, flight.token
        keys = [k for inc in todo for k in inc.keys]
        pending: dict[int, list[Stored]] = {}
        committed = [inc.proposed for inc in todo]  # what each was proposed when ``token`` was taken
        looks, moved, mark = 0, False, None
        while todo:
            for k, others in pending.items():
                self._compare(todo[k], others)
            with self.store.write(keys=keys):
                seen = self.store.content_token()
                if token is None or (seen != token and not self.store.only_marked(token, seen, flight.marks)):
                    token = seen  # written meanwhile: identify and propose again
                    self._alone = False
                    flight.marks = []
                    with self._read_together(i.article for i in todo):  # nothing written yet
                        moved = any(
                            self._identify(i.article, i.digest, i.ready)[::2] != (i.status, i.revised)
                            for i in todo
                        )
                    if moved:  # another writer stored one of these ids or urls meanwhile: one by one
                        break
                    committed = self._proposed_now(todo, window)
                pending = {
                    k: late
                    for k, (inc, now) in enumerate(zip(todo, committed, strict=True))
                    if (late := [s for s in now if (s.article.id, s.digest) not in inc.found])
                }
                if pending and looks < _LOOKS:
                    looks += 1
                    continue  # leave the write (nothing written) and compare the newcomers outside it
                for k, others in pending.items():  # the few that arrived in the last moment
                    self._compare(todo[k], others)
                writes: list[_Write] = []
                for inc, now in zip(todo, committed, strict=True):
                    matches = self._closest_first(inc.found[s.article.id, s.digest] for s in now)
                    writes.append(
                        (inc.stored, inc.fp, inc.bands, matches, inc.sentences, inc.tally, inc.judged_with)
                    )
                    inc.outcome = Ingested(
                        id=inc.new_id, status=inc.status, matches=len(matches), revision_of=inc.revised
                    )
                flight.changed = self._store(writes)
                mark = self.store.write_mark()
            break
        return mark, moved

    def _after_chunk(
        self, flight: _Flight, ahead: Ahead | None, following: _Flight | None, mark: object | None
    ) -> list[Ingested]:
        """A batch's outcomes, once written; ``mark`` marks its write (None: unknown, or not one write).

        What was left to re-check is settled. ``following`` learns of the write, or that it must
        read again: when the batch was not written in one marked write, or others were made.
        """
        for inc in flight.todo:
            if inc.made is not None:
                self._keep(inc.new_id, attrs.evolve(inc.made, id=inc.new_id))
        with self._as_stored():  # not with the batch in flight counted, which is not stored yet
            settled = self._settle(ahead)
        if following is not None:  # the re-check's writes change matches only: what it read holds
            again = self._settled if settled else []
            if again is None or (flight.todo and mark is None):
                following.token = None
            else:
                following.marks += [*([] if mark is None else [mark]), *again]
            if mark is not None:  # what its write changed of the tally is not another writer's change
                for inc in following.todo:
                    inc.tally = None if inc.tally is None else inc.tally + flight.changed
        return [inc.outcome for inc in flight.chunk if inc.outcome is not None]

    def _proposed_now(self, todo: list[_Incoming], window: Window) -> list[list[Stored]]:
        """The stored articles proposed for each of a batch's articles now: read again (inside its write)."""
        read = self._read_bands(todo)
        rows = Arriving((i.stored, i.fp, i.bands) for i in todo)  # as in _before_write: its earlier ones
        limit = self.representatives
        return [
            self._propose(i.fp, exclude=i.new_id, window=window, read=read, extra=rows, before=k, limit=limit)
            for k, i in enumerate(todo)
        ]

    def _before_write(
        self, chunk: list[_Incoming], window: Window, rows: list[tuple[Stored, Fingerprint, frozenset[int]]]
    ) -> list[_Incoming]:
        """Identify and compare a batch's articles with what is committed and with each other.

        Called once the store's content token is taken
        (:meth:`~provenance.ledger.store.Store.content_token`): a write during the reads makes the
        next token differ, and when the batch's write finds the same token, what was read holds.

        Returns:
            The articles to store (the unchanged have their outcome already), each with the
            stored articles proposed for it.
        """
        arriving = Arriving(rows)  # the batch in flight before it, and the chunk's articles: as to be stored
        todo: list[_Incoming] = []
        read = self._read_bands(chunk)
        with self._read_together(inc.article for inc in chunk):
            for inc in chunk:
                inc.status, stored, inc.revised = self._identify(inc.article, inc.digest, inc.ready)
                inc.key = self._revision_key(inc.revised, inc.digest) if inc.revised else inc.article.id
                if inc.status == "unchanged" and stored is not None:
                    inc.outcome = Ingested(
                        id=stored.article.id, status="unchanged", revision_of=stored.revision_of
                    )
                    continue
                proposed = self._propose(
                    inc.fp,
                    exclude=inc.new_id,
                    window=window,
                    extra=arriving,
                    read=read,
                    limit=self.representatives,
                )
                inc.proposed = proposed
                arriving.append((inc.stored, inc.fp, inc.bands))
                todo.append(inc)
        return todo

    def _judge_batch(self, todo: list[_Incoming], ahead: Ahead | None) -> Callable[[], None]:
        """Each article of a batch compared with the stored articles proposed for it; what waits for it.

        In the ingest's worker processes (:meth:`_pooled`), or here at once, with the prepared
        stories kept here. The verdicts are each article's once the function returned has run.
        """
        pairs = [(inc, s) for inc in todo for s in inc.proposed]
        jobs: list[Job] = [
            (
                ((True, inc.new_id), lambda inc=inc: self._incoming_subject(inc)),  # type: ignore[misc]
                self._stored_side(other),
                self._versions_of(inc.new_id, inc.revised, other),
            )
            for inc, other in pairs
        ]
        stored = list({s.article.id: s for _, s in pairs}.values())

        def counted() -> list[Sentences | None]:  # the sentences of every article the pairs name
            return [inc.sentences for inc in todo] + [self._counted(s.article) for s in stored]

        verdicts = self._pool_start(jobs, ahead, counted)
        if verdicts is None:  # here, with what the tally knows of them read in one query, as for the pool
            with self._tally_read(counted()):
                for inc in todo:
                    self._compare(inc, inc.proposed)
            return lambda: None

        def found() -> None:
            for (inc, other), match in zip(pairs, verdicts(), strict=True):
                inc.found[other.article.id, other.digest] = match

        return found

    def _pooled(
        self, jobs: list[Job], ahead: Ahead | None, counted: Callable[[], Iterable[Sentences | None]]
    ) -> list[Match | None] | None:
        """The verdicts of pairs judged in the ingest's worker processes (:meth:`_pool_start`), waited for."""
        verdicts = self._pool_start(jobs, ahead, counted)
        return None if verdicts is None else verdicts()

    def _pool_start(
        self, jobs: list[Job], ahead: Ahead | None, counted: Callable[[], Iterable[Sentences | None]]
    ) -> Callable[[], list[Match | None]] | None:
        """Pairs sent to be judged in the ingest's worker processes, in parts; what waits for their verdicts.

        What the tally knows of the sentences ``counted`` gives (its articles') is read in one query.
        None when it has no workers running, or fewer than :data:`PARALLEL` pairs to judge.
        """
        if ahead is None or not ahead.workers or len(jobs) < PARALLEL:
            return None
        with self._tally_read(counted()):
            made = parts(jobs, ahead.workers, config=self.config, min_coverage=self.min_coverage)
        wait = ahead.start(verify, made)
        return lambda: [match for verdicts in wait() for match in verdicts]

    def _stored_side(self, stored: Stored) -> Side:
        """A stored article as one side of a pair judged in a worker."""
        return (False, stored.article.id), lambda: (stored.article, *self._subject(stored.article))

    @staticmethod
    def _versions_of(key: str, revision_of: str | None, stored: Stored) -> tuple[str, str] | None:
        """``(stored, incoming)`` ids when an article stored as ``key`` and a stored one are two versions."""
        same = (revision_of or key) == (stored.revision_of or stored.article.id)
        return (stored.article.id, key) if same else None

    def _incoming_subject(self, inc: _Incoming) -> Subject:
        """An incoming article as a worker prepares it: under the id it is stored under, with its story."""
        return attrs.evolve(inc.article, id=inc.new_id), inc.compact, inc.aside(inc.story)

    def _read_bands(self, chunk: Sequence[_Incoming]) -> list[tuple[Stored, Fingerprint, frozenset[int]]]:
        """The stored articles sharing a band key with any article of a batch: one query."""
        union = sorted({k for inc in chunk for k in inc.bands})
        found = self.store.candidates(union, per_band=self.representatives)
        return [(s, f, frozenset(band_keys(f))) for s, f in found]

    def _compare(self, inc: _Incoming, others: Iterable[Stored]) -> None:
        """Verdicts of an incoming article with stored ones, kept by their (id, digest)."""
        others = list(others)
        if not others:
            return
        article = attrs.evolve(inc.article, id=inc.new_id)
        p = attrs.evolve(inc.prepared, id=inc.new_id)
        for other in others:
            inc.found[other.article.id, other.digest] = self._verdict(
                article, p, other, revision_of=inc.revised
            )

    def _ingest_one(self, inc: _Incoming, window: Window) -> Ingested:
        if inc.tally is None:  # before it is compared
            inc.tally = self._tally_version()
        article, text_digest, p, fp, keys = inc.article, inc.digest, inc.prepared, inc.fp, inc.keys
        status, stored, revised = self._identify(article, text_digest, lambda: p)
        if status == "unchanged" and stored is not None:
            return Ingested(id=stored.article.id, status="unchanged", revision_of=stored.revision_of)
        # Compare with what is committed now, outside the write; the write looks again.
        incoming = article
        found: dict[tuple[str, str], Match | None] = {}
        pending = self._chosen(fp, exclude=self._new_id(incoming, text_digest, revised), window=window)
        looks = 0
        while True:
            new = self._new_id(incoming, text_digest, revised)
            article, p = attrs.evolve(incoming, id=new), attrs.evolve(p, id=new)
            for other in pending:
                found[other.article.id, other.digest] = self._verdict(article, p, other, revision_of=revised)
            with self.store.write(keys=keys, exclusive=not self._in_store):
                assumed = revised
                status, stored, revised = self._identify(incoming, text_digest, lambda p=p: p)  # type: ignore[misc]
                if status == "unchanged" and stored is not None:
                    return Ingested(id=stored.article.id, status="unchanged", revision_of=stored.revision_of)
                if revised != assumed:  # another writer stored a version meanwhile: start again
                    found.clear()
                new = self._new_id(incoming, text_digest, revised)
                current = self._chosen(fp, exclude=new, window=window)
                pending = [s for s in current if (s.article.id, s.digest) not in found]
                if pending and looks < _LOOKS and revised == assumed:
                    looks += 1
                    continue  # leave the write (nothing written) and compare the newcomers outside it
                article, p = attrs.evolve(incoming, id=new), attrs.evolve(p, id=new)
                for other in pending:  # the few that arrived in the last moment: compared under the lock
                    found[other.article.id, other.digest] = self._verdict(
                        article, p, other, revision_of=revised
                    )
                matches = self._closest_first(found[s.article.id, s.digest] for s in current)
                stored = Stored(seq=0, article=article, digest=text_digest, revision_of=revised)
                self._store([(stored, fp, inc.bands, matches, inc.sentences, inc.tally, inc.judged_with)])
            break
        self._keep(article.id, p)
        return Ingested(id=article.id, status=status, matches=len(matches), revision_of=revised)

    def _store(self, writes: Sequence[_Write]) -> int:
        """Write articles with their fingerprints, band keys, matches and sentences (inside the write).

        Each is ``(stored, fingerprint, band keys, matches, sentences, tally, judged with)``, ``tally``
        the tally's version it was compared under, ``judged with`` the slots it was judged with set
        aside. The articles written together were judged with all of them counted
        (:meth:`_Core._counting`). When what is boilerplate changed since (another writer's change),
        their sentences are queued, so that their pairs are judged again once stored. The version
        is read once, after the counts, just before the commit; the changes made here are taken
        back from it. Otherwise the re-check of what this write made boilerplate leaves out each
        article judged with it set aside (:meth:`_settle`).

        Returns:
            How many of the articles changed what is boilerplate.
        """
        if self.store.config() is None:
            self.store.set_config(self.config)
            recorded = self.store.config()
            if recorded is not None:  # another writer set up the ledger first
                recorded.check(self.config)
        table = self.store.sentences()
        for w in writes:
            self._own |= _identities(w[0].article)
        if len(self._own) > _OWN:  # memory kept bounded: the read-ahead asks the store from now on
            self._alone, self._own = False, set()
        added = self.store.add_many([(w[0], w[1], sorted(w[2])) for w in writes])  # keys made with the print
        self.store.add_matches([match_record(m) for w in writes for m in w[3]])
        if not self._in_store:
            for saved, (stored, fp, *_) in zip(added, writes, strict=True):
                self._index.add(stored.article.id, fp)
                self._seen = max(self._seen, saved.seq)
        self._judged = None
        counted = [(saved.seq, w[4]) for saved, w in zip(added, writes, strict=True) if w[4] is not None]
        after: set[int] = set()  # their slots that are boilerplate once counted
        crossed = table.count_many(counted, min_pages=MIN_PAGES, after=after) if table is not None else []
        changes = sum(1 for slots in crossed if slots)  # the articles that changed what is boilerplate
        if changes:  # prepared stories are prepared again
            self._generation += 1
        if table is None or all(w[4] is None or w[5] is None for w in writes):
            return changes
        # each was judged with what this write counts (one article alone, a batch as told to it: see
        # _Core._counting), and is judged again only when another writer changed the tally since
        now = table.version()
        stale = {  # compared before another writer changed the tally, or with what its write did not make
            slot
            for *_, sentences, tally, judged in writes
            if sentences is not None
            and ((tally is not None and tally != now - changes) or not (judged or set()) <= after)
            for slot in sentences.slots
        }
        table.queue(sorted(stale))
        if changes and not stale:  # those judged with what this write made boilerplate set aside
            made = {slot for slots in crossed for slot in slots}
            kept = {
                stored.article.id
                for stored, *_, sentences, _, judged in writes
                if sentences is None or judged is None or made.intersection(sentences.slots) <= judged
            }
            self._judged = (made, kept, now)
        return changes

    def _settle(self, ahead: Ahead | None = None) -> bool:
        """Verify again the stored matches of the articles whose boilerplate changed; whether any was.

        When a sentence becomes boilerplate for its outlet (its third page arrives) or stops being
        it (a page is forgotten), the pairs of the pages that carry it were judged with it counted
        as story; each such page is compared again with its candidates and its stored partners,
        and the pairs it is in are replaced, so the ledger reaches the verdicts one scan of all its
        articles reaches. The slots leave the queue in the write that stores the new verdicts.

        The articles of the write just made are not judged again for what it made boilerplate: they
        were judged with it set aside (:meth:`_Core._counting`). They are when anything else waits in
        the queue, or the tally changed since that write.
        """
        table = self.store.sentences()
        if table is None:
            return False
        slots = table.pending()
        judged, self._judged = self._judged, None
        if (
            judged is not None
            and slots
            and not (judged[0].issuperset(slots) and table.version() == judged[2])
        ):
            judged = None  # more to re-check than the last write made boilerplate, or the tally changed since
        wrote = bool(slots)
        self._settled = []
        while slots:
            self._generation += 1
            keys = table.carrying(slots)
            if judged is not None:  # the last write's articles were judged with what it made boilerplate
                keys = [key for key in keys if key not in judged[1]]
                judged = None
            redone: list[tuple[str, list[str], list[Match]]] = []
            for start in range(0, len(keys), _SETTLE):  # read a part's articles and candidates together
                part = self.store.get_many(keys[start : start + _SETTLE])
                redone += self._reverify(
                    [part[key] for key in keys[start : start + _SETTLE] if key in part], ahead
                )
            with self.store.write(exclusive=True):
                named = {end for key, _, matches in redone for m in matches for end in (key, m.a, m.b)}
                present = self.store.get_many(sorted(named | {key for key, _, _ in redone}))
                records = []  # stored after every removal: a pair judged from both sides is one verdict
                gone: list[tuple[str, str]] = []
                for key, partners, matches in redone:
                    if key not in present:  # forgotten meanwhile
                        continue
                    gone += [(min(key, other), max(key, other)) for other in partners]
                    # not a pair whose other article was forgotten meanwhile
                    records += [match_record(m) for m in matches if m.a in present and m.b in present]
                kept = [key for key, _, _ in redone if key in present]
                self._rechecked += self._net_change(kept, gone, records)
                self.store.remove_matches(gone)
                self.store.add_matches(records)
                table.settle(slots)
                mark = self.store.write_mark()
            if self._settled is not None:
                self._settled = None if mark is None else [*self._settled, mark]
            slots = table.pending()
        return wrote

    def _net_change(self, keys: list[str], gone: list[tuple[str, str]], records: list[dict[str, Any]]) -> int:
        """How many more stored matches the re-checked ``keys`` have once ``gone`` and ``records`` are made.

        Every pair removed or stored names one of them, so the stored pairs that name any of them
        (read inside the write, as they are now) tell the change.
        """
        stored = self.store.partners(keys)
        before = {(min(key, other), max(key, other)) for key, others in stored.items() for other in others}
        after = (before - set(gone)) | {(str(r["a"]), str(r["b"])) for r in records}
        return len(after) - len(before)

    def _reverify(
        self, stored: Sequence[Stored], ahead: Ahead | None = None
    ) -> list[tuple[str, list[str], list[Match]]]:
        """Stored articles compared again with their candidates and stored partners (in the workers, if any).

        Returns:
            For each, ``(id, partners, matches)``.
        """
        stories = [self._story(s.article)[0] for s in stored]
        prints = [fingerprint(story, config=self.config) for story in stories]
        if self._in_store:  # the part's candidates in one query (each band key's ends, as one alone reads)
            union = sorted({k for fp in prints for k in band_keys(fp)})
            found = self.store.candidates(union, per_band=self.representatives)
            read: list[tuple[Stored, Fingerprint, frozenset[int]]] | None = [
                (s, f, frozenset(band_keys(f))) for s, f in found
            ]
        else:
            read = None
        chosen = [
            {
                s.article.id: s
                for s in self._propose(
                    fp, exclude=one.article.id, window=_ALWAYS, read=read, limit=self.representatives
                )
            }
            for one, fp in zip(stored, prints, strict=True)
        ]
        # and the partners of their stored matches, read together (those still stored)
        paired = self.store.partners([one.article.id for one in stored])
        again = self.store.get_many(
            sorted(
                {
                    o
                    for one, by_id in zip(stored, chosen, strict=True)
                    for o in paired.get(one.article.id, ())
                    if o not in by_id
                }
            )
        )
        partnered: list[tuple[Stored, list[Stored]]] = []
        for one, by_id in zip(stored, chosen, strict=True):
            for other in paired.get(one.article.id, ()):
                if other not in by_id and other in again:
                    by_id[other] = again[other]
            partnered.append((one, list(by_id.values())))
        jobs = [
            (
                self._stored_side(one),
                self._stored_side(s),
                self._versions_of(one.article.id, one.revision_of, s),
            )
            for one, partners in partnered
            for s in partners
        ]
        stored_now = list({s.article.id: s for one, partners in partnered for s in (one, *partners)}.values())
        pooled = self._pooled(jobs, ahead, lambda: [self._counted(s.article) for s in stored_now])
        verdicts = iter(pooled) if pooled is not None else None
        out = []
        for one, partners in partnered:
            if verdicts is not None:
                judged = [next(verdicts) for _ in partners]
            else:
                p = self._prepare(one.article)
                judged = [self._verdict(one.article, p, s, revision_of=one.revision_of) for s in partners]
            out.append(
                (one.article.id, [s.article.id for s in partners], [m for m in judged if m is not None])
            )
        return out
