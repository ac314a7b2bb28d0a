"""Admiralty-style grading: information credibility (1–6) per claim from independent
corroboration, contradiction and certainty, and each origin's track record.

1 confirmed by independent origins · 2 probably true · 3 possibly true · 4 doubtful ·
5 improbable · 6 cannot be judged. Source reliability (A–F) is the user's call, kept per source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from .contradictions import Contradiction
from .lexicon import ReconcileLexicon
from .links import Link, Links
from .measures import outlet_origin
from .origins import origin_of
from .propositions import same_proposition
from .types import CorpusClaim


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


def corroborations(claims: list[CorpusClaim], lex: ReconcileLexicon,
                   links: Sequence[Link] | None = None) -> Mapping[str, Collection[str]]:
    """For each claim, the other origins that state the same thing in other reports (``links``
    from :func:`same_proposition`, computed lexically when not given)."""
    origin = {cc.key: origin_name(cc) for cc in claims}          # once per claim, not per link
    links = same_proposition(claims, lex) if links is None else links
    if isinstance(links, Links):
        return _corroborations_by_column(links, origin)
    found: dict[str, set[str]] = defaultdict(set)
    for link in links:
        a, b = origin[link.a], origin[link.b]
        if a != b:
            found[link.a].add(b)
            found[link.b].add(a)
    return found


def _corroborations_by_column(links: Links, origin: dict[str, str]) -> dict[str, Collection[str]]:
    """:func:`corroborations` from links kept as columns (tens of millions at a million claims):
    the distinct (claim, other origin) pairs are found by sorting integers, and each claim's
    origins come out in name order."""
    at, names = links.origin_codes(origin)
    oa, ob = at[links.a], at[links.b]
    apart = oa != ob
    me = np.concatenate([links.a[apart], links.b[apart]]).astype(np.int64)
    other = np.concatenate([ob[apart], oa[apart]])
    del oa, ob, apart
    found = np.unique(me * len(names) + other)
    del me, other
    position, named = found // max(len(names), 1), (found % max(len(names), 1)).tolist()
    bounds = np.flatnonzero(np.diff(position)) + 1
    starts, ends = [0, *bounds.tolist()], [*bounds.tolist(), len(found)]
    return {links.keys[int(position[lo])]: [names[c] for c in named[lo:hi]] for lo, hi in zip(starts, ends, strict=True)
            if lo < hi}


def grade_claims(claims: list[CorpusClaim], contradictions: list[Contradiction],
                 lex: ReconcileLexicon, links: Sequence[Link] | None = None) -> dict[str, Grade]:
    """Credibility of every claim (``links``: same-proposition links, lexical when not given)."""
    support = corroborations(claims, lex, links)
    against: dict[str, set[str]] = defaultdict(set)
    for c in contradictions:
        against[c.a.key].add(origin_name(c.b))
        against[c.b.key].add(origin_name(c.a))
    return {cc.key: grade(cc, support.get(cc.key, set()), against.get(cc.key, set())) for cc in claims}


def grade(cc: CorpusClaim, support: Collection[str], against: Collection[str]) -> Grade:
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
