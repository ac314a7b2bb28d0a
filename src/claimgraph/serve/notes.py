"""What reconciliation says about each claim, for listings and the report reader: its origin,
credibility, echoes, opposing claims and measures, all read through :class:`~claimgraph.corpus.Corpus`
(a claim's trace, the contradictions, the estimates); plus linking of claim references to the report
that carries them.

Nothing here re-decides what reconciliation decided. The origin and credibility filters of the
claims listing read the kept reconciliation (:meth:`~claimgraph.corpus.Corpus.claims_where`).
"""

from __future__ import annotations

from typing import Any

JSON = dict[str, Any]


def linked(value: Any, documents: dict[str, JSON]) -> Any:
    """A JSON value with every claim reference (an object with ``key`` and ``document``) given the
    id, outlet, date and title of its report, so that clients can link to it."""
    if isinstance(value, list):
        return [linked(v, documents) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: linked(v, documents) for k, v in value.items()}
    if "key" in out and isinstance(out.get("document"), str):
        report = documents.get(out["document"], {})
        for name in ("document_id", "outlet", "published", "title"):
            out.setdefault(name, report.get(name))
    return out


def trace_origin(trace: JSON) -> JSON:
    """The claim's origin: its echo group's, else the last hop of its chain, else its outlet."""
    if trace.get("origin"):
        return {k: trace["origin"][k] for k in ("name", "kind", "anonymous", "country")}
    claim = trace["claim"]
    if claim["sources"]:
        hop = claim["sources"][-1]
        return {"name": hop.get("entity") or hop["text"], "kind": hop["kind"], "anonymous": hop["anonymous"],
                "country": hop.get("country")}
    return {"name": claim.get("outlet") or claim["document"], "kind": "media", "anonymous": False, "country": None}


def annotate(claim: JSON, trace: JSON | None, against: list[JSON], measures: set[str], *, full: bool) -> JSON:
    """The claim with its origin, credibility, echo count and measures (``full``: the echoing and
    opposing claims too); ``trace`` is None for an older report version, which is not reconciled."""
    if trace is None:
        out = {**claim, "origin": None, "credibility": None, "echoes": 0, "measures": []}
        return {**out, "echo_claims": [], "against": []} if full else out
    out = with_note(claim, note_of(trace), measures)
    if full:
        out["echo_claims"] = trace["echoes"]
        out["against"] = against
    return out


def note_of(trace: JSON) -> JSON:
    """What a listing shows of a claim's trace (as :meth:`Corpus.notes_of` gives it)."""
    grade = trace["credibility"]
    return {"origin": trace_origin(trace), "echoes": len(trace["echoes"]),
            "credibility": {"value": grade["value"], "reason": grade["reason"],
                            "corroborated_by": grade["corroborated_by"]}}


def with_note(claim: JSON, note: JSON | None, measures: set[str]) -> JSON:
    """A listed claim with its note (None: an older report version, not reconciled)."""
    if note is None:
        return {**claim, "origin": None, "credibility": None, "echoes": 0, "measures": []}
    return {**claim, "origin": note["origin"], "credibility": note["credibility"], "echoes": note["echoes"],
            "measures": sorted(measures)}
