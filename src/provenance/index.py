"""Candidate search: which stored fingerprints may be copies of a query.

LSH proposes; the exact comparison (:func:`~provenance.compare.compare`) decides.
Each candidate carries its estimated scores. How candidates are found depends on
the config's :attr:`~provenance.fingerprint.Config.method`:

* ``"oph"`` (the default): **one-value bands, as integer keys in one bucketed
  hash table**. A fingerprint is filed under its first :data:`BANDS` values,
  each with its position (``position << 32 | value``): two stories meet in a
  band when the smallest shingle of their union in that bin is shared, which
  happens with probability their Jaccard similarity ``J``; they meet in at least
  one band with probability ``1 - (1 - J) ** BANDS``: 99.99% for near duplicates
  (J = 0.5), 99% for an excerpt of a quarter of a story (J = 0.25). A proposed
  story is then kept when one of its estimated scores (Jaccard, or containment
  either way, from all ``num_perm`` values) could reach its threshold: when it
  is at most ``margin`` standard errors of that estimate below it. Adds and
  removals are incremental. Keys live in flat arrays, buckets of eight, probed
  for all bands at once with NumPy; the values in blocks of NumPy rows: about
  a kilobyte per story in all;
* ``"datasketch"``: the reference, datasketch's :class:`~datasketch.MinHashLSH`
  at the Jaccard threshold for near duplicates, and
  :class:`~datasketch.MinHashLSHEnsemble` at the containment threshold for
  excerpts and padded copies (rebuilt after changes, at the next query); every
  key they return is a candidate.

Examples:
    >>> from provenance import fingerprint
    >>> index = Index()
    >>> index.add("wire", fingerprint("BAKU, February 6. The minister met the envoy and discussed the vote."))
    >>> [c.key for c in index.query(fingerprint("The minister met the envoy and discussed the vote."))]
    ['wire']
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

import attrs
import numpy as np

if TYPE_CHECKING:  # datasketch (and SciPy under it) is imported when the reference path is used
    from datasketch import MinHashLSHEnsemble

    from provenance._table import Table

from provenance._checks import in_unit_interval
from provenance.errors import DuplicateKeyError
from provenance.fingerprint import Config, Fingerprint

__all__ = ["BANDS", "CONTAINMENT", "THRESHOLD", "Candidate", "Index", "band_keys"]

THRESHOLD = 0.3
"""Default Jaccard threshold of the near-duplicate candidate search, for the index and every caller
(:func:`~provenance.scan.scan`, the ledger, the spark engine, the command line). Low on purpose:
the index only proposes, the exact comparison decides, so a missed candidate costs recall while an
extra one costs a cheap check (OCR noise and edits lower the Jaccard of real copies)."""
CONTAINMENT = 0.3
"""Default containment threshold of the excerpt candidate search (the same reasoning)."""

BANDS = 16
"""One-value bands of the ``"oph"`` index: a fingerprint is filed under its first ``BANDS`` values."""

_PARTS = 8  # size partitions of the containment ensemble
# key = band << 32 | value, + 1: the + 1 keeps every key above 0, which marks an empty slot
_BAND_KEYS = (np.arange(BANDS, dtype=np.uint64) << np.uint64(32)) + np.uint64(1)


def band_keys(fp: Fingerprint) -> list[int]:
    """The one-value band keys a fingerprint is filed under (``"oph"``): ``band << 32 | value``, plus 1.

    Two fingerprints are proposed to each other by the ``"oph"`` index exactly when they
    share one of these keys (before the estimate check); a store that keeps them in a table
    with an index finds the same stories without holding the index in memory.

    Args:
        fp: The fingerprint (of any method; keys of ``"datasketch"`` values are not used by any index).

    Returns:
        ``min(BANDS, num_perm)`` keys, each below ``2**36``.

    Examples:
        >>> from provenance import fingerprint
        >>> keys = band_keys(fingerprint("The minister met the envoy and discussed the vote."))
        >>> len(keys), all(k >> 32 == band for band, k in enumerate(keys))
        (16, True)
    """
    bands = min(BANDS, fp.config.num_perm)
    keys: list[int] = (fp.values[:bands].astype(np.uint64) + _BAND_KEYS[:bands]).tolist()
    return keys


@attrs.frozen(kw_only=True)
class Candidate:
    """A stored story proposed as a possible copy, with estimated scores.

    Attributes:
        key: The stored key.
        jaccard: Estimated Jaccard similarity of the two shingle sets.
        containment: Estimated share of the query's shingles found in the candidate.
        containment_back: Estimated share of the candidate's shingles found in the query.
    """

    key: Hashable
    jaccard: float = attrs.field(validator=in_unit_interval)
    containment: float = attrs.field(validator=in_unit_interval)
    containment_back: float = attrs.field(validator=in_unit_interval)

    @property
    def closeness(self) -> float:
        """The largest of its estimated scores: how close the two stories are, whichever way."""
        return max(self.jaccard, self.containment, self.containment_back)


def _scores(matches: int, k: int, a: int, b: int) -> tuple[float, float, float]:
    """Jaccard, containment of a in b and of b in a, from matching values and set sizes."""
    j = matches / k
    common = j * (a + b) / (1.0 + j)
    return j, min(1.0, common / a), min(1.0, common / b)


class Index:
    """An in-memory candidate index of fingerprints.

    Args:
        config: The fingerprint config every added fingerprint must have; its
            method chooses how candidates are found (see the module docs).
        threshold: Jaccard threshold of the near-duplicate path (:data:`THRESHOLD`,
            0.3, by default, as for :func:`~provenance.scan.scan` and the ledger; the index
            alone defaulted to 0.5 in 0.1.0).
        containment: Containment threshold of the excerpt path (:data:`CONTAINMENT`,
            0.3, by default; 0.5 in 0.1.0).
        margin: Standard errors of an estimate below a threshold at which a
            proposed story is still kept (``"oph"``; 3 keeps 99.9% of the
            stories exactly at a threshold).

    Raises:
        ValueError: A threshold is outside (0, 1], or the margin is negative.
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        threshold: float = THRESHOLD,
        containment: float = CONTAINMENT,
        margin: float = 3.0,
    ) -> None:
        for name, value in (("threshold", threshold), ("containment", containment)):
            if not 0.0 < value <= 1.0:
                msg = f"{name} must be in (0, 1], got {value}"
                raise ValueError(msg)
        if not margin >= 0 or margin == math.inf:
            msg = f"margin must be a finite number of at least 0, got {margin}"
            raise ValueError(msg)
        self.config = config or Config()
        self.threshold = threshold
        self.containment = containment
        self.margin = margin
        self._engine: Table | _Reference
        if self.config.method == "oph":
            from provenance._table import Table  # noqa: PLC0415 - it imports this module's records

            self._engine = Table(self)
        else:
            self._engine = _Reference(self)

    def __len__(self) -> int:
        return len(self._engine)

    def __contains__(self, key: Hashable) -> bool:
        return self._engine.has(key)

    def add(self, key: Hashable, fp: Fingerprint) -> None:
        """Store a fingerprint under a key.

        Adding the same fingerprint under the same key again changes nothing.

        Args:
            key: The key (an article id).
            fp: The fingerprint.

        Raises:
            ConfigMismatchError: The fingerprint was made with another config.
            DuplicateKeyError: The key already holds a different fingerprint (a :class:`KeyError`).
        """
        if fp.config is not self.config:
            self.config.check(fp.config)
        self._engine.add(key, fp)

    def add_many(self, items: Iterable[tuple[Hashable, Fingerprint]]) -> None:
        """Store many fingerprints at once: the same as :meth:`add` for each, faster.

        Args:
            items: ``(key, fingerprint)`` pairs.

        Raises:
            ConfigMismatchError: A fingerprint was made with another config.
            DuplicateKeyError: A key already holds a different fingerprint (a :class:`KeyError`).

        Examples:
            >>> from provenance.fingerprint import fingerprint_many
            >>> texts = ["The minister met the envoy in Baku.", "The football season ended on Sunday."]
            >>> index = Index()
            >>> index.add_many(enumerate(fingerprint_many(texts)))
            >>> len(index), 1 in index
            (2, True)
        """
        batch = list(items)
        for _, fp in batch:
            if fp.config is not self.config:
                self.config.check(fp.config)
        self._engine.add_many(batch)

    def remove(self, key: Hashable) -> None:
        """Remove a key and its fingerprint.

        Args:
            key: The key.

        Raises:
            KeyError: The key is not stored.
        """
        if not self._engine.has(key):
            msg = f"key {key!r} is not in the index"
            raise KeyError(msg)
        self._engine.remove(key)

    def query(self, fp: Fingerprint, *, exclude: Hashable | None = None) -> list[Candidate]:
        """Propose stored stories that may share text with a fingerprinted story.

        Args:
            fp: The query fingerprint.
            exclude: A key to leave out (the query's own, when it is stored).

        Returns:
            Candidates, the most similar first (then by key, for a stable order).

        Raises:
            ConfigMismatchError: The fingerprint was made with another config.
        """
        if fp.config is not self.config:
            self.config.check(fp.config)
        found = self._engine.query(fp, exclude)
        found.sort(key=lambda c: (-c.closeness, str(c.key)))
        return found


