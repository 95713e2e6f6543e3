"""The ledger's boilerplate tally: which sentences stand on how many pages of each outlet.

:func:`provenance.scan` counts an input's sentences in its first pass
(:class:`provenance.boilerplate.Counts`); a ledger keeps the same tally as it grows, so that
ingest-then-check reaches the verdicts that one scan of everything would. Three tables, the
same on both backends (this module holds their SQL, the backends run it):

* ``sentences``: one row per stored article and counted sentence (its slot: outlet and
  sentence hashed together), with the article's page and content hashes;
* ``boilerplate``: the slots that stand on :data:`~provenance.boilerplate.MIN_PAGES` pages
  or more of their outlet, with their page count (counted as :class:`~provenance.boilerplate.Counts`
  counts: once boilerplate, each page stored adds one);
* ``recheck``: slots that became boilerplate (or stopped being it, when an article is
  forgotten) since the stored matches of the articles that carry them were last verified.
  A slot enters it in the transaction that changes its standing, and leaves it in the one
  that stores the re-verified matches, so an interrupted ingest leaves the work to the next.

Slots are 64-bit hashes kept as signed integers (what both databases store).

Examples:
    >>> signed(2**64 - 1), unsigned(-1)
    (-1, 18446744073709551615)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from provenance.article import Article
from provenance.boilerplate import MIN_PAGES, Sentences, sentence_hashes
from provenance.clean import clean
from provenance.errors import EmptyStoryError

__all__ = ["Seen", "SentenceTable", "backfill", "sentences_of", "signed", "tables", "unsigned"]

_HALF = 1 << 63
_FULL = 1 << 64

Seen = int | tuple[frozenset[int], frozenset[int]]
"""What the tally knows of a slot: its page count when it is boilerplate, else the pages and contents seen."""


def signed(value: int) -> int:
    """A 64-bit hash as a signed integer (the databases' integers are signed)."""
    return value - _FULL if value >= _HALF else value


def unsigned(value: int) -> int:
    """A stored signed integer back as the 64-bit hash."""
    return value % _FULL


def _counted_in_turn(
    stored: Sequence[tuple[int, Sentences]],
    pages: dict[int, int],
    seen: dict[int, tuple[set[int], set[int]]],
    min_pages: int,
) -> tuple[list[tuple[int, int, int, int]], list[list[int]]]:
    """Articles counted in order against what the tally knew (``pages`` and ``seen``, updated here).

    Most slots are on one page only: a slot met for the first time keeps its page and content
    as they are (``first``), and gets its sets in ``seen`` once a second page carries it (a slot
    of one page only is left out of ``seen``, which the caller does not read again).

    Returns:
        The rows to store, and for each article the slots (signed) that became boilerplate with it.
    """
    rows: list[tuple[int, int, int, int]] = []
    crossed: list[list[int]] = []
    first: dict[int, tuple[int, int]] = {}  # slots met once, in none of ``pages`` and ``seen``
    alone = min_pages > 1  # a slot on one page is not boilerplate yet
    for seq, sentences in stored:
        page, content = signed(sentences.page), signed(sentences.content)
        mine: list[int] = []
        slots = sorted({s - _FULL if s >= _HALF else s for s in sentences.slots})
        rows.extend([(slot, seq, page, content) for slot in slots])
        for slot in slots:
            if slot in pages:  # boilerplate already: one more page
                pages[slot] += 1
                continue
            found = seen.get(slot)
            if found is None:
                once = first.pop(slot, None)
                if once is None and alone:
                    first[slot] = (page, content)
                    continue
                found = seen[slot] = (set(), set()) if once is None else ({once[0]}, {once[1]})
            found[0].add(page)
            found[1].add(content)
            if min(len(found[0]), len(found[1])) >= min_pages:
                pages[slot] = min(len(found[0]), len(found[1]))
                mine.append(slot)
        crossed.append(mine)
    return rows, crossed


def tables(integer: str, suffix: str = "") -> list[str]:
    """The statements that create the tally's tables, with the backend's integer type and table suffix."""
    return [
        (
            f"CREATE TABLE sentences (slot {integer} NOT NULL,"
            f" seq {integer} NOT NULL REFERENCES articles (seq), page {integer} NOT NULL,"
            f" content {integer} NOT NULL, PRIMARY KEY (slot, seq)){suffix}"
        ),
        "CREATE INDEX sentences_seq ON sentences (seq)",
        f"CREATE TABLE boilerplate (slot {integer} PRIMARY KEY, pages {integer} NOT NULL){suffix}",
        f"CREATE TABLE recheck (slot {integer} PRIMARY KEY){suffix}",
    ]


class SentenceTable:
    """The tally's operations, run through a backend's ``execute`` with its placeholder.

    Statements are written with ``?`` placeholders, and ``(...)`` for a list of integers given
    as one parameter; they are rewritten to the backend's placeholder and list. So a statement
    has the same text whatever the length of its list (a server parses and plans it once).

    Args:
        execute: Runs one statement with its parameters and returns a cursor (``fetchall``).
        many: Runs one statement once per parameter row.
        mark: The backend's placeholder (``?`` or ``%s``).
        listing: The backend's test of membership in a list parameter (what stands for
            `` IN (...)``), its subquery of the list's values (column ``value``; both with ``?``),
            and how a list of integers is given as that parameter.
        copy: Appends rows to a table (its name, columns, rows), if the backend has a faster way
            than ``many`` inserting them one by one.
    """

    def __init__(
        self,
        execute: Callable[[str, Sequence[Any]], Any],
        many: Callable[[str, list[Any]], Any],
        mark: str,
        listing: tuple[str, str, Callable[[list[int]], Any]],
        copy: Callable[[str, Sequence[str], Sequence[tuple[int, ...]]], None] | None = None,
    ) -> None:
        self._execute = execute
        self._many = many
        self._mark = mark
        self._listing = listing
        self._copy = copy

    def _run(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return list(self._execute(sql.replace("?", self._mark), params).fetchall())

    def _run_many(self, sql: str, rows: list[Any]) -> None:
        if rows:
            self._many(sql.replace("?", self._mark), rows)

    def _rows(
        self, sql: str, values: Sequence[int], *, fetch: bool = True, before: Sequence[Any] = ()
    ) -> list[Any]:
        """The rows of a statement whose every ``(...)`` stands for the list ``values`` (one parameter).

        ``before`` are the parameters of the ``?`` placeholders ahead of the first ``(...)``. With
        ``fetch`` false, a statement that gives no rows (an insert, an update, a delete).
        """
        if not values:
            return []
        member, subquery, given = self._listing
        statement = sql.replace(" IN (...)", member).replace("(...)", subquery).replace("?", self._mark)
        params = [*before, *[given(list(values))] * sql.count("(...)")]
        cursor = self._execute(statement, params)
        return list(cursor.fetchall()) if fetch else []

    def _pages(self, slots: Sequence[int]) -> dict[int, int]:
        """Distinct pages (the smaller of page keys and contents) of each slot among the stored articles."""
        rows = self._rows(
            "SELECT slot, count(DISTINCT page), count(DISTINCT content) FROM sentences"
            " WHERE slot IN (...) GROUP BY slot",
            slots,
        )
        return {int(slot): min(int(pages), int(contents)) for slot, pages, contents in rows}

    def _boilerplate(self, slots: Sequence[int]) -> dict[int, int]:
        """The boilerplate slots among these, with their page counts (signed, as stored)."""
        return {
            int(s): int(n)
            for s, n in self._rows("SELECT slot, pages FROM boilerplate WHERE slot IN (...)", slots)
        }

    def count(self, seq: int, sentences: Sentences, *, min_pages: int) -> list[int]:
        """Count a stored article's sentences (inside the write that stores it).

        Returns:
            The slots (unsigned) that became boilerplate with it; they are queued for a re-check.
        """
        return self.count_many([(seq, sentences)], min_pages=min_pages)[0]

    def count_many(
        self, stored: Sequence[tuple[int, Sentences]], *, min_pages: int, after: set[int] | None = None
    ) -> list[list[int]]:
        """Count stored articles' sentences, as :meth:`count` of each in turn would (inside their write).

        What the tally knows of their slots is read once; the articles are counted against it in
        order, here, and what changed is written in a few statements, whatever their number.

        Args:
            stored: Each article's ``seq`` and counted sentences, in the order stored.
            min_pages: Pages a slot needs to be boilerplate.
            after: Given, it is filled with their slots (unsigned) that are boilerplate once they
                are counted.

        Returns:
            For each article, the slots (unsigned) that became boilerplate with it; they are queued
            for a re-check.
        """
        every = sorted({signed(s) for _, sentences in stored for s in sentences.slots})
        if not every:
            return [[] for _ in stored]
        pages: dict[int, int] = {}  # the boilerplate slots' page counts, as they go
        seen: dict[int, tuple[set[int], set[int]]] = {}  # the others' pages and contents
        for slot, page, content, kind in self._rows(
            "SELECT slot, pages, 0, 1 FROM boilerplate WHERE slot IN (...) UNION ALL"
            " SELECT slot, page, content, 0 FROM sentences s"
            " WHERE slot IN (...) AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.slot = s.slot)",
            every,
        ):
            if int(kind):
                pages[int(slot)] = int(page)
            else:
                found = seen.setdefault(int(slot), (set(), set()))
                found[0].add(int(page))
                found[1].add(int(content))
        known = dict(pages)  # as stored before these articles
        rows, crossed = _counted_in_turn(stored, pages, seen, min_pages)
        if self._copy is not None:
            self._copy("sentences", ("slot", "seq", "page", "content"), rows)
        else:
            self._run_many("INSERT INTO sentences (slot, seq, page, content) VALUES (?, ?, ?, ?)", rows)
        for more, slots in _by_value({s: pages[s] - n for s, n in known.items() if pages[s] != n}):
            self._rows(
                "UPDATE boilerplate SET pages = pages + ? WHERE slot IN (...)",
                slots,
                fetch=False,
                before=(more,),
            )
        new = sorted(s for mine in crossed for s in mine)
        insert = "INSERT INTO boilerplate (slot, pages) SELECT value, ? FROM (...) AS v WHERE true"
        for count, slots in _by_value({s: pages[s] for s in new}):
            self._rows(insert, slots, fetch=False, before=(count,))
        self._enqueue(new)
        self._bump(sum(1 for mine in crossed if mine))
        if after is not None:
            after.update(unsigned(s) for s in pages)
        return [[unsigned(s) for s in mine] for mine in crossed]

    def _bump(self, by: int = 1) -> None:
        """Count ``by`` more changes of what is boilerplate (see :meth:`version`)."""
        if by:
            self._run(
                "INSERT INTO meta (key, value) VALUES ('tally', ?) ON CONFLICT (key)"
                " DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + ? AS TEXT) RETURNING value",
                (str(by), by),
            )

    def version(self) -> int:
        """How often what is boilerplate has changed.

        A writer that compared its article under another version queues the article's
        sentences (:meth:`queue`) as it stores it, so that its pairs are judged again.
        """
        rows = self._run("SELECT value FROM meta WHERE key = 'tally'")
        return int(rows[0][0]) if rows else 0

    def queue(self, slots: Iterable[int]) -> None:
        """Queue slots (unsigned) for a re-check of the articles that carry them."""
        self._enqueue([signed(s) for s in slots])

    def _enqueue(self, slots: Sequence[int]) -> None:
        """Queue slots (signed, as stored), in one statement."""
        self._rows(
            "INSERT INTO recheck (slot) SELECT value FROM (...) AS v WHERE true ON CONFLICT DO NOTHING",
            sorted(set(slots)),
            fetch=False,
        )

    def uncount(self, seq: int, *, min_pages: int) -> list[int]:
        """Take a stored article's sentences out of the tally (inside the write that forgets it).

        Returns:
            The slots (unsigned) that stopped being boilerplate; they are queued for a re-check.
        """
        return self.uncount_many([seq], min_pages=min_pages)

    def uncount_many(self, seqs: Sequence[int], *, min_pages: int) -> list[int]:
        """Take stored articles' sentences out of the tally, as :meth:`uncount` of each in turn would.

        In a few statements, whatever their number. A slot's pages only fall as articles go, so
        one that falls below ``min_pages`` pages once they are all gone fell there on the way
        (and left the boilerplate then); one that stays is one page fewer for each of them.

        Returns:
            The slots (unsigned) that stopped being boilerplate; they are queued for a re-check.
        """
        wanted = sorted(set(seqs))
        carried: dict[int, int] = {}  # slot: how many of these articles carry it (a row each)
        for (slot,) in self._rows("SELECT slot FROM sentences WHERE seq IN (...)", wanted):
            carried[int(slot)] = carried.get(int(slot), 0) + 1
        self._rows("DELETE FROM sentences WHERE seq IN (...)", wanted, fetch=False)
        known = sorted(self._boilerplate(sorted(carried)))
        if not known:
            return []
        pages = self._pages(known)
        gone = [s for s in known if pages.get(s, 0) < min_pages]
        kept = {s: carried[s] for s in known if pages.get(s, 0) >= min_pages}
        for fewer, slots in _by_value(kept):
            update = "UPDATE boilerplate SET pages = pages - ? WHERE slot IN (...)"
            self._rows(update, slots, fetch=False, before=(fewer,))
        self._rows("DELETE FROM boilerplate WHERE slot IN (...)", gone, fetch=False)
        self._enqueue(gone)
        if gone:
            self._bump()
        return [unsigned(s) for s in gone]

    def tally(self, slots: Iterable[int]) -> dict[int, Seen]:
        """What the tally knows of these slots (unsigned, as are the keys of the result)."""
        asked = sorted({signed(s) for s in slots})
        if not asked:
            return {}
        out: dict[int, Seen] = {}
        seen: dict[int, tuple[set[int], set[int]]] = {}
        for slot, page, content, kind in self._rows(  # one query: the boilerplate ones, the others' rows
            "SELECT slot, pages, 0, 1 FROM boilerplate WHERE slot IN (...) UNION ALL"
            " SELECT slot, page, content, 0 FROM sentences s"
            " WHERE slot IN (...) AND NOT EXISTS (SELECT 1 FROM boilerplate b WHERE b.slot = s.slot)",
            asked,
        ):
            if int(kind):
                out[unsigned(int(slot))] = int(page)
                continue
            pages, contents = seen.setdefault(unsigned(int(slot)), (set(), set()))
            pages.add(unsigned(int(page)))
            contents.add(unsigned(int(content)))
        for slot, (pages, contents) in seen.items():
            out[slot] = (frozenset(pages), frozenset(contents))
        return out

    def carrying(self, slots: Iterable[int]) -> list[str]:
        """The ids of the stored articles that carry any of these slots, in ingestion order."""
        rows = self._rows(
            "SELECT DISTINCT a.seq, a.id FROM sentences s JOIN articles a ON a.seq = s.seq"
            " WHERE s.slot IN (...)",
            sorted({signed(s) for s in slots}),
        )
        return list(dict.fromkeys(str(key) for _, key in sorted(rows)))

    def pending(self) -> list[int]:
        """The slots whose articles' matches wait for a re-check (unsigned)."""
        return sorted(unsigned(int(r[0])) for r in self._run("SELECT slot FROM recheck"))

    def settle(self, slots: Iterable[int]) -> None:
        """Take re-checked slots off the queue (inside the write that stores their matches)."""
        self._rows("DELETE FROM recheck WHERE slot IN (...)", sorted({signed(s) for s in slots}), fetch=False)


def _by_value(values: dict[int, int]) -> list[tuple[int, list[int]]]:
    """Slots grouped by their value, each group in order: one statement a value, not one a slot.

    Examples:
        >>> _by_value({5: 1, 2: 3, 9: 1})
        [(1, [5, 9]), (3, [2])]
    """
    groups: dict[int, list[int]] = {}
    for slot in sorted(values):
        groups.setdefault(values[slot], []).append(slot)
    return sorted(groups.items())


def sentences_of(article: Article) -> Sentences | None:
    """An article's counted sentences, or None (no outlet, or no story)."""
    try:
        story = clean(article.text)
    except EmptyStoryError:
        return None
    return Sentences.of(article, sentence_hashes(story))


def backfill(table: SentenceTable, stored: Iterable[tuple[int, Article]]) -> None:
    """Count the sentences of articles stored before the tally existed (a migration), in ingestion order.

    Every slot that becomes boilerplate is queued, so the next write re-checks its articles' matches.
    """
    for seq, article in stored:
        sentences = sentences_of(article)
        if sentences is not None:
            table.count(seq, sentences, min_pages=MIN_PAGES)
