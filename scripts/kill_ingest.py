"""Kill `claimgraph ingest --processes 2` with SIGKILL at many points and check that nothing is lost.

For each of N runs: start an ingest into a new database, kill the parent process (only the parent:
the workers must end by themselves) after a random delay, check `PRAGMA integrity_check` and that
no worker outlived its parent by more than a few seconds, then run the ingest again to completion
and compare the counts of reports and claims with a clean run.

Usage: python scripts/kill_ingest.py INPUT... [--runs 100] [--min-delay S] [--max-delay S]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def ingest(db: Path, inputs: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "claimgraph.cli", "ingest", *inputs, "--processes", "2",
                             "--db", str(db), "--published", "2025-01-15"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found |= {int(x) for x in task.read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, IndexError):
        return False


def counts(db: Path) -> tuple[int, int, str]:
    with sqlite3.connect(db) as conn:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
        try:
            docs = conn.execute("SELECT count(*) FROM document WHERE superseded = 0").fetchone()[0]
            claims = conn.execute("SELECT count(*) FROM claim").fetchone()[0]
        except sqlite3.OperationalError:  # killed before the schema was made: nothing stored
            docs = claims = 0
    return docs, claims, check


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--min-delay", type=float, help="seconds (default: a tenth of the clean run's time)")
    ap.add_argument("--max-delay", type=float, help="seconds (default: the clean run's time)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        clean, killed = Path(tmp) / "clean.db", Path(tmp) / "killed.db"
        started = time.monotonic()
        ingest(clean, args.inputs).wait()
        took = time.monotonic() - started
        want = counts(clean)
        low = args.min_delay if args.min_delay is not None else took / 10
        high = args.max_delay if args.max_delay is not None else took
        print(f"clean run: {took:.1f} s; kills between {low:.1f} and {high:.1f} s", flush=True)
        bad_checks = orphans = wrong = 0
        n = finished = 0
        while n < args.runs:
            for leftover in Path(tmp).glob("killed.db*"):
                leftover.unlink()
            run = ingest(killed, args.inputs)
            time.sleep(rng.uniform(low, high))
            workers = children(run.pid)
            if run.poll() is not None:  # done before the kill: not a kill point; aim earlier
                finished += 1
                high = max(low * 1.5, high * 0.8)
                continue
            n += 1
            os.kill(run.pid, signal.SIGKILL)
            run.wait()
            deadline = time.monotonic() + 10
            while any(alive(w) for w in workers) and time.monotonic() < deadline:
                time.sleep(0.2)
            left = [w for w in workers if alive(w)]
            orphans += len(left)
            for w in left:
                os.kill(w, signal.SIGKILL)
            at_kill = counts(killed) if killed.exists() else (0, 0, "ok")
            if at_kill[0] == 0:  # killed before anything was stored: aim later next time (the load varies)
                high = min(high * 1.1, took * 3)
            bad_checks += at_kill[2] != "ok"
            ingest(killed, args.inputs).wait()
            got = counts(killed)
            wrong += got != want
            print(f"kill {n}: {at_kill[0]} reports, {at_kill[1]} claims stored, integrity {at_kill[2]}, "
                  f"{len(workers)} worker(s), {len(left)} left after 10 s; resumed: {got[0]} reports, "
                  f"{got[1]} claims, integrity {got[2]}", flush=True)
    print(f"clean run: {want[0]} reports, {want[1]} claims; {args.runs} kills ({finished} runs ended before "
          f"their kill, not counted): {bad_checks} failed integrity "
          f"checks, {orphans} orphaned workers, {wrong} resumed runs whose counts differ from the clean run")
    return 0 if not (bad_checks or orphans or wrong) else 1


if __name__ == "__main__":
    raise SystemExit(main())
