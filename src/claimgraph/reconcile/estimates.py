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


Figure = tuple[str, float | None, float | None, float | None]      # origin key, value, low, high


class _Members:
    """Which claims each estimate point already carries, looked up by key (two claims are equal
    only with equal keys), so adding a relay costs the same however many reports carry the point."""

    def __init__(self) -> None:
        self.by_point: dict[int, dict[str, list[CorpusClaim]]] = {}

    def start(self, point: EstimatePoint) -> None:
        if id(point) in self.by_point:
            return
        known = self.by_point.setdefault(id(point), {})
        for cc in point.claims:
            known.setdefault(cc.key, []).append(cc)

    def add(self, point: EstimatePoint, cc: CorpusClaim) -> None:
        """Append the claim unless the point already carries it (``cc not in point.claims``)."""
        same = self.by_point.setdefault(id(point), {}).setdefault(cc.key, [])
        if not any(x is cc or x == cc for x in same):
            same.append(cc)
            point.claims.append(cc)


def figure_of(point: Point) -> Figure:
    return point.origin.key, point.value, point.low, point.high


class _Made:
    """The points made so far, by series, origin and figure, and by as-of date in slots of
    ``same_moment_days``: a figure looks for its repeat (:func:`same_figure`) only in its own slot
    and the two beside it. A subject's series spans the whole archive, and an origin may give one
    figure again and again over the years."""

    def __init__(self, lex: ReconcileLexicon) -> None:
        self.lex, self.width = lex, max(1, lex.same_moment_days)
        self.slots: dict[tuple[Any, ...], list[tuple[int, EstimatePoint]]] = defaultdict(list)
        self.count = 0

    def _slot(self, point: Point) -> int | None:
        return None if point.as_of is None else point.as_of.toordinal() // self.width

    def first_match(self, key: tuple[str, str | None], point: Point) -> EstimatePoint | None:
        """The first point made (in the order made) that ``point`` repeats, or None."""
        slot = self._slot(point)
        best: tuple[int, EstimatePoint] | None = None
        for near in (slot,) if slot is None else (slot - 1, slot, slot + 1):
            for n, made in self.slots.get((key, figure_of(point), near), ()):
                if same_figure(made.first, point, self.lex):
                    if best is None or n < best[0]:
                        best = (n, made)
                    break                                  # a slot's points are in the order made
        return best[1] if best else None

    def add(self, key: tuple[str, str | None], made: EstimatePoint) -> None:
        self.slots[(key, figure_of(made.first), self._slot(made.first))].append((self.count, made))
        self.count += 1


def build_series(claims: list[CorpusClaim], lex: ReconcileLexicon) -> list[Series]:
    """Estimate series from every measured figure in the corpus.

    A figure joins the first point of its series (in the order points were made) that
    :func:`same_figure` matches; only points of the same origin and figure can, so each series
    keeps its points indexed by those."""
    grouped: dict[tuple[str, str | None], list[EstimatePoint]] = defaultdict(list)
    made_so_far = _Made(lex)
    members = _Members()
    for cc in claims:
        for point in points_of(cc, lex):
            key = (point.measure, point.subject)
            match = made_so_far.first_match(key, point)
            if match is None:
                made = EstimatePoint(first=point, claims=[cc])
                members.start(made)
                grouped[key].append(made)
                made_so_far.add(key, made)
            else:
                members.add(match, cc)
    fold_unknown_subjects(grouped, members)
    series = []
    for (measure, subject), points in grouped.items():
        points.sort(key=lambda e: (e.first.as_of or dt.date.min, e.first.origin.key))
        if measure in lex.cumulative:
            mark_superseded(points)
        series.append(Series(measure, subject, points))
    return sorted(series, key=lambda s: (-len(s.points), s.measure, s.subject or ""))


def fold_unknown_subjects(grouped: dict[tuple[str, str | None], list[EstimatePoint]],
                          members: _Members | None = None) -> None:
    """Figures whose claim names no actor join the measure's main series (the one with most points):
    each joins the first point there of the same origin and figure, else is added to it."""
    members = members or _Members()
    for (measure, subject) in [k for k in grouped if k[1] is None]:
        others = [k for k in grouped if k[0] == measure and k[1] is not None]
        if not others:
            continue
        main = max(others, key=lambda k: len(grouped[k]))
        first: dict[Figure, EstimatePoint] = {}
        for e in grouped[main]:
            first.setdefault(figure_of(e.first), e)
        for point in grouped.pop((measure, subject)):
            match = first.get(figure_of(point.first))
            if match is None:
                grouped[main].append(point)
                first[figure_of(point.first)] = point
                members.start(point)
            else:
                members.start(match)
                for c in point.claims:
                    members.add(match, c)


def mark_superseded(points: list[EstimatePoint]) -> None:
    """A later figure from the same origin supersedes its earlier one."""
    latest: dict[str, int] = {}
    for i, point in enumerate(points):
        key = point.first.origin.key
        if key in latest and points[latest[key]].first.as_of != point.first.as_of:
            points[latest[key]].superseded_by = i
        latest[key] = i
