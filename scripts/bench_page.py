"""`make bench`, last step: write ``bench/RESULTS.md`` and ``bench/reconcile_cost.png`` from the
figures the benchmark scripts kept in ``bench/*.json``.

Each part says when it was measured; a part not run yet says so. Everything below the marker
line of an existing page (hand-written analysis) is kept.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sqlite3
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
KEEP = "<!-- analysis: kept when the figures above are regenerated -->"
SPAN_YEARS = 7.4            # the synthetic corpus's stories start over 2,700 days unless told otherwise
GDELT_PER_DAY = 300_000                 # articles a day: GDELT's order of magnitude, "a few hundred thousand"
GDELT_WORDS = 600                       # words in a full news article (an assumption, stated on the page)
GOALS = {"ratio": 1.3, "efficiency": 0.8, "memory": 0.2, "add_s": 60.0}


def read(folder: Path, name: str) -> dict[str, Any] | None:
    path = folder / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def when(part: dict[str, Any] | None) -> str:
    return f"measured {part['measured']} on {part['cores']} cores" if part else "not measured yet"


def table(head: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(head))) + "|"]
    return out + ["| " + " | ".join(f"{c:,}" if isinstance(c, int) else str(c) for c in row) + " |" for row in rows]


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) / 2**20 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0.0)
    return [f"- CPU: {cpu}, {os.cpu_count()} cores; memory {mem:.0f} GiB; {platform.platform()}",
            f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; PostgreSQL from "
            "`scripts/pg.sh` (local server, fsync off)",
            "- The machine is shared with other work while benchmarks run: ratios against a baseline run in "
            "the same process are the figures to trust, absolute rates are indicative."]


def extraction(ex: dict[str, Any] | None, dask: dict[str, Any] | None) -> list[str]:
    out = ["## Extraction", "", f"`scripts/bench.py` ({when(ex)}); `scripts/bench_dask.py` ({when(dask)}).", ""]
    if ex:
        f = ex["figures"]
        out += table(["run", "articles/s", "words/s", "peak RSS MB"], [
            ["bare en_core_web_sm `nlp.pipe`", round(f["articles"] / f["bare_s"], 1), round(f["words"] / f["bare_s"]),
             f["bare_peak_mb"]],
            ["claimgraph extract, 1 process", round(f["articles"] / f["extract_s"], 1),
             round(f["words"] / f["extract_s"]), f["extract_peak_mb"]],
            [f"claimgraph extract, {f['processes']} processes", round(f["articles"] / f["multi_s"], 1),
             round(f["words"] / f["multi_s"]), ""]])
        out += ["", f"- Per-core cost against bare spaCy on the same {f['articles']} texts: **{f['cost_ratio']:.2f}x** "
                f"(goal at most {GOALS['ratio']}x).",
                f"- {f['processes']}-process efficiency (speed-up / processes): **{f['efficiency']:.0%}** "
                f"(goal at least {GOALS['efficiency']:.0%})."]
    if dask:
        f = dask["figures"]
        out += [f"- Dask LocalCluster of {f['workers']} workers against {f['workers']} plain processes, "
                f"{f['articles']} articles, {f['chunk']} per task: **{f['overhead']:.2f}x** the time "
                f"({f['processes_s']:.1f} s against {f['dask_s']:.1f} s; cluster start-up "
                f"{f['dask_startup_s']:.1f} s not counted)."]
    return [*out, ""]


def ingest(scale: dict[str, Any] | None) -> list[str]:
    e2e, bulk = (scale or {}).get("end_to_end"), (scale or {}).get("bulk_ingest")
    out = ["## Ingest", "", f"End to end, `claimgraph ingest manifest.jsonl --processes N` on real news texts "
           f"through extraction into SQLite ({when(e2e)}):", ""]
    if e2e:
        rows = e2e["figures"]
        out += table(["processes", "reports", "claims", "s", "reports/s", "claims/s", "peak RSS MB (largest process)"],
                     [[r["processes"], r["reports"], r["claims"], r["seconds"], r["documents_per_s"], r["claims_per_s"],
                       r["peak_rss_mb_largest_process"]] for r in rows])
        if len(rows) > 1:
            eff = rows[0]["seconds"] / rows[1]["seconds"] / rows[1]["processes"]
            out += ["", f"- End-to-end {rows[1]['processes']}-process efficiency: **{eff:.0%}**."]
    out += ["", "Store side only: synthetic reports already extracted (`claimgraph synth`, the bulk path, one "
            f"transaction per 500 reports), each load in its own process ({when(bulk)}):", ""]
    if bulk:
        rows = bulk["figures"]
        out += table(["backend", "reports", "claims", "s", "reports/s", "claims/s", "peak RSS MB"],
                     [[r["backend"], r["documents"], r["claims"], r["seconds"], r["documents_per_s"],
                       r["claims_per_s"], r["peak_rss_mb"]] for r in rows])
        for backend in sorted({r["backend"] for r in rows}):
            mine = sorted((r for r in rows if r["backend"] == backend), key=lambda r: r["documents"])
            if len(mine) > 1:
                growth = mine[-1]["peak_rss_mb"] / mine[0]["peak_rss_mb"] - 1
                out.append(f"\n- {backend}: peak memory {growth:+.0%} from {mine[0]['documents']:,} to "
                           f"{mine[-1]['documents']:,} reports (goal within ±{GOALS['memory']:.0%}).")
    return [*out, ""]


def slope(points: list[tuple[float, float]]) -> float | None:
    """The exponent of cost against size between the smallest and the largest corpus (1: linear)."""
    if len(points) < 2:
        return None
    (x0, y0), (x1, y1) = points[0], points[-1]
    return math.log(y1 / y0) / math.log(x1 / x0) if y0 > 0 and y1 > 0 and x1 > x0 else None


def cost(run: dict[str, Any]) -> float:
    """Seconds a reconcile spent reading, computing and writing."""
    r = run["run"]
    return float(r["load_s"] + r["compute_s"] + r["write_s"])


CURVES = (("reconcile", "add_to_largest", f"stories over {SPAN_YEARS} years: a larger corpus is a denser one"),
          ("reconcile_constant_density", "add_to_largest_constant_density",
           "constant density: a larger corpus covers more time, as an archive that grows day by day"))


def reconciliation(scale: dict[str, Any] | None, folder: Path) -> list[str]:
    out = ["## Reconcile", "", "One full `claimgraph reconcile` of a synthetic SQLite store, in its own process. Two "
           "kinds of corpus: all stories starting within the same 7.4 years, so that a larger corpus is a denser "
           "one (more claims per subject, place and year for linking, contradictions and echoes to compare), and "
           "corpora of a constant number of claims a day, whose span grows with their size.", ""]
    drawn = []
    for key, added_key, label in CURVES:
        curve, added = (scale or {}).get(key), (scale or {}).get(added_key)
        if curve:
            rows, lines = _curve(curve, label)
            out += lines
            if rows:
                drawn.append((label.split(":")[0], rows))
        if added:
            out += _added(added)
    if drawn:
        out += ["", f"![reconcile cost against corpus size]({plot(drawn, folder).name})"]
    return [*out, ""]


def _curve(curve: dict[str, Any], label: str) -> tuple[list[dict[str, Any]], list[str]]:
    """One curve's table, its growth exponents and notes; the finished runs."""
    done = [r for r in curve["figures"] if r.get("finished")]
    steps = list(done[-1].get("steps", {})) if done else []
    out = [f"### {label[0].upper()}{label[1:]} ({when(curve)})", ""]
    out += table(["claims", "years", "reconcile s", "read s", "compute s", "write s", "peak RSS MB", *steps],
                 [[r["claims"], r.get("years", SPAN_YEARS), round(cost(r), 1), r["run"]["load_s"],
                   r["run"]["compute_s"], r["run"]["write_s"], r["peak_rss_mb"],
                   *(r["steps"].get(k, {}).get("s", "") for k in steps)] for r in done])
    out += ["", "(years: the span the corpus's stories start in; reconcile s = read + compute + write; the "
            "process's start-up is left out.)"]
    time_exp = slope([(r["claims"], cost(r)) for r in done])
    mem_exp = slope([(r["claims"], r["peak_rss_mb"]) for r in done])
    if time_exp is not None and mem_exp is not None:
        out += ["", f"- Cost grows as claims^{time_exp:.2f} in time and claims^{mem_exp:.2f} in memory from the "
                "smallest to the largest corpus (1.00 is linear)."]
    for r in curve["figures"]:
        steps_done = ", ".join(f"{k} {v['s']:.0f} s ({v['rss_mb']:,} MB)" for k, v in r.get("steps", {}).items())
        out += [f"- {r['claims']:,} claims over {r.get('years', SPAN_YEARS)} years: {n}"
                + (f"; step times and peak memory: {steps_done}" if not r.get("finished") and steps_done else "")
                for n in r.get("notes", [])]
    return done, [*out, ""]


