"""Opening a store: numbered migrations applied once, atomically; bad databases refused with a code."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, func, insert, inspect, select, update

from claimgraph.errors import Code
from claimgraph.store import Store, StoreError, database_url
from claimgraph.store import schema as s
from claimgraph.store.engine import create
from claimgraph.store.migrations import MIGRATIONS, Migration, migrate


def test_fresh_open_migrates_and_reopen_applies_nothing(db_url: str) -> None:
    with Store.open(db_url) as first:
        assert first.applied_migrations == [m.version for m in MIGRATIONS]
    with Store.open(db_url) as second:
        assert second.applied_migrations == []
        with second.engine.connect() as conn:
            recorded = conn.execute(select(s.schema_migrations.c.version, s.schema_migrations.c.name)).all()
    assert [r.version for r in recorded] == [m.version for m in MIGRATIONS]


def test_migrated_schema_matches_the_table_definitions(store: Store) -> None:
    found = inspect(store.engine)
    for table in s.metadata.sorted_tables:
        assert {c["name"] for c in found.get_columns(table.name)} == set(table.columns.keys()), table.name
    if store.dialect == "sqlite":
        assert "claim_fts" in found.get_table_names()
    else:
        assert "ix_claim_text_fts" in {i["name"] for i in found.get_indexes("claim")}


def test_newer_schema_is_refused(db_url: str) -> None:
    with Store.open(db_url) as store, store.engine.begin() as conn:
        conn.execute(insert(s.schema_migrations).values(version=999, name="future", applied_at=dt.datetime.now(dt.UTC)))
    with pytest.raises(StoreError) as caught:
        Store.open(db_url)
    assert caught.value.code is Code.E020


def _half_done(conn: Connection) -> None:
    conn.exec_driver_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
    raise RuntimeError("killed mid-migration")


def test_a_failed_migration_leaves_the_previous_version(db_url: str) -> None:
    Store.open(db_url).close()
    engine = create(db_url)
    try:
        with pytest.raises(RuntimeError):
            migrate(engine, (*MIGRATIONS, Migration(MIGRATIONS[-1].version + 1, "half done", _half_done)))
        assert "half_done" not in inspect(engine).get_table_names()
        assert migrate(engine) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize(("target", "code"), [
    ("mysql://user@localhost/db", Code.E018),
    ("sqlite:////nonexistent-dir/sub/corpus.db", Code.E019),
    ("postgresql://someone:secret@127.0.0.1:1/corpus", Code.E019),
])
def test_unusable_databases_give_a_code(target: str, code: Code) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(target)
    assert caught.value.code is code
    assert "secret" not in caught.value.render()


def test_query_commands_do_not_create_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as caught:
        Store.open(str(tmp_path / "missing.db"), create=False)
    assert caught.value.code is Code.E019
    assert not (tmp_path / "missing.db").exists()


def test_urls() -> None:
    assert database_url("corpus.db").drivername == "sqlite+pysqlite"
    assert database_url("sqlite:///x.db").database == "x.db"
    assert database_url("postgresql://u@h:5/d").drivername == "postgresql+psycopg"
    assert database_url("postgres://u@h/d").drivername == "postgresql+psycopg"


def test_migration_3_keeps_reconciliation_for_a_version_2_store(db_url: str, samples: dict[str, Any]) -> None:
    from claimgraph.corpus import Corpus
    from claimgraph.store import write

    engine = create(db_url)
    try:
        assert migrate(engine, MIGRATIONS[:2]) == [1, 2]
        with engine.begin() as conn:                       # a report stored by the version 2 code
            article = samples["nis"].article
            stored = article.model_copy(update={"document": samples["nis"].raw.document})
            document_id = write.insert_document(conn, stored, samples["nis"].raw.text, 1)
            write.write_claims(conn, document_id, article)
    finally:
        engine.dispose()
    with Corpus.open(db_url) as corpus:
        assert corpus.store.applied_migrations == [3, 4]
        state = corpus.state()
        assert (state.generation, state.reconciled_generation) == (1, None)
        assert corpus.echoes() == corpus.reconciliation().echoes_json()      # reconciled on first use
        assert corpus.state().reconciled_generation == 1


def test_migration_4_makes_results_kept_without_links_stale(db_url: str) -> None:
    from claimgraph.corpus import Corpus
    from claimgraph.kept.persist import fingerprint
    from claimgraph.synth import generate

    engine = create(db_url)
    try:
        assert migrate(engine, MIGRATIONS[:3]) == [1, 2, 3]
        with engine.begin() as conn:                       # reconciled by the version 3 code: no links kept
            conn.execute(update(s.reconcile_state).values(reconciled_generation=1, fingerprint=fingerprint()))
        assert "reconcile_link" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
    with Corpus.open(db_url) as corpus:
        assert corpus.store.applied_migrations == [4]
        state = corpus.state()
        assert state.reconciled_generation == state.generation == 1 and not state.current(fingerprint())
        corpus.store.add_many(list(generate(200, seed=5)))
        assert corpus.echoes() == corpus.reconciliation().echoes_json()      # reconciled again on first use
        assert corpus.state().current(fingerprint())
        with corpus.store.snapshot() as conn:
            kept = conn.execute(select(func.count()).select_from(s.reconcile_link)).scalar()
        assert kept == len(corpus.reconciliation().propositions) > 0


def test_the_fingerprint_covers_every_module_that_shapes_kept_results() -> None:
    import claimgraph
    from claimgraph.kept.persist import fingerprinted

    package = Path(claimgraph.__file__).parent
    covered = {p.relative_to(package).as_posix() for p in fingerprinted()}
    shaping = {p.relative_to(package).as_posix()
               for folder in ("reconcile", "kept") for p in (package / folder).rglob("*.py")}
    assert shaping <= covered
    assert {"kept/incremental/merge.py", "kept/results.py", "reconcile/contradictions.py"} <= covered
