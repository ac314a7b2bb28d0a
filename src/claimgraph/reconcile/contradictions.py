"""Contradictions: figures for the same measure that cannot both hold at the same moment, and
assertions that another origin denies. Each comes with the reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .estimates import Series
from .lexicon import ReconcileLexicon
from .measures import Point, as_of
from .origins import origin_of
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
    running total that a later origin puts below an earlier one."""
    out = []
    for s in series:
        points = [p.first for p in s.points if not p.first.origin.key.startswith("outlet:")]
        cumulative = s.measure in lex.cumulative
        for i, a in enumerate(points):
            for b in points[i + 1:]:
                if conflicting(a, b, lex):
                    out.append(Contradiction(a.claim, b.claim, "numeric", numeric_reason(s, a, b)))
                elif cumulative and shrinking(a, b, lex):
                    out.append(Contradiction(a.claim, b.claim, "numeric", shrinking_reason(s, a, b)))
    return out


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
    plus any similar assertion in the same report."""
    vocab = {cc.key: terms(cc.claim.text, lex) for cc in claims}
    asserted = [cc for cc in claims if cc.claim.certainty in ASSERTIONS]
    out: list[Contradiction] = []
    seen: set[tuple[str, dt.date | None, str]] = set()
    for d in (cc for cc in claims if cc.claim.certainty in DENIALS and cc.claim.sources):
        d_origin = origin_of(d)
        scored = []
        for a in asserted:
            a_origin = origin_of(a)
            if a_origin is not None and d_origin is not None and a_origin.key == d_origin.key:
                continue
            sim = similarity(vocab[d.key], vocab[a.key])
            if not same_predicates(vocab[d.key], vocab[a.key], lex):
                continue
            same_report = d.document_id == a.document_id      # the report sets them against each other
            if sim >= DENIAL_SIMILARITY and (same_report or shares_subject(d, a)) and answers(d, a, lex):
                scored.append((sim, a))
        if not scored:
            continue
        for _, a in sorted(scored, key=lambda x: (-x[0], days_apart(d, x[1]))):
            pair = (origin_key_of(a), as_of(a, lex)[0], origin_key_of(d))
            if pair in seen or not a.claim.sources:
                continue
            seen.add(pair)
            who = d_origin.name if d_origin else "the report"
            out.append(Contradiction(a, d, "denial", f"{who} denies what {origin_name_of(a)} asserts"))
    return out


def origin_key_of(cc: CorpusClaim) -> str:
    origin = origin_of(cc)
    return origin.key if origin else f"outlet:{cc.document_id}"


def origin_name_of(cc: CorpusClaim) -> str:
    origin = origin_of(cc)
    return origin.name if origin else (cc.outlet or "the outlet")


def answers(denial: CorpusClaim, assertion: CorpusClaim, lex: ReconcileLexicon) -> bool:
    """A denial answers assertions made around the same time, or a later admission from the
    denier's own side (same country)."""
    d_when, a_when = as_of(denial, lex)[0], as_of(assertion, lex)[0]
    if d_when is not None and a_when is not None and abs((a_when - d_when).days) <= DENIAL_WINDOW_DAYS:
        return True
    d_origin, a_origin = origin_of(denial), origin_of(assertion)
    return bool(d_origin and a_origin and d_origin.country and d_origin.country == a_origin.country)


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
