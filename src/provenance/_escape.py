r"""How untrusted text is shown: every character that does not show as itself, by its name.

One convention for the names, ids and labels of every output that a person reads (the
terminal, PROV-N, DOT and Mermaid graphs, the HTML report's labels): a character is shown as
itself when :meth:`str.isprintable` says it is (letters, marks, numbers, punctuation,
symbols, the ASCII space), else by its name, so that an escape sequence, a NUL, a
bidirectional override or a line separator in an id or a title cannot rewrite, cut or reorder
what follows it. :func:`escape` names a
character either way: ``<U+202E>`` (the exports) or ``\u202e`` (the terminal). An
article's own text, shown whole in the report, keeps its spaces and line breaks too
(:func:`runs`: no-break and ideographic spaces are common in news text and harmless).

This module imports nothing but the standard library: the command line uses it for its
error messages without loading the stages.

Examples:
    >>> escape("copy\u202e\x00"), escape("copy\u202e\x00", form="python")
    ('copy<U+202E><U+0000>', 'copy\\u202e\\x00')
"""

from __future__ import annotations

import unicodedata

__all__ = ["escape", "runs", "visible"]

_SHOWN = frozenset("\n\t")
_HIDDEN = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))
# what str.isprintable() refuses and a page shows as it is: line breaks, tabs, the spaces (Zs) but " "
_UNPRINTABLE_BUT_SHOWN = dict.fromkeys(map(ord, "\n\t\u00a0\u1680\u202f\u205f\u3000")) | dict.fromkeys(
    range(0x2000, 0x200B)
)


def visible(char: str) -> bool:
    r"""Whether a character shows as itself (not a control, format, separator or lone surrogate).

    Examples:
        >>> visible("a"), visible("\n"), visible("\u202e"), visible("\x00")
        (True, True, False, False)
    """
    return char in _SHOWN or unicodedata.category(char) not in _HIDDEN


def runs(text: str) -> list[tuple[str, bool]]:
    """Text as runs of visible characters and, one by one, the invisible ones named ``U+XXXX``.

    A bidirectional override, a NUL or a line separator in an untrusted text is shown
    as its code point, so that it cannot reorder, cut or hide what follows it.

    Args:
        text: Any text.

    Returns:
        ``(text, False)`` for a run shown as it is, ``("U+XXXX", True)`` for a character
        shown by its name.
    """
    if text.translate(_UNPRINTABLE_BUT_SHOWN).isprintable():  # the common case, without a loop in Python
        return [(text, False)] if text else []
    out: list[tuple[str, bool]] = []
    start = 0
    for k, char in enumerate(text):
        if not visible(char):
            if k > start:
                out.append((text[start:k], False))
            out.append((f"U+{ord(char):04X}", True))
            start = k + 1
    if start < len(text):
        out.append((text[start:], False))
    return out


def escape(text: str, *, form: str = "name", keep: str = "\n\t") -> str:
    r"""Text with each character that :meth:`str.isprintable` refuses shown by its name.

    Args:
        text: Any text.
        form: ``"name"``: ``<U+XXXX>``; ``"python"``: Python's escape (``\n``, ``\x1b``, ``\u202e``).
        keep: Characters shown as themselves all the same: line breaks and tabs, by default,
            where the output escapes them its own way (DOT, Mermaid, PROV-N); none for a line
            on a terminal.

    Returns:
        The text; the same text when every character shows as itself.

    Raises:
        ValueError: ``form`` is neither.

    Examples:
        >>> escape("a\u00a0b\n"), escape("a\u00a0b\n", form="python", keep="")
        ('a<U+00A0>b\n', 'a\\xa0b\\n')
    """
    if form not in ("name", "python"):
        msg = f"form must be 'name' or 'python', got {form!r}"
        raise ValueError(msg)
    if text.isprintable():  # the common case, without a loop in Python
        return text
    out = []
    for char in text:
        if char.isprintable() or char in keep:
            out.append(char)
        elif form == "python":
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(f"<U+{ord(char):04X}>")
    return "".join(out)
