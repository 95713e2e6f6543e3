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
from array import array
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING

import attrs
import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # datasketch (and SciPy under it) is imported when the reference path is used
    from datasketch import MinHashLSHEnsemble

from provenance.fingerprint import Config, Fingerprint

__all__ = ["BANDS", "Candidate", "Index", "band_keys"]

BANDS = 16
"""One-value bands of the ``"oph"`` index: a fingerprint is filed under its first ``BANDS`` values."""

_PARTS = 8  # size partitions of the containment ensemble
_BLOCK = 1 << 13  # fingerprint rows per block of values
_GOLDEN = 0x9E3779B97F4A7C15
_GOLDEN_U64 = np.uint64(_GOLDEN)
_MASK64 = (1 << 64) - 1
_LOAD = 0.5  # distinct keys per table slot above which the table doubles
_WIDTH = 8  # slots per bucket
_UNCHAINED = (-1,) * BANDS
_BAND_KEYS = (np.arange(BANDS, dtype=np.uint64) << np.uint64(32)) + np.uint64(
    1
)  # key = band << 32 | value, + 1
_ACROSS = np.arange(_WIDTH)


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
        threshold: Jaccard threshold of the near-duplicate path.
        containment: Containment threshold of the excerpt path.
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
        threshold: float = 0.5,
        containment: float = 0.5,
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
        self._engine: _Table | _Reference = _Table(self) if self.config.method == "oph" else _Reference(self)

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
            KeyError: The key already holds a different fingerprint.
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
            KeyError: A key already holds a different fingerprint.

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
        if isinstance(self._engine, _Table):
            for start in range(0, len(batch), _BLOCK):
                self._engine.add_many(batch[start : start + _BLOCK])
        else:
            for key, fp in batch:
                self._engine.add(key, fp)

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
        found.sort(key=lambda c: (-max(c.jaccard, c.containment, c.containment_back), str(c.key)))
        return found