class _Reference:
    """datasketch's MinHashLSH and MinHashLSHEnsemble: the reference path."""

    def __init__(self, index: Index) -> None:
        from datasketch import MinHashLSH  # noqa: PLC0415 - costly (SciPy), and only this path needs it

        self.config = index.config
        self.containment = index.containment
        self.prints: dict[Hashable, Fingerprint] = {}
        self.lsh = MinHashLSH(threshold=index.threshold, num_perm=self.config.num_perm)
        self.ensemble: MinHashLSHEnsemble | None = None
        self.dirty = False

    def __len__(self) -> int:
        return len(self.prints)

    def has(self, key: Hashable) -> bool:
        return key in self.prints

    def add(self, key: Hashable, fp: Fingerprint) -> None:
        old = self.prints.get(key)
        if old is not None:
            if old == fp:
                return
            raise DuplicateKeyError(key)
        self.prints[key] = fp
        self.lsh.insert(key, fp.minhash, check_duplication=False)
        self.dirty = True

    def add_many(self, items: list[tuple[Hashable, Fingerprint]]) -> None:
        for key, fp in items:
            self.add(key, fp)

    def remove(self, key: Hashable) -> None:
        del self.prints[key]
        self.lsh.remove(key)
        self.dirty = True

    def _rebuilt(self) -> MinHashLSHEnsemble | None:
        if self.dirty or self.ensemble is None:
            self.ensemble = None
            if self.prints:
                from datasketch import MinHashLSHEnsemble  # noqa: PLC0415 - as in __init__

                ensemble = MinHashLSHEnsemble(
                    threshold=self.containment,
                    num_perm=self.config.num_perm,
                    num_part=min(_PARTS, len(self.prints)),
                )
                ensemble.index((k, fp.minhash, fp.size) for k, fp in self.prints.items())
                self.ensemble = ensemble
            self.dirty = False
        return self.ensemble

    def query(self, fp: Fingerprint, exclude: Hashable | None) -> list[Candidate]:
        if not self.prints:
            return []
        lean = fp.minhash
        keys = set(self.lsh.query(lean))
        ensemble = self._rebuilt()
        if ensemble is not None:
            keys.update(ensemble.query(lean, fp.size))
        keys.discard(exclude)
        found = []
        for key in keys:
            other = self.prints[key]
            j, c, back = _scores(
                int(np.count_nonzero(fp.values == other.values)), len(fp.values), fp.size, other.size
            )
            found.append(Candidate(key=key, jaccard=j, containment=c, containment_back=back))
        return found
