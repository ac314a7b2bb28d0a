"""Property: ``claimgraph.extract`` gives an article for any text and any accepted publication
date: every span indexes the text, and nothing raises (issue 13: a short text ending in "said"
and two tokens, overlapping entity spans from the ruler, overflowing numbers and dates)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from claimgraph.api import extract
from claimgraph.ingest.text import storable

WORDS = ["said", "says", "told", "reporters", "according", "to", "citing", "the", "army", "ministry", "officials",
         "\u201c", "\u201d", '"', ",", ".", "\n", "\n\n", "on", "Friday", "Saturday's", "last", "week", "yesterday",
         "1,200", "3.5", "million", "four-thousand-100", "15-thousand", "killed", "wounded", "at", "least", "about",
         "he", "she", "they", "it", "Reuters", "(", ")", "—", "'s", "PARIS", "KYIV,", "Ukraine", "(AP)", "Jan.", "5,",
         "2025", "$", "€300,000", "($325,000)", "%", "believed", "feared", "dead", "may", "not", "denied", "that",
         "a", "dozen", "hundreds", "of", "National", "Intelligence", "Service", "(NIS", "NIS)", "Zamzam", "camp",
         "Lee", "Seong-kweun", "Kim", "Jong", "Un", "North", "Korea", "Russia", "Kursk", "put", "toll", "the",
         "1e309", "9999", "0", "-", ";", ":", "?", "!", "'", "before", "adding", "more", "could", "follow"]
texts = st.lists(st.sampled_from(WORDS) | st.text(max_size=8), min_size=1, max_size=50).map(" ".join)
days = st.dates(min_value=dt.date(1700, 1, 1), max_value=dt.date(2199, 12, 31)) | st.none()


@given(texts, days)
def test_extract_any_text(nlp: Language, text: str, published: dt.date | None) -> None:
    article = extract(text, published=published, nlp=nlp)
    text = storable(text)  # what is kept: NUL as a space, lone surrogates as U+FFFD, same length
    for claim in article.claims:
        assert text[claim.span[0]:claim.span[1]] == claim.text
        for part in [*claim.quantities, *claim.times, *claim.sources]:
            if part.span is not None:
                assert text[part.span[0]:part.span[1]] == part.text


@given(st.text(max_size=60))
def test_extract_short_odd_texts(nlp: Language, text: str) -> None:
    extract(text, published="2025-01-01", nlp=nlp)
