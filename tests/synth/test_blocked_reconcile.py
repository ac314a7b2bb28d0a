"""Reconciliation compares only the pairs that can qualify (figures dated close together or in
order, denials and assertions sharing a report or a subject, estimate points of the same origin and
figure). Here the straightforward all-pairs versions, kept as references, must give exactly the same
answers on a synthetic corpus."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

import pytest

from claimgraph.reconcile import contradictions as c
from claimgraph.reconcile import estimates as e
from claimgraph.reconcile import grading as g
from claimgraph.reconcile import propositions as p
from claimgraph.reconcile.canonical import canonicalize
from claimgraph.reconcile.lexicon import ReconcileLexicon, reconcile_lexicon
from claimgraph.reconcile.measures import Point, as_of, points_of
from claimgraph.reconcile.origins import origin_of
from claimgraph.reconcile.text import similarity, terms
from claimgraph.reconcile.types import CorpusClaim
from claimgraph.synth import generate


@pytest.fixture(scope="module")
def claims() -> list[CorpusClaim]:
    out: list[CorpusClaim] = []
    for n, (_, article) in enumerate(generate(4000, seed=21)):
        doc = article.document
        out.extend(CorpusClaim(f"C{len(out) + 1}", doc.origin or "", n + 1, doc.published, doc.outlet, claim)
                   for claim in article.claims)
    return canonicalize(out)


def all_pairs_numeric(series: list[e.Series], lex: ReconcileLexicon) -> list[c.Contradiction]:
    """Every pair of figures that contradict, where one is the nearest in time of its origin's
    figures contradicting the other the same way."""
    out = []
    for s in series:
        points = [p.first for p in s.points if not p.first.origin.key.startswith("outlet:")]
        cumulative = s.measure in lex.cumulative
        kinds = {(i, j): "conflicting" if c.conflicting(a, b, lex) else "shrinking"
                 for i, a in enumerate(points) for j, b in enumerate(points[i + 1:], i + 1)
                 if c.conflicting(a, b, lex) or (cumulative and c.shrinking(a, b, lex))}
        for (i, j), kind in sorted(kinds.items()):
            if nearest(points, kinds, i, j) or nearest(points, kinds, j, i):
                a, b = points[i], points[j]
                reason = c.numeric_reason(s, a, b) if kind == "conflicting" else c.shrinking_reason(s, a, b)
                out.append(c.Contradiction(a.claim, b.claim, "numeric", reason))
    return out


def nearest(points: list[Point], kinds: dict[tuple[int, int], str], me: int, other: int) -> bool:
    """Whether ``other`` is, of its origin's figures contradicting ``me`` the same way, the nearest."""
    kind = kinds[(min(me, other), max(me, other))]
    rivals = [k for k, p in enumerate(points) if p.origin.key == points[other].origin.key
              and kinds.get((min(me, k), max(me, k))) == kind]
    return min(rivals, key=lambda k: (gap(points[me], points[k]), k)) == other


def gap(a: Point, b: Point) -> int:
    """Days between two figures' dates: start to start and end to end where they overlap, else the
    gap between them."""
    assert a.when is not None and b.when is not None
    if a.when[1] < b.when[0] or b.when[1] < a.when[0]:
        return max(b.when[0] - a.when[1], a.when[0] - b.when[1]).days
    return abs((a.when[0] - b.when[0]).days) + abs((a.when[1] - b.when[1]).days)


def all_pairs_denials(claims: list[CorpusClaim], lex: ReconcileLexicon) -> list[c.Contradiction]:
    vocab = {cc.key: terms(cc.claim.text, lex) for cc in claims}
    asserted = [cc for cc in claims if cc.claim.certainty in c.ASSERTIONS]
    out: list[c.Contradiction] = []
    seen: set[tuple[str, dt.date | None, str]] = set()
    for d in (cc for cc in claims if cc.claim.certainty in c.DENIALS and cc.claim.sources):
        d_origin = origin_of(d)
        scored = []
        for a in asserted:
            a_origin = origin_of(a)
            if a_origin is not None and d_origin is not None and a_origin.key == d_origin.key:
                continue
            sim = similarity(vocab[d.key], vocab[a.key])
            if not c.same_predicates(vocab[d.key], vocab[a.key], lex):
                continue
            same_report = d.document_id == a.document_id
            if sim >= c.DENIAL_SIMILARITY and (same_report or c.shares_subject(d, a)) and c.answers(d, a, lex):
                scored.append((sim, a))
        for _, a in sorted(scored, key=lambda x: (-x[0], c.days_apart(d, x[1]))):
            pair = (c.origin_key_of(a), as_of(a, lex)[0], c.origin_key_of(d))
            if pair in seen or not a.claim.sources:
                continue
            seen.add(pair)
            who = d_origin.name if d_origin else "the report"
            out.append(c.Contradiction(a, d, "denial", f"{who} denies what {c.origin_name_of(a)} asserts"))
    return out


def all_pairs_series(claims: list[CorpusClaim], lex: ReconcileLexicon) -> list[e.Series]:
    grouped: dict[tuple[str, str | None], list[e.EstimatePoint]] = defaultdict(list)
    for cc in claims:
        for point in points_of(cc, lex):
            bucket = grouped[(point.measure, point.subject)]
            match = next((x for x in bucket if e.same_figure(x.first, point, lex)), None)
            if match is None:
                bucket.append(e.EstimatePoint(first=point, claims=[cc]))
            elif cc not in match.claims:
                match.claims.append(cc)
    for (measure, subject) in [k for k in grouped if k[1] is None]:
        others = [k for k in grouped if k[0] == measure and k[1] is not None]
        if not others:
            continue
        main = max(others, key=lambda k: len(grouped[k]))
        for point in grouped.pop((measure, subject)):
            match = next((x for x in grouped[main] if e.figure_of(x.first) == e.figure_of(point.first)), None)
            if match is None:
                grouped[main].append(point)
            else:
                match.claims.extend(cc for cc in point.claims if cc not in match.claims)
    series = []
    for (measure, subject), points in grouped.items():
        points.sort(key=lambda x: (x.first.as_of or dt.date.min, x.first.origin.key))
        if measure in lex.cumulative:
            e.mark_superseded(points)
        series.append(e.Series(measure, subject, points))
    return sorted(series, key=lambda s: (-len(s.points), s.measure, s.subject or ""))


