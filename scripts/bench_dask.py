"""Dask overhead: extraction throughput through plain worker processes (``extract_raw(n_process=N)``,
as ``claimgraph ingest --processes N``) and through a Dask LocalCluster of N single-threaded worker
processes (as ``claimgraph ingest --engine dask --processes N``), on the same texts in one run.

Texts: the demo corpus, the development set and, where ``../shared`` is beside the repository,
the gold articles, repeated (with distinct origins) up to ``--articles``. Both engines are warm
when timed: the pipeline is built in this process before the pool forks, and preloaded on the
Dask workers (the cluster's start-up is reported apart). Needs ``pip install 'claimgraph[scale]'``.

    .venv/bin/python scripts/bench_dask.py --workers 2 --articles 128
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from claimgraph.api import extract_raw, raw_article
from claimgraph.ingest import RawArticle
from claimgraph.pipeline import default_pipeline

ROOT = Path(__file__).resolve().parents[1]


def corpus_texts(shared: Path | None) -> list[str]:
    """The article texts at hand: demo corpus, development set, shared gold articles."""
    folders = [ROOT / "examples" / "corpus", ROOT / "devset"] + ([shared / "gold"] if shared else [])
    texts = [p.read_text(encoding="utf-8") for folder in folders for p in sorted(folder.glob("*/article.txt"))]
    return [t for t in texts if t.strip()]


def timed(fn: Callable[[], object]) -> float:
    """Wall time of one call, in seconds."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_engines(raws: list[RawArticle], workers: int, rounds: int = 1, chunk: int = 16) -> dict[str, float]:
    """Seconds for extracting ``raws`` with plain processes and with a Dask LocalCluster (best of
    ``rounds`` each, interleaved so that background load hits both alike), the cluster's start-up,
    and their ratio (the Dask overhead)."""
    from claimgraph.scale.dask_engine import extract, open_client

    # the pool's workers call default_pipeline(None): built here under that key, they inherit it
    list(extract_raw(raws[:2], nlp=default_pipeline(None)))
    start = time.perf_counter()
    with open_client(None, workers=workers) as client:
        startup = time.perf_counter() - start
        list(extract(raws[: 2 * workers], client, chunk=1))  # every worker has run a task
        plain, dask = [], []
        for _ in range(rounds):
            plain.append(timed(lambda: list(extract_raw(raws, n_process=workers, batch_size=chunk))))
            dask.append(timed(lambda: list(extract(raws, client, chunk=chunk))))
    return {"processes_s": min(plain), "dask_s": min(dask), "dask_startup_s": startup,
            "overhead": min(dask) / min(plain)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--articles", type=int, default=128)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=16, help="articles per task")
    ap.add_argument("--json", type=Path, help="also write the figures here (scripts/bench_page.py reads them)")
    args = ap.parse_args()
    texts = corpus_texts(args.shared if (args.shared / "gold").exists() else None)
    picked = [texts[n % len(texts)] for n in range(args.articles)]
    raws = [raw_article(text, published="2025-01-24", origin=f"bench/{n}") for n, text in enumerate(picked)]
    words = sum(len(t.split()) for t in picked)
    found = bench_engines(raws, args.workers, args.rounds, args.chunk)
    print(f"corpus: {len(raws)} articles, {words} words ({len(texts)} distinct texts); {args.workers} workers, "
          f"{args.chunk} articles per task")
    for name, key in (("plain processes", "processes_s"), ("Dask LocalCluster", "dask_s")):
        seconds = found[key]
        print(f"{name:18}: {len(raws) / seconds:7.1f} articles/s {words / seconds:9.0f} words/s ({seconds:.1f} s)")
    print(f"Dask overhead: {found['overhead']:.2f}x the plain processes' time "
          f"(cluster start-up with the pipeline loaded: {found['dask_startup_s']:.1f} s, not counted)")
    if args.json:
        from bench import write_json

        write_json(args.json, {"articles": len(raws), "words": words, "workers": args.workers,
                               "chunk": args.chunk, **{k: round(v, 3) for k, v in found.items()}})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
