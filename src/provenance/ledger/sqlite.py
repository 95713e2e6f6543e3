"""The SQLite backend of the ledger: one file, WAL mode, one write transaction per article.

Writers start with ``BEGIN IMMEDIATE``, which takes the write lock at once (a
deferred transaction that reads first and writes later can fail with "database is
locked" under two writers); the wait for the lock is bounded by ``timeout``.
SQLite errors become :class:`~provenance.errors.LedgerError` subclasses that keep
SQLite's own message. After an error SQLite may already have rolled the
transaction back; the rollback here is issued only while a transaction is still
open, so it never hides the real error.

Examples:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ledger.db"
    >>> store = SQLiteStore(path)
    >>> store.counts()
    {'articles': 0, 'fingerprints': 0, 'matches': 0, 'revisions': 0}
    >>> store.close()
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from provenance.article import Article
from provenance.errors import LedgerBusyError, LedgerCorruptError, LedgerError, LedgerFullError
from provenance.fingerprint import Config, Fingerprint
from provenance.index import band_keys
from provenance.ledger.store import Stored

__all__ = ["SCHEMA_VERSION", "SQLiteStore"]

SCHEMA_VERSION = 2


def _file_bands(db: sqlite3.Connection) -> None:
    """Schema 2: the candidate index in the file, band keys of every stored ``"oph"`` fingerprint."""
    db.execute(
        "CREATE TABLE bands (key INTEGER NOT NULL, seq INTEGER NOT NULL REFERENCES articles (seq),"
        " PRIMARY KEY (key, seq)) WITHOUT ROWID, STRICT"
    )
    db.execute("CREATE INDEX bands_seq ON bands (seq)")
    rows = db.execute("SELECT value FROM meta WHERE key = 'config'").fetchall()
    config = Config(**json.loads(rows[0][0])) if rows else None
    if config is None or config.method != "oph":
        return
    for seq, size, width, blob in db.execute(
        "SELECT seq, size, width, hashvalues FROM fingerprints"
    ).fetchall():
        fp = Fingerprint(config=config, values=_values(width, blob), size=size)
        db.executemany("INSERT INTO bands (key, seq) VALUES (?, ?)", [(k, seq) for k in band_keys(fp)])


# Forward migrations: MIGRATIONS[k] takes a ledger from schema version k to k + 1
# (SQL statements, or a function of the connection inside the migration's transaction).
MIGRATIONS: tuple[str | Callable[[sqlite3.Connection], None], ...] = (
    """
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        language TEXT,
        text TEXT NOT NULL,
        digest TEXT NOT NULL,
        revision_of TEXT
    ) STRICT;
    CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
    CREATE TABLE fingerprints (
        seq INTEGER PRIMARY KEY REFERENCES articles (seq),
        size INTEGER NOT NULL,
        width INTEGER NOT NULL,
        hashvalues BLOB NOT NULL
    ) STRICT;
    CREATE TABLE matches (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (a, b)
    ) STRICT;
    CREATE INDEX matches_b ON matches (b);
    """,
    _file_bands,
)

_FULL = {"SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_TRUNCATE"}  # a full disk, seen by the OS


def _error(path: Path, error: sqlite3.Error) -> LedgerError:
    """The library's error for a SQLite error, keeping SQLite's message."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = f"{path}: {error}"
    if name.startswith("SQLITE_FULL") or name in _FULL:
        return LedgerFullError(text + " (free space, raise the limit, or use another file)")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return LedgerCorruptError(text + " (the file is damaged or not a ledger: restore it from a backup)")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return LedgerBusyError(text + " (another process held the ledger; try again)")
    return LedgerError(text)


def _values(width: int, blob: bytes) -> npt.NDArray[np.unsignedinteger[Any]]:
    """Stored hash values back as an array of their width."""
    values: npt.NDArray[np.unsignedinteger[Any]]
    if width == 32:
        values = np.frombuffer(blob, dtype="<u4").astype(np.uint32)
    else:
        values = np.frombuffer(blob, dtype="<u8").astype(np.uint64)
    return values


