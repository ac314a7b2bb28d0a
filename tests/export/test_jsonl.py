"""JSON Lines export: one object per claim with its chain, credibility, echo group, contradictions."""

from __future__ import annotations

import json

from claimgraph.export import jsonl_lines
from claimgraph.reconcile.analysis import Reconciliation

FIELDS = {"key", "document", "document_id", "outlet", "published", "text", "span", "cue", "quote", "sources",
          "origin", "certainty", "quantities", "times", "actors", "places", "event", "background", "credibility",
          "echo", "contradictions"}


def records(reports: list, rec: Reconciliation) -> dict[str, dict]:
    return {r["key"]: r for r in map(json.loads, jsonl_lines(reports, rec))}


def test_one_line_per_claim_with_every_field(reports: list, rec: Reconciliation) -> None:
    lines = list(jsonl_lines(reports, rec))
    assert len(lines) == len(rec.claims)
    assert all("\n" not in line for line in lines)
    assert all(set(json.loads(line)) == FIELDS for line in lines)


def test_hand_built_claim_round_trips(reports: list, rec: Reconciliation) -> None:
    cc = rec.claims[-1]
    r = records(reports, rec)[cc.key]
    assert (r["document"], r["document_id"], r["outlet"], r["published"]) == \
        ("reports/hostile.json", 3, "@Evil Wire", "2025-01-16")
    assert r["text"] == cc.claim.text and r["text"].startswith("=cmd|")
    assert r["span"] == list(cc.claim.span)
    assert [s["text"] for s in r["sources"]] == ["police"]
    assert r["event"]["type"] == "ASSAULT"
    assert r["quantities"][0]["low"] == 4 and r["quantities"][0]["high"] == 9
    assert r["places"] == [{"name": "Bogotá", "lat": 4.711, "lon": -74.0721, "country": "CO",
                            "geonames_id": 3688689, "feature": "city"}]


def test_credibility_echoes_and_contradictions_follow_reconciliation(reports: list, rec: Reconciliation) -> None:
    out = records(reports, rec)
    for cc in rec.claims:
        assert out[cc.key]["credibility"]["value"] == rec.grades[cc.key].credibility
        assert out[cc.key]["credibility"]["reason"] == rec.grades[cc.key].reason
    for group in rec.echoes:
        for cc in group.claims:
            assert out[cc.key]["echo"]["origin"]["name"] == group.origin.name
            assert set(out[cc.key]["echo"]["claims"]) == {c.key for c in group.claims}
    assert rec.contradictions
    for c in rec.contradictions:
        assert c.b.key in out[c.a.key]["contradictions"] and c.a.key in out[c.b.key]["contradictions"]
