"""The one-value band table of the ``"oph"`` index: fingerprints filed under band keys.

:class:`~provenance.index.Index` builds a :class:`Table` for its ``"oph"`` method; nothing
else uses it. The table answers one question fast: which stored stories share at least one
band key (``band << 32 | value``, plus 1) with a query; :meth:`Table.query` then keeps those
whose estimated scores could reach a threshold.

The rules the table keeps, and why (each method says which it relies on):

1. **Buckets of slots.** The table is ``2**bits`` buckets of :data:`_WIDTH` slots. A slot
   holds a band key (0 marks an empty slot: band keys are at least 1) and, in ``heads``,
   the newest node filed under that key. Eight slots are one 64-byte cache line of keys.
2. **Packed buckets.** A bucket's keys fill its first slots, with no hole: a search stops at
   the first empty slot, a new key goes after the last one, and a removal moves the bucket's
   last key into the hole it leaves.
3. **One place per key.** A key is in its bucket, or, when that bucket was full when the key
   came, in the ``overflow`` dict, never both; ``full[bucket]`` marks a bucket that ever
   spilled, so that a lookup of a key missing from its bucket looks in the dict only then.
   The mark is never cleared: a stale mark costs a dict lookup, never a missed key.
4. **Nodes and chains.** Band ``j`` of the story in slot ``s`` is node ``s * BANDS + j`` (so
   ``node // BANDS`` is the story). ``next[node]`` is the next node filed under the same key,
   -1 at the end: the stories that share a key are one linked list, newest first.
5. **Multiplicative hashing.** A key's bucket is the top ``bits`` bits of ``key * 2**64/phi``
   (Knuth's Fibonacci hashing): band keys of one band differ in their low bits only, and
   the multiplication spreads them over every bucket.
6. **Load.** ``used`` counts distinct keys (in buckets and in the dict); the table doubles
   when they pass :data:`_LOAD` of its slots, so that a bucket is seldom full and the dict
   stays small. Growing rebuilds the whole table in a few NumPy passes (:meth:`Table._resize`).
7. **Values in blocks.** The ``num_perm`` values of each story are a row of a block of
   :data:`_BLOCK` rows: growing adds a block and copies nothing. A removed story's slot is
   freed and reused by the next story added; its nodes are rewritten when it is.
8. **The estimate check.** A story proposed by a shared key is kept when one of its
   estimated scores (from all ``num_perm`` values) is at most ``margin`` standard errors
   below its threshold (:meth:`Table._plausible`): the keys find who *may* be similar, the
   values say who plausibly *is*.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Hashable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from provenance.errors import DuplicateKeyError
from provenance.fingerprint import Fingerprint
from provenance.index import _BAND_KEYS, BANDS, Candidate, _scores

if TYPE_CHECKING:
    from provenance.index import Index

__all__ = ["Table"]

_BLOCK = 1 << 13  # fingerprint rows per block of values (rule 7)
_GOLDEN = 0x9E3779B97F4A7C15  # 2**64 / phi, odd: the multiplier of rule 5
_GOLDEN_U64 = np.uint64(_GOLDEN)
_LOAD = 0.5  # distinct keys per table slot above which the table doubles (rule 6)
_WIDTH = 8  # slots per bucket (rule 1)
_UNCHAINED = (-1,) * BANDS  # the next[] entries of a new story: no node after its own (rule 4)


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


class Table:
    """Fingerprints filed under one-value band keys in a bucketed hash table (the module's rules).

    Args:
        index: The index it serves: its config, thresholds and margin.
    """

    def __init__(self, index: Index) -> None:
        self.k = index.config.num_perm
        self.bands = min(BANDS, self.k)
        self.margin = index.margin
        self.threshold = index.threshold
        self.containment = index.containment
        # the standard error of a Jaccard estimate from k values at the threshold (binomial)
        self.error_j = math.sqrt(index.threshold * (1 - index.threshold) / self.k)
        self.blocks: list[npt.NDArray[np.uint32]] = []  # the values, by slot (rule 7)
        self.sizes = array("q")  # shingle-set size, by slot
        self.owners: list[Hashable | None] = []  # the key stored, by slot (None: a freed slot)
        self.slots: dict[Hashable, int] = {}  # slot, by key
        self.free: list[int] = []  # freed slots, reused first
        self.next = array("i")  # the chains of rule 4, by node
        self.used = 0  # distinct band keys filed (rule 6)
        self._allocate(8)

    def _allocate(self, bits: int) -> None:
        """Empty buckets, ``2**bits`` of them; the NumPy views share the arrays' memory."""
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
        raise DuplicateKeyError(key)

    def _grow(self, more: int) -> None:
        """Double the table until ``more`` keys fit under the load (rule 6); at most one rebuild."""
        bits = self.bits
        while self.used + more > _LOAD * (_WIDTH << bits):
            bits += 1
        if bits != self.bits:
            self._resize(bits)

    def add(self, key: Hashable, fp: Fingerprint) -> None:
        """File one story: grow first (its keys may all be new), then one node per band."""
        self._grow(self.bands)
        slot = self._slot(key, fp)
        if slot is not None:
            keys = self._keys(fp.values)
            self._file(slot, keys.tolist(), self._buckets(keys).tolist())

    def add_many(self, items: list[tuple[Hashable, Fingerprint]]) -> None:
        """File many stories, :data:`_BLOCK` at a time (the memory of a pass stays bounded)."""
        for start in range(0, len(items), _BLOCK):
            self._add_block(items[start : start + _BLOCK])

    def _add_block(self, items: list[tuple[Hashable, Fingerprint]]) -> None:
        """File stories with a fixed number of NumPy passes; a taken key is refused before any is filed."""
        fresh: dict[Hashable, Fingerprint] = {}
        for key, fp in items:
            old = fresh.get(key)
            slot = self.slots.get(key)
            if old is None and slot is None:
                fresh[key] = fp
            elif not (old == fp if old is not None else self._holds(self.slots[key], fp)):
                raise DuplicateKeyError(key)
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
        # sorted by the hashed key: equal keys are one run, and the keys of a bucket are runs
        # next to each other (its bucket is the top bits of the same product, rule 5)
        mixed = keys * np.uint64(_GOLDEN)
        order = np.argsort(mixed.view(np.int64), kind="stable")
        keys, nodes, mixed = keys[order], nodes[order], mixed[order]
        first = np.ones(len(keys), dtype=bool)
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        distinct, tail = keys[starts], nodes[np.append(first[1:], True)]
        bucket = (mixed[starts] >> np.uint64(64 - self.bits)).astype(np.intp)
        rows = self.table_np[bucket]  # each distinct key's bucket, its slots at once
        hit = rows == distinct[:, None]  # a key already filed in its bucket
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
        # rule 4 for a run: each node points to the one before it in the run, the run's first
        # to the key's old head; the run's last node becomes the head (newest first)
        chained = np.empty(len(keys), dtype=np.int32)
        chained[1:] = nodes[:-1]
        chained[starts] = before
        np.frombuffer(self.next, dtype=np.int32)[nodes] = chained
        heads[where[known]] = tail[known]
        # new keys go after their bucket's keys (rule 2), several in one bucket side by side;
        # those past its last slot go to the dict, and the bucket is marked (rule 3)
        new = np.flatnonzero(~known & ~spill)
        place = np.count_nonzero(rows, axis=1)[new] + _run_ranks(bucket[new])
        fits = place < _WIDTH
        pos = bucket[new[fits]] * _WIDTH + place[fits]
        np.frombuffer(self.table, dtype=np.uint64)[pos] = distinct[new[fits]]
        heads[pos] = tail[new[fits]]
        for i in (*new[~fits].tolist(), *np.flatnonzero(spill).tolist()):
            self.overflow[int(distinct[i])] = int(tail[i])
            self.full[int(bucket[i])] = 1
        self.used += len(new)

    def _holds(self, slot: int, fp: Fingerprint) -> bool:
        """Whether a slot holds this fingerprint (adding it again changes nothing)."""
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
        """File one story's nodes, one band at a time: rules 2, 3 and 4 in plain Python."""
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
        """Unlink the story's nodes from their chains; a key left with no node leaves its place."""
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
        """The stories that share a band key with ``fp`` and pass the estimate check (rule 8)."""
        # every band's bucket looked at in one NumPy pass; the dict only when it holds keys
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
        # containment of x in y: C = J (x + y) / ((1 + J) x); its standard error follows from
        # the Jaccard estimate's at the J where C is the threshold (the delta method)
        tc = self.containment
        for share, x, y in ((c, a, b), (back, b, a)):
            if tc * x > y:  # y cannot hold that share of x
                continue
            jt = tc * x / (x + y - tc * x)  # the Jaccard similarity at which the share is tc
            error = (x + y) / (x * (1 + jt) ** 2) * math.sqrt(jt * (1 - jt) / self.k)
            if share + self.margin * error >= tc:
                return True
        return False
