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

import logging

from provenance.__about__ import __version__
from provenance.article import Article
from provenance.chain import Chain, Flag, Link, chain, chains, describe
from provenance.clean import CLEANER_VERSION, Region, Story, clean
from provenance.compare import Evidence, Match, Passage, compare, is_copy
from provenance.credits import Credit, Credits, Dateline, extract
from provenance.errors import (
    ConfigMismatchError,
    EmptyStoryError,
    InputError,
    ProvenanceError,
    RecordError,
)
from provenance.fingerprint import Config, Fingerprint, fingerprint, fingerprint_many
from provenance.index import Candidate, Index
from provenance.ledger import Ledger
from provenance.read import read
from provenance.registry import Agent, Registry
from provenance.relate import Cluster, Edge, clusters, direct
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
    "Edge",
    "EmptyStoryError",
    "Evidence",
    "Fingerprint",
    "Flag",
    "Index",
    "InputError",
    "Ledger",
    "Link",
    "Match",
    "Passage",
    "ProvenanceError",
    "RecordError",
    "Region",
    "Registry",
    "Story",
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
    "read",
    "scan",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
