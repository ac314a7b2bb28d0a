"""The user's curation in the store, on both backends: source grades and entity merge/split
decisions, validated, kept across re-ingests, and added to an older database by migration 2."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from store_samples import Sample

from claimgraph.errors import ClaimgraphError, Code
from claimgraph.store import Store
from claimgraph.store.engine import create
from claimgraph.store.migrations import MIGRATIONS, migrate

CURATION_TABLES = {"source_grade", "entity_decision"}


def test_grade_is_set_then_overwritten(store: Store) -> None:
    assert store.grades() == {}
    assert store.set_grade("the National Intelligence Service", "b", note="briefings hold up") == "B"
    store.set_grade("Yonhap", "C")
    assert store.grades() == {"national intelligence service": ("B", "the National Intelligence Service"),
                              "yonhap": ("C", "Yonhap")}
    assert store.set_grade("National Intelligence Service's", " a ") == "A"
    assert store.grades()["national intelligence service"] == ("A", "National Intelligence Service's")
    assert len(store.grades()) == 2


@pytest.mark.parametrize(("name", "grade"), [("NIS", "G"), ("NIS", ""), ("NIS", "B+"), ("NIS", "1"), ("  ", "B")])
def test_bad_grades_are_refused_with_a_code(store: Store, name: str, grade: str) -> None:
    with pytest.raises(ClaimgraphError) as caught:
        store.set_grade(name, grade)
    assert caught.value.code is Code.E023
    assert store.grades() == {}


def test_decisions_are_kept_in_order(store: Store) -> None:
    merged = store.merge_entities("Coast Guard Agency", "maritime police", note="same agency")
    split = store.split_entity("Coast Guard Agency", "CGA")
    kept = store.decisions()
    assert kept == [merged, split]
    assert [(d.kind, d.a, d.b, d.note) for d in kept] == [
        ("merge", "Coast Guard Agency", "maritime police", "same agency"), ("split", "Coast Guard Agency", "CGA", None)]
    assert kept[0].id is not None and kept[1].id is not None and kept[0].id < kept[1].id
    assert all(d.decided_at is not None and d.decided_at.tzinfo is not None for d in kept)


@pytest.mark.parametrize(("a", "b"), [("NIS", "nis"), ("the NIS", "NIS"), ("", "NIS"), ("NIS", " ")])
def test_bad_decisions_are_refused_with_a_code(store: Store, a: str, b: str) -> None:
    with pytest.raises(ClaimgraphError) as caught:
        store.merge_entities(a, b)
    assert caught.value.code is Code.E024
    assert store.decisions() == []


def test_reingesting_reports_keeps_grades_and_decisions(store: Store, samples: dict[str, Sample]) -> None:
    store.add(samples["nis"].raw, samples["nis"].article)
    store.set_grade("National Intelligence Service", "B")
    store.merge_entities("National Intelligence Service", "South Korean spy agency")
    before = (store.grades(), store.decisions())
    for name in ("nis", "nis_v2", "nis_copy"):
        store.add(samples[name].raw, samples[name].article)
    assert (store.grades(), store.decisions()) == before
    with Store.open(store.engine.url.render_as_string(hide_password=False)) as reopened:
        assert (reopened.grades(), reopened.decisions()) == before


def test_migration_2_adds_curation_to_a_version_1_database(db_url: str, samples: dict[str, Sample]) -> None:
    engine = create(db_url)
    try:
        assert migrate(engine, MIGRATIONS[:1]) == [1]
        assert not CURATION_TABLES & set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    with Store.open(db_url) as store:
        assert store.applied_migrations == [m.version for m in MIGRATIONS[1:]]
        assert set(inspect(store.engine).get_table_names()) >= CURATION_TABLES
        store.add(samples["nis"].raw, samples["nis"].article)
        store.set_grade("NIS", "C")
        assert store.grades() == {"nis": ("C", "NIS")}
