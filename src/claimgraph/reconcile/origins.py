"""Origins and echoes: who first said a claim, on which occasion, and which claims in other
reports relay that same occasion.

A claim's origin is the last hop of its chain (the outlet itself for its own statements). Two
claims from different reports echo each other when their origins are the same actor and the
occasions overlap: the time the claim was *said* where the report gives it, else a short window
before the report's publication.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Generic, TypeVar

from ..model.corpus import origin_key
from .lexicon import ReconcileLexicon
from .text import similarity, terms
from .types import CorpusClaim

Interval = tuple[dt.date, dt.date]
G = TypeVar("G", bound="Iterable[Member]")       # a group of claims: its members
MATCH_THRESHOLD = 0.5
FIGURE_MATCH = 0.3


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


@dataclass
class Member:
    """A claim waiting to be grouped: its origin, occasion and what it says."""

    cc: CorpusClaim
    origin: Origin
    occasion: Interval | None
    precise: bool
    dated: bool
    terms: frozenset[str]
    figures: frozenset[tuple[str, float]]


def member(cc: CorpusClaim, origin: Origin, lex: ReconcileLexicon) -> Member:
    """Describe a claim for grouping: precise when the report dates the statement within days."""
    occ = occasion(cc, lex)
    said = any(t.role == "said" and t.start for t in cc.claim.times)
    precise = said and occ is not None and (occ[1] - occ[0]).days <= lex.same_moment_days
    return Member(cc, origin, occ, precise, said, terms(cc.claim.text, lex), measured_figures(cc, lex))


def measured_figures(cc: CorpusClaim, lex: ReconcileLexicon) -> frozenset[tuple[str, float]]:
    """The claim's figures with what each measures ('' where no measure is named): 3,000 troops
    sent and 3,000 casualties are different figures."""
    from .measures import measure_of, windows  # measures builds on this module

    out: set[tuple[str, float]] = set()
    for q, window, at in windows(cc):
        measure = measure_of(window, at, (q.unit or "").lower(), lex)
        out.update((measure.name if measure else "", x) for x in (q.value, q.low, q.high) if x is not None)
    return frozenset(out)


def carried_dates(members: list[Member]) -> list[Member]:
    """A claim the report does not date itself takes the date of the claim just before it in the
    same report when both come from the same origin ('On Nov. 13 the NIS said X. Some were fighting,
    it said.'): a report goes on quoting one statement until it names another occasion. A claim
    with times or figures of its own is left to be placed by those."""
    out: list[Member] = []
    previous: Member | None = None
    for m in sorted(members, key=lambda m: (m.cc.document_id, m.cc.claim.span[0])):
        if (not m.dated and not m.figures and not m.cc.claim.times and previous is not None and previous.dated
                and previous.cc.document_id == m.cc.document_id and previous.origin.key == m.origin.key):
            m = dataclasses.replace(m, occasion=previous.occasion, precise=previous.precise, dated=True)
        out.append(m)
        previous = m
    return out


def echo_groups(claims: list[CorpusClaim], lex: ReconcileLexicon) -> list[EchoGroup]:
    """Group claims by origin and occasion; keep groups spanning two or more reports.

    Claims the report dates precisely are grouped by overlapping occasions. A claim dated only
    vaguely ("last month") or not at all joins the group of the same origin it resembles most
    (shared wording or figures) among those its dates allow; failing that, claims are grouped by
    their reports' dates."""
    by_origin: dict[str, list[Member]] = defaultdict(list)
    for m in carried_dates([member(cc, o, lex) for cc in claims if (o := origin_of(cc)) is not None]):
        by_origin[m.origin.key].append(m)
    groups = []
    for members in by_origin.values():
        for component in assign(members, lex.echo_horizon_days):
            if len({m.cc.document_id for m in component}) < 2:
                continue
            occ = narrowest([m.occasion for m in component if m.precise and m.occasion]) \
                or narrowest([m.occasion for m in component if m.occasion])
            group = EchoGroup(origin=component[0].origin, occasion=occ, claims=[m.cc for m in component])
            group.circular = is_circular(group.claims)
            groups.append(group)
    return sorted(groups, key=lambda g: (g.occasion[0] if g.occasion else dt.date.min, g.origin.key))


def assign(members: list[Member], horizon_days: int) -> list[list[Member]]:
    """Precise claims by overlapping occasions, then vague ones to their best match."""
    groups = [Group(c) for c in components([m for m in members if m.precise])]
    index = Occasions(groups, horizon_days)
    leftovers = []
    for m in (m for m in members if not m.precise):
        best = best_group(m, index.candidates(m))
        if best is None:
            leftovers.append(m)
        else:
            best.add(m)
    return [g.members for g in groups] + components(leftovers)


class Group:
    """A group of claims being formed, with what a vaguely dated claim is matched against: its
    members' distinct wordings, their figures, occasions and reports. Relays repeat one statement,
    so matching looks at each wording once, not at every relay."""

    def __init__(self, members: list[Member]) -> None:
        self.members: list[Member] = []
        self.terms: set[frozenset[str]] = set()
        self.figures: set[tuple[str, float]] = set()
        self.occasions: set[Interval] = set()
        self.reports: set[int] = set()
        for m in members:
            self.add(m)

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)

    def add(self, m: Member) -> None:
        self.members.append(m)
        self.terms.add(m.terms)
        self.figures.update(m.figures)
        self.reports.add(m.cc.document_id)
        if m.occasion is not None:
            self.occasions.add(m.occasion)

    def overlaps(self, occasion: Interval | None) -> bool:
        return any(overlap(occasion, o) for o in self.occasions)


