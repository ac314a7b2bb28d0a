"""An ingest stopped at any point (an error, or the process killed) leaves a consistent database that
a re-run completes: one transaction per document."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from store_samples import Sample

from claimgraph.store import Store, write

CHILD = """
import os, sys
from claimgraph.ingest import RawArticle
from claimgraph.model import Article
from claimgraph.store import Store, write

article = Article.model_validate_json(open(sys.argv[2], encoding="utf-8").read())
original, calls = write.write_claim, []

def dying(*args, **kwargs):
    calls.append(1)
    if len(calls) == 2:
        os._exit(3)  # killed half-way through the document: no cleanup, no rollback
    return original(*args, **kwargs)

write.write_claim = dying
Store.open(sys.argv[1]).add(RawArticle(article.text, article.document), article)
"""


def failing_on(call: int, original: Callable[..., Any]) -> Callable[..., Any]:
    """``write_claim`` that raises on its ``call``-th call (after writing the earlier claims)."""
    calls: list[int] = []

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == call:
            raise RuntimeError("killed mid-document")
        return original(*args, **kwargs)

    return wrapped


def assert_consistent(store: Store) -> None:
    """SQLite: the FTS index matches the claim table."""
    if store.dialect == "sqlite":
        with store.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO claim_fts(claim_fts, rank) VALUES ('integrity-check', 1)")


def test_error_inside_a_document_write_leaves_nothing(store: Store, samples: dict[str, Sample],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store.add(samples["nis"].raw, samples["nis"].article)
    before = store.counts()
    kyiv = samples["kyiv"]
    monkeypatch.setattr(write, "write_claim", failing_on(2, write.write_claim))
    with pytest.raises(RuntimeError):
        store.add(kyiv.raw, kyiv.article)
    assert store.counts() == before
    assert store.claims(query="prisoners") == []
    assert_consistent(store)
    monkeypatch.undo()
    assert store.add(kyiv.raw, kyiv.article).status == "new"
    assert store.claims(query="prisoners")
    assert_consistent(store)


def test_error_in_a_new_version_keeps_the_old_one_latest(store: Store, samples: dict[str, Sample],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    first = store.add(samples["nis"].raw, samples["nis"].article)
    monkeypatch.setattr(write, "write_claim", failing_on(1, write.write_claim))
    with pytest.raises(RuntimeError):
        store.add(samples["nis_v2"].raw, samples["nis_v2"].article)
    assert {c.document_id for c in store.corpus_claims()} == {first.document_id}
    assert store.lookup(samples["nis"].raw) is not None
    monkeypatch.undo()
    again = store.add(samples["nis_v2"].raw, samples["nis_v2"].article)
    assert (again.status, again.version) == ("new_version", 2)


def test_killed_process_leaves_a_consistent_database(db_url: str, samples: dict[str, Sample],
                                                     tmp_path: Path) -> None:
    with Store.open(db_url) as store:
        store.add(samples["nato"].raw, samples["nato"].article)
        before = store.counts()
    kyiv = samples["kyiv"]
    article_file = tmp_path / "kyiv.json"
    article_file.write_text(kyiv.article.model_copy(update={"text": kyiv.raw.text}).model_dump_json(),
                            encoding="utf-8")
    child = subprocess.run([sys.executable, "-c", CHILD, db_url, str(article_file)],
                           capture_output=True, text=True, timeout=120)
    assert child.returncode == 3, child.stderr
    with Store.open(db_url) as store:
        assert store.counts() == before
        assert_consistent(store)
        assert store.add(kyiv.raw, kyiv.article).status == "new"
        assert store.counts()["document"] == 2
