"""Contradictions: figures for the same measure that cannot both hold at the same moment, and
assertions that another origin denies. Each comes with the reason."""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .estimates import Series
from .lexicon import ReconcileLexicon
from .measures import Point, as_of
from .origins import Origin, origin_of
from .text import similarity, terms
from .types import CorpusClaim

DENIALS = ("CT-", "PR-")
ASSERTIONS = ("CT+", "PR+")
DENIAL_SIMILARITY = 0.5
MAX_AS_OF_SPAN_DAYS = 7     # a figure dated no closer than this cannot be shown simultaneous
REVISION_SHARE = 0.25       # a lower running total must be at least this share of the earlier one
DENIAL_WINDOW_DAYS = 45     # a denial answers assertions made around the same time...


@dataclass(frozen=True)
class Contradiction:
    """Two claims that cannot both be true."""

    a: CorpusClaim
    b: CorpusClaim
    kind: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"a": self.a.ref.as_json(), "b": self.b.ref.as_json(), "kind": self.kind, "reason": self.reason}


def numeric(series: list[Series], lex: ReconcileLexicon) -> list[Contradiction]:
    """Same measure, different origins: ranges that do not overlap at the same moment, or a
    running total that a later origin puts below an earlier one.

    A figure is disputed once per origin: of the figures of another origin that contradict it,
    only the nearest in time is paired with it (:func:`nearest_of_each_origin`). An origin that
    repeats itself adds no pairs, so contradictions grow with figures times origins, not with
    figures squared. Only pairs that can qualify are looked at (:func:`conflicting_pairs`,
    :func:`shrinking_pairs`); pairs come in point order (the first point as ``a``)."""
    out = []
    for s in series:
        points = [p.first for p in s.points if not p.first.origin.key.startswith("outlet:")]
        found = {pair: numeric_reason for pair in nearest_of_each_origin(points, conflicting_pairs(points, lex))}
        if s.measure in lex.cumulative:
            found.update({pair: shrinking_reason
                          for pair in nearest_of_each_origin(points, shrinking_pairs(points, lex))})
        for i, j in sorted(found):
            out.append(Contradiction(points[i].claim, points[j].claim, "numeric",
                                     found[(i, j)](s, points[i], points[j])))
    return out


def nearest_of_each_origin(points: list[Point], pairs: Iterable[tuple[int, int, int]]) -> set[tuple[int, int]]:
    """Of ``(i, j, days apart)`` pairs, those where one figure is, of the figures of its origin
    paired with the other, the nearest in time (the first in point order on a tie), as ``(i, j)``
    with ``i < j``."""
    nearest: dict[tuple[int, str], tuple[int, int]] = {}    # (figure, other origin) -> (days apart, figure)
    for i, j, gap in pairs:
        for me, other in ((i, j), (j, i)):
            key = (me, points[other].origin.key)
            if key not in nearest or (gap, other) < nearest[key]:
                nearest[key] = (gap, other)
    return {(min(me, other), max(me, other)) for (me, _), (_, other) in nearest.items()}


def conflicting_pairs(points: list[Point], lex: ReconcileLexicon) -> Iterator[tuple[int, int, int]]:
    """``(i, j, days apart)`` for figures that cannot both hold (:func:`conflicting`). Only figures
    each dated within ``MAX_AS_OF_SPAN_DAYS`` whose dates overlap are looked at: each figure with
    those starting within its own span."""
    dated = sorted((p.when[0], p.when[1], i) for i, p in enumerate(points)
                   if p.when is not None and span_days(p.when) <= MAX_AS_OF_SPAN_DAYS)
    starts = [d[0] for d in dated]
    for pos, (start, end, i) in enumerate(dated):
        for j_start, j_end, j in dated[pos + 1:bisect.bisect_right(starts, end)]:
            if conflicting(points[i], points[j], lex):
                yield i, j, (j_start - start).days + abs((j_end - end).days)


