"""What ``verify`` checks in each record, and what ``salvage`` keeps: the same rules for every backend.

A backend checks its own storage (SQLite: ``PRAGMA integrity_check``); these rules
check what the records say about each other:

* each article's text against its stored digest (SHA-1);
* each fingerprint against the one its text makes under the ledger's config: the
  number of values is checked on reading, and the values are recomputed with the
  library's own stages (when the config's cleaner and shingler are this library's;
  a ledger written by another version has its lengths checked only);
* each match against its articles: its record parses, its pair is ordered, both
  articles are sound, and every passage lies inside both texts.

``salvage`` copies into a new ledger every article whose row can still be read and
whose text matches its digest (its fingerprint recomputed from the text), and every
match whose record is sound and whose two articles were copied.

Examples:
    >>> import tempfile, pathlib
    >>> from provenance import Article
    >>> from provenance.ledger import Ledger
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with Ledger.open(folder / "l.db") as ledger:
    ...     _ = ledger.ingest([Article(id="a", text="The minister met the envoy in Baku on Tuesday.")])
    ...     ledger.verify()
    []
    >>> report = salvage(folder / "l.db", folder / "copy.db")
    >>> (report.articles, report.lost_articles, report.problems)
    (1, 0, ())
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs

from provenance.boilerplate import MIN_PAGES
from provenance.compare import prepare
from provenance.errors import EmptyStoryError, LedgerError
from provenance.export import match_from_record
from provenance.fingerprint import Config, Fingerprint, _recomputable, _stages, _with_our_stages, fingerprint
from provenance.index import band_keys
from provenance.ledger.sentences import sentences_of
from provenance.ledger.sqlite import SQLiteStore
from provenance.ledger.store import Entry, MatchEntry, Store, Stored, digest

__all__ = ["Salvaged", "article_problems", "entries", "match_entries", "match_problems", "salvage"]

log = logging.getLogger(__name__)


@attrs.frozen(kw_only=True)
class Salvaged:
    """What ``salvage`` copied out of a damaged ledger, and what it left behind.

    Attributes:
        articles: Articles copied (text sound, fingerprint recomputed).
        matches: Matches copied.
        lost_articles: Articles found but not copied (unreadable, or text not matching its digest).
        lost_matches: Matches found but not copied (damaged, or naming an article not copied).
        problems: What was wrong, one line each.
    """

    articles: int = 0
    matches: int = 0
    lost_articles: int = 0
    lost_matches: int = 0
    problems: tuple[str, ...] = ()


def entries(store: Store, config: Config | None) -> Iterator[Entry]:
    """Each article of a store with its fingerprint, row by row where the backend can read so.

    Args:
        store: The backend.
        config: The ledger's config.

    Yields:
        One entry per article.
    """
    if isinstance(store, SQLiteStore):
        yield from store.entries(config)
        return
    prints = {key: fp for _, key, fp in store.fingerprints()} if config is not None else {}
    for stored in store.articles():
        yield Entry(seq=stored.seq, stored=stored, fingerprint=prints.get(stored.article.id))


def match_entries(store: Store, keys: Iterable[str]) -> Iterator[MatchEntry]:
    """Each stored match with its record, or the reason it cannot be read.

    Args:
        store: The backend.
        keys: The articles whose matches to look for one by one, should the whole table fail.

    Yields:
        One entry per stored pair.
    """
    if isinstance(store, SQLiteStore):
        yield from store.match_entries(keys)
        return
    for record in store.matches():
        yield MatchEntry(a=record["a"], b=record["b"], record=record)


def _fingerprint(stored: Stored, config: Config) -> Fingerprint | None:
    """The fingerprint the library's stages make of a stored text (None: no story in it)."""
    try:
        p = prepare(stored.article, config=config)
    except EmptyStoryError:
        return None
    return fingerprint(p.story, config=config)


def article_problems(entry: Entry, config: Config | None) -> list[str]:
    """What is wrong with one article's entry: its text against its digest, its fingerprint against its text.

    Args:
        entry: The entry as the backend read it.
        config: The ledger's config.

    Returns:
        One line per problem (empty when sound).
    """
    problems = list(entry.problems)
    if entry.stored is None:
        return problems
    key = entry.stored.article.id
    if digest(entry.stored.article.text) != entry.stored.digest:
        problems.append(f"article {key!r}: its text does not match its digest (text or digest damaged)")
        return problems
    if (
        entry.fingerprint is not None
        and config is not None
        and _recomputable(config)
        and _fingerprint(entry.stored, config) != entry.fingerprint
    ):
        problems.append(f"article {key!r}: its fingerprint is not the one its text makes (damaged)")
    return problems