@pytest.mark.parametrize("days", [0, 3, 30])
def test_estimate_series_match_the_all_pairs_version(claims: list[CorpusClaim], days: int) -> None:
    """Whatever ``same_moment_days``: repeats are looked for in as-of slots of that width only."""
    lex = dataclasses.replace(reconcile_lexicon(), same_moment_days=days)
    fast, slow = e.build_series(claims, lex), all_pairs_series(claims, lex)
    assert [s.as_json(0.15) for s in fast] == [s.as_json(0.15) for s in slow]
    assert sum(len(p.claims) > 1 for s in fast for p in s.points) > 10      # relays were folded
    figures = [(id(s), e.figure_of(p.first)) for s in fast for p in s.points]
    assert len(figures) - len(set(figures)) > 10            # one origin's figure again on other dates


def test_numeric_contradictions_match_the_all_pairs_version(claims: list[CorpusClaim]) -> None:
    lex = reconcile_lexicon()
    series = e.build_series(claims, lex)
    fast, slow = c.numeric(series, lex), all_pairs_numeric(series, lex)
    assert [x.as_json() for x in fast] == [x.as_json() for x in slow]
    reasons = " ".join(x.reason for x in fast)
    assert "do not overlap" in reasons and "running total" in reasons
    every = 0
    for s in series:
        ps = [p.first for p in s.points if not p.first.origin.key.startswith("outlet:")]
        every += sum(c.conflicting(a, b, lex) or (s.measure in lex.cumulative and c.shrinking(a, b, lex))
                     for i, a in enumerate(ps) for b in ps[i + 1:])
    assert len(fast) < every            # an origin repeating itself is not counted again


def test_denials_match_the_all_pairs_version(claims: list[CorpusClaim]) -> None:
    lex = reconcile_lexicon()
    fast, slow = c.denials(claims, lex), all_pairs_denials(claims, lex)
    assert [x.as_json() for x in fast] == [x.as_json() for x in slow]
    assert len(fast) > 5


def all_pairs_links(claims: list[CorpusClaim], lex: ReconcileLexicon) -> dict[frozenset[str], tuple[str, float]]:
    """Every pair of claims of different reports stating the same thing: the same figure of the same
    measure about the same subject, else wording that reaches the threshold about the same subject
    and place with agreeing figures; in both cases in reports published within the lexicon's
    proposition window of each other."""
    usable = [cc for cc in claims if cc.claim.certainty not in ("CT-", "PR-")]
    vocab = [terms(cc.claim.text, lex) for cc in usable]
    figs = [p.figures(cc, lex) for cc in usable]
    out: dict[frozenset[str], tuple[str, float]] = {}
    for i, a in enumerate(usable):
        for j in range(i + 1, len(usable)):
            b = usable[j]
            if a.document_id == b.document_id or not within(a, b, lex.proposition_window_days):
                continue
            if p.same_subject(a, b) and any(ma and ma == mb and p.same_figure(qa, qb, lex)
                                            for ma, qa in figs[i] for mb, qb in figs[j]):
                out[frozenset((a.key, b.key))] = ("figure", 1.0)
            elif vocab[i] and vocab[j] and similarity(vocab[i], vocab[j]) >= p.LEXICAL_THRESHOLD \
                    and p.same_subject(a, b) and p.same_place(a, b) and p.agree(figs[i], figs[j], lex):
                out[frozenset((a.key, b.key))] = ("lexical", round(similarity(vocab[i], vocab[j]), 3))
    return out


def within(a: CorpusClaim, b: CorpusClaim, days: int | None) -> bool:
    if days is None or a.published is None or b.published is None:
        return days is None or a.published == b.published
    return abs((a.published - b.published).days) <= days


@pytest.mark.parametrize("window", ["lexicon", 20])
def test_same_proposition_keeps_every_origin_of_the_all_pairs_version(claims: list[CorpusClaim],
                                                                      window: str | int) -> None:
    lex = reconcile_lexicon()
    if window != "lexicon":                                    # a short window: many pairs across blocks
        lex = dataclasses.replace(lex, proposition_window_days=window)
    some = claims[:1500]
    fast = {frozenset((x.a, x.b)): (x.method, x.score) for x in p.same_proposition(some, lex)}
    slow = all_pairs_links(some, lex)
    assert fast.items() <= slow.items()                        # only real links, found the same way
    assert len(slow) > len(fast) > 1000                        # the cap was reached, and much was linked
    origin = {cc.key: g.origin_name(cc) for cc in some}

    def partners(links: Iterable[frozenset[str]]) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for pair in links:
            a, b = sorted(pair)
            out[a][origin[b]] += 1
            out[b][origin[a]] += 1
        return out

    kept, every = partners(fast), partners(slow)
    for key, by_origin in every.items():                       # each origin a claim shares a statement with
        for name, count in by_origin.items():                  # stays linked: at least up to the cap
            assert min(count, p.LINKS_PER_ORIGIN) <= kept[key][name] <= count
