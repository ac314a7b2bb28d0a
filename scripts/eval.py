"""`make eval`: extraction and corpus quality on every evaluation set, as tables.

Sets: shared/gold and devset (extraction), examples/corpus (the demo corpus), evalsets/dev and
evalsets/sealed (the blind corpus: stories written without looking at claimgraph), and the mixed
corpus (every story of evalsets/, devset/ and examples/corpus/ in one database), where any echo
group, contradiction or estimate series joining two stories is an error (``cross_story``).

The sealed stories are scored in aggregate only: ``--show`` lists misses of every other set, never
theirs. ``--sealed`` scores the sealed stories alone (``make eval-sealed``).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console
from rich.table import Table

from claimgraph.evaluate import Extracted, evaluate, evaluate_corpus, load_scorer, mixed_corpus
from claimgraph.pipeline import default_pipeline

ROOT = Path(__file__).resolve().parents[1]
EVALSETS = ROOT / "evalsets"
CORPUS_KEYS = ("echo_p", "echo_r", "echo_f1", "contradiction_p", "contradiction_r", "estimate_p", "estimate_r",
               "cross_story", "articles")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--show", action="store_true", help="list every miss (never those of the sealed stories)")
    ap.add_argument("--sealed", action="store_true", help="only the sealed stories, in aggregate")
    ap.add_argument("--json", type=Path, help="also write every figure to this file")
    args = ap.parse_args()
    scorer = load_scorer(args.shared)
    floors = yaml.safe_load((ROOT / "tests" / "quality_floors.yaml").read_text())
    nlp = default_pipeline()
    cache: Extracted = {}
    if args.sealed:
        extraction = {"evalsets/sealed": EVALSETS / "sealed"}
        corpora = {"evalsets/sealed": EVALSETS / "sealed"}
    else:
        extraction = {"shared/gold": args.shared / "gold", "devset": ROOT / "devset", "evalsets/dev": EVALSETS / "dev",
                      "evalsets/sealed": EVALSETS / "sealed"}
        corpora = {"examples/corpus": ROOT / "examples" / "corpus", "evalsets/dev": EVALSETS / "dev",
                   "evalsets/sealed": EVALSETS / "sealed"}
    extraction = {name: path for name, path in extraction.items() if path.exists()}
    results = {name: evaluate(path, scorer, nlp, cache) for name, path in extraction.items()}
    console = Console(width=max(140, Console().width))
    console.print(extraction_table(results, floors))
    with tempfile.TemporaryDirectory() as tmp:
        found = {name: evaluate_corpus(path, args.shared, str(Path(tmp) / f"{n}.db"), nlp, cache=cache)
                 for n, (name, path) in enumerate(corpora.items()) if path.exists()}
        if not args.sealed:
            mixed = mixed_corpus([EVALSETS / "dev", EVALSETS / "sealed", ROOT / "examples" / "corpus", ROOT / "devset"],
                                 Path(tmp) / "mixed")
            found["mixed"] = evaluate_corpus(mixed, args.shared, str(Path(tmp) / "mixed.db"), nlp,
                                                           cache=cache)
        console.print(corpus_table(found, floors))
        if args.show:
            for name, result in [*results.items(), *found.items()]:
                if "sealed" in name or name.startswith("mixed"):
                    continue  # sealed misses are never listed (the mixed corpus holds the sealed stories)
                print(f"--- {name}")
                print("\n".join(result.misses))
    if args.json:
        figures: dict[str, Any] = {"extraction": {k: v.figures for k, v in results.items()},
                                   "corpus": {k: v.figures for k, v in found.items()}}
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


def extraction_table(results: dict[str, Any], floors: dict[str, Any]) -> Table:
    table = Table(title="claimgraph extraction quality (shared/eval/score.py)")
    table.add_column("figure")
    for name in results:
        table.add_column(name, justify="right")
        table.add_column("floor", justify="right")
    keys = [k for k in next(iter(results.values())).figures if k not in ("articles",)] + ["articles"]
    for key in keys:
        row = [key]
        for name, result in results.items():
            row += cell(result.figures.get(key), floors.get(name, {}).get(key))
        table.add_row(*row)
    return table


def corpus_table(found: dict[str, Any], floors: dict[str, Any]) -> Table:
    table = Table(title="claimgraph corpus quality (shared/eval/score_corpus.py; cross_story: errors, goal 0)")
    table.add_column("figure")
    for name in found:
        table.add_column(name, justify="right")
        table.add_column("floor", justify="right")
    for key in CORPUS_KEYS:
        row = [key]
        for name, result in found.items():
            floor = floors.get(f"{name} corpus", {}).get(key)
            row += cell(result.figures.get(key), floor, lower_is_better=key == "cross_story")
        table.add_row(*row)
    return table


def cell(value: float | None, floor: float | None, lower_is_better: bool = False) -> list[str]:
    if value is None:
        return ["", ""]
    failed = floor is not None and (value > floor if lower_is_better else value < floor)
    return [f"{value}{' ✗' if failed else ''}", "" if floor is None else str(floor)]


if __name__ == "__main__":
    raise SystemExit(main())
