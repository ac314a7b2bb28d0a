"""Reconciliation across reports: origins and echoes, corroboration, contradictions, estimates.

Everything here works on :class:`CorpusClaim` records (a claim plus the report it came from), so
it runs the same over a database, a folder of JSON outputs or an in-memory list.
"""

from .types import ClaimRef, CorpusClaim

__all__ = ["ClaimRef", "CorpusClaim"]
