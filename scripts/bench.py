"""`make bench`: extraction speed and memory against bare en_core_web_sm on the same texts.

Corpus: the 229 Wikinews articles of GeoVirus (shared/external, read in place, evaluation
only) plus our gold and development articles, at least 200 in all. Both runs happen in this one
process, the baseline first; figures are reported as ratios to it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import spacy

from claimgraph.api import extract_raw, raw_article
from claimgraph.pipeline import BASE_MODELS, default_pipeline
from claimgraph.reconcile.analysis import reconcile
from claimgraph.store import Store

ROOT = Path(__file__).resolve().parents[1]


def corpus(shared: Path) -> list[str]:
    """At least 200 news texts."""
    texts = [el.text or "" for el in ET.parse(shared / "external" / "geovirus" / "GeoVirus.xml").iter("text")]
    for folder in [shared / "gold", ROOT / "devset"]:
        texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*/article.txt"))]
    return [t for t in texts if t.strip()]


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], object]) -> float:
    """Wall time of one call."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", type=Path, help="also write the figures here (scripts/bench_page.py reads them)")
    args = ap.parse_args()
    texts = corpus(args.shared)
    words = sum(len(t.split()) for t in texts)
    raws = [raw_article(t, published="2025-01-24") for t in texts]
    bare = next(spacy.load(m) for m in BASE_MODELS if spacy.util.is_package(m))
    list(bare.pipe(texts[:5]))
    base_mem = peak_mb()
    nlp = default_pipeline()
    list(extract_raw(raws[:5], nlp=nlp))          # warm the gazetteer indexes
    base_runs, full_runs = [], []
    for _ in range(args.rounds):                  # interleaved, so background load hits both alike
        base_runs.append(timed(lambda: list(bare.pipe(texts, batch_size=16))))
        full_runs.append(timed(lambda: list(extract_raw(raws, nlp=nlp))))
    base_s, full_s = min(base_runs), min(full_runs)
    full_mem = peak_mb()
    multi_s = timed(lambda: list(extract_raw(raws, n_process=args.processes)))
    print(f"corpus: {len(texts)} articles, {words} words")
    print(f"bare en_core_web_sm nlp.pipe : {len(texts) / base_s:7.1f} articles/s {words / base_s:9.0f} words/s")
    print(f"claimgraph extract (1 proc)  : {len(texts) / full_s:7.1f} articles/s {words / full_s:9.0f} words/s")
    print(f"claimgraph extract ({args.processes} procs) : {len(texts) / multi_s:7.1f} articles/s")
    print(f"cost ratio extract / bare parse: {full_s / base_s:.2f}x (goal <= 1.30x)")
    print(f"scaling {args.processes} procs vs 1: {full_s / multi_s:.2f}x")
    print(f"peak RSS: {base_mem:.0f} MB with the bare model loaded, {full_mem:.0f} MB after extract "
          f"({full_mem / base_mem:.2f}x)")
    if args.json:
        write_json(args.json, {"articles": len(texts), "words": words, "bare_s": round(base_s, 2),
                               "extract_s": round(full_s, 2), "processes": args.processes,
                               "multi_s": round(multi_s, 2), "cost_ratio": round(full_s / base_s, 3),
                               "efficiency": round(full_s / multi_s / args.processes, 3),
                               "bare_peak_mb": round(base_mem), "extract_peak_mb": round(full_mem)})
    articles = list(extract_raw(raws, nlp=nlp))
    urls = [("sqlite", None)]
    if os.environ.get("CLAIMGRAPH_TEST_PG"):
        urls.append(("postgresql", os.environ["CLAIMGRAPH_TEST_PG"]))
    for name, url in urls:
        corpus_bench(name, url, raws, articles, full_s)
    return 0


def write_json(path: Path, figures: dict[str, object]) -> None:
    """The figures with when and where they were measured."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = {"measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": os.cpu_count()}
    path.write_text(json.dumps({**stamp, "figures": figures}, indent=1) + "\n", encoding="utf-8")


def corpus_bench(name: str, url: str | None, raws: list, articles: list, extract_s: float) -> None:  # type: ignore[type-arg]
    """Ingest throughput into a store and the latency of corpus queries, against extraction time."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(url or str(Path(tmp) / "bench.db"))
        try:
            t0 = time.perf_counter()
            for i, (raw, article) in enumerate(zip(raws, articles, strict=True)):
                raw = dataclasses.replace(raw, document=raw.document.model_copy(update={"origin": f"bench-{i}"}))
                store.add(raw, article.model_copy(update={"document": raw.document}))
            write_s = time.perf_counter() - t0
            claims = store.corpus_claims()
            rec_s = timed(lambda: reconcile(claims))
            fts_s = timed(lambda: store.claims(query="killed", limit=50))
        finally:
            store.close()
    print(f"{name}: stored {len(articles)} reports / {len(claims)} claims in {write_s:.2f}s "
          f"({len(articles) / write_s:.0f} reports/s, {len(claims) / write_s:.0f} claims/s; "
          f"{write_s / extract_s:.2f}x the extraction time); reconcile (echoes, estimates, contradictions) "
          f"{rec_s * 1000:.0f} ms; full-text query {fts_s * 1000:.1f} ms")


if __name__ == "__main__":
    raise SystemExit(main())
