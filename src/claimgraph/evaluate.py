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
from typing import Any

import yaml
from spacy.language import Language

from .api import extract


@dataclass
class Evaluation:
    """Figures for one gold root, and the scorer's list of misses."""

    root: Path
    figures: dict[str, float]
    misses: list[str]


def load_scorer(shared: Path) -> ModuleType:
    """Import ``shared/eval/score.py`` as a module."""
    path = shared / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("claimgraph_gold_scorer", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_dirs(root: Path) -> list[Path]:
    """Every folder under ``root`` holding a gold.yaml and an article.txt."""
    return sorted(p.parent for p in root.glob("*/gold.yaml") if (p.parent / "article.txt").exists())


def evaluate(root: Path, scorer: ModuleType, nlp: Language | None = None) -> Evaluation:
    """Extract every article under ``root`` and score it the way score.py --run does."""
    total: dict[str, Any] = {}
    misses: list[str] = []
    for folder in gold_dirs(root):
        gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
        text = (folder / "article.txt").read_text(encoding="utf-8")
        article = extract(text, published=str(gold["document"]["published"]), nlp=nlp)
        pred = json.loads(article.to_json(indent=None))
        counts = scorer.score_article(text, gold, pred, misses, folder.name)
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
        total["articles"] = total.get("articles", 0) + 1
    return Evaluation(root=root, figures=scorer.figures(total), misses=misses)
