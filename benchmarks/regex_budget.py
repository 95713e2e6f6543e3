"""The regex budget (issue #7), timed: no regular expression of the library can be made to take seconds.

Run from the repository root (CI runs it)::

    python benchmarks/regex_budget.py [--only NAME]

It exits 1, naming the pattern and the input, when a pattern breaks the budget. The
patterns are found, not listed (tests/test_regex_budget.py checks the finding, without
timing anything): each module of the package is imported (``pkgutil.walk_packages``) and
its module-level ``re.Pattern`` objects collected, also inside module-level dicts, lists,
tuples and sets and on classes; and every ``re.*`` call with a literal pattern inside a
function is read from the source.

Each pattern is run on:

* ``"Word " * k + "!"`` for k = 0 to 32 and every hundred up to 1,000: each call
  (``finditer`` consumed to the end, and ``search``) under ``BUDGET`` (10 ms).
  Exponential backtracking shows by k = 30, polynomial by 1,000;
* 1 MB of hostile text (prose, the words above, runs of spaces, newlines, letters,
  capitals, dots, hyphenated line ends), ``finditer`` consumed, in prefixes of 2 KB,
  16 KB, 128 KB and 1 MB. CPython's ``re`` scans a megabyte in 20 to 300 ms
  even for a linear pattern without a literal prefix, so on long texts the budget is read
  as what it is for: no super-linear growth. A call over ``BUDGET`` must take at most
  ``GROWTH`` times as long as on the prefix eight times shorter (a quadratic pattern
  takes 64 times as long; a linear one 8 times, up to 20 when the text outgrows the
  processor's caches), and no call on 1 MB may take more than ``CEILING``.

A time over a limit (and under ``FAR`` times it) is measured again (the best of ``REPEATS``
runs) before it counts, so that a busy machine does not fail the run; a growth is measured
again on the two texts alternately. ``CEILING`` is a time on an idle machine: a pattern over it
is held to ``CEILING`` times how much slower a reference pattern (``REFERENCE``, linear) runs
now than when the run began, so that a machine that is busy for a while fails nothing. These
are wall-clock measures, which is why they live here and not in the test suite. The script
first checks that the same measures do catch a quadratic and an exponential pattern.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import inspect
import pkgutil
import re
import sys
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import provenance

BUDGET = 0.010
GROWTH = 24.0
CEILING = 1.0
REPEATS = 5
FAR = 10
MB = 1 << 20
KS = [*range(33), *range(100, 1001, 100)]
LADDER = (1 << 11, 1 << 14, 1 << 17, MB)
CALLS = ("finditer", "search")
SRC = Path(provenance.__file__).parent
PROSE = (
    "BAKU, Azerbaijan, February 6. Minister of Foreign Affairs Jeyhun Bayramov met with "
    "Secretary General of the SCO Zhang Ming, Trend reports, referring to the Foreign Ministry. "
    "During the meeting, the prospects of cooperation were discussed (the sides agreed).\n\n"
    "Source: Trend News Agency. Read more at https://en.trend.az/ - Copyright 2024 (c) all "
    "rights reserved; \u201cquoted\u201d \u2014 caf\u00e9 \u043f\u0440\u0435\u0441\u0441-"
    "\u0441\u043b\u0443\u0436\u0431\u0430.\n"
)
HOSTILE = {
    "prose": PROSE,
    "words": "Word ",
    "spaces": " ",
    "newlines": "\n",
    "letters": "a",
    "capitals": "A",
    "dots": ".",
    "line-end hyphens": "elec-\n",
}


def _collect(value: object, name: str, found: dict[str, re.Pattern[str]], depth: int = 0) -> None:
    if isinstance(value, re.Pattern):
        found.setdefault(name, value)
    elif depth < 4 and isinstance(value, dict):
        for key, item in value.items():
            _collect(item, f"{name}[{key!r}]", found, depth + 1)
    elif depth < 4 and isinstance(value, list | tuple | set | frozenset):
        for k, item in enumerate(value):
            _collect(item, f"{name}[{k}]", found, depth + 1)


_CALLS = {
    "compile": 1,
    "search": 2,
    "match": 2,
    "fullmatch": 2,
    "findall": 2,
    "finditer": 2,
    "split": 3,
    "sub": 4,
    "subn": 4,
}


def _flags(node: ast.expr) -> int:
    """The value of a flags expression made of re.X names and |."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flags(node.left) | _flags(node.right)
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "re":
        return int(getattr(re, node.attr))
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    msg = f"flags not made of re.X names: {ast.unparse(node)}"
    raise ValueError(msg)


def _in_functions(tree: ast.Module) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Attribute)
                    and isinstance(inner.func.value, ast.Name)
                    and inner.func.value.id == "re"
                    and inner.func.attr in _CALLS
                ):
                    yield inner


def find_patterns() -> tuple[dict[str, re.Pattern[str]], list[str]]:
    """Every pattern of the package, by where it is; and the patterns that cannot be checked."""
    found: dict[str, re.Pattern[str]] = {}
    modules = [provenance.__name__] + [
        info.name for info in pkgutil.walk_packages(provenance.__path__, provenance.__name__ + ".")
    ]
    for name in modules:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            _collect(value, f"{name}.{attr}", found)
            if inspect.isclass(value) and value.__module__ == name:
                for inner, item in vars(value).items():
                    _collect(item, f"{name}.{attr}.{inner}", found)
    unchecked = []
    for path in sorted(SRC.rglob("*.py")):
        where = path.relative_to(SRC.parent).with_suffix("").as_posix().replace("/", ".")
        seen: set[int] = set()
        for call in _in_functions(ast.parse(path.read_text(encoding="utf-8"))):
            if id(call) in seen:
                continue
            seen.add(id(call))
            at = f"{where}:{call.lineno}"
            pattern = call.args[0] if call.args else None
            if not (isinstance(pattern, ast.Constant) and isinstance(pattern.value, str)):
                unchecked.append(f"{at}: re.{call.func.attr}({ast.unparse(pattern) if pattern else ''}, ...)")  # type: ignore[attr-defined]
                continue
            position = _CALLS[call.func.attr]  # type: ignore[attr-defined]
            flag_nodes = [k.value for k in call.keywords if k.arg == "flags"] + call.args[
                position : position + 1
            ]
            flags = _flags(flag_nodes[0]) if flag_nodes else 0
            found.setdefault(f"{at}", re.compile(pattern.value, flags))
    return found, unchecked


