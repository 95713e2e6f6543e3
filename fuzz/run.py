"""Fuzzing campaigns: each target in ``fuzz/`` under atheris, for a time budget each.

Usage::

    python fuzz/run.py --seconds 60 --seed 1 --runs 10000  # what CI runs: 10,000 inputs a target
    python fuzz/run.py --seconds 3600 --target cli   # a longer run, on demand
    python fuzz/run.py --target read -- -runs=5000   # more libFuzzer options after --

The targets are ``fuzz_<name>.py``: ``clean``, ``read``, ``cli`` and ``credits``. Their
seeds are ``fuzz/corpus/<name>/`` (read, never written: new interesting inputs go to a
scratch folder, or to the seeds with ``--keep``). Findings (an exception, a timeout, a
memory blow-up) are written to ``fuzz/crashes/<name>/``, where
``tests/test_hostile.py::test_fuzz_input_is_handled`` replays each of them: a finding
committed is a regression test. Exit code 0 when nothing was found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
TARGETS = ("clean", "read", "cli", "credits")
LIBFUZZER = ("-timeout=10", "-rss_limit_mb=2048", "-max_len=8192", "-print_final_stats=1")


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        msg = f"cannot load {path}"
        raise ImportError(msg)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def child(path: str, argv: list[str]) -> None:
    """Fuzz one target in this process: load it with the library instrumented, then run atheris.

    Args:
        path: The target's file.
        argv: libFuzzer's options and corpus folders.
    """
    if "provenance" in sys.modules:  # imported uninstrumented already: start afresh
        os.execv(sys.executable, [sys.executable, str(Path(__file__).resolve()), "--child", path, *argv])  # noqa: S606
    import atheris  # noqa: PLC0415 (only the fuzzing process needs it)

    with atheris.instrument_imports(include=["provenance"]):
        module = _load(Path(path))
    if getattr(module, "SKIP", ""):
        _say(f"{Path(path).stem}: skipped: {module.SKIP}")
        return
    atheris.Setup([path, *argv], module.check)
    atheris.Fuzz()


def _campaign(
    name: str, seconds: int, *, keep: bool, seed: int | None, runs: int | None, extra: list[str]
) -> tuple[int, list[Path]]:
    """Fuzz one target for ``seconds``; returns the executions and the new findings."""
    seeds = HERE / "corpus" / name
    crashes = HERE / "crashes" / name
    crashes.mkdir(parents=True, exist_ok=True)
    before = set(crashes.iterdir())
    with tempfile.TemporaryDirectory(prefix=f"fuzz-{name}-") as scratch:
        work = seeds if keep else Path(scratch)
        corpora = [str(work)] if keep else [str(work), str(seeds)]
        log = Path(scratch) / "log"
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--child",
            str(HERE / f"fuzz_{name}.py"),
            *corpora,
            f"-max_total_time={seconds}",
            f"-artifact_prefix={crashes}/",
            *LIBFUZZER,
            *([f"-seed={seed}"] if seed is not None else []),
            *([f"-runs={runs}"] if runs is not None else []),
            *extra,
        ]
        with log.open("wb") as out:
            try:
                done = subprocess.run(  # noqa: S603 (our own interpreter and files)
                    command,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    timeout=seconds + 120,
                    check=False,
                    env={
                        **os.environ,
                        "FUZZ_SCRATCH": scratch,  # the targets' files, removed with it
                        # with a fixed seed, the target's sets and dicts keep their order too
                        **({"PYTHONHASHSEED": str(seed % 2**32)} if seed is not None else {}),
                    },
                )
                code = done.returncode
            except subprocess.TimeoutExpired:
                code = -1
        text = log.read_text(encoding="utf-8", errors="replace")
    if "skipped:" in text:
        _say(text.strip().splitlines()[-1])
        return 0, []
    runs = re.findall(r"stat::number_of_executed_units: (\d+)", text) or re.findall(r"Done (\d+) runs", text)
    executed = int(runs[-1]) if runs else 0
    found = sorted(set(crashes.iterdir()) - before)
    if code != 0 or found:
        _say(f"{name}: finding (exit code {code}); the end of its log:")
        for line in text.splitlines()[-40:]:
            _say(f"  | {line}")
        for path in found:
            _say(f"  saved {path.relative_to(HERE.parent)}: {path.read_bytes()[:300]!r}")
        if not found:
            found = [log]
    return executed, found


def main(argv: list[str] | None = None) -> int:
    """Run the campaigns and report executions and findings per target."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="time per target (default 60)")
    parser.add_argument("--target", action="append", choices=TARGETS, help="a target (default: all)")
    parser.add_argument("--keep", action="store_true", help="add new interesting inputs to the seeds")
    parser.add_argument(
        "--seed",
        type=int,
        help="libFuzzer's random seed (default: a new one each run); runs still differ somewhat",
    )
    parser.add_argument(
        "--runs",
        type=int,
        help="inputs per target, at most (--seconds still caps the time)",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args, extra = parser.parse_known_args(argv)
    extra = [x for x in extra if x != "--"]
    if args.child:
        child(args.child, extra)
        return 0
    try:
        import atheris  # noqa: F401, PLC0415 (checked before anything is started)
    except ImportError:
        _say("atheris is not installed: pip install -e '.[fuzz]'")
        return 1
    total, findings = 0, 0
    start = time.perf_counter()
    for name in args.target or TARGETS:
        executed, found = _campaign(
            name, args.seconds, keep=args.keep, seed=args.seed, runs=args.runs, extra=extra
        )
        _say(f"{name}: {executed:,} executions, {len(found)} finding(s)")
        total += executed
        findings += len(found)
    _say(f"fuzzing: {total:,} executions in {time.perf_counter() - start:.0f} s, {findings} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
