"""Incremental reconciliation against a full one of the same corpus, on both backends: a synthetic
corpus's later fifth (by publication date) added to the reconciled first four fifths.

The agreement asked here is what the design promises (see :mod:`claimgraph.kept.incremental`):
the same links, echo groups, estimate points and corroborations; contradictions and grades as
close as the window allows (a rule reaching past the window is the difference that remains).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from claimgraph.corpus import Corpus
from claimgraph.ingest import RawArticle
from claimgraph.kept.incremental import IncrementalRun, plan, reconcile_increment
from claimgraph.kept.incremental.delta import new_links
from claimgraph.kept.persist import fingerprint, reconcile_store
from claimgraph.model import Article
from claimgraph.reconcile.grading import origin_name
from claimgraph.reconcile.lexicon import reconcile_lexicon
from claimgraph.reconcile.propositions import same_proposition
from claimgraph.store import Store
from claimgraph.store import schema as s
from claimgraph.synth import Period, generate

Item = tuple[RawArticle, Article]


@pytest.fixture(scope="module")
def halves() -> tuple[list[Item], list[Item]]:
    items = sorted(generate(2500, seed=3), key=lambda it: it[1].document.published or dt.date.min)
    cut = int(len(items) * 0.8)
    return items[:cut], items[cut:]


@pytest.fixture(scope="module")
def full(halves: tuple[list[Item], list[Item]], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The whole corpus reconciled at once."""
    store = Store.open(str(tmp_path_factory.mktemp("full") / "full.db"))
    store.add_many(halves[0])
    store.add_many(halves[1])
    reconcile_store(store)
    yield store
    store.close()


def rows(store: Store, query: Any) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(query).all())


def agreement(got: Any, want: Any) -> tuple[float, float]:
    """Precision and recall of ``got`` against ``want`` (sets)."""
    got, want = set(got), set(want)
    return (len(got & want) / len(got) if got else 1.0), (len(got & want) / len(want) if want else 1.0)


def names(store: Store) -> dict[int, tuple[str, int]]:
    """Claim id → (report origin, position): what a claim is, whatever order the reports were stored in."""
    c, d = s.claim, s.document
    return {r.id: (r.origin, r.ordinal) for r in rows(store, select(c.c.id, c.c.ordinal, d.c.origin)
                                                      .join(d, d.c.id == c.c.document_id))}


def pairs(store: Store, table: Any, *extra: str) -> set[tuple[Any, ...]]:
    """A table's claim pairs (either way round), with its ``extra`` columns."""
    named = names(store)
    cols = [table.c.a_claim_id, table.c.b_claim_id, *(table.c[x] for x in extra)]
    return {(frozenset((named[r[0]], named[r[1]])), *r[2:]) for r in rows(store, select(*cols))}


def echo_pairs(store: Store) -> set[frozenset[tuple[str, int]]]:
    named, t = names(store), s.reconcile_echo_claim
    groups: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for r in rows(store, select(t.c.echo_id, t.c.claim_id)):
        groups[r.echo_id].append(named[r.claim_id])
    return {frozenset(p) for m in groups.values() for p in combinations(m, 2)}


def points(store: Store) -> list[str]:
    t, p = s.reconcile_series, s.reconcile_point
    return sorted(map(repr, rows(store, select(t.c.measure, t.c.subject, p.c.value, p.c.low, p.c.high, p.c.as_of,
                                               p.c.origin_name, p.c.superseded_by.is_(None))
                                 .join(p, p.c.series_id == t.c.id))))


def point_claims(store: Store) -> list[str]:
    named, t, pc = names(store), s.reconcile_series, s.reconcile_point_claim
    found = rows(store, select(t.c.measure, t.c.subject, pc.c.claim_id).join(pc, pc.c.series_id == t.c.id))
    return sorted(repr((r.measure, r.subject, named[r.claim_id])) for r in found)


def graded(store: Store) -> dict[tuple[str, int], Any]:
    named = names(store)
    return {named[r.claim_id]: r for r in rows(store, select(s.reconcile_claim))}


