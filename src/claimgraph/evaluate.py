"""Score extraction against gold folders with the official scorer (``shared/eval/score.py``).

The scorer is loaded from its file so that our figures are exactly the ones the project is
judged by; each report is extracted in-process as ingest reads it (publication date and outlet given).
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from .nlp.lexicon import parse_yaml

if TYPE_CHECKING:
    from .ingest import RawArticle
    from .model import Article
    from .reconcile.analysis import Reconciliation
    from .reconcile.propositions import Matcher


@dataclass
class Evaluation:
    """Figures for one gold root, and the scorer's list of misses."""

    root: Path
    figures: dict[str, float]
    misses: list[str]


def load_module(path: Path, name: str) -> ModuleType:
    """Import a Python file as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_scorer(shared: Path) -> ModuleType:
    """Import ``shared/eval/score.py`` as a module."""
    return load_module(shared / "eval" / "score.py", "claimgraph_gold_scorer")


def gold_dirs(root: Path) -> list[Path]:
    """Every report folder (gold.yaml and article.txt) of a gold root: ``root/<report>/`` (a flat
    set or corpus) or ``root/<story>/<report>/`` (a folder of stories)."""
    flat = sorted(p.parent for p in root.glob("*/gold.yaml") if (p.parent / "article.txt").exists())
    if flat or (root / "corpus.yaml").exists():
        return flat
    return sorted(p.parent for p in root.glob("*/*/gold.yaml") if (p.parent / "article.txt").exists())


Extracted = dict[Path, tuple["RawArticle", "Article"]]


def extracted(folder: Path, nlp: Language | None, cache: Extracted | None = None) -> tuple[RawArticle, Article]:
    """A gold report read as the CLI would ingest it (its publication date and outlet given) and
    extracted; with ``cache``, each folder is extracted once however many evaluations use it."""
    key = folder.resolve()
    if cache is not None and key in cache:
        return cache[key]
    from .api import extract_raw, raw_article

    gold = parse_yaml((folder / "gold.yaml").read_text(encoding="utf-8"))
    doc = gold["document"]
    raw = raw_article((folder / "article.txt").read_text(encoding="utf-8"), published=str(doc["published"]),
                      outlet=doc.get("outlet"), origin=str(folder / "article.txt"))
    found = (raw, next(extract_raw([raw], nlp=nlp)))
    if cache is not None:
        cache[key] = found
    return found


def evaluate(root: Path, scorer: ModuleType, nlp: Language | None = None, cache: Extracted | None = None) -> Evaluation:
    """Extract every article under ``root`` and score it the way score.py --run does."""
    total: dict[str, Any] = {}
    misses: list[str] = []
    for folder in gold_dirs(root):
        gold = parse_yaml((folder / "gold.yaml").read_text(encoding="utf-8"))
        text = (folder / "article.txt").read_text(encoding="utf-8")
        article = extracted(folder, nlp, cache)[1]  # as ingested: publication date and outlet given
        pred = json.loads(article.to_json(indent=None))
        counts = scorer.score_article(text, gold, pred, misses, folder.name)
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
        total["articles"] = total.get("articles", 0) + 1
    return Evaluation(root=root, figures=scorer.figures(total), misses=misses)


@dataclass
class CorpusEvaluation:
    """Cross-report figures for one gold corpus, and the scorer's list of misses."""

    root: Path
    figures: dict[str, float]
    misses: list[str]


def load_corpus_scorer(shared: Path) -> ModuleType:
    """Import ``shared/eval/score_corpus.py`` (it imports score.py beside it)."""
    import sys

    folder = str(shared / "eval")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return load_module(shared / "eval" / "score_corpus.py", "claimgraph_corpus_scorer")


def ingest_gold_corpus(root: Path, db: str, nlp: Language | None = None,
                       matcher: Matcher | None = None, cache: Extracted | None = None) -> Reconciliation:
    """Ingest every article of a gold corpus into the store at ``db`` and reconcile it."""
    from .reconcile.analysis import reconcile
    from .reconcile.canonical import alias_map
    from .store import Store

    with Store.open(db) as store:
        for folder in gold_dirs(root):
            store.add(*extracted(folder, nlp, cache))
        return reconcile(store.corpus_claims(), aliases=alias_map(a for _, _, a in store.articles()),
                         matcher=matcher)


