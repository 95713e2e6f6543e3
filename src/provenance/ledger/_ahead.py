"""Reading ahead of an ingest: the pure work on incoming articles, done in worker processes.

Cleaning, fingerprinting and hashing the counted sentences of an article (one with an outlet or
a url: :func:`counted`) depend on its text alone, and take most of an ingest's time. With a
pool, :class:`Ahead` reads the input a chunk at a time ahead of the batch being written and
has the workers do that work, while this process identifies, compares and writes; each article
comes back in input order with what was made of it. The ingest does everything else as without
the pool (its checks and their order, its outcomes), so the ledger is the same whatever the
number of workers.

The pool starts (when ``workers`` is not given) for an input of :data:`SERIAL` articles or more:
at once for one with a length (a list) or whose length hint (:func:`operator.length_hint`: a
list's iterator, the command line's files read that far ahead) says as many are there, and for
any other input once :data:`SERIAL` articles of it have been ingested in this process, as they
came. ``workers=1`` makes nothing ahead;
an input with a length (a list) is still looked up a chunk at a time (``wanted``: what is stored
already), any other is taken as it comes.
"""

from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sized
from concurrent.futures import Future
from types import TracebackType
from typing import TypeVar

import attrs

from provenance._compact import Compact
from provenance._pool import Pool, processes
from provenance.article import Article
from provenance.boilerplate import sentence_hashes
from provenance.clean import Story, clean
from provenance.errors import EmptyStoryError
from provenance.fingerprint import Config, Fingerprint, fingerprint, stories_and_prints
from provenance.index import band_keys
from provenance.ledger.store import digest
from provenance.scan import MAX_WORKERS

SERIAL = 256
"""Articles an ingest takes in this process before its pool starts, when ``workers`` is not given:
an input that ends within them is ingested without one (starting worker processes would cost
more than they save)."""

_CHUNK = 32  # articles per task (about 50 ms of work)
_AHEAD = 4  # tasks in flight per worker: the workers keep ahead of the writes


@attrs.frozen(kw_only=True)
class Made:
    """What an article's text makes: its story (compact), fingerprint, sentence hashes, band keys, digest.

    ``sentences`` is None when they were not hashed: nothing counts the sentences of an article
    with neither outlet nor url (:func:`counted`).
    """

    compact: Compact
    fp: Fingerprint
    sentences: tuple[int, ...] | None
    bands: tuple[int, ...]
    digest: str | None = None  # the text's (:func:`provenance.ledger.store.digest`); None: not valid Unicode

    def story(self, source: str) -> Story:
        """The story, of the article whose text is ``source``."""
        return self.compact.story(source)


def counted(article: Article) -> bool:
    """Whether an article's sentences may be counted as its outlet's boilerplate: it names an outlet or a url.

    The tally counts the sentences of an article under its outlet, else its url's host
    (:func:`provenance.boilerplate.outlet_key`); of any other article they are never looked at.

    Examples:
        >>> counted(Article(id="a", text="t", url="https://example.com/1"))
        True
        >>> counted(Article(id="b", text="t"))
        False
    """
    return bool(article.outlet or article.url)


def made(text: str, config: Config, *, bands: bool, sentences: bool = True) -> Made | str:
    """What a text makes, or why it has no story (its :class:`EmptyStoryError`'s message).

    Args:
        text: An article's text.
        config: The fingerprint config.
        bands: Whether to find the band keys too (a ledger that keeps them in its store).
        sentences: Whether to hash its sentences (an article whose sentences are :func:`counted`).

    Returns:
        The story, fingerprint, sentence hashes and band keys, or the message.
    """
    try:
        story = clean(text)
        fp = fingerprint(story, config=config)
    except EmptyStoryError as error:
        return str(error)
    return _with(story, fp, bands, text, sentences)


