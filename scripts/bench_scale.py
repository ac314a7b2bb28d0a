"""`make bench`, scale part (issue 5): how ingest and reconciliation grow with the corpus.

- **End-to-end ingest**: ``claimgraph ingest manifest.jsonl --processes N`` on real news texts
  (the demo corpus, development set and shared gold articles, repeated under distinct origins),
  N = 1 then 2, in child processes: reports/s, claims/s, peak memory, and the 2-process
  efficiency (speed-up / 2).
- **Bulk ingest**: synthetic reports (``claimgraph synth``, already extracted: the store's side
  only) into SQLite and PostgreSQL at 10,000 and 100,000 reports, each in a child process so its
  peak memory is its own: memory should stay flat as the corpus grows.
- **Reconcile**: one full ``claimgraph reconcile`` at each corpus size (default 10k, 30k, 100k
  and 300k claims; ``make bench`` adds a million), time and peak memory per step. By default the
  synthetic stories all start within the same 7.4 years, so a larger corpus is a denser one;
  ``--claims-per-day`` makes corpora of constant density instead, whose span grows with their size.
  Then 10,000 claims of new stories added to the reconciled stores (``--add-to``) and reconciled
  again, incrementally, with a full reconcile of the same copy as the baseline where the size
  allows (``--add-baseline``).

Each figure goes into ``--json`` (default ``bench/scale.json``); ``scripts/bench_page.py`` writes
``bench/RESULTS.md`` and the plot from it. Synthetic stores are kept in ``--folder`` and reused
when their size and seed match, so a re-run does not load them again.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_corpus import Figures, database, reconcile_child, sizes, total_memory_gb
from bench_dask import corpus_texts
from sqlalchemy import func, select

from claimgraph.store import Store, schema
from claimgraph.synth import Period, load
from claimgraph.synth.world import FIRST_DAY

ROOT = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).with_name("claimgraph"))
HUGE = 10**12                         # "claims" when a load is bounded by its number of reports


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def child_json(args: list[str], timeout: float | None = None) -> dict[str, Any]:
    """Run this script in a child process and return the JSON line it prints last."""
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=timeout,
                         check=False)
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"bench child {args[:2]} failed (exit {out.returncode}): {out.stderr.strip()[-800:]}")
    return json.loads(lines[-1])


def ingest_child(url: str, reports: int, claims: int, seed: int, after: bool = False, days: int = 30,
                 span: int = 0) -> int:
    """Load synthetic reports (by count, or by claims when ``reports`` is 0) and print the figures
    (``after``: the news of the ``days`` after the store's last report; ``span``: stories start
    within this many days, where not the generator's default)."""
    with Store.open(url) as store:
        period = Period(last_published(store) + dt.timedelta(days=1), days) if after \
            else Period(FIRST_DAY, span) if span else None
        stats = load(store, claims or HUGE, seed=seed, reports=reports or None, period=period)
    print(json.dumps({"documents": stats.documents, "claims": stats.claims, "seconds": round(stats.seconds, 2),
                      "peak_rss_mb": rss_mb()}))
    return 0


def bulk_ingest(backend: str, reports: int, seed: int, folder: Path) -> dict[str, Any]:
    """Synthetic reports into a fresh database of this backend."""
    with database(backend, folder) as url:
        got = child_json(["--ingest-child", url, "--reports", str(reports), "--seed", str(seed)])
    print(f"[bulk {backend}] {got}", file=sys.stderr, flush=True)
    return {"backend": backend, "reports": reports, **got,
            "documents_per_s": round(got["documents"] / got["seconds"], 1),
            "claims_per_s": round(got["claims"] / got["seconds"], 1)}


def manifest(folder: Path, reports: int, shared: Path) -> tuple[Path, int]:
    """A JSONL manifest of ``reports`` real news texts, repeated under distinct origins, and how
    many words they hold."""
    texts = corpus_texts(shared if (shared / "gold").exists() else None)
    path = folder / f"e2e-{reports}.jsonl"
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(reports):
            text = texts[n % len(texts)]
            words += len(text.split())
            out.write(json.dumps({"text": text, "published": "2025-01-24",
                                  "outlet": "Bench Wire", "url": f"https://bench.example/{n}"}) + "\n")
    return path, words


def end_to_end(folder: Path, reports: int, processes: int, shared: Path) -> dict[str, Any]:
    """``claimgraph ingest`` of real texts through extraction into SQLite with N processes."""
    source, words = manifest(folder, reports, shared)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        db = str(Path(tmp) / "e2e.db")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        done = subprocess.run([CLI, "ingest", str(source), "--db", db, "--processes", str(processes)],
                              capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - t0
        if done.returncode != 0:
            raise SystemExit(f"claimgraph ingest failed: {done.stderr.strip()[-800:]}")
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        with Store.open(db, create=False) as store:
            counts = store.counts()
        documents, claims = counts["document"], counts["claim"]
    figures = {"processes": processes, "reports": documents, "claims": claims, "words": words,
               "seconds": round(seconds, 1),
               "documents_per_s": round(documents / seconds, 2), "claims_per_s": round(claims / seconds, 1),
               "peak_rss_mb_largest_process": round(max(peak, before) / 1024)}
    print(f"[e2e] {figures}", file=sys.stderr, flush=True)
    return figures


def synth_store(folder: Path, claims: int, seed: int, per_day: int = 0) -> tuple[str, dict[str, Any]]:
    """A SQLite store of ``claims`` synthetic claims, kept in ``folder`` and reused when present;
    with ``per_day``, its stories start over ``claims / per_day`` days (a corpus of constant
    density: a larger one covers more time, as an archive that grows day by day), else over the
    generator's 2,700 days (a larger one is denser)."""
    span = span_days(claims, per_day)
    path = folder / (f"scale-{claims}-{seed}-{per_day}a-day.db" if per_day else f"scale-{claims}-{seed}.db")
    if path.exists():
        with Store.open(str(path), create=False) as store:
            if store.claim_count() == claims:
                return str(path), {"reused": True}
        path.unlink()
    got = child_json(["--ingest-child", str(path), "--claims", str(claims), "--seed", str(seed),
                      "--span", str(span)])
    return str(path), got


def span_days(claims: int, per_day: int) -> int:
    """The days a store's stories start over (0: the generator's default)."""
    return max(1, round(claims / per_day)) if per_day else 0


def spread(per_day: int, claims: int) -> dict[str, Any]:
    """What a curve point records of its corpus's spread in time."""
    if not per_day:
        return {}
    return {"claims_per_day": per_day, "years": round(span_days(claims, per_day) / 365.25, 1)}


def last_published(store: Store) -> dt.date:
    with store.engine.connect() as conn:
        return conn.execute(select(func.max(schema.document.c.published))).scalar_one()  # type: ignore[no-any-return]


def reconcile_at(url: str, args: argparse.Namespace, full: bool = True) -> dict[str, Any]:
    """One reconcile (full, or incremental where the kept results allow) in a child process
    (``bench_corpus.reconcile_child``)."""
    figures = Figures("sqlite", 0)
    reconcile_child(url, args.reconcile_timeout, args.max_memory_gb, figures, full=full)
    with Store.open(url, create=False) as store:
        figures.claims = store.claim_count()
    out = {"claims": figures.claims, **figures.reconcile, "notes": figures.notes}
    print(f"[reconcile] {figures.claims:,} claims: wall {out.get('wall_s')} s, finished {out.get('finished')}",
          file=sys.stderr, flush=True)
    return out


def add_and_reconcile(url: str, claims: int, seed: int, args: argparse.Namespace) -> dict[str, Any]:
    """Add ``claims`` claims of the news of the ``--add-days`` after a reconciled store's last report
    (new stories, the live-feed case) to a copy of it, reconcile incrementally, then (the baseline,
    where ``--add-baseline`` allows the size) reconcile the same copy in full."""
    copy = Path(url).with_name(Path(url).stem + "-plus.db")
    shutil.copyfile(url, copy)
    try:
        added = child_json(["--ingest-child", str(copy), "--claims", str(claims), "--seed", str(seed), "--after",
                            "--days", str(args.add_days)])
        out = {"added": added, "days": args.add_days, "incremental": reconcile_at(str(copy), args, full=False)}
        with Store.open(str(copy), create=False) as store:
            size = store.claim_count()
        if size <= args.add_baseline:
            out["full"] = reconcile_at(str(copy), args, full=True)
        return out
    finally:
        copy.unlink(missing_ok=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folder", type=Path, default=ROOT / ".bench")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "scale.json")
    ap.add_argument("--parts", default="e2e,bulk,reconcile,add", help="which parts to run (comma-separated)")
    ap.add_argument("--e2e-reports", type=int, default=400)
    ap.add_argument("--bulk-reports", type=sizes, default=[10_000, 100_000])
    ap.add_argument("--reconcile-claims", type=sizes, default=[10_000, 30_000, 100_000, 300_000])
    ap.add_argument("--add-claims", type=int, default=10_000)
    ap.add_argument("--add-to", type=sizes, default=[100_000], help="the corpus sizes claims are added to")
    ap.add_argument("--add-days", type=int, default=30, help="the added claims are the news of this many days")
    ap.add_argument("--add-baseline", type=int, default=150_000,
                    help="reconcile in full after the incremental run, as its baseline, up to this many claims")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--reconcile-timeout", type=float, default=3 * 3600)
    ap.add_argument("--max-memory-gb", type=float, default=round(total_memory_gb() * 0.65))
    ap.add_argument("--ingest-child", help=argparse.SUPPRESS)
    ap.add_argument("--reports", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--claims", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--after", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--days", type=int, default=30, help=argparse.SUPPRESS)
    ap.add_argument("--span", type=int, default=0, help=argparse.SUPPRESS)
    ap.add_argument("--claims-per-day", type=int, default=0,
                    help="stores of constant density: stories start over claims / this many days "
                         "(default: all over 2,700 days); the curve is kept apart as reconcile_constant_density")
    args = ap.parse_args()
    if args.ingest_child:
        return ingest_child(args.ingest_child, args.reports, args.claims, args.seed, args.after, args.days,
                            args.span)
    args.folder.mkdir(parents=True, exist_ok=True)
    parts = set(args.parts.split(","))

    def keep(name: str, value: Any) -> None:
        """Record one part's figures at once (the file read again: parts may run side by side), so
        a later part failing loses nothing."""
        found = json.loads(args.json.read_text()) if args.json.exists() else {}
        found[name] = {"measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                       "cores": os.cpu_count(), "figures": value}
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(found, indent=1) + "\n", encoding="utf-8")

    if "e2e" in parts:
        keep("end_to_end", [end_to_end(args.folder, args.e2e_reports, n, args.shared) for n in (1, 2)])
    if "bulk" in parts:
        backends = ["sqlite"] + (["postgresql"] if os.environ.get("CLAIMGRAPH_TEST_PG") else [])
        keep("bulk_ingest", [bulk_ingest(b, n, args.seed, args.folder) for b in backends for n in args.bulk_reports])
    if "reconcile" in parts:
        curve = []
        for n in sorted(args.reconcile_claims):
            url, made = synth_store(args.folder, n, args.seed, args.claims_per_day)
            curve.append({**reconcile_at(url, args), "store": made, **spread(args.claims_per_day, n)})
            keep("reconcile_constant_density" if args.claims_per_day else "reconcile", curve)
    if "add" in parts and args.add_claims:
        added = []
        for n in args.add_to:
            url, _ = synth_store(args.folder, n, args.seed, args.claims_per_day)
            added.append({"to": n, **add_and_reconcile(url, args.add_claims, args.seed + 1, args),
                          **spread(args.claims_per_day, n)})
            keep("add_to_largest_constant_density" if args.claims_per_day else "add_to_largest", added)
    print(f"wrote {args.json}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
