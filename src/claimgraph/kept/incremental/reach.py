"""The one rule that reaches past the window and is followed there: a running total (a cumulative
measure) that a new figure puts below an earlier figure of another origin, however long ago.

The earlier figures come from the kept estimate points of the series dated before the window
(the window's own were compared already); only those whose low end lies above the new figure's
high end, by at most the revision share, are looked at. As in a full reconcile, a new figure is
held against the latest such figure of each origin, and only against origins it is not already
held against in the window (a nearer figure of theirs); their first claims are read.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict

from sqlalchemy import Connection, and_, select

from ...reconcile.contradictions import REVISION_SHARE, Contradiction, shrinking, shrinking_reason
from ...reconcile.estimates import Series
from ...reconcile.lexicon import ReconcileLexicon
from ...reconcile.measures import Point
from ...reconcile.origins import Origin, origin_key, origin_of
from ...reconcile.types import CorpusClaim
from ...store import load
from ...store import schema as s
from .window import with_kept_chains

Kept = tuple[float, Point]               # low end, the point (origin keyed by name)


def older_totals(conn: Connection, window: list[Series], new: set[str], before: dt.date, lex: ReconcileLexicon,
                 known: list[Contradiction]) -> tuple[list[Contradiction], list[CorpusClaim]]:
    """Contradictions between new running totals and kept figures dated before ``before``, with the
    kept claims they cite (read here). ``window``: the window's series holding a new claim;
    ``known``: the window's contradictions."""
    held = held_against(known)
    ids = {(r.measure, r.subject): r.id for r in conn.execute(select(s.reconcile_series))}
    found: list[tuple[Point, Point, Series]] = []
    for ser in window:
        sid = ids.get((ser.measure, ser.subject))
        wanted = [_by_name(p.first) for p in ser.points if p.first.claim.key in new
                  and origin_of(p.first.claim) is not None and p.first.when is not None]
        if sid is None or ser.measure not in lex.cumulative or not wanted:
            continue
        older = Older(_kept_points(conn, sid, ser.measure, ser.subject, before, lex),
                      [_by_name(p.first) for p in ser.points if origin_of(p.first.claim) is not None], lex)
        found.extend((early, late, ser) for late in wanted
                     for early in older.below(late, held[late.claim.key]))
    cited = _claims(conn, {int(str(early.claim)[1:]) for early, _, _ in found})
    out = []
    for early, late, ser in found:
        first = cited.get(str(early.claim))
        if first is None or origin_of(first) is None:             # an outlet's own figure: never compared
            continue
        out.append(Contradiction(first, late.claim, "numeric", shrinking_reason(ser, early, late)))
    return out, list(cited.values())


class Older:
    """A series's kept figures dated before the window, and its window figures, by origin."""

    def __init__(self, kept: list[Kept], window: list[Point], lex: ReconcileLexicon) -> None:
        self.kept, self.lex = kept, lex
        self.lows = [k[0] for k in kept]
        self.by_origin: dict[str, list[Point]] = defaultdict(list)
        for point in [*(p for _, p in kept), *window]:
            self.by_origin[point.origin.key].append(point)
        for points in self.by_origin.values():
            points.sort(key=lambda p: p.when[0])  # type: ignore[index]
        self.starts = {name: [p.when[0] for p in points] for name, points in self.by_origin.items()}  # type: ignore[index]

    def below(self, late: Point, held: set[str]) -> list[Point]:
        """The kept figures ``late`` falls below that a full reconcile pairs it with: of each origin
        not already ``held`` against it, the latest; and any of which ``late`` is its origin's first
        figure to fall below."""
        high = late.interval(self.lex.approximate_tolerance)[1]
        if math.isinf(high) or math.isnan(high):
            return []
        lo = bisect.bisect_right(self.lows, high)
        hi = bisect.bisect_right(self.lows, high / REVISION_SHARE * (1 + 1e-9) + 1e-9)
        latest: dict[str, Point] = {}
        firsts = []
        for _, early in self.kept[lo:hi]:
            if not shrinking(early, late, self.lex):
                continue
            name = early.origin.key
            if name not in held and (name not in latest or _order(early) > _order(latest[name])):
                latest[name] = early
            if self.first_below(early, late):
                firsts.append(early)
        return list({id(p): p for p in [*latest.values(), *firsts]}.values())

    def first_below(self, early: Point, late: Point) -> bool:
        """Whether ``late`` is the first figure of its origin after ``early`` to fall below it."""
        name = late.origin.key
        after = bisect.bisect_right(self.starts.get(name, []), early.when[1])  # type: ignore[index]
        for x in self.by_origin[name][after:]:
            if x.when[0] >= late.when[0]:  # type: ignore[index]
                return True
            if shrinking(early, x, self.lex):
                return False
        return True


def _order(p: Point) -> tuple[dt.date | None, str]:
    return p.as_of, str(p.claim)


def held_against(known: list[Contradiction]) -> dict[str, set[str]]:
    """Claim key → the origins (keyed by name) its figure is already held against."""
    out: dict[str, set[str]] = defaultdict(set)
    for c in known:
        if c.kind == "numeric":
            for me, other in ((c.a, c.b), (c.b, c.a)):
                if (o := origin_of(other)) is not None:
                    out[me.key].add(origin_key(o.name))
    return out


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
