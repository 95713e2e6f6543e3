"""MinHash fingerprints of stories, and the config that travels with them.

A fingerprint is ``num_perm`` 32-bit MinHash values of the story's word shingles,
the number of distinct shingles it summarises, and the :class:`Config` that made
it. Two fingerprints are comparable only when their configs are equal (the versions of the
cleaner, of the hashes and of Python's Unicode database included); otherwise
:class:`~provenance.errors.ConfigMismatchError` is raised.

Two methods compute the values (:attr:`Config.method`):

* ``"oph"`` (the default): **one permutation hashing with optimal densification**
  (Li, Owen and Zhang 2012; Shrivastava 2017). Each shingle hash ``x`` is mixed once
  with the seed, ``y = fmix64(x ^ key(seed))``; its high 32 bits pick one of the
  ``num_perm`` bins (``bin = (y >> 32) * num_perm >> 32``) and its low 32 bits are
  its value; each bin keeps the smallest value that falls in it. An empty bin ``j``
  takes the value of the first non-empty bin of its probe sequence
  ``p(j, 0), p(j, 1), ...`` (``p(j, t)`` is a hash of ``(j, t)`` and the seed, the
  same for every story). For two sets, a bin agrees exactly when the smallest
  shingle of their union in the bin it reads lies in both, so the share of
  agreeing values estimates the Jaccard similarity without bias, as k
  permutations do, for one hash per shingle instead of ``num_perm``;
* ``"datasketch"``: the reference, datasketch's k-permutation
  :class:`~datasketch.MinHash` (``scheme`` ``"affine32"`` or ``"affine64"``) fed
  the low 32 (or all 64) bits of each shingle hash through its batch path.

Either way :attr:`Fingerprint.minhash` is a datasketch
:class:`~datasketch.LeanMinHash` of the values, with an explicit scheme, for
datasketch's indexes and storage (only ever compare it with fingerprints of the
same config). :func:`fingerprint_many` fingerprints many stories at once.

Examples:
    >>> a = fingerprint("Zhang Ming met the minister in Baku on Tuesday to discuss the election.")
    >>> b = fingerprint("(MENAFN- Trend) Zhang Ming met the minister in Baku on Tuesday "
    ...                 "to discuss the election.")
    >>> a.jaccard(b)
    1.0
    >>> a.config.num_perm, a.config.method, a.size
    (128, 'oph', 9)
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # datasketch (and SciPy under it) is imported when used: the default path needs neither
    from datasketch import LeanMinHash, MinHash

from provenance.article import Article
from provenance.clean import CLEANER_VERSION, Story, clean
from provenance.errors import ConfigMismatchError, EmptyStoryError
from provenance.shingle import SHINGLE_VERSION, chunks, distinct_counts, mix, shingles_many

__all__ = ["METHODS", "Config", "Fingerprint", "fingerprint", "fingerprint_many", "stories_and_prints"]

METHODS = ("oph", "datasketch")
"""The ways of computing MinHash values: one permutation hashing, or datasketch's k permutations."""

