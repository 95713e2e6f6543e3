"""The regex budget (issue #7), without a clock: every pattern of the library is found and checkable.

The timed half of the budget (each pattern on word runs and on a megabyte of hostile
text, and its growth with the text's length) compares wall-clock times, so it lives in
``benchmarks/regex_budget.py``, which CI runs. Here: the finding of the patterns, which
the benchmark relies on, and what cannot be checked at all.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

# E402: the budget lives in benchmarks/, which is put on the path just above
import regex_budget  # noqa: E402

PATTERNS, UNCHECKED = regex_budget.find_patterns()


def test_patterns_are_found_in_every_module() -> None:
    """The enumeration finds the cleaner's, shingler's and sentence splitter's patterns, and local ones."""
    names = set(PATTERNS)
    assert {
        "provenance.clean._LINE_EDGES",
        "provenance.shingle._TOKEN",
        "provenance.boilerplate.SENTENCE",
    } <= names
    assert any(":" in name for name in names)
    assert len(PATTERNS) >= 30
    assert all(isinstance(p, re.Pattern) for p in PATTERNS.values())


def test_every_pattern_can_be_checked() -> None:
    """No pattern is built at run time inside a function, where the budget could not reach it."""
    assert [] == UNCHECKED


def test_a_pattern_built_in_a_function_is_reported(tmp_path: Path) -> None:
    """The source reader flags a pattern made from a variable, and reads a literal one with its flags."""
    tree = ast.parse(
        "import re\ndef f(x):\n    re.search(x, 'a')\n    return re.sub('a+', '', x, flags=re.I)\n"
    )
    calls = list(regex_budget._in_functions(tree))
    assert ["search", "sub"] == [c.func.attr for c in calls]  # type: ignore[attr-defined]
    assert re.IGNORECASE == regex_budget._flags(calls[1].keywords[0].value)


# a quantifier made possessive (``*+``, ``++``, ``?+``, ``{m,n}+``) right after a group's closing parenthesis
_POSSESSIVE_GROUP = re.compile(r"(?<!\\)\)(?:[*+?]|\{\d*(?:,\d*)?\})\+")


def test_no_pattern_repeats_a_group_possessively() -> None:
    """CPython before 3.11.5 matched a possessive repeat of a group wrongly (gh-106052): use an atomic group.

    ``(?>(?:...){0,3})`` means what ``(?:...){0,3}+`` means, on every 3.11.
    """
    assert [] == [name for name, p in PATTERNS.items() if _POSSESSIVE_GROUP.search(p.pattern)]
    assert _POSSESSIVE_GROUP.search(r"(?:ab?c){0,3}+")
    assert _POSSESSIVE_GROUP.search(r"(?:ab?c)*+")
    assert not _POSSESSIVE_GROUP.search(r"(?>(?:ab?c){0,3})[\w]{1,24}+\){2}+")