def match_problems(entry: MatchEntry, lengths: dict[str, int], known: set[str]) -> list[str]:
    """What is wrong with one stored match, against the sound articles.

    Args:
        entry: The match as the backend read it.
        lengths: The text length of each sound article, by id.
        known: Every id read from the ledger, sound or not (a match naming an id not
            stored at all is the backend's own check).

    Returns:
        One line per problem (empty when sound).
    """
    pair = f"match ({entry.a!r}, {entry.b!r})"
    if entry.record is None:
        return [entry.problem]
    try:
        m = match_from_record(entry.record)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as error:
        return [f"{pair}: its record is damaged ({type(error).__name__}: {error})"]
    problems = []
    if not m.a < m.b:
        problems.append(f"{pair}: its pair is not in the stored order")
    problems += [f"{pair}: {key!r} is damaged" for key in (m.a, m.b) if key in known and key not in lengths]
    for passage in m.passages:
        for key, span in ((m.a, passage.a), (m.b, passage.b)):
            if span is not None and key in lengths and not 0 <= span[0] <= span[1] <= lengths[key]:
                problems.append(f"{pair}: a passage {span} lies outside the text of {key!r}")
    return problems


def verify(store: Store, config: Config | None) -> list[str]:
    """Every problem of a ledger: the backend's own checks, then every record's.

    A SQLite ledger is read in one snapshot, so that writers meanwhile change nothing seen.

    Args:
        store: The backend.
        config: The ledger's config.

    Returns:
        One line per problem (empty when sound).
    """
    if isinstance(store, SQLiteStore):
        with store.snapshot():
            return _verify(store, config)
    return _verify(store, config)


def _verify(store: Store, config: Config | None) -> list[str]:
    problems = store.verify()
    lengths: dict[str, int] = {}
    known: set[str] = set()
    try:
        for entry in entries(store, config):
            found = article_problems(entry, config)
            problems += found
            if entry.stored is not None:
                known.add(entry.stored.article.id)
                if not found:
                    lengths[entry.stored.article.id] = len(entry.stored.article.text)
        for match in match_entries(store, known):
            problems += match_problems(match, lengths, known)
    except LedgerError as error:
        problems.append(f"the records could not all be read: {error}")
    return problems


def salvage(source: str | Path, dest: str | Path) -> Salvaged:
    """Copy what can still be read out of a (damaged) SQLite ledger into a new one.

    The source is opened read-only and never changed. Every article whose row reads
    and whose text matches its digest is copied with its id, metadata and revision
    link, its fingerprint recomputed from the text; every sound match between two
    copied articles is copied as it was. The new ledger is written beside ``dest``
    and renamed into place when complete. A ledger written by another version of the
    library's stages (its cleaner, its shingles, its Python's Unicode) is copied into one
    of this version's, which can be ingested into and checked against again: the
    fingerprints are made by this version, the matches kept as they were judged (a
    problem line says so).

    Args:
        source: The damaged ledger.
        dest: The new ledger; it must not exist.

    Returns:
        The counts of what was copied and what was lost, and the problems met.

    Raises:
        LedgerError: ``dest`` exists, or the source cannot be opened at all (its first
            page is unreadable, or it is not a ledger).
    """
    dest = Path(dest)
    if dest.exists() or dest.is_symlink():
        msg = f"{dest}: already exists (salvage writes a new ledger; nothing was written)"
        raise LedgerError(msg)
    src = SQLiteStore(source, readonly=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        try:
            config = src.config() or Config()
            problems = []
        except LedgerError as error:
            problems = [f"{error}; the fingerprints are made with the default config"]
            config = Config()
        if not _recomputable(config):  # written by another version: carried over to this one's stages
            here = _with_our_stages(config)
            problems.append(
                f"written with {_stages(config)}: the fingerprints are made with this library's"
                f" {_stages(here)}, the matches copied as they were judged"
            )
            config = here
        out = SQLiteStore(partial)
        try:
            with out.write(), src.snapshot():
                out.set_config(config)
                report = _copy(src, out, config)
        finally:
            out.close()
        partial.replace(dest)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        src.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    log.info("salvaged %d articles and %d matches into %s", report.articles, report.matches, dest)
    return attrs.evolve(report, problems=(*problems, *report.problems))


def _copy(src: SQLiteStore, out: SQLiteStore, config: Config) -> Salvaged:
    """Copy the sound articles, then the sound matches between them (inside ``out``'s transaction)."""
    problems: list[str] = []
    kept: dict[str, int] = {}
    known: set[str] = set()
    lost = 0
    table = out.sentences()
    for entry in src.entries(None):
        found = article_problems(entry, None)
        problems += found
        if entry.stored is not None:
            known.add(entry.stored.article.id)
        fp = None if found or entry.stored is None else _fingerprint(entry.stored, config)
        if entry.stored is None or fp is None:
            lost += 1
            continue
        saved = out.add(
            attrs.evolve(entry.stored, seq=0), fp, bands=band_keys(fp) if fp.config.method == "oph" else ()
        )
        sentences = sentences_of(saved.article)
        if table is not None and sentences is not None:  # the tally, counted again for what is copied
            table.count(saved.seq, sentences, min_pages=MIN_PAGES)
        kept[entry.stored.article.id] = len(entry.stored.article.text)
    copied = lost_matches = 0
    for match in src.match_entries(known):
        found = match_problems(match, kept, known)
        if match.record is None or found or match.a not in kept or match.b not in kept:
            problems += found or [f"match ({match.a!r}, {match.b!r}): an article of it was not copied"]
            lost_matches += 1
            continue
        out.add_match(match.record)
        copied += 1
    return Salvaged(
        articles=len(kept),
        matches=copied,
        lost_articles=lost,
        lost_matches=lost_matches,
        problems=tuple(problems),
    )
