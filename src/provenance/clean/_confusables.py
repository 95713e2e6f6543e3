"""Look-alike letters of other scripts and the ASCII letters they imitate. Generated: do not edit.

Source: Unicode's confusables data (UTS #39, confusables.txt, Unicode 15.1.0), as the PyPI
package confusable-homoglyphs 3.3.1 ships it (confusables.json). Made by, and remade with::

    pip install confusable-homoglyphs==3.3.1 && python tools/confusables.py

Rule: a Cyrillic, Greek, Armenian or Cherokee character that the data says is confusable with
one ASCII letter maps to it, in the source's case where the letter has a look-alike of the
other case (the rule is in tools/confusables.py).
"""

from __future__ import annotations

__all__ = ["LOOKALIKES", "UNICODE_VERSION"]

UNICODE_VERSION = "15.1.0"
"""The version of Unicode's confusables data the table was made from."""

LOOKALIKES: dict[str, str] = {
    "\u037a": "i",  # GREEK YPOGEGRAMMENI
    "\u037f": "J",  # GREEK CAPITAL LETTER YOT
    "\u0391": "A",  # GREEK CAPITAL LETTER ALPHA
    "\u0392": "B",  # GREEK CAPITAL LETTER BETA
    "\u0395": "E",  # GREEK CAPITAL LETTER EPSILON
    "\u0396": "Z",  # GREEK CAPITAL LETTER ZETA
    "\u0397": "H",  # GREEK CAPITAL LETTER ETA
    "\u0399": "I",  # GREEK CAPITAL LETTER IOTA
    "\u039a": "K",  # GREEK CAPITAL LETTER KAPPA
    "\u039c": "M",  # GREEK CAPITAL LETTER MU
    "\u039d": "N",  # GREEK CAPITAL LETTER NU
    "\u039f": "O",  # GREEK CAPITAL LETTER OMICRON
    "\u03a1": "P",  # GREEK CAPITAL LETTER RHO
    "\u03a4": "T",  # GREEK CAPITAL LETTER TAU
    "\u03a5": "Y",  # GREEK CAPITAL LETTER UPSILON
    "\u03a7": "X",  # GREEK CAPITAL LETTER CHI
    "\u03b1": "a",  # GREEK SMALL LETTER ALPHA
    "\u03b3": "y",  # GREEK SMALL LETTER GAMMA
    "\u03b9": "i",  # GREEK SMALL LETTER IOTA
    "\u03bd": "v",  # GREEK SMALL LETTER NU
    "\u03bf": "o",  # GREEK SMALL LETTER OMICRON
    "\u03c1": "p",  # GREEK SMALL LETTER RHO
    "\u03c3": "o",  # GREEK SMALL LETTER SIGMA
    "\u03c5": "u",  # GREEK SMALL LETTER UPSILON
    "\u03d2": "Y",  # GREEK UPSILON WITH HOOK SYMBOL
    "\u03dc": "F",  # GREEK LETTER DIGAMMA
    "\u03f1": "p",  # GREEK RHO SYMBOL
    "\u03f2": "c",  # GREEK LUNATE SIGMA SYMBOL
    "\u03f3": "j",  # GREEK LETTER YOT
    "\u03f9": "C",  # GREEK CAPITAL LUNATE SIGMA SYMBOL
    "\u03fa": "M",  # GREEK CAPITAL LETTER SAN
    "\u0405": "S",  # CYRILLIC CAPITAL LETTER DZE
    "\u0406": "I",  # CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I
    "\u0408": "J",  # CYRILLIC CAPITAL LETTER JE
    "\u0410": "A",  # CYRILLIC CAPITAL LETTER A
    "\u0412": "B",  # CYRILLIC CAPITAL LETTER VE
    "\u0415": "E",  # CYRILLIC CAPITAL LETTER IE
    "\u041a": "K",  # CYRILLIC CAPITAL LETTER KA
    "\u041c": "M",  # CYRILLIC CAPITAL LETTER EM
    "\u041d": "H",  # CYRILLIC CAPITAL LETTER EN
    "\u041e": "O",  # CYRILLIC CAPITAL LETTER O
    "\u0420": "P",  # CYRILLIC CAPITAL LETTER ER
    "\u0421": "C",  # CYRILLIC CAPITAL LETTER ES
    "\u0422": "T",  # CYRILLIC CAPITAL LETTER TE
    "\u0423": "Y",  # CYRILLIC CAPITAL LETTER U
    "\u0425": "X",  # CYRILLIC CAPITAL LETTER HA
    "\u042c": "b",  # CYRILLIC CAPITAL LETTER SOFT SIGN
    "\u0430": "a",  # CYRILLIC SMALL LETTER A
    "\u0433": "r",  # CYRILLIC SMALL LETTER GHE
    "\u0435": "e",  # CYRILLIC SMALL LETTER IE
    "\u043e": "o",  # CYRILLIC SMALL LETTER O
    "\u0440": "p",  # CYRILLIC SMALL LETTER ER
    "\u0441": "c",  # CYRILLIC SMALL LETTER ES
    "\u0443": "y",  # CYRILLIC SMALL LETTER U
    "\u0445": "x",  # CYRILLIC SMALL LETTER HA
    "\u0455": "s",  # CYRILLIC SMALL LETTER DZE
    "\u0456": "i",  # CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I
    "\u0458": "j",  # CYRILLIC SMALL LETTER JE
    "\u0461": "w",  # CYRILLIC SMALL LETTER OMEGA
    "\u0474": "V",  # CYRILLIC CAPITAL LETTER IZHITSA
    "\u0475": "v",  # CYRILLIC SMALL LETTER IZHITSA
    "\u04ae": "Y",  # CYRILLIC CAPITAL LETTER STRAIGHT U
    "\u04af": "y",  # CYRILLIC SMALL LETTER STRAIGHT U
    "\u04bb": "h",  # CYRILLIC SMALL LETTER SHHA
    "\u04bd": "e",  # CYRILLIC SMALL LETTER ABKHASIAN CHE
    "\u04c0": "I",  # CYRILLIC LETTER PALOCHKA
    "\u04cf": "i",  # CYRILLIC SMALL LETTER PALOCHKA
    "\u0501": "d",  # CYRILLIC SMALL LETTER KOMI DE
    "\u050c": "G",  # CYRILLIC CAPITAL LETTER KOMI SJE
    "\u051b": "q",  # CYRILLIC SMALL LETTER QA
    "\u051c": "W",  # CYRILLIC CAPITAL LETTER WE
    "\u051d": "w",  # CYRILLIC SMALL LETTER WE
    "\u054d": "U",  # ARMENIAN CAPITAL LETTER SEH
    "\u054f": "S",  # ARMENIAN CAPITAL LETTER TIWN
    "\u0555": "O",  # ARMENIAN CAPITAL LETTER OH
    "\u0561": "w",  # ARMENIAN SMALL LETTER AYB
    "\u0563": "q",  # ARMENIAN SMALL LETTER GIM
    "\u0566": "q",  # ARMENIAN SMALL LETTER ZA
    "\u0570": "h",  # ARMENIAN SMALL LETTER HO
    "\u0578": "n",  # ARMENIAN SMALL LETTER VO
    "\u057c": "n",  # ARMENIAN SMALL LETTER RA
    "\u057d": "u",  # ARMENIAN SMALL LETTER SEH
    "\u0581": "g",  # ARMENIAN SMALL LETTER CO
    "\u0584": "f",  # ARMENIAN SMALL LETTER KEH
    "\u0585": "o",  # ARMENIAN SMALL LETTER OH
    "\u13a0": "D",  # CHEROKEE LETTER A
    "\u13a1": "R",  # CHEROKEE LETTER E
    "\u13a2": "T",  # CHEROKEE LETTER I
    "\u13a5": "i",  # CHEROKEE LETTER V
    "\u13a9": "Y",  # CHEROKEE LETTER GI
    "\u13aa": "A",  # CHEROKEE LETTER GO
    "\u13ab": "J",  # CHEROKEE LETTER GU
    "\u13ac": "E",  # CHEROKEE LETTER GV
    "\u13b3": "W",  # CHEROKEE LETTER LA
    "\u13b7": "M",  # CHEROKEE LETTER LU
    "\u13bb": "H",  # CHEROKEE LETTER MI
    "\u13bd": "Y",  # CHEROKEE LETTER MU
    "\u13c0": "G",  # CHEROKEE LETTER NAH
    "\u13c2": "h",  # CHEROKEE LETTER NI
    "\u13c3": "Z",  # CHEROKEE LETTER NO
    "\u13cf": "b",  # CHEROKEE LETTER SI
    "\u13d2": "R",  # CHEROKEE LETTER SV
    "\u13d4": "W",  # CHEROKEE LETTER TA
    "\u13d5": "S",  # CHEROKEE LETTER DE
    "\u13d9": "V",  # CHEROKEE LETTER DO
    "\u13da": "S",  # CHEROKEE LETTER DU
    "\u13de": "L",  # CHEROKEE LETTER TLE
    "\u13df": "C",  # CHEROKEE LETTER TLI
    "\u13e2": "P",  # CHEROKEE LETTER TLV
    "\u13e6": "K",  # CHEROKEE LETTER TSO
    "\u13e7": "d",  # CHEROKEE LETTER TSU
    "\u13f3": "G",  # CHEROKEE LETTER YU
    "\u13f4": "B",  # CHEROKEE LETTER YV
    "\u1d26": "r",  # GREEK LETTER SMALL CAPITAL GAMMA
    "\u1fbe": "i",  # GREEK PROSGEGRAMMENI
    "\ua647": "i",  # CYRILLIC SMALL LETTER IOTA
    "\uab75": "i",  # CHEROKEE SMALL LETTER V
    "\uab81": "r",  # CHEROKEE SMALL LETTER HU
    "\uab83": "w",  # CHEROKEE SMALL LETTER LA
    "\uab93": "z",  # CHEROKEE SMALL LETTER NO
    "\uaba9": "v",  # CHEROKEE SMALL LETTER DO
    "\uabaa": "s",  # CHEROKEE SMALL LETTER DU
    "\uabaf": "c",  # CHEROKEE SMALL LETTER TLI
    "\U0001d20d": "V",  # GREEK VOCAL NOTATION SYMBOL-14
    "\U0001d213": "F",  # GREEK VOCAL NOTATION SYMBOL-20
    "\U0001d216": "R",  # GREEK VOCAL NOTATION SYMBOL-23
    "\U0001d22a": "L",  # GREEK INSTRUMENTAL NOTATION SYMBOL-23
}
"""Each look-alike character to the ASCII letter it imitates."""
