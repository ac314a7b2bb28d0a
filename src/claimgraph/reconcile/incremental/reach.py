"""The one rule that reaches past the window and is followed there: a running total (a cumulative
measure) that a new figure puts below an earlier figure of another origin, however long ago.

The earlier figures come from the kept estimate points of the series dated before the window
(the window's own were compared already); only those whose low end lies above the new figure's
high end, by at most the revision share, are looked at, and their first claims read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict

from sqlalchemy import Connection, and_, select

from ...store import load
from ...store import schema as s
from ..contradictions import REVISION_SHARE, Contradiction, shrinking, shrinking_reason
from ..estimates import EstimatePoint, Series
from ..lexicon import ReconcileLexicon
from ..measures import Point
from ..origins import Origin, origin_key, origin_of
from ..types import CorpusClaim
from .window import with_kept_chains

Kept = tuple[float, Point]               # low end, the point (origin keyed by name)


def older_totals(conn: Connection, points: list[tuple[str, str | None, EstimatePoint]], new: set[str],
                 before: dt.date, lex: ReconcileLexicon) -> tuple[list[Contradiction], list[CorpusClaim]]:
    """Contradictions between new running totals and kept figures dated before ``before``, with the
    kept claims they cite (read here)."""
    wanted = [(m, subj, p) for m, subj, p in points if m in lex.cumulative and p.first.claim.key in new
              and origin_of(p.first.claim) is not None and p.first.when is not None]
    series = {(r.measure, r.subject): r.id for r in conn.execute(select(s.reconcile_series))}
    found: list[tuple[Point, Point, Series]] = []
    kept_by_series: dict[int, list[Kept]] = {}
    for measure, subject, point in wanted:
        sid = series.get((measure, subject))
        if sid is None:
            continue
        if sid not in kept_by_series:
            kept_by_series[sid] = _kept_points(conn, sid, measure, subject, before, lex)
        kept = kept_by_series[sid]
        late = _by_name(point.first)
        high = late.interval(lex.approximate_tolerance)[1]
        if math.isinf(high) or math.isnan(high):
            continue
        lows = [k[0] for k in kept]
        lo = bisect.bisect_right(lows, high)
        hi = bisect.bisect_right(lows, high / REVISION_SHARE * (1 + 1e-9) + 1e-9)
        found.extend((early, late, Series(measure, subject, [])) for _, early in kept[lo:hi]
                     if shrinking(early, late, lex))
    cited = _claims(conn, {int(str(early.claim)[1:]) for early, _, _ in found})
    out = []
    for early, late, ser in found:
        first = cited.get(str(early.claim))
        if first is None or origin_of(first) is None:             # an outlet's own figure: never compared
            continue
        out.append(Contradiction(first, late.claim, "numeric", shrinking_reason(ser, early, late)))
    return out, list(cited.values())


def _by_name(p: Point) -> Point:
    """The point with its origin keyed by name, as kept points are."""
    o = p.origin
    return Point(p.measure, p.subject, p.value, p.low, p.high, p.approximate, p.as_of,
                 Origin(origin_key(o.name), o.name, o.kind, o.anonymous, o.country), p.claim, p.when)


def _kept_points(conn: Connection, series: int, measure: str, subject: str | None, before: dt.date,
                 lex: ReconcileLexicon) -> list[Kept]:
    """The series's kept points dated before ``before``, by low end; each point's ``claim`` holds its
    first claim's key until it is read."""
    p, pc = s.reconcile_point, s.reconcile_point_claim
    query = (select(p, pc.c.claim_id).join(pc, and_(pc.c.series_id == p.c.series_id, pc.c.point == p.c.ordinal,
                                                    pc.c.ordinal == 0))
             .where(p.c.series_id == series, p.c.as_of < before))
    out = []
    for r in conn.execute(query):
        origin = Origin(origin_key(r.origin_name), r.origin_name, r.origin_kind, r.origin_anonymous, r.origin_country)
        point = Point(measure, subject, r.value, r.low, r.high, r.approximate, r.as_of, origin,
                      f"C{r.claim_id}", (r.as_of, r.as_of))              # type: ignore[arg-type]
        out.append((point.interval(lex.approximate_tolerance)[0], point))
    return sorted(out, key=lambda k: k[0])


def _claims(conn: Connection, ids: set[int]) -> dict[str, CorpusClaim]:
    """The kept claims of these ids, with their kept chains."""
    if not ids:
        return {}
    documents: set[int] = set()
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start:start + 500]
        documents.update(conn.execute(select(s.claim.c.document_id).where(s.claim.c.id.in_(chunk))).scalars())
    where = s.document.c.id.in_(sorted(documents))
    claims = [cc for cc in load.corpus_input(conn, where).claims if int(cc.key[1:]) in ids]
    return {cc.key: cc for cc in with_kept_chains(conn, claims, where)}


def merge_known(found: list[Contradiction], known: list[Contradiction]) -> list[Contradiction]:
    """``found`` less the pairs already in ``known``."""
    seen = defaultdict(set)
    for c in known:
        seen[c.a.key].add(c.b.key)
    return [c for c in found if c.b.key not in seen[c.a.key]]
