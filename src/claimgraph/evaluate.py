"""Score extraction against gold folders with the official scorer (``shared/eval/score.py``).

The scorer is loaded from its file so that our figures are exactly the ones the project is
judged by; extraction runs in-process through :func:`claimgraph.extract`.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from spacy.language import Language

from .api import extract
from .nlp.lexicon import parse_yaml

if TYPE_CHECKING:
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
    """Every folder under ``root`` holding a gold.yaml and an article.txt."""
    return sorted(p.parent for p in root.glob("*/gold.yaml") if (p.parent / "article.txt").exists())


def evaluate(root: Path, scorer: ModuleType, nlp: Language | None = None) -> Evaluation:
    """Extract every article under ``root`` and score it the way score.py --run does."""
    total: dict[str, Any] = {}
    misses: list[str] = []
    for folder in gold_dirs(root):
        gold = parse_yaml((folder / "gold.yaml").read_text(encoding="utf-8"))
        text = (folder / "article.txt").read_text(encoding="utf-8")
        article = extract(text, published=str(gold["document"]["published"]), nlp=nlp)
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
                       matcher: Matcher | None = None) -> Reconciliation:
    """Ingest every article of a gold corpus into the store at ``db`` and reconcile it."""
    from .api import extract_raw, raw_article
    from .reconcile.analysis import reconcile
    from .reconcile.canonical import alias_map
    from .store import Store

    with Store.open(db) as store:
        for folder in gold_dirs(root):
            gold = parse_yaml((folder / "gold.yaml").read_text(encoding="utf-8"))
            doc = gold["document"]
            raw = raw_article((folder / "article.txt").read_text(encoding="utf-8"), published=str(doc["published"]),
                              outlet=doc.get("outlet"), origin=str(folder / "article.txt"))
            store.add(raw, next(extract_raw([raw], nlp=nlp)))
        return reconcile(store.corpus_claims(), aliases=alias_map(a for _, _, a in store.articles()),
                         matcher=matcher)


def evaluate_corpus(root: Path, shared: Path, db: str, nlp: Language | None = None,
                    matcher: Matcher | None = None) -> CorpusEvaluation:
    """Ingest every article of a gold corpus into the store at ``db``, reconcile, and score echoes,
    contradictions and estimates the way ``score_corpus.py`` does, and same-proposition links
    against the gold estimate points (see :func:`proposition_figures`)."""
    scorer = load_corpus_scorer(shared)
    corpus = scorer.Corpus(root)
    rec = ingest_gold_corpus(root, db, nlp, matcher)
    misses: list[str] = []
    ep, er, ef = scorer.echo_figures(corpus, rec.echoes_json(), misses)
    cp, cr, _ = scorer.contradiction_figures(corpus, rec.contradictions_json(), misses)
    sp, _, sr = scorer.estimate_figures(corpus, rec.estimates_json(), misses)
    figures = {"echo_p": round(ep, 3), "echo_r": round(er, 3), "echo_f1": round(ef, 3),
               "contradiction_p": round(cp, 3), "contradiction_r": round(cr, 3),
               "estimate_p": round(sp, 3), "estimate_r": round(sr, 3), "articles": len(corpus.articles),
               **proposition_figures(corpus, rec)}
    return CorpusEvaluation(root=root, figures=figures, misses=misses)


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
