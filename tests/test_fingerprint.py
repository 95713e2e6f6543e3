"""Fingerprints: estimates against exact Jaccard, the OPH scheme, configs, datasketch compatibility."""

from __future__ import annotations

import math

import numpy as np
import pytest
from datasketch import LeanMinHash, MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance import Article, Config, ConfigMismatchError, EmptyStoryError, clean, fingerprint
from provenance.fingerprint import fingerprint_many
from provenance.shingle import chunks, shingles
from reference import jaccard, shingle_set

MASK = (1 << 64) - 1

VOCAB = [f"w{i}" for i in range(40)]
word_lists = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=120)


@st.composite
def related_pairs(draw: st.DrawFn) -> tuple[str, str]:
    """Two texts where the second is the first with some words deleted, replaced or added."""
    a = draw(st.lists(st.sampled_from(VOCAB), min_size=5, max_size=150))
    b = list(a)
    for _ in range(draw(st.integers(0, 40))):
        op = draw(st.sampled_from(["del", "sub", "ins"]))
        k = draw(st.integers(0, max(0, len(b) - 1)))
        if op == "del" and len(b) > 1:
            del b[k]
        elif op == "sub" and b:
            b[k] = draw(st.sampled_from(VOCAB))
        else:
            b.insert(k, draw(st.sampled_from(VOCAB)))
    return " ".join(a), " ".join(b)


@settings(max_examples=150)
@given(related_pairs())
def test_estimate_is_within_five_standard_errors(pair: tuple[str, str]) -> None:
    """The MinHash estimate stays within 5 standard errors (+1/num_perm) of the exact Jaccard.

    One permutation hashing fills at most one bin per shingle of the union and copies the rest
    (densification): a union of n shingles gives min(n, num_perm) samples, not num_perm. Two
    shingles that fall in one bin give one (a one-in-256 case hypothesis found: 2 shingles
    against 1, estimate 0 for an exact 0.5).
    """
    a, b = pair
    config = Config(num_perm=256)
    union = shingle_set(a, config.shingle) | shingle_set(b, config.shingle)
    exact = jaccard(shingle_set(a, config.shingle), shingle_set(b, config.shingle))
    estimate = fingerprint(a, config=config).jaccard(fingerprint(b, config=config))
    samples = min(len(union), config.num_perm)
    tolerance = 5 * math.sqrt(exact * (1 - exact) / samples) + 1 / config.num_perm
    assert abs(estimate - exact) <= tolerance


@given(related_pairs())
def test_jaccard_is_symmetric_and_in_unit_interval(pair: tuple[str, str]) -> None:
    """fp(a).jaccard(fp(b)) == fp(b).jaccard(fp(a)), within [0, 1]; containment too is in [0, 1]."""
    fa, fb = fingerprint(pair[0]), fingerprint(pair[1])
    assert fa.jaccard(fb) == fb.jaccard(fa)
    assert 0.0 <= fa.jaccard(fb) <= 1.0
    assert 0.0 <= fa.containment(fb) <= 1.0


@given(word_lists)
def test_identical_texts_score_one(tokens: list[str]) -> None:
    """A text and its copy (even re-wrapped and re-cased) have estimate 1.0."""
    text = " ".join(tokens)
    copy = "\n".join(tokens).upper() + "\n"
    assert 1.0 == fingerprint(text).jaccard(fingerprint(copy))


@given(word_lists)
def test_size_counts_distinct_shingles(tokens: list[str]) -> None:
    """Fingerprint.size is the number of distinct shingles of the story."""
    text = " ".join(tokens)
    assert len(shingle_set(text, 5)) == fingerprint(text).size


