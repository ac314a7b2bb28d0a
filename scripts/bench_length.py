"""`make bench`: extraction cost against article length (time per word and peak memory).

One text per size (1, 10, 100 and 1,000 KB by default), made of the gold and development articles
(shared/gold, devset) written one after another and cut at a paragraph end; each size is
extracted in a fresh process, so that its peak resident memory is its own (the pipeline loaded
and warmed first, then the text extracted: small sizes several times, the best time kept). Time
per word (wall clock, and CPU time of the process, which other work on the machine disturbs less)
and peak memory are reported as ratios to the smallest size; flat means linear. A text over the
pipeline's ``max_length`` (1,000,000 characters) is read in chunks of paragraphs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KB = 1024


def articles(shared: Path) -> list[str]:
    """The gold and development articles, in a fixed order."""
    paths = sorted((shared / "gold").glob("*/article.txt")) + sorted((ROOT / "devset").glob("*/article.txt"))
    return [t for t in (p.read_text(encoding="utf-8").strip() for p in paths) if t]


def text_of(size_kb: int, shared: Path) -> str:
    """About ``size_kb`` KB of news text: whole articles one after another, cut at the last
    paragraph end within the size (at least one paragraph)."""
    texts, want = articles(shared), size_kb * KB
    parts: list[str] = []
    total = 0
    while total < want + KB:
        parts.append(texts[len(parts) % len(texts)])
        total += len(parts[-1]) + 1
    text = "\n".join(parts)
    cut = text.rfind("\n", 0, want)
    return text[:cut] if cut > 0 else text[: text.find("\n") if "\n" in text else len(text)]


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(size_kb: int, shared: Path, min_seconds: float) -> dict[str, float]:
    """Extract the text of one size in this process: best time of the runs, peak memory."""
    from claimgraph.api import chunk_bounds, extract_raw, raw_article
    from claimgraph.pipeline import default_pipeline

    nlp = default_pipeline()
    warm = raw_article(articles(shared)[0], published="2025-01-24")
    list(extract_raw([warm], nlp=nlp))            # load the gazetteer and city indexes
    loaded = peak_mb()
    text = text_of(size_kb, shared)
    raw = raw_article(text, published="2025-01-24")
    runs: list[float] = []
    cpu: list[float] = []
    while not runs or (sum(runs) < min_seconds and len(runs) < 50):
        t0, c0 = time.perf_counter(), time.process_time()
        list(extract_raw([raw], nlp=nlp))
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    words = len(text.split())
    return {"kb": size_kb, "chars": len(text), "words": words, "runs": len(runs), "seconds": round(min(runs), 4),
            "us_per_word": round(min(runs) / words * 1e6, 2), "cpu_us_per_word": round(min(cpu) / words * 1e6, 2),
            "chunks": len(chunk_bounds(text, nlp.max_length)),
            "loaded_mb": round(loaded), "peak_mb": round(peak_mb()), "extra_mb": round(peak_mb() - loaded)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--sizes", default="1,10,100,1000", help="text sizes in KB, comma-separated")
    ap.add_argument("--min-seconds", type=float, default=3.0, help="repeat a size until this much time is spent")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "length.json")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)       # the child: measure one size
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(measure(args.one, args.shared, args.min_seconds)))
        return 0
    points = []
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run([sys.executable, __file__, "--shared", str(args.shared), "--min-seconds",
                              str(args.min_seconds), "--one", str(size)], capture_output=True, text=True)
        if out.returncode:
            sys.stderr.write(out.stderr)
            raise SystemExit(f"bench_length: the {size} KB run failed (exit {out.returncode})")
        point = json.loads(out.stdout.strip().splitlines()[-1])
        points.append(point)
        print(f"{size:>6} KB {point['words']:>8} words {point['chunks']:>2} chunk(s) {point['seconds']:>9.3f} s "
              f"{point['us_per_word']:>7.1f} us/word ({point['cpu_us_per_word']:.1f} CPU)  "
              f"peak {point['peak_mb']:>5} MB (+{point['extra_mb']} MB over the loaded pipeline)", flush=True)
    first = points[0]
    for point in points:
        point["time_per_word_ratio"] = round(point["us_per_word"] / first["us_per_word"], 3)
        point["cpu_per_word_ratio"] = round(point["cpu_us_per_word"] / first["cpu_us_per_word"], 3)
        point["peak_memory_ratio"] = round(point["peak_mb"] / first["peak_mb"], 3)
    print("size KB    time/word ratio (CPU)    peak memory ratio   (to the first size)")
    for point in points:
        print(f"{point['kb']:>7} {point['time_per_word_ratio']:>15} ({point['cpu_per_word_ratio']:>5}) "
              f"{point['peak_memory_ratio']:>20}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    stamp = {"measured": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": os.cpu_count()}
    args.json.write_text(json.dumps({**stamp, "figures": {"baseline_kb": first["kb"], "points": points}}, indent=1)
                         + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
