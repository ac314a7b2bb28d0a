"""The user's decisions applied to reconciliation: entity merges and splits, source reliability.

Decisions are kept in the store apart from ingested reports and applied, in the order they were
made, each time the corpus is reconciled: a merge makes B (and every alias of B) name A's entity;
a split stops an alias naming A, including where a report had already resolved it to A.
Reliability grades (Admiralty A–F) are keyed like origins and follow the same aliases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..model import Article, Source
from ..model.corpus import (  # noqa: F401 - kept here too: the records the decisions are made of
    RELIABILITY,
    UNGRADED,
    CurationError,
    DecisionKind,
    EntityDecision,
    check_decision,
    check_grade,
)
from .analysis import Reconciliation
from .canonical import alias_map, with_sources
from .grading import origin_name
from .measures import outlet_origin
from .origins import Origin, origin_key, origin_of
from .types import CorpusClaim


def apply_decisions(aliases: Mapping[str, str], decisions: Iterable[EntityDecision]) -> dict[str, str]:
    """The alias map (alias key → canonical name, as :func:`alias_map` builds it) after the decisions."""
    out = dict(aliases)
    for decision in decisions:
        target = out.get(origin_key(decision.a), decision.a.strip())
        if decision.kind == "merge":
            merged = out.get(origin_key(decision.b), decision.b.strip())
            out.update({key: target for key, name in out.items() if name == merged})
            out.update({origin_key(decision.b): target, origin_key(merged): target, origin_key(decision.a): target})
        elif out.get(origin_key(decision.b)) == target:
            del out[origin_key(decision.b)]
    return out


def merged_names(name: str, decisions: Iterable[EntityDecision]) -> list[str]:
    """The name and every name the user's merges made one entity with it (transitively)."""
    merges = [d for d in decisions if d.kind == "merge"]
    found = {origin_key(name): name.strip()}
    grown = True
    while grown:
        grown = False
        for d in merges:
            keys = {origin_key(d.a), origin_key(d.b)}
            if keys & found.keys() and not keys <= found.keys():
                found.update({origin_key(d.a): d.a.strip(), origin_key(d.b): d.b.strip()})
                grown = True
    return list(found.values())


def corpus_aliases(articles: Iterable[Article], decisions: Iterable[EntityDecision]) -> dict[str, str]:
    """The corpus's alias map with the user's decisions applied."""
    return apply_decisions(alias_map(articles), decisions)


def split_hops(claims: Sequence[CorpusClaim], aliases: Mapping[str, str],
               decisions: Iterable[EntityDecision]) -> list[CorpusClaim]:
    """Claims whose hop a report resolved to A while naming a split-off alias ("the CGA" → Coast
    Guard Agency) with that resolution undone, so the hop stands for its own words.

    ``aliases`` is the alias map before the decisions (as the reports resolved names)."""
    def canonical(name: str) -> str:
        return origin_key(aliases.get(origin_key(name), name))

    splits = {(origin_key(d.b), canonical(d.a)) for d in decisions if d.kind == "split"}
    if not splits:
        return list(claims)

    def undo(hop: Source) -> Source:
        if hop.entity and (origin_key(hop.text), canonical(hop.entity)) in splits:
            return hop.model_copy(update={"entity": None})
        return hop

    return [with_sources(cc, [undo(h) for h in cc.claim.sources]) for cc in claims]


def decided_claims(claims: Sequence[CorpusClaim], articles: Iterable[Article],
                   decisions: Sequence[EntityDecision]) -> tuple[list[CorpusClaim], dict[str, str]]:
    """Claims and the alias map to reconcile them with, the decisions applied to both."""
    before = alias_map(articles)
    return split_hops(claims, before, decisions), apply_decisions(before, decisions)


def resolve_grades(grades: Mapping[str, tuple[str, str]], aliases: Mapping[str, str]) -> dict[str, str]:
    """Origin key of each graded source's canonical name → grade (``grades`` as the store gives them,
    oldest first). A grade set on the canonical name itself wins over one set on an alias."""
    by_alias: dict[str, str] = {}
    direct: dict[str, str] = {}
    for key, (grade, _) in grades.items():
        target = origin_key(aliases.get(key, key))
        (direct if target == key else by_alias)[target] = grade
    return by_alias | direct


def reliability_of(articles: Iterable[Article], decisions: Sequence[EntityDecision],
                   grades: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """Origin key → grade for a stored corpus, the entity decisions applied to the graded names."""
    return resolve_grades(grades, corpus_aliases(articles, decisions))


def entity_groups(articles: Iterable[Article], decisions: Sequence[EntityDecision]) -> dict[str, list[str]]:
    """Each canonical entity name → its aliases as the reports (or the decisions) spell them."""
    spelled: dict[str, str] = {}
    articles = list(articles)
    for article in articles:
        for entity in article.entities:
            for name in (entity.name, *entity.aliases):
                spelled.setdefault(origin_key(name), name)
    for d in decisions:
        spelled.setdefault(origin_key(d.a), d.a.strip())
        spelled.setdefault(origin_key(d.b), d.b.strip())
    aliases = corpus_aliases(articles, decisions)
    groups: dict[str, list[str]] = defaultdict(list)
    for key, name in aliases.items():
        if key != origin_key(name):
            groups[name].append(spelled.get(key, key))
        else:
            groups.setdefault(name, [])
    for d in decisions:
        if d.kind == "split" and origin_key(d.b) not in aliases:
            groups.setdefault(spelled[origin_key(d.b)], [])
    return {name: sorted(found, key=str.casefold) for name, found in sorted(groups.items())}


def source_rows(rec: Reconciliation, reliability: Mapping[str, str]) -> list[dict[str, Any]]:
    """Each origin with its kind, reliability (F when not graded) and track record, most claims first.

    ``reliability``: origin key → grade, as :func:`resolve_grades` gives it."""
    origins: dict[str, Origin] = {}
    for cc in rec.claims:
        origin = origin_of(cc) or outlet_origin(cc)
        origins.setdefault(origin_name(cc), origin)
    rows = []
    for key, counts in sorted(rec.records.items(), key=lambda kv: (-kv[1]["claims"], kv[0])):
        origin = origins.get(key) or Origin(key=key, name=key, kind="unknown")
        grade = reliability.get(origin_key(origin.name), UNGRADED)
        rows.append({"origin": origin.name, "key": key, "kind": origin.kind, "reliability": grade,
                     "reliability_label": RELIABILITY[grade], **counts})
    return rows

