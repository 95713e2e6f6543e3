"""Generate ``src/provenance/clean/_confusables.py``, the cleaner's table of look-alike letters.

The table comes from Unicode's confusables data (UTS #39, ``confusables.txt``) as the PyPI
package ``confusable-homoglyphs`` ships it: ``confusables.json``, which lists, for each
character, the characters that ``confusables.txt`` says it is confusable with (both ways). The
package made its file on 2024-01-30 from Unicode's "latest" ``confusables.txt``, which was then
version 15.1.0; the package records no version itself, so it is named here.

Rule: a character whose name says it is Cyrillic, Greek, Armenian or Cherokee and that is
confusable with one ASCII letter maps to that letter; where the letter's prototype has a look-alike
of the other case among the ASCII letters (``l`` and ``I``), the one of the source's case is taken
(Cyrillic ``І`` is ``I``, not ``l``).

Run (nothing is downloaded but the package, from the package index)::

    pip install confusable-homoglyphs==3.3.1
    python tools/confusables.py            # writes the module
    python tools/confusables.py --check    # exits 1 if the module is not what the data gives
"""

# ruff: noqa: RUF002 -- look-alike letters are the subject of this script

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path

PACKAGE = "confusable-homoglyphs"
VERSION = "3.3.1"
UNICODE = "15.1.0"
SCRIPTS = ("CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE")
TARGET = Path(__file__).resolve().parent.parent / "src" / "provenance" / "clean" / "_confusables.py"


def _ascii_letter(s: str) -> bool:
    return len(s) == 1 and s.isascii() and s.isalpha()


def load() -> dict[str, list[str]]:
    """The package's confusables: each character with the characters it is confusable with."""
    found = metadata.version(PACKAGE)
    if found != VERSION:
        msg = f"{PACKAGE} {found} is installed, the table is made from {VERSION}: "
        msg += f"pip install {PACKAGE}=={VERSION}"
        raise SystemExit(msg)
    text = resources.files("confusable_homoglyphs").joinpath("confusables.json").read_text(encoding="utf-8")
    data = json.loads(text)
    return {key: [entry["c"] for entry in entries] for key, entries in data.items()}


def lookalikes(data: dict[str, list[str]]) -> dict[str, str]:
    """Each Cyrillic, Greek, Armenian or Cherokee character confusable with one ASCII letter, to it."""
    table: dict[str, str] = {}
    for char, others in data.items():
        if len(char) != 1 or not unicodedata.name(char, "").startswith(SCRIPTS):
            continue
        letters = [other for other in others if _ascii_letter(other)]
        if not letters:
            continue
        prototype = letters[0]
        candidates = [prototype] + [other for other in data.get(prototype, []) if _ascii_letter(other)]
        same_case = [letter for letter in candidates if letter.isupper() == char.isupper()]
        table[char] = same_case[0] if same_case else prototype
    return dict(sorted(table.items()))


def render(table: dict[str, str]) -> str:
    """The module's source text."""
    lines = [
        '"""Look-alike letters of other scripts and the ASCII letters they imitate. Generated: do not edit.',
        "",
        f"Source: Unicode's confusables data (UTS #39, confusables.txt, Unicode {UNICODE}), as the PyPI",
        f"package {PACKAGE} {VERSION} ships it (confusables.json). Made by, and remade with::",
        "",
        f"    pip install {PACKAGE}=={VERSION} && python tools/confusables.py",
        "",
        "Rule: a Cyrillic, Greek, Armenian or Cherokee character that the data says is confusable with",
        "one ASCII letter maps to it, in the source's case where the letter has a look-alike of the",
        "other case (the rule is in tools/confusables.py).",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        '__all__ = ["LOOKALIKES", "UNICODE_VERSION"]',
        "",
        f'UNICODE_VERSION = "{UNICODE}"',
        '"""The version of Unicode\'s confusables data the table was made from."""',
        "",
        "LOOKALIKES: dict[str, str] = {",
    ]
    for char, letter in table.items():
        lines.append(
            f'    "\\u{ord(char):04x}": "{letter}",  # {unicodedata.name(char)}'
            if ord(char) < 0x10000
            else f'    "\\U{ord(char):08x}": "{letter}",  # {unicodedata.name(char)}'
        )
    lines += ["}", '"""Each look-alike character to the ASCII letter it imitates."""', ""]
    return "\n".join(lines)


def main() -> int:
    """Write the module, or with ``--check`` say whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the module differs from the data")
    args = parser.parse_args()
    source = render(lookalikes(load()))
    if args.check:
        if TARGET.read_text(encoding="utf-8") != source:
            sys.stderr.write(f"{TARGET} is not what the data gives: run python tools/confusables.py\n")
            return 1
        return 0
    TARGET.write_text(source, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
