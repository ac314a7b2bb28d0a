"""GeoJSON export: one Point per located place, [lon, lat], with the claims and reports naming it."""

from __future__ import annotations

import json

from claimgraph.export import geojson_collection
from claimgraph.reconcile.analysis import Reconciliation


def test_feature_collection_of_points(reports: list, rec: Reconciliation) -> None:
    data = geojson_collection(reports, rec)
    assert data["type"] == "FeatureCollection"
    assert data["features"]
    for f in data["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        assert set(f["properties"]) == {"name", "country", "geonames_id", "feature", "claims", "documents"}
    json.dumps(data)


def test_coordinates_are_lon_lat(reports: list, rec: Reconciliation) -> None:
    features = {f["properties"]["name"]: f for f in geojson_collection(reports, rec)["features"]}
    bogota = features["Bogotá"]
    assert bogota["geometry"]["coordinates"] == [-74.0721, 4.711]
    assert bogota["properties"] == {"name": "Bogotá", "country": "CO", "geonames_id": 3688689, "feature": "city",
                                    "claims": [rec.claims[-1].key], "documents": ["reports/hostile.json"]}
    for _, _, article in reports:
        for place in article.places:
            if place.lat is not None and place.name in features:
                lon, lat = features[place.name]["geometry"]["coordinates"]
                assert abs(lon - place.lon) < 0.01 and abs(lat - place.lat) < 0.01


def test_one_feature_per_place_and_claims_that_name_it(reports: list, rec: Reconciliation) -> None:
    features = geojson_collection(reports, rec)["features"]
    keys = [(f["properties"]["name"].casefold(), f["properties"]["country"]) for f in features]
    assert len(keys) == len(set(keys))
    by_name = {f["properties"]["name"]: f["properties"] for f in features}
    for cc in rec.claims:
        for name in cc.claim.places:
            if name in by_name:
                assert cc.key in by_name[name]["claims"] and cc.document in by_name[name]["documents"]
