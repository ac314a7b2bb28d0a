"""The user's decisions applied to reconciliation: merges join origins and echo groups, splits
separate them again, grades follow aliases (three short hand-written reports, no model needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.errors import ClaimgraphError, Code
from claimgraph.model import Article, Claim, Document, Entity, Quantity, Source, TimeExpression
from claimgraph.reconcile.analysis import Reconciliation, reconcile
from claimgraph.reconcile.decisions import (
    EntityDecision,
    apply_decisions,
    check_grade,
    decided_claims,
    entity_groups,
    resolve_grades,
    source_rows,
)
from claimgraph.reconcile.types import CorpusClaim

MONDAY = dt.date(2025, 3, 3)
CGA = Entity(name="Coast Guard Agency", type="ORG", aliases=["CGA"])
# (outlet, published, text, claim, hop text, the entity the report resolved the hop to, entities)
REPORTS = [
    ("Harbour Wire", dt.date(2025, 3, 4),
     "The Coast Guard Agency said on Monday that 40 fishing boats had been seized near the strait.",
     "40 fishing boats had been seized near the strait", "The Coast Guard Agency", "Coast Guard Agency", [CGA]),
    ("Delta Courier", dt.date(2025, 3, 5),
     "Forty fishing boats were seized near the strait on Monday, the maritime police said.",
     "Forty fishing boats were seized near the strait on Monday", "the maritime police", None, []),
    ("Valley Post", dt.date(2025, 3, 5),
     "Forty fishing boats were seized near the strait, the CGA said on Monday.",
     "Forty fishing boats were seized near the strait", "the CGA", "Coast Guard Agency", [CGA]),
]
MERGE = EntityDecision("merge", "Coast Guard Agency", "maritime police")
SPLIT = EntityDecision("split", "Coast Guard Agency", "CGA")


def report(doc: int, outlet: str, published: dt.date, text: str, said: str, hop: str, entity: str | None,
           entities: list[Entity]) -> tuple[Article, CorpusClaim]:
    """One report with one claim, said on Monday, by one source."""
    start = text.index(said)
    figure = said.split(" fishing")[0]
    claim = Claim(id="c01", text=said, span=(start, start + len(said)),
                  sources=[Source(text=hop, span=(text.index(hop), text.index(hop) + len(hop)), entity=entity,
                                  kind="government")],
                  quantities=[Quantity(text=figure, span=(start, start + len(figure)), value=40)],
                  times=[TimeExpression(text="on Monday", span=(0, 1), start=MONDAY, end=MONDAY, precision="day",
                                        role="said")])
    article = Article(document=Document(published=published, outlet=outlet, origin=f"r{doc}.txt"), text=text,
                      claims=[claim], entities=entities)
    return article, CorpusClaim(f"C{doc}", f"r{doc}.txt", doc, published, outlet, claim)


CORPUS = [report(i + 1, *r) for i, r in enumerate(REPORTS)]


def reconciled(*decisions: EntityDecision) -> Reconciliation:
    claims, aliases = decided_claims([cc for _, cc in CORPUS], [a for a, _ in CORPUS], list(decisions))
    return reconcile(claims, aliases=aliases)


def groups(rec: Reconciliation) -> list[tuple[str, set[str]]]:
    return [(g.origin.name, {c.key for c in g.claims}) for g in rec.echoes]


@pytest.mark.parametrize(("decisions", "expected"), [
    ((), [("Coast Guard Agency", {"C1", "C3"})]),
    ((MERGE,), [("Coast Guard Agency", {"C1", "C2", "C3"})]),
    ((MERGE, SPLIT), [("Coast Guard Agency", {"C1", "C2"})]),
    ((SPLIT,), []),
    ((SPLIT, EntityDecision("merge", "Coast Guard Agency", "CGA")), [("Coast Guard Agency", {"C1", "C3"})]),
])
def test_decisions_join_and_separate_echo_groups(decisions: tuple[EntityDecision, ...],
                                                 expected: list[tuple[str, set[str]]]) -> None:
    assert groups(reconciled(*decisions)) == expected


def test_a_split_alias_becomes_its_own_origin() -> None:
    rec = reconciled(MERGE, SPLIT)
    assert set(rec.records) == {"coast guard agency", "cga"}
    assert rec.records["coast guard agency"]["claims"] == 2


@pytest.mark.parametrize(("decisions", "expected"), [
    ([MERGE], {"cga": "Coast Guard Agency", "coast guard agency": "Coast Guard Agency",
               "maritime police": "Coast Guard Agency", "harbour police": "Coast Guard Agency"}),
    ([SPLIT], {"coast guard agency": "Coast Guard Agency", "maritime police": "Maritime Police",
               "harbour police": "Maritime Police"}),
    ([EntityDecision("merge", "CGA", "Maritime Police")],
     {"cga": "Coast Guard Agency", "coast guard agency": "Coast Guard Agency",
      "maritime police": "Coast Guard Agency", "harbour police": "Coast Guard Agency"}),
    ([EntityDecision("split", "Maritime Police", "CGA")],
     {"cga": "Coast Guard Agency", "coast guard agency": "Coast Guard Agency",
      "maritime police": "Maritime Police", "harbour police": "Maritime Police"}),
])
def test_apply_decisions_to_an_alias_map(decisions: list[EntityDecision], expected: dict[str, str]) -> None:
    aliases = {"cga": "Coast Guard Agency", "coast guard agency": "Coast Guard Agency",
               "maritime police": "Maritime Police", "harbour police": "Maritime Police"}
    assert apply_decisions(aliases, decisions) == expected
    assert aliases["maritime police"] == "Maritime Police"  # the input is left as it was


def test_entity_groups_list_aliases_after_decisions() -> None:
    articles = [a for a, _ in CORPUS]
    assert entity_groups(articles, []) == {"Coast Guard Agency": ["CGA"]}
    assert entity_groups(articles, [MERGE, SPLIT]) == {"CGA": [], "Coast Guard Agency": ["maritime police"]}


def test_grades_follow_aliases_and_show_in_source_rows() -> None:
    aliases = apply_decisions({"cga": "Coast Guard Agency", "coast guard agency": "Coast Guard Agency"}, [MERGE])
    graded = {"maritime police": ("D", "maritime police"), "valley post": ("B", "Valley Post")}
    assert resolve_grades(graded, aliases) == {"coast guard agency": "D", "valley post": "B"}
    direct = {**graded, "coast guard agency": ("A", "Coast Guard Agency")}
    assert resolve_grades(direct, aliases)["coast guard agency"] == "A"  # the name itself wins over an alias
    rows = source_rows(reconciled(MERGE), resolve_grades(graded, aliases))
    assert rows == [{"origin": "Coast Guard Agency", "key": "coast guard agency", "kind": "government",
                     "reliability": "D", "reliability_label": "not usually reliable",
                     "claims": 3, "corroborated": 0, "contradicted": 0}]


def test_ungraded_sources_are_f() -> None:
    rows = source_rows(reconciled(), {})
    assert {(r["origin"], r["reliability"]) for r in rows} == {("Coast Guard Agency", "F"),
                                                                ("the maritime police", "F")}


@pytest.mark.parametrize(("grade", "ok"), [("a", "A"), (" f ", "F"), ("G", None), ("AB", None), ("", None)])
def test_check_grade(grade: str, ok: str | None) -> None:
    if ok is not None:
        assert check_grade("Yonhap", grade) == ok
        return
    with pytest.raises(ClaimgraphError) as caught:
        check_grade("Yonhap", grade)
    assert caught.value.code is Code.E023
