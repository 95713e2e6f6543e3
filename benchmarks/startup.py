"""Start-up time of the command line, as a ratio to the bare interpreter, measured in one run.

Run from the repository root::

    python benchmarks/startup.py [--repeat 10]

Each row is the best of ``--repeat`` runs of a fresh process: ``python -c pass`` (the
baseline), ``python -m provenance --version``, ``--help``, ``scan --help`` (which reads the
defaults of the stages, and so imports them) and the same ``--version`` through the
installed ``provenance`` script. The target is ``--version`` and ``--help`` under 0.3 s.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "provenance --version": [sys.executable, "-m", "provenance", "--version"],
    "provenance --help": [sys.executable, "-m", "provenance", "--help"],
    "provenance scan --help": [sys.executable, "-m", "provenance", "scan", "--help"],
}
TARGET = 0.3


def best(command: list[str], repeat: int) -> float:
    """The shortest wall-clock time of ``repeat`` runs of a command, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)  # noqa: S603 - our own commands
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    commands = dict(COMMANDS)
    script = shutil.which("provenance")
    if script:
        commands["provenance --version (script)"] = [script, "--version"]
    results = {name: best(command, args.repeat) for name, command in commands.items()}
    base = results["python -c pass"]
    print(f"{'command':32} {'seconds':>8} {'ratio':>6}")
    for name, seconds in results.items():
        print(f"{name:32} {seconds:8.3f} {seconds / base:6.1f}")
    slow = [n for n in ("provenance --version", "provenance --help") if results[n] > TARGET]
    if slow:
        print(f"over {TARGET} s: {', '.join(slow)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