_BATCH = 8192  # shingles per update_batch call: bounds the (batch x num_perm) work array
_BATCH_CHARS = 1 << 18  # story characters fingerprinted together by fingerprint_many
_SCHEMES = ("affine32", "affine64")
_U64 = np.uint64
_MASK64 = (1 << 64) - 1
_EMPTY = _U64(1 << 32)  # above every 32-bit value: marks an empty bin
_ODD = _U64(0xD6E8FEB86659FD93)
_LOW = _U64(0xFFFFFFFF)


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        msg = f"{attribute.name} must be at least 1, got {value}"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Config:
    """The parameters of a fingerprint; fingerprints are comparable only under equal configs.

    Attributes:
        num_perm: MinHash values per fingerprint. The standard error of a Jaccard
            estimate is about ``sqrt(J * (1 - J) / num_perm)``: 0.044 at J = 0.5 with 128.
        shingle: Words per shingle. Five words is the usual choice for near-duplicate
            news and web text: short enough to survive light edits, long enough that
            independent stories on one topic share few shingles.
        seed: The seed of the hashing (the bins and probes of ``"oph"``, the
            permutations of ``"datasketch"``).
        scheme: The datasketch scheme of the values: ``"affine32"`` (32-bit values;
            the only one for ``"oph"``) or ``"affine64"`` (``"datasketch"`` only).
        method: How the values are computed, one of :data:`METHODS`: ``"oph"`` (one
            permutation hashing with densification, the fast default) or
            ``"datasketch"`` (k permutations, the reference).
        cleaner: The version of the cleaner that made the story texts.
        shingler: The version of the word and shingle hashes.
        unicode: The version of the Unicode database of the Python that cleaned and
            shingled (:data:`unicodedata.unidata_version`): NFKC, case folding and what a
            letter is come from it, so two Pythons with different versions may make
            different stories and words of one text. A config read from a record made
            before this field existed (a ledger's or a JSON export's) has no version
            recorded and takes the reading Python's: such records were written by the same
            installation that reads them, or are compared as if they were.

    Raises:
        ValueError: A parameter is out of range, or ``"oph"`` is asked for 64-bit values.

    Examples:
        >>> Config(shingle=3) == Config()
        False
        >>> Config(method="datasketch").method
        'datasketch'
        >>> Config(unicode="13.0.0").check(Config(unicode="15.1.0"))
        Traceback (most recent call last):
        ...
        provenance.errors.ConfigMismatchError: ... cannot be compared: unicode '13.0.0' != '15.1.0'
    """

    num_perm: int = attrs.field(default=128, validator=_positive)
    shingle: int = attrs.field(default=5, validator=_positive)
    seed: int = attrs.field(default=1, validator=attrs.validators.ge(0))
    scheme: str = attrs.field(default="affine32", validator=attrs.validators.in_(_SCHEMES))
    method: str = attrs.field(default="oph", validator=attrs.validators.in_(METHODS))
    cleaner: str = CLEANER_VERSION
    shingler: str = SHINGLE_VERSION
    unicode: str = unicodedata.unidata_version

    def __attrs_post_init__(self) -> None:
        if self.method == "oph" and self.scheme != "affine32":
            msg = (
                f"method 'oph' makes 32-bit values (scheme 'affine32'), not {self.scheme!r}; "
                "use method='datasketch' for 64-bit values"
            )
            raise ValueError(msg)

    def check(self, other: Config) -> None:
        """Raise unless ``other`` is the same config.

        Args:
            other: The config to compare with.

        Raises:
            ConfigMismatchError: The configs differ; the message names each difference.
        """
        if self == other:
            return
        diffs = [
            f"{f.name} {getattr(self, f.name)!r} != {getattr(other, f.name)!r}"
            for f in attrs.fields(Config)
            if getattr(self, f.name) != getattr(other, f.name)
        ]
        msg = "fingerprints made with different configs cannot be compared: " + ", ".join(diffs)
        raise ConfigMismatchError(msg)


def _with_our_stages(config: Config) -> Config:
    """A config with this library's stages (cleaner, shingles, this Python's Unicode), the rest kept."""
    return attrs.evolve(
        config, cleaner=CLEANER_VERSION, shingler=SHINGLE_VERSION, unicode=unicodedata.unidata_version
    )


def _recomputable(config: Config) -> bool:
    """Whether this library, under this Python's Unicode database, makes the fingerprints of a config."""
    return config == _with_our_stages(config)


def _stages(config: Config) -> str:
    """The versions of a config's stages, as a message names them.

    Examples:
        >>> _stages(Config(cleaner="6", shingler="2", unicode="15.0.0"))
        "cleaner '6', shingler '2', Unicode '15.0.0'"
    """
    return f"cleaner {config.cleaner!r}, shingler {config.shingler!r}, Unicode {config.unicode!r}"


def _values_eq(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a, b))


@attrs.frozen(kw_only=True)
class Fingerprint:
    """The MinHash fingerprint of one story.

    Attributes:
        config: The config that made it.
        values: The MinHash values (read-only array of ``num_perm`` unsigned integers).
        size: The number of distinct shingles in the story.
    """

    config: Config
    values: npt.NDArray[np.unsignedinteger[Any]] = attrs.field(eq=attrs.cmp_using(eq=_values_eq), repr=False)
    size: int = attrs.field(validator=attrs.validators.ge(1))

    def __attrs_post_init__(self) -> None:
        self.values.flags.writeable = False

    @property
    def minhash(self) -> LeanMinHash:
        """The values as a datasketch LeanMinHash (for datasketch indexes and storage).

        The scheme is the config's; ``"oph"`` values are stored like ``"affine32"``
        ones and compare only with fingerprints of the same config.
        """
        from datasketch import LeanMinHash  # noqa: PLC0415 - costly (SciPy), and only this path needs it

        return LeanMinHash(seed=self.config.seed, hashvalues=self.values, scheme=self.config.scheme)

    def jaccard(self, other: Fingerprint) -> float:
        """Estimate the Jaccard similarity of the two stories' shingle sets.

        Args:
            other: Another fingerprint with the same config.

        Returns:
            The share of equal MinHash values, in [0, 1].

        Raises:
            ConfigMismatchError: The fingerprints were made with different configs.
        """
        self.config.check(other.config)
        return float(np.count_nonzero(self.values == other.values)) / len(self.values)

    def containment(self, other: Fingerprint) -> float:
        """Estimate the share of this story's shingles found in the other's.

        Derived from the Jaccard estimate and the two set sizes:
        ``|A & B| = J * (|A| + |B|) / (1 + J)``.

        Args:
            other: Another fingerprint with the same config.

        Returns:
            The estimate of ``|A & B| / |A|``, clipped to [0, 1].

        Raises:
            ConfigMismatchError: The fingerprints were made with different configs.
        """
        j = self.jaccard(other)
        common = j * (self.size + other.size) / (1.0 + j)
        return min(1.0, common / self.size)


