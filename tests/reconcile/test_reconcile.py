"""Reconciliation on small hand-built corpora: echoes, estimates, contradictions, grades."""

from __future__ import annotations

import dataclasses
import datetime as dt

from claimgraph.model import Claim, Quantity, Source, TimeExpression
from claimgraph.reconcile.analysis import reconcile
from claimgraph.reconcile.types import CorpusClaim

D = dt.date


def claim(key: str, doc: int, published: dt.date, text: str, sources: list[tuple[str, str | None]],
          quantities: tuple[tuple[str, dict], ...] = (), said: dt.date | None = None, certainty: str = "CT+",
          actors: tuple[str, ...] = ("North Korea",)) -> CorpusClaim:
    """A stored claim: text at offset 0 of its report, hops as (text, entity) pairs."""
    qs = []
    for q_text, fields in quantities:
        start = text.index(q_text)
        qs.append(Quantity(text=q_text, span=(start, start + len(q_text)), **fields))
    times = [TimeExpression(text="on Monday", span=(0, 1), start=said, end=said, precision="day", role="said")] \
        if said else []
    hops = [Source(text=t, entity=e, kind="intelligence") for t, e in sources]
    c = Claim(id="c01", text=text, span=(0, len(text)), sources=hops, certainty=certainty,  # type: ignore[arg-type]
              quantities=qs, times=times, actors=list(actors))
    return CorpusClaim(key=key, document=f"report{doc}.txt", document_id=doc, published=published,
                       outlet=f"Outlet {doc}", claim=c)


NIS = ("the National Intelligence Service", "National Intelligence Service")
CORPUS = [
    claim("C1", 1, D(2025, 1, 14), "about 300 North Korean soldiers had been killed", [("lawmakers", None), NIS],
          (("about 300", {"value": 300, "approximate": True}),), said=D(2025, 1, 13)),
    claim("C2", 2, D(2025, 1, 15), "roughly 300 North Korean troops had been killed in Kursk", [NIS],
          (("roughly 300", {"value": 300, "approximate": True}),)),
    claim("C3", 3, D(2024, 12, 23), "about 1,100 North Korean troops were killed or wounded",
          [("the Joint Chiefs of Staff", "Joint Chiefs of Staff")],
          (("about 1,100", {"value": 1100, "approximate": True, "unit": "killed or wounded"}),), said=D(2024, 12, 23)),
    claim("C4", 4, D(2024, 12, 24), "more than 3,000 North Korean soldiers were killed or wounded",
          [("Volodymyr Zelenskyy", "Volodymyr Zelenskyy")],
          (("more than 3,000", {"low": 3000, "unit": "killed or wounded"}),), said=D(2024, 12, 23)),
    claim("C5", 6, D(2024, 10, 11), "North Korean soldiers were involved in the war",
          [("Dmitry Peskov", "Dmitry Peskov")], certainty="CT-", said=D(2024, 10, 10)),
    claim("C6", 5, D(2024, 10, 28), "North Korea has sent about 10,000 troops to Russia",
          [("the Pentagon", "Pentagon")],
          (("about 10,000 troops", {"value": 10000, "approximate": True, "unit": "troops"}),), said=D(2024, 10, 28)),
]


def test_echoes_group_one_origin_and_occasion_across_reports() -> None:
    rec = reconcile(CORPUS)
    groups = [{c.key for c in g.claims} for g in rec.echoes]
    assert {"C1", "C2"} in groups
    assert all(len({CORPUS[int(k[1:]) - 1].document_id for k in g}) >= 2 for g in groups)


def test_estimates_fold_echoes_and_keep_origins_apart() -> None:
    rec = reconcile(CORPUS)
    killed = next(s for s in rec.series if s.measure == "killed")
    assert len(killed.points) == 1 and {c.key for c in killed.points[0].claims} == {"C1", "C2"}
    kw = next(s for s in rec.series if s.measure == "killed or wounded")
    assert [(p.first.value, p.first.low) for p in kw.points] == [(1100, None), (None, 3000)]
    deployed = next(s for s in rec.series if s.measure == "troops deployed")
    assert deployed.points[0].first.origin.name == "Pentagon"


def test_contradictions_numeric_and_denial() -> None:
    rec = reconcile(CORPUS)
    kinds = {(c.kind, frozenset((c.a.key, c.b.key))) for c in rec.contradictions}
    assert ("numeric", frozenset({"C3", "C4"})) in kinds
    assert ("denial", frozenset({"C5", "C6"})) in kinds
    assert all(c.reason for c in rec.contradictions)


def test_a_denial_answers_assertions_of_its_time_only() -> None:
    late = claim("C7", 7, D(2025, 3, 1), "North Korea has sent more troops to Russia", [("the Pentagon", "Pentagon")],
                 said=D(2025, 3, 1))
    rec = reconcile([CORPUS[4], late])
    assert not rec.contradictions


def test_grades_follow_corroboration_and_contradiction() -> None:
    rec = reconcile(CORPUS)
    assert rec.grades["C3"].credibility in (4, 5)
    assert "contradicted" in rec.grades["C3"].reason
    assert rec.grades["C1"].credibility >= 2


def test_estimates_json_shape() -> None:
    rec = reconcile(CORPUS)
    series = rec.estimates_json("North Korean casualties")
    assert series and series[0]["measure"] == "killed or wounded"
    point = series[0]["points"][0]
    assert set(point) >= {"value", "low", "high", "approximate", "as_of", "origin", "claims"}
    assert point["claims"][0]["document"] == "report3.txt"


