"""The Unicode version of the Python that made a fingerprint travels with it in its config."""

from __future__ import annotations

import json
import unicodedata

import attrs
import pytest

from provenance import CLEANER_VERSION, Config, ConfigMismatchError, fingerprint
from provenance.ledger.store import config_from_json, config_to_json

TEXT = "The minister met the envoy in Baku on Tuesday to discuss the new pipeline."


def test_the_config_records_the_unicode_version_of_this_python() -> None:
    """A default config names the Unicode database that cleaning and shingling used."""
    assert unicodedata.unidata_version == Config().unicode
    assert unicodedata.unidata_version == fingerprint(TEXT).config.unicode


def test_fingerprints_made_under_two_unicode_versions_cannot_be_compared() -> None:
    """Same text, same parameters, another Unicode database: comparing raises, naming the versions."""
    here = fingerprint(TEXT)
    there = attrs.evolve(here, config=attrs.evolve(here.config, unicode="13.0.0"))
    with pytest.raises(ConfigMismatchError, match=r"unicode '13\.0\.0' != '"):
        there.jaccard(here)
    with pytest.raises(ConfigMismatchError, match="unicode"):
        here.containment(there)


def test_the_unicode_version_travels_in_the_stored_config() -> None:
    """The ledger's JSON of a config holds the version, and reading it back gives the same config."""
    config = Config(unicode="15.1.0")
    stored = config_to_json(config)
    assert "15.1.0" == json.loads(stored)["unicode"]
    assert config == config_from_json(stored, where="l.db")


def test_a_config_stored_before_the_field_reads_as_this_pythons_version() -> None:
    """A ledger's config written without 'unicode' (all made so far) loads with this Python's version."""
    old = json.dumps(
        {
            "num_perm": 128,
            "shingle": 5,
            "seed": 1,
            "scheme": "affine32",
            "method": "oph",
            "cleaner": CLEANER_VERSION,
            "shingler": "2",
        }
    )
    loaded = config_from_json(old, where="l.db")
    assert unicodedata.unidata_version == loaded.unicode
    assert Config() == loaded  # compatible with what this Python makes: no error on open