class Occasions(Generic[G]):
    """An origin's groups of precisely dated claims, indexed by occasion: the narrowest occasion of
    each group's precise claims (its anchor) sorted by start, so that the groups a vaguely dated
    claim may join are found by bisection rather than by looking at every group."""

    def __init__(self, groups: Sequence[G], horizon_days: int) -> None:
        self.groups = groups
        self.horizon = dt.timedelta(days=horizon_days)
        anchors = [narrowest([x.occasion for x in g if x.occasion]) for g in groups]
        self.anchors = anchors
        self.order = sorted((i for i, a in enumerate(anchors) if a is not None),
                            key=lambda i: anchors[i][0])  # type: ignore[index]
        self.starts = [anchors[i][0] for i in self.order]  # type: ignore[index]
        self.widest = max((a[1] - a[0] for a in anchors if a is not None), default=dt.timedelta(0))
        self.undated = [i for i, a in enumerate(anchors) if a is None]

    def candidates(self, m: Member) -> list[G]:
        """The groups, in their order, whose occasion the claim's report could relay: not after the
        report was written, and ending within the horizon before the claim's own window."""
        if m.occasion is None:
            return list(self.groups)
        earliest = m.occasion[0] - self.horizon
        lo = bisect.bisect_left(self.starts, earliest - self.widest)
        hi = bisect.bisect_right(self.starts, m.occasion[1])
        found = [i for i in self.order[lo:hi] if self.anchors[i][1] >= earliest]  # type: ignore[index]
        return [self.groups[i] for i in sorted([*found, *self.undated])]


def best_group(m: Member, allowed: list[Group]) -> Group | None:
    """The group of precisely dated claims a vaguely dated claim belongs to (among those its
    report's date allows, see :class:`Occasions`), in order of evidence: the same figure in similar
    words; a precise claim of the same report on an overlapping date; the one group whose date
    overlaps; clearly similar words."""
    if m.dated:                                   # a stated date, however vague, rules out other occasions
        allowed = [g for g in allowed if g.overlaps(m.occasion)]
    scored = [(max(similarity(m.terms, t) for t in g.terms), g) for g in allowed]
    figure = [(sim, g) for sim, g in scored if sim >= FIGURE_MATCH and m.figures & g.figures]
    if figure:
        return max(figure, key=lambda x: x[0])[1]
    near = [g for g in allowed if g.overlaps(m.occasion)]
    same_report = [g for g in near if m.cc.document_id in g.reports]
    if same_report:
        return same_report[0]
    if len(near) == 1:
        return near[0]
    similar = [(sim, g) for sim, g in scored if sim >= MATCH_THRESHOLD]
    return max(similar, key=lambda x: x[0])[1] if similar else None


def components(members: list[Member]) -> list[list[Member]]:
    """Connected components of claims whose occasions overlap: overlapping intervals chain into one
    run when sorted by start (a sweep, not every pair); a claim with no occasion stands alone.
    Components and their claims keep the input order."""
    cluster = list(range(len(members)))
    dated = sorted((i for i, m in enumerate(members) if m.occasion is not None),
                   key=lambda i: members[i].occasion[0])  # type: ignore[index]
    run_end: dt.date | None = None
    run_id = -1
    for i in dated:
        start, end = members[i].occasion  # type: ignore[misc]
        if run_end is None or start > run_end:
            run_id, run_end = i, end
        else:
            run_end = max(run_end, end)
        cluster[i] = run_id
    out: dict[int, list[Member]] = defaultdict(list)
    first: dict[int, int] = {}
    for i, m in enumerate(members):
        first.setdefault(cluster[i], i)
        out[cluster[i]].append(m)
    return [out[c] for c in sorted(out, key=first.__getitem__)]


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