def later_in_report(cc: CorpusClaim, offset: int) -> CorpusClaim:
    """The claim moved ``offset`` characters further into its report."""
    span = (offset, offset + len(cc.claim.text))
    return dataclasses.replace(cc, claim=cc.claim.model_copy(update={"span": span}))


def test_an_undated_follow_up_takes_the_date_of_the_statement_before_it() -> None:
    """'On Nov. 13 the NIS said X. Some were fighting, it said.' relays the Nov. 13 briefing, not
    whatever the NIS said just before the report was published."""
    explainer = [
        claim("E1", 10, D(2025, 4, 30), "about 10,900 were in Russia", [NIS],
              (("about 10,900", {"value": 10900, "approximate": True}),), said=D(2024, 11, 13)),
        later_in_report(claim("E2", 10, D(2025, 4, 30), "Some were already fighting in Kursk", [NIS]), 40),
    ]
    others = [
        claim("N1", 11, D(2024, 11, 14), "some of the soldiers are fighting in Kursk", [NIS], said=D(2024, 11, 13)),
        claim("A1", 12, D(2025, 4, 30), "Pyongyang has sent about 15,000 troops", [NIS],
              (("about 15,000", {"value": 15000, "approximate": True}),), said=D(2025, 4, 30)),
        claim("A2", 13, D(2025, 4, 30), "around 15,000 troops have gone to Russia", [NIS],
              (("around 15,000", {"value": 15000, "approximate": True}),), said=D(2025, 4, 30)),
    ]
    groups = [{c.key for c in g.claims} for g in reconcile(explainer + others).echoes]
    assert {"E1", "E2", "N1"} in groups
    assert {"A1", "A2"} in groups


def test_the_lawmakers_later_in_a_report_relay_the_origin_they_cited() -> None:
    relayed = [
        claim("L1", 20, D(2025, 1, 13), "about 300 soldiers have died",
              [("lawmakers Lee Seong-kweun and Park Sun-won", None), NIS],
              (("about 300", {"value": 300, "approximate": True}),), said=D(2025, 1, 13)),
        later_in_report(claim("L2", 20, D(2025, 1, 13), "memos told the soldiers to avoid capture",
                              [("the lawmakers", None)], said=D(2025, 1, 13)), 60),
    ]
    echo = claim("W1", 21, D(2025, 1, 14), "memos found on dead soldiers told them to avoid capture", [NIS],
                 said=D(2025, 1, 13))
    groups = [{c.key for c in g.claims} for g in reconcile([*relayed, echo]).echoes]
    assert {"L1", "L2", "W1"} in groups


def test_a_shared_number_of_another_measure_does_not_place_an_undated_claim() -> None:
    """'3,000 troops in Russia' is not the '3,000 casualties' briefing, however alike the words."""
    claims = [
        claim("T1", 30, D(2024, 10, 24), "about 3,000 troops had arrived", [NIS],
              (("about 3,000", {"value": 3000, "approximate": True}),), said=D(2024, 10, 23)),
        claim("T2", 31, D(2024, 10, 25), "about 3,000 troops have arrived", [NIS],
              (("about 3,000", {"value": 3000, "approximate": True}),), said=D(2024, 10, 23)),
        claim("K1", 32, D(2025, 1, 14), "North Korean soldiers already in Russia have suffered some 3,000 casualties",
              [NIS],
              (("some 3,000", {"value": 3000, "approximate": True}),), said=D(2025, 1, 13)),
        claim("K2", 33, D(2025, 1, 14), "North Korean soldiers already in Russia suffered some 3,000 casualties",
              [NIS],
              (("some 3,000", {"value": 3000, "approximate": True}),), said=D(2025, 1, 13)),
        claim("U1", 34, D(2025, 4, 30), "some 3,000 North Korean soldiers were already in Russia", [NIS],
              (("some 3,000", {"value": 3000, "approximate": True}),)),
    ]
    groups = [{c.key for c in g.claims} for g in reconcile(claims).echoes]
    assert {"T1", "T2", "U1"} in groups


def test_a_spokesperson_speaks_for_the_organisation() -> None:
    """'Pentagon spokeswoman Sabrina Singh' and 'the Pentagon' at one briefing are one origin."""
    claims = [
        claim("P1", 40, D(2024, 10, 29), "roughly 10,000 soldiers are at training grounds in Russia",
              [("The Pentagon", "Pentagon")], said=D(2024, 10, 28)),
        later_in_report(claim("P2", 40, D(2024, 10, 29), "the troops would likely be sent to the front",
                              [("Pentagon spokeswoman Sabrina Singh", "Sabrina Singh")], said=D(2024, 10, 28)), 80),
        claim("P3", 41, D(2024, 11, 1), "about 10,000 had been sent to eastern Russia for training",
              [("the Pentagon", "Pentagon")], said=D(2024, 10, 28)),
    ]
    rec = reconcile(claims, aliases={"pentagon": "Pentagon"})
    groups = [{c.key for c in g.claims} for g in rec.echoes]
    assert {"P1", "P2", "P3"} in groups
    singh = next(c for c in rec.claims if c.key == "P2")
    assert [h.text for h in singh.claim.sources] == ["Pentagon spokeswoman Sabrina Singh", "Pentagon"]
