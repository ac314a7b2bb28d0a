"""`make fuzz`: run the hypothesis fuzz suite (tests/fuzz) with random seeds until a time budget or
a number of cases per target is spent, and print the cases run and the crashes found.

Usage: python scripts/fuzz.py [--minutes M] [--examples N]
Each round runs every target with N cases (random seeds); rounds repeat until M minutes are spent.
A crash prints hypothesis's minimal failing input: add it to tests/fuzz/test_regressions.py.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=float(os.environ.get("FUZZ_MINUTES", "10")))
    ap.add_argument("--examples", type=int, default=int(os.environ.get("FUZZ_EXAMPLES", "2000")))
    ap.add_argument("--only", help="one module of tests/fuzz, e.g. test_fuzz_parsers.py (default: all)")
    args = ap.parse_args()
    env = {**os.environ, "CLAIMGRAPH_FUZZ_PROFILE": "fuzz", "CLAIMGRAPH_FUZZ_EXAMPLES": str(args.examples)}
    deadline = time.monotonic() + args.minutes * 60
    cases = crashes = rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        where = ROOT / "tests" / "fuzz" / (args.only or "")
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(where),
                   "--hypothesis-show-statistics"]
        run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        cases += sum(int(a) + int(b) for a, b in re.findall(r"- (\d+) passing, (\d+) failing", run.stdout))
        failed = len(re.findall(r"^FAILED ", run.stdout, flags=re.M))
        crashes += failed
        print(f"round {rounds}: {cases:,} cases so far, {crashes} crash(es)", flush=True)
        if failed:
            print(run.stdout[-6000:])
    print(f"fuzz: {cases:,} cases in {rounds} round(s), {crashes} crash(es)")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
