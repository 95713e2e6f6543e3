"""The public surface: exactly these names are exported."""

from __future__ import annotations

import provenance


def test_exported_names() -> None:
    """__all__ is the sorted list of public names, and each is importable."""
    expected = [
        "CLEANER_VERSION", "Agent", "Article", "Candidate", "Chain", "Cluster", "Config",
        "ConfigMismatchError", "Credit", "Credits", "Dateline", "DuplicateKeyError", "Edge",
        "EmptyStoryError", "Evidence", "Fingerprint", "Flag", "Index", "InputError", "Ledger",
        "LedgerBusyError", "LedgerCorruptError", "LedgerError", "LedgerFullError", "Link", "Match",
        "MissingExtraError", "Passage", "ProvenanceError", "RecordError", "Region", "Registry",
        "RegistryError", "Story", "TooLargeError", "__version__",
        "chain", "chains", "clean", "clusters", "compare", "describe", "direct", "extract",
        "fingerprint", "fingerprint_many", "is_copy", "iter_read", "read", "scan",
    ]  # fmt: skip
    assert expected == provenance.__all__
    for name in expected:
        assert hasattr(provenance, name)


def test_errors_share_one_root() -> None:
    """Every exported error derives from ProvenanceError, input errors also from ValueError."""
    for error in (
        provenance.InputError,
        provenance.RecordError,
        provenance.EmptyStoryError,
        provenance.ConfigMismatchError,
    ):
        assert issubclass(error, provenance.ProvenanceError)
        assert issubclass(error, ValueError)
