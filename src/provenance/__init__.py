"""provenance: is this news article a copy of another, which is the original, whom does it credit.

The public API. Read articles, scan them for copies, and look at the evidence::

    >>> import provenance
    >>> text = "BAKU, Feb 6. The minister met the envoy. They discussed the vote."
    >>> wire = provenance.Article(id="wire", text=text)
    >>> page = provenance.Article(id="page", text=" date 2024-02-07 (MENAFN- Trend) " + wire.text)
    >>> [(m.a, m.b, m.relation, m.containment_ba) for m in provenance.scan([wire, page])]
    [('wire', 'page', 'verbatim', 1.0)]
"""

from __future__ import annotations

import importlib
import logging
import sys
import types
from typing import TYPE_CHECKING, Any

from provenance.__about__ import __version__

if TYPE_CHECKING:
    from provenance.article import Article
    from provenance.chain import (
        Chain,
        Flag,
        Link,
        chain,
        chains,
        describe,
    )
    from provenance.clean import (
        CLEANER_VERSION,
        Region,
        Story,
        clean,
    )
    from provenance.compare import (
        Evidence,
        Match,
        Passage,
        compare,
        is_copy,
    )
    from provenance.credits import (
        Credit,
        Credits,
        Dateline,
        extract,
    )
    from provenance.errors import (
        ConfigMismatchError,
        DuplicateKeyError,
        EmptyStoryError,
        InputError,
        LedgerBusyError,
        LedgerCorruptError,
        LedgerError,
        LedgerFullError,
        MissingExtraError,
        ProvenanceError,
        RecordError,
        RegistryError,
        TooLargeError,
    )
    from provenance.fingerprint import (
        Config,
        Fingerprint,
        fingerprint,
        fingerprint_many,
    )
    from provenance.index import (
        Candidate,
        Index,
    )
    from provenance.ledger import Ledger
    from provenance.read import iter_read, read
    from provenance.registry import (
        Agent,
        Registry,
    )
    from provenance.relate import (
        Cluster,
        Edge,
        clusters,
        direct,
    )
    from provenance.scan import scan

__all__ = [
    "CLEANER_VERSION",
    "Agent",
    "Article",
    "Candidate",
    "Chain",
    "Cluster",
    "Config",
    "ConfigMismatchError",
    "Credit",
    "Credits",
    "Dateline",
    "DuplicateKeyError",
    "Edge",
    "EmptyStoryError",
    "Evidence",
    "Fingerprint",
    "Flag",
    "Index",
    "InputError",
    "Ledger",
    "LedgerBusyError",
    "LedgerCorruptError",
    "LedgerError",
    "LedgerFullError",
    "Link",
    "Match",
    "MissingExtraError",
    "Passage",
    "ProvenanceError",
    "RecordError",
    "Region",
    "Registry",
    "RegistryError",
    "Story",
    "TooLargeError",
    "__version__",
    "chain",
    "chains",
    "clean",
    "clusters",
    "compare",
    "describe",
    "direct",
    "extract",
    "fingerprint",
    "fingerprint_many",
    "is_copy",
    "iter_read",
    "read",
    "scan",
]

_HOMES = {
    "CLEANER_VERSION": "provenance.clean",
    "Agent": "provenance.registry",
    "Article": "provenance.article",
    "Candidate": "provenance.index",
    "Chain": "provenance.chain",
    "Cluster": "provenance.relate",
    "Config": "provenance.fingerprint",
    "ConfigMismatchError": "provenance.errors",
    "Credit": "provenance.credits",
    "Credits": "provenance.credits",
    "Dateline": "provenance.credits",
    "DuplicateKeyError": "provenance.errors",
    "Edge": "provenance.relate",
    "EmptyStoryError": "provenance.errors",
    "Evidence": "provenance.compare",
    "Fingerprint": "provenance.fingerprint",
    "Flag": "provenance.chain",
    "Index": "provenance.index",
    "InputError": "provenance.errors",
    "Ledger": "provenance.ledger",
    "LedgerBusyError": "provenance.errors",
    "LedgerCorruptError": "provenance.errors",
    "LedgerError": "provenance.errors",
    "LedgerFullError": "provenance.errors",
    "Link": "provenance.chain",
    "Match": "provenance.compare",
    "MissingExtraError": "provenance.errors",
    "Passage": "provenance.compare",
    "ProvenanceError": "provenance.errors",
    "RecordError": "provenance.errors",
    "Region": "provenance.clean",
    "Registry": "provenance.registry",
    "RegistryError": "provenance.errors",
    "Story": "provenance.clean",
    "TooLargeError": "provenance.errors",
    "chain": "provenance.chain",
    "chains": "provenance.chain",
    "clean": "provenance.clean",
    "clusters": "provenance.relate",
    "compare": "provenance.compare",
    "describe": "provenance.chain",
    "direct": "provenance.relate",
    "extract": "provenance.credits",
    "fingerprint": "provenance.fingerprint",
    "fingerprint_many": "provenance.fingerprint",
    "is_copy": "provenance.compare",
    "iter_read": "provenance.read",
    "read": "provenance.read",
    "scan": "provenance.scan",
}
"""Where each public name lives. The modules are imported when a name is first used, so that
``import provenance`` (and the command line's ``--version`` and ``--help``) stay fast and pay
nothing for NumPy, rapidfuzz or datasketch until a stage needs them."""


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        msg = f"module 'provenance' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The package, whose stage functions keep their names when their modules are imported.

    Importing ``provenance.scan`` binds the module to the package's ``scan``; here the
    function of the same name is bound instead, as the eager imports of earlier versions did.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) == value.__name__:
            value = getattr(value, name, value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


logging.getLogger(__name__).addHandler(logging.NullHandler())
