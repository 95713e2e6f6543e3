"""Validators shared by the records of several stages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import attrs

__all__ = ["in_unit_interval"]


def in_unit_interval(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    """An attrs validator: the value lies in [0, 1] (a share, a score, a confidence).

    Raises:
        ValueError: The value is below 0 or above 1 (or NaN).

    Examples:
        >>> import attrs
        >>> @attrs.frozen
        ... class Share:
        ...     value: float = attrs.field(validator=in_unit_interval)
        >>> Share(0.5).value
        0.5
        >>> Share(1.5)
        Traceback (most recent call last):
        ...
        ValueError: value must be in [0, 1], got 1.5
    """
    if not 0.0 <= value <= 1.0:
        msg = f"{attribute.name} must be in [0, 1], got {value}"
        raise ValueError(msg)