@pytest.mark.parametrize("added", ["news", "backfill"])
def test_incremental_reconcile_agrees_with_a_full_one(db_url: str, halves: tuple[list[Item], list[Item]],
                                                      full: Store, added: str) -> None:
    """``news``: the later fifth added to the earlier four; ``backfill``: the earliest fifth added to
    the later four fifths."""
    items = [*halves[0], *halves[1]]
    cut = len(halves[0]) if added == "news" else len(halves[1])
    first, then = (items[:cut], items[cut:]) if added == "news" else (items[cut:], items[:cut])
    with Corpus.open(db_url) as corpus:
        corpus.store.add_many(first)
        assert corpus.reconcile().__class__.__name__ == "Run" and corpus.full_reason == "never reconciled"
        corpus.store.add_many(then)
        run = corpus.reconcile()
        assert isinstance(run, IncrementalRun), corpus.full_reason
        assert run.new_claims == sum(len(a.claims) for _, a in then) and run.claims == 2500
        assert run.window_claims < run.claims                      # it read the window, not the corpus
        assert corpus.state().current(fingerprint())
        mine = corpus.store
        p, r = agreement(pairs(mine, s.reconcile_link), pairs(full, s.reconcile_link))
        assert p >= 0.99 and r >= 0.99, (p, r)
        p, r = agreement(echo_pairs(mine), echo_pairs(full))         # kept claims keep their group
        assert p >= 0.98 and r >= 0.98, (p, r)
        assert points(mine) == points(full)
        assert point_claims(mine) == point_claims(full)
        p, r = agreement(pairs(mine, s.reconcile_contradiction, "kind"), pairs(full, s.reconcile_contradiction, "kind"))
        assert p >= 0.97 and r >= 0.99, (p, r)          # see the module docstring of claimgraph.kept.incremental
        got, want = graded(mine), graded(full)
        assert got.keys() == want.keys()
        same = [k for k in want if got[k].corroborated_by == want[k].corroborated_by]
        assert len(same) / len(want) >= 0.999
        same = [k for k in want if got[k].credibility == want[k].credibility]
        assert len(same) / len(want) >= 0.98
        before = pairs(mine, s.reconcile_link), points(mine), graded(mine)
        again = corpus.reconcile()                                 # nothing new: nothing changes
        assert isinstance(again, IncrementalRun) and again.new_claims == 0 and again.links == 0
        assert (pairs(mine, s.reconcile_link), points(mine), graded(mine)) == before


def test_focused_links_are_the_engines_links_of_those_claims(halves: tuple[list[Item], list[Item]],
                                                             full: Store) -> None:
    """Looking only at pairs holding a focus claim finds exactly the engine's links of those claims
    (when the focus is every claim, every link)."""
    from claimgraph.reconcile.canonical import canonicalize
    from claimgraph.store import load

    with full.snapshot() as conn:
        claims = canonicalize(load.corpus_input(conn).claims)
    lex = reconcile_lexicon()
    engine = {(x.a, x.b, x.method, x.score) for x in same_proposition(claims, lex)}
    every = {(x.a, x.b, x.method, x.score) for x in new_links(claims, {cc.key for cc in claims}, lex)}
    assert every == engine and len(engine) > 1000
    some = {cc.key for cc in claims[::7]}
    focused = {(x.a, x.b, x.method, x.score) for x in new_links(claims, some, lex)}
    holding = {x for x in engine if x[0] in some or x[1] in some}
    assert agreement(focused, holding)[1] == 1.0              # every link of theirs, and a few more where
    origin = {cc.key: origin_name(cc) for cc in claims}       # the five-per-origin limit chose others:
    assert partners(focused, some, origin) == partners(holding, some, origin)   # the same origins


def partners(links: set[tuple[str, str, str, float]], keys: set[str], origin: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for a, b, _, _ in links:
        for x, y in ((a, b), (b, a)):
            if x in keys:
                out[x].add(origin[y])
    return dict(out)


def test_what_needs_a_full_reconciliation(tmp_path: Path, halves: tuple[list[Item], list[Item]]) -> None:
    store = Store.open(str(tmp_path / "c.db"))
    store.add_many(halves[0][:50])
    with store.snapshot() as conn:
        assert plan(conn, fingerprint()) == "never reconciled"
    reconcile_store(store)
    with store.snapshot() as conn:
        assert plan(conn, "another") == "the kept results were computed by other code or another lexicon"
    store.add_many(halves[0][50:60])
    with store.snapshot() as conn:
        todo = plan(conn, fingerprint())
        assert not isinstance(todo, str) and len(todo.documents) == 10
        assert plan(conn, fingerprint(), largest_share=0.01).endswith("a full reconciliation costs less")
    raw, article = halves[0][0]
    edited = article.document.model_copy(update={"sha256": "0" * 64})           # a new version of a report
    assert store.add(raw, article.model_copy(update={"document": edited})).status == "new_version"
    with store.snapshot() as conn:
        assert plan(conn, fingerprint()) == "reports were replaced by new versions since"
    reconcile_store(store)
    store.merge_entities("Ukraine", "Kyiv")
    assert reconcile_increment(store) == "entity merges or splits were decided since"
    store.close()


def test_synth_period_news_after_a_corpus() -> None:
    period = Period(dt.date(2026, 6, 1), 20)
    made = list(generate(600, seed=5, period=period))
    days = [a.document.published for _, a in made]
    assert min(days) >= dt.date(2026, 6, 1) and max(days) <= dt.date(2026, 6, 1) + dt.timedelta(days=25)
    assert all(raw.document.origin.startswith("synth://5/2026-06-01/") for raw, _ in made)
