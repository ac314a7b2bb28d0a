"""Offline geocoding and the places component."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimgraph.nlp.places import (
    Candidate,
    Context,
    PlaceRecord,
    centroid,
    geocoder,
    haversine,
    load_city_index,
    places_in,
    places_of,
)


def near(place: tuple[float | None, float | None], lat: float, lon: float, km: float = 100) -> bool:
    return place[0] is not None and place[1] is not None and haversine((place[0], place[1]), (lat, lon)) <= km


@pytest.mark.parametrize(("name", "ctx", "lat", "lon", "feature"), [
    ("Kursk", Context(("RU",)), 51.73, 36.19, "city"),
    ("Kiev", Context(), 50.45, 30.52, "city"),
    ("Pyongyang", Context(), 39.03, 125.75, "city"),
    ("Camp Humphreys", Context(), 36.96, 127.03, "base"),
    ("Gaza", Context(("IL",)), 31.42, 34.36, "territory"),
    ("West Bank", Context(), 31.95, 35.25, "territory"),
    ("Northern California", Context(("US",)), 39.5, -121.6, "region"),
    ("Altadena", Context(("US",)), 34.19, -118.13, "city"),
    ("Washington", Context(("US",)), 38.9, -77.04, "city"),
    ("Brussels", Context(("US", "RU")), 50.85, 4.35, "city"),
    ("Vladivostok", Context(), 43.12, 131.89, "city"),
    ("California", Context(("US",)), 36.78, -119.42, "region"),
    ("Bavaria", Context(), 48.95, 11.4, "region"),
    ("Khan Younis", Context(), 31.34, 34.31, "city"),
])
def test_geocode(name: str, ctx: Context, lat: float, lon: float, feature: str) -> None:
    hit = geocoder().geocode(name, ctx)
    assert hit is not None
    place = hit[1]
    assert near((place.lat, place.lon), lat, lon), place
    assert place.feature == feature


def test_region_word_selects_the_region() -> None:
    hit = geocoder().geocode("Donetsk", Context(("UA",)), region=True)
    assert hit is not None and hit[1].name == "Donetsk Oblast" and hit[1].feature == "region"


def test_anchor_breaks_ties() -> None:
    la = Context(("US",), (34.05, -118.24))
    hit = geocoder().geocode("Pasadena", la)
    assert hit is not None and near((hit[1].lat, hit[1].lon), 34.15, -118.14, 20)


@pytest.mark.parametrize("name", ["North", "the West", "Xyzzyville", ""])
def test_not_places(name: str) -> None:
    assert geocoder().geocode(name, Context()) is None


def test_index_is_built_once() -> None:
    index = load_city_index()
    assert index is load_city_index()
    assert len(index.cities) > 100_000 and "kursk" in index.regions


def test_regioncentroid_ignores_outliers() -> None:
    rows = [Candidate("t", "XX", 10.0 + i / 100, 20.0, 1000) for i in range(99)] + [
        Candidate("island", "XX", 60.0, 80.0, 10)]
    lat, lon = centroid(rows)
    assert 10.0 < lat < 11.0 and lon == 20.0


def test_dateline_place_comes_first(entity_nlp: Language) -> None:
    doc = entity_nlp.make_doc("CAMP HUMPHREYS, South Korea — Troops are fighting in Kursk, a region of Russia.")
    doc._.dateline = "CAMP HUMPHREYS, South Korea"
    for _, proc in entity_nlp.pipeline:
        doc = proc(doc)
    found = places_of(doc)
    assert [p.name for p in found] == ["Camp Humphreys", "Kursk"]
    assert found[0].country == "KR" and found[0].feature == "base"
    assert all(p.name not in ("Russia", "South Korea") for p in found)


def test_dateline_from_text_when_none_given(entity_nlp: Language) -> None:
    doc = entity_nlp("WASHINGTON (AP) — The Pentagon said troops had moved toward Kursk.")
    records = doc._.places
    assert isinstance(records[0], PlaceRecord)
    assert records[0].place.name == "Washington" and records[0].mentions == [(0, 10)]
    assert near((records[0].place.lat, records[0].place.lon), 38.9, -77.04)


@pytest.mark.parametrize(("text", "name", "lat", "lon"), [
    ("Troops were deployed to the Kursk region last week.", "Kursk Oblast", 51.73, 36.19),
    ("Two soldiers were captured during fighting in western Kursk.", "Kursk", 51.73, 36.19),
    ("The fire near Altadena destroyed homes, officials in Los Angeles said.", "Altadena", 34.19, -118.13),
    ("The prisoners left Ofer prison in the occupied West Bank.", "West Bank", 31.95, 35.25),
    ("Rescuers reached the Noto Peninsula after the earthquake in Japan.", "Noto Peninsula", 37.2, 136.9),
])
def test_places_in_articles(entity_nlp: Language, text: str, name: str, lat: float, lon: float) -> None:
    found = {p.name: p for p in places_of(entity_nlp(text))}
    assert name in found, found
    assert near((found[name].lat, found[name].lon), lat, lon)


def test_us_dateline_hint_and_local_namesake(entity_nlp: Language) -> None:
    doc = entity_nlp("FORT MYERS, Fla. (AP) — Crews reached St. Petersburg and Tampa, and Washington state sent help.")
    found = {p.name: p for p in places_of(doc)}
    assert found["Fort Myers"].country == "US"
    assert found["St. Petersburg"].country == "US"
    assert near((found["Washington State"].lat, found["Washington State"].lon), 47.4, -120.5)


def test_countries_are_not_places(entity_nlp: Language) -> None:
    doc = entity_nlp("Russia and North Korea signed a treaty, and Ukraine protested.")
    assert places_of(doc) == []


def test_capital_metonymy_is_also_a_place(entity_nlp: Language) -> None:
    doc = entity_nlp("Seoul, Washington and Kyiv have said more than 10,000 troops are in Russia.")
    assert {p.name for p in places_of(doc)} == {"Seoul", "Washington", "Kyiv"}


def test_places_in_a_claim_span(entity_nlp: Language) -> None:
    text = "Rutte spoke in Brussels. Troops reached Vladivostok."
    doc = entity_nlp(text)
    second = text.index("Troops")
    assert [p.name for p in places_in(doc, second, len(text))] == ["Vladivostok"]
    rec = next(r for r in doc._.places if r.place.name == "Brussels")
    assert rec.mentions == [(15, 23)]


@pytest.mark.parametrize(("text", "expected"), [
    # the NER tags Rennes as a product: a known town after 'in' is still a place
    ("Tens of thousands also marched in Lyon, Nantes and Rennes.", {"Lyon", "Nantes", "Rennes"}),
    # a month after 'in' is no place, nor an unknown capitalised word
    ("Protests began in March in Paris.", {"Paris"}),
    ("Talks resumed in Zorblatt on Friday.", set()),
    # a big town the NER took for a person is still a place after 'in'; a small one is not guessed
    ("In Toulouse, the prefecture said 34,000 people took part.", {"Toulouse"}),
    ("In Smith's view, the plan would fail.", set()),
])
def test_names_after_locative_prepositions(entity_nlp: Language, text: str, expected: set[str]) -> None:
    assert {p.name for p in places_of(entity_nlp(text))} == expected
