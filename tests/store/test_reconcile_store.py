"""The reconciliation kept in the store answers exactly what the in-memory reconciliation answers,
on both backends; it is current only until the corpus changes; a corpus too large to reconcile on
the fly says so (E040); a reconciliation stopped half-way leaves the previous one in place."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml
from spacy.language import Language
from sqlalchemy import inspect, select

from claimgraph.api import extract_raw, raw_article
from claimgraph.corpus import Corpus
from claimgraph.errors import Code
from claimgraph.ingest import RawArticle
from claimgraph.kept import results, series
from claimgraph.model import Article
from claimgraph.reconcile.analysis import Reconciliation
from claimgraph.reconcile.decisions import reliability_of, source_rows
from claimgraph.reconcile.grading import origin_name
from claimgraph.reconcile.measures import outlet_origin
from claimgraph.reconcile.origins import origin_key, origin_of
from claimgraph.reconcile.types import CorpusClaim
from claimgraph.serve.notes import note_of
from claimgraph.store import Store, StoreError, schema
from claimgraph.synth import generate, load

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "corpus"
Item = tuple[RawArticle, Article]


def in_memory_trace(rec: Reconciliation, key: str) -> dict[str, Any] | None:
    """A claim's trace computed from the in-memory reconciliation (what Corpus.trace answered
    before results were kept in the store)."""
    cc = next((c for c in rec.claims if c.key == key), None)
    if cc is None:
        return None
    group = next((g for g in rec.echoes if any(c.key == cc.key for c in g.claims)), None)
    against = [c.b if c.a.key == cc.key else c.a for c in rec.contradictions if cc.key in (c.a.key, c.b.key)]
    grade = rec.grades[cc.key]
    support = in_memory_support(rec, cc)
    return {
        "claim": {**cc.ref.as_json(), "outlet": cc.outlet, "published": cc.published.isoformat() if cc.published
                  else None, "certainty": cc.claim.certainty,
                  "sources": [h.model_dump(mode="json") for h in cc.claim.sources]},
        "origin": group.origin.as_json() if group else None,
        "echoes": [c.ref.as_json() for c in group.claims if c.key != cc.key] if group else [],
        "contradicted_by": [c.ref.as_json() for c in against],
        "corroborated_by": support[:results.CORROBORATIONS],
        "corroborated_by_total": len(support),
        "credibility": {"value": grade.credibility, "reason": grade.reason,
                        "corroborated_by": grade.corroborated_by, "contradicted_by": grade.contradicted_by},
    }


def in_memory_support(rec: Reconciliation, cc: CorpusClaim) -> list[dict[str, Any]]:
    """The claims linked to ``cc`` from another origin (the rule ``grading.corroborations`` counts),
    best score first, then by claim number."""
    by_key = {c.key: c for c in rec.claims}
    found = []
    for link in rec.propositions:
        if cc.key in (link.a, link.b):
            other = by_key[link.b if link.a == cc.key else link.a]
            if origin_name(other) != origin_name(cc):
                found.append({**other.ref.as_json(), "method": link.method, "score": link.score})
    return sorted(found, key=lambda ref: (-ref["score"], int(ref["key"][1:])))


def kept_links(store: Store) -> set[tuple[str, str, str, float, bool]]:
    t = schema.reconcile_link
    with store.snapshot() as conn:
        rows = conn.execute(select(t.c.a_claim_id, t.c.b_claim_id, t.c.method, t.c.score, t.c.independent))
        return {(f"C{a}", f"C{b}", method, score, bool(independent)) for a, b, method, score, independent in rows}


def same(a: Any, b: Any) -> bool:
    """Equal as the CLI prints them (key order included)."""
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def assert_kept_equals_in_memory(corpus: Corpus) -> Reconciliation:
    rec = corpus.reconciliation()
    corpus.reconcile()
    store = corpus.store
    assert same(corpus.echoes(), rec.echoes_json())
    assert same(corpus.contradictions(), rec.contradictions_json())
    assert same(corpus.estimates(), rec.estimates_json())
    for measure in ("North Korean casualties", "troops deployed", "killed", "displaced", "captured", "nothing"):
        assert same(corpus.estimates(measure), rec.estimates_json(measure)), measure
    grades = reliability_of((a for _, _, a in store.articles()), store.decisions(), store.grades())
    assert same(corpus.sources(), source_rows(rec, grades))
    by_key = {cc.key: cc for cc in rec.claims}
    assert kept_links(store) == {(x.a, x.b, x.method, x.score, origin_name(by_key[x.a]) != origin_name(by_key[x.b]))
                                 for x in rec.propositions}
    cited = {c.key for g in rec.echoes for c in g.claims} | {x.key for c in rec.contradictions for x in (c.a, c.b)}
    cited |= {key for x in rec.propositions for key in (x.a, x.b)}
    supported = 0
    listed = corpus.notes_of([cc.key for cc in rec.claims])
    assert len(listed) == len(rec.claims)
    for cc in rec.claims:
        if int(cc.key[1:]) % 7 == 0 or (cc.key in cited and int(cc.key[1:]) % 2 == 0):
            found = corpus.trace(cc.key)
            assert same(found, in_memory_trace(rec, cc.key)), cc.key
            assert found is not None and listed[cc.key] == note_of(found), cc.key
            supported += bool(found and found["corroborated_by"])
    assert supported, "no traced claim was corroborated: the comparison did not reach the links"
    keys = [cc.key for cc in rec.claims]
    opposed = against_index(rec.contradictions_json())
    assert opposed and corpus.contradictions_of(keys) == {k: opposed.get(k, []) for k in keys}
    measured = measure_index(rec.estimates_json())
    assert corpus.measures_of(keys) == measured != {}
    for measure in {m for found in measured.values() for m in found}:
        assert corpus.claims_measuring(measure.upper()) == {int(k[1:]) for k, m in measured.items() if measure in m}
    origins = [o for cc in rec.claims[:40] for o in [origin_of(cc) or outlet_origin(cc)]]
    for origin in [None, *{o.name for o in origins}, *{o.key for o in origins}]:
        for credibility in ((), (1,), (3, 4)):
            expected = claims_where(rec, origin=origin, credibility=credibility)
            assert corpus.claims_where(origin=origin, credibility=credibility) == expected, (origin, credibility)
    return rec


def against_index(contradictions: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Claim key → the claims contradicting it with kind and reason, from every contradiction (the
    in-memory reference for ``Corpus.contradictions_of``)."""
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for pair in contradictions:
        for one, other in (("a", "b"), ("b", "a")):
            found[pair[one]["key"]].append({**pair[other], "kind": pair["kind"], "reason": pair["reason"]})
    return found


