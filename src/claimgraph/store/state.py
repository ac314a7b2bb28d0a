"""Whether the reconciliation kept in the store is current.

``reconcile_state.generation`` goes up by one in the same transaction as every change that
reconciliation reads: a report stored (new or new version, one step per ``add`` or per bulk batch)
and an entity merge or split. Source grades do not count: the corpus applies them when it answers,
so they never make the kept results stale. A reconciliation records the generation it read
(``reconciled_generation``) and the fingerprint of the code that computed it; the results are
current when both still match.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from . import schema as s


@dataclass(frozen=True)
class ReconcileState:
    """The state row."""

    generation: int
    reconciled_generation: int | None
    fingerprint: str | None
    reconciled_at: dt.datetime | None
    claims: int | None
    seconds: float | None

    def current(self, fingerprint: str) -> bool:
        """Whether the kept results answer for the store as it is, computed by this code."""
        return self.reconciled_generation == self.generation and self.fingerprint == fingerprint


def bump(conn: Connection) -> None:
    """Count one change that reconciliation reads (inside the caller's transaction)."""
    t = s.reconcile_state
    conn.execute(update(t).where(t.c.id == 1).values(generation=t.c.generation + 1))


def read_state(conn: Connection) -> ReconcileState:
    """The state row."""
    t = s.reconcile_state
    row = conn.execute(select(t).where(t.c.id == 1)).one()
    when = row.reconciled_at
    if when is not None and when.tzinfo is None:          # SQLite gives it back without its zone
        when = when.replace(tzinfo=dt.UTC)
    return ReconcileState(row.generation, row.reconciled_generation, row.fingerprint, when, row.claims, row.seconds)


def lock(conn: Connection) -> ReconcileState:
    """The state row, locked for the rest of the caller's transaction (PostgreSQL; SQLite has one
    writer anyway)."""
    t = s.reconcile_state
    query = select(t).where(t.c.id == 1)
    if conn.dialect.name == "postgresql":
        conn.execute(query.with_for_update())
    return read_state(conn)


def mark(conn: Connection, generation: int, fingerprint: str, claims: int, seconds: float) -> None:
    """Record that the result tables now hold the reconciliation of ``generation``."""
    t = s.reconcile_state
    conn.execute(update(t).where(t.c.id == 1).values(
        reconciled_generation=generation, fingerprint=fingerprint, reconciled_at=dt.datetime.now(dt.UTC),
        claims=claims, seconds=seconds))
