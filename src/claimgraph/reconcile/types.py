"""The records reconciliation reads and the references its results cite (they live in
:mod:`claimgraph.model.corpus`, shared with the store)."""

from __future__ import annotations

from ..model.corpus import ClaimRef, CorpusClaim

__all__ = ["ClaimRef", "CorpusClaim"]
