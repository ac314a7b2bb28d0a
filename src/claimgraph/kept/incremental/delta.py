"""What new claims add to a kept reconciliation, computed on the window (see :mod:`.window`) with
the engine's own rules, looking only at what involves a new claim.

- **Links**: each new claim against the window's claims, through the same indexes and tests as
  :func:`~claimgraph.reconcile.propositions.same_proposition` (figures, then wording), every term
  of the new claim looked up rather than its rarest ones, so that no pair is missed.
- **Contradictions**: the window's estimate series and denials, kept where a new claim takes part.
- **Echoes**: the origins of new claims grouped again over the window; the groups holding a new
  claim are merged into the kept groups they share claims with (see :mod:`.merge`).
- **Estimate series** holding a new claim, every point of them as the window folds them.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

from ...model import Quantity
from ...reconcile.contradictions import DENIALS, Contradiction, denials, numeric
from ...reconcile.estimates import Series, build_series
from ...reconcile.lexicon import ReconcileLexicon
from ...reconcile.links import Link
from ...reconcile.origins import EchoGroup, echo_groups, origin_of
from ...reconcile.postings import Postings, near_blocks, prefix_size, rarest_first
from ...reconcile.propositions import (
    LEXICAL_THRESHOLD,
    ROUNDING,
    Pairs,
    Statements,
    agree,
    anchor,
    same_figure,
    same_place,
    same_subject,
)
from ...reconcile.types import CorpusClaim


@dataclass
class Delta:
    """What the new claims add, each result holding at least one new claim."""

    links: list[Link]
    contradictions: list[Contradiction]
    echoes: list[EchoGroup]
    series: list[Series]            # the window's series holding a new claim, every point of them


def compute(claims: list[CorpusClaim], new: set[str], lex: ReconcileLexicon) -> Delta:
    """The delta of the ``new`` claims (by key) among ``claims`` (the window, in corpus order)."""
    series = build_series(claims, lex)
    touched = [s for s in series if any(c.key in new for p in s.points for c in p.claims)]
    found = numeric(touched, lex) + denials(claims, lex)
    contradictions = [c for c in found if c.a.key in new or c.b.key in new]
    return Delta(new_links(claims, new, lex), contradictions, new_echoes(claims, new, lex), touched)


def new_echoes(claims: list[CorpusClaim], new: set[str], lex: ReconcileLexicon) -> list[EchoGroup]:
    """The window's echo groups holding a new claim, grouped over the claims of the new claims' origins."""
    origins = {o.key for cc in claims if cc.key in new and (o := origin_of(cc)) is not None}
    mine = [cc for cc in claims if (o := origin_of(cc)) is not None and o.key in origins]
    return [g for g in echo_groups(mine, lex) if any(c.key in new for c in g.claims)]


def new_links(claims: Sequence[CorpusClaim], new: set[str], lex: ReconcileLexicon) -> list[Link]:
    """Same-proposition links of the new claims (see :func:`~claimgraph.reconcile.propositions.same_proposition`)."""
    usable = [cc for cc in claims if cc.claim.certainty not in DENIALS]
    st = Statements(usable, lex)
    focus = [i for i, members in enumerate(st.members) if any(usable[n].key in new for n in members)]
    pairs = focused_pairs(st, focus, lex)
    return [link for link in st.links(pairs) if link.a in new or link.b in new]


def focused_pairs(st: Statements, focus: list[int], lex: ReconcileLexicon) -> Pairs:
    """:func:`~claimgraph.reconcile.propositions.statement_pairs` for the pairs holding a focus statement."""
    reps = st.representatives()
    found: Pairs = {pair: ("figure", 1.0) for pair in _figure_pairs(reps, st, focus, lex)}
    scopes = st.scopes()
    prefixes = [words[:prefix_size(len(words), LEXICAL_THRESHOLD)] for words in rarest_first(st.vocab)]
    every = Postings([sorted(v) for v in st.vocab], scopes).file_all()
    first = Postings(prefixes, scopes).file_all()
    sizes = [len(v) for v in st.vocab]
    for i in focus:
        words, size, look = st.vocab[i], sizes[i], every.lookups(i)
        seen = {i}
        for j in chain((j for w in prefixes[i] for j in every.holders(w, look) if sizes[j] >= size),
                       (j for w in words for j in first.holders(w, look) if sizes[j] <= size)):
            if j in seen:
                continue                        # the smaller side's prefix holds a shared term
            seen.add(j)
            pair = (min(i, j), max(i, j))
            score = len(words & st.vocab[j]) / min(size, sizes[j])
            if pair not in found and score >= LEXICAL_THRESHOLD and same_subject(reps[i], reps[j]) \
                    and same_place(reps[i], reps[j]) and agree(st.figs[i], st.figs[j], lex):
                found[pair] = ("lexical", round(score, 3))
    for i in focus:
        figs = st.figs[i]
        if len(st.members[i]) > 1:
            if any(measure and anchor(q) is not None for measure, q in figs):
                found[(i, i)] = ("figure", 1.0)
            elif st.vocab[i] and agree(figs, figs, lex):
                found[(i, i)] = ("lexical", 1.0)
    return found


Entry = tuple[float, int, Quantity]


def _figure_pairs(reps: list[CorpusClaim], st: Statements, focus: list[int], lex: ReconcileLexicon) -> Iterator[
        tuple[int, int]]:
    """Pairs of a focus statement and another stating the same figure of the same measure about the
    same subject, in a block beside its own (the test of :func:`~claimgraph.reconcile.propositions.figure_links`)."""
    buckets: dict[tuple[str, str, int | None], list[Entry]] = defaultdict(list)
    for i, figs in enumerate(st.figs):
        for measure, q in figs:
            point = anchor(q)
            if measure and point is not None:
                buckets[(measure, point[1], st.blocks[i])].append((point[0], i, q))
    values = {}
    for key, entries in buckets.items():
        entries.sort(key=lambda e: e[0])
        values[key] = [e[0] for e in entries]
    for i in focus:
        for measure, q in st.figs[i]:
            point = anchor(q)
            if not measure or point is None:
                continue
            x, kind = point
            for block in near_blocks(st.blocks[i]):
                entries = buckets.get((measure, kind, block), [])
                start = bisect.bisect_left(values.get((measure, kind, block), []), x / (1 + ROUNDING))
                for y, j, qb in entries[start:]:
                    if y > x * (1 + ROUNDING):
                        break
                    if j != i and same_subject(reps[i], reps[j]) and same_figure(q, qb, lex):
                        yield min(i, j), max(i, j)
