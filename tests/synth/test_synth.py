"""The synthetic corpus generator: deterministic, exactly sized, shaped like extracted reports, and
rich enough that reconciliation finds relays, echoes, estimates and contradictions in it."""

from __future__ import annotations

from collections import Counter

import pytest

from claimgraph.model import Article
from claimgraph.reconcile.analysis import Reconciliation, reconcile
from claimgraph.reconcile.lexicon import reconcile_lexicon
from claimgraph.reconcile.measures import points_of
from claimgraph.reconcile.types import CorpusClaim
from claimgraph.synth import generate
from claimgraph.synth.report import NOTE, PIPELINE

Reports = list[tuple[str, Article]]


@pytest.fixture(scope="module")
def reports() -> Reports:
    return [(raw.text, article) for raw, article in generate(3000, seed=11)]


@pytest.fixture(scope="module")
def rec(reports: Reports) -> Reconciliation:
    return reconcile(corpus_claims(reports))


def corpus_claims(reports: Reports) -> list[CorpusClaim]:
    out: list[CorpusClaim] = []
    for n, (_, article) in enumerate(reports):
        doc = article.document
        out.extend(CorpusClaim(f"C{len(out) + 1}", doc.origin or "", n + 1, doc.published, doc.outlet, claim)
                   for claim in article.claims)
    return out


def test_same_seed_same_reports_other_seed_others(reports: Reports) -> None:
    again = [(raw.text, article) for raw, article in generate(3000, seed=11)]
    assert [(t, a.model_dump_json()) for t, a in again] == [(t, a.model_dump_json()) for t, a in reports]
    other = [raw.text for raw, _ in generate(3000, seed=12)]
    assert other != [t for t, _ in reports]


@pytest.mark.parametrize("claims", [1, 17, 250])
def test_exactly_the_claims_asked_for(claims: int) -> None:
    assert sum(len(a.claims) for _, a in generate(claims, seed=3)) == claims


def test_spans_index_the_text(reports: Reports) -> None:
    for text, article in reports:
        assert article.text == text
        for c in article.claims:
            assert text[c.span[0]:c.span[1]] == c.text
            for hop in c.sources:
                assert hop.span is None or text[hop.span[0]:hop.span[1]] == hop.text
            for q in [*c.quantities, *c.times]:
                assert text[q.span[0]:q.span[1]] == q.text


def test_reports_are_marked_synthetic_and_named_things_are_listed(reports: Reports) -> None:
    for _, article in reports:
        assert NOTE in article.document.notes and article.pipeline == PIPELINE
        assert article.document.origin and article.document.origin.startswith("synth://11/")
        assert article.document.published and article.document.outlet
        names = {e.name for e in article.entities}
        places = {p.name for p in article.places}
        for c in article.claims:
            assert {h.entity for h in c.sources if h.entity} <= names
            assert set(c.places) <= places
    assert len({a.document.origin for _, a in reports}) == len(reports)


def test_shaped_like_extracted_news(reports: Reports) -> None:
    claims = [c for _, a in reports for c in a.claims]
    certainty = Counter(c.certainty for c in claims)
    assert {"CT+", "PR+", "PS+", "CT-", "Uu"} <= set(certainty) and certainty["CT+"] > len(claims) / 2
    hops = Counter(len(c.sources) for c in claims)
    assert hops[0] and hops[1] and hops[2]                       # own statements, direct, relayed
    relays = {c.sources[0].kind for c in claims if len(c.sources) == 2}
    assert {"media", "legislator"} <= relays | {"state_media"}   # outlets citing wires, lawmakers citing
    said = [t for c in claims for t in c.times if t.role == "said"]
    assert {"day", "week", "month"} <= {t.precision for t in said}
    assert any(t.role == "event" for c in claims for t in c.times)
    assert any(q.low is not None and q.high is None for c in claims for q in c.quantities)
    assert any(q.high is not None and q.low is None for c in claims for q in c.quantities)
    assert any(q.approximate for c in claims for q in c.quantities)
    assert 8 <= len(claims) / len(reports) <= 20


def test_figures_are_read_as_the_measures_news_reports(reports: Reports) -> None:
    lex = reconcile_lexicon()
    measures = Counter(p.measure for cc in corpus_claims(reports) for p in points_of(cc, lex))
    assert {"troops deployed", "killed", "wounded", "killed or wounded", "captured", "displaced"} <= set(measures)


def test_reconciliation_finds_echoes_estimates_and_contradictions(rec: Reconciliation) -> None:
    assert any(g.circular is False and len({c.document_id for c in g.claims}) >= 3 for g in rec.echoes)
    assert any(len(s.points) >= 5 for s in rec.series)
    kinds = Counter(c.kind for c in rec.contradictions)
    assert kinds["numeric"] and kinds["denial"]
    inferred = [cc for cc in rec.claims if any(h.via and h.via.startswith("(inferred") for h in cc.claim.sources)]
    assert inferred                                              # 'Lee said ...' after 'Lee, citing the NIS'
    assert any(g.credibility == 1 for g in rec.grades.values())
