"""Origins and echoes: who first said a claim, on which occasion, and which claims in other
reports relay that same occasion.

A claim's origin is the last hop of its chain (the outlet itself for its own statements). Two
claims from different reports echo each other when their origins are the same actor and the
occasions overlap: the time the claim was *said* where the report gives it, else a short window
before the report's publication.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from .lexicon import ReconcileLexicon
from .types import ClaimRef, CorpusClaim

LEADING = re.compile(r"^(the|a|an)\s+", re.I)
POSSESSIVE = re.compile(r"['’]s$")

Interval = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Origin:
    """The actor a claim comes from."""

    key: str
    name: str
    kind: str
    anonymous: bool = False
    country: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "anonymous": self.anonymous, "country": self.country}


@dataclass
class EchoGroup:
    """Claims in different reports relaying one origin on one occasion."""

    origin: Origin
    occasion: Interval | None
    claims: list[CorpusClaim] = field(default_factory=list)
    circular: bool = False

    def as_json(self) -> dict[str, Any]:
        date = self.occasion[0].isoformat() if self.occasion and self.occasion[0] == self.occasion[1] else None
        return {"origin": {**self.origin.as_json(), "date": date,
                           "between": [d.isoformat() for d in self.occasion] if self.occasion else None},
                "documents": len({c.document_id for c in self.claims}), "circular": self.circular,
                "claims": [c.ref.as_json() for c in self.claims]}


def origin_key(name: str) -> str:
    """A comparison key for an origin name: lower case, no article, no possessive."""
    return POSSESSIVE.sub("", LEADING.sub("", name.strip())).lower()


def origin_of(cc: CorpusClaim) -> Origin | None:
    """The claim's origin, or None for the outlet's own statement."""
    if not cc.claim.sources:
        return None
    hop = cc.claim.sources[-1]
    name = hop.entity or hop.text
    return Origin(key=origin_key(name), name=name, kind=hop.kind, anonymous=hop.anonymous, country=hop.country)


def occasion(cc: CorpusClaim, lex: ReconcileLexicon) -> Interval | None:
    """When the origin said it: the claim's 'said' times, else just before publication."""
    said = [t for t in cc.claim.times if t.role == "said" and t.start and t.end]
    if said:
        return min(t.start for t in said if t.start), max(t.end for t in said if t.end)
    if cc.published is None:
        return None
    return cc.published - dt.timedelta(days=lex.undated_window_days), cc.published


def overlap(a: Interval | None, b: Interval | None) -> bool:
    """Whether two occasions can be the same (unknown ones never match)."""
    return a is not None and b is not None and a[0] <= b[1] and b[0] <= a[1]


def narrowest(intervals: list[Interval]) -> Interval | None:
    """The most precise of several occasion intervals."""
    return min(intervals, key=lambda iv: (iv[1] - iv[0], iv[0])) if intervals else None


def echo_groups(claims: list[CorpusClaim], lex: ReconcileLexicon) -> list[EchoGroup]:
    """Group claims by origin and overlapping occasion; keep groups spanning two or more reports."""
    by_origin: dict[str, list[tuple[CorpusClaim, Origin, Interval | None]]] = defaultdict(list)
    for cc in claims:
        origin = origin_of(cc)
        if origin is not None:
            by_origin[origin.key].append((cc, origin, occasion(cc, lex)))
    groups = []
    for members in by_origin.values():
        for component in components(members):
            if len({cc.document_id for cc, _, _ in component}) < 2:
                continue
            occ = narrowest([iv for _, _, iv in component if iv])
            group = EchoGroup(origin=component[0][1], occasion=occ, claims=[cc for cc, _, _ in component])
            group.circular = is_circular(group.claims)
            groups.append(group)
    return sorted(groups, key=lambda g: (g.occasion[0] if g.occasion else dt.date.min, g.origin.key))


def components(members: list[tuple[CorpusClaim, Origin, Interval | None]]) -> list[list[tuple[
        CorpusClaim, Origin, Interval | None]]]:
    """Connected components of claims whose occasions overlap (union-find)."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            if overlap(members[i][2], members[j][2]):
                parent[find(i)] = find(j)
    out: dict[int, list[tuple[CorpusClaim, Origin, Interval | None]]] = defaultdict(list)
    for i, member in enumerate(members):
        out[find(i)].append(member)
    return list(out.values())


def is_circular(claims: list[CorpusClaim]) -> bool:
    """Circular reporting: an outlet in the group cites, somewhere up its chain, a source that
    itself cites that outlet (A relays B while B relays A)."""
    edges: set[tuple[str, str]] = set()
    for cc in claims:
        names = [origin_key(h.entity or h.text) for h in cc.claim.sources]
        if cc.outlet:
            names.insert(0, origin_key(cc.outlet))
        edges.update(pairwise(names))
    return any((b, a) in edges for a, b in edges if a != b)


def refs(claims: list[CorpusClaim]) -> list[ClaimRef]:
    """References to the claims, in order."""
    return [c.ref for c in claims]
