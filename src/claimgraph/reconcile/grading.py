"""Admiralty-style grading: information credibility (1–6) per claim from independent
corroboration, contradiction and certainty, and each origin's track record.

1 confirmed by independent origins · 2 probably true · 3 possibly true · 4 doubtful ·
5 improbable · 6 cannot be judged. Source reliability (A–F) is the user's call, kept per source.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Quantity
from .contradictions import Contradiction
from .lexicon import ReconcileLexicon
from .measures import outlet_origin
from .origins import origin_of
from .text import terms
from .types import CorpusClaim

CORROBORATION_SIMILARITY = 0.7


@dataclass
class Grade:
    """A claim's credibility with the reason."""

    credibility: int
    reason: str
    corroborated_by: list[str] = field(default_factory=list)
    contradicted_by: list[str] = field(default_factory=list)


def origin_name(cc: CorpusClaim) -> str:
    origin = origin_of(cc) or outlet_origin(cc)
    return origin.key


def corroborations(claims: list[CorpusClaim], lex: ReconcileLexicon) -> dict[str, set[str]]:
    """For each claim, the other origins that state the same thing (lexically) in other reports.

    Candidate pairs come from an inverted index of content terms, so only claims that share
    words are ever compared; the shared-term counts are the intersections themselves."""
    usable = [cc for cc in claims if cc.claim.certainty not in ("CT-", "PR-")]
    vocab = [terms(cc.claim.text, lex) for cc in usable]
    names = [origin_name(cc) for cc in usable]
    index: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(vocab):
        for word in words:
            index[word].append(i)
    found: dict[str, set[str]] = defaultdict(set)
    for i, words in enumerate(vocab):
        shared: dict[int, int] = defaultdict(int)
        for word in words:
            for j in index[word]:
                if j > i:
                    shared[j] += 1
        for j, count in shared.items():
            a, b = usable[i], usable[j]
            if a.document_id == b.document_id or names[i] == names[j]:
                continue
            if count / min(len(words), len(vocab[j])) >= CORROBORATION_SIMILARITY and figures_agree(a, b, lex):
                found[a.key].add(names[j])
                found[b.key].add(names[i])
    return found


def figures_agree(a: CorpusClaim, b: CorpusClaim, lex: ReconcileLexicon) -> bool:
    """Claims corroborate only where both state figures that fit, or neither states one."""
    ranges_a = [quantity_range(q, lex.approximate_tolerance) for q in a.claim.quantities if not q.unspecified]
    ranges_b = [quantity_range(q, lex.approximate_tolerance) for q in b.claim.quantities if not q.unspecified]
    if not ranges_a and not ranges_b:
        return True
    if not ranges_a or not ranges_b:
        return False                  # a figure and a statement without one are different claims
    return any(x[0] <= y[1] and y[0] <= x[1] for x in ranges_a for y in ranges_b)


def quantity_range(q: Quantity, tolerance: float) -> tuple[float, float]:
    """The values a quantity allows."""
    if q.value is not None:
        lo = hi = q.value
    else:
        lo, hi = q.low if q.low is not None else 0.0, q.high if q.high is not None else math.inf
    return (lo * (1 - tolerance), hi * (1 + tolerance)) if q.approximate else (lo, hi)


def grade_claims(claims: list[CorpusClaim], contradictions: list[Contradiction],
                 lex: ReconcileLexicon) -> dict[str, Grade]:
    """Credibility of every claim."""
    support = corroborations(claims, lex)
    against: dict[str, set[str]] = defaultdict(set)
    for c in contradictions:
        against[c.a.key].add(origin_name(c.b))
        against[c.b.key].add(origin_name(c.a))
    return {cc.key: grade(cc, support.get(cc.key, set()), against.get(cc.key, set())) for cc in claims}


def grade(cc: CorpusClaim, support: set[str], against: set[str]) -> Grade:
    """The Admiralty credibility of one claim."""
    certainty = cc.claim.certainty
    if certainty == "Uu":
        return Grade(6, "the source did not commit to it", sorted(support), sorted(against))
    if against and not support:
        value = 5 if len(against) > 1 else 4
        return Grade(value, f"contradicted by {len(against)} origin(s), corroborated by none", [], sorted(against))
    if support and against:
        return Grade(3, f"corroborated by {len(support)} and contradicted by {len(against)} origin(s)",
                     sorted(support), sorted(against))
    if support:
        value = 1 if certainty in ("CT+", "PR+") else 2
        return Grade(value, f"corroborated by {len(support)} independent origin(s)", sorted(support), [])
    value = {"CT+": 3, "PR+": 3, "PS+": 4}.get(certainty, 3)
    return Grade(value, f"single origin, stated {certainty}, neither corroborated nor contradicted", [], [])


def track_records(claims: list[CorpusClaim], grades: dict[str, Grade]) -> dict[str, dict[str, int]]:
    """Per origin: how many of its claims were corroborated or contradicted."""
    record: dict[str, dict[str, int]] = defaultdict(lambda: {"claims": 0, "corroborated": 0, "contradicted": 0})
    for cc in claims:
        g = grades[cc.key]
        r = record[origin_name(cc)]
        r["claims"] += 1
        r["corroborated"] += bool(g.corroborated_by)
        r["contradicted"] += bool(g.contradicted_by)
    return dict(record)