def measure_index(series: list[dict[str, Any]]) -> dict[str, set[str]]:
    """Claim key → the measures its figures are estimates of, read off estimates JSON."""
    found: dict[str, set[str]] = defaultdict(set)
    for one in series:
        for point in one["points"]:
            for ref in point["claims"]:
                found[ref["key"]].add(one["measure"].lower())
    return found


def claims_where(rec: Reconciliation, *, origin: str | None, credibility: tuple[int, ...]) -> set[int]:
    """The claims of an origin and credibility, read off the in-memory reconciliation."""
    wanted = origin_key(origin) if origin else None
    found = set()
    for cc in rec.claims:
        o = origin_of(cc) or outlet_origin(cc)
        if wanted is not None and wanted not in (o.key, origin_key(o.name)):
            continue
        if credibility and rec.grades[cc.key].credibility not in credibility:
            continue
        found.add(int(cc.key[1:]))
    return found


@pytest.fixture(scope="module")
def demo(nlp: Language) -> list[Item]:
    """The annotated demo corpus, extracted once."""
    raws = []
    for folder in sorted(p.parent for p in DEMO.glob("*/gold.yaml")):
        doc = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))["document"]
        raws.append(raw_article((folder / "article.txt").read_text(encoding="utf-8"), published=str(doc["published"]),
                                outlet=doc.get("outlet"), origin=str(folder.relative_to(ROOT) / "article.txt")))
    return list(zip(raws, extract_raw(raws, nlp=nlp), strict=True))


