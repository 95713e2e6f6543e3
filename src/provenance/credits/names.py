"""Names read from a bounded window next to a keyword: before it or after it.

A name is a run of capitalised words (with inner connectors such as ``of`` or ``və``), at
most ``_MAX_WORDS`` words, read within ``_WINDOW`` characters; a run that opens with a word
that opens no name (``The``, ``Meanwhile``, ``Monday``) or that is made only of generic words
(:data:`provenance.registry.GENERIC`) is no name.
"""

from __future__ import annotations

import re

from provenance.registry import GENERIC, normalise

_WINDOW = 160  # characters read on either side of a keyword for a name
_MAX_WORDS = 10  # words in a name


# --- names: read from a bounded window next to a keyword ------------------------------------

_CONNECTORS = frozenset(
    {
        "of",
        "the",
        "for",
        "and",
        "de",
        "du",
        "des",
        "la",
        "le",
        "al",
        "el",
        "on",
        "und",
        "van",
        "von",
        "&",
        "və",
    }
)
_OPENS_NO_NAME = frozenset(
    {
        "A", "An", "The", "It", "Its", "This", "That", "These", "Those", "He", "She", "They", "We",
        "I", "You", "His", "Her", "Their", "Our", "My", "Your", "There", "Here", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
        "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December", "Meanwhile", "However", "Also", "Earlier", "Later", "Today", "Yesterday",
        "Separately", "Additionally", "Moreover", "Furthermore", "Then", "Now", "In", "On", "At",
        "As", "But", "And", "So", "Thus", "Previously", "Last", "Next", "Both", "Some", "Many",
        "Several", "Most", "All", "Unnamed", "Anonymous", "Local",
        "Western", "Foreign", "Official", "Officials", "Sources", "Analysts", "Experts", "Media",
        "Police", "People", "Reports", "Data", "Figures", "Estimates",
    }
)  # fmt: skip
_STOP = re.compile(r"[,;:()\[\]{}\"\u201c\u201d\u00ab\u00bb\n\t|]|\.(?=\s|$)|[!?]|\s[-\u2013\u2014]+\s")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_DOMAIN = re.compile(r"(?<![a-z0-9.-])[a-z0-9-]{1,40}+(?:\.[a-z0-9-]{1,40}+){0,3}\.[a-z]{2,12}")


def _capital(word: str) -> bool:
    return word[:1].isupper() or (word[:1].isdigit() and any(ch.isupper() for ch in word))


def _name_words(words: list[str]) -> list[str]:
    """The words of a name at the start of ``words``: capitalised words and inner connectors."""
    taken: list[str] = []
    for word in words[: _MAX_WORDS * 2]:
        if not word:
            break
        if _capital(word) or (word.casefold() in _CONNECTORS and taken):
            taken.append(word)
            if len(taken) >= _MAX_WORDS:
                break
        else:
            break
    while taken and taken[-1].casefold() in _CONNECTORS:
        taken.pop()
    # a possessive inside a name belongs to it ("Azerbaijan's Ministry of Economy"); one that
    # ends it does not ("Anadolu Agency's report"): the name stops there
    for k, word in enumerate(taken[:-1]):
        if _POSSESSIVE.search(word) and not _capital(taken[k + 1]):
            return taken[: k + 1]
    return taken


def _clean_name(words: list[str]) -> str | None:
    if not words or words[0] in _OPENS_NO_NAME:
        return None
    name = " ".join(words)
    name = _POSSESSIVE.sub("", name) if name.endswith(("'s", "\u2019s")) else name
    key = normalise(name)
    if not key or all(w in _NO_NAME_KEYS for w in key.split()):
        return None
    return name


_NO_NAME_KEYS = GENERIC | frozenset(w.casefold() for w in _OPENS_NO_NAME)
"""Words a name is not made of alone: the generic words, and those that open no name."""


_WRAP = re.compile(r"(?<!\n)\n(?!\n)")


def _unwrap(window: str) -> str:
    """A hard-wrapped line break read as a space (same length: offsets hold)."""
    return _WRAP.sub(" ", window) if "\n" in window else window


def _name_after(text: str, pos: int, *, skip_the: bool = True) -> tuple[str, int, int] | None:
    """The name that starts at ``pos`` (after an optional ``the``), with its span."""
    window = _unwrap(text[pos : pos + _WINDOW])
    stop = _STOP.search(window)
    clause = window[: stop.start()] if stop else window
    lead = len(clause) - len(clause.lstrip(" "))
    words = clause[lead:].split(" ")
    offset = pos + lead
    if skip_the and words and words[0] in ("the", "The") and len(words) > 1:
        offset += len(words[0]) + 1
        words = words[1:]
    if words and _DOMAIN.fullmatch(words[0]):  # a bare domain: trend.az
        return words[0], offset, offset + len(words[0])
    name = _clean_name(_name_words(words))
    if name is None:
        return None
    return name, offset, offset + len(name)


def _name_before(text: str, pos: int) -> tuple[str, int, int] | None:
    """The name that ends just before ``pos`` (spaces aside), with its span."""
    end = pos
    while end > 0 and text[end - 1] == " ":
        end -= 1
    start = max(0, end - _WINDOW)
    window = _unwrap(text[start:end])
    last = None
    for last in _STOP.finditer(window):  # noqa: B007 - the last delimiter is wanted
        pass
    cut = last.end() if last else 0
    words = window[cut:].split(" ")
    taken: list[str] = []
    for word in reversed(words):
        if not word:
            break
        if _capital(word) or (word.casefold() in _CONNECTORS and taken):
            taken.append(word)
            if len(taken) >= _MAX_WORDS:
                break
        else:
            break
    taken.reverse()
    # "the" or a connector opens no name; a sentence adverb ("Meanwhile") is not part of one
    while taken and (taken[0].casefold() in _CONNECTORS or taken[0] in _OPENS_NO_NAME):
        taken.pop(0)
    name = _clean_name(taken)
    if name is None:
        return None
    name_start = end - len(" ".join(taken))
    return name, name_start, name_start + len(name)
