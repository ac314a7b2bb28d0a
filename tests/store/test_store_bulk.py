"""The bulk write path (``Store.add_many``, one transaction per batch) writes exactly the rows that
``Store.add`` writes report by report, with the same statuses, on both backends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from claimgraph.api import raw_article
from claimgraph.ingest import RawArticle
from claimgraph.model import Article
from claimgraph.store import Store
from claimgraph.store import schema as s
from claimgraph.synth import generate

Item = tuple[RawArticle, Article]


def changed(item: Item) -> Item:
    """A new version of the report: same origin, one more sentence."""
    raw, article = item
    doc = raw.document
    new = raw_article(raw.text + "\nThe report was updated.\n", published=doc.published, outlet=doc.outlet,
                      title=doc.title, url=doc.url, origin=doc.origin or "")
    return new, article.model_copy(update={"document": new.document})


@pytest.fixture(scope="module")
def items() -> list[Item]:
    made = list(generate(1500, seed=4))
    return [*made[:60], made[3], changed(made[3]), changed(made[10]), *made[60:]]


def dump(store: Store) -> dict[str, list[Any]]:
    """Every corpus row, in key order (ingest times left out)."""
    out = {}
    with store.engine.connect() as conn:
        for table in s.metadata.sorted_tables:
            if table.name.startswith("reconcile") or table.name == "schema_migrations":
                continue
            cols = [c for c in table.columns if c.name != "ingested_at"]
            out[table.name] = conn.execute(select(*cols).order_by(*(table.primary_key.columns or cols))).all()
    return out


def test_bulk_rows_equal_one_by_one_rows(db_url: str, items: list[Item], emptied: Callable[[str], None]) -> None:
    with Store.open(db_url) as one:
        singly = [one.add(raw, article) for raw, article in items]
        expected = dump(one)
    if "://" in db_url:                     # the first store dropped (SQLite: a second file instead)
        emptied(db_url)
    bulk_url = db_url if "://" in db_url else db_url + ".bulk"
    with Store.open(bulk_url) as many:
        batched = many.add_many(items[:80]) + many.add_many(items[80:])      # new versions inside a batch
        assert batched == singly
        assert dump(many) == expected
        assert [r.status for r in singly[60:63]] == ["unchanged", "new_version", "new_version"]
        wanted = items[-1][1].claims[-1].text                              # full-text search follows
        assert wanted in {c.claim.text for c in many.claims(query=wanted, limit=10_000)}
        if many.dialect == "sqlite":
            with many.engine.begin() as conn:
                conn.exec_driver_sql("INSERT INTO claim_fts(claim_fts, rank) VALUES ('integrity-check', 1)")


def test_a_batch_counts_as_one_change_and_an_unchanged_one_as_none(store: Store, items: list[Item]) -> None:
    start = store.reconcile_state().generation
    store.add_many(items[:20])
    assert store.reconcile_state().generation == start + 1
    assert {r.status for r in store.add_many(items[:20])} == {"unchanged"}
    assert store.reconcile_state().generation == start + 1
    store.add(*items[20])
    assert store.reconcile_state().generation == start + 2


def test_a_failing_batch_writes_nothing(store: Store, items: list[Item], monkeypatch: pytest.MonkeyPatch) -> None:
    from claimgraph.store import bulk

    store.add_many(items[:10])
    before = dump(store)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("killed mid-batch")

    monkeypatch.setattr(bulk._Rows, "insert", broken)
    with pytest.raises(RuntimeError):
        store.add_many(items[10:40])
    assert dump(store) == before
