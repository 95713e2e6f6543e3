"""MinHash fingerprints of stories, and the config that travels with them.

A fingerprint is a datasketch :class:`~datasketch.LeanMinHash` of the story's
word shingles (32-bit values with the ``affine32`` scheme), the number of distinct
shingles it summarises, and the :class:`Config` that made it. Two fingerprints are
comparable only when their configs are equal; otherwise
:class:`~provenance.errors.ConfigMismatchError` is raised.

Shingle hashes are fed to datasketch's batch path (``MinHash.update_batch``) a
bounded number at a time, so memory stays bounded on very long texts.

Examples:
    >>> a = fingerprint("Zhang Ming met the minister in Baku on Tuesday to discuss the election.")
    >>> b = fingerprint("(MENAFN- Trend) Zhang Ming met the minister in Baku on Tuesday "
    ...                 "to discuss the election.")
    >>> a.jaccard(b)
    1.0
    >>> a.config.num_perm, a.size
    (128, 9)
"""

from __future__ import annotations

import functools
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from datasketch import LeanMinHash, MinHash

from provenance.article import Article
from provenance.clean import CLEANER_VERSION, Story, clean
from provenance.errors import ConfigMismatchError
from provenance.shingle import chunks

__all__ = ["Config", "Fingerprint", "fingerprint"]

_BATCH = 8192  # shingles per update_batch call: bounds the (batch x num_perm) work array
_SCHEMES = ("affine32", "affine64")


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
        seed: The seed of the MinHash permutations.
        scheme: The datasketch permutation scheme (``"affine32"`` or ``"affine64"``).
        cleaner: The version of the cleaner that made the story texts.

    Examples:
        >>> Config(shingle=3) == Config()
        False
    """

    num_perm: int = attrs.field(default=128, validator=_positive)
    shingle: int = attrs.field(default=5, validator=_positive)
    seed: int = attrs.field(default=1, validator=attrs.validators.ge(0))
    scheme: str = attrs.field(default="affine32", validator=attrs.validators.in_(_SCHEMES))
    cleaner: str = CLEANER_VERSION

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
        """The fingerprint as a datasketch LeanMinHash (for datasketch indexes and storage)."""
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


@functools.lru_cache(maxsize=16)
def _template(config: Config) -> MinHash:
    return MinHash(num_perm=config.num_perm, seed=config.seed, hashfunc=_identity, scheme=config.scheme)


def _identity(value: Any) -> Any:
    return value


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
    story = item if isinstance(item, Story) else clean(item.text if isinstance(item, Article) else item)
    if story.version != config.cleaner:
        config.check(attrs.evolve(config, cleaner=story.version))
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
