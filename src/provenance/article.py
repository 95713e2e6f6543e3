"""The Article record: one news article as read from a feed, a file or a page.

Examples:
    >>> from provenance import Article
    >>> a = Article(id="trend-1", outlet="Trend", text="BAKU, Azerbaijan, February 6. ...")
    >>> a.outlet
    'Trend'
"""

from __future__ import annotations

import hashlib
from datetime import datetime

import attrs

__all__ = ["Article", "content_id"]


def _aware(_: object, attribute: attrs.Attribute[datetime | None], value: datetime | None) -> None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        msg = f"{attribute.name} must be timezone-aware (got {value.isoformat()})"
        raise ValueError(msg)


def _nonempty(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value:
        msg = f"{attribute.name} must not be empty"
        raise ValueError(msg)


def sha1_hex(text: str) -> str:
    """The SHA-1 of a text's UTF-8 bytes, in hex: the digest behind every id derived from a text.

    Lone surrogates (from a decoder that kept undecodable bytes) are encoded as they are,
    so that every string has an id.

    Examples:
        >>> sha1_hex("hello")
        'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'
    """
    return hashlib.sha1(text.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def content_id(text: str) -> str:
    """Derive a stable article id from its text.

    Args:
        text: The article text.

    Returns:
        ``"sha1:"`` followed by the first 16 hex digits of the SHA-1 of the UTF-8 text.

    Examples:
        >>> content_id("hello")
        'sha1:aaf4c61ddcc5e8a2'
    """
    return "sha1:" + sha1_hex(text)[:16]


@attrs.frozen(kw_only=True)
class Article:
    """One article.

    Attributes:
        id: A key unique within the collection (a feed id, a url, a file name).
        text: The text as published, boilerplate included: cleaning happens later
            and keeps a map back to offsets in this text.
        outlet: The publishing outlet's name, when known.
        url: The article's address, when known.
        title: The headline, when known.
        published: The publication time (timezone-aware), when known.
        language: An IETF language tag such as ``"en"``, when known.
    """

    id: str = attrs.field(validator=[attrs.validators.instance_of(str), _nonempty])
    text: str = attrs.field(validator=attrs.validators.instance_of(str), repr=False)
    outlet: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    url: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    title: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    published: datetime | None = attrs.field(
        default=None,
        validator=[attrs.validators.optional(attrs.validators.instance_of(datetime)), _aware],
    )
    language: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