def test_batch_path_equals_datasketch_per_shingle_updates() -> None:
    """The datasketch method equals a datasketch MinHash updated one shingle hash at a time."""
    text = "The sides also exchanged views on other issues of mutual interest in Baku on Tuesday."
    config = Config(method="datasketch")
    m = MinHash(num_perm=config.num_perm, seed=config.seed, hashfunc=lambda x: x, scheme="affine32")
    for h in shingles(text, config.shingle).tolist():
        m.update(np.uint32(h & 0xFFFFFFFF))
    fp = fingerprint(text, config=config)
    assert np.array_equal(m.hashvalues, fp.values)
    assert np.uint32 == fp.values.dtype
    assert LeanMinHash(m) == fp.minhash


def test_inputs_article_story_and_text_agree() -> None:
    """An Article, its cleaned Story and its raw text give the same fingerprint."""
    text = " date 2024-02-07 (MENAFN- Trend) BAKU, Feb 6. The minister met the envoy."
    assert fingerprint(text) == fingerprint(clean(text)) == fingerprint(Article(id="x", text=text))


def test_set_aside_regions_do_not_change_the_fingerprint() -> None:
    """A header, a metadata line and a footer leave the fingerprint of the story unchanged."""
    story = "BAKU, Feb 6. The minister met the envoy.\n\nThe sides discussed the vote."
    page = f" date 2024-02-07 (MENAFN- Trend) {story}\n\nSource: Trend News Agency"
    assert fingerprint(story) == fingerprint(page)


def test_different_configs_cannot_be_compared() -> None:
    """Comparing fingerprints made with different configs raises, naming what differs."""
    text = "one two three four five six seven"
    with pytest.raises(ConfigMismatchError, match="num_perm 128 != 64"):
        fingerprint(text).jaccard(fingerprint(text, config=Config(num_perm=64)))
    with pytest.raises(ConfigMismatchError, match="shingle"):
        fingerprint(text).jaccard(fingerprint(text, config=Config(shingle=3)))


def test_config_validates() -> None:
    """Config rejects non-positive sizes, unknown schemes and methods, and 64-bit OPH values."""
    with pytest.raises(ValueError, match="num_perm"):
        Config(num_perm=0)
    with pytest.raises(ValueError, match="shingle"):
        Config(shingle=0)
    with pytest.raises(ValueError, match="scheme"):
        Config(scheme="legacy")
    with pytest.raises(ValueError, match="method"):
        Config(method="rho")
    with pytest.raises(ValueError, match="use method='datasketch'"):
        Config(scheme="affine64")


def test_methods_cannot_be_compared() -> None:
    """An OPH fingerprint and a datasketch one of the same text are refused, naming the method."""
    text = "one two three four five six seven"
    with pytest.raises(ConfigMismatchError, match="method 'oph' != 'datasketch'"):
        fingerprint(text).jaccard(fingerprint(text, config=Config(method="datasketch")))


@pytest.mark.parametrize(
    "text", ["", "   \n ", "\u200b\u200d", " date 2024-02-07 (MENAFN- Trend News Agency) "]
)
def test_no_story_no_fingerprint(text: str) -> None:
    """Empty, blank, invisible-only and boilerplate-only texts raise instead of fingerprinting."""
    with pytest.raises(EmptyStoryError):
        fingerprint(text)


def test_fingerprints_are_read_only() -> None:
    """A fingerprint's values cannot be changed in place."""
    fp = fingerprint("one two three four five six")
    with pytest.raises(ValueError, match="read-only"):
        fp.values[0] = 0


def test_affine64_scheme() -> None:
    """The 64-bit datasketch scheme works end to end and gives 1.0 for identical texts."""
    config = Config(method="datasketch", scheme="affine64")
    a = fingerprint("one two three four five six seven", config=config)
    assert np.uint64 == a.values.dtype
    assert 1.0 == a.jaccard(fingerprint("One two three four five six seven.", config=config))


def fmix64(x: int) -> int:
    """MurmurHash3's 64-bit finalizer, on Python ints."""
    x ^= x >> 33
    x = (x * 0xFF51AFD7ED558CCD) & MASK
    x ^= x >> 33
    x = (x * 0xC4CEB9FE1A85EC53) & MASK
    return x ^ (x >> 33)


