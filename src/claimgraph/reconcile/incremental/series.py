"""New estimate points into the kept series (see :func:`merge_points`).

A new point joins the kept point its window point folded into, else its series (the measure's
main series where it names no subject, a new series where there is none); each series touched is
renumbered in as-of order, and its superseded figures and consensus are worked out again from its
points. Origins are compared by name here (the kept points keep names, not keys).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import Connection, delete, func, select, update

from ...store import schema as s
from ...store.results import insert_rows
from ..estimates import EstimatePoint, Series, mark_superseded
from ..lexicon import ReconcileLexicon
from ..measures import Point
from ..origins import Origin, origin_key
from .merge import JSON, chunks, cid, next_id


def merge_points(conn: Connection, points: list[tuple[str, str | None, EstimatePoint]], new: set[str],
                 lex: ReconcileLexicon) -> int:
    """Add the window's points holding new claims to the kept series; how many series were touched."""
    pc = s.reconcile_point_claim
    joining: dict[tuple[int, int], list[int]] = defaultdict(list)     # kept point → new claims joining it
    fresh: dict[int, list[EstimatePoint]] = defaultdict(list)          # series → new points
    series_of = _series_keys(conn)
    for measure, subject, point in points:
        old = [cid(c.key) for c in point.claims if c.key not in new]
        added = [cid(c.key) for c in point.claims if c.key in new]
        kept = None
        for chunk in chunks(old):
            kept = conn.execute(select(pc.c.series_id, pc.c.point).where(pc.c.claim_id.in_(chunk)).limit(1)).first()
            if kept is not None:
                break
        if kept is not None:
            joining[(kept.series_id, kept.point)].extend(added)
            continue
        target = _series_for(conn, series_of, measure, subject)
        fresh[target].append(EstimatePoint(first=point.first, claims=[c for c in point.claims if c.key in new]))
    touched = {series for series, _ in joining} | set(fresh)
    for series in sorted(touched):
        _rewrite_series(conn, series, joining, fresh.get(series, []), lex)
    return len(touched)


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


def _rewrite_series(conn: Connection, series: int, joining: dict[tuple[int, int], list[int]],
                    fresh: list[EstimatePoint], lex: ReconcileLexicon) -> None:
    """One series again: kept points (with the claims joining them) and new points in as-of order."""
    t, p, pc = s.reconcile_series, s.reconcile_point, s.reconcile_point_claim
    row = conn.execute(select(t).where(t.c.id == series)).one()
    cited: dict[int, list[int]] = defaultdict(list)
    for r in conn.execute(select(pc.c.point, pc.c.claim_id).where(pc.c.series_id == series).order_by(pc.c.point,
                                                                                                      pc.c.ordinal)):
        cited[r.point].append(r.claim_id)
    entries: list[tuple[EstimatePoint, list[int]]] = []
    for r in conn.execute(select(p).where(p.c.series_id == series).order_by(p.c.ordinal)):
        origin = Origin(origin_key(r.origin_name), r.origin_name, r.origin_kind, r.origin_anonymous, r.origin_country)
        first = Point(row.measure, row.subject, r.value, r.low, r.high, r.approximate, r.as_of, origin,
                      None)  # type: ignore[arg-type]
        claims = list(dict.fromkeys([*cited[r.ordinal], *joining.get((series, r.ordinal), [])]))
        entries.append((EstimatePoint(first=first), claims))
    for point in fresh:
        o = point.first.origin
        first = Point(row.measure, row.subject, point.first.value, point.first.low, point.first.high,
                      point.first.approximate, point.first.as_of,
                      Origin(origin_key(o.name), o.name, o.kind, o.anonymous, o.country), None)  # type: ignore[arg-type]
        entries.append((EstimatePoint(first=first), [cid(c.key) for c in point.claims]))
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


def _point_row(series: int, n: int, e: EstimatePoint) -> JSON:
    p, o = e.first, e.first.origin
    return {"series_id": series, "ordinal": n, "value": p.value, "low": p.low, "high": p.high,
            "approximate": p.approximate, "as_of": p.as_of, "origin_name": o.name, "origin_kind": o.kind,
            "origin_anonymous": o.anonymous, "origin_country": o.country, "label": p.label(),
            "superseded_by": e.superseded_by}


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)
