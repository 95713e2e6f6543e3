"""The SQLite backend of the ledger: one file, WAL mode, one write transaction per article.

Writers start with ``BEGIN IMMEDIATE``, which takes the write lock at once (a
deferred transaction that reads first and writes later can fail with "database is
locked" under two writers); the wait for the lock is bounded by ``timeout``.
SQLite errors become :class:`~provenance.errors.LedgerError` subclasses that keep
SQLite's own message. After an error SQLite may already have rolled the
transaction back; the rollback here is issued only while a transaction is still
open, so it never hides the real error.

A store opened with ``readonly=True`` (what every reading command does) connects
through a ``file:...?mode=ro`` URI: it never creates, migrates or switches the
file to WAL, so another application's database, or a file that is not a database
at all, is refused with its bytes untouched. A ledger in a read-only folder is
opened too: when SQLite cannot create the ``-shm`` file there and no ``-wal`` file
is waiting, the file is read as immutable (nobody can be writing it, since a writer
needs that folder too).

Examples:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ledger.db"
    >>> store = SQLiteStore(path)
    >>> store.counts()
    {'articles': 0, 'fingerprints': 0, 'matches': 0, 'revisions': 0}
    >>> store.close()
    >>> reader = SQLiteStore(path, readonly=True)
    >>> reader.counts()["articles"]
    0
    >>> reader.close()
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from provenance.article import Article
from provenance.errors import LedgerCorruptError, LedgerError
from provenance.fingerprint import Config, Fingerprint
from provenance.ledger._sqlite_schema import LISTING, SCHEMA_VERSION, FileSchema, _error
from provenance.ledger.sentences import SentenceTable
from provenance.ledger.store import (
    Entry,
    MatchEntry,
    Stored,
    _blob,
    _partners,
    config_from_json,
    config_to_json,
    fingerprint_from_blob,
)

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

_PROBE = 256  # seqs tried past the largest one found, when damage may hide the last rows

_KEYS_ROWS = "SELECT seq FROM bands WHERE key IN (SELECT value FROM json_each(?))"  # every row of the keys
_ENDS_A_QUERY = 200  # band keys whose ends one statement reads (two selects each)


def _listed(values: Iterable[str]) -> tuple[str, list[str]]:
    r"""Texts as one JSON list for ``json_each``, and those it cannot carry, to look up one by one.

    SQLite's JSON functions give a string up to its first NUL character; an id or url with one
    (SQLite stores it whole) is bound as a parameter of its own instead.

    Examples:
        >>> _listed(["a", "nul\x00byte"])
        ('["a"]', ['nul\x00byte'])
    """
    listed: list[str] = []
    apart: list[str] = []
    for value in values:
        (apart if "\x00" in value else listed).append(value)
    return json.dumps(listed, ensure_ascii=False), apart


class SQLiteStore(FileSchema):
    """A ledger store in one SQLite file.

    Args:
        path: The database file; created when missing (unless ``readonly``).
        timeout: Seconds to wait for another writer's lock before giving up.
        readonly: Open for reading only: nothing is created, migrated or written.

    Raises:
        LedgerCorruptError: The file is not a SQLite database, is damaged, or is
            another application's database (left as it was).
        LedgerError: The file cannot be opened or migrated, or is not a regular file.
    """

    def __init__(self, path: str | Path, *, timeout: float = 60.0, readonly: bool = False) -> None:
        self.path = Path(path)
        self.name = str(self.path)
        self._config: Config | None = None
        self.readonly = readonly
        self._changes_before = 0  # this connection's changes when its write in progress began
        if self.path.exists() and not self.path.is_file():
            msg = f"{self.path}: not a regular file (a ledger is a file of its own: pass another --db)"
            raise LedgerError(msg)
        if readonly and not self.path.exists():
            msg = f"{self.path}: no ledger here"
            raise LedgerError(msg)
        try:
            if readonly:
                self._db = self._open_readonly(timeout)
            else:
                self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise _error(self.path, error) from error
        try:
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if readonly:
                self._db.execute("PRAGMA query_only = ON")
                self._check_schema()
                return
            self._db.execute("PRAGMA foreign_keys = ON")
            self._check_schema()  # before anything is written: another application's file stays as it is
            mode = self._wal(timeout)
            if mode != "wal":  # pragma: no cover - only on file systems without shared memory
                self._db.execute("PRAGMA journal_mode = DELETE")
            self._db.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except sqlite3.Error as error:
            self._db.close()
            raise _error(self.path, error) from error
        except LedgerError:
            self._db.close()
            raise

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as error:
            raise _error(self.path, error) from error

    def _executemany(self, sql: str, rows: list[Any]) -> sqlite3.Cursor:
        try:
            return self._db.executemany(sql, rows)
        except sqlite3.Error as error:
            raise _error(self.path, error) from error

    def sentences(self) -> SentenceTable | None:
        """The boilerplate tally (None in a schema 2 file opened read-only: it has none)."""
        if int(self._db.execute("PRAGMA user_version").fetchone()[0]) < 3:
            return None
        return SentenceTable(self._execute, self._executemany, "?", LISTING)

    def content_token(self) -> tuple[int, int]:
        """What the file holds, as a token: its commits by other connections and this one's changes.

        SQLite's ``data_version`` changes with every commit of another connection, and the
        connection's ``total_changes`` with every row it writes (even one rolled back).
        """
        try:
            version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as error:
            raise _error(self.path, error) from error
        return version, self._db.total_changes

    def content_token_and_tally(self) -> tuple[tuple[int, int], int]:
        """:meth:`content_token` and the tally's version (0 without a tally), the version read first."""
        table = self.sentences()
        version = 0 if table is None else table.version()
        return self.content_token(), version

    def write_mark(self) -> int:
        """The rows the write in progress changed (inside :meth:`write`, after its changes)."""
        return self._db.total_changes - self._changes_before

    def only_marked(self, token: object, now: object, marks: Sequence[object]) -> bool:
        """Whether all that was written between two tokens are this connection's writes of ``marks``.

        No other connection committed (``data_version`` is the same), and this one changed
        exactly the rows the marked writes changed.
        """
        rows = [m for m in marks if isinstance(m, int)]
        if not (isinstance(token, tuple) and isinstance(now, tuple)) or len(rows) != len(marks):
            return False
        version, changes = now
        return bool(token == (version, changes - sum(rows)))

    def remove_match(self, a: str, b: str) -> None:
        """Remove the stored match of one pair, ``a`` the smaller id (call inside :meth:`write`)."""
        self._db.execute("DELETE FROM matches WHERE a = ? AND b = ?", (a, b))

    def remove_matches(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Remove the stored matches of these pairs (``a`` the smaller id of each), in one statement."""
        apart = [p for p in pairs if "\x00" in p[0] or "\x00" in p[1]]  # see _listed
        listed = [list(p) for p in pairs if p not in apart]
        if listed:
            self._db.execute(
                "DELETE FROM matches WHERE (a, b) IN"
                " (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))",
                (json.dumps(listed, ensure_ascii=False),),
            )
        for a, b in apart:
            self.remove_match(a, b)

    def partners(self, keys: Sequence[str]) -> dict[str, list[str]]:
        """The ids each of these articles has a stored match with, in :meth:`matches`' order (one query)."""
        if not keys:
            return {}
        wanted, apart = _listed(keys)
        rows = self._read(
            "SELECT a, b FROM matches WHERE a IN (SELECT value FROM json_each(?))"
            " OR b IN (SELECT value FROM json_each(?)) ORDER BY a, b",
            (wanted, wanted),
        )
        for key in apart:
            rows += self._read("SELECT a, b FROM matches WHERE a = ? OR b = ?", (key, key))
        return _partners(set(keys), sorted({(str(a), str(b)) for a, b in rows}) if apart else rows)

    @contextmanager
    def write(self, *, keys: Sequence[int] = (), exclusive: bool = False) -> Iterator[None]:
        """One write transaction, begun with ``BEGIN IMMEDIATE``: SQLite has one writer at a time.

        Args:
            keys: Ignored: every write excludes every other.
            exclusive: Ignored, for the same reason.

        Yields:
            Nothing; the changes made inside are committed together at the end.

        Raises:
            LedgerError: SQLite failed; nothing of the transaction is kept.
        """
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise _error(self.path, error) from error
        self._changes_before = self._db.total_changes
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException as error:
            if self._db.in_transaction:
                with suppress(sqlite3.Error):  # the error below is the one that matters
                    self._db.execute("ROLLBACK")
            if isinstance(error, sqlite3.Error):
                raise _error(self.path, error) from error
            raise

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: everything read inside sees the ledger of one moment.

        ``verify`` and ``salvage`` read inside one, so that an ingest running meanwhile
        cannot make a match look as if it named a missing article. A read that damage
        stops leaves the transaction open, and it is ended all the same.

        Yields:
            Nothing.
        """
        try:
            self._db.execute("BEGIN")
        except sqlite3.Error as error:
            raise _error(self.path, error) from error
        try:
            yield
        finally:
            if self._db.in_transaction:
                with suppress(sqlite3.Error):
                    self._db.execute("COMMIT")

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise _error(self.path, error) from error

    def config(self) -> Config | None:
        """The fingerprint config recorded in the ledger (read once it is there: it never changes).

        Raises:
            LedgerCorruptError: The config row is damaged.
        """
        if self._config is not None:
            return self._config
        rows = self._read("SELECT value FROM meta WHERE key = 'config'")
        found = config_from_json(rows[0][0], where=str(self.path)) if rows else None
        if not self._db.in_transaction:  # committed: kept
            self._config = found
        return found

    def set_config(self, config: Config) -> None:
        """Record the fingerprint config, unless one is recorded already."""
        value = config_to_json(config)
        self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('config', ?)", (value,))

    def _stored(self, row: tuple[Any, ...]) -> Stored:
        seq, key, url, outlet, title, published, language, text, digest, revision_of = row
        try:
            article = Article(
                id=key,
                text=text,
                url=url,
                outlet=outlet,
                title=title,
                published=datetime.fromisoformat(published) if published else None,
                language=language,
            )
        except (ValueError, TypeError) as error:
            msg = f"{self.path}: article #{seq} ({key!r}) is damaged: {error}"
            raise LedgerCorruptError(msg) from None
        return Stored(seq=seq, article=article, digest=digest, revision_of=revision_of)

    _COLUMNS = "seq, id, url, outlet, title, published, language, text, digest, revision_of"

    def get(self, key: str) -> Stored | None:
        """The stored article with this id."""
        rows = self._read(f"SELECT {self._COLUMNS} FROM articles WHERE id = ?", (key,))  # noqa: S608
        return self._stored(rows[0]) if rows else None

    def get_many(self, keys: Sequence[str]) -> dict[str, Stored]:
        """The stored articles with these ids, by id, in one query."""
        if not keys:
            return {}
        listed, apart = _listed(keys)
        rows = self._read(
            f"SELECT {self._COLUMNS} FROM articles WHERE id IN (SELECT value FROM json_each(?))",  # noqa: S608
            (listed,),
        )
        found = {s.article.id: s for s in map(self._stored, rows)}
        for key in apart:
            if (stored := self.get(key)) is not None:
                found[key] = stored
        return found

    def by_url(self, url: str) -> list[Stored]:
        """The stored articles with this url, oldest first."""
        rows = self._read(f"SELECT {self._COLUMNS} FROM articles WHERE url = ? ORDER BY seq", (url,))  # noqa: S608
        return [self._stored(r) for r in rows]

    def by_urls(self, urls: Sequence[str]) -> dict[str, list[Stored]]:
        """The stored articles with each of these urls, oldest first, by url, in one query."""
        if not urls:
            return {}
        listed, apart = _listed(urls)
        rows = self._read(
            f"SELECT {self._COLUMNS} FROM articles"  # noqa: S608
            " WHERE url IN (SELECT value FROM json_each(?)) ORDER BY seq",
            (listed,),
        )
        found: dict[str, list[Stored]] = {}
        for stored in map(self._stored, rows):
            found.setdefault(str(stored.article.url), []).append(stored)
        for url in apart:
            if versions := self.by_url(url):
                found[url] = versions
        return found

    @property
    def indexed(self) -> bool:
        """Whether the file holds the candidate index (schema 2 on; a read-only schema 1 file does not)."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0]) >= 2

    def refuses(self, article: Article) -> str | None:
        """Why this article cannot be stored: never, SQLite stores any text."""
        return None

    def add(self, stored: Stored, fingerprint: Fingerprint, *, bands: Sequence[int] = ()) -> Stored:
        """Store an article, its fingerprint and its band keys (call inside :meth:`write`)."""
        return self.add_many([(stored, fingerprint, bands)])[0]

    def add_many(self, items: Sequence[tuple[Stored, Fingerprint, Sequence[int]]]) -> list[Stored]:
        """Store articles with their fingerprints and band keys, in the order given (inside :meth:`write`).

        Each article is one statement (its number is the row it gets); their fingerprints and
        band keys are two statements for them all.
        """
        added: list[Stored] = []
        prints: list[tuple[int, int, int, bytes]] = []
        keys: list[tuple[int, int]] = []
        for stored, fingerprint, bands in items:
            a = stored.article
            cursor = self._db.execute(
                "INSERT INTO articles (id, url, outlet, title, published, language, text, digest,"
                " revision_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    a.id, a.url, a.outlet, a.title, a.published.isoformat() if a.published else None,
                    a.language, a.text, stored.digest, stored.revision_of,
                ),
            )  # fmt: skip
            seq = int(cursor.lastrowid or 0)
            prints.append((seq, fingerprint.size, *_blob(fingerprint)))
            keys += [(k, seq) for k in bands]
            added.append(attrs.evolve(stored, seq=seq))
        self._db.executemany(
            "INSERT INTO fingerprints (seq, size, width, hashvalues) VALUES (?, ?, ?, ?)", prints
        )
        self._db.executemany("INSERT OR IGNORE INTO bands (key, seq) VALUES (?, ?)", keys)
        return added

    def add_match(self, record: dict[str, Any]) -> None:
        """Store a match record, replacing one of the same pair (call inside :meth:`write`)."""
        self.add_matches([record])

    def add_matches(self, records: Sequence[dict[str, Any]]) -> None:
        """Store match records, each replacing one of the same pair (call inside :meth:`write`)."""
        self._db.executemany(
            "INSERT OR REPLACE INTO matches (a, b, record) VALUES (?, ?, ?)",
            [(r["a"], r["b"], json.dumps(r, sort_keys=True, ensure_ascii=False)) for r in records],
        )

    def fingerprints(
        self, *, after: int = 0, limit: int | None = None
    ) -> Iterator[tuple[int, str, Fingerprint]]:
        """``(seq, id, fingerprint)`` of the articles stored after ``after``, in order (``limit`` at most)."""
        config = self.config()
        if config is None:
            return
        rows = self._read(
            "SELECT f.seq, a.id, f.size, f.width, f.hashvalues FROM fingerprints f"
            " JOIN articles a ON a.seq = f.seq WHERE f.seq > ? ORDER BY f.seq LIMIT ?",
            (after, -1 if limit is None else limit),
        )
        for seq, key, size, width, blob in rows:
            yield seq, key, fingerprint_from_blob(blob, size=size, width=width, config=config, key=key)

    def candidates(
        self, bands: Sequence[int], *, per_band: int | None = None
    ) -> list[tuple[Stored, Fingerprint]]:
        """The stored articles filed under at least one of these band keys, with their fingerprints.

        With ``per_band``, of each key only the ``per_band`` first and last stored articles.
        """
        config = self.config()
        if config is None or not bands:
            return []
        params: tuple[Any, ...]
        keys = sorted(set(bands))
        crowded: list[int] = []
        if per_band is not None:  # the keys with more than 2 * per_band articles (found in that many steps)
            crowded = [
                r[0]
                for r in self._read(
                    "SELECT k.value FROM json_each(?) k WHERE EXISTS"
                    " (SELECT 1 FROM bands WHERE key = k.value ORDER BY seq LIMIT 1 OFFSET ?)",
                    (json.dumps(keys), 2 * per_band),
                )
            ]
        if not crowded:  # every row of each key (all of a key's ends when none is crowded)
            where, params = (
                "SELECT seq FROM bands WHERE key IN (SELECT value FROM json_each(?))",
                (json.dumps(keys),),
            )
        else:  # a crowded key's ends through the (key, seq) primary key: per_band rows each, however many
            seqs: set[int] = {
                r[0] for r in self._read(_KEYS_ROWS, (json.dumps(sorted(set(keys) - set(crowded))),))
            }
            ends = (
                "SELECT * FROM (SELECT seq FROM bands WHERE key = ? ORDER BY seq LIMIT ?) UNION ALL"
                " SELECT * FROM (SELECT seq FROM bands WHERE key = ? ORDER BY seq DESC LIMIT ?)"
            )
            for start in range(0, len(crowded), _ENDS_A_QUERY):  # SQLite takes 500 selects in one compound
                part = crowded[start : start + _ENDS_A_QUERY]
                sql = " UNION ALL ".join([ends] * len(part))
                seqs.update(r[0] for r in self._read(sql, tuple(x for k in part for x in (k, per_band) * 2)))
            if not seqs:
                return []
            where, params = "SELECT value FROM json_each(?)", (json.dumps(sorted(seqs)),)
        rows = self._read(
            f"SELECT {self._COLUMNS}, f.size, f.width, f.hashvalues FROM articles"  # noqa: S608
            f" JOIN fingerprints f USING (seq) WHERE seq IN ({where}) ORDER BY seq",
            params,
        )
        return [
            (
                self._stored(r[:10]),
                fingerprint_from_blob(r[12], size=r[10], width=r[11], config=config, key=r[1]),
            )
            for r in rows
        ]

    def revisions(self, key: str) -> list[str]:
        """The ids of the stored articles that revise this one."""
        return [
            r[0] for r in self._read("SELECT id FROM articles WHERE revision_of = ? ORDER BY seq", (key,))
        ]

    def forget(self, key: str) -> list[str]:
        """Remove an article with its fingerprint, band keys and matches (call inside :meth:`write`)."""
        return self.forget_many([key])

    def forget_many(self, keys: Sequence[str]) -> list[str]:
        """Remove articles, their fingerprints, band keys and matches, in a few statements (inside a write).

        Returns:
            The ids removed (those stored), in the order given.
        """
        listed, apart = _listed(dict.fromkeys(keys))
        rows = self._db.execute(
            "SELECT seq, id FROM articles WHERE id IN (SELECT value FROM json_each(?))", (listed,)
        ).fetchall()
        for key in apart:  # an id with a NUL character, which JSON does not carry here
            rows += self._db.execute("SELECT seq, id FROM articles WHERE id = ?", (key,)).fetchall()
        found = {str(key): int(seq) for seq, key in rows}
        if not found:
            return []
        seqs = json.dumps(sorted(found.values()))
        each = "IN (SELECT value FROM json_each(?))"
        ids, odd = _listed(found)
        self._db.execute(f"DELETE FROM matches WHERE a {each} OR b {each}", (ids, ids))  # noqa: S608
        for key in odd:
            self._db.execute("DELETE FROM matches WHERE a = ? OR b = ?", (key, key))
        if int(self._db.execute("PRAGMA user_version").fetchone()[0]) >= 3:
            self._db.execute(f"DELETE FROM sentences WHERE seq {each}", (seqs,))  # noqa: S608
        for table in ("bands", "fingerprints", "articles"):
            self._db.execute(f"DELETE FROM {table} WHERE seq {each}", (seqs,))  # noqa: S608
        return [key for key in dict.fromkeys(keys) if key in found]

    def matches(self, key: str | None = None) -> Iterator[dict[str, Any]]:
        """The match records, all or those of one article, ordered by pair."""
        if key is None:
            rows = self._read("SELECT a, b, record FROM matches ORDER BY a, b")
        else:
            rows = self._read(
                "SELECT a, b, record FROM matches WHERE a = ? OR b = ? ORDER BY a, b", (key, key)
            )
        for a, b, record in rows:
            yield self._record(a, b, record)

    def _record(self, a: str, b: str, text: object) -> dict[str, Any]:
        """A stored match record, parsed; a damaged one is a LedgerCorruptError."""
        try:
            record = json.loads(text) if isinstance(text, str) else None
        except (ValueError, RecursionError):
            record = None
        if not isinstance(record, dict) or record.get("a") != a or record.get("b") != b:
            msg = f"{self.path}: the record of match ({a!r}, {b!r}) is damaged"
            raise LedgerCorruptError(msg)
        return record

    def articles(self) -> Iterator[Stored]:
        """Every stored article, in ingestion order."""
        for row in self._read(f"SELECT {self._COLUMNS} FROM articles ORDER BY seq"):  # noqa: S608
            yield self._stored(row)

    def published(self) -> Iterator[tuple[str, datetime | None]]:
        """The id and publication time of every stored article, in ingestion order (no text is read)."""
        for key, published in self._read("SELECT id, published FROM articles ORDER BY seq"):
            yield str(key), datetime.fromisoformat(published) if published else None

    def counts(self) -> dict[str, int]:
        """How many articles, fingerprints, matches and revisions are stored."""
        return {
            "articles": self._read("SELECT count(*) FROM articles")[0][0],
            "fingerprints": self._read("SELECT count(*) FROM fingerprints")[0][0],
            "matches": self._read("SELECT count(*) FROM matches")[0][0],
            "revisions": self._read("SELECT count(*) FROM articles WHERE revision_of IS NOT NULL")[0][0],
        }

    def _oph(self) -> bool:
        """Whether the ledger's articles are filed under band keys (its config is ``"oph"``)."""
        try:
            config = self.config()
        except LedgerError:  # a damaged config row is reported by the other checks
            return False
        return config is not None and config.method == "oph"

    def verify(self) -> list[str]:
        """SQLite's integrity and foreign-key checks, and the ledger's own consistency.

        Each check runs on its own: one that damage stops is reported as such, and the
        others still run.
        """
        problems: list[str] = []
        checks: list[tuple[str, str, Any]] = [
            ("integrity", "PRAGMA integrity_check", lambda row: None if row[0] == "ok" else str(row[0])),
            ("foreign keys", "PRAGMA foreign_key_check", lambda row: f"foreign key: {tuple(row)}"),
            (
                "fingerprints",
                "SELECT a.id FROM articles a LEFT JOIN fingerprints f ON f.seq = a.seq WHERE f.seq IS NULL",
                lambda row: f"article {row[0]!r} has no fingerprint",
            ),
            (
                "matches",
                (
                    "SELECT m.a, m.b FROM matches m WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = m.a)"
                    " OR NOT EXISTS (SELECT 1 FROM articles WHERE id = m.b)"
                ),
                lambda row: f"match ({row[0]!r}, {row[1]!r}) names an article not in the ledger",
            ),
        ]
        if self._oph():
            checks.append(
                (
                    "candidate index",
                    (
                        "SELECT a.id FROM articles a"
                        " WHERE NOT EXISTS (SELECT 1 FROM bands b WHERE b.seq = a.seq)"
                    ),
                    lambda row: f"article {row[0]!r} is not in the candidate index",
                )
            )
        for name, sql, say in checks:
            try:
                problems += [p for p in map(say, self._db.execute(sql).fetchall()) if p]
            except sqlite3.Error as error:
                problems.append(f"the {name} check could not finish: {error}")
        return problems

    def _seqs(self) -> list[int]:
        """Every seq that may hold an article, as far as damage lets them be listed.

        The seqs are read from the tables and their indexes, each as far as it can be
        read, and every seq up to the largest found is tried, and some beyond.
        """
        found: set[int] = set()
        for sql in (
            "SELECT seq FROM articles",  # SQLite reads these from the id index when it can
            "SELECT seq FROM articles ORDER BY seq DESC",
            "SELECT seq FROM fingerprints ORDER BY seq DESC",
            "SELECT max(seq) FROM articles",
        ):
            try:
                for (seq,) in self._db.execute(sql):
                    if isinstance(seq, int):
                        found.add(seq)
            except sqlite3.Error:
                continue
        return list(range(1, max(found, default=0) + _PROBE + 1))

    def entries(self, config: Config | None) -> Iterator[Entry]:
        """Each article that can be read, one row at a time, with its fingerprint and the problems met.

        Args:
            config: The ledger's config (None: fingerprints are not read).

        Yields:
            One entry per seq that holds (or held) an article, in order.
        """
        misses = 0
        for seq in self._seqs():
            problems: list[str] = []
            stored = None
            try:
                sql = f"SELECT {self._COLUMNS} FROM articles WHERE seq = ?"  # noqa: S608
                rows = self._db.execute(sql, (seq,)).fetchall()
                if rows:
                    stored = self._stored(rows[0])
            except sqlite3.Error as error:
                problems.append(f"article #{seq} cannot be read: {error}")
            except LedgerCorruptError as error:
                problems.append(str(error).removeprefix(f"{self.path}: "))
            if stored is None and not problems:
                misses += 1
                if misses > _PROBE:
                    return
                continue
            misses = 0
            fp = None
            if stored is not None and config is not None:
                key = stored.article.id
                try:
                    rows = self._db.execute(
                        "SELECT size, width, hashvalues FROM fingerprints WHERE seq = ?", (seq,)
                    ).fetchall()
                    if rows:
                        size, width, blob = rows[0]
                        fp = fingerprint_from_blob(blob, size=size, width=width, config=config, key=key)
                except sqlite3.Error as error:
                    problems.append(f"article {key!r}: its fingerprint cannot be read: {error}")
                except LedgerCorruptError as error:
                    problems.append(str(error))
            yield Entry(seq=seq, stored=stored, fingerprint=fp, problems=tuple(problems))

    def match_entries(self, keys: Iterable[str] = ()) -> Iterator[MatchEntry]:
        """Each stored match that can be read; when the table cannot be read whole, those of ``keys``.

        Args:
            keys: The ids whose matches to look up one by one, should the whole table fail.

        Yields:
            One entry per stored pair, parsed or with its problem.
        """
        seen: set[tuple[str, str]] = set()
        try:
            for a, b, text in self._db.execute("SELECT a, b, record FROM matches ORDER BY a, b"):
                seen.add((a, b))
                yield self._match_entry(a, b, text)
            return
        except sqlite3.Error:
            pass  # the table cannot be read through: look up each article's pairs
        for key in keys:
            for side in ("a", "b"):
                sql = f"SELECT a, b, record FROM matches WHERE {side} = ?"  # noqa: S608
                try:
                    rows = self._db.execute(sql, (key,)).fetchall()
                except sqlite3.Error:
                    continue
                for a, b, text in rows:
                    if (a, b) not in seen:
                        seen.add((a, b))
                        yield self._match_entry(a, b, text)

    def _match_entry(self, a: str, b: str, text: object) -> MatchEntry:
        try:
            return MatchEntry(a=a, b=b, record=self._record(a, b, text))
        except LedgerCorruptError as error:
            return MatchEntry(a=a, b=b, problem=str(error))
