"""The records reconciliation reads and the references its results cite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Claim


@dataclass(frozen=True)
class ClaimRef:
    """How a result cites a claim: its key in the store, the report as ingested (path or URL), the
    text and its span."""

    key: str
    document: str
    text: str
    span: tuple[int, int]

    def as_json(self) -> dict[str, object]:
        return {"key": self.key, "document": self.document, "text": self.text, "span": list(self.span)}


@dataclass(frozen=True)
class CorpusClaim:
    """One claim of one stored report."""

    key: str                      # stable claim id in the store, e.g. "C123"
    document: str                 # the report's origin as ingested (path, URL, 'file.jsonl#3')
    document_id: int              # the report's id in the store
    published: dt.date | None
    outlet: str | None
    claim: Claim

    @property
    def ref(self) -> ClaimRef:
        return ClaimRef(self.key, self.document, self.claim.text, self.claim.span)
