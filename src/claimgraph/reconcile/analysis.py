"""One entry point: reconcile a corpus of claims into echoes, estimates, contradictions, grades."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .canonical import canonicalize
from .contradictions import Contradiction, find_contradictions
from .estimates import Series, build_series
from .grading import Grade, grade_claims, track_records
from .lexicon import ReconcileLexicon, reconcile_lexicon
from .links import Link
from .origins import EchoGroup, echo_groups
from .propositions import Matcher, same_proposition
from .types import CorpusClaim


@dataclass
class Reconciliation:
    """Everything reconciliation finds in one corpus."""

    claims: list[CorpusClaim]
    echoes: list[EchoGroup]
    series: list[Series]
    contradictions: list[Contradiction]
    grades: dict[str, Grade]
    records: dict[str, dict[str, int]]
    lexicon: ReconcileLexicon
    propositions: Sequence[Link] = field(default_factory=list)

    def echoes_json(self) -> list[dict[str, Any]]:
        return [g.as_json() for g in self.echoes]

    def estimates_json(self, measure: str | None = None) -> list[dict[str, Any]]:
        wanted = [s for s in self.series if measure is None or matches(s, measure)]
        return [s.as_json(self.lexicon.approximate_tolerance) for s in wanted]

    def contradictions_json(self) -> list[dict[str, Any]]:
        return [c.as_json() for c in self.contradictions]


ALIASES = {"casualties": "killed or wounded", "losses": "killed or wounded", "deaths": "killed",
           "dead": "killed", "troops": "troops deployed", "soldiers": "troops deployed",
           "injured": "wounded", "prisoners": "captured"}


def matches(series: Series, query: str) -> bool:
    """Whether a series answers a query like 'North Korean casualties' or 'troops deployed'."""
    q = query.lower()
    measure_hit = series.measure in q or any(w in q and m == series.measure for w, m in ALIASES.items())
    if not measure_hit or not series.subject:
        return measure_hit
    subject = series.subject.lower()
    return subject in q or subject[: max(4, len(subject) - 2)] in q or len(q.split()) <= 2


def reconcile(claims: list[CorpusClaim], lex: ReconcileLexicon | None = None,
              aliases: dict[str, str] | None = None, matcher: Matcher | None = None) -> Reconciliation:
    """Reconcile a corpus of claims (``aliases``: entity alias → canonical name, see
    :func:`claimgraph.reconcile.canonical.alias_map`; ``matcher``: how same-proposition claims
    are found, lexical by default, see :mod:`claimgraph.reconcile.propositions`)."""
    lex = lex or reconcile_lexicon()
    claims = canonicalize(claims, aliases)
    echoes = echo_groups(claims, lex)
    series = build_series(claims, lex)
    contradictions = find_contradictions(claims, series, lex)
    links = same_proposition(claims, lex, matcher)
    grades = grade_claims(claims, contradictions, lex, links)
    return Reconciliation(claims, echoes, series, contradictions, grades, track_records(claims, grades), lex, links)
