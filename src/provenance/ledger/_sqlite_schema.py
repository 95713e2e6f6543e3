"""The SQLite ledger's schema: its tables, the migrations between versions, and the opening of a file.

``MIGRATIONS[k]`` takes a file from schema version ``k`` to ``k + 1``; :class:`FileSchema`
holds the part of :class:`~provenance.ledger.sqlite.SQLiteStore` that opens a file, refuses
one that is not a ledger and brings an older one up to date.

Examples:
    >>> SCHEMA_VERSION == len(MIGRATIONS)
    True
    >>> sorted(_TABLES)
    ['articles', 'fingerprints', 'matches', 'meta']
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from provenance.article import Article
from provenance.errors import LedgerBusyError, LedgerCorruptError, LedgerError, LedgerFullError
from provenance.fingerprint import Config, Fingerprint
from provenance.index import band_keys
from provenance.ledger.sentences import SentenceTable, backfill, tables
from provenance.ledger.store import _values, migrate_step

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "FileSchema"]

SCHEMA_VERSION = 4

LISTING = (" IN (SELECT value FROM json_each(?))", "(SELECT value FROM json_each(?))", json.dumps)
"""The tally's list parameter (:class:`~provenance.ledger.sentences.SentenceTable`): a JSON array."""


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


def _file_sentences(db: sqlite3.Connection) -> None:
    """Schema 3: the boilerplate tally (:mod:`provenance.ledger.sentences`), counted for what is stored."""
    for statement in tables("INTEGER", " STRICT"):
        db.execute(statement)
    table = SentenceTable(db.execute, db.executemany, "?", LISTING)
    rows = db.execute("SELECT seq, id, url, outlet, title, text FROM articles ORDER BY seq").fetchall()
    backfill(
        table,
        (
            (seq, Article(id=key, url=url, outlet=outlet, title=title, text=text))
            for seq, key, url, outlet, title, text in rows
        ),
    )


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
    _file_sentences,
    # Schema 4: the revisions of an article found through an index (forget looks them up for each article
    # it is given: a full scan each, 8 ms an article in a ledger of 10,000), as on PostgreSQL
    "CREATE INDEX IF NOT EXISTS articles_revision_of ON articles (revision_of) WHERE revision_of IS NOT NULL",
)

_TABLES = {
    "meta": {"key", "value"},
    "articles": {"seq", "id", "url", "outlet", "title", "published", "language", "text", "digest"},
    "fingerprints": {"seq", "size", "width", "hashvalues"},
    "matches": {"a", "b", "record"},
}
"""The tables (and their columns) of a ledger: a file without them is not one."""


_FULL = {"SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC", "SQLITE_IOERR_TRUNCATE"}  # a full disk, seen by the OS


def _error(path: Path, error: sqlite3.Error) -> LedgerError:
    """The library's error for a SQLite error, keeping SQLite's message."""
    name = getattr(error, "sqlite_errorname", "") or ""
    text = f"{path}: {error}"
    if name.startswith("SQLITE_FULL") or name in _FULL:
        return LedgerFullError(text + " (free space, raise the limit, or use another file)")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")):
        return LedgerCorruptError(
            text + " (the file is damaged or not a ledger: restore it from a backup,"
            " or copy out what can be read with 'provenance salvage')"
        )
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return LedgerBusyError(text + " (another process held the ledger; try again)")
    return LedgerError(text)


class FileSchema:
    """The file: opened, checked, migrated and copied, for :class:`~provenance.ledger.sqlite.SQLiteStore`.

    The store sets ``path``, ``readonly`` and ``_db`` before it calls these, and provides ``write``.
    """

    path: Path
    readonly: bool
    _db: sqlite3.Connection

    if TYPE_CHECKING:

        def write(self, *, keys: Sequence[int] = (), exclusive: bool = False) -> AbstractContextManager[None]:
            """The store's write transaction."""

    def _open_readonly(self, timeout: float) -> sqlite3.Connection:
        """A ``mode=ro`` connection; immutable in a read-only folder with no ``-wal`` waiting."""
        uri = self.path.resolve().as_uri()
        db = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError as error:
            name = getattr(error, "sqlite_errorname", "") or ""
            wal = Path(f"{self.path}-wal")
            folder = self.path.resolve().parent
            if not name.startswith("SQLITE_CANTOPEN") or wal.exists() or os.access(folder, os.W_OK):
                db.close()
                raise
            db.close()
            immutable = f"{uri}?mode=ro&immutable=1"
            db = sqlite3.connect(immutable, uri=True, timeout=timeout, isolation_level=None)
        return db

    def _check_schema(self) -> None:
        """Refuse a database that is not a ledger (an empty one is a new ledger, unless read-only).

        The version and the tables are read in one transaction: another process
        migrating a new file at the same moment is seen before or after, never halfway.
        """
        tables: dict[str, set[str]] = {}
        self._db.execute("BEGIN")
        try:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            for (name,) in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                columns = self._db.execute("SELECT name FROM pragma_table_info(?)", (name,)).fetchall()
                tables[str(name)] = {str(c) for (c,) in columns}
        finally:
            self._db.execute("COMMIT")
        if version == 0 and not tables and not self.readonly:
            return  # a new (or empty) file: the migrations make it a ledger
        missing = [t for t, columns in _TABLES.items() if not columns <= tables.get(t, set())]
        if version == 0 or missing:
            what = "an empty database" if not tables else "a SQLite database without the ledger's tables"
            msg = f"{self.path}: not a ledger ({what}); it was left as it was"
            raise LedgerCorruptError(msg)

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
                    migrate_step(self._db, MIGRATIONS[version])
                    self._db.execute(f"PRAGMA user_version = {version + 1}")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]

    def backup(self, dest: str | Path) -> None:
        """Copy the ledger into a new file with SQLite's online backup, pages and ``-wal`` alike.

        Writers may go on meanwhile: the copy is of one moment. It is written beside
        ``dest`` and renamed into place once whole and checked.

        Args:
            dest: The new file; it must not exist.

        Raises:
            LedgerError: ``dest`` exists, or the copy failed (nothing is left at ``dest``).
        """
        dest = Path(dest)
        if dest.exists() or dest.is_symlink():
            msg = f"{dest}: already exists (a backup goes to a new file; nothing was written)"
            raise LedgerError(msg)
        partial = dest.with_name(dest.name + ".partial")
        try:
            target = sqlite3.connect(partial, isolation_level=None)
            try:
                self._db.backup(target)
                target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                check = target.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                target.close()
            if check != "ok":  # pragma: no cover - a sound source gives a sound copy
                msg = f"{dest}: the copy failed its integrity check ({check})"
                raise LedgerCorruptError(msg)
            partial.replace(dest)
        except sqlite3.Error as error:
            partial.unlink(missing_ok=True)
            raise _error(dest, error) from error
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
