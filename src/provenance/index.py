"""Candidate search: which stored fingerprints may be copies of a query.

Two paths propose candidates, and each candidate carries its estimated scores:

* **near duplicates**: datasketch's :class:`~datasketch.MinHashLSH` at a Jaccard
  threshold, for copies of about the same length;
* **containment**: datasketch's :class:`~datasketch.MinHashLSHEnsemble` at a
  containment threshold, for excerpts and padded copies, whose Jaccard is low
  because one text is much longer than the other. It finds stored stories that
  contain most of the query; the other direction (a stored excerpt of the
  query) is found when the excerpt itself is queried, as :func:`~provenance.scan.scan`
  does for every article. The ensemble is rebuilt after changes, at the next query.

LSH proposes; the exact comparison (:func:`~provenance.compare.compare`) decides.

Examples:
    >>> from provenance import fingerprint
    >>> index = Index()
    >>> index.add("wire", fingerprint("BAKU, February 6. The minister met the envoy and discussed the vote."))
    >>> [c.key for c in index.query(fingerprint("The minister met the envoy and discussed the vote."))]
    ['wire']
"""

from __future__ import annotations

from collections.abc import Hashable

import attrs
from datasketch import MinHashLSH, MinHashLSHEnsemble

from provenance.fingerprint import Config, Fingerprint

__all__ = ["Candidate", "Index"]

_PARTS = 8  # size partitions of the containment ensemble


def _unit(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        msg = f"{attribute.name} must be in [0, 1], got {value}"
        raise ValueError(msg)


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
    jaccard: float = attrs.field(validator=_unit)
    containment: float = attrs.field(validator=_unit)
    containment_back: float = attrs.field(validator=_unit)


class Index:
    """An in-memory candidate index of fingerprints.

    Args:
        config: The fingerprint config every added fingerprint must have.
        threshold: Jaccard threshold of the near-duplicate path.
        containment: Containment threshold of the excerpt path.

    Raises:
        ValueError: A threshold is outside [0, 1].
    """

    def __init__(
        self, config: Config | None = None, *, threshold: float = 0.5, containment: float = 0.5
    ) -> None:
        for name, value in (("threshold", threshold), ("containment", containment)):
            if not 0.0 < value <= 1.0:
                msg = f"{name} must be in (0, 1], got {value}"
                raise ValueError(msg)
        self.config = config or Config()
        self.threshold = threshold
        self.containment = containment
        self._prints: dict[Hashable, Fingerprint] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=self.config.num_perm)
        self._ensemble: MinHashLSHEnsemble | None = None
        self._dirty = False

    def __len__(self) -> int:
        return len(self._prints)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._prints

    def add(self, key: Hashable, fp: Fingerprint) -> None:
        """Store a fingerprint under a key.

        Adding the same fingerprint under the same key again changes nothing.

        Args:
            key: The key (an article id).
            fp: The fingerprint.

        Raises:
            ConfigMismatchError: The fingerprint was made with another config.
            KeyError: The key already holds a different fingerprint.
        """
        self.config.check(fp.config)
        old = self._prints.get(key)
        if old is not None:
            if old == fp:
                return
            msg = f"key {key!r} already holds a different fingerprint; remove it first"
            raise KeyError(msg)
        self._prints[key] = fp
        self._lsh.insert(key, fp.minhash, check_duplication=False)
        self._dirty = True

    def remove(self, key: Hashable) -> None:
        """Remove a key and its fingerprint.

        Args:
            key: The key.

        Raises:
            KeyError: The key is not stored.
        """
        if key not in self._prints:
            msg = f"key {key!r} is not in the index"
            raise KeyError(msg)
        del self._prints[key]
        self._lsh.remove(key)
        self._dirty = True

    def _rebuilt(self) -> MinHashLSHEnsemble | None:
        if self._dirty or self._ensemble is None:
            self._ensemble = None
            if self._prints:
                ensemble = MinHashLSHEnsemble(
                    threshold=self.containment,
                    num_perm=self.config.num_perm,
                    num_part=min(_PARTS, len(self._prints)),
                )
                ensemble.index((k, fp.minhash, fp.size) for k, fp in self._prints.items())
                self._ensemble = ensemble
            self._dirty = False
        return self._ensemble

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
        self.config.check(fp.config)
        if not self._prints:
            return []
        lean = fp.minhash
        keys = set(self._lsh.query(lean))
        ensemble = self._rebuilt()
        if ensemble is not None:
            keys.update(ensemble.query(lean, fp.size))
        keys.discard(exclude)
        found = []
        for key in keys:
            other = self._prints[key]
            found.append(
                Candidate(
                    key=key,
                    jaccard=fp.jaccard(other),
                    containment=fp.containment(other),
                    containment_back=other.containment(fp),
                )
            )
        found.sort(key=lambda c: (-max(c.jaccard, c.containment, c.containment_back), str(c.key)))
        return found
