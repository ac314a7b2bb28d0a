"""JSON Lines: one self-contained object per claim, with what reconciliation found about it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..model import Place
from ..reconcile.analysis import Reconciliation
from ..reconcile.origins import EchoGroup
from ..reconcile.types import CorpusClaim
from .common import ExportView, Reports, iso, origin_or_outlet


def claim_record(corpus: ExportView, cc: CorpusClaim) -> dict[str, Any]:
    """The JSON object of one claim."""
    claim = cc.claim
    grade = corpus.rec.grades.get(cc.key)
    return {
        "key": cc.key, "document": cc.document, "document_id": cc.document_id, "outlet": cc.outlet,
        "published": iso(cc.published), "text": claim.text, "span": list(claim.span), "cue": claim.cue,
        "quote": claim.quote, "sources": [hop.model_dump(mode="json") for hop in claim.sources],
        "origin": origin_or_outlet(cc).as_json(), "certainty": claim.certainty,
        "quantities": [q.model_dump(mode="json") for q in claim.quantities],
        "times": [t.model_dump(mode="json") for t in claim.times],
        "actors": list(claim.actors), "places": [place_json(p) for p in corpus.places_of(cc)],
        "event": claim.event.model_dump(mode="json") if claim.event else None,
        "background": claim.background,
        "credibility": {"value": grade.credibility, "reason": grade.reason,
                        "corroborated_by": grade.corroborated_by, "contradicted_by": grade.contradicted_by}
        if grade else None,
        "echo": echo_json(corpus.echo_of.get(cc.key)),
        "contradictions": sorted(corpus.contradicted.get(cc.key, [])),
    }


def place_json(place: Place) -> dict[str, Any]:
    return place.model_dump(mode="json")


def echo_json(group: EchoGroup | None) -> dict[str, Any] | None:
    """The echo group a claim belongs to: its origin, occasion and the other members."""
    if group is None:
        return None
    between = [d.isoformat() for d in group.occasion] if group.occasion else None
    return {"origin": group.origin.as_json(), "between": between, "circular": group.circular,
            "claims": [c.key for c in group.claims]}


def jsonl_records(articles: Reports, rec: Reconciliation) -> Iterator[dict[str, Any]]:
    """One JSON-ready object per claim, in corpus order."""
    corpus = ExportView.build(articles, rec)
    for cc in corpus.claims:
        yield claim_record(corpus, cc)


def jsonl_lines(articles: Reports, rec: Reconciliation) -> Iterator[str]:
    """One JSON line per claim."""
    for record in jsonl_records(articles, rec):
        yield json.dumps(record, ensure_ascii=False)