def shrinking_pairs(points: list[Point], lex: ReconcileLexicon) -> Iterator[tuple[int, int, int]]:
    """``(earlier, later, days apart)`` where a running total falls (:func:`shrinking`). Only
    figures dated wholly before the later one whose low end lies above its high end, by at most the
    factor ``1 / REVISION_SHARE`` (with a margin; :func:`shrinking` decides), are looked at."""
    tol = lex.approximate_tolerance
    dated = [i for i, p in enumerate(points) if p.when is not None]
    by_start = sorted(dated, key=lambda i: points[i].when[0])  # type: ignore[index]
    by_end = sorted(dated, key=lambda i: points[i].when[1])  # type: ignore[index]
    earlier: list[tuple[float, int]] = []          # (low end, index) of figures dated before, sorted
    n = 0
    for late in by_start:
        start = points[late].when[0]  # type: ignore[index]
        while n < len(by_end) and points[by_end[n]].when[1] < start:  # type: ignore[index]
            e = by_end[n]
            bisect.insort(earlier, (points[e].interval(tol)[0], e))
            n += 1
        high = points[late].interval(tol)[1]
        if math.isinf(high) or math.isnan(high):
            continue
        ceiling = high / REVISION_SHARE * (1 + 1e-9) + 1e-9
        lo = bisect.bisect_right(earlier, (high, math.inf))
        for _, e in earlier[lo:bisect.bisect_right(earlier, (ceiling, math.inf))]:
            if shrinking(points[e], points[late], lex):
                yield e, late, (start - points[e].when[1]).days  # type: ignore[index]


def shrinking(a: Point, b: Point, lex: ReconcileLexicon) -> bool:
    """A running total cannot fall: a later figure from another origin below an earlier one."""
    if a.origin.key == b.origin.key or a.when is None or b.when is None:
        return False
    early, late = (a, b) if a.when[1] < b.when[0] else (b, a) if b.when[1] < a.when[0] else (None, None)
    if early is None or late is None:
        return False
    late_high, early_low = late.interval(lex.approximate_tolerance)[1], early.interval(lex.approximate_tolerance)[0]
    # a restated total is of the same order; a far smaller number counts one incident, not the total
    return REVISION_SHARE * early_low <= late_high < early_low


def shrinking_reason(s: Series, a: Point, b: Point) -> str:
    early, late = (a, b) if a.when and b.when and a.when[1] < b.when[0] else (b, a)
    what = f"{s.measure} ({s.subject})" if s.subject else s.measure
    return (f"{what} is a running total: {late.origin.name} gives {late.label()} as of {late.as_of}, below "
            f"the {early.label()} that {early.origin.name} gave earlier, as of {early.as_of}")


def conflicting(a: Point, b: Point, lex: ReconcileLexicon) -> bool:
    """Whether two figures cannot both hold."""
    if a.origin.key == b.origin.key or a.when is None or b.when is None:
        return False
    if max(span_days(a.when), span_days(b.when)) > MAX_AS_OF_SPAN_DAYS:
        return False
    if a.when[0] > b.when[1] or b.when[0] > a.when[1]:
        return False
    lo_a, hi_a = a.interval(lex.approximate_tolerance)
    lo_b, hi_b = b.interval(lex.approximate_tolerance)
    return hi_a < lo_b or hi_b < lo_a


def span_days(when: tuple[dt.date, dt.date]) -> int:
    return (when[1] - when[0]).days


def numeric_reason(s: Series, a: Point, b: Point) -> str:
    what = f"{s.measure} ({s.subject})" if s.subject else s.measure
    return (f"{what}: {a.origin.name} gives {a.label()} as of {a.as_of}, {b.origin.name} gives {b.label()} "
            f"as of {b.as_of}; the two ranges do not overlap")


def denials(claims: list[CorpusClaim], lex: ReconcileLexicon) -> list[Contradiction]:
    """A denial against the assertion it answers: the most similar assertion from another origin,
    plus any similar assertion in the same report.

    Only assertions a denial can answer are looked at, in their corpus order (see :class:`Assertions`)."""
    vocab = {cc.key: terms(cc.claim.text, lex) for cc in claims}
    asserted = [cc for cc in claims if cc.claim.certainty in ASSERTIONS]
    index = Assertions(asserted, vocab, lex)
    out: list[Contradiction] = []
    seen: set[tuple[str, dt.date | None, str]] = set()
    for d in (cc for cc in claims if cc.claim.certainty in DENIALS and cc.claim.sources):
        d_origin = origin_of(d)
        scored = index.scored(d, d_origin, vocab[d.key])
        if not scored:
            continue
        for _, n in sorted(scored, key=lambda x: (-x[0], days_apart(d, asserted[x[1]]))):
            a = asserted[n]
            pair = (index.origin_keys[n], index.dates[n], origin_key_of(d))
            if pair in seen or not a.claim.sources:
                continue
            seen.add(pair)
            who = d_origin.name if d_origin else "the report"
            out.append(Contradiction(a, d, "denial", f"{who} denies what {origin_name_of(a)} asserts"))
    return out


