"""Reading a ledger that exists: opening it without creating it, and the articles around some of its own.

Examples:
    >>> import tempfile, pathlib
    >>> from provenance import Article
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ledger.db"
    >>> open_existing(path)
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] no ledger here: '...ledger.db'
    >>> wire = Article(id="wire", outlet="Trend", text="BAKU, Feb 6. The minister met the envoy in Baku.")
    >>> page = Article(id="page", outlet="MENAFN", text="(MENAFN- Trend) " + wire.text)
    >>> with Ledger.open(path) as ledger:
    ...     _ = ledger.ingest([wire, page])
    >>> with open_existing(path) as ledger:
    ...     ids, matches, articles = neighbourhood(ledger, ["page"])
    >>> ids, [(m.original, m.copy) for m in matches], sorted(articles)
    (['page'], [('wire', 'page')], ['page', 'wire'])
"""

from __future__ import annotations

import errno
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from provenance.article import Article
from provenance.compare import Match
from provenance.errors import InputError
from provenance.ledger import Ledger
from provenance.ledger.store import is_url

__all__ = ["neighbourhood", "open_existing"]


def open_existing(path: str | Path, *, write: bool = False, **options: Any) -> Ledger:
    """Open a ledger that exists already, read-only unless ``write``: a missing file is never created.

    Args:
        path: The file, or a ``postgresql://`` URL (opened as it is: the server tells
            whether the ledger is there).
        write: Open for writing too (the file must exist all the same).
        **options: Passed to :meth:`Ledger.open <provenance.ledger.Ledger.open>`.

    Returns:
        The ledger; use it as a context manager to close it.

    Raises:
        FileNotFoundError: There is no file at ``path`` (its ``filename`` is the path).
        LedgerError: The file or server cannot be opened, is damaged or is not a ledger.
    """
    if is_url(path):
        return Ledger.open(path, readonly=not write, **options)
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, "no ledger here", str(path))
    return Ledger.open(path, readonly=not write, **options)


def neighbourhood(
    ledger: Ledger, keys: Sequence[str] = (), *, name: str | None = None
) -> tuple[list[str], list[Match], dict[str, Article]]:
    """Some stored articles, their matches, and every article those matches name.

    What the chains or the graph of some stored articles are drawn from.

    Args:
        ledger: The ledger.
        keys: Ids (or urls) of stored articles; none names every stored article.
        name: What to call the ledger when a key names nothing (its store's name by default).

    Returns:
        The ids of the articles named, in order; their matches, each pair once; and by id
        the articles named and those on the other side of their matches.

    Raises:
        InputError: A key names no stored article.
    """
    wanted = keys or [s.article.id for s in ledger.store.articles()]
    articles: dict[str, Article] = {}
    matches: dict[tuple[str, str], Match] = {}
    for key in wanted:
        found = ledger.get(key)
        if found is None:
            msg = f"{key!r}: no such article in {ledger.store.name if name is None else name}"
            raise InputError(msg)
        articles[found.id] = found
        matches.update(((m.a, m.b), m) for m in ledger.matches(found.id))
    ids = list(articles)
    for m in matches.values():
        for other in (m.a, m.b):
            stored = articles.get(other) or ledger.get(other)
            if stored is not None:
                articles[other] = stored
    return ids, list(matches.values()), articles
