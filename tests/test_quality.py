"""Quality gates: extraction scored by the official scorer may not drop below the floors pinned
in tests/quality_floors.yaml (lowering one is a visible, reviewed change)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from spacy.language import Language

from claimgraph.evaluate import evaluate, load_scorer

ROOT = Path(__file__).resolve().parents[1]
FLOORS = yaml.safe_load((ROOT / "tests" / "quality_floors.yaml").read_text(encoding="utf-8"))


def check(figures: dict[str, float], floors: dict[str, float]) -> list[str]:
    return [f"{k}={figures.get(k)} < {v}" for k, v in floors.items() if figures.get(k, 0.0) < v]


@pytest.mark.slow
def test_shared_gold_floors(nlp: Language, shared: Path) -> None:
    result = evaluate(shared / "gold", load_scorer(shared), nlp)
    print(result.figures)
    assert not check(result.figures, FLOORS["shared/gold"]), "\n".join(result.misses)


@pytest.mark.slow
def test_devset_floors(nlp: Language, shared: Path) -> None:
    result = evaluate(ROOT / "devset", load_scorer(shared), nlp)
    assert result.figures["articles"] >= 12
    print(result.figures)
    assert not check(result.figures, FLOORS["devset"]), "\n".join(result.misses)


def test_devset_gold_is_well_formed() -> None:
    """Every devset claim, quantity and time is an exact substring of its article."""
    folders = sorted(p.parent for p in (ROOT / "devset").glob("*/gold.yaml"))
    assert len(folders) >= 12
    for folder in folders:
        text = (folder / "article.txt").read_text(encoding="utf-8")
        gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
        assert gold["document"]["published"], folder.name
        for claim in gold["claims"]:
            assert claim["text"] in text, (folder.name, claim["id"])
            for item in (claim.get("quantities") or []) + (claim.get("times") or []):
                assert item["text"] in text, (folder.name, claim["id"], item["text"])
