"""STIX 2.1 export: a bundle the stix2 library parses back without custom content."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest
import stix2

from claimgraph.export import stix_bundle, stix_dict
from claimgraph.export.common import speakers
from claimgraph.export.stix import confidence, stix_id
from claimgraph.reconcile.analysis import Reconciliation

NOW = dt.datetime(2025, 2, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def bundle_json(reports: list, rec: Reconciliation) -> str:
    return str(stix_bundle(reports, rec, now=NOW, reliability={"National Intelligence Service": "b"}).serialize())


@pytest.fixture(scope="module")
def objects(bundle_json: str) -> dict[str, dict]:
    return {o["id"]: o for o in json.loads(bundle_json)["objects"]}


def of_type(objects: dict[str, dict], kind: str) -> list[dict]:
    return [o for o in objects.values() if o["type"] == kind]


def test_bundle_round_trips_through_stix2_parse(bundle_json: str) -> None:
    parsed = stix2.parse(bundle_json, allow_custom=False)
    assert parsed.type == "bundle"
    assert len(parsed.objects) == len(json.loads(bundle_json)["objects"])


def test_bundle_passes_the_stix_validator(bundle_json: str) -> None:
    validator = pytest.importorskip("stix2validator", reason="stix2-validator not installed (optional check)")
    result = validator.validate_string(bundle_json, validator.ValidationOptions(version="2.1"))
    assert result.is_valid, result.errors


def test_objects_per_article_and_claim(objects: dict[str, dict], reports: list, rec: Reconciliation) -> None:
    counts = Counter(o["type"] for o in objects.values())
    assert counts["report"] == len(reports)
    assert counts["note"] == counts["opinion"] == len(rec.claims)
    assert counts["extension-definition"] == 1
    assert counts["location"] >= 4
    for report in of_type(objects, "report"):
        assert report["object_refs"]
    yonhap = objects[stix_id("report", "reports/yonhap.txt")]
    assert yonhap["name"] == "NIS: 300 North Koreans killed" and yonhap["published"].startswith("2025-01-14")
    notes_of_yonhap = {stix_id("note", cc.key) for cc in rec.claims if cc.document_id == 1}
    assert notes_of_yonhap <= set(yonhap["object_refs"])


def test_note_carries_claim_speakers_and_certainty(objects: dict[str, dict], rec: Reconciliation) -> None:
    for cc in rec.claims:
        note = objects[stix_id("note", cc.key)]
        assert note["content"] == cc.claim.text
        assert note["authors"] == speakers(cc)
        assert note["abstract"].startswith(cc.claim.certainty)
        assert note["external_references"][0]["external_id"] == cc.key
        attributed = [r for r in of_type(objects, "relationship")
                      if r["source_ref"] == note["id"] and r["relationship_type"] == "attributed-to"]
        assert len(attributed) == 1 and attributed[0]["target_ref"] in objects


def test_opinion_confidence_uses_admiralty_scale(objects: dict[str, dict], rec: Reconciliation) -> None:
    for cc in rec.claims:
        opinion = objects[stix_id("opinion", cc.key)]
        grade = rec.grades[cc.key].credibility
        assert opinion["object_refs"] == [stix_id("note", cc.key)]
        assert opinion.get("confidence") == confidence(grade).get("confidence")
        assert opinion["explanation"].startswith(f"Admiralty credibility {grade}")


@pytest.mark.parametrize("credibility, value", [(1, 90), (2, 70), (3, 50), (4, 30), (5, 10), (6, None)])
def test_confidence_scale(credibility: int, value: int | None) -> None:
    assert confidence(credibility).get("confidence") == value


def test_identities_carry_reliability_extension(objects: dict[str, dict]) -> None:
    (ext,) = of_type(objects, "extension-definition")
    identities = {o["name"]: o for o in of_type(objects, "identity")}
    assert identities["claimgraph"]["identity_class"] == "system"
    nis = identities["National Intelligence Service"]
    assert nis["identity_class"] == "organization"
    assert nis["extensions"][ext["id"]]["reliability"] == "B"
    assert identities["Kremlin"]["identity_class"] == "organization"   # Peskov speaks for it
    denial = next(o for o in of_type(objects, "note") if "denied" in o["abstract"] or o["abstract"].startswith("CT-"))
    assert denial["authors"] == ["Dmitry Peskov", "Kremlin"]
    assert identities["Yonhap"]["extensions"][ext["id"]]["reliability"] == "F"


def test_locations_and_contradictions(objects: dict[str, dict], rec: Reconciliation) -> None:
    bogota = next(o for o in of_type(objects, "location") if o["name"] == "Bogotá")
    assert (bogota["latitude"], bogota["longitude"], bogota["country"]) == (4.711, -74.0721, "CO")
    related = [r for r in of_type(objects, "relationship") if r["relationship_type"] == "related-to"]
    assert len(related) == len(rec.contradictions)
    assert all(r["description"].startswith("contradiction") for r in related)


def test_same_corpus_same_bundle(reports: list, rec: Reconciliation) -> None:
    assert stix_dict(reports, rec, now=NOW) == stix_dict(reports, rec, now=NOW)
