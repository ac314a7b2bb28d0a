"""`make eval`: score extraction on shared/gold and on our own development set, as a table."""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml
from rich.console import Console
from rich.table import Table

from claimgraph.evaluate import evaluate, load_scorer
from claimgraph.pipeline import default_pipeline

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--show", action="store_true", help="list every miss")
    args = ap.parse_args()
    scorer = load_scorer(args.shared)
    floors = yaml.safe_load((ROOT / "tests" / "quality_floors.yaml").read_text())
    nlp = default_pipeline()
    sets = {"shared/gold": args.shared / "gold", "devset": ROOT / "devset"}
    results = {name: evaluate(path, scorer, nlp) for name, path in sets.items()}
    table = Table(title="claimgraph extraction quality (shared/eval/score.py)")
    table.add_column("figure")
    for name in sets:
        table.add_column(name, justify="right")
        table.add_column("floor", justify="right")
    keys = [k for k in next(iter(results.values())).figures if k not in ("articles",)]
    for key in keys:
        row = [key]
        for name, result in results.items():
            floor = floors.get(name, {}).get(key)
            value = result.figures[key]
            mark = "" if floor is None or value >= floor else " ✗"
            row += [f"{value}{mark}", "" if floor is None else str(floor)]
        table.add_row(*row)
    Console().print(table)
    if args.show:
        for name, result in results.items():
            print(f"--- {name}")
            print("\n".join(result.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
