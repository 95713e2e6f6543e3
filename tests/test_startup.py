"""Start-up: the command line imports no stage it does not use, and the package loads its names lazily.

No timing here (benchmarks/startup.py measures it, as a ratio to ``python -c pass``): what is
checked is what a run has imported, in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import provenance
from conftest import EXAMPLE

HEAVY = ("datasketch", "scipy", "numpy", "rapidfuzz", "rich", "prov", "trafilatura", "pyspark")


def imported_after(code: str) -> set[str]:
    """The top-level packages of HEAVY that a fresh interpreter has imported after running ``code``."""
    probe = (
        "import contextlib, json, sys\n"
        f"with contextlib.suppress(SystemExit):\n    {code}\n"
        f"print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({list(HEAVY)!r}))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert 0 == done.returncode, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_importing_the_cli_imports_no_stage() -> None:
    """`import provenance.cli` loads click and the package, not datasketch, SciPy, NumPy or rich."""
    assert set() == imported_after("import provenance.cli")


@pytest.mark.parametrize("args", [["--version"], ["--help"], []])
def test_version_and_help_import_no_stage(args: list[str]) -> None:
    """`provenance --version`, `--help` and a bare `provenance` print without importing a stage."""
    assert set() == imported_after(f"from provenance.cli import main; main({args!r})")


def test_a_scan_does_not_import_datasketch() -> None:
    """The default scan (one permutation hashing, the integer-band index) never needs datasketch or SciPy."""
    found = imported_after(f"from provenance.cli import main; main(['scan', {str(EXAMPLE)!r}])")
    assert "numpy" in found
    assert set() == found & {"datasketch", "scipy"}


def test_the_reference_method_still_gets_datasketch() -> None:
    """method='datasketch' imports datasketch when it is used, and gives the same values as before."""
    found = imported_after(
        "import provenance; fp = provenance.fingerprint('The minister met the envoy about the vote.', "
        "config=provenance.Config(method='datasketch')); assert fp.minhash.jaccard(fp.minhash) == 1.0"
    )
    assert "datasketch" in found


def test_package_names_stay_functions_once_their_modules_are_imported() -> None:
    """`provenance.read` is the function even after `import provenance.read` (the module shares its name)."""
    import provenance.read
    import provenance.scan

    assert callable(provenance.read)
    assert "read" == provenance.read.__name__
    assert "scan" == provenance.scan.__name__
    assert provenance.read is sys.modules["provenance.read"].read


def test_every_public_name_resolves() -> None:
    """Each name of __all__ loads on first use, and dir() lists them all."""
    for name in provenance.__all__:
        assert getattr(provenance, name) is not None
    assert set(provenance.__all__) <= set(dir(provenance))
    with pytest.raises(AttributeError, match="no attribute 'nosuch'"):
        provenance.nosuch  # noqa: B018


def test_cli_defaults_are_the_librarys() -> None:
    """The ledger file and the option defaults the CLI shows are the library's own values."""
    from click.testing import CliRunner

    from provenance.cli import DEFAULT_DB, main
    from provenance.compare import MIN_COVERAGE
    from provenance.ledger import DEFAULT_PATH
    from provenance.scan import THRESHOLD

    assert DEFAULT_PATH == DEFAULT_DB
    shown = " ".join(CliRunner().invoke(main, ["scan", "--help"]).output.split())
    assert f"candidate search. [default: {THRESHOLD};" in shown
    assert f"[default: {MIN_COVERAGE};" in shown
