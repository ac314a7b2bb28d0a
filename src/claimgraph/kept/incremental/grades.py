"""Grades of new claims and of kept claims the new ones corroborate or contradict, with the origins'
track records moved by as much, and the new reports' names added to the kept alias map."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, delete, select, update

from ...reconcile.grading import Grade, grade, origin_name
from ...reconcile.measures import outlet_origin
from ...reconcile.origins import origin_of
from ...reconcile.types import CorpusClaim
from ...store import schema as s
from ..results import insert_rows
from .delta import Delta
from .merge import JSON, chunks, cid
from .window import Window


@dataclass
class Record:
    """One origin's track record."""

    name: str
    kind: str
    claims: int = 0
    corroborated: int = 0
    contradicted: int = 0


def regrade(conn: Connection, window: Window, delta: Delta) -> int:
    """Write the new claims' grades, grade again the kept claims that gained an origin for or
    against, and move the track records; how many kept claims changed grade."""
    by_key = {cc.key: cc for cc in window.claims}
    support, against = _evidence(delta, by_key)
    new = {cc.key for cc in window.new}
    records = _records(conn)
    rows = []
    for cc in window.new:
        g = grade(cc, support.get(cc.key, set()), against.get(cc.key, set()))
        _count(records, cc, g, +1, claim=True)
        rows.append(_claim_row(cc, g, window.stored[cc.key]))
    if rows:
        insert_rows(conn, s.reconcile_claim, rows)
    changed: list[JSON] = []
    old = sorted(k for k in {*support, *against} if k not in new)
    t = s.reconcile_claim
    for chunk in chunks(cid(k) for k in old):
        for row in conn.execute(select(t.c.claim_id, t.c.corroborated_by, t.c.contradicted_by)
                                .where(t.c.claim_id.in_(chunk))).all():
            key = f"C{row.claim_id}"
            cc = by_key[key]
            before = Grade(0, "", json.loads(row.corroborated_by), json.loads(row.contradicted_by))
            after = grade(cc, set(before.corroborated_by) | support.get(key, set()),
                          set(before.contradicted_by) | against.get(key, set()))
            if (after.corroborated_by, after.contradicted_by) == (before.corroborated_by, before.contradicted_by):
                continue
            _count(records, cc, before, -1)
            _count(records, cc, after, +1)
            changed.append({"id": row.claim_id, "credibility": after.credibility, "reason": after.reason,
                            "corroborated_by": json.dumps(after.corroborated_by),
                            "contradicted_by": json.dumps(after.contradicted_by)})
    if changed:                                      # one statement for every changed grade
        conn.execute(update(t).where(t.c.claim_id == bindparam("id")), changed)
    _write_records(conn, records)
    return len(changed)


def _evidence(delta: Delta, by_key: dict[str, CorpusClaim]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Per claim: the origins newly stating the same thing, and those newly contradicting it (the
    rules of :func:`~claimgraph.reconcile.grading.grade_claims`)."""
    origin = {key: origin_name(by_key[key]) for key in {k for link in delta.links for k in (link.a, link.b)}}
    support: dict[str, set[str]] = defaultdict(set)
    for link in delta.links:
        a, b = origin[link.a], origin[link.b]
        if a != b:
            support[link.a].add(b)
            support[link.b].add(a)
    against: dict[str, set[str]] = defaultdict(set)
    for c in delta.contradictions:
        against[c.a.key].add(origin_name(c.b))
        against[c.b.key].add(origin_name(c.a))
    return support, against


def _claim_row(cc: CorpusClaim, g: Grade, stored: CorpusClaim) -> JSON:
    changed = cc.claim.sources != stored.claim.sources
    chain = json.dumps([h.model_dump(mode="json") for h in cc.claim.sources]) if changed else None
    return {"claim_id": cid(cc.key), "credibility": g.credibility, "reason": g.reason,
            "corroborated_by": json.dumps(g.corroborated_by), "contradicted_by": json.dumps(g.contradicted_by),
            "sources": chain}


def _records(conn: Connection) -> dict[str, Record]:
    t = s.reconcile_source
    return {r.origin_key: Record(r.name, r.kind, r.claims, r.corroborated, r.contradicted)
            for r in conn.execute(select(t).order_by(t.c.ordinal))}


def _count(records: dict[str, Record], cc: CorpusClaim, g: Grade, sign: int, claim: bool = False) -> None:
    """Move the claim's origin's record by its grade (``claim``: count the claim itself too)."""
    key = origin_name(cc)
    if key not in records:
        origin = origin_of(cc) or outlet_origin(cc)
        records[key] = Record(origin.name, origin.kind)
    r = records[key]
    r.claims += sign * claim
    r.corroborated += sign * bool(g.corroborated_by)
    r.contradicted += sign * bool(g.contradicted_by)


def _write_records(conn: Connection, records: dict[str, Record]) -> None:
    """The track records again, most claims first (as :func:`~claimgraph.reconcile.decisions.source_rows`)."""
    t = s.reconcile_source
    conn.execute(delete(t))
    ordered = sorted(records.items(), key=lambda kv: (-kv[1].claims, kv[0]))
    insert_rows(conn, t, [{"ordinal": n, "origin_key": key, "name": r.name, "kind": r.kind, "claims": r.claims,
                              "corroborated": r.corroborated, "contradicted": r.contradicted}
                             for n, (key, r) in enumerate(ordered)])


def add_aliases(conn: Connection, added: dict[str, str]) -> None:
    if added:
        insert_rows(conn, s.reconcile_alias, [{"alias_key": k, "name": v} for k, v in added.items()])