def _added(added: dict[str, Any]) -> list[str]:
    out = [f"Adding claims to a reconciled store of this kind ({when(added)}): the news of the days after its "
           "last report (new stories, synthetic), then `claimgraph reconcile`, which reads only the new reports and "
           "the kept claims published within the rules' reach of them; the same copy then reconciled in full, as "
           "the baseline, where its size allows:", ""]
    out += table(["store claims", "years", "added claims", "reports", "days", "window claims", "incremental s",
                  "peak RSS MB", "full s", "full / incremental"], [_added_row(f) for f in added["figures"]])
    return [*out, "", f"(The goal: under {GOALS['add_s']:.0f} s for 10,000 claims added to 1,000,000; window "
            "claims: the kept claims read beside the new ones.)", ""]


def _added_row(f: dict[str, Any]) -> list[Any]:
    inc, full = f["incremental"], f.get("full")
    run = inc.get("run", {})
    inc_s = round(cost(inc), 1) if inc.get("finished") else "not finished"
    full_s = round(cost(full), 1) if full and full.get("finished") else ""
    ratio = f"{full_s / inc_s:.1f}x" if full_s and isinstance(inc_s, float) and inc_s else ""
    mode = "" if run.get("mode") == "incremental" else f" ({run.get('mode')}: {run.get('why')})"
    return [f["to"], f.get("years", SPAN_YEARS), f["added"]["claims"], f["added"]["documents"], f["days"],
            run.get("window_claims", "") - f["added"]["claims"] if run.get("window_claims") else "",
            f"{inc_s}{mode}", inc.get("peak_rss_mb", ""), full_s, ratio]


