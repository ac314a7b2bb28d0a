"""Incremental reconciliation: bring the kept results up to date with the reports added since,
reading only those reports and the kept claims published around them.

``claimgraph reconcile`` takes this path when it can (:func:`.plan.plan` says when it cannot:
never reconciled, other code, entity decisions or replaced reports since, or too many new claims)
and a full reconciliation otherwise; ``--full`` always recomputes everything.

What it computes follows the engine's rules on the window (:mod:`.window`, :mod:`.delta`) and
adds it to the kept results (:mod:`.merge`, :mod:`.series`, :mod:`.grades`). It differs from a
full reconciliation only where a rule reaches beyond the window or where new claims would move
what is kept: kept claims keep their echo group (a new claim can join or merge groups, not split
them), a kept claim already linked to five claims of one origin gains new links only through the
new claims' own limit, and a kept contradiction stays when a new figure of the same origin comes
nearer in time (a full reconcile pairs a figure with the nearest of each origin). A backfilled
report that states a kept figure first leads that estimate point from then on, as in a full
reconcile, but the contradictions kept for the point's former first claim stay. One rule is
followed past the window (:mod:`.reach`): a new running total below an earlier figure of another
origin, however old (the latest of that origin's, or any whose origin's first figure below it the
new one is, as a full reconcile pairs them).
``tests/store/test_incremental_reconcile.py`` measures the agreement against a full
reconciliation of the same corpus.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...reconcile.grading import origin_name
from ...reconcile.lexicon import ReconcileLexicon, reconcile_lexicon
from ..persist import fingerprint
from .delta import Delta, compute
from .grades import add_aliases, regrade
from .merge import add_contradictions, add_links, merge_echoes
from .plan import Plan, plan
from .reach import merge_known, older_totals
from .series import merge_points
from .window import reach_days, read_window

if TYPE_CHECKING:
    from ...store import Store

__all__ = ["IncrementalRun", "Plan", "plan", "reconcile_increment"]


@dataclass(frozen=True)
class IncrementalRun:
    """What one incremental reconciliation did."""

    generation: int
    reports: int
    new_claims: int
    claims: int                     # reconciled in all, kept and new
    window_claims: int
    links: int
    contradictions: int
    echoes: int
    series: int
    regraded: int
    load_s: float
    compute_s: float
    write_s: float

    def as_json(self) -> dict[str, Any]:
        return {"mode": "incremental", **dataclasses.asdict(self)}


def reconcile_increment(store: Store, lex: ReconcileLexicon | None = None) -> IncrementalRun | str:
    """Add the reports stored since the last reconciliation to its kept results; or why a full
    reconciliation is needed (nothing written then)."""
    from ...store import state
    from ...store.engine import writing

    lex = lex or reconcile_lexicon()
    t0 = time.perf_counter()
    with store.snapshot() as conn:
        todo = plan(conn, fingerprint())
        if isinstance(todo, str):
            return todo
        window = read_window(conn, todo, lex)
    t1 = time.perf_counter()
    new = {cc.key for cc in window.new}
    delta = compute(window.claims, new, lex) if new else Delta([], [], [], [])
    t2 = time.perf_counter()
    with writing(store.engine) as conn:
        if state.lock(conn).reconciled_generation != todo.reconciled_generation:
            return "the kept results changed while this ran (another reconcile)"
        if todo.first is not None:
            before = todo.first - dt.timedelta(days=reach_days(lex))
            older, cited = older_totals(conn, delta.series, new, before, lex, delta.contradictions)
            delta.contradictions += merge_known(older, delta.contradictions)
            window.context += [cc for cc in cited if cc.key not in new]
        add_links(conn, delta.links, {cc.key: origin_name(cc) for cc in window.claims})
        add_contradictions(conn, delta.contradictions)
        echoes = merge_echoes(conn, delta.echoes, new)
        series = merge_points(conn, delta.series, new, lex)
        regraded = regrade(conn, window, delta)
        add_aliases(conn, window.added_aliases)
        state.mark(conn, todo.generation, fingerprint(), todo.kept_claims + todo.new_claims, t2 - t0)
    t3 = time.perf_counter()
    return IncrementalRun(todo.generation, len(todo.documents), len(window.new), todo.kept_claims + len(window.new),
                          len(window.context) + len(window.new), len(delta.links), len(delta.contradictions), echoes,
                          series, regraded, round(t1 - t0, 3), round(t2 - t1, 3), round(t3 - t2, 3))
