"""Workbench latency under load: p50/p95/p99 of the claims list, a claim's trace and the estimates
endpoint, with concurrent clients in this process against ``claimgraph serve`` in another, on
loopback only, for a fixed time.

    python scripts/bench_serve.py                          # the demo corpus (built in .bench/)
    python scripts/bench_serve.py --db big.db --clients 20 --duration 30
    python scripts/bench_serve.py --synth 1000000          # a synthetic corpus (claimgraph.synth)

Every request loop is bounded by ``--duration``; the server is stopped at the end. The first
request to each endpoint is timed on its own ("cold": counts, reconciliation, caches).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / ".bench"
MANIFEST = ROOT / "examples" / "corpus" / "manifest.jsonl"


@dataclass
class Tally:
    """Latencies (seconds) and failures of one endpoint."""

    times: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)      # requests that got no answer, by error

    def row(self, name: str, seconds: float) -> dict[str, object]:
        ms = sorted(t * 1000 for t in self.times)

        def pct(p: float) -> float:
            return round(ms[min(len(ms) - 1, int(p * len(ms)))], 1) if ms else float("nan")

        return {"endpoint": name, "requests": len(ms), "errors": self.errors,
                "p50_ms": round(statistics.median(ms), 1) if ms else float("nan"), "p95_ms": pct(0.95),
                "p99_ms": pct(0.99), "max_ms": round(ms[-1], 1) if ms else float("nan"),
                "req_per_s": round(len(ms) / seconds, 1),
                "not_ok": {**{str(k): v for k, v in self.statuses.items() if k != 200}, **self.failures}}


def demo_db() -> str:
    """The demo corpus, ingested once into .bench/serve-demo.db."""
    path = BENCH / "serve-demo.db"
    if not path.exists():
        BENCH.mkdir(exist_ok=True)
        subprocess.run([sys.executable, "-m", "claimgraph.cli", "ingest", str(MANIFEST), "--db", str(path)],
                       check=True)
    return str(path)


def synth_db(claims: int) -> str:
    """A synthetic corpus of about ``claims`` claims in .bench/, generated once, then reconciled."""
    from claimgraph.store import Store
    from claimgraph.synth import load

    path = BENCH / f"serve-synth-{claims}.db"
    if not path.exists():
        BENCH.mkdir(exist_ok=True)
        t0 = time.perf_counter()
        with Store.open(str(path)) as store:
            stats = load(store, claims=claims, seed=1)
        print(f"generated {stats.claims:,} claims in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "claimgraph.cli", "reconcile", "--db", str(path)], check=False)
    return str(path)


def start_server(db: str, workers: int = 1) -> tuple[subprocess.Popen[str], str]:
    """``claimgraph serve`` (read-only, ``workers`` processes) on a free loopback port; its base URL."""
    cmd = [sys.executable, "-m", "claimgraph.cli", "serve", "--db", db, "--port", "0", "--workers", str(workers)]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    first = lines.get(timeout=600)
    found = re.search(r"http://127\.0\.0\.1:\d+", first)
    if not found:
        process.terminate()
        raise SystemExit(f"the server did not start: {first.strip()}")
    return process, found[0]


def targets(base: str, measure: str) -> dict[str, list[str]]:
    """The URLs each endpoint is hit with (traces rotate over a few claims)."""
    with httpx.Client(base_url=base, timeout=600) as client:
        listing = client.get("/api/claims", params={"limit": 20, "annotate": "false"}).json()
    keys = [c["key"] for c in listing["items"]] or ["C1"]
    return {"claims list": ["/api/claims?limit=50"],
            "trace": [f"/api/claims/{key}/trace" for key in keys],
            "estimates": [f"/api/estimates?measure={measure}"]}


def cold(base: str, urls: dict[str, list[str]]) -> dict[str, float]:
    """The first request to each endpoint, one at a time, in milliseconds (an error's first line is
    printed: e.g. E040 where the corpus was not reconciled after it changed)."""
    out = {}
    with httpx.Client(base_url=base, timeout=600) as client:
        for name, choices in urls.items():
            t0 = time.perf_counter()
            response = client.get(choices[0])
            out[name] = round((time.perf_counter() - t0) * 1000, 1)
            if response.status_code != 200:
                print(f"{name}: HTTP {response.status_code} {response.text[:300]}", file=sys.stderr)
    return out


async def load(base: str, urls: dict[str, list[str]], clients: int, seconds: float) -> dict[str, Tally]:
    """``clients`` concurrent loops, each cycling through the endpoints, until the time is up."""
    tallies = {name: Tally() for name in urls}
    names = list(urls)
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(n: int, client: httpx.AsyncClient) -> None:
        i = n
        while time.perf_counter() < deadline:
            name = names[i % len(names)]
            url = urls[name][(i // len(names)) % len(urls[name])]
            t0 = time.perf_counter()
            try:
                response = await client.get(url)
                tally = tallies[name]
                tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1
                if response.status_code == 200:
                    tally.times.append(time.perf_counter() - t0)
                else:
                    tally.errors += 1
            except httpx.HTTPError as exc:
                tallies[name].errors += 1
                failed = type(exc).__name__
                tallies[name].failures[failed] = tallies[name].failures.get(failed, 0) + 1
            i += 1

    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        await asyncio.gather(*(client_loop(n, client) for n in range(clients)))
    return tallies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="Corpus to serve (default: the demo corpus, built in .bench/).")
    parser.add_argument("--synth", type=int, help="Serve a synthetic corpus of this many claims (built once).")
    parser.add_argument("--clients", type=int, default=20, help="Concurrent clients (default 20).")
    parser.add_argument("--duration", type=float, default=30.0, help="Seconds of load (default 30).")
    parser.add_argument("--measure", default="troops deployed", help="Measure asked of /api/estimates.")
    parser.add_argument("--workers", type=lambda v: [int(x) for x in v.split(",")], default=[1],
                        help="Server processes, one run each (comma-separated, e.g. 1,2: the same load on both).")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--out", type=Path, help="Also write the figures as JSON here (for scripts/bench_page.py).")
    args = parser.parse_args()
    db = args.db or (synth_db(args.synth) if args.synth else demo_db())
    runs, errors = [], 0
    for workers in args.workers:
        process, base = start_server(db, workers)
        try:
            urls = targets(base, args.measure)
            time.sleep(2 if workers > 1 else 0)                   # every worker up before the clock starts
            first = cold(base, urls)
            tallies = asyncio.run(load(base, urls, args.clients, args.duration))
        finally:
            process.terminate()
            process.wait(timeout=60)
        errors += sum(t.errors for t in tallies.values())
        runs.append({"workers": workers, "endpoints": [{**tallies[name].row(name, args.duration),
                                                        "cold_ms": first[name]} for name in urls]})
    figures = {"db": db, "clients": args.clients, "seconds": args.duration, "runs": runs}
    if args.out:
        from bench import write_json

        write_json(args.out, figures)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print(f"workbench under load: {args.clients} clients for {args.duration:.0f} s on loopback, db {db}")
        print(f"{'workers':>7} {'endpoint':<12} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'p99 ms':>8} {'req/s':>7} {'cold ms':>8}")
        for run in runs:
            for r in run["endpoints"]:
                print(f"{run['workers']:>7} {r['endpoint']:<12} {r['requests']:>8} {r['errors']:>6} {r['p50_ms']:>8} "
                      f"{r['p95_ms']:>8} {r['p99_ms']:>8} {r['req_per_s']:>7} {r['cold_ms']:>8}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
