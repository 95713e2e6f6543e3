"""``python -m provenance``: the same as the ``provenance`` command."""

from provenance.cli import main

if __name__ == "__main__":
    raise SystemExit(main(prog_name="provenance"))
