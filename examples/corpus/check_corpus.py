#!/usr/bin/env python3
"""Consistency checks for the demo corpus gold (examples/corpus), plus a "perfect prediction" run.

Usage: python examples/corpus/check_corpus.py [--score]   (needs PyYAML and ../shared/eval beside the repository)

The checks are those of evalsets/check_story.py (every gold claim is a substring of its article and
carries an origin; refs in corpus.yaml exist; contradictions pair different origins; echo groups
list every claim of their origin; estimate points hold their figure), without the layout rules of
one story of the blind corpus. With --score, a perfect prediction built from the gold must score 1.0.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parents[1] / "evalsets"))
from check_story import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main([str(ROOT), "--corpus", *sys.argv[1:]]))
