"""Whether the kept reconciliation can be brought up to date incrementally, and with what.

It can when the kept results were computed by this code (the engine's fingerprint), every change
since is a report added (none replaced by a new version, no entity merge or split decided), and
the new reports are a small part of the corpus; otherwise :func:`plan` says why a full
reconciliation is needed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, exists, false, func, select, true

from ...store import schema as s
from ...store.state import read_state

LARGEST_SHARE = 0.5     # new claims beyond this share of the kept ones: a full reconcile costs less


@dataclass(frozen=True)
class Plan:
    """What an incremental reconciliation reads: the reports whose claims have no kept result."""

    generation: int                 # the store's generation when planned
    reconciled_generation: int      # the generation the kept results were computed at
    documents: list[int]            # ids of the latest reports with claims not yet reconciled
    new_claims: int
    kept_claims: int
    first: dt.date | None           # the earliest and latest publication dates among them
    last: dt.date | None


def plan(conn: Connection, fingerprint: str, largest_share: float = LARGEST_SHARE) -> Plan | str:
    """The plan, or why the corpus needs a full reconciliation (a phrase for the user)."""
    state = read_state(conn)
    if state.reconciled_generation is None or state.reconciled_at is None:
        return "never reconciled"
    if state.fingerprint != fingerprint:
        return "the kept results were computed by other code or another lexicon"
    if _decided_since(conn, state.reconciled_at):
        return "entity merges or splits were decided since"
    if _replaced(conn):
        return "reports were replaced by new versions since"
    c, d, r = s.claim, s.document, s.reconcile_claim
    unreconciled = (select(c.c.document_id, func.count().label("n"))
                    .join(d, d.c.id == c.c.document_id)
                    .where(d.c.superseded == false(), ~exists().where(r.c.claim_id == c.c.id))
                    .group_by(c.c.document_id))
    rows = conn.execute(unreconciled).all()
    kept = conn.execute(select(func.count()).select_from(r)).scalar_one()
    new = sum(row.n for row in rows)
    if new > largest_share * max(kept, 1):
        return f"{new:,} new claims against {kept:,} reconciled: a full reconciliation costs less"
    ids = [row.document_id for row in rows]
    news = unreconciled.subquery()
    first, last = conn.execute(select(func.min(d.c.published), func.max(d.c.published))
                               .join(news, news.c.document_id == d.c.id)).one()
    return Plan(state.generation, state.reconciled_generation, ids, new, kept, first, last)


def _decided_since(conn: Connection, when: dt.datetime) -> bool:
    t = s.entity_decision
    latest = conn.execute(select(func.max(t.c.decided_at))).scalar_one()
    if latest is None:
        return False
    if latest.tzinfo is None:                       # SQLite gives it back without its zone
        latest = latest.replace(tzinfo=dt.UTC)
    return bool(latest >= when)


def _replaced(conn: Connection) -> bool:
    """Whether a superseded report still has kept results (a new version came after them)."""
    c, d, r = s.claim, s.document, s.reconcile_claim
    query = (select(r.c.claim_id).join(c, c.c.id == r.c.claim_id).join(d, d.c.id == c.c.document_id)
             .where(and_(d.c.superseded == true())).limit(1))
    return conn.execute(query).first() is not None
