"""Tests for provenance.article: the Article record and content ids."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from provenance.article import Article, content_id, sha1_hex
from provenance.chain import Flag
from provenance.compare import Passage
from provenance.relate import cluster_id

FAST = settings(max_examples=200, derandomize=True, deadline=None, database=None)


def test_article_keeps_its_fields() -> None:
    """An article made with every field gives them back unchanged."""
    when = datetime(2024, 2, 7, 10, 30, tzinfo=timezone(timedelta(hours=4)))
    article = Article(
        id="trend-1",
        text="BAKU, Feb 6. The talks ended.",
        outlet="Trend",
        url="https://en.trend.az/1",
        title="Talks end",
        published=when,
        language="en",
    )
    assert ("trend-1", "BAKU, Feb 6. The talks ended.", "Trend", "https://en.trend.az/1") == (
        article.id,
        article.text,
        article.outlet,
        article.url,
    )
    assert ("Talks end", when, "en") == (article.title, article.published, article.language)


def test_optional_fields_default_to_none() -> None:
    """An article made with only an id and a text knows nothing else."""
    article = Article(id="a", text="T.")
    assert (None, None, None, None, None) == (
        article.outlet,
        article.url,
        article.title,
        article.published,
        article.language,
    )


def test_naive_published_is_rejected() -> None:
    """A publication time without a timezone raises ValueError."""
    with pytest.raises(ValueError, match="timezone-aware"):
        Article(id="a", text="T.", published=datetime(2024, 2, 7, 10, 30))


@pytest.mark.parametrize(
    "when",
    [datetime(2024, 2, 7, tzinfo=UTC), datetime(2024, 2, 7, tzinfo=timezone(timedelta(hours=-5)))],
)
def test_aware_published_is_accepted(when: datetime) -> None:
    """A publication time with a timezone is kept as given."""
    assert when == Article(id="a", text="T.", published=when).published


def test_empty_id_is_rejected() -> None:
    """An empty id raises ValueError."""
    with pytest.raises(ValueError, match="id must not be empty"):
        Article(id="", text="T.")


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"id": 7, "text": "T."}, TypeError),
        ({"id": "a", "text": None}, TypeError),
        ({"id": "a", "text": b"T."}, TypeError),
        ({"id": "a", "text": "T.", "outlet": 3}, TypeError),
        ({"id": "a", "text": "T.", "published": "2024-02-07"}, TypeError),
    ],
)
def test_fields_of_the_wrong_type_are_rejected(fields: dict[str, object], error: type) -> None:
    """A field of the wrong type raises TypeError."""
    with pytest.raises(error):
        Article(**fields)


def test_fields_are_keyword_only() -> None:
    """Positional arguments are refused, so fields cannot be swapped by mistake."""
    with pytest.raises(TypeError):
        Article("a", "T.")  # type: ignore[misc]


def test_article_is_frozen() -> None:
    """Assigning to a field of an article raises FrozenInstanceError."""
    article = Article(id="a", text="T.")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        article.text = "Changed."  # type: ignore[misc]


def test_evolve_validates_the_new_article() -> None:
    """attrs.evolve makes a changed copy and still rejects invalid values."""
    article = Article(id="a", text="T.")
    assert ("b", "T.") == (attrs.evolve(article, id="b").id, attrs.evolve(article, id="b").text)
    with pytest.raises(ValueError, match="must not be empty"):
        attrs.evolve(article, id="")


def test_equal_fields_make_equal_articles() -> None:
    """Two articles with the same fields are equal and hash alike."""
    a = Article(id="a", text="T.", outlet="Trend")
    b = Article(id="a", text="T.", outlet="Trend")
    assert (a, hash(a)) == (b, hash(b))


# content ids ---------------------------------------------------------------------------------


def test_content_id_of_a_known_text() -> None:
    """The content id of "hello" is sha1: and the first 16 hex digits of its well-known SHA-1."""
    assert "sha1:aaf4c61ddcc5e8a2" == content_id("hello")


@FAST
@given(st.text())
def test_content_id_is_sha1_prefix_of_utf8(text: str) -> None:
    """A content id is "sha1:" and the first 16 hex digits of the SHA-1 of the UTF-8 text."""
    digest = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()
    assert "sha1:" + digest[:16] == content_id(text)


@FAST
@given(st.text())
def test_content_id_is_stable_and_well_formed(text: str) -> None:
    """The same text always gets the same id, made of sha1: and 16 lower-case hex digits."""
    first = content_id(text)
    assert (first, True) == (content_id(str(text)), bool(re.fullmatch(r"sha1:[0-9a-f]{16}", first)))


@FAST
@given(st.text(), st.text())
def test_content_id_differs_for_different_texts(a: str, b: str) -> None:
    """Different texts get different ids (and equal texts equal ones)."""
    assert (a == b) == (content_id(a) == content_id(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [("The talks ended.", "The talks ended"), ("caf\u00e9", "cafe\u0301"), ("a b", "a  b"), ("", " ")],
)
def test_content_id_tells_near_identical_texts_apart(a: str, b: str) -> None:
    """Texts that differ by one character or by Unicode form get different ids."""
    assert content_id(a) != content_id(b)


def test_content_id_accepts_lone_surrogates() -> None:
    """A text holding a lone surrogate still gets a well-formed id rather than an error."""
    assert re.fullmatch(r"sha1:[0-9a-f]{16}", content_id("a\ud800b")) is not None


@FAST
@given(st.text())
def test_ids_derived_from_text_keep_their_values(text: str) -> None:
    """The shared SHA-1 helper gives the ids the article and cluster helpers gave before it."""
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
    assert digest == sha1_hex(text)
    assert "sha1:" + digest[:16] == content_id(text)
    assert "c" + digest[:12] == cluster_id(text)


def test_in_unit_interval_rejects_values_outside_zero_one() -> None:
    """The shared [0, 1] validator keeps the message the records gave: field name and value."""
    with pytest.raises(ValueError, match=r"score must be in \[0, 1\], got 1.5"):
        Passage(status="copied", a=(0, 1), b=(0, 1), score=1.5)
    with pytest.raises(ValueError, match=r"confidence must be in \[0, 1\], got -0.1"):
        Flag(name="miscredit", confidence=-0.1)
