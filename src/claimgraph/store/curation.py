"""The user's curation, kept apart from ingested reports: source reliability grades and entity
merge/split decisions (each written inside the caller's transaction)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, insert, select, update

from ..model.corpus import EntityDecision, check_decision, check_grade, origin_key
from . import schema as s


def set_grade(conn: Connection, name: str, grade: str, note: str | None) -> str:
    """Set (or replace) the reliability of the source ``name``; returns the grade kept."""
    letter = check_grade(name, grade)
    values = {"name": name.strip(), "grade": letter, "note": note, "set_at": dt.datetime.now(dt.UTC)}
    key = origin_key(name)
    done = conn.execute(update(s.source_grade).where(s.source_grade.c.origin_key == key).values(**values))
    if not done.rowcount:
        conn.execute(insert(s.source_grade).values(origin_key=key, **values))
    return letter


def grades(conn: Connection) -> dict[str, tuple[str, str]]:
    """Origin key → (grade, name as the user gave it), oldest first."""
    rows = conn.execute(select(s.source_grade.c.origin_key, s.source_grade.c.grade, s.source_grade.c.name)
                        .order_by(s.source_grade.c.set_at, s.source_grade.c.origin_key))
    return {row.origin_key: (row.grade, row.name) for row in rows}


def add_decision(conn: Connection, kind: str, a: str, b: str, note: str | None) -> EntityDecision:
    """Record a merge or a split; returns it as kept."""
    checked = check_decision(kind, a, b)
    when = dt.datetime.now(dt.UTC)
    row = conn.execute(insert(s.entity_decision).values(
        kind=checked, entity_a=a.strip(), entity_b=b.strip(), note=note, decided_at=when,
    ).returning(s.entity_decision.c.id))
    return EntityDecision(checked, a.strip(), b.strip(), note, when, int(row.scalar_one()))


def decisions(conn: Connection) -> list[EntityDecision]:
    """Every decision, in the order made."""
    t = s.entity_decision
    rows = conn.execute(select(t).order_by(t.c.id))
    return [EntityDecision(check_decision(r.kind, r.entity_a, r.entity_b), r.entity_a, r.entity_b, r.note,
                           _aware(r.decided_at), r.id) for r in rows]


def _aware(when: dt.datetime) -> dt.datetime:
    """SQLite gives timestamps back without their zone (they were written in UTC)."""
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