def best(pattern: re.Pattern[str], call: str, text: str, *, repeats: int = 1) -> float:
    """The shortest time of ``repeats`` runs of one call on a text, in seconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        if call == "finditer":
            deque(pattern.finditer(text), maxlen=0)
        else:
            pattern.search(text)
        times.append(time.perf_counter() - start)
    return min(times)


def timed(pattern: re.Pattern[str], call: str, text: str, limit: float = BUDGET) -> float:
    """One measure; if it is over the limit (and not FAR over), the best of REPEATS."""
    first = best(pattern, call, text)
    if first <= limit or first > FAR * limit:
        return first
    return min(first, best(pattern, call, text, repeats=REPEATS))


REFERENCE = re.compile(r"(?:\w+[ ,.]){3}")
"""A linear pattern with work at every position: how busy the machine is, read from its time."""
_REFERENCE_TEXT = (PROSE * (MB // len(PROSE) + 1))[:MB]
_idle: list[float] = []


def load() -> float:
    """How many times slower the reference runs now than at the first call (at least 1)."""
    now = best(REFERENCE, "finditer", _REFERENCE_TEXT, repeats=REPEATS)
    if not _idle:
        _idle.append(now)
    return max(1.0, now / _idle[0])


def growth(pattern: re.Pattern[str], short: str, long: str, seconds: tuple[float, float]) -> float:
    """How many times longer the long text takes; measured again when it looks super-linear."""
    ratio = seconds[1] / max(seconds[0], 1e-6)
    if ratio > GROWTH:  # a busy machine can do this to a linear pattern: measure again, alternately
        pairs = [(best(pattern, "finditer", short), best(pattern, "finditer", long)) for _ in range(REPEATS)]
        ratio = min(b for _, b in pairs) / max(min(a for a, _ in pairs), 1e-6)
    return ratio


def word_runs(pattern: re.Pattern[str]) -> list[str]:
    """The calls on ``"Word " * k + "!"`` that take longer than ``BUDGET``."""
    over = []
    failed: set[str] = set()  # a call over the budget is not tried on longer runs: an exponential
    for k in KS:  # pattern would take hours there
        text = "Word " * k + "!"
        for call in CALLS:
            if call in failed:
                continue
            seconds = timed(pattern, call, text)
            if seconds > BUDGET:
                over.append(f"{call} k={k}: {seconds * 1000:.1f} ms")
                failed.add(call)
    return over


def megabyte(pattern: re.Pattern[str]) -> list[str]:
    """The hostile texts on which the pattern grows faster than the text, or passes the ceiling."""
    problems = []
    for kind, unit in HOSTILE.items():
        text = (unit * (MB // len(unit) + 1))[:MB]
        previous: tuple[str, float] | None = None
        for size in LADDER:
            part = text[:size]
            seconds = timed(pattern, "finditer", part, CEILING)
            if seconds > CEILING and seconds > CEILING * load():
                problems.append(f"{kind} x {size:,}: {seconds * 1000:.0f} ms, over the ceiling")
                break
            if seconds > BUDGET and previous is not None:
                ratio = growth(pattern, previous[0], part, (previous[1], seconds))
                if ratio > GROWTH:
                    problems.append(
                        f"{kind} x {size:,}: {seconds * 1000:.1f} ms, {ratio:.1f} times "
                        f"{previous[1] * 1000:.1f} ms on {len(previous[0]):,}"
                    )
                    break
            previous = (part, seconds)
    return problems


def self_check() -> list[str]:
    """The measures above do fail a quadratic pattern and an exponential one."""
    failures = []
    quadratic = re.compile(r"[ ]+(?=\n)")
    text = " " * (1 << 12)
    small, large = best(quadratic, "finditer", text[: 1 << 9], repeats=3), best(quadratic, "finditer", text)
    if not (large > BUDGET and large > GROWTH * small):
        failures.append(f"a quadratic pattern passed: {small * 1000:.2f} ms, then {large * 1000:.2f} ms")
    exponential = re.compile(r"(\w+\s?)+$")
    if not word_runs(exponential):
        failures.append("an exponential pattern passed the word runs")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=None, help="Check only the patterns whose name holds this text.")
    args = parser.parse_args(argv)
    load()  # the reference's time at the start, the measure of an idle machine
    failures = self_check()
    for failure in failures:
        print(f"self-check: {failure}")
    patterns, unchecked = find_patterns()
    for where in unchecked:
        failures.append(f"{where}: built at run time, cannot be checked")
        print(failures[-1])
    chosen = {name: p for name, p in patterns.items() if args.only is None or args.only in name}
    start = time.perf_counter()
    for name, pattern in sorted(chosen.items()):
        problems = word_runs(pattern) + megabyte(pattern)
        print(f"{'FAIL' if problems else 'ok  '} {name}")
        for problem in problems:
            print(f"     {problem}")
        failures.extend(f"{name}: {p}" for p in problems)
    print(f"{len(chosen)} patterns in {time.perf_counter() - start:.0f} s: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