def test_kept_results_equal_in_memory_on_the_demo_corpus(db_url: str, demo: list[Item]) -> None:
    with Corpus.open(db_url) as corpus:
        for raw, article in demo:
            corpus.add(raw, article)
        corpus.store.set_grade("National Intelligence Service", "B")
        corpus.store.merge_entities("National Intelligence Service", "South Korea's spy agency")
        rec = assert_kept_equals_in_memory(corpus)
        assert rec.echoes and rec.contradictions and rec.series
        assert corpus.trace("C999999") is None and corpus.trace("not a key") is None
        assert corpus.trace(rec.claims[0].key.lower()) == corpus.trace(rec.claims[0].key)


def test_kept_results_equal_in_memory_on_a_synthetic_corpus(db_url: str) -> None:
    with Corpus.open(db_url) as corpus:
        load(corpus.store, 1200, seed=9, batch=40)
        rec = assert_kept_equals_in_memory(corpus)
        assert len(rec.echoes) > 10 and len(rec.contradictions) > 10


def test_estimates_read_a_page_of_series_and_measures_count_them(db_url: str) -> None:
    """A page of series equals that slice of all of them (only its points read); the measures
    listing counts each measure's series and points, on both backends."""
    with Corpus.open(db_url) as corpus:
        load(corpus.store, 600, seed=13)
        corpus.reconcile()
        every = corpus.estimates()
        assert len(every) >= 5
        for measure in (None, every[0]["measure"]):
            answering = corpus.estimates(measure)
            for limit, offset in ((3, 0), (3, 2), (None, 4), (5, len(answering))):
                end = None if limit is None else offset + limit
                assert corpus.estimates_page(measure, limit, offset) == (answering[offset:end], len(answering))
        capped, _ = corpus.estimates_page(None, claims=1)
        assert [len(p["claims"]) for s in capped for p in s["points"]] == [
            min(1, len(p["claims"])) for s in every for p in s["points"]]
        assert [p["claims_total"] for s in capped for p in s["points"]] == [
            len(p["claims"]) for s in every for p in s["points"]]
        assert any(p["claims_total"] > 1 for s in capped for p in s["points"])
        firsts = [p["claims"][0] for s in every for p in s["points"]]
        assert [p["claims"][0] for s in capped for p in s["points"]] == firsts
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for series in every:
            counts[series["measure"]][0] += 1
            counts[series["measure"]][1] += len(series["points"])
        assert {m["measure"]: [m["series"], m["points"]] for m in corpus.measures()} == counts


