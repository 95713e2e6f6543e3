"""The exception tree of the library.

Every error the library raises on purpose derives from :class:`ProvenanceError`,
and from the built-in exception whose meaning matches, so that callers can catch
either::

    ProvenanceError
    ├── InputError (ValueError)           a record or file that cannot be read
    │   ├── RecordError                   one bad record, with the file and line
    │   │   └── TooLargeError             a text longer than the reader's max_chars
    │   ├── EmptyStoryError               no story text left after cleaning
    │   └── RegistryError                 an agent registry file or entry that cannot be used
    ├── ConfigMismatchError (ValueError)  fingerprints made with different configs
    ├── DuplicateKeyError (KeyError)      an index key that already holds another fingerprint
    ├── MissingExtraError (ImportError)   an optional extra is not installed
    └── LedgerError                       the ledger's storage failed (SQLite's message kept)
        ├── LedgerCorruptError            not a ledger, or a damaged file
        ├── LedgerFullError (OSError)     the disk or the size limit is full
        └── LedgerBusyError               another process held the ledger too long

Examples:
    >>> from provenance.errors import EmptyStoryError, InputError
    >>> issubclass(EmptyStoryError, InputError) and issubclass(InputError, ValueError)
    True
"""

from __future__ import annotations

__all__ = [
    "ConfigMismatchError",
    "DuplicateKeyError",
    "EmptyStoryError",
    "InputError",
    "LedgerBusyError",
    "LedgerCorruptError",
    "LedgerError",
    "LedgerFullError",
    "MissingExtraError",
    "ProvenanceError",
    "RecordError",
    "RegistryError",
    "TooLargeError",
]


class ProvenanceError(Exception):
    """The root of every error raised by the library on purpose."""


class InputError(ProvenanceError, ValueError):
    """Input that cannot be used: a bad file, record or text.

    Args:
        *args: The message.
        article: The id of the article it is about, when it is about one (``article``).

    Examples:
        >>> InputError("article 'x': empty text", article="x").article
        'x'
    """

    def __init__(self, *args: object, article: str | None = None) -> None:
        super().__init__(*args)
        self.article = article


class RecordError(InputError):
    """One record of an input file is bad.

    Args:
        message: What is wrong with the record.
        source: The file (or ``"<stdin>"``) the record came from.
        line: The 1-based line number of the record, when the input has lines.
    """

    def __init__(self, message: str, *, source: str, line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.reason = message
        where = source if line is None else f"{source}:{line}"
        super().__init__(f"{where}: {message}")


class TooLargeError(RecordError):
    """A record's text, one of its fields or its line is longer than the reader accepts.

    It is a :class:`RecordError` (so ``skip_bad`` passes over it, and the message
    names the file and line) and so an :class:`InputError`.

    Args:
        message: What is too large, and by how much.
        source: The file (or ``"<stdin>"``) the record came from.
        line: The 1-based line number of the record, when the input has lines.
        size: The size found (characters, or bytes when the text or line was not read).
        limit: The largest size accepted (characters; bytes for a line).
    """

    def __init__(self, message: str, *, source: str, line: int | None = None, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(message, source=source, line=line)


class EmptyStoryError(InputError):
    """A text has no story left once boilerplate is set aside.

    Empty, whitespace-only and boilerplate-only texts are never fingerprinted,
    so that they can never match each other.
    """


class RegistryError(InputError):
    """An agent registry (a TOML or JSON file, or a list of agents) cannot be used.

    The message names the file and the entry, and what to write instead.
    """


class ConfigMismatchError(ProvenanceError, ValueError):
    """Two fingerprints (or a fingerprint and an index) use different configs.

    MinHash values made with different parameters are not comparable: the
    estimate they give is meaningless, so the library refuses to compute it.
    """


class DuplicateKeyError(ProvenanceError, KeyError):
    """A key of an :class:`~provenance.index.Index` already holds a different fingerprint.

    It is a :class:`KeyError` too, as the index raised before it had its own class.
    Remove the key first, or add the fingerprint under another key.

    Args:
        key: The key that is taken.
    """

    def __init__(self, key: object) -> None:
        self.key = key
        super().__init__(f"key {key!r} already holds a different fingerprint; remove it first")


class MissingExtraError(ProvenanceError, ImportError):
    """An optional part of the library needs a package that is not installed.

    The message names the ``pip install 'wire-provenance[extra]'`` to run.
    """


class LedgerError(ProvenanceError):
    """The ledger's storage failed; the message keeps the database's own words.

    What was committed before the failure is kept: a failed write changes nothing.
    """


class LedgerCorruptError(LedgerError):
    """The file is not a ledger, or it is damaged (SQLite: not a database, malformed image)."""


class LedgerFullError(LedgerError, OSError):
    """The ledger cannot grow: the disk, a file size limit or the page limit is full."""


class LedgerBusyError(LedgerError):
    """Another process kept the ledger locked for longer than the wait allowed."""
