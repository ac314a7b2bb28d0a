"""What the kept reconciliation says of many claims at once, for listings (the workbench's claims
list and its filters): a few indexed queries per page, never the whole corpus in memory. Each
answer equals what :func:`claimgraph.kept.results.trace` says of every claim one by one (tests
compare them on both backends).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from ..reconcile.origins import origin_key
from ..store import schema as s
from .results import JSON, _contradictions, _in_chunks, _origin, claim_id


def claims_where(conn: Connection, *, origin: str | None, credibility: Sequence[int]) -> set[int]:
    """Ids of the reconciled claims from this origin (its name, an alias key, or ``outlet:NAME``
    for an outlet's own statements) and of these credibility values (any, where none is given)."""
    rc, c, d = s.reconcile_claim, s.claim, s.document
    query = select(rc.c.claim_id, rc.c.sources, d.c.outlet, d.c.origin).join(c, c.c.id == rc.c.claim_id) \
        .join(d, d.c.id == c.c.document_id)
    if credibility:
        query = query.where(rc.c.credibility.in_(list(credibility)))
    rows = conn.execute(query).all()
    if origin is None:
        return {row.claim_id for row in rows}
    wanted = origin_key(origin)
    last = _last_hop_rows(conn, [row.claim_id for row in rows if row.sources is None])
    found = set()
    for row in rows:
        hops = json.loads(row.sources) if row.sources is not None else None
        hop = hops[-1] if hops else last.get(row.claim_id)
        name = (hop.get("entity") or hop["text"]) if hop else None
        key = origin_key(name) if name else f"outlet:{origin_key(row.outlet or row.origin)}"
        if wanted in (key, origin_key(name or row.outlet or row.origin)):
            found.add(row.claim_id)
    return found


def claim_notes(conn: Connection, keys: Sequence[str]) -> dict[str, JSON]:
    """Claim key → its ``origin`` (its echo group's, else the last hop of its chain, else its
    outlet), ``credibility`` (value, reason, corroborating origins) and ``echoes`` (how many other
    claims its echo group holds), for these claims of the latest reports: what :func:`trace` says
    of them, read for a whole page of claims in a few indexed queries."""
    rc, c, d, ec = s.reconcile_claim, s.claim, s.document, s.reconcile_echo_claim
    rows: list[Any] = []
    first_echo: dict[int, int] = {}
    for chunk in _in_chunks(sorted({claim_id(k) for k in keys})):
        rows += conn.execute(select(rc, d.c.outlet, d.c.origin).join(c, c.c.id == rc.c.claim_id)
                             .join(d, d.c.id == c.c.document_id).where(rc.c.claim_id.in_(chunk or []))).all()
        first = select(ec.c.claim_id, func.min(ec.c.echo_id)).where(ec.c.claim_id.in_(chunk or []))
        first_echo.update((row[0], row[1]) for row in conn.execute(first.group_by(ec.c.claim_id)))
    groups: dict[int, Any] = {}
    sizes: dict[int, int] = {}
    for chunk in _in_chunks(sorted(set(first_echo.values()))):
        e = s.reconcile_echo
        groups.update((row.id, row) for row in conn.execute(select(e).where(e.c.id.in_(chunk or []))))
        sizes.update((row[0], row[1]) for row in conn.execute(
            select(ec.c.echo_id, func.count()).where(ec.c.echo_id.in_(chunk or [])).group_by(ec.c.echo_id)))
    plain = [row.claim_id for row in rows if row.sources is None and row.claim_id not in first_echo]
    hops = _last_hop_rows(conn, plain)
    out = {}
    for row in rows:
        echo = first_echo.get(row.claim_id)
        chain = json.loads(row.sources) if row.sources is not None else None
        hop = chain[-1] if chain else hops.get(row.claim_id)
        out[f"C{row.claim_id}"] = {
            "origin": _origin(groups[echo]) if echo is not None else _hop_origin(hop, row.outlet or row.origin),
            "echoes": sizes[echo] - 1 if echo is not None else 0,
            "credibility": {"value": row.credibility, "reason": row.reason,
                            "corroborated_by": json.loads(row.corroborated_by)}}
    return out


def _hop_origin(hop: JSON | None, outlet: str) -> JSON:
    """The origin a chain's last hop names, or the outlet for its own statements."""
    if hop is None:
        return {"name": outlet, "kind": "media", "anonymous": False, "country": None}
    return {"name": hop.get("entity") or hop["text"], "kind": hop["kind"], "anonymous": bool(hop["anonymous"]),
            "country": hop.get("country")}


def _last_hop_rows(conn: Connection, ids: list[int]) -> dict[int, JSON]:
    """Claim id → the last hop of its stored chain, with the fields an origin is told by."""
    t = s.source
    out: dict[int, tuple[int, JSON]] = {}
    for chunk in _in_chunks(ids):
        for row in conn.execute(select(t.c.claim_id, t.c.hop, t.c.entity_name, t.c.text, t.c.kind, t.c.anonymous,
                                       t.c.country).where(t.c.claim_id.in_(chunk or []))):
            if row.claim_id not in out or row.hop > out[row.claim_id][0]:
                out[row.claim_id] = (row.hop, {"entity": row.entity_name, "text": row.text, "kind": row.kind,
                                               "anonymous": row.anonymous, "country": row.country})
    return {claim: hop for claim, (_, hop) in out.items()}


def claims_measuring(conn: Connection, measure: str) -> set[int]:
    """Ids of the claims whose figures are estimates of ``measure`` (any case)."""
    pc, series = s.reconcile_point_claim, s.reconcile_series
    query = (select(pc.c.claim_id).join(series, series.c.id == pc.c.series_id)
             .where(func.lower(series.c.measure) == measure.strip().lower()))
    return set(conn.execute(query).scalars())


def claim_measures(conn: Connection, keys: Sequence[str]) -> dict[str, set[str]]:
    """Claim key → the measures (lower case) its figures are estimates of, for these claims only
    (one indexed query per chunk of keys)."""
    pc, series = s.reconcile_point_claim, s.reconcile_series
    found: dict[str, set[str]] = defaultdict(set)
    for chunk in _in_chunks(sorted({claim_id(k) for k in keys})):
        query = (select(pc.c.claim_id, series.c.measure).join(series, series.c.id == pc.c.series_id)
                 .where(pc.c.claim_id.in_(chunk or [])))
        for row in conn.execute(query):
            found[f"C{row.claim_id}"].add(row.measure.lower())
    return dict(found)


def claim_contradictions(conn: Connection, keys: Sequence[str]) -> dict[str, list[JSON]]:
    """Claim key → the claims contradicting it, each reference with the kind and reason, in answer
    order (indexed lookups per claim, not an index of every contradiction in the corpus)."""
    out: dict[str, list[JSON]] = {}
    for key in dict.fromkeys(keys):
        found = []
        for _, a, b, kind, reason in _contradictions(conn, claim_id(key)):
            other = b if a["key"] == key else a
            found.append({**other, "kind": kind, "reason": reason})
        out[key] = found
    return out
