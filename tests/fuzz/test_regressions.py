"""Minimal failing inputs that fuzzing found, kept as regression tests (each crashed once)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimgraph.api import extract


@pytest.mark.parametrize("text", [
    "said said",                      # speakers.py: max() of an empty source range
])
def test_found_by_fuzzing(nlp: Language, text: str) -> None:
    extract(text, published="2025-01-01", nlp=nlp)


def test_scaled_numbers_stay_bounded() -> None:
    from claimgraph.nlp.numbers import MAX_MAGNITUDE, parse_digits
    from claimgraph.nlp.numlex import number_lexicon

    assert parse_digits("2e21bn", number_lexicon()) is None  # 2e30 once scaled: past every count
    found = parse_digits("2bn", number_lexicon())
    assert found is not None and found.value == 2e9 <= MAX_MAGNITUDE


def test_feed_content_with_characters_xml_cannot_hold(tmp_path: object) -> None:
    from claimgraph.ingest.batch import fragment_text

    assert fragment_text("<p>14 ships\x00 turned\x0b away \ud800</p>") == "14 ships turned away"