def _made_chunk(
    texts: list[str], config: Config, bands: bool, sentences: list[bool]
) -> list[Made | str | None]:
    """:func:`made` of a chunk of texts (in a worker); None where it failed otherwise.

    The chunk's stories are fingerprinted together (:func:`~provenance.fingerprint.fingerprint_many`,
    the same fingerprints), or one by one when that fails. An article whose work fails for another
    reason is made again when its turn comes, in the ingesting process, which then raises in
    input order, as without the pool.
    """
    try:
        stories, found = stories_and_prints(texts, config=config)
    except Exception:  # one by one instead: each failure is raised again in its turn, where it is ingested
        return [_made_one(text, config, bands, hashed) for text, hashed in zip(texts, sentences, strict=True)]
    if found is None:  # another cleaner's config: made (and refused) in its turn
        return [None] * len(texts)
    prints = iter(found)
    out: list[Made | str | None] = []
    for story, text, hashed in zip(stories, texts, sentences, strict=True):
        if not isinstance(story, Story):  # an empty story: told in its turn
            out.append(story)
            continue
        fp = next(prints)
        try:
            out.append(_with(story, fp, bands, text, hashed))
        except Exception:  # raised again in its turn, where it is ingested
            out.append(None)
    return out


def _with(story: Story, fp: Fingerprint, bands: bool, text: str, sentences: bool) -> Made:
    """What a story and its fingerprint make, of the article whose text is ``text``."""
    try:
        text_digest: str | None = digest(text)
    except UnicodeEncodeError:  # refused in its turn
        text_digest = None
    return Made(
        compact=Compact.of(story),
        fp=fp,
        sentences=tuple(sentence_hashes(story)) if sentences else None,
        bands=tuple(band_keys(fp)) if bands else (),
        digest=text_digest,
    )


def _made_one(text: str, config: Config, bands: bool, sentences: bool) -> Made | str | None:
    try:
        return made(text, config, bands=bands, sentences=sentences)
    except Exception:  # raised again in its turn, where it is ingested
        return None


def pool_size(workers: int | None, articles: Iterable[Article]) -> int:
    """The worker processes an ingest may use: ``workers``, or the rule of :data:`SERIAL`.

    Raises:
        ValueError: ``workers`` is not a whole number of at least 1.
    """
    known = _known(articles)
    count = SERIAL if known is None else known  # a stream: decided as it comes
    return processes(workers, count, serial=SERIAL, most=MAX_WORKERS)


def _known(articles: Iterable[Article]) -> int | None:
    """How many articles an input holds, when it says: its length, or a hint of :data:`SERIAL` or more.

    A hint below :data:`SERIAL` is not taken: such an input is decided as it comes.

    Examples:
        >>> _known([]), _known(iter([None] * SERIAL)) == SERIAL, _known(iter([None])), _known(a for a in [])
        (0, True, None, None)
    """
    if isinstance(articles, Sized):
        return len(articles)
    try:
        hint = operator.length_hint(articles, 0)
    except (TypeError, ValueError, OverflowError):  # a hint that is not a count is no hint
        return None
    return hint if hint >= SERIAL else None


_Part = tuple[list[Article], list[bool], "Future[list[Made | str | None]] | None"]
_T = TypeVar("_T")
_R = TypeVar("_R")


def taken(source: Iterator[_T], n: int) -> tuple[list[_T], bool, Exception | None]:
    """Up to ``n`` next items of an input: (items, input ended, the error reading it stopped at).

    The error is the caller's to raise in its turn, after the items read before it.

    Examples:
        >>> taken(iter("abc"), 2), taken(iter("a"), 2)
        ((['a', 'b'], False, None), (['a'], True, None))
    """
    items: list[_T] = []
    try:
        while len(items) < n:
            items.append(next(source))
    except StopIteration:
        return items, True, None
    except Exception as error:  # raised in its turn, after the items before it
        return items, True, error
    return items, False, None