def _fmix64(x: int) -> int:
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & _MASK64
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & _MASK64
    return x ^ (x >> 33)


@functools.lru_cache(maxsize=64)
def _keys(seed: int) -> tuple[np.uint64, np.uint64]:
    """The per-seed keys of the bins and of the densification probes."""
    return _U64(_fmix64((2 * seed + 1) & _MASK64)), _U64(_fmix64((2 * seed + 2) & _MASK64))


def _bins(y: npt.NDArray[np.uint64], k: int) -> npt.NDArray[np.intp]:
    return (((y >> _U64(32)) * _U64(k)) >> _U64(32)).astype(np.intp)


def _densify(table: npt.NDArray[np.uint64], probe_key: np.uint64) -> None:
    """Fill each empty bin with the first non-empty bin of its probe sequence, in place."""
    k = table.shape[1]
    empty = table == _EMPTY
    blank = empty.all(axis=1)
    rows, cols = np.nonzero(empty & ~blank[:, None])
    if len(rows):
        source = np.empty(len(rows), dtype=np.intp)
        pending = np.arange(len(rows))
        t0, width = 0, 1
        while len(pending):
            t = np.arange(t0, t0 + width, dtype=_U64)
            probes = _bins(mix(((cols[pending, None].astype(_U64) << _U64(32)) | t) ^ probe_key), k)
            hit = ~empty[rows[pending, None], probes]
            found = hit.any(axis=1)
            first = hit.argmax(axis=1)
            done = np.flatnonzero(found)
            source[pending[done]] = probes[done, first[done]]
            pending = pending[~found]
            t0, width = t0 + width, min(4 * width, 256)
        table[rows, cols] = table[rows, source]
    table[blank] = 0xFFFFFFFF  # no shingle at all: datasketch's empty MinHash


def _oph(
    hashes: npt.NDArray[np.uint64], offsets: npt.NDArray[np.intp], config: Config
) -> npt.NDArray[np.uint32]:
    """One row of ``num_perm`` values per segment of ``hashes``."""
    count, k = len(offsets) - 1, config.num_perm
    key, probe_key = _keys(config.seed)
    y = (hashes ^ key) * _ODD  # shingle hashes are mixed already: keying them takes two operations
    where = _bins(y, k)
    if count > 1:
        where += np.repeat(np.arange(0, count * k, k, dtype=np.intp), np.diff(offsets))
    flat = np.full(count * k, _EMPTY, dtype=_U64)
    np.minimum.at(flat, where, y & _LOW)
    table = flat.reshape(count, k)
    _densify(table, probe_key)
    return table.astype(np.uint32)


@functools.lru_cache(maxsize=16)
def _template(config: Config) -> MinHash:
    from datasketch import MinHash  # noqa: PLC0415 - costly (SciPy), and only the reference path needs it

    return MinHash(num_perm=config.num_perm, seed=config.seed, hashfunc=_unhashed, scheme=config.scheme)


def _unhashed(value: Any) -> Any:
    return value


def _reference(story: Story, config: Config) -> Fingerprint:
    """The datasketch path: k permutations over the shingle hashes, a bounded batch at a time."""
    m = _template(config).copy()
    seen: npt.NDArray[np.uint64] = np.empty(0, dtype=np.uint64)
    narrow = config.scheme == "affine32"
    for piece in chunks(story.text, config.shingle):
        part = np.unique(piece)
        seen = np.union1d(seen, part)
        feed = (part & np.uint64(0xFFFFFFFF)).astype(np.uint32) if narrow else part
        for i in range(0, len(feed), _BATCH):
            m.update_batch(feed[i : i + _BATCH])
    values = np.array(m.hashvalues, copy=True)
    return Fingerprint(config=config, values=values, size=max(1, len(seen)))


