"""The Python API: typed results, the JSON contract, and parallel extraction."""

from __future__ import annotations

import json

from spacy.language import Language

import claimgraph
from claimgraph.api import extract_raw, raw_article

TEXT = ("SEOUL (AP) — North Korea fired two ballistic missiles into the sea on Friday, South Korea’s "
        "Joint Chiefs of Staff said. Japan’s defence ministry said the missiles may have landed inside "
        "its exclusive economic zone.\n")


def test_extract_returns_the_typed_model(nlp: Language) -> None:
    article = claimgraph.extract(TEXT, published="2025-01-24", nlp=nlp)
    assert isinstance(article, claimgraph.Article)
    assert article.document.dateline == "SEOUL"
    first, second = article.claims[:2]
    assert first.text == "North Korea fired two ballistic missiles into the sea on Friday"
    assert first.quantities[0].value == 2
    assert [t.start.isoformat() for t in first.times if t.start] == ["2025-01-24"]
    assert second.certainty == "PS+"


def test_json_is_the_serialisation(nlp: Language) -> None:
    article = claimgraph.extract(TEXT, published="2025-01-24", nlp=nlp)
    data = json.loads(article.to_json())
    assert data["contract"] == "1"
    assert "text" not in data
    assert data["claims"][0]["span"] == [article.claims[0].span[0], article.claims[0].span[1]]


def test_no_publication_date_leaves_relative_times_unresolved(nlp: Language) -> None:
    article = claimgraph.extract("Police said on Friday that 12 people were arrested.", nlp=nlp)
    assert article.document.published is None
    assert any("no publication date" in n for n in article.document.notes)
    times = [t for c in article.claims for t in c.times]
    assert times and all(t.start is None for t in times)


def test_parallel_extraction_matches_sequential(nlp: Language) -> None:
    raws = [raw_article(TEXT.replace("two", word), published="2025-01-24") for word in ("two", "three", "four")]
    one = [a.model_dump() for a in extract_raw(raws, nlp=nlp)]
    two = [a.model_dump() for a in extract_raw(raws, n_process=2, batch_size=1)]
    assert one == two