class Ahead:
    """The articles of an ingest, each with what was made of it ahead (None: nothing, make it now).

    Use it as a context manager: the pool ends with it.

    Raises:
        ValueError: ``workers`` is not a whole number of at least 1.

    Args:
        articles: The input.
        workers: Worker processes, or None for the rule of :data:`SERIAL` (:func:`pool_size`).
        wanted: Whether each of some articles is worth making ahead (one stored already is not);
            shown each chunk before its articles come, with or without a pool.
        config: The fingerprint config.
        bands: Whether to find band keys too.
    """

    def __init__(
        self,
        articles: Iterable[Article],
        *,
        workers: int | None,
        wanted: Callable[[list[Article]], list[bool]],
        config: Config,
        bands: bool,
    ) -> None:
        self._workers = pool_size(workers, articles)
        self._sized = isinstance(articles, Sized)
        # an input of unknown length is taken as it comes until it proves long enough
        self._serial = SERIAL if workers is None and _known(articles) is None else 0
        self._source = iter(articles)
        self._wanted = wanted
        self._config = config
        self._bands = bands
        self._pool: Pool | None = None
        self._flight: deque[_Part] = deque()  # the chunks read ahead, in input order

    def __enter__(self) -> Ahead:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    @property
    def workers(self) -> int:
        """The worker processes running now (0 before the pool starts, and without one)."""
        return 0 if self._pool is None else self._workers

    def start(self, task: Callable[[_T], _R], items: list[_T]) -> Callable[[], list[_R]]:
        """Send ``task`` of each item to the pool; what is returned waits for them, in order.

        The items go ahead of the chunks read ahead that the pool has not started: those are
        taken back and sent again after the items, so that the workers go on with them while
        this process writes. The pool takes the items in turn; once waited for, this process
        takes the last ones back (a task not started is cancelled) and does them itself, from
        the last, until it finds one started. Without a pool, all are done here, when waited for.
        """
        if self._pool is None:
            return lambda: [task(item) for item in items]
        waiting = [k for k, (_, _, f) in enumerate(self._flight) if f is not None and f.cancel()]
        futures = [self._pool.submit(task, item) for item in items]
        for k in waiting:  # behind the items now, in their order
            part, wanted, _ = self._flight[k]
            self._flight[k] = self._submit(part, wanted)

        def wait() -> list[_R]:
            done: dict[int, _R] = {}
            for k in reversed(range(len(items))):
                if not futures[k].cancel():
                    break
                done[k] = task(items[k])
            return [done[k] if k in done else futures[k].result() for k in range(len(items))]

        return wait

    def __iter__(self) -> Iterator[tuple[Article, Made | str | None]]:
        if self._workers == 1:
            if self._sized:  # nothing to wait for: looked up a chunk at a time
                yield from self._looked_up()
                return
            for article in self._source:
                yield article, None
            return
        for _ in range(self._serial):
            taken = next(self._source, None)
            if taken is None:
                return
            yield taken, None
        yield from self._through()

    def _looked_up(self) -> Iterator[tuple[Article, None]]:
        """The input without a pool, each chunk shown to ``wanted`` first: nothing is made ahead."""
        ended, failed = False, None
        while not ended:
            part, ended, failed = self._read()
            if part:
                self._wanted(part)
            for article in part:
                yield article, None
        if failed is not None:
            raise failed

    def _read(self) -> tuple[list[Article], bool, Exception | None]:
        """The next chunk of the input: (articles, input ended, the error reading it stopped at)."""
        return taken(self._source, _CHUNK)

    def _submit(self, part: list[Article], wanted: list[bool] | None = None) -> _Part:
        wanted = self._wanted(part) if wanted is None else wanted
        chosen = [a for a, w in zip(part, wanted, strict=True) if w]
        texts, hashed = [a.text for a in chosen], [counted(a) for a in chosen]
        if not texts:
            return part, wanted, None
        if self._pool is None:
            self._pool = Pool(self._workers)
        return part, wanted, self._pool.submit(_made_chunk, texts, self._config, self._bands, hashed)

    def _through(self) -> Iterator[tuple[Article, Made | str | None]]:
        """The rest of the input through the pool, :data:`_AHEAD` tasks a worker ahead."""
        flight = self._flight
        ended, failed = False, None
        while True:
            while not ended and len(flight) < _AHEAD * self._workers:
                part, ended, failed = self._read()
                if part:
                    flight.append(self._submit(part))
            if not flight:
                break
            part, wanted, future = flight.popleft()
            results = iter(future.result() if future is not None else ())
            for article, w in zip(part, wanted, strict=True):
                yield article, next(results) if w else None
        if failed is not None:
            raise failed