def _story(item: Article | Story | str, config: Config) -> Story:
    story = item if isinstance(item, Story) else clean(item.text if isinstance(item, Article) else item)
    if story.version != config.cleaner:
        config.check(attrs.evolve(config, cleaner=story.version))
    return story


def _fingerprints(stories: Sequence[Story], config: Config) -> list[Fingerprint]:
    if config.method == "datasketch":
        return [_reference(story, config) for story in stories]
    if len(stories) == 1:  # the short way: fewer NumPy calls
        parts = list(chunks(stories[0].text, config.shingle))
        hashes = parts[0] if len(parts) == 1 else np.concatenate(parts or [np.empty(0, dtype=_U64)])
        values = _oph(hashes, np.array([0, len(hashes)]), config)
        keys = np.sort(hashes.view(np.int64))
        size = 1 + int(np.count_nonzero(keys[1:] != keys[:-1])) if len(keys) else 0
        return [Fingerprint(config=config, values=values[0], size=max(1, size))]
    hashes, offsets = shingles_many([s.text for s in stories], config.shingle)
    values = _oph(hashes, offsets, config)
    sizes = distinct_counts(hashes, offsets).tolist()
    return [
        Fingerprint(config=config, values=row, size=max(1, size))
        for row, size in zip(list(values), sizes, strict=True)
    ]


def fingerprint(item: Article | Story | str, *, config: Config | None = None) -> Fingerprint:
    """Fingerprint an article, a cleaned story or a raw text.

    Args:
        item: An :class:`~provenance.article.Article` or a raw text (both cleaned
            first), or a :class:`~provenance.clean.Story`.
        config: The fingerprint parameters (defaults to :class:`Config`).

    Returns:
        The fingerprint.

    Raises:
        EmptyStoryError: No story text is left after cleaning.
        ConfigMismatchError: The story was made by another cleaner version.
    """
    config = config or Config()
    return _fingerprints([_story(item, config)], config)[0]


def fingerprint_many(
    items: Iterable[Article | Story | str], *, config: Config | None = None
) -> Iterator[Fingerprint]:
    """Fingerprint many articles, stories or texts: the same fingerprints, made faster.

    Stories are hashed together, about a quarter of a million characters at a
    time, so the cost of each NumPy call is shared; memory stays bounded whatever
    the number of items.

    Args:
        items: Articles or raw texts (cleaned first), or cleaned stories.
        config: The fingerprint parameters (defaults to :class:`Config`).

    Yields:
        One fingerprint per item, in order.

    Raises:
        EmptyStoryError: An item has no story text left after cleaning.
        ConfigMismatchError: A story was made by another cleaner version.

    Examples:
        >>> texts = ["The minister met the envoy.", "(MENAFN- Trend) The minister met the envoy."]
        >>> a, b = fingerprint_many(texts)
        >>> a == fingerprint(texts[0]), a.jaccard(b)
        (True, 1.0)
    """
    config = config or Config()
    batch: list[Story] = []
    chars = 0
    for item in items:
        story = _story(item, config)
        batch.append(story)
        chars += len(story.text)
        if chars >= _BATCH_CHARS:
            yield from _fingerprints(batch, config)
            batch, chars = [], 0
    if batch:
        yield from _fingerprints(batch, config)


def stories_and_prints(
    texts: Iterable[str], *, config: Config
) -> tuple[list[Story | str], list[Fingerprint] | None]:
    """Clean many texts and fingerprint their stories together: the first pass of every engine.

    :func:`provenance.scan`, the ledger's read-ahead and the spark engine's tasks all start
    a chunk of articles here.

    Args:
        texts: Article texts.
        config: The fingerprint parameters.

    Returns:
        Per text its story, or the message of the :class:`~provenance.errors.EmptyStoryError`
        that says it has none; and the stories' fingerprints in order, or None when the
        config's cleaner is not this library's (nothing can be fingerprinted then).

    Examples:
        >>> made, prints = stories_and_prints(["The minister met the envoy.", "  "], config=Config())
        >>> made[0].text, isinstance(made[1], str), len(prints)
        ('The minister met the envoy.', True, 1)
    """
    made: list[Story | str] = []
    for text in texts:
        try:
            made.append(clean(text))
        except EmptyStoryError as error:
            made.append(str(error))
    if config.cleaner != CLEANER_VERSION:
        return made, None
    return made, list(fingerprint_many([s for s in made if isinstance(s, Story)], config=config))