class SQLiteStore:
    """A ledger store in one SQLite file.

    Args:
        path: The database file; created when missing.
        timeout: Seconds to wait for another writer's lock before giving up.

    Raises:
        LedgerCorruptError: The file is not a SQLite database, or is damaged.
        LedgerError: The file cannot be opened or migrated.
    """

    def __init__(self, path: str | Path, *, timeout: float = 60.0) -> None:
        self.path = Path(path)
        self.name = str(self.path)
        self._config: Config | None = None
        try:
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise _error(self.path, error) from error
        try:
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            mode = self._wal(timeout)
            if mode != "wal":  # pragma: no cover - only on file systems without shared memory
                self._db.execute("PRAGMA journal_mode = DELETE")
            self._db.execute("PRAGMA synchronous = FULL")
            self._migrate()
        except sqlite3.Error as error:
            self._db.close()
            raise _error(self.path, error) from error

    def _wal(self, timeout: float) -> str:
        """Switch to WAL, waiting for other processes as a writer would.

        Switching a new file to WAL takes an exclusive lock and, unlike a write, does
        not wait for the busy handler: two processes opening a new ledger at once
        saw "database is locked" here about once in 150 tries. So it is retried,
        with growing pauses, until ``timeout``.
        """
        deadline = time.monotonic() + timeout
        pause = 0.005
        while True:
            try:
                return str(self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            except sqlite3.OperationalError as error:
                name = getattr(error, "sqlite_errorname", "") or ""
                busy = name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
                if not busy or time.monotonic() + pause > deadline:
                    raise
            time.sleep(pause)
            pause = min(pause * 2, 0.25)

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            self._db.close()
            msg = (
                f"{self.path}: ledger schema {version} is newer than this library's {SCHEMA_VERSION}: upgrade"
            )
            raise LedgerError(msg)
        while version < SCHEMA_VERSION:
            with self.write():
                # another process may have migrated while we waited for the lock
                current = self._db.execute("PRAGMA user_version").fetchone()[0]
                if current == version:
                    step = MIGRATIONS[version]
                    if callable(step):
                        step(self._db)
                    else:
                        for statement in step.split(";"):
                            if statement.strip():
                                self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {version + 1}")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]

    def close(self) -> None:
        """Close the connection."""
        self._db.close()

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

    def _read(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise _error(self.path, error) from error

    def config(self) -> Config | None:
        """The fingerprint config recorded in the ledger (read once it is there: it never changes)."""
        if self._config is not None:
            return self._config
        rows = self._read("SELECT value FROM meta WHERE key = 'config'")
        found = Config(**json.loads(rows[0][0])) if rows else None
        if not self._db.in_transaction:  # committed: kept
            self._config = found
        return found

    def set_config(self, config: Config) -> None:
        """Record the fingerprint config, unless one is recorded already."""
        value = json.dumps(attrs.asdict(config), sort_keys=True)
        self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('config', ?)", (value,))

    @staticmethod
    def _stored(row: tuple[Any, ...]) -> Stored:
        seq, key, url, outlet, title, published, language, text, digest, revision_of = row
        article = Article(
            id=key,
            text=text,
            url=url,
            outlet=outlet,
            title=title,
            published=datetime.fromisoformat(published) if published else None,
            language=language,
        )
        return Stored(seq=seq, article=article, digest=digest, revision_of=revision_of)

    _COLUMNS = "seq, id, url, outlet, title, published, language, text, digest, revision_of"

    def get(self, key: str) -> Stored | None:
        """The stored article with this id."""
        rows = self._read(f"SELECT {self._COLUMNS} FROM articles WHERE id = ?", (key,))  # noqa: S608
        return self._stored(rows[0]) if rows else None

    def by_url(self, url: str) -> list[Stored]:
        """The stored articles with this url, oldest first."""
        rows = self._read(f"SELECT {self._COLUMNS} FROM articles WHERE url = ? ORDER BY seq", (url,))  # noqa: S608
        return [self._stored(r) for r in rows]

    def refuses(self, article: Article) -> str | None:
        """Why this article cannot be stored: never, SQLite stores any text."""
        return None

    def add(self, stored: Stored, fingerprint: Fingerprint, *, bands: Sequence[int] = ()) -> Stored:
        """Store an article, its fingerprint and its band keys (call inside :meth:`write`)."""
        a = stored.article
        cursor = self._db.execute(
            "INSERT INTO articles (id, url, outlet, title, published, language, text, digest, revision_of)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.id,
                a.url,
                a.outlet,
                a.title,
                a.published.isoformat() if a.published else None,
                a.language,
                a.text,
                stored.digest,
                stored.revision_of,
            ),
        )
        seq = int(cursor.lastrowid or 0)
        values = np.ascontiguousarray(fingerprint.values)
        self._db.execute(
            "INSERT INTO fingerprints (seq, size, width, hashvalues) VALUES (?, ?, ?, ?)",
            (
                seq,
                fingerprint.size,
                values.dtype.itemsize * 8,
                values.astype(values.dtype.newbyteorder("<")).tobytes(),
            ),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO bands (key, seq) VALUES (?, ?)", [(k, seq) for k in bands]
        )
        return attrs.evolve(stored, seq=seq)

    def add_match(self, record: dict[str, Any]) -> None:
        """Store a match record, replacing one of the same pair (call inside :meth:`write`)."""
        self._db.execute(
            "INSERT OR REPLACE INTO matches (a, b, record) VALUES (?, ?, ?)",
            (record["a"], record["b"], json.dumps(record, sort_keys=True, ensure_ascii=False)),
        )

    def fingerprints(self, *, after: int = 0) -> Iterator[tuple[int, str, Fingerprint]]:
        """``(seq, id, fingerprint)`` of the articles stored after ``after``, in order."""
        config = self.config()
        if config is None:
            return
        rows = self._read(
            "SELECT f.seq, a.id, f.size, f.width, f.hashvalues FROM fingerprints f"
            " JOIN articles a ON a.seq = f.seq WHERE f.seq > ? ORDER BY f.seq",
            (after,),
        )
        for seq, key, size, width, blob in rows:
            yield seq, key, Fingerprint(config=config, values=_values(width, blob), size=size)

    def candidates(self, bands: Sequence[int]) -> list[tuple[Stored, Fingerprint]]:
        """The stored articles filed under at least one of these band keys, with their fingerprints."""
        config = self.config()
        if config is None or not bands:
            return []
        marks = ", ".join("?" * len(bands))
        rows = self._read(
            f"SELECT {self._COLUMNS}, f.size, f.width, f.hashvalues FROM articles"  # noqa: S608
            f" JOIN fingerprints f USING (seq) WHERE seq IN (SELECT seq FROM bands WHERE key IN ({marks}))"
            " ORDER BY seq",
            tuple(bands),
        )
        return [
            (self._stored(r[:10]), Fingerprint(config=config, values=_values(r[11], r[12]), size=r[10]))
            for r in rows
        ]

    def revisions(self, key: str) -> list[str]:
        """The ids of the stored articles that revise this one."""
        return [
            r[0] for r in self._read("SELECT id FROM articles WHERE revision_of = ? ORDER BY seq", (key,))
        ]

    def forget(self, key: str) -> list[str]:
        """Remove an article with its fingerprint, band keys and matches (call inside :meth:`write`)."""
        rows = self._db.execute("SELECT seq FROM articles WHERE id = ?", (key,)).fetchall()
        if not rows:
            return []
        seq = rows[0][0]
        self._db.execute("DELETE FROM matches WHERE a = ? OR b = ?", (key, key))
        self._db.execute("DELETE FROM bands WHERE seq = ?", (seq,))
        self._db.execute("DELETE FROM fingerprints WHERE seq = ?", (seq,))
        self._db.execute("DELETE FROM articles WHERE seq = ?", (seq,))
        return [key]

    def matches(self, key: str | None = None) -> Iterator[dict[str, Any]]:
        """The match records, all or those of one article, ordered by pair."""
        if key is None:
            rows = self._read("SELECT record FROM matches ORDER BY a, b")
        else:
            rows = self._read("SELECT record FROM matches WHERE a = ? OR b = ? ORDER BY a, b", (key, key))
        for (record,) in rows:
            yield json.loads(record)

    def articles(self) -> Iterator[Stored]:
        """Every stored article, in ingestion order."""
        for row in self._read(f"SELECT {self._COLUMNS} FROM articles ORDER BY seq"):  # noqa: S608
            yield self._stored(row)

    def counts(self) -> dict[str, int]:
        """How many articles, fingerprints, matches and revisions are stored."""
        return {
            "articles": self._read("SELECT count(*) FROM articles")[0][0],
            "fingerprints": self._read("SELECT count(*) FROM fingerprints")[0][0],
            "matches": self._read("SELECT count(*) FROM matches")[0][0],
            "revisions": self._read("SELECT count(*) FROM articles WHERE revision_of IS NOT NULL")[0][0],
        }

    def verify(self) -> list[str]:
        """SQLite's integrity and foreign-key checks, and the ledger's own consistency."""
        problems = [row[0] for row in self._read("PRAGMA integrity_check") if row[0] != "ok"]
        problems += [f"foreign key: {row}" for row in self._read("PRAGMA foreign_key_check")]
        orphans = self._read(
            "SELECT a.id FROM articles a LEFT JOIN fingerprints f ON f.seq = a.seq WHERE f.seq IS NULL"
        )
        problems += [f"article {key!r} has no fingerprint" for (key,) in orphans]
        config = self.config()
        if config is not None and config.method == "oph":
            unindexed = self._read(
                "SELECT a.id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM bands b WHERE b.seq = a.seq)"
            )
            problems += [f"article {key!r} is not in the candidate index" for (key,) in unindexed]
        dangling = self._read(
            "SELECT m.a, m.b FROM matches m WHERE NOT EXISTS (SELECT 1 FROM articles WHERE id = m.a)"
            " OR NOT EXISTS (SELECT 1 FROM articles WHERE id = m.b)"
        )
        problems += [f"match ({a!r}, {b!r}) names an article not in the ledger" for a, b in dangling]
        return problems
