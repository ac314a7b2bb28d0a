"""Numbered schema migrations, applied in order on open and recorded in ``schema_migrations``.

Each migration runs in its own transaction (DDL is transactional on PostgreSQL, and on SQLite with
the explicit ``BEGIN`` the store issues), so a killed migration leaves the previous version.
A migration never changes once released; a schema change is a new, higher-numbered migration.
Migrations 1 and 3 create the tables they always created, named in ``V1_TABLES`` and ``V3_TABLES``;
later tables come from later migrations only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from ..errors import Code
from . import schema
from .engine import StoreError, writing

FTS_SQLITE = (
    "CREATE VIRTUAL TABLE claim_fts USING fts5(text, content='claim', content_rowid='id', "
    "tokenize='porter unicode61')",
    "CREATE TRIGGER claim_fts_insert AFTER INSERT ON claim BEGIN "
    "INSERT INTO claim_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER claim_fts_delete AFTER DELETE ON claim BEGIN "
    "INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER claim_fts_update AFTER UPDATE OF text ON claim BEGIN "
    "INSERT INTO claim_fts(claim_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO claim_fts(rowid, text) VALUES (new.id, new.text); END",
)
FTS_POSTGRESQL = (
    "CREATE INDEX ix_claim_text_fts ON claim USING gin (to_tsvector('english'::regconfig, text))",
)


@dataclass(frozen=True)
class Migration:
    """One numbered step."""

    version: int
    name: str
    apply: Callable[[Connection], None]


V1_TABLES = ("document", "document_pipeline", "entity", "entity_alias", "place", "claim", "source", "quantity",
             "claim_time", "claim_actor", "claim_place")
V3_TABLES = ("reconcile_state", "reconcile_alias", "reconcile_source", "reconcile_claim", "reconcile_contradiction",
             "reconcile_series", "reconcile_point", "reconcile_point_claim", "reconcile_echo", "reconcile_echo_claim")


def _initial(conn: Connection) -> None:
    """Version 1: the corpus tables (frozen in ``V1_TABLES``), and full-text search over claim text."""
    schema.metadata.create_all(conn, tables=[schema.metadata.tables[name] for name in V1_TABLES])
    for statement in FTS_SQLITE if conn.dialect.name == "sqlite" else FTS_POSTGRESQL:
        conn.exec_driver_sql(statement)


def _curation(conn: Connection) -> None:
    """Version 2: the user's source reliability grades and entity merge/split decisions."""
    schema.metadata.create_all(conn, tables=[schema.source_grade, schema.entity_decision])


def _reconciliation(conn: Connection) -> None:
    """Version 3: the reconciliation kept in the store (the result tables named in ``V3_TABLES``)
    and its state row, which starts stale (generation 1, never reconciled)."""
    schema.metadata.create_all(conn, tables=[schema.metadata.tables[name] for name in V3_TABLES])
    conn.execute(insert(schema.reconcile_state).values(id=1, generation=1))


def _links(conn: Connection) -> None:
    """Version 4: the same-proposition links kept with the other results. The results kept so far
    lack them, so they are made stale (as if computed by other code): the next answer reconciles
    again, or asks for ``claimgraph reconcile`` (E040) on a large corpus."""
    schema.metadata.create_all(conn, tables=[schema.reconcile_link])
    conn.execute(update(schema.reconcile_state).values(fingerprint=None))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "documents, claims, sources, entities, places, full-text search", _initial),
    Migration(2, "source reliability grades, entity merge/split decisions", _curation),
    Migration(3, "reconciliation results (echoes, estimates, contradictions, grades, sources) and their state",
              _reconciliation),
    Migration(4, "same-proposition links kept with the reconciliation results", _links),
)


def applied_versions(engine: Engine) -> set[int]:
    """Versions already applied (creating the bookkeeping table when absent)."""
    with writing(engine) as conn:
        schema.schema_migrations.create(conn, checkfirst=True)
        return set(conn.scalars(select(schema.schema_migrations.c.version)))


def migrate(engine: Engine, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply every pending migration in order; return the versions applied (empty when current).

    A database carrying a version this code does not know raises E020.
    """
    done = applied_versions(engine)
    known = {m.version for m in migrations}
    unknown = sorted(done - known)
    if unknown:
        raise StoreError(Code.E020, None, f"version {unknown[-1]}, this code knows up to {max(known)}")
    applied = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version not in done:
            _apply(engine, migration)
            applied.append(migration.version)
    return applied


def _apply(engine: Engine, migration: Migration) -> None:
    with writing(engine) as conn:
        migration.apply(conn)
        conn.execute(insert(schema.schema_migrations).values(
            version=migration.version, name=migration.name, applied_at=dt.datetime.now(dt.UTC)))
