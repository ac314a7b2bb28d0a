"""FollowTheMoney export (optional extra): entities merged by name, articles, mentions, events."""

from __future__ import annotations

import json
import sys
from collections import Counter

import pytest

from claimgraph.errors import Code, ConfigError
from claimgraph.export import ftm_entities, ftm_lines
from claimgraph.reconcile.analysis import Reconciliation


def test_missing_followthemoney_says_how_to_install(monkeypatch: pytest.MonkeyPatch, reports: list,
                                                    rec: Reconciliation) -> None:
    monkeypatch.setitem(sys.modules, "followthemoney", None)
    with pytest.raises(ConfigError) as caught:
        list(ftm_entities(reports, rec))
    assert caught.value.code is Code.E021
    assert "pip install 'claimgraph[ftm]'" in caught.value.render()


@pytest.fixture(scope="module")
def entities(reports: list, rec: Reconciliation) -> list[dict]:
    pytest.importorskip("followthemoney", reason="the [ftm] extra is not installed")
    return list(ftm_entities(reports, rec))


def test_entities_validate_against_the_model(entities: list[dict]) -> None:
    from followthemoney import model

    for data in entities:
        proxy = model.get_proxy(data, cleaned=False)
        assert proxy.id == data["id"] and proxy.schema.name == data["schema"]
    assert len({e["id"] for e in entities}) == len(entities)


def test_schemas_and_merging(entities: list[dict], reports: list, rec: Reconciliation) -> None:
    counts = Counter(e["schema"] for e in entities)
    assert counts["Article"] == len(reports)
    assert counts["Event"] == sum(1 for cc in rec.claims if cc.claim.event)
    nis = [e for e in entities if e["properties"].get("name") == ["National Intelligence Service"]
           and e["schema"] == "Organization"]
    assert len(nis) == 1, "one organisation across both reports"
    mentions = [e for e in entities if e["schema"] == "Mention" and e["properties"]["resolved"] == [nis[0]["id"]]]
    assert len(mentions) == 2
    assert any(e["schema"] == "Person" and e["properties"]["name"] == ["Dmitry Peskov"] for e in entities)
    articles = {e["properties"]["title"][0]: e for e in entities if e["schema"] == "Article"}
    hostile = articles["+Attack near Bogotá"]
    assert hostile["properties"]["publishedAt"] == ["2025-01-16"]
    assert hostile["properties"]["sourceUrl"] == ["https://evil.example/a"]


def test_lines_are_json(reports: list, rec: Reconciliation, entities: list[dict]) -> None:
    assert [json.loads(line) for line in ftm_lines(reports, rec)] == entities
