"""Lexical comparison of claims: content terms folded to synonym classes and crude stems."""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import ReconcileLexicon

WORD = re.compile(r"[a-z][a-z'’-]*|\d[\d,.]*")
SUFFIXES = ("ing", "ed", "es", "s")


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude suffix-stripping stem (enough to match 'deploy'/'deployed'/'deploying')."""
    for suffix in SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def terms(text: str, lex: ReconcileLexicon) -> frozenset[str]:
    """Content terms of a text: lower case, no stopwords, synonyms folded, stemmed."""
    out = set()
    for raw in WORD.findall(text.lower().replace("’", "'")):
        word = raw.strip("'-").removesuffix("'s")
        if not word or word in lex.stopwords or word[0].isdigit():
            continue
        out.add(lex.synonyms.get(word) or stem(word))
    return frozenset(out)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: shared terms over the smaller set."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))