def plot(curves: list[tuple[str, list[dict[str, Any]]]], folder: Path) -> Path:
    """Time and peak memory of a full reconcile against corpus size, log-log, one line per kind of
    corpus, each with a linear guide from its smallest corpus."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = folder / "reconcile_cost.png"
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, label in ((axes[0], "seconds (read + compute + write)"), (axes[1], "peak RSS (MB)")):
        for n, (name, rows) in enumerate(curves):
            xs = [r["claims"] for r in rows]
            ys = [cost(r) if label.startswith("seconds") else r["peak_rss_mb"] for r in rows]
            colour = f"C{n}"
            ax.loglog(xs, ys, "o-", color=colour, label=name)
            ax.loglog(xs, [ys[0] * x / xs[0] for x in xs], ":", color=colour, alpha=0.6,
                      label=f"linear from {xs[0]:,}")
        ax.set_xlabel("claims in the corpus")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle("claimgraph reconcile: full run against corpus size")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def queries(corpus: dict[str, Any] | None, serve: dict[str, Any] | None) -> list[str]:
    out = ["## Queries", "", f"Corpus questions answered from the kept reconciliation, one process "
           f"(`scripts/bench_corpus.py`, {when(corpus)}):", ""]
    if corpus:
        rows = [[r["backend"], r["claims"], name, lat["p50_ms"], lat["p95_ms"], lat["calls"]]
                for r in corpus["figures"]["runs"] for name, lat in r["latency"].items()]
        out += table(["backend", "claims", "query", "p50 ms", "p95 ms", "calls"], rows)
        out += ["", *(f"- {r['backend']}, {r['claims']:,} claims: {n}" for r in corpus["figures"]["runs"]
                      for n in r["notes"])]
    out += ["", f"Workbench REST API under load from a second process on loopback (`scripts/bench_serve.py`, "
            f"{when(serve)}):", ""]
    if serve:
        f = serve["figures"]
        runs = f.get("runs") or [{"workers": 1, "endpoints": f["endpoints"]}]
        where = "/".join(Path(f["db"]).parts[-2:])
        out += [f"Corpus `{where}`, {f['clients']} concurrent clients for {f['seconds']:.0f} s, "
                f"`claimgraph serve --workers N`.", ""]
        out += table(["workers", "endpoint", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "req/s", "cold ms"],
                     [[run["workers"], r["endpoint"], r["requests"], r["errors"], r["p50_ms"], r["p95_ms"],
                       r["p99_ms"], r["req_per_s"], r["cold_ms"]] for run in runs for r in run["endpoints"]])
        if len(runs) > 1:
            total = {run["workers"]: sum(r["req_per_s"] for r in run["endpoints"]) for run in runs}
            base = total[runs[0]["workers"]]
            out += ["", "- Requests a second in all: " + ", ".join(
                f"{total[w]:.1f} with {w} worker(s) ({total[w] / base:.2f}x)" for w in total) + "."]
    return [*out, ""]


def gdelt(scale: dict[str, Any] | None) -> list[str]:
    """How many cores keep up with GDELT's volume, from the measured end-to-end rates."""
    out = ["## Keeping up with GDELT", ""]
    e2e = (scale or {}).get("end_to_end")
    if not e2e or "words" not in e2e["figures"][0]:
        return [*out, "Needs the end-to-end ingest figures.", ""]
    one = next(r for r in e2e["figures"] if r["processes"] == 1)
    most = max(e2e["figures"], key=lambda r: r["processes"])
    eff = min(1.0, one["seconds"] / most["seconds"] / most["processes"]) if most is not one else 1.0
    words_per_core = one["words"] / one["seconds"] * eff
    per_article = one["words"] / one["reports"]
    need = GDELT_PER_DAY * GDELT_WORDS / 86_400
    cores = math.ceil(need / words_per_core)
    out += [f"GDELT's order of magnitude is a few hundred thousand articles a day; take {GDELT_PER_DAY:,} of "
            f"{GDELT_WORDS} words (full news articles; the texts measured here average {per_article:.0f}), "
            f"{need:,.0f} words a second. End-to-end ingest (extraction and storing, start-up included) "
            f"runs at {one['words'] / one['seconds']:,.0f} words a second per process, {eff:.0%} of that per "
            f"core with {most['processes']} processes: **about {cores} cores** keep up, and a margin for "
            "peaks (GDELT's 15-minute batches) and re-runs makes it a few more.",
            "", *_gdelt_reconcile(scale or {}, one["claims"] / one["reports"])]
    return [*out, ""]


