"""`make bench`, corpus part: a synthetic corpus (``claimgraph synth``) in SQLite and PostgreSQL.

Per backend: ingest throughput through the bulk path, with ``Store.add`` report by report on the
first reports as the baseline (ratio); one full ``claimgraph reconcile`` (read, compute and write
times, the time of each reconciliation step, peak memory of the process that ran it); and p50/p95
latency of ``estimates``, ``trace`` and a full-text ``claims --query`` answered from the kept
reconciliation, with the old way (reconciling in memory for every command) as the baseline where
the corpus is small enough to afford it.

The corpus is for load only (see ``claimgraph.synth``). Defaults: 50,000 claims in
SQLite and in PostgreSQL (where ``CLAIMGRAPH_TEST_PG`` names a server; ``scripts/pg.sh run``
starts one); ``--reconciled`` adds query latencies on stores built and reconciled beforehand (the
million-claim store of ``scripts/bench_scale.py``). ``--json`` keeps the figures for
``scripts/bench_page.py``, which writes ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, make_url, select

from claimgraph.corpus import Corpus
from claimgraph.store import Store, database_url
from claimgraph.store import schema as s
from claimgraph.synth import generate, load

ROOT = Path(__file__).resolve().parents[1]
STEPS = ("canonicalize", "echo_groups", "build_series", "find_contradictions", "same_proposition", "grade_claims",
         "track_records")
WORDS = ("killed", "troops deployed", "shelling", "prisoner", "verify", "offensive", "reinforcements",
         "drone", "casualties", "displaced")


@dataclass
class Figures:
    """What one backend and size gave."""

    backend: str
    claims: int
    documents: int = 0
    ingest_s: float = 0.0
    baseline: dict[str, float] = field(default_factory=dict)
    reconcile: dict[str, Any] = field(default_factory=dict)
    latency: dict[str, dict[str, float]] = field(default_factory=dict)
    old_way: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed_calls(calls: list[Callable[[], object]], rounds: int) -> dict[str, float]:
    """p50/p95 (ms) over ``rounds`` calls cycling through ``calls``, after one warm-up each."""
    for call in calls:
        call()
    spent = []
    for n in range(rounds):
        t0 = time.perf_counter()
        calls[n % len(calls)]()
        spent.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": round(percentile(spent, 0.5), 2), "p95_ms": round(percentile(spent, 0.95), 2),
            "calls": rounds}


@contextmanager
def database(backend: str, folder: Path) -> Iterator[str]:
    """A fresh database of the backend, removed afterwards."""
    if backend == "sqlite":
        path = folder / f"bench-{secrets.token_hex(3)}.db"
        try:
            yield str(path)
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        return
    server = os.environ["CLAIMGRAPH_TEST_PG"]
    name = f"claimgraph_bench_{secrets.token_hex(4)}"
    admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')           # generated name
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def baseline_ingest(url: str, claims: int, seed: int) -> dict[str, float]:
    """``Store.add`` report by report (one transaction each) on the first ``claims`` claims."""
    items = list(generate(claims, seed=seed))
    with Store.open(url) as store:
        t0 = time.perf_counter()
        for raw, article in items:
            store.add(raw, article)
        spent = time.perf_counter() - t0
    return {"documents_per_s": len(items) / spent, "claims_per_s": claims / spent}


def reconcile_child(url: str, timeout: float, max_gb: float, figures: Figures, full: bool = True) -> bool:
    """Run ``Corpus.reconcile`` in a child process (its own peak memory), step by step; False when
    it did not finish in time (``full``: recompute everything, else incrementally where it can)."""
    cmd = [sys.executable, __file__, "--child", url, "--max-memory-gb", str(max_gb), *(["--full"] if full else [])]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[dict[str, Any]] = []
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
        lines = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
        done = [x["step"] for x in lines if "step" in x]
        figures.reconcile = {"finished": False, "timeout_s": timeout, "steps": {x["step"]: x for x in lines
                                                                               if "step" in x}}
        figures.notes.append(f"reconcile did not finish within {timeout:.0f} s; steps done: {', '.join(done)}")
        return False
    lines = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    result = next((x for x in lines if "run" in x), None)
    if proc.returncode != 0 or result is None:
        done = [x["step"] for x in lines if "step" in x]
        why = (err.strip().splitlines() or ["no message"])[-1]
        figures.reconcile = {"finished": False, "steps": {x["step"]: x for x in lines if "step" in x}}
        figures.notes.append(f"reconcile failed after {time.perf_counter() - t0:.0f} s (exit {proc.returncode}: "
                             f"{why}; memory capped at {max_gb:.0f} GB); steps done: {', '.join(done) or 'none'}")
        return False
    figures.reconcile = {"finished": True, "wall_s": round(time.perf_counter() - t0, 1), **result,
                         "steps": {x["step"]: x for x in lines if "step" in x}}
    return True


def child(url: str, max_gb: float, full: bool) -> int:
    """The reconcile child: time each step of the engine, print JSON lines. Its address space is
    capped, so that running out of memory fails here rather than bringing in the OOM killer."""
    import claimgraph.reconcile.analysis as engine

    cap = int(max_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    def wrap(name: str) -> None:
        inner = getattr(engine, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            out = inner(*args, **kwargs)
            print(json.dumps({"step": name, "s": round(time.perf_counter() - t0, 2),
                              "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}), flush=True)
            return out

        setattr(engine, name, timed)

    for name in STEPS:
        if hasattr(engine, name):
            wrap(name)
    with Corpus.open(url, create=False) as corpus:
        run = corpus.reconcile(full=full)
        why = corpus.full_reason
    print(json.dumps({"run": {"mode": "full", "why": why, **run.as_json()},
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}), flush=True)
    return 0


def queries(url: str, rounds: int, seed: int, figures: Figures, reconciled: bool, old_way_limit: int) -> None:
    """Latencies of the corpus questions answered from the store."""
    rng = random.Random(seed)
    with Corpus.open(url, create=False, auto_reconcile=0) as corpus:
        store = corpus.store
        with store.engine.connect() as conn:
            top = conn.execute(select(s.claim.c.id).order_by(func.random()).limit(500)).scalars().all()
            series = conn.execute(select(s.reconcile_series.c.measure, s.reconcile_series.c.subject)
                                  .order_by(s.reconcile_series.c.id).limit(8)).all()
        keys = [f"C{i}" for i in top]
        rng.shuffle(keys)
        figures.latency["claims --query"] = timed_calls(
            [lambda w=w: corpus.claims(query=w, limit=50) for w in WORDS], rounds)
        if not reconciled:
            figures.notes.append("estimates and trace latencies need a finished reconcile: not measured here")
            return
        asks = [f"{subject or ''} {measure}".strip() for measure, subject in series] + ["troops deployed", "casualties"]
        figures.latency["estimates"] = timed_calls([lambda q=q: corpus.estimates(q) for q in asks], rounds)
        figures.latency["trace"] = timed_calls([lambda k=k: corpus.trace(k) for k in keys], rounds)
        if figures.claims <= old_way_limit:            # every command reconciling in memory, as before
            def old(call: Callable[[Corpus], object]) -> float:
                fresh = Corpus(store)
                t0 = time.perf_counter()
                call(fresh)
                return (time.perf_counter() - t0) * 1000

            figures.old_way["estimates_ms"] = round(old(lambda c: c.reconciliation().estimates_json(asks[0])), 1)
            figures.old_way["trace_ms"] = round(old(lambda c: c.reconciliation().grades[keys[0]]), 1)


def bench(backend: str, claims: int, args: argparse.Namespace, folder: Path) -> Figures:
    figures = Figures(backend, claims)
    print(f"[{backend}] {claims:,} claims", file=sys.stderr, flush=True)
    with database(backend, folder) as scratch:
        figures.baseline = baseline_ingest(scratch, min(args.baseline_claims, claims), args.seed)
    with database(backend, folder) as url:
        with Store.open(url) as store:
            stats = load(store, claims, seed=args.seed, batch=args.batch)
        figures.documents, figures.ingest_s = stats.documents, stats.seconds
        print(f"[{backend}] ingested in {stats.seconds:.0f} s; reconciling", file=sys.stderr, flush=True)
        reconciled = reconcile_child(url, args.reconcile_timeout, args.max_memory_gb, figures)
        print(f"[{backend}] reconcile {'done' if reconciled else 'not finished'}; queries", file=sys.stderr,
              flush=True)
        queries(url, args.rounds, args.seed, figures, reconciled, args.old_way_limit)
        if backend == "sqlite":
            size = sum(p.stat().st_size for p in Path(url).parent.glob(Path(url).name + "*"))
            figures.notes.append(f"database files {size / 2**30:.2f} GiB")
    return figures


def kept_store(url: str, args: argparse.Namespace) -> Figures:
    """Query latencies on a store built beforehand: all of them where its reconciliation is current,
    the full-text query only where it is not."""
    from claimgraph.kept.persist import fingerprint
    from claimgraph.store.state import read_state

    with Store.open(url, create=False) as store:
        figures = Figures("sqlite", store.claim_count())
        with store.snapshot() as conn:
            current = read_state(conn).current(fingerprint())
    print(f"[sqlite] {figures.claims:,} claims, built beforehand: queries", file=sys.stderr, flush=True)
    queries(url, args.rounds, args.seed, figures, current, args.old_way_limit)
    figures.notes.append("a synthetic store built beforehand" + ("" if current else ", not reconciled"))
    return figures


def total_memory_gb() -> float:
    return next((int(line.split()[1]) / 2**20 for line in Path("/proc/meminfo").read_text().splitlines()
                 if line.startswith("MemTotal")), 8.0)


def sizes(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--claims", type=sizes, default=[50_000], help="SQLite corpus sizes (comma-separated)")
    ap.add_argument("--reconciled", type=Path, nargs="*", default=[],
                    help="SQLite stores already reconciled (e.g. scripts/bench_scale.py's): query latency only")
    ap.add_argument("--pg-claims", type=sizes, default=[50_000], help="PostgreSQL corpus sizes (none: '')")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--batch", type=int, default=500, help="reports per bulk transaction")
    ap.add_argument("--baseline-claims", type=int, default=5_000, help="claims ingested one report at a time")
    ap.add_argument("--reconcile-timeout", type=float, default=3 * 3600)
    ap.add_argument("--rounds", type=int, default=200, help="timed calls per query kind")
    ap.add_argument("--old-way-limit", type=int, default=50_000, help="largest corpus timed the old way")
    ap.add_argument("--folder", type=Path, default=ROOT / ".bench", help="where SQLite files go")
    ap.add_argument("--json", type=Path, help="write the figures here (scripts/bench_page.py makes the page)")
    ap.add_argument("--max-memory-gb", type=float, default=round(total_memory_gb() * 0.65),
                    help="address space allowed to the reconcile process")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        return child(args.child, args.max_memory_gb, args.full)
    args.folder.mkdir(parents=True, exist_ok=True)
    plan = [("sqlite", n) for n in args.claims]
    if os.environ.get("CLAIMGRAPH_TEST_PG"):
        plan += [("postgresql", n) for n in args.pg_claims]
    results = [bench(backend, claims, args, args.folder) for backend, claims in plan]
    results += [kept_store(str(path), args) for path in args.reconciled]
    figures = {"seed": args.seed, "runs": [dataclasses.asdict(r) for r in results]}
    print(json.dumps(figures, indent=1))
    if args.json:
        from bench import write_json

        write_json(args.json, figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
