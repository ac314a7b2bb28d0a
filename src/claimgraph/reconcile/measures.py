"""Measures: what each number in a claim counts (troops deployed, killed, wounded, killed or
wounded, captured, ...), as a point with bounds, an as-of date and an origin."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Quantity
from .lexicon import Measure, ReconcileLexicon
from .origins import Origin, origin_key, origin_of
from .types import CorpusClaim

BEFORE_CHARS = 40
BEFORE_PENALTY = 30
UNIT_DISTANCE = 60          # the extractor's unit decides only when the words around say nothing


@dataclass(frozen=True)
class Point:
    """One figure for one measure, as one claim states it."""

    measure: str
    subject: str | None
    value: float | None
    low: float | None
    high: float | None
    approximate: bool
    as_of: dt.date | None
    origin: Origin
    claim: CorpusClaim
    when: tuple[dt.date, dt.date] | None = None     # the span the as-of date may fall in

    def interval(self, tolerance: float) -> tuple[float, float]:
        """The range of true values this figure allows."""
        if self.value is not None:
            lo = hi = self.value
        else:
            lo = self.low if self.low is not None else 0.0
            hi = self.high if self.high is not None else math.inf
        if self.approximate:
            lo, hi = lo * (1 - tolerance), hi * (1 + tolerance)
        return lo, hi

    def label(self) -> str:
        """'≈1,100', '≥3,000', '10,000–12,000'."""
        if self.value is not None:
            return ("≈" if self.approximate else "") + f"{self.value:,.0f}"
        if self.low is not None and self.high is not None:
            return f"{self.low:,.0f}–{self.high:,.0f}"
        return f"≥{self.low:,.0f}" if self.low is not None else f"≤{self.high:,.0f}"


@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """The whole-word pattern of a phrase (compiled once)."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")


def has_phrase(text: str, phrase: str) -> bool:
    """Whole-word phrase search."""
    return phrase_pattern(phrase).search(text) is not None


def phrase_distance(window: str, at: int, phrase: str) -> int | None:
    """How far the nearest occurrence of a phrase is from the number (text before the number
    counts extra: what follows a number usually says what it counts)."""
    best = None
    for m in phrase_pattern(phrase).finditer(window):
        dist = m.start() - at if m.start() >= at else (at - m.end()) + BEFORE_PENALTY
        best = dist if best is None else min(best, dist)
    return best


def measure_of(window: str, at: int, unit: str, lex: ReconcileLexicon) -> Measure | None:
    """The measure whose phrase sits nearest the number (the unit counts as adjacent)."""
    return _measurer(lex).measure(window, at, unit)


def _measure_of(window: str, at: int, unit: str, lex: ReconcileLexicon) -> Measure | None:
    if any(has_phrase(window, x) for x in lex.exclude_if):
        return None
    scored = []
    for rank, measure in enumerate(lex.measures):
        if measure.requires_unit and not any(has_phrase(unit + " " + window, u) for u in measure.requires_unit):
            continue
        dists = [phrase_distance(window, at, p) for p in measure.phrases]
        found = [d for d in dists if d is not None] or [UNIT_DISTANCE for p in measure.phrases if has_phrase(unit, p)]
        if found:
            scored.append((min(found), rank, measure))
    return min(scored, key=lambda x: (x[0], x[1]))[2] if scored else None


class _Measurer:
    """:func:`measure_of` for one lexicon, remembering recent answers: the same window is measured
    again for every pair and every step (echoes, estimates, same-proposition figures) that asks."""

    def __init__(self, lex: ReconcileLexicon) -> None:
        self.lex = lex
        self.measure = lru_cache(maxsize=MEMO)(self._measure)

    def _measure(self, window: str, at: int, unit: str) -> Measure | None:
        return _measure_of(window, at, unit, self.lex)


MEMO = 1 << 17
_MEASURERS: list[_Measurer] = []     # one per lexicon in use (by identity), the latest last


def _measurer(lex: ReconcileLexicon) -> _Measurer:
    for found in _MEASURERS:
        if found.lex is lex:
            return found
    _MEASURERS.append(_Measurer(lex))
    del _MEASURERS[:-4]
    return _MEASURERS[-1]


def windows(cc: CorpusClaim) -> list[tuple[Quantity, str, int]]:
    """Each quantity with the text around it (a little before, and up to the next quantity) and
    where the quantity starts in that text."""
    claim = cc.claim
    quantities = sorted((q for q in claim.quantities if not q.unspecified), key=lambda q: q.span[0])
    out = []
    for n, q in enumerate(quantities):
        prev_end = quantities[n - 1].span[1] if n else claim.span[0]
        nxt = quantities[n + 1].span[0] if n + 1 < len(quantities) else claim.span[1]
        start = max(prev_end, q.span[0] - BEFORE_CHARS, claim.span[0])
        text = claim.text[start - claim.span[0]: max(nxt, q.span[1]) - claim.span[0]]
        out.append((q, text.lower().replace("’", "'"), q.span[0] - start))
    return out


def as_of(cc: CorpusClaim, lex: ReconcileLexicon) -> tuple[dt.date | None, tuple[dt.date, dt.date] | None]:
    """When the origin stated the figure (the 'said' time, else shortly before publication):
    a date to show and the span it may fall in."""
    said = [t for t in cc.claim.times if t.role == "said" and t.start]
    if said:
        t = said[0]
        end = t.end or t.start
        return (t.start if t.start == end else end), (t.start, end)  # type: ignore[return-value]
    if cc.published is None:
        return None, None
    return cc.published, (cc.published - dt.timedelta(days=lex.undated_window_days), cc.published)


def outlet_origin(cc: CorpusClaim) -> Origin:
    """The origin of an outlet's own statement."""
    name = cc.outlet or cc.document
    return Origin(key=f"outlet:{origin_key(name)}", name=name, kind="media")


def points_of(cc: CorpusClaim, lex: ReconcileLexicon) -> list[Point]:
    """Every measured figure in one claim (denied or uncommitted claims give none)."""
    if cc.claim.certainty in ("CT-", "PR-", "PS-", "Uu"):
        return []
    origin = origin_of(cc) or outlet_origin(cc)
    subject = cc.claim.actors[0] if cc.claim.actors else None
    date, when = as_of(cc, lex)
    out = []
    for q, window, at in windows(cc):
        measure = measure_of(window, at, (q.unit or "").lower(), lex)
        if measure is None or (q.value is None and q.low is None and q.high is None):
            continue
        out.append(Point(measure.name, subject, q.value, q.low, q.high, q.approximate, date, origin, cc, when))
    return out
