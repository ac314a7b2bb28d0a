"""Plain ``claimgraph ingest --processes N``: worker processes kept up for the whole ingest, the
store written while they extract; what is stored is what one process stores."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from spacy.language import Language
from test_dask_engine import run, shards, stored

from claimgraph.api import raw_article
from claimgraph.scale.pipelined import PoolExtraction
from claimgraph.store import Store


def test_processes_store_what_one_process_stores(nlp: Language, new_db: Callable[[], str], tmp_path: Path) -> None:
    inputs = shards(tmp_path)
    one, two = new_db(), new_db()
    code, err = run(*inputs, "--db", one)
    assert code == 1 and "4 new, 0 unchanged, 0 new versions, 1 skipped" in err, err
    code, err = run(*inputs, "--db", two, "--processes", "2")
    assert code == 1 and "4 new, 0 unchanged, 0 new versions, 1 skipped" in err, err
    claims = stored(two)
    assert len(claims) > 10 and claims == stored(one)           # same claims, same keys, same order
    code, err = run(*inputs, "--db", two, "--processes", "2")  # a re-run adds nothing
    assert "0 new, 4 unchanged" in err and stored(two) == claims, err


def test_a_chunk_whose_worker_died_is_skipped_report_by_report(tmp_path: Path) -> None:
    raws = [raw_article("Officials said the port was closed.", published="2025-01-13", origin=f"r{n}")
            for n in range(2)]
    dead: Future[list[object]] = Future()
    dead.set_exception(BrokenProcessPool("a worker was killed"))
    with Store.open(str(tmp_path / "c.db")) as store:
        results = PoolExtraction(store, workers=2).results(dead, raws)
    assert [(f.code, f.where) for f in results] == [("E050", "r0"), ("E050", "r1")]  # type: ignore[union-attr]
    assert "BrokenProcessPool: a worker was killed" in results[0].detail  # type: ignore[union-attr]
