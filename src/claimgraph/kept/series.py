"""The kept estimate series read back: all of them as ``Reconciliation.estimates_json`` gives
them, or a page of series (the workbench), optionally only the points dated within a window and
only a few of each point's claims, so that an answer stays bounded however long the archive.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, func, select, true

from ..reconcile.analysis import matches
from ..reconcile.estimates import Series
from ..store import schema as s
from .results import JSON, _in_chunks, _iso, _origin, _refs, ref


@dataclass(frozen=True)
class Window:
    """Points dated from ``since`` to ``until`` (either open); with either, undated points are left
    out."""

    since: dt.date | None = None
    until: dt.date | None = None

    @property
    def open(self) -> bool:
        return self.since is None and self.until is None

    def condition(self) -> ColumnElement[bool]:
        as_of = s.reconcile_point.c.as_of
        found: list[ColumnElement[bool]] = []
        if self.since is not None:
            found.append(as_of >= self.since)
        if self.until is not None:
            found.append(as_of <= self.until)
        return and_(true(), *found)


EVERY = Window()


def estimates(conn: Connection, measure: str | None) -> list[JSON]:
    """The series answering ``measure`` (all when None), as ``Reconciliation.estimates_json`` gives them."""
    return estimates_page(conn, measure)[0]


def estimates_page(conn: Connection, measure: str | None, limit: int | None = None, offset: int = 0,
                   claims: int | None = None, window: Window = EVERY) -> tuple[list[JSON], int]:
    """A page of :func:`estimates` (``limit`` series from ``offset``, the series with most points
    first) and how many series answer in all: only the page's points are read.

    ``claims``: each point lists at most that many of its reports' claims, and ``claims_total``
    counts them all (a figure a wire service carried goes out in hundreds of reports).
    ``window``: only the points dated within it, and only the series that have one."""
    series = conn.execute(select(s.reconcile_series).order_by(s.reconcile_series.c.id)).all()
    if measure is not None:
        series = [row for row in series if matches(Series(row.measure, row.subject, []), measure)]
    if not window.open:
        dated = set(conn.scalars(select(s.reconcile_point.c.series_id).where(window.condition()).distinct()))
        series = [row for row in series if row.id in dated]
    total = len(series)
    paged = limit is not None or offset > 0
    series = series[offset:offset + limit] if limit is not None else series[offset:]
    every = measure is None and not paged and window.open
    return _series_json(conn, series, every, claims, window), total


def measures(conn: Connection) -> list[JSON]:
    """Each measure of the kept estimate series, with how many series and points it has, the
    measure with most points first."""
    se, pt = s.reconcile_series, s.reconcile_point
    points = select(pt.c.series_id, func.count().label("n")).group_by(pt.c.series_id).subquery()
    rows = conn.execute(select(se.c.measure, func.count().label("series"),
                               func.coalesce(func.sum(points.c.n), 0).label("points"))
                        .outerjoin(points, points.c.series_id == se.c.id).group_by(se.c.measure)).all()
    found = [{"measure": row.measure, "series": int(row.series), "points": int(row.points)} for row in rows]
    return sorted(found, key=lambda m: (-m["points"], m["measure"]))


def _series_json(conn: Connection, series: Sequence[Any], every: bool, claims: int | None,
                 window: Window) -> list[JSON]:
    """The JSON of these kept series rows with their points (``every``: the rows are every series,
    so their points are read without an ``IN`` list)."""
    if not series:
        return []
    ids = None if every else [row.id for row in series]
    points = _points(conn, ids, window)
    cited = _point_claims(conn, ids, claims, window)
    totals = _point_claim_totals(conn, ids, window) if claims is not None else None
    out = []
    for row in series:
        band = None if row.consensus_origins is None else {
            "low": row.consensus_low, "high": row.consensus_high, "as_of": _iso(row.consensus_as_of),
            "origins": row.consensus_origins}
        out.append({"measure": row.measure, "subject": row.subject,
                    "points": [_point_json(p, cited[(row.id, p.ordinal)],
                                           None if totals is None else totals[(row.id, p.ordinal)])
                               for p in points[row.id]],
                    "consensus": band})
    return out


def _of_series(conn: Connection, query: Select[Any], series_id: Any, ids: list[int] | None) -> Iterator[Any]:
    """The rows of ``query`` for the series ``ids`` (``series_id``: its series column), an ``IN``
    list of bounded length at a time; every row where ``ids`` is None."""
    for chunk in _in_chunks(ids):
        yield from conn.execute(query if chunk is None else query.where(series_id.in_(chunk)))


def _points(conn: Connection, ids: list[int] | None, window: Window) -> dict[int, list[Any]]:
    t = s.reconcile_point
    query = select(t).order_by(t.c.series_id, t.c.ordinal)
    out: dict[int, list[Any]] = defaultdict(list)
    for row in _of_series(conn, query if window.open else query.where(window.condition()), t.c.series_id, ids):
        out[row.series_id].append(row)
    return out


def _within(query: Select[Any], window: Window) -> Select[Any]:
    """A query over point claims narrowed to the points dated within ``window``."""
    if window.open:
        return query
    pc, pt = s.reconcile_point_claim, s.reconcile_point
    return query.join(pt, and_(pt.c.series_id == pc.c.series_id, pt.c.ordinal == pc.c.point)) \
        .where(window.condition())


def _point_claims(conn: Connection, ids: list[int] | None, limit: int | None,
                  window: Window) -> dict[tuple[int, int], list[JSON]]:
    t = s.reconcile_point_claim
    query = _within(_refs(select(t.c.series_id, t.c.point), t.c.claim_id), window) \
        .order_by(t.c.series_id, t.c.point, t.c.ordinal)
    if limit is not None:
        query = query.where(t.c.ordinal < limit)
    out: dict[tuple[int, int], list[JSON]] = defaultdict(list)
    for row in _of_series(conn, query, t.c.series_id, ids):
        out[(row.series_id, row.point)].append(ref(row))
    return out


def _point_claim_totals(conn: Connection, ids: list[int] | None, window: Window) -> dict[tuple[int, int], int]:
    t = s.reconcile_point_claim
    query = _within(select(t.c.series_id, t.c.point, func.count()), window).group_by(t.c.series_id, t.c.point)
    return {(row[0], row[1]): int(row[2]) for row in _of_series(conn, query, t.c.series_id, ids)}


def _point_json(row: Any, claims: list[JSON], total: int | None = None) -> JSON:
    found = {"id": row.ordinal, "value": row.value, "low": row.low, "high": row.high,
             "approximate": bool(row.approximate), "as_of": _iso(row.as_of), "origin": _origin(row),
             "label": row.label, "superseded_by": row.superseded_by, "claims": claims}
    return found if total is None else {**found, "claims_total": total}