def _gdelt_reconcile(scale: dict[str, Any], claims_per_article: float) -> list[str]:
    """What incremental reconciliation of GDELT's volume would take, from the largest measured add."""
    adds = [f for key in ("add_to_largest", "add_to_largest_constant_density") for f in
            (scale.get(key) or {}).get("figures", []) if f["incremental"].get("finished")
            and f["incremental"].get("run", {}).get("mode") == "incremental"]
    if not adds:
        return ["Reconciliation: no incremental run measured yet."]
    big = max(adds, key=lambda f: (f["to"], -cost(f["incremental"])))
    run, seconds = big["incremental"]["run"], cost(big["incremental"])
    per_day = GDELT_PER_DAY * claims_per_article
    year = per_day * 365
    return [f"Reconciliation is incremental: adding {big['added']['claims']:,} claims to the {big['to']:,}-claim "
            f"store took {seconds:.0f} s on one core, reading {run['window_claims']:,} claims (the new ones and "
            "the kept claims published within a year of them, the rules' reach). Its cost follows that window, "
            f"not the archive. At GDELT's volume ({GDELT_PER_DAY:,} articles a day at the "
            f"{claims_per_article:.0f} claims an article measured here, {per_day:,.0f} claims a day) a year "
            f"around the new claims holds about {year:,.0f} claims: one process cannot hold that window, so "
            "a feed of that size needs the corpus partitioned (by theatre or subject: the rules relate claims "
            "of the same subject, or naming none) or a shorter reach; at the few thousand articles a day of a focused "
            "monitoring desk, the measured window is of that order."]


def length(part: dict[str, Any] | None) -> list[str]:
    """Extraction cost against article length (scripts/bench_length.py): time per word and peak
    memory as ratios to the 1 KB point; flat is the goal."""
    out = ["## Article length", "", f"One article of each size through `claimgraph.extract` ({when(part)}); "
           "ratios to the first size. Texts over spaCy's max_length are read in paragraph chunks.", ""]
    if not part:
        return [*out, ""]
    out += ["| size | µs/word (wall) | time/word | CPU/word | peak memory | memory |", "|---|---|---|---|---|---|"]
    for p in part["figures"]["points"]:
        out.append(f"| {p['kb']:,} KB | {p['us_per_word']:.0f} | {p['time_per_word_ratio']:.2f} | "
                   f"{p['cpu_per_word_ratio']:.2f} | {p['peak_mb']:,} MB | {p['peak_memory_ratio']:.2f} |")
    return [*out, ""]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--folder", type=Path, default=ROOT / "bench")
    args = ap.parse_args()
    f = args.folder
    scale = read(f, "scale")
    page = ["# claimgraph benchmarks", "", "Written by `scripts/bench_page.py` from the figures in `bench/*.json` "
            "(`make bench` runs every part).", "", "## Machine", "", *machine(), "",
            *extraction(read(f, "extract"), read(f, "dask")), *length(read(f, "length")), *ingest(scale),
            *reconciliation(scale, f),
            *queries(read(f, "corpus"), read(f, "serve")), *gdelt(scale)]
    text = "\n".join(page)
    out = f / "RESULTS.md"
    kept = out.read_text(encoding="utf-8") if out.exists() else ""
    text += "\n" + (kept[kept.index(KEEP):] if KEEP in kept else KEEP + "\n")
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
