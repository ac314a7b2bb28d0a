"""The custom ``Doc`` attributes that claimgraph components read and write.

Every component declares in its factory which of these it assigns. ``register()`` is idempotent.
"""

from __future__ import annotations

from spacy.tokens import Doc

DOC_ATTRIBUTES: dict[str, object] = {
    "published": None,      # datetime.date | None: publication date, set before the pipeline runs
    "dateline": None,       # str | None: dateline text, if the ingest step found one
    "dateline_end": None,   # int | None: character offset where the body starts after the dateline
    "chunk_start": 0,       # int: where the Doc's text starts in the article (a chunk of a long one)
    "claims": None,         # list[ClaimDraft]: set by claimgraph.attribution
    "quantities": None,     # list[Quantity]: set by claimgraph.quantities
    "times": None,          # list[TimeExpression]: set by claimgraph.times
    "entities": None,       # list[EntityRecord]: set by claimgraph.entities
    "places": None,         # list[Place]: set by claimgraph.places
}


def register() -> None:
    """Register the Doc extensions (safe to call many times)."""
    for name, default in DOC_ATTRIBUTES.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
