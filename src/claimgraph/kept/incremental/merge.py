"""Writing what new claims add into the kept results, inside the caller's transaction.

- Links and contradictions are added.
- An echo group holding new claims joins the kept groups it shares a claim with: their members,
  then the new ones; the narrowest occasion; circular if any was.
- Estimate points: see :mod:`.series`; grades and track records: see :mod:`.grades`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, delete, func, select

from ...reconcile.contradictions import Contradiction
from ...reconcile.links import Link
from ...reconcile.origins import EchoGroup, narrowest
from ...store import schema as s
from ..results import LINK_COLUMNS, insert_rows, insert_tuples, link_tuples
from ..results import in_chunks as chunks

JSON = dict[str, Any]


def cid(key: str) -> int:
    return int(key[1:])


def next_id(conn: Connection, column: Any) -> int:
    return int(conn.execute(select(func.coalesce(func.max(column), -1))).scalar_one()) + 1


def add_links(conn: Connection, links: list[Link], origin: dict[str, str]) -> None:
    insert_tuples(conn, s.reconcile_link, LINK_COLUMNS, link_tuples(links, origin))


def add_contradictions(conn: Connection, found: list[Contradiction]) -> None:
    first = next_id(conn, s.reconcile_contradiction.c.id)
    rows = [{"id": first + n, "a_claim_id": cid(c.a.key), "b_claim_id": cid(c.b.key), "kind": c.kind,
             "reason": c.reason} for n, c in enumerate(found)]
    if rows:
        insert_rows(conn, s.reconcile_contradiction, rows)


# --- echoes ------------------------------------------------------------------------------------------

def merge_echoes(conn: Connection, groups: list[EchoGroup], new: set[str]) -> int:
    """Merge the window's groups holding new claims into the kept ones; how many groups were written."""
    t, m = s.reconcile_echo, s.reconcile_echo_claim
    kept_of: dict[int, set[int]] = defaultdict(set)          # window group → kept groups sharing a claim
    for n, g in enumerate(groups):
        old = [cid(c.key) for c in g.claims if c.key not in new]
        for chunk in chunks(old):
            kept_of[n].update(conn.execute(select(m.c.echo_id).where(m.c.claim_id.in_(chunk))).scalars())
    written = 0
    next_echo = next_id(conn, t.c.id)
    for members, kept in _components(groups, kept_of):
        rows = {r.id: r for chunk in chunks(kept) for r in conn.execute(select(t).where(t.c.id.in_(chunk)))}
        claims: list[int] = []
        for chunk in chunks(kept):
            query = select(m.c.claim_id).where(m.c.echo_id.in_(chunk)).order_by(m.c.echo_id, m.c.ordinal)
            claims.extend(conn.execute(query).scalars())
        claims.extend(cid(c.key) for g in members for c in g.claims)
        claims = list(dict.fromkeys(claims))
        occasions = [(r.occasion_start, r.occasion_end) for r in rows.values() if r.occasion_start is not None]
        occasion = narrowest([g.occasion for g in members if g.occasion] + occasions)
        circular = any(g.circular for g in members) or any(r.circular for r in rows.values())
        for chunk in chunks(kept):
            conn.execute(delete(m).where(m.c.echo_id.in_(chunk)))
            conn.execute(delete(t).where(t.c.id.in_(chunk)))
        o = members[0].origin
        insert_rows(conn, t, [{"id": next_echo, "origin_key": o.key, "origin_name": o.name, "origin_kind": o.kind,
                                  "origin_anonymous": o.anonymous, "origin_country": o.country,
                                  "occasion_start": occasion[0] if occasion else None,
                                  "occasion_end": occasion[1] if occasion else None,
                                  "documents": _documents(conn, claims), "circular": circular}])
        insert_rows(conn, m, [{"echo_id": next_echo, "ordinal": n, "claim_id": c} for n, c in enumerate(claims)])
        next_echo += 1
        written += 1
    return written


def _components(groups: list[EchoGroup], kept_of: dict[int, set[int]]) -> list[tuple[list[EchoGroup], set[int]]]:
    """Window groups joined when they share a kept group, each with the kept groups it takes in."""
    parent = list(range(len(groups)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    owner: dict[int, int] = {}
    for n, kept in kept_of.items():
        for echo in kept:
            if echo in owner:
                parent[root(n)] = root(owner[echo])
            else:
                owner[echo] = n
    out: dict[int, tuple[list[EchoGroup], set[int]]] = {}
    for n, g in enumerate(groups):
        members, kept = out.setdefault(root(n), ([], set()))
        members.append(g)
        kept.update(kept_of.get(n, ()))
    return list(out.values())


def _documents(conn: Connection, claims: list[int]) -> int:
    docs: set[int] = set()
    for chunk in chunks(claims):
        docs.update(conn.execute(select(s.claim.c.document_id).where(s.claim.c.id.in_(chunk))).scalars())
    return len(docs)
