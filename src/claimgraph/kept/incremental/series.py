"""New estimate points into the kept series (see :func:`merge_points`).

The window's points holding new claims replace the kept points they share claims with (the window
folded those claims again, in corpus order), in the kept series those belong to, else in their own
series (the measure's main series where they name no subject, a new series where there is none);
each series touched is renumbered in as-of order, and its superseded figures and consensus are
worked out again from its points. Origins are compared by name here (kept points keep names).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, select, update

from ...reconcile.estimates import EstimatePoint, Series, mark_superseded
from ...reconcile.lexicon import ReconcileLexicon
from ...reconcile.measures import Point
from ...reconcile.origins import Origin, origin_key
from ...store import schema as s
from ..results import insert_rows
from .merge import JSON, chunks, cid, next_id


def merge_points(conn: Connection, touched: list[Series], new: set[str], lex: ReconcileLexicon) -> int:
    """Put the window's points of the series new claims joined into the kept series; how many kept
    series were rewritten."""
    series_of = _series_keys(conn)
    changes: dict[int, Change] = defaultdict(Change)
    for window in touched:
        with_new = [p for p in window.points if any(c.key in new for c in p.claims)]
        if not with_new:
            continue
        replacing, taken = _refold(conn, window, with_new, new)
        target = next(iter(sorted(taken)), None)
        sid = target[0] if target else _series_for(conn, series_of, window.measure, window.subject)
        changes[sid].added.extend(replacing)
        moved = {cid(c.key) for p in replacing for c in p.claims}
        for series, ordinal in taken:
            changes[series].left[ordinal] = moved
    for sid in sorted(changes):
        _rewrite_series(conn, sid, changes[sid], lex)
    return len(changes)


@dataclass
class Change:
    """What happens to one kept series: window points added; kept points (by ordinal) that lose the
    claims now in those points (dropped when none is left)."""

    added: list[EstimatePoint] = field(default_factory=list)
    left: dict[int, set[int]] = field(default_factory=dict)


def _refold(conn: Connection, window: Series, with_new: list[EstimatePoint],
            new: set[str]) -> tuple[list[EstimatePoint], set[tuple[int, int]]]:
    """The window points that replace kept ones, and the kept points (series, ordinal) they take
    claims from: the points holding new claims, then, until nothing more is found, the kept points
    sharing a claim with those and the window points holding those kept points' claims. The window
    folded its claims in corpus order, as a full reconcile does, so a new report stating a figure
    before the kept ones (a backfill) leads its point as it would there."""
    pc = s.reconcile_point_claim
    of_claim = {cid(c.key): p for p in window.points for c in p.claims}
    chosen = {id(p): p for p in with_new}
    frontier = {cid(c.key) for p in with_new for c in p.claims if c.key not in new}
    taken: set[tuple[int, int]] = set()
    while frontier:
        found: set[tuple[int, int]] = set()
        for chunk in chunks(frontier):
            found.update((r.series_id, r.point) for r in conn.execute(
                select(pc.c.series_id, pc.c.point).where(pc.c.claim_id.in_(chunk))))
        frontier = set()
        for series, ordinal in sorted(found - taken):
            taken.add((series, ordinal))
            held = conn.execute(select(pc.c.claim_id).where(pc.c.series_id == series, pc.c.point == ordinal)).scalars()
            for claim in held:
                point = of_claim.get(claim)
                if point is not None and id(point) not in chosen:
                    chosen[id(point)] = point
                    frontier.update(cid(c.key) for c in point.claims)
    return list(chosen.values()), taken


def _series_keys(conn: Connection) -> dict[tuple[str, str | None], int]:
    t = s.reconcile_series
    return {(r.measure, r.subject): r.id for r in conn.execute(select(t.c.id, t.c.measure, t.c.subject))}


def _series_for(conn: Connection, known: dict[tuple[str, str | None], int], measure: str, subject: str | None) -> int:
    """The kept series a new point goes to: its own, the measure's main one where it names no subject
    (the one with most points, as the engine folds them), else a new series."""
    if (measure, subject) in known:
        return known[(measure, subject)]
    if subject is None:
        p, t = s.reconcile_point, s.reconcile_series
        main = conn.execute(select(t.c.id).join(p, p.c.series_id == t.c.id)
                            .where(t.c.measure == measure, t.c.subject.is_not(None))
                            .group_by(t.c.id).order_by(func.count().desc(), t.c.id).limit(1)).scalar()
        if main is not None:
            return int(main)
    made = next_id(conn, s.reconcile_series.c.id)
    insert_rows(conn, s.reconcile_series, [{"id": made, "measure": measure, "subject": subject}])
    known[(measure, subject)] = made
    return made


def _rewrite_series(conn: Connection, series: int, change: Change, lex: ReconcileLexicon) -> None:
    """One series again: its kept points (less the claims moved to window points) and the window
    points, in as-of order, superseded figures and consensus worked out again."""
    t, p, pc = s.reconcile_series, s.reconcile_point, s.reconcile_point_claim
    row = conn.execute(select(t).where(t.c.id == series)).one()
    cited: dict[int, list[int]] = defaultdict(list)
    for r in conn.execute(select(pc.c.point, pc.c.claim_id).where(pc.c.series_id == series).order_by(pc.c.point,
                                                                                                      pc.c.ordinal)):
        cited[r.point].append(r.claim_id)
    entries: list[tuple[EstimatePoint, list[int]]] = []
    for r in conn.execute(select(p).where(p.c.series_id == series).order_by(p.c.ordinal)):
        moved = change.left.get(r.ordinal, set())
        claims = [c for c in cited[r.ordinal] if c not in moved]
        if not claims:
            continue
        origin = Origin(origin_key(r.origin_name), r.origin_name, r.origin_kind, r.origin_anonymous, r.origin_country)
        first = Point(row.measure, row.subject, r.value, r.low, r.high, r.approximate, r.as_of, origin,
                      None)  # type: ignore[arg-type]
        entries.append((EstimatePoint(first=first), claims))
    for point in change.added:
        entries.append((EstimatePoint(first=_kept_form(row, point.first)), [cid(c.key) for c in point.claims]))
    entries.sort(key=lambda e: (e[0].first.as_of or dt.date.min, e[0].first.origin.key))
    points = [e for e, _ in entries]
    if row.measure in lex.cumulative:
        mark_superseded(points)
    conn.execute(delete(pc).where(pc.c.series_id == series))
    conn.execute(delete(p).where(p.c.series_id == series))
    insert_rows(conn, p, [_point_row(series, n, e) for n, e in enumerate(points)])
    claim_rows = [{"series_id": series, "point": n, "ordinal": k, "claim_id": c}
                  for n, (_, claims) in enumerate(entries) for k, c in enumerate(claims)]
    if claim_rows:
        insert_rows(conn, pc, claim_rows)
    band = Series(row.measure, row.subject, points).consensus(lex.approximate_tolerance)
    conn.execute(update(t).where(t.c.id == series).values(
        consensus_low=band["low"] if band else None, consensus_high=band["high"] if band else None,
        consensus_as_of=_date(band["as_of"]) if band and band["as_of"] else None,
        consensus_origins=band["origins"] if band else None))


def _kept_form(series: Any, p: Point) -> Point:
    """A window point as the series keeps it: its origin keyed by name, no claim object."""
    o = p.origin
    return Point(series.measure, series.subject, p.value, p.low, p.high, p.approximate, p.as_of,
                 Origin(origin_key(o.name), o.name, o.kind, o.anonymous, o.country), None)  # type: ignore[arg-type]


def _point_row(series: int, n: int, e: EstimatePoint) -> JSON:
    p, o = e.first, e.first.origin
    return {"series_id": series, "ordinal": n, "value": p.value, "low": p.low, "high": p.high,
            "approximate": p.approximate, "as_of": p.as_of, "origin_name": o.name, "origin_kind": o.kind,
            "origin_anonymous": o.anonymous, "origin_country": o.country, "label": p.label(),
            "superseded_by": e.superseded_by}


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)
