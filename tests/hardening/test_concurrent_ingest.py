"""Two ingests into one SQLite database at once: the second waits for the write lock, both sets
are stored, and no error prints SQL parameters."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

import claimgraph.store.engine as engine_module
from claimgraph.store import Store
from claimgraph.store.engine import create, writing

STORY = ("{town} (Harbour Wire) - The port authority said on Tuesday that {n} ships had been turned away "
         "from the harbour of {town} since the storm began. Repairs would take at least three weeks, it said.")
TOWNS = ["Brest", "Cork", "Gdansk", "Bergen", "Porto", "Genoa", "Split", "Varna", "Riga", "Tallinn"]


def folder(root: Path, name: str, towns: list[str]) -> Path:
    path = root / name
    path.mkdir()
    for n, town in enumerate(towns, start=3):
        (path / f"{town}.txt").write_text(STORY.format(town=town, n=n), encoding="utf-8")
    return path


@pytest.mark.slow
def test_two_ingests_at_once_both_store_everything(tmp_path: Path) -> None:
    db = tmp_path / "one.db"
    Store.open(str(db)).close()
    first, second = folder(tmp_path, "a", TOWNS[:5]), folder(tmp_path, "b", TOWNS[5:])
    command = [sys.executable, "-m", "claimgraph.cli", "ingest"]
    runs = [subprocess.Popen([*command, str(part), "--db", str(db), "--published", "2025-03-04"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for part in (first, second)]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (_, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err and "5 new" in err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM document").fetchone() == (10,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_writer_waits_for_the_lock_and_errors_hide_parameters(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.db"
    Store.open(str(db)).close()
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_S", 0.3)  # a short wait keeps the test quick
    engine = create(str(db))
    holder = sqlite3.connect(db, timeout=0, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(OperationalError, match="locked"), writing(engine) as conn:  # waited, then gave up
            conn.execute(text("SELECT 1"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    insert = text("INSERT INTO entity_decision (kind, entity_a, entity_b, decided_at) VALUES (:k, :a, 'B', :t)")
    with writing(engine) as conn:  # the lock is free: the writer goes ahead
        conn.execute(insert, {"k": "merge", "a": "A", "t": "2025-01-01"})
    with pytest.raises(IntegrityError) as caught, writing(engine) as conn:
        conn.execute(insert, {"k": "bogus", "a": "SECRET ARTICLE TEXT", "t": "2025-01-01"})
    assert "SECRET ARTICLE TEXT" not in str(caught.value)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM entity_decision")) == 1
    engine.dispose()
