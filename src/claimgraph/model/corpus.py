"""The records of a corpus that every layer shares: a stored claim and how results cite it, the
comparison key of an origin's name, and the user's curation decisions (entity merges and splits,
source grades). The store keeps them, reconciliation reads them, the faces show them; none of
those layers needs another's modules for them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import ClaimgraphError, Code
from . import Claim

LEADING = re.compile(r"^(the|a|an)\s+", re.I)
POSSESSIVE = re.compile(r"['’]s$")
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
UNGRADED = "F"
DecisionKind = Literal["merge", "split"]


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


def origin_key(name: str) -> str:
    """A comparison key for an origin name: lower case, no article, no possessive."""
    return POSSESSIVE.sub("", LEADING.sub("", name.strip())).lower()


class CurationError(ClaimgraphError):
    """A grade or an entity decision the user gave is not valid."""


@dataclass(frozen=True)
class EntityDecision:
    """One kept decision: ``merge`` (B becomes an alias of A) or ``split`` (alias B no longer names A)."""

    kind: DecisionKind
    a: str
    b: str
    note: str | None = None
    decided_at: dt.datetime | None = None
    id: int | None = None

    def as_json(self) -> dict[str, Any]:
        when = self.decided_at.isoformat() if self.decided_at else None
        return {"id": self.id, "kind": self.kind, "a": self.a, "b": self.b, "note": self.note, "decided_at": when}


def check_grade(name: str, grade: str) -> str:
    """The grade as one upper-case letter A–F; E023 for anything else or an empty source name."""
    letter = grade.strip().upper()
    if not origin_key(name):
        raise CurationError(Code.E023, None, "no source name")
    if letter not in RELIABILITY:
        raise CurationError(Code.E023, None, f"{grade!r} for {name.strip()!r}")
    return letter


def check_decision(kind: str, a: str, b: str) -> DecisionKind:
    """The kind, once both names are given and differ; E024 otherwise."""
    if kind not in ("merge", "split"):
        raise CurationError(Code.E024, None, f"unknown kind {kind!r}")
    if not origin_key(a) or not origin_key(b):
        raise CurationError(Code.E024, None, "an entity name is empty")
    if origin_key(a) == origin_key(b):
        raise CurationError(Code.E024, None, f"{a.strip()!r} and {b.strip()!r} are the same name")
    return "merge" if kind == "merge" else "split"


@dataclass(frozen=True)
class ClaimFilter:
    """What a claims listing asks for; every field optional, all given ones must hold."""

    entity: str | None = None           # an actor or source, by name or alias
    source: str | None = None           # a hop of the chain: entity name or alias, or words of its text
    place: str | None = None            # a place the claim is about, by name
    certainty: tuple[str, ...] = ()     # FactBank values
    since: dt.date | None = None        # report published on or after
    until: dt.date | None = None        # report published on or before
    query: str | None = None            # full-text search over the claim text
    document_id: int | None = None      # one report version


@dataclass(frozen=True)
class Page:
    """One page of a listing and the size of the whole."""

    total: int
    items: list[dict[str, Any]] = field(default_factory=list)

    def as_json(self, limit: int, offset: int) -> dict[str, Any]:
        """The page as the REST API answers it."""
        return {"total": self.total, "limit": limit, "offset": offset, "items": self.items}
