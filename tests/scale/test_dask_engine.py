"""The Dask engine on a real local cluster: ``claimgraph ingest --engine dask`` stores what plain
ingest stores, a re-run adds nothing, bad records are reported and skipped; shards in, shards out."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from spacy.language import Language
from typer.testing import CliRunner

from claimgraph.api import extract_raw, raw_article
from claimgraph.cli.corpus import ingest
from claimgraph.errors import ClaimgraphError
from claimgraph.ingest import RawArticle
from claimgraph.model import Article
from claimgraph.scale.shards import Failure, extract_chunk, load_results, process_shard, read_shard
from claimgraph.store import AddResult, Store, as_claims

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
REPORTS = [  # four short reports of the demo corpus
    ("nis-300-killed-wire-2025-01-13", "2025-01-13", "Bayline Press"),
    ("jcs-1100-tokyo-yonhap-2024-12-24", "2024-12-24", "Kanto Chronicle"),
    ("nis-reinforcements-broadcast-2025-02-27", "2025-02-27", "Northgate Broadcast"),
    ("pentagon-10000-broadcast-2024-10-29", "2024-10-29", "Northgate Broadcast"),
]

app = typer.Typer()
app.command()(ingest)
app.command("other")(lambda: None)  # two commands, so "ingest" is named on the command line
runner = CliRunner()


def shards(root: Path) -> list[str]:
    """Two shards: records naming files, one holding its text, and one bad line."""
    records = [{"path": str(CORPUS / name / "article.txt"), "published": when, "outlet": outlet}
               for name, when, outlet in REPORTS]
    inline = {**records[3], "text": (CORPUS / REPORTS[3][0] / "article.txt").read_text(encoding="utf-8")}
    del inline["path"]
    first = [json.dumps(records[0]), "{not json", json.dumps(records[1])]
    second = [json.dumps(records[2]), json.dumps(inline)]
    paths = [root / "shard-1.jsonl", root / "shard-2.jsonl"]
    for path, lines in zip(paths, (first, second), strict=True):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(path) for path in paths]


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["ingest", *args])
    return result.exit_code, result.stderr


def stored(db: str) -> list[dict[str, Any]]:
    with Store.open(db, create=False) as store:
        return as_claims(store.claims(limit=10_000))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_dask_ingest_stores_what_plain_ingest_stores(nlp: Language, cluster: Any, new_db: Callable[[], str],
                                                     tmp_path: Path) -> None:
    inputs = shards(tmp_path)
    plain, dask = new_db(), new_db()
    code, err = run(*inputs, "--db", plain)
    assert code == 1 and "4 new, 0 unchanged, 0 new versions, 1 skipped" in err, err
    code, err = run(*inputs, "--db", dask, "--engine", "dask", "--scheduler", cluster.scheduler.address)
    assert code == 1 and "4 new, 0 unchanged, 0 new versions, 1 skipped" in err, err
    (bad,) = [line for line in err.splitlines() if line.startswith("E")]
    assert bad.startswith(f"E010: cannot read '{inputs[0]}#2': bad JSON record (invalid JSON")  # one line
    claims = stored(dask)
    assert len(claims) > 10 and claims == stored(plain)  # same claims, same keys, same order

    # a re-run adds nothing and, with nothing new to extract, does not even reach the cluster
    dead = f"tcp://127.0.0.1:{closed_port()}"
    code, err = run(*inputs, "--db", dask, "--engine", "dask", "--scheduler", dead, "--timeout", "1")
    assert code == 1 and "0 new, 4 unchanged, 0 new versions, 1 skipped" in err, err
    assert stored(dask) == claims


def test_a_local_cluster_is_started_without_a_scheduler(nlp: Language, cluster: Any, tmp_path: Path) -> None:
    shard = tmp_path / "one.jsonl"
    shard.write_text(json.dumps({"text": "Officials said on Monday that 12 ships had left the port.",
                                 "published": "2025-01-13"}) + "\n", encoding="utf-8")
    code, err = run(str(shard), "--db", str(tmp_path / "c.db"), "--engine", "dask", "--processes", "1")
    assert code == 0 and "1 new, 0 unchanged" in err, err


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path, cluster: Any) -> None:
    (tmp_path / "a.txt").write_text("Officials said the port was closed.\n", encoding="utf-8")
    dead = f"tcp://127.0.0.1:{closed_port()}"
    code, err = run(str(tmp_path / "a.txt"), "--db", str(tmp_path / "c.db"), "--engine", "dask",
                    "--scheduler", dead, "--timeout", "1")
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and lines[0].startswith(f"E051: cannot use the Dask cluster ({dead}") and len(lines) == 1, err


def test_a_scheduler_needs_the_dask_engine(tmp_path: Path) -> None:
    code, err = run(str(tmp_path / "a.txt"), "--db", str(tmp_path / "c.db"), "--scheduler", "tcp://x:8786")
    assert code == 2 and err.startswith("E014: ") and "--engine dask" in err


def test_process_shard_on_a_worker(nlp: Language, cluster: Any, new_db: Callable[[], str], tmp_path: Path) -> None:
    source = shards(tmp_path)[0]
    out = tmp_path / "out" / "shard-1.jsonl"
    result = cluster.submit(process_shard, source, str(out)).result()
    assert (result.articles, result.errors) == (2, 1)
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [("error" in line) for line in lines] == [False, True, False]  # one line per record, in order
    assert lines[1]["error"]["code"] == "E010" and lines[1]["error"]["where"] == f"{source}#2"
    assert lines[1]["error"]["message"].startswith(f"E010: cannot read '{source}#2'")
    raws = [x for x in read_shard(source) if isinstance(x, RawArticle)]
    local = list(extract_raw(raws, nlp=nlp))
    assert [Article.model_validate(line) for line in (lines[0], lines[2])] == local
    assert result.claims == sum(len(a.claims) for a in local)
    assert [p.name for p in out.parent.iterdir()] == ["shard-1.jsonl"]  # no temporary file left

    with Store.open(new_db()) as store:  # the output stored later, idempotently
        first, again = list(load_results(out, store)), list(load_results(out, store))
        claims = store.claims(limit=10_000)
    statuses = [[x.code.name if isinstance(x, ClaimgraphError) else x.status for x in run] for run in (first, again)]
    assert statuses == [["new", "E010", "new"], ["unchanged", "E010", "unchanged"]]
    assert len(claims) == sum(len(a.claims) for a in local)
    with Store.open(new_db()) as store:  # a transaction per chunk: the same, whatever the chunk
        by_one = [x.status if isinstance(x, AddResult) else x.code.name for x in load_results(out, store, chunk=1)]
        texts = [c.claim.text for c in store.claims(limit=10_000)]
        assert by_one == statuses[0] and texts == [c.claim.text for c in claims]


def test_a_report_the_pipeline_fails_on_is_skipped_with_its_reason(nlp: Language) -> None:
    good = raw_article("Officials said on Monday that 12 ships had left the port.", published="2025-01-13")
    broken = RawArticle("The ministry said the bridge was closed.", None)  # type: ignore[arg-type]
    results = extract_chunk([good, broken, good], nlp)
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Article"]
    failure = results[1]
    assert isinstance(failure, Failure) and failure.error().render().startswith("E050: extraction failed")


def test_extract_keeps_the_input_order_with_few_chunks_out(nlp: Language, cluster: Any) -> None:
    from claimgraph.scale.dask_engine import extract

    texts = [f"Officials said on Monday that {n} ships had left the port." for n in (3, 14, 25, 36, 47)]
    raws = [raw_article(text, published="2025-01-13", origin=f"r{n}") for n, text in enumerate(texts)]
    builds = cluster.run(pipelines_built)  # the plugin built the worker's pipeline when it started
    found = list(extract(raws, cluster, chunk=2, max_in_flight=1))
    assert [a.document.origin for a in found if isinstance(a, Article)] == [f"r{n}" for n in range(5)]
    assert found == list(extract_raw(raws, nlp=nlp))
    assert all(built >= 1 for built in builds.values()) and cluster.run(pipelines_built) == builds  # no task built one


def pipelines_built() -> int:
    from claimgraph.pipeline import _shared_pipeline

    return _shared_pipeline.cache_info().misses


def test_results_are_stored_in_input_order(nlp: Language, cluster: Any, tmp_path: Path) -> None:
    """Chunks come back in any order; a later version of a report must still be stored last."""
    from claimgraph.ingesting import Tally
    from claimgraph.scale.dask_engine import DaskExtraction

    texts = ["Officials said on Monday that 12 ships had left the port.",
             "The ministry said on Tuesday that the bridge would stay closed.",
             "Officials said on Monday that 14 ships had left the port."]  # a new version of the first
    raws = [raw_article(text, published="2025-01-13", origin=origin)
            for text, origin in zip(texts, ("port", "bridge", "port"), strict=True)]
    done: list[int] = []
    with Store.open(str(tmp_path / "c.db")) as store:
        extraction = DaskExtraction(store, lambda: cluster, chunk=1)
        tally = Tally()
        extraction.write(list(enumerate(raws)), tally, done.append)
        extraction.finish(tally, done.append)
        (latest,) = [article for _, origin, article in store.articles() if origin == "port"]
    assert done == [0, 1, 2] and (tally.new, tally.new_version) == (2, 1)
    assert latest.claims[0].quantities[0].value == 14
