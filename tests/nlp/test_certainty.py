"""Certainty (FactBank values) on small hand-written claims."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimgraph.nlp.attribution import find_claims
from claimgraph.nlp.certainty import claim_certainty
from claimgraph.nlp.lexicon import attribution_lexicon, certainty_lexicon

CASES = [
    ("The ministry said the bridge was destroyed.", "CT+"),
    ("The ministry said the bridge may have been destroyed.", "PS+"),
    ("The ministry said the bridge was probably destroyed.", "PR+"),
    ("Reinforcements are expected to arrive within a week, officials said.", "PR+"),
    ("It is likely that the talks will resume, a diplomat said.", "PR+"),
    ("The army denied that its troops had crossed the border.", "CT-"),
    ("The company rejected claims that it had paid a ransom.", "CT-"),
    ("Analysts doubted that the ceasefire would hold.", "PR-"),
    ("She declined to confirm that any prisoners had been released.", "Uu"),
    ("The spokesman did not say whether the convoy had been attacked.", "Uu"),
    ("Officials estimated that 3,000 people were displaced.", "PR+"),
    ("The gang reportedly used a stolen password to get in.", "PS+"),
    ("The storm could reach the coast by Friday, forecasters said.", "PS+"),
    ("Moscow appeared to be preparing a new offensive, she said.", "PR+"),
    ("The minister said the deal was unlikely to survive.", "PR-"),
    ("The police said the suspect would appear in court on Monday.", "CT+"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_certainty(base_nlp: Language, text: str, expected: str) -> None:
    doc = base_nlp(text)
    drafts = find_claims(doc, attribution_lexicon())
    assert drafts, text
    assert claim_certainty(doc, drafts[0], certainty_lexicon(), attribution_lexicon()) == expected