def test_estimates_within_dates_keep_the_points_dated_there(db_url: str) -> None:
    """``since``/``until`` keep the points whose as-of date lies within them (undated ones left out)
    and the series that have one, with their ids and claims unchanged; on both backends."""
    with Corpus.open(db_url) as corpus:
        load(corpus.store, 600, seed=14)
        corpus.reconcile()
        every = corpus.estimates()
        dates = sorted(p["as_of"] for s in every for p in s["points"] if p["as_of"])
        since, until = dt.date.fromisoformat(dates[len(dates) // 4]), dt.date.fromisoformat(dates[len(dates) // 2])
        for lo, hi in ((since, None), (None, until), (since, until)):
            def within(p: dict[str, Any], lo: dt.date | None = lo, hi: dt.date | None = hi) -> bool:
                day = dt.date.fromisoformat(p["as_of"]) if p["as_of"] else None
                return day is not None and (lo is None or day >= lo) and (hi is None or day <= hi)
            want = [{**s, "points": [p for p in s["points"] if within(p)]} for s in every]
            want = [s for s in want if s["points"]]
            got, total = corpus.estimates_page(None, since=lo, until=hi)
            assert got == want and total == len(want) and 0 < len(want) <= len(every)
            capped, _ = corpus.estimates_page(None, limit=3, offset=1, claims=1, since=lo, until=hi)
            assert [[(p["id"], p["claims_total"]) for p in s["points"]] for s in capped] == [
                [(p["id"], len(p["claims"])) for p in s["points"]] for s in want[1:4]]
        assert sum(len(s["points"]) for s in corpus.estimates_page(None, since=since, until=until)[0]) < len(dates)


def test_links_are_kept_and_read_from_either_side(db_url: str) -> None:
    """Every same-proposition link is kept (method, score, whether the origins differ); a claim's
    corroborating claims are its links to other origins, whichever side it is on, best first,
    capped, with the total."""
    with Corpus.open(db_url) as corpus:
        load(corpus.store, 300, seed=11)
        corpus.reconcile()
        rec = corpus.reconciliation()
        by_key = {cc.key: cc for cc in rec.claims}
        links = {(x.a, x.b, x.method, x.score, origin_name(by_key[x.a]) != origin_name(by_key[x.b]))
                 for x in rec.propositions}
        assert kept_links(corpus.store) == links and {x[4] for x in links} == {True, False}
        independent = [x for x in links if x[4]]
        both_sides = {x[0] for x in independent} & {x[1] for x in independent}
        own_origin = {key for x in links if not x[4] for key in x[:2]}
        key = max(sorted(both_sides & own_origin), key=lambda k: len(in_memory_support(rec, by_key[k])))
        want = in_memory_support(rec, by_key[key])
        assert len(want) >= 3 and len({ref["score"] for ref in want}) >= 2
        with corpus.store.snapshot() as conn:
            assert results._corroborations(conn, int(key[1:]), limit=2) == (want[:2], len(want))
        found = corpus.trace(key)
        assert found is not None and found["corroborated_by"] == want and found["corroborated_by_total"] == len(want)
        same_origin = {x[1] if x[0] == key else x[0] for x in links if key in x[:2] and not x[4]}
        assert same_origin and not same_origin & {ref["key"] for ref in found["corroborated_by"]}


def result_indexes(store: Store) -> dict[str, set[str]]:
    with store.snapshot() as conn:
        found = inspect(conn)
        return {t.name: {ix["name"] for ix in found.get_indexes(t.name) if ix["name"]} for t in schema.RESULT_TABLES}


def test_a_full_write_leaves_every_result_index_in_place(db_url: str) -> None:
    """The full write drops the result tables' secondary indexes for its bulk load (SQLite) and
    builds them again: afterwards the store has exactly the indexes its schema declares, and the
    link lookup from the ``b`` side is an index search, not a table scan."""
    with Corpus.open(db_url) as corpus:
        load(corpus.store, 200, seed=12)
        corpus.reconcile(full=True)
        corpus.reconcile(full=True)
        declared = {t.name: {ix.name for ix in t.indexes} for t in schema.RESULT_TABLES}
        assert result_indexes(corpus.store) == declared and declared["reconcile_link"]
        if corpus.store.engine.dialect.name == "sqlite":
            with corpus.store.snapshot() as conn:
                plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN SELECT * FROM reconcile_link WHERE b_claim_id = 5")
                assert "ix_reconcile_link_b" in " ".join(str(row[-1]) for row in plan)


def test_a_report_stored_after_reconciling_is_in_the_next_answer(store: Store) -> None:
    items = list(generate(400, seed=2))
    store.add_many(items[:-1])
    corpus = Corpus(store)
    corpus.reconcile()
    before = corpus.state()
    assert before.current(results_fingerprint())
    claims_before = sum(r["claims"] for r in corpus.sources())
    corpus.add(*items[-1])
    assert not corpus.state().current(results_fingerprint())
    assert sum(r["claims"] for r in corpus.sources()) == claims_before + len(items[-1][1].claims)
    latest = store.claims(limit=100_000)[-1]
    assert corpus.trace(latest.key) is not None
    assert corpus.state().current(results_fingerprint())
    assert corpus.state().generation == before.generation + 1


def results_fingerprint() -> str:
    from claimgraph.kept.persist import fingerprint

    return fingerprint()


def test_a_large_stale_corpus_asks_for_reconcile(store: Store) -> None:
    load(store, 400, seed=5)
    corpus = Corpus(store, auto_reconcile=100)
    with pytest.raises(StoreError) as caught:
        corpus.echoes()
    assert caught.value.code is Code.E040 and "claimgraph reconcile" in caught.value.render()
    corpus.reconcile()
    assert corpus.echoes() == corpus.reconciliation().echoes_json()
    store.add_many(list(generate(20, seed=6)))
    with pytest.raises(StoreError):
        corpus.trace("C1")


def test_entity_decisions_make_it_stale_grades_do_not(store: Store) -> None:
    load(store, 300, seed=8)
    corpus = Corpus(store)
    corpus.reconcile()
    generation = corpus.state().generation
    name = corpus.sources()[0]["origin"]
    corpus.set_grade(name, "A")
    assert corpus.state().generation == generation
    assert corpus.sources()[0]["reliability"] == "A"
    store.merge_entities(name, "Someone Else Entirely")
    assert corpus.state().generation == generation + 1
    assert not corpus.state().current(results_fingerprint())


def test_results_of_other_code_are_not_current(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimgraph.corpus as corpus_module
    import claimgraph.kept.persist as persist

    load(store, 300, seed=1)
    corpus = Corpus(store)
    corpus.reconcile()
    monkeypatch.setattr(corpus_module, "fingerprint", lambda: "other code")
    monkeypatch.setattr(persist, "fingerprint", lambda: "other code")
    assert not corpus.state().current("other code")
    corpus.echoes()                                             # reconciled again on the fly
    assert corpus.state().fingerprint == "other code"


def kept(store: Store) -> tuple[Any, ...]:
    with store.snapshot() as conn:
        return (results.echoes(conn), results.contradictions(conn), series.estimates(conn, None),
                results.sources(conn, {}))


def test_an_error_while_keeping_results_keeps_the_previous_ones(store: Store,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    load(store, 300, seed=3)
    corpus = Corpus(store)
    corpus.reconcile()
    before, state = kept(store), corpus.state()
    store.add_many(list(generate(200, seed=4)))
    calls: list[int] = []
    original = results.insert_rows

    def failing(*args: Any) -> None:
        calls.append(1)
        if len(calls) == 4:
            raise RuntimeError("killed while writing results")
        original(*args)

    indexes = result_indexes(store)
    monkeypatch.setattr(results, "insert_rows", failing)
    with pytest.raises(RuntimeError):
        corpus.reconcile()
    assert kept(store) == before and result_indexes(store) == indexes
    assert corpus.state().reconciled_generation == state.reconciled_generation


CHILD = """
import os, sys
from claimgraph.corpus import Corpus
from claimgraph.kept import results

original, calls = results.insert_rows, []

def dying(*args):
    calls.append(1)
    if len(calls) == 6:
        os._exit(3)          # killed half-way through writing the results: no cleanup, no rollback
    original(*args)

results.insert_rows = dying
Corpus.open(sys.argv[1]).reconcile()
"""


def test_a_killed_reconcile_leaves_a_consistent_store(db_url: str) -> None:
    with Corpus.open(db_url) as corpus:
        load(corpus.store, 300, seed=3)
        corpus.reconcile()
        before, state = kept(corpus.store), corpus.state()
        corpus.store.add_many(list(generate(200, seed=4)))
    child = subprocess.run([sys.executable, "-c", CHILD, db_url], capture_output=True, text=True, timeout=300)
    assert child.returncode == 3, child.stderr
    with Corpus.open(db_url) as corpus:
        assert kept(corpus.store) == before
        assert corpus.state().reconciled_generation == state.reconciled_generation
        assert not corpus.state().current(results_fingerprint())
        rec = assert_kept_equals_in_memory(corpus)             # and a re-run completes it
        assert len(rec.claims) == 500
