"""Echo grouping: the occasion index a vaguely dated claim is matched through, and its horizon."""

from __future__ import annotations

import datetime as dt
import random

from claimgraph.model import Claim, Quantity, Source, TimeExpression
from claimgraph.reconcile.analysis import reconcile
from claimgraph.reconcile.origins import Member, Occasions, Origin, narrowest
from claimgraph.reconcile.types import CorpusClaim

D = dt.date
ORIGIN = Origin(key="nis", name="NIS", kind="intelligence")


def member(n: int, start: dt.date | None, days: int, precise: bool) -> Member:
    cc = CorpusClaim(key=f"C{n}", document=f"r{n}", document_id=n, published=start, outlet="Wire",
                     claim=Claim(id="c01", text="x", span=(0, 1)))
    occasion = None if start is None else (start, start + dt.timedelta(days=days))
    return Member(cc, ORIGIN, occasion, precise, precise, frozenset(), frozenset())


def brute_force(groups: list[list[Member]], m: Member, horizon: int) -> list[list[Member]]:
    """Every group whose anchor (narrowest precise occasion) does not start after the claim's window
    and ends within the horizon before it: the rule, looked at group by group."""
    if m.occasion is None:
        return groups
    out = []
    for g in groups:
        anchor = narrowest([x.occasion for x in g if x.occasion])
        if anchor is None or (anchor[0] <= m.occasion[1]
                              and anchor[1] >= m.occasion[0] - dt.timedelta(days=horizon)):
            out.append(g)
    return out


def test_the_index_finds_exactly_the_groups_the_rule_allows() -> None:
    rng = random.Random(11)
    for case in range(300):
        day0 = D(2024, 1, 1)
        groups = [[member(case * 100 + i * 10 + j, day0 + dt.timedelta(days=rng.randrange(900)), rng.randrange(4),
                          True) for j in range(rng.randint(1, 3))] for i in range(rng.randint(0, 9))]
        if groups and rng.random() < 0.2:
            groups.append([member(case * 100 + 99, None, 0, True)])
        horizon = rng.choice((0, 30, 365))
        index = Occasions(groups, horizon)
        for _ in range(5):
            start = None if rng.random() < 0.1 else day0 + dt.timedelta(days=rng.randrange(-60, 1000))
            m = member(0, start, rng.choice((3, 7, 30)), False)
            assert index.candidates(m) == brute_force(groups, m, horizon)


def figure_claim(key: str, doc: int, published: dt.date, text: str, said: dt.date | None) -> CorpusClaim:
    q = "about 3,000"
    times = [TimeExpression(text="on Monday", span=(0, 1), start=said, end=said, precision="day", role="said")] \
        if said else []
    claim = Claim(id="c01", text=text, span=(0, len(text)), certainty="CT+", times=times, actors=["North Korea"],
                  sources=[Source(text="the NIS", entity="National Intelligence Service", kind="intelligence")],
                  quantities=[Quantity(text=q, span=(text.index(q), text.index(q) + len(q)), value=3000,
                                       approximate=True, unit="troops")])
    return CorpusClaim(key=key, document=f"r{doc}.txt", document_id=doc, published=published, outlet=f"Outlet {doc}",
                       claim=claim)


def test_an_undated_relay_joins_an_occasion_within_the_horizon_only() -> None:
    said = D(2024, 10, 23)
    briefing = [figure_claim("B1", 1, said, "about 3,000 North Korean troops had arrived in Russia", said),
                figure_claim("B2", 2, said + dt.timedelta(days=1), "about 3,000 North Korean troops arrived in Russia",
                             said)]
    text = "about 3,000 North Korean troops were already in Russia"
    recent = figure_claim("U1", 3, said + dt.timedelta(days=200), text, None)
    stale = figure_claim("U2", 4, said + dt.timedelta(days=500), text, None)
    groups = [{c.key for c in g.claims} for g in reconcile([*briefing, recent, stale]).echoes]
    assert {"B1", "B2", "U1"} in groups                       # 200 days on: background restating the briefing
    assert not any("U2" in g for g in groups)                 # 500 days on: past the 365-day horizon
