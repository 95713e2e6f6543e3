"""The public surface, pinned: the names `provenance` and its public modules export.

A change here is a change of the API: a name added is a feature (add it below, and to the
changelog), a name removed or renamed breaks callers. Like httpx's
`tests/test_exported_members.py` and trio's `test_exports.py`.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

import provenance

PROVENANCE = [
    "Agent",
    "Article",
    "CLEANER_VERSION",
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

MODULES = {
    "provenance.export": [
        "GRAPH_EDGES",
        "PROV_NAMESPACES",
        "SCHEMA_VERSION",
        "article_record",
        "chain_record",
        "check_record",
        "cluster_from_record",
        "cluster_record",
        "dot",
        "escape",
        "json_document",
        "match_from_record",
        "match_record",
        "mermaid",
        "plain",
        "prov_json",
        "prov_n",
        "runs",
        "to_prov",
        "visible",
    ],
    "provenance.read": [
        "FIELD_LIMITS",
        "Located",
        "MAX_CHARS",
        "iter_read",
        "line_limit",
        "located",
        "page_time",
        "read",
        "read_html",
        "read_jsonl",
        "read_text",
    ],
    "provenance.index": [
        "BANDS",
        "CONTAINMENT",
        "Candidate",
        "Index",
        "THRESHOLD",
        "band_keys",
    ],
    "provenance.spark": [
        "CLUSTER_SCHEMA",
        "COLUMNS",
        "DRIVER_EDGES",
        "PAIR_SCHEMA",
        "Result",
        "load",
        "locate",
        "scan",
        "session",
    ],
    "provenance.errors": [
        "ConfigMismatchError",
        "DuplicateKeyError",
        "EmptyStoryError",
        "InputError",
        "LedgerBusyError",
        "LedgerCorruptError",
        "LedgerError",
        "LedgerFullError",
        "MissingExtraError",
        "ProvenanceError",
        "RecordError",
        "RegistryError",
        "TooLargeError",
    ],
    "provenance.cli": [
        "DEFAULT_DB",
        "main",
    ],
    "provenance.report": [
        "INSTALL",
        "PAGE_LIMIT",
        "TITLE",
        "environment",
        "html",
        "write",
    ],
    "provenance.report.graph": [
        "Arrow",
        "Graph",
        "MISCREDIT",
        "NODE_H",
        "NODE_W",
        "Node",
        "ROWS",
        "UNCREDITED",
        "layout",
        "style",
        "svg",
    ],
    "provenance.report.page": [
        "ClusterView",
        "Collection",
        "INSTALL",
        "Member",
        "PairView",
        "environment",
        "oriented",
        "render",
        "slug",
    ],
    "provenance.report.passages": [
        "Mark",
        "Piece",
        "pair_marks",
        "pieces",
        "runs",
        "side_by_side",
        "visible",
        "word_edits",
    ],
    "provenance.article": [
        "Article",
        "content_id",
    ],
    "provenance.families": [
        "REPRESENTATIVES",
        "age",
        "band_ends",
        "class_pairs",
        "closeness",
        "is_twin",
        "representatives",
        "validate",
    ],
    "provenance.fingerprint": [
        "Config",
        "Fingerprint",
        "METHODS",
        "fingerprint",
        "fingerprint_many",
        "stories_and_prints",
    ],
    "provenance.shingle": [
        "CHUNK_CHARS",
        "SHINGLE_VERSION",
        "chunks",
        "distinct_counts",
        "mix",
        "shingle_sets",
        "shingles",
        "shingles_many",
        "word_hashes",
        "words",
    ],
    "provenance.boilerplate": [
        "Boilerplate",
        "Counts",
        "MIN_PAGES",
        "MIN_WORDS",
        "Sentences",
        "learn",
        "outlet_key",
        "page_key",
        "sentence_hashes",
        "units",
    ],
    "provenance.registry": [
        "Agent",
        "FUZZY_CUTOFF",
        "FUZZY_MIN_LENGTH",
        "GENERIC",
        "OUTLET_WORDS",
        "ROLES",
        "ROLE_RANK",
        "Registry",
        "Resolution",
        "UNKNOWN_RANK",
        "WORD_CUTOFF",
        "host",
        "normalise",
        "registrable",
        "upstream_rank",
        "within",
    ],
    "provenance.scan": [
        "CONTAINMENT",
        "THRESHOLD",
        "scan",
    ],
    "provenance.ledger": [
        "Check",
        "DEFAULT_PATH",
        "Ingested",
        "Ledger",
        "Report",
        "Salvaged",
        "Store",
        "Stored",
        "Window",
        "digest",
        "is_revision_id",
        "is_url",
        "salvage",
    ],
}
"""Each public module's `__all__`, exactly."""

MOVING = {
    "provenance.chain": [
        "Chain",
        "Flag",
        "Link",
        "chain",
        "chains",
        "describe",
    ],
    "provenance.clean": [
        "CLEANER_VERSION",
        "Region",
        "Story",
        "clean",
    ],
    "provenance.compare": [
        "Evidence",
        "Match",
        "Passage",
        "compare",
        "is_copy",
    ],
    "provenance.credits": [
        "Credit",
        "Credits",
        "Dateline",
        "extract",
    ],
    "provenance.relate": [
        "Cluster",
        "Edge",
        "clusters",
        "direct",
    ],
}
"""Modules being reorganised (credits a package, clean in parts): only the names the package
exports from them are pinned; each must stay importable from its module."""


def test_the_package_exports_exactly_its_public_names() -> None:
    """`provenance.__all__` is the pinned list, sorted as ruff sorts it, and every name resolves."""
    assert PROVENANCE == sorted(provenance.__all__)
    for name in provenance.__all__:
        assert getattr(provenance, name) is not None, name


def test_the_package_exports_the_error_tree() -> None:
    """Every error class of `provenance.errors` is exported by `provenance`, the same class."""
    errors = importlib.import_module("provenance.errors")
    classes = {n for n, v in vars(errors).items() if inspect.isclass(v) and issubclass(v, Exception)}
    classes = {n for n in classes if getattr(errors, n).__module__ == "provenance.errors"}
    assert classes == set(errors.__all__)
    for name in classes:
        assert getattr(errors, name) is getattr(provenance, name)
        assert issubclass(getattr(provenance, name), provenance.ProvenanceError)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_public_module_exports_exactly_its_pinned_names(module: str) -> None:
    """A public module's `__all__` is the pinned list, and every name in it exists."""
    found = importlib.import_module(module)
    assert MODULES[module] == sorted(found.__all__)
    assert [] == [name for name in found.__all__ if not hasattr(found, name)]


@pytest.mark.parametrize("module", sorted(MOVING))
def test_the_names_of_moving_modules_stay_importable(module: str) -> None:
    """The package's names from credits, clean, relate, chain and compare are importable from them."""
    found = importlib.import_module(module)
    for name in MOVING[module]:
        assert getattr(found, name) is getattr(provenance, name), name
