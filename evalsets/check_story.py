#!/usr/bin/env python3
"""Consistency checks for one story of the blind evaluation corpus, plus a "perfect prediction" run.

Usage: python3 evalsets/check_story.py STORY_DIR [--score] [--corpus]
  STORY_DIR holds one folder per report (article.txt, gold.yaml) and corpus.yaml (FORMAT.md).
  Also run ../shared/eval/check_gold.py STORY_DIR for the per-report checks.
  --corpus: a corpus of any layout (examples/corpus), not one story: the story's layout rules
  (4 to 6 reports, folder names) are not checked.
(needs PyYAML and ../shared/eval beside the repository; it reads annotation only, never claimgraph)

Checks: every gold claim text is a substring of its article and carries an `origin`; outlet keys
name their own folder; every `folder:cid` ref in corpus.yaml exists; every contradiction pairs two
claims with different origins (and no origin pair twice); every echo group's claims share its
origin, span two or more articles and list every claim of that origin, and every origin shared by
two articles has a group; every estimate point's claims come from its origin and hold a quantity
whose value/low/high matches the point (for killed-or-wounded points, a claim may instead give
killed + wounded adding up to the point). With --score, writes a perfect prediction built from the
gold to a temporary folder and runs score_corpus.py on it (all figures must be 1.0).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"   # ../shared beside the repository
sys.path.insert(0, str(EVAL))
from score_corpus import Corpus  # noqa: E402

ROOT = Path(".").resolve()  # the corpus checked: set by main()


def opts(v):
    return v if isinstance(v, list) else [v]


def num_eq(a, b) -> bool:
    return any(x is not None and y is not None and float(x) == float(y) for x in opts(a) for y in opts(b))


def fits(point: dict, q: dict) -> bool:
    if point.get("value") is not None:
        return num_eq(point["value"], q.get("value"))
    keys = [k for k in ("low", "high") if point.get(k) is not None]
    return bool(keys) and all(num_eq(point[k], q.get(k)) for k in keys) and \
        all(q.get(k) is None for k in ("low", "high") if point.get(k) is None)


def sum_fits(point: dict, claim: dict) -> bool:
    qs = claim.get("quantities") or []
    killed = [q for q in qs if q.get("unit") == "killed" and q.get("value") is not None]
    wounded = [q for q in qs if q.get("unit") == "wounded" and q.get("value") is not None]
    return any(point.get("value") is not None and num_eq(point["value"], k["value"] + w["value"])
               for k in killed for w in wounded)


def story_layout_errors() -> list[str]:
    errors = []
    if not (ROOT / "corpus.yaml").exists():
        errors.append(f"{ROOT}: no corpus.yaml")
    reports = [p.parent for p in ROOT.glob("*/gold.yaml")]
    if not 4 <= len(reports) <= 6:
        errors.append(f"{ROOT}: {len(reports)} reports (a story has 4 to 6)")
    for d in reports:
        first = ROOT.name.split("-")[0]
        if not d.name.startswith(first):
            errors.append(f"{d.name}: report folder names start with the story's first word ({first})")
        doc = (yaml.safe_load((d / "gold.yaml").read_text()) or {}).get("document") or {}
        for k in ("published", "outlet"):
            if not doc.get(k):
                errors.append(f"{d.name}: document.{k} missing")
    return errors


def main(argv: list[str] | None = None) -> int:
    global ROOT
    argv = sys.argv[1:] if argv is None else argv
    ROOT = Path(next((a for a in argv if not a.startswith("--")), ".")).resolve()
    corpus = Corpus(ROOT)
    errors: list[str] = [] if "--corpus" in argv else story_layout_errors()
    origins = defaultdict(list)
    for slug, art in corpus.articles.items():
        for cid, c in art["claims"].items():
            if c["span"] is None:
                errors.append(f"{slug}:{cid} text is not a substring of the article")
            o = c.get("origin")
            if not o:
                errors.append(f"{slug}:{cid} has no origin")
                continue
            if o.startswith("outlet:") and o != f"outlet:{slug}":
                errors.append(f"{slug}:{cid} outlet origin {o} names another folder")
            origins[o].append(f"{slug}:{cid}")

    def exists(ref: str) -> bool:
        slug, _, cid = ref.partition(":")
        ok = slug in corpus.articles and cid in corpus.articles[slug]["claims"]
        if not ok:
            errors.append(f"unknown ref {ref}")
        return ok

    meta = corpus.meta
    seen_pairs = set()
    for i, c in enumerate(meta.get("contradictions") or []):
        refs = c.get("claims") or []
        if len(refs) != 2 or not all(exists(r) for r in refs):
            errors.append(f"contradiction {i}: needs two existing claims: {refs}")
            continue
        a, b = (corpus.origin(r) for r in refs)
        if a == b:
            errors.append(f"contradiction {i}: both claims have origin {a}")
        if not c.get("reason"):
            errors.append(f"contradiction {i}: no reason")
        pair = frozenset((a, b))
        if pair in seen_pairs:
            errors.append(f"contradiction {i}: origin pair {sorted(pair)} listed twice")
        seen_pairs.add(pair)

    grouped = set()
    for g in meta.get("echo_groups") or []:
        o, refs = g.get("origin"), g.get("claims") or []
        for r in refs:
            if exists(r) and corpus.origin(r) != o:
                errors.append(f"echo group {o}: {r} has origin {corpus.origin(r)}")
        if len({r.split(':')[0] for r in refs}) < 2:
            errors.append(f"echo group {o}: fewer than two articles")
        if set(refs) != set(origins.get(o, [])):
            want = set(origins.get(o, []))
            errors.append(f"echo group {o}: claims differ from the gold's: missing "
                          f"{sorted(want - set(refs))} extra {sorted(set(refs) - want)}")
        grouped.add(o)
    for o, refs in origins.items():
        if not o.startswith("outlet:") and len({r.split(':')[0] for r in refs}) >= 2 and o not in grouped:
            errors.append(f"origin {o} is shared by two articles but has no echo group")

    n_points = 0
    for series, points in (meta.get("estimates") or {}).items():
        for p in points:
            n_points += 1
            label = f"estimate {series} {({k: p.get(k) for k in ('value', 'low', 'high') if p.get(k) is not None})}"
            for k in ("as_of", "origin", "claims"):
                if not p.get(k):
                    errors.append(f"{label}: no {k}")
            for r in p.get("claims") or []:
                if not exists(r):
                    continue
                slug, cid = r.split(":")
                claim = corpus.articles[slug]["claims"][cid]
                if claim.get("origin") != p.get("origin"):
                    errors.append(f"{label}: {r} has origin {claim.get('origin')}, point says {p.get('origin')}")
                qs = claim.get("quantities") or []
                if not any(fits(p, q) for q in qs) and not ("killed-or-wounded" in series and sum_fits(p, claim)):
                    errors.append(f"{label}: {r} holds no matching quantity ({[q['text'] for q in qs]})")

    n_claims = sum(len(a["claims"]) for a in corpus.articles.values())
    print(f"{len(corpus.articles)} articles, {n_claims} claims, {len(origins)} origins, "
          f"{len(meta.get('echo_groups') or [])} echo groups, {len(seen_pairs)} contradiction origin pairs, "
          f"{n_points} estimate points")
    for e in errors:
        print("ERROR", e)
    if errors:
        return 1
    if "--score" in argv:
        return perfect_prediction(corpus)
    return 0


def ref_json(corpus: Corpus, ref: str) -> dict:
    slug, cid = ref.split(":")
    art = corpus.articles[slug]
    c = art["claims"][cid]
    return {"document": str((art["dir"] / "article.txt").resolve()), "text": c["text"], "span": c["span"]}


def perfect_prediction(corpus: Corpus) -> int:
    meta = corpus.meta
    by_origin = defaultdict(list)
    for slug, art in corpus.articles.items():
        for cid, c in art["claims"].items():
            if not str(c.get("origin")).startswith("outlet:"):
                by_origin[c["origin"]].append(f"{slug}:{cid}")
    echoes = [{"origin": {"name": o}, "claims": [ref_json(corpus, r) for r in refs]}
              for o, refs in by_origin.items() if len({r.split(':')[0] for r in refs}) >= 2]
    contradictions = [{"a": ref_json(corpus, c["claims"][0]), "b": ref_json(corpus, c["claims"][1]),
                       "reason": c["reason"]} for c in meta["contradictions"]]
    estimates = []
    for series, points in meta["estimates"].items():
        pts = []
        for p in points:
            q = {k: (opts(p.get(k))[0] if p.get(k) is not None else None) for k in ("value", "low", "high")}
            pts.append(dict(q, approximate=bool(p.get("approximate")), as_of=str(opts(p["as_of"])[0]),
                            origin={"name": p["origin"]}, claims=[ref_json(corpus, r) for r in p["claims"]]))
        estimates.append({"measure": series, "subject": ROOT.name, "points": pts})
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for name, obj in (("echoes", echoes), ("contradictions", contradictions), ("estimates", estimates)):
            files[name] = Path(tmp) / f"{name}.json"
            files[name].write_text(json.dumps(obj, indent=1, default=str))
        r = subprocess.run([sys.executable, str(EVAL / "score_corpus.py"), str(ROOT), "--show", "--json",
                            "--echoes", str(files["echoes"]), "--contradictions", str(files["contradictions"]),
                            "--estimates", str(files["estimates"])], capture_output=True, text=True)
    print(r.stdout.strip(), r.stderr.strip())
    figs = json.loads(r.stdout.strip().splitlines()[-1])
    bad = {k: v for k, v in figs.items() if k != "articles" and v != 1.0}
    if bad:
        print("ERROR perfect prediction does not score 1.0:", bad)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