def slow_oph(hashes: list[int], num_perm: int, seed: int) -> list[int]:
    """One permutation hashing with densification as the module documents it, one value at a time."""
    key, probe_key = fmix64(2 * seed + 1), fmix64(2 * seed + 2)
    bins: list[int | None] = [None] * num_perm
    for x in hashes:
        y = ((x ^ key) * 0xD6E8FEB86659FD93) & MASK
        b = ((y >> 32) * num_perm) >> 32
        v = y & 0xFFFFFFFF
        if bins[b] is None or v < bins[b]:  # type: ignore[operator]
            bins[b] = v
    if all(v is None for v in bins):
        return [0xFFFFFFFF] * num_perm
    out = []
    for j, own in enumerate(bins):
        value, t = own, 0
        while value is None:
            probe = ((fmix64(((j << 32) | t) ^ probe_key) >> 32) * num_perm) >> 32
            value = bins[probe]
            t += 1
        out.append(value)
    return out


@settings(max_examples=60)
@given(word_lists, st.sampled_from([8, 128, 200]), st.integers(0, 3))
def test_oph_values_follow_the_documented_scheme(tokens: list[str], num_perm: int, seed: int) -> None:
    """The vectorised OPH values equal a slow, one-value-at-a-time implementation of the documented scheme."""
    text = " ".join(tokens)
    config = Config(num_perm=num_perm, seed=seed)
    hashes = np.concatenate([*chunks(text, config.shingle)]).tolist()
    assert slow_oph(hashes, num_perm, seed) == fingerprint(text, config=config).values.tolist()


def test_oph_estimates_are_unbiased() -> None:
    """Over pairs of known Jaccard similarity the mean error is within noise of zero, as with permutations."""
    rng = np.random.default_rng(5)
    errors: dict[str, list[float]] = {"oph": [], "datasketch": []}
    for n in rng.integers(20, 400, size=150).tolist():
        base = [f"w{i}" for i in rng.choice(100_000, size=n + 40, replace=False).tolist()]
        cut = int(rng.integers(1, n))
        a, b = " ".join(base[:n]), " ".join(base[cut : cut + n])  # overlapping windows of one random text
        exact = jaccard(shingle_set(a, 5), shingle_set(b, 5))
        for method, found in errors.items():
            config = Config(method=method)
            found.append(fingerprint(a, config=config).jaccard(fingerprint(b, config=config)) - exact)
    for method, e in errors.items():
        mean, spread = float(np.mean(e)), float(np.std(e)) / math.sqrt(len(e))
        assert abs(mean) <= 3 * spread + 1e-9, method
        assert float(np.mean(np.abs(e))) <= 0.04, method


@given(st.lists(word_lists.map(" ".join), min_size=1, max_size=8))
def test_many_at_once_equal_one_at_a_time(texts: list[str]) -> None:
    """fingerprint_many gives each text the fingerprint that fingerprint gives it."""
    stories = [t for t in texts if any(ch.isalnum() for ch in t)]
    assert [fingerprint(t) for t in stories] == list(fingerprint_many(stories))


def test_fingerprint_many_takes_articles_stories_and_texts() -> None:
    """Articles, stories and texts can be mixed, and the reference method works in batches too."""
    text = " date 2024-02-07 (MENAFN- Trend) BAKU, Feb 6. The minister met the envoy."
    for config in (Config(), Config(method="datasketch")):
        fps = list(fingerprint_many([text, clean(text), Article(id="x", text=text)], config=config))
        assert [fingerprint(text, config=config)] * 3 == fps


def test_minhash_is_the_interchange_format() -> None:
    """Fingerprint.minhash is a datasketch LeanMinHash with the values, the seed and an explicit scheme."""
    a = fingerprint("The minister met the envoy in Baku on Tuesday to discuss the vote.")
    b = fingerprint("The minister met the envoy in Baku on Wednesday to discuss the vote.")
    assert "affine32" == a.minhash.scheme
    assert a.values.tolist() == a.minhash.hashvalues.tolist()
    assert a.jaccard(b) == a.minhash.jaccard(b.minhash)