Signature = tuple[frozenset[str], frozenset[str], frozenset[str], dt.date | None, str | None, str | None]


class Assertions:
    """The assertions a denial may answer, found without looking at the others.

    A denial answers an assertion of its own report, or one that shares an actor or place with it
    (:func:`shares_subject`) and is dated within ``DENIAL_WINDOW_DAYS`` of it, or comes from the
    same country within the lexicon's ``proposition_window_days`` (:func:`answers`): the
    assertions are indexed by report, and by actor or place, what they name happening
    (:func:`same_predicates`) and date, with the country where they have one. Denials relayed by
    many reports ask the same question:
    the answer for everything but the denial's own report is kept per :data:`Signature` (its terms,
    actors, places, date and origin)."""

    def __init__(self, asserted: list[CorpusClaim], vocab: dict[str, frozenset[str]], lex: ReconcileLexicon) -> None:
        self.asserted, self.vocab, self.lex = asserted, vocab, lex
        self.origins = [origin_of(a) for a in asserted]
        self.origin_keys = [o.key if o else f"outlet:{a.document_id}" for o, a in zip(self.origins, asserted,
                                                                                        strict=True)]
        self.dates = [as_of(a, lex)[0] for a in asserted]
        self.by_report: dict[int, list[int]] = defaultdict(list)
        self.happenings: dict[tuple[str, str], set[frozenset[str]]] = defaultdict(set)
        self.dated: dict[tuple[Any, ...], list[tuple[dt.date, int]]] = defaultdict(list)
        self.by_country: dict[tuple[Any, ...], list[tuple[dt.date, int]]] = defaultdict(list)
        self.undated_by_country: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        self.known: dict[Signature, list[tuple[float, int]]] = {}
        self.members: dict[Signature, set[int]] = {}
        for n, a in enumerate(asserted):
            self.by_report[a.document_id].append(n)
            origin, when = self.origins[n], self.dates[n]
            happening = vocab[a.key] & lex.predicates
            for subject in _subjects(a):
                self.happenings[subject].add(happening)
                name = (*subject, happening)
                if when is not None:
                    self.dated[name].append((when, n))
                if origin is not None and origin.country:
                    if when is not None:
                        self.by_country[(*name, origin.country)].append((when, n))
                    else:
                        self.undated_by_country[(*name, origin.country)].append(n)
        for found in [*self.dated.values(), *self.by_country.values()]:
            found.sort()

    def scored(self, d: CorpusClaim, origin: Origin | None, words: frozenset[str]) -> list[tuple[float, int]]:
        """``(similarity, position)`` of the assertions the denial answers, in corpus order.

        A denial with the signature of one already looked at gets only the assertions of its own
        report beyond that one's: :func:`denials` pairs a denial's origin with each assertion's
        origin and date once, so the first denial took every pair the others could."""
        when = as_of(d, self.lex)[0]
        key: Signature = (words, frozenset(d.claim.actors), frozenset(d.claim.places), when,
                          origin.key if origin else None, origin.country if origin else None)
        first = key not in self.known
        if first:
            self.known[key] = [(sim, n) for n in self.sharing(d, origin, when, words)
                               if (sim := self.judge(d, origin, when, words, n, same_report=False)) is not None]
            self.members[key] = {n for _, n in self.known[key]}
        own = [(sim, n) for n in self.by_report.get(d.document_id, ())
               if n not in self.members[key]
               and (sim := self.judge(d, origin, when, words, n, same_report=True)) is not None]
        if not first:
            return own
        merged = {n: sim for sim, n in [*self.known[key], *own]}
        return [(merged[n], n) for n in sorted(merged)]

    def judge(self, d: CorpusClaim, origin: Origin | None, when: dt.date | None, words: frozenset[str], n: int,
              same_report: bool) -> float | None:
        """The similarity where the denial answers assertion ``n``, else None (the tests of
        :func:`denials`, the report's own test given)."""
        a = self.asserted[n]
        a_origin = self.origins[n]
        if a_origin is not None and origin is not None and a_origin.key == origin.key:
            return None
        sim = similarity(words, self.vocab[a.key])
        if not same_predicates(words, self.vocab[a.key], self.lex):
            return None
        if sim >= DENIAL_SIMILARITY and (same_report or shares_subject(d, a)) \
                and answered(when, self.dates[n], origin, a_origin, self.lex):
            return sim
        return None

    def sharing(self, d: CorpusClaim, origin: Origin | None, when: dt.date | None,
                words: frozenset[str]) -> list[int]:
        """Assertions sharing an actor or place with the denial, dated near it or from its country,
        naming what it names happening where it names something (:func:`same_predicates`)."""
        out: set[int] = set()
        horizon = self.lex.proposition_window_days
        wanted = words & self.lex.predicates
        for subject in _subjects(d):
            for happening in ([wanted] if wanted else self.happenings.get(subject, ())):
                self._near(out, (*subject, happening), origin, when, horizon)
        return sorted(out)

    def _near(self, out: set[int], name: tuple[Any, ...], origin: Origin | None, when: dt.date | None,
              horizon: int | None) -> None:
        """Add the assertions filed under ``name`` dated near ``when`` or from the origin's country."""
        if when is not None:
            out.update(_dated_near(self.dated.get(name, []), when, DENIAL_WINDOW_DAYS))
        if origin is not None and origin.country:
            key = (*name, origin.country)
            out.update(self.undated_by_country.get(key, ()))
            out.update(_dated_near(self.by_country.get(key, []), when if horizon else None, horizon or 0))