def _radix_order(values: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """A stable sorting order of values below 2**32, by 16-bit digits (NumPy radix-sorts those)."""
    order = np.argsort((values & 0xFFFF).astype(np.uint16), kind="stable")
    if len(values) and int(values.max()) >= 1 << 16:
        order = order[np.argsort((values[order] >> 16).astype(np.uint16), kind="stable")]
    return order


def _run_ranks(values: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """Each item's place in its run of equal values (values come in runs)."""
    begins = np.ones(len(values), dtype=bool)
    np.not_equal(values[1:], values[:-1], out=begins[1:])
    starts = np.flatnonzero(begins)
    ranks: npt.NDArray[np.intp] = np.arange(len(values)) - np.repeat(
        starts, np.diff(starts, append=len(values))
    )
    return ranks


def _taken(key: Hashable) -> KeyError:
    return KeyError(f"key {key!r} already holds a different fingerprint; remove it first")


class _Table:
    """Fingerprints filed under one-value band keys in a bucketed hash table.

    The table is ``2**bits`` buckets of :data:`_WIDTH` slots; a slot holds a key
    (0 when empty) and the head of the chain of stories filed under it; the keys of
    a bucket fill its first slots. A story's
    band ``j`` is node ``slot * BANDS + j``; ``next[node]`` is the next node with the
    same key, or -1. Keys of a full bucket go to a small dict, and the bucket is
    flagged so that queries look there too.
    """

    def __init__(self, index: Index) -> None:
        self.k = index.config.num_perm
        self.bands = min(BANDS, self.k)
        self.margin = index.margin
        self.threshold = index.threshold
        self.containment = index.containment
        self.error_j = math.sqrt(index.threshold * (1 - index.threshold) / self.k)
        self.blocks: list[npt.NDArray[np.uint32]] = []
        self.sizes = array("q")
        self.owners: list[Hashable | None] = []
        self.slots: dict[Hashable, int] = {}
        self.free: list[int] = []
        self.next = array("i")
        self.used = 0
        self._allocate(8)

    def _allocate(self, bits: int) -> None:
        self.bits = bits
        self.table = array("Q", bytes((8 * _WIDTH) << bits))
        self.heads = array("i", (-1,)) * (_WIDTH << bits)
        self.full = array("b", bytes(1 << bits))
        self.overflow: dict[int, int] = {}
        self.shift = np.uint64(64 - bits)
        self.table_np = np.frombuffer(self.table, dtype=np.uint64).reshape(-1, _WIDTH)
        self.heads_np = np.frombuffer(self.heads, dtype=np.int32).reshape(-1, _WIDTH)
        self.full_np = np.frombuffer(self.full, dtype=np.int8)

    def __len__(self) -> int:
        return len(self.slots)

    def has(self, key: Hashable) -> bool:
        return key in self.slots

    def _row(self, slot: int) -> npt.NDArray[np.uint32]:
        row: npt.NDArray[np.uint32] = self.blocks[slot // _BLOCK][slot % _BLOCK]
        return row

    def _keys(self, values: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint64]:
        keys: npt.NDArray[np.uint64] = values[..., : self.bands] + _BAND_KEYS[: self.bands]
        return keys

    def _buckets(self, keys: npt.NDArray[np.uint64]) -> npt.NDArray[np.intp]:
        return ((keys * np.uint64(_GOLDEN)) >> np.uint64(64 - self.bits)).astype(np.intp)

    def _slot(self, key: Hashable, fp: Fingerprint) -> int | None:
        """A slot for a new key (None when the key already holds this fingerprint)."""
        slot = self.slots.get(key)
        if slot is None:
            return self._claim(key, fp)
        if self._holds(slot, fp):
            return None
        raise _taken(key)

    def _grow(self, more: int) -> None:
        bits = self.bits
        while self.used + more > _LOAD * (_WIDTH << bits):
            bits += 1
        if bits != self.bits:
            self._resize(bits)

    def add(self, key: Hashable, fp: Fingerprint) -> None:
        self._grow(self.bands)
        slot = self._slot(key, fp)
        if slot is not None:
            keys = self._keys(fp.values)
            self._file(slot, keys.tolist(), self._buckets(keys).tolist())

    def add_many(self, items: list[tuple[Hashable, Fingerprint]]) -> None:
        """File many stories with a fixed number of NumPy passes."""
        fresh: dict[Hashable, Fingerprint] = {}
        for key, fp in items:
            old = fresh.get(key)
            slot = self.slots.get(key)
            if old is None and slot is None:
                fresh[key] = fp
            elif not (old == fp if old is not None else self._holds(self.slots[key], fp)):
                raise _taken(key)
        if fresh:
            values = np.stack([fp.values for fp in fresh.values()])
            slots = self._claim_many(list(fresh), [fp.size for fp in fresh.values()], values)
            keys = self._keys(values).ravel()
            self._grow(len(keys))
            self._file_many(keys, (slots[:, None] * BANDS + np.arange(self.bands)).ravel())

    def _claim_many(
        self, keys: list[Hashable], sizes: list[int], values: npt.NDArray[np.uint32]
    ) -> npt.NDArray[np.intp]:
        """Slots for new keys (free ones first, then new ones at the end), with values and sizes stored."""
        reused = [self.free.pop() for _ in range(min(len(keys), len(self.free)))]
        for slot, key, size, row in zip(reused, keys, sizes, values, strict=False):
            self.owners[slot], self.sizes[slot] = key, size
            self._row(slot)[:] = row
        start, added = len(self.owners), len(keys) - len(reused)
        self.owners.extend(keys[len(reused) :])
        self.sizes.extend(sizes[len(reused) :])
        self.next.frombytes(b"\xff" * (4 * BANDS * added))
        while len(self.blocks) * _BLOCK < start + added:
            self.blocks.append(np.empty((_BLOCK, self.k), dtype=np.uint32))
        done = len(reused)
        while done < len(keys):  # copy block by block
            slot = start + done - len(reused)
            take = min(len(keys) - done, _BLOCK - slot % _BLOCK)
            self.blocks[slot // _BLOCK][slot % _BLOCK : slot % _BLOCK + take] = values[done : done + take]
            done += take
        slots = np.array(reused + list(range(start, start + added)), dtype=np.intp)
        self.slots.update(zip(keys, slots.tolist(), strict=True))
        return slots

    def _file_many(self, keys: npt.NDArray[np.uint64], nodes: npt.NDArray[np.intp]) -> None:
        """File keys and their nodes: one chain per distinct key, newest first."""
        mixed = keys * np.uint64(_GOLDEN)
        order = np.argsort(mixed.view(np.int64), kind="stable")  # equal keys, and each bucket, in one run
        keys, nodes, mixed = keys[order], nodes[order], mixed[order]
        first = np.ones(len(keys), dtype=bool)
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        distinct, tail = keys[starts], nodes[np.append(first[1:], True)]
        bucket = (mixed[starts] >> np.uint64(64 - self.bits)).astype(np.intp)
        rows = self.table_np[bucket]
        hit = rows == distinct[:, None]
        known = hit.any(axis=1)
        where = bucket * _WIDTH + hit.argmax(axis=1)
        heads = np.frombuffer(self.heads, dtype=np.int32)
        before = np.where(known, heads[where], -1)
        spill = np.zeros(len(distinct), dtype=bool)  # keys already in the overflow dict
        if self.overflow:
            for i in np.flatnonzero(~known & (self.full_np[bucket] != 0)).tolist():
                head = self.overflow.get(int(distinct[i]))
                if head is not None:
                    before[i], spill[i] = head, True
        chained = np.empty(len(keys), dtype=np.int32)
        chained[1:] = nodes[:-1]
        chained[starts] = before
        np.frombuffer(self.next, dtype=np.int32)[nodes] = chained
        heads[where[known]] = tail[known]
        new = np.flatnonzero(~known & ~spill)
        place = np.count_nonzero(rows, axis=1)[new] + _run_ranks(bucket[new])  # after the bucket's keys
        fits = place < _WIDTH
        pos = bucket[new[fits]] * _WIDTH + place[fits]
        np.frombuffer(self.table, dtype=np.uint64)[pos] = distinct[new[fits]]
        heads[pos] = tail[new[fits]]
        for i in (*new[~fits].tolist(), *np.flatnonzero(spill).tolist()):
            self.overflow[int(distinct[i])] = int(tail[i])
            self.full[int(bucket[i])] = 1
        self.used += len(new)

    def _holds(self, slot: int, fp: Fingerprint) -> bool:
        return self.sizes[slot] == fp.size and bool(np.array_equal(self._row(slot), fp.values))

    def _claim(self, key: Hashable, fp: Fingerprint) -> int:
        """A free slot for a new key, with the fingerprint's values and size stored in it."""
        if self.free:
            slot = self.free.pop()
            self.owners[slot] = key
            self.sizes[slot] = fp.size
        else:
            slot = len(self.owners)
            if slot % _BLOCK == 0:
                self.blocks.append(np.empty((_BLOCK, self.k), dtype=np.uint32))
            self.owners.append(key)
            self.sizes.append(fp.size)
            self.next.extend(_UNCHAINED)
        self.blocks[slot // _BLOCK][slot % _BLOCK] = fp.values
        self.slots[key] = slot
        return slot

    def _file(self, slot: int, keys: list[int], buckets: list[int]) -> None:
        table, heads, chain = self.table, self.heads, self.next
        node = slot * BANDS
        for key, bucket in zip(keys, buckets, strict=True):
            base = bucket * _WIDTH
            if self.full[bucket] and key in self.overflow:  # a key lives in one place
                chain[node] = self.overflow[key]
                self.overflow[key] = node
                node += 1
                continue
            for pos in range(base, base + _WIDTH):
                here = table[pos]
                if here == key:
                    chain[node] = heads[pos]
                    heads[pos] = node
                    break
                if here == 0:
                    table[pos] = key
                    heads[pos] = node
                    chain[node] = -1
                    self.used += 1
                    break
            else:  # a full bucket
                self.full[bucket] = 1
                chain[node] = self.overflow.get(key, -1)
                if chain[node] == -1:
                    self.used += 1
                self.overflow[key] = node
            node += 1

    def remove(self, key: Hashable) -> None:
        slot = self.slots.pop(key)
        keys = self._keys(self._row(slot))
        table, heads, chain = self.table, self.heads, self.next
        node = slot * BANDS
        for k, bucket in zip(keys.tolist(), self._buckets(keys).tolist(), strict=True):
            base = bucket * _WIDTH
            pos = next((p for p in range(base, base + _WIDTH) if table[p] == k), -1)
            head = heads[pos] if pos >= 0 else self.overflow[k]
            if head == node:
                head = chain[node]
            else:
                prev = head
                while chain[prev] != node:
                    prev = chain[prev]
                chain[prev] = chain[node]
            if pos < 0:
                if head == -1:
                    del self.overflow[k]
                    self.used -= 1
                else:
                    self.overflow[k] = head
            elif head >= 0:
                heads[pos] = head
            else:  # keep the bucket's keys together, so that the first empty slot ends a search
                last = max(p for p in range(pos, base + _WIDTH) if table[p] != 0)
                table[pos], heads[pos] = table[last], heads[last]
                table[last], heads[last] = 0, -1
                self.used -= 1
            node += 1
        self.owners[slot] = None
        self.free.append(slot)

    def _resize(self, bits: int) -> None:
        """Rebuild the table with 2**bits buckets, all at once with NumPy."""
        old = np.frombuffer(self.table, dtype=np.uint64)
        full = np.flatnonzero(old)
        keys = np.concatenate(
            [old[full], np.fromiter(self.overflow, dtype=np.uint64, count=len(self.overflow))]
        )
        heads = np.concatenate(
            [
                np.frombuffer(self.heads, dtype=np.int32)[full],
                np.fromiter(self.overflow.values(), dtype=np.int32, count=len(self.overflow)),
            ]
        )
        self._allocate(bits)
        buckets = self._buckets(keys)
        order = _radix_order(buckets)
        keys, heads, buckets = keys[order], heads[order], buckets[order]
        rank = _run_ranks(buckets)
        fits = rank < _WIDTH
        pos = buckets[fits] * _WIDTH + rank[fits]
        np.frombuffer(self.table, dtype=np.uint64)[pos] = keys[fits]
        np.frombuffer(self.heads, dtype=np.int32)[pos] = heads[fits]
        self.overflow = dict(zip(keys[~fits].tolist(), heads[~fits].tolist(), strict=True))
        self.full_np[buckets[~fits]] = 1

    def query(self, fp: Fingerprint, exclude: Hashable | None) -> list[Candidate]:
        keys = fp.values[: self.bands] + _BAND_KEYS[: self.bands]
        buckets = (keys * _GOLDEN_U64) >> self.shift
        hit = self.table_np[buckets] == keys[:, None]
        nodes: list[int] = self.heads_np[buckets][hit].tolist() if hit.any() else []
        if spill := self.overflow:
            nodes += [spill[k] for k in keys.tolist() if k in spill]
        if not nodes:
            return []
        chain = self.next
        slots: set[int] = set()
        for head in nodes:
            node = head
            while node >= 0:
                slots.add(node // BANDS)
                node = chain[node]
        if exclude is not None:
            slots.discard(self.slots.get(exclude, -1))
        if not slots:
            return []
        order = sorted(slots)
        if len(order) == 1:
            matches = [int(np.count_nonzero(self._row(order[0]) == fp.values))]
        else:
            matches = np.count_nonzero(np.stack([self._row(s) for s in order]) == fp.values, axis=1).tolist()
        found = []
        for slot, m in zip(order, matches, strict=True):
            size = self.sizes[slot]
            scores = _scores(m, self.k, fp.size, size)
            if self._plausible(scores, fp.size, size):
                j, c, back = scores
                found.append(
                    Candidate(key=self.owners[slot], jaccard=j, containment=c, containment_back=back)
                )
        return found

    def _plausible(self, scores: tuple[float, float, float], a: int, b: int) -> bool:
        """Whether an estimate is at most ``margin`` standard errors below its threshold."""
        j, c, back = scores
        if j + self.margin * self.error_j >= self.threshold:
            return True
        tc = self.containment
        for share, x, y in ((c, a, b), (back, b, a)):
            if tc * x > y:  # y cannot hold that share of x
                continue
            jt = tc * x / (x + y - tc * x)  # the Jaccard similarity at which the share is tc
            error = (x + y) / (x * (1 + jt) ** 2) * math.sqrt(jt * (1 - jt) / self.k)
            if share + self.margin * error >= tc:
                return True
        return False


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
            raise _taken(key)
        self.prints[key] = fp
        self.lsh.insert(key, fp.minhash, check_duplication=False)
        self.dirty = True

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
