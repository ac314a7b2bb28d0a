"""Estimates over time: one series per measure and subject, one point per figure an origin gave
on one occasion (its echoes folded in), which point supersedes which, and the consensus band."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from .lexicon import ReconcileLexicon
from .measures import Point, points_of
from .types import CorpusClaim


@dataclass
class EstimatePoint:
    """A figure from one origin on one occasion, with every report that carries it."""

    first: Point
    claims: list[CorpusClaim] = field(default_factory=list)
    superseded_by: int | None = None

    def as_json(self, index: int) -> dict[str, Any]:
        p = self.first
        return {"id": index, "value": p.value, "low": p.low, "high": p.high, "approximate": p.approximate,
                "as_of": p.as_of.isoformat() if p.as_of else None, "origin": p.origin.as_json(),
                "label": p.label(), "superseded_by": self.superseded_by,
                "claims": [c.ref.as_json() for c in self.claims]}


@dataclass
class Series:
    """All estimates of one measure for one subject, in as-of order."""

    measure: str
    subject: str | None
    points: list[EstimatePoint]

    def consensus(self, tolerance: float) -> dict[str, Any] | None:
        """The band spanned by the latest figure of each origin still standing."""
        current = [p for p in self.points if p.superseded_by is None]
        if not current:
            return None
        bounded = [p for p in current if p.first.interval(0.0)[0] > 0 and not math.isinf(p.first.interval(0.0)[1])]
        if not bounded:
            return None
        bounds = [p.first.interval(0.0) for p in bounded]
        dates = [p.first.as_of for p in bounded if p.first.as_of]
        return {"low": min(b[0] for b in bounds), "high": max(b[1] for b in bounds),
                "as_of": max(dates).isoformat() if dates else None,
                "origins": len({p.first.origin.key for p in bounded})}

    def as_json(self, tolerance: float) -> dict[str, Any]:
        return {"measure": self.measure, "subject": self.subject,
                "points": [p.as_json(i) for i, p in enumerate(self.points)],
                "consensus": self.consensus(tolerance)}


def same_figure(a: Point, b: Point, lex: ReconcileLexicon) -> bool:
    """Same origin, same figure, same moment: one estimate relayed twice."""
    if a.origin.key != b.origin.key or (a.value, a.low, a.high) != (b.value, b.low, b.high):
        return False
    if a.as_of is None or b.as_of is None:
        return a.as_of == b.as_of
    return abs((a.as_of - b.as_of).days) <= lex.same_moment_days


def build_series(claims: list[CorpusClaim], lex: ReconcileLexicon) -> list[Series]:
    """Estimate series from every measured figure in the corpus."""
    grouped: dict[tuple[str, str | None], list[EstimatePoint]] = defaultdict(list)
    for cc in claims:
        for point in points_of(cc, lex):
            bucket = grouped[(point.measure, point.subject)]
            match = next((e for e in bucket if same_figure(e.first, point, lex)), None)
            if match is None:
                bucket.append(EstimatePoint(first=point, claims=[cc]))
            elif cc not in match.claims:
                match.claims.append(cc)
    fold_unknown_subjects(grouped)
    series = []
    for (measure, subject), points in grouped.items():
        points.sort(key=lambda e: (e.first.as_of or dt.date.min, e.first.origin.key))
        if measure in lex.cumulative:
            mark_superseded(points)
        series.append(Series(measure, subject, points))
    return sorted(series, key=lambda s: (-len(s.points), s.measure, s.subject or ""))


def fold_unknown_subjects(grouped: dict[tuple[str, str | None], list[EstimatePoint]]) -> None:
    """Figures whose claim names no actor join the measure's main series (the one with most points)."""
    for (measure, subject) in [k for k in grouped if k[1] is None]:
        others = [k for k in grouped if k[0] == measure and k[1] is not None]
        if not others:
            continue
        main = max(others, key=lambda k: len(grouped[k]))
        for point in grouped.pop((measure, subject)):
            match = next((e for e in grouped[main] if e.first.origin.key == point.first.origin.key
                          and (e.first.value, e.first.low, e.first.high) == (point.first.value, point.first.low,
                                                                             point.first.high)), None)
            if match is None:
                grouped[main].append(point)
            else:
                match.claims.extend(c for c in point.claims if c not in match.claims)


def mark_superseded(points: list[EstimatePoint]) -> None:
    """A later figure from the same origin supersedes its earlier one."""
    latest: dict[str, int] = {}
    for i, point in enumerate(points):
        key = point.first.origin.key
        if key in latest and points[latest[key]].first.as_of != point.first.as_of:
            points[latest[key]].superseded_by = i
        latest[key] = i