def _dated_near(dated: list[tuple[dt.date, int]], when: dt.date | None, days: int) -> Iterable[int]:
    """The positions of ``dated`` (sorted) within ``days`` of ``when``; all of them without ``when``."""
    if when is None:
        return (n for _, n in dated)
    lo = bisect.bisect_left(dated, (when - dt.timedelta(days=days), -1))
    hi = bisect.bisect_right(dated, (when + dt.timedelta(days=days), math.inf))
    return (n for _, n in dated[lo:hi])


def _subjects(cc: CorpusClaim) -> set[tuple[str, str]]:
    return {("actor", x) for x in cc.claim.actors} | {("place", x) for x in cc.claim.places}


def origin_key_of(cc: CorpusClaim) -> str:
    origin = origin_of(cc)
    return origin.key if origin else f"outlet:{cc.document_id}"


def origin_name_of(cc: CorpusClaim) -> str:
    origin = origin_of(cc)
    return origin.name if origin else (cc.outlet or "the outlet")


def answers(denial: CorpusClaim, assertion: CorpusClaim, lex: ReconcileLexicon) -> bool:
    """A denial answers assertions made around the same time (within ``DENIAL_WINDOW_DAYS``), or
    an admission from the denier's own side (same country) within the lexicon's
    ``proposition_window_days``: claims further apart are never compared."""
    return answered(as_of(denial, lex)[0], as_of(assertion, lex)[0], origin_of(denial), origin_of(assertion), lex)


def answered(d_when: dt.date | None, a_when: dt.date | None, d_origin: Origin | None, a_origin: Origin | None,
             lex: ReconcileLexicon) -> bool:
    """:func:`answers` on the claims' dates and origins."""
    apart = abs((a_when - d_when).days) if d_when is not None and a_when is not None else None
    if apart is not None and apart <= DENIAL_WINDOW_DAYS:
        return True
    if not (d_origin and a_origin and d_origin.country and d_origin.country == a_origin.country):
        return False
    return apart is None or lex.proposition_window_days is None or apart <= lex.proposition_window_days


def same_predicates(denial: frozenset[str], assertion: frozenset[str], lex: ReconcileLexicon) -> bool:
    """A denial answers an assertion about the same happening: what the denial names happening
    (deployed, killed, liberated) the assertion names, and nothing else."""
    wanted, stated = denial & lex.predicates, assertion & lex.predicates
    return not wanted or wanted == stated


def shares_subject(a: CorpusClaim, b: CorpusClaim) -> bool:
    """Whether two claims are about a common actor or place."""
    return bool(set(a.claim.actors) & set(b.claim.actors) or set(a.claim.places) & set(b.claim.places))


def days_apart(a: CorpusClaim, b: CorpusClaim) -> int:
    if a.published is None or b.published is None:
        return 10_000
    return abs((a.published - b.published).days)


def find_contradictions(claims: list[CorpusClaim], series: list[Series],
                        lex: ReconcileLexicon) -> list[Contradiction]:
    """Every contradiction in the corpus, numeric ones first."""
    return numeric(series, lex) + denials(claims, lex)