def evaluate_corpus(root: Path, shared: Path, db: str, nlp: Language | None = None,
                    matcher: Matcher | None = None, cache: Extracted | None = None) -> CorpusEvaluation:
    """Ingest every article of a gold corpus into the store at ``db``, reconcile, and score echoes,
    contradictions and estimates the way ``score_corpus.py`` does, and same-proposition links
    against the gold estimate points (see :func:`proposition_figures`)."""
    scorer = load_corpus_scorer(shared)
    corpus = scorer.Corpus(root)
    rec = ingest_gold_corpus(root, db, nlp, matcher, cache)
    misses: list[str] = []
    ep, er, ef = scorer.echo_figures(corpus, rec.echoes_json(), misses)
    cp, cr, _ = scorer.contradiction_figures(corpus, rec.contradictions_json(), misses)
    sp, _, sr = scorer.estimate_figures(corpus, rec.estimates_json(), misses)
    figures = {"echo_p": round(ep, 3), "echo_r": round(er, 3), "echo_f1": round(ef, 3),
               "contradiction_p": round(cp, 3), "contradiction_r": round(cr, 3),
               "estimate_p": round(sp, 3), "estimate_r": round(sr, 3), "articles": len(corpus.articles),
               **proposition_figures(corpus, rec)}
    if corpus.story_of:
        found = {"echoes": rec.echoes_json(), "contradictions": rec.contradictions_json(),
                 "estimates": rec.estimates_json()}
        figures["cross_story"] = scorer.cross_story_count(corpus, found, misses)
    return CorpusEvaluation(root=root, figures=figures, misses=misses)


def mixed_corpus(roots: list[Path], into: Path) -> Path:
    """One flat gold corpus made of several (links to their report folders, their corpus gold merged,
    ``stories.yaml`` naming the story of each report), for the check that no relation joins two
    stories. A story-layout root gives its stories; a flat root with ``corpus.yaml`` is one story;
    a flat set without one (articles on many subjects) gives a story per article. A report folder
    name seen before (the same article in two sets) is taken once."""
    import yaml

    into.mkdir(parents=True, exist_ok=True)
    meta: dict[str, Any] = {"estimates": {}, "contradictions": [], "echo_groups": []}
    stories: dict[str, list[str]] = {}
    for root in roots:
        for folder in gold_dirs(root):
            if (into / folder.name).exists():
                continue
            (into / folder.name).symlink_to(folder.resolve(), target_is_directory=True)
            story = _story_of(root, folder)
            stories.setdefault(story, []).append(folder.name)
        for path in [root / "corpus.yaml", *sorted(root.glob("*/corpus.yaml"))]:
            if path.exists():
                gold = parse_yaml(path.read_text(encoding="utf-8")) or {}
                series = gold.get("estimates") or {}
                meta["estimates"].update({f"{path.parent.name}/{name}": v for name, v in series.items()})
                meta["contradictions"] += gold.get("contradictions") or []
                meta["echo_groups"] += gold.get("echo_groups") or []
    (into / "corpus.yaml").write_text(yaml.safe_dump(meta, sort_keys=False, default_flow_style=None), encoding="utf-8")
    (into / "stories.yaml").write_text(yaml.safe_dump({"stories": stories}), encoding="utf-8")
    return into


def _story_of(root: Path, folder: Path) -> str:
    if folder.parent != root:  # root/<story>/<report>
        return folder.parent.name
    return root.name if (root / "corpus.yaml").exists() else folder.name


def proposition_figures(corpus: Any, rec: Reconciliation) -> dict[str, float]:
    """Same-proposition links scored against the gold estimate points (our own measure, not
    score_corpus.py's): two claims of different reports carrying the same point state the same
    thing, and so do two carrying points of one series with the same figure (from different
    origins); two carrying only points with different figures do not. ``proposition_r`` is the
    share of same-figure pairs linked, ``proposition_p`` the share of linked gold pairs that are
    same-figure pairs."""
    figures: dict[str, set[str]] = {}
    series: dict[str, set[str]] = {}
    for name, pts in (corpus.meta.get("estimates") or {}).items():
        for point in pts:
            figure = f"{name}:{point.get('value')}:{point.get('low')}:{point.get('high')}"
            for ref in point.get("claims") or []:
                figures.setdefault(ref, set()).add(figure)
                series.setdefault(ref, set()).add(name)
    refs = sorted(figures)
    positive: set[frozenset[str]] = set()
    negative: set[frozenset[str]] = set()
    for i, a in enumerate(refs):
        for b in refs[i + 1:]:
            if a.split(":")[0] == b.split(":")[0] or not series[a] & series[b]:
                continue
            (positive if figures[a] & figures[b] else negative).add(frozenset((a, b)))
    ref_of = {cc.key: corpus.resolve(cc.ref.as_json()) for cc in rec.claims}
    linked = {frozenset((ref_of[x.a], ref_of[x.b])) for x in rec.propositions if ref_of[x.a] and ref_of[x.b]}
    judged = linked & (positive | negative)
    return {"proposition_p": round(len(judged & positive) / len(judged), 3) if judged else 0.0,
            "proposition_r": round(len(linked & positive) / len(positive), 3) if positive else 0.0}
