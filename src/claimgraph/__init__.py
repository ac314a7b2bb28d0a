"""claimgraph: read the news the way an analyst does.

Sourced claims with attribution chains, FactBank certainty, quantities and resolved times.
The API functions are imported lazily, so ``import claimgraph.model`` stays light.
"""

from __future__ import annotations

from typing import Any

from .model import Article, Claim, Document, Entity, Place, Quantity, Source, TimeExpression

__version__ = "0.1.0"

__all__ = [
    "Article", "Claim", "Document", "Entity", "Place", "Quantity", "Source", "TimeExpression",
    "__version__", "extract", "extract_raw", "raw_article",
]


def __getattr__(name: str) -> Any:
    if name in ("extract", "extract_raw", "raw_article"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)
