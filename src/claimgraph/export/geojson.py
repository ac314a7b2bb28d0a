"""GeoJSON (RFC 7946): one Point feature per located place, ``[lon, lat]``, with the claims and
reports that mention it. Places without coordinates are left out."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..model import Place
from ..reconcile.analysis import Reconciliation
from .common import ExportView, Reports, place_key

PlaceKey = tuple[str, str]


def best_records(articles: Reports) -> dict[PlaceKey, Place]:
    """One record per place across reports: the first with coordinates, a GeoNames id preferred."""
    chosen: dict[PlaceKey, Place] = {}
    for _, _, article in articles:
        for place in article.places:
            if place.lat is None or place.lon is None:
                continue
            key = place_key(place)
            if key not in chosen or (chosen[key].geonames_id is None and place.geonames_id is not None):
                chosen[key] = place
    return chosen


def mentions(corpus: ExportView) -> tuple[dict[PlaceKey, list[str]], dict[PlaceKey, list[str]]]:
    """Per place: the keys of the claims that name it, and the reports that name it."""
    claims: dict[PlaceKey, list[str]] = defaultdict(list)
    documents: dict[PlaceKey, list[str]] = defaultdict(list)
    for origin, article in corpus.reports.values():
        for key in dict.fromkeys(place_key(p) for p in article.places):
            documents[key].append(origin)
    for cc in corpus.claims:
        for key in dict.fromkeys(place_key(p) for p in corpus.places_of(cc)):
            claims[key].append(cc.key)
            if cc.document not in documents[key]:
                documents[key].append(cc.document)
    return claims, documents


def feature(place: Place, claims: list[str], documents: list[str]) -> dict[str, Any]:
    """One GeoJSON Feature (coordinates in longitude, latitude order)."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {"name": place.name, "country": place.country, "geonames_id": place.geonames_id,
                       "feature": place.feature, "claims": claims, "documents": documents},
    }


def geojson_collection(articles: Reports, rec: Reconciliation) -> dict[str, Any]:
    """A FeatureCollection of every located place in the corpus."""
    corpus = ExportView.build(articles, rec)
    claims, documents = mentions(corpus)
    features = [feature(place, claims.get(key, []), documents.get(key, []))
                for key, place in sorted(best_records(articles).items())]
    return {"type": "FeatureCollection", "features": features}
