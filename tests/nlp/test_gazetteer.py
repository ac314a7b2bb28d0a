"""Gazetteer data files (schema, ISO codes, coordinates) and the lookup API."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest
import yaml

from claimgraph.errors import ConfigError
from claimgraph.nlp.gazetteer import (
    build_ruler_patterns,
    fold,
    load_gazetteer,
    name_key,
    role_key,
    split_dateline,
)

DATA = Path(__file__).resolve().parents[2] / "src" / "claimgraph" / "data"
KINDS = {"intelligence", "military", "government", "legislator", "media", "state_media", "organization"}
FEATURES = {"city", "region", "territory", "district", "water", "island", "base", "facility", "crossing"}
USER_ASSIGNED = {"XK"}  # Kosovo: not in ISO 3166-1, used by every news organisation


def iso(code: str | None) -> bool:
    return code is None or code in USER_ASSIGNED or pycountry.countries.get(alpha_2=code) is not None


def load(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def test_countries_cover_iso_and_are_valid() -> None:
    rows = load("countries.yaml")["countries"]
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes))
    assert {c.alpha_2 for c in pycountry.countries} <= set(codes)
    for r in rows:
        assert iso(r["code"]) and r["name"], r
        assert set(r) <= {"code", "name", "aliases", "contextual", "demonyms", "capitals", "descriptors",
                          "ambiguous"}, r


def test_organizations_schema() -> None:
    data = load("organizations.yaml")
    for key in ("org_heads", "state_heads", "person_titles", "person_roles", "org_nouns", "not_org_heads"):
        assert data[key] and all(isinstance(w, str) for w in data[key])
    names = set()
    for r in data["organizations"]:
        assert r["kind"] in KINDS and iso(r.get("country")), r
        assert set(r) <= {"name", "kind", "country", "aliases", "generic", "roles", "owners"}, r
        names.add((r["name"], r.get("country")))
    assert len(names) == len(data["organizations"])
    assert len(names) > 500


def test_places_schema_and_coordinates() -> None:
    rows = load("places.yaml")["places"]
    for r in rows:
        assert -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180, r
        assert iso(r.get("country")) and r["feature"] in FEATURES, r
        assert r.get("geonames_id") is None or isinstance(r["geonames_id"], int), r
    assert len(rows) > 400


@pytest.mark.parametrize(("text", "key"), [
    ("North Korea’s", "north korea"),
    ("the North", "north"),
    ("The New York Times", "new york times"),
    ("U.N.", "u n"),
])
def test_name_key_matches_the_scorer(text: str, key: str) -> None:
    assert name_key(text) == key


@pytest.mark.parametrize(("text", "expected"), [
    ("U.S.", "country:US"),
    ("America", "country:US"),
    ("DPRK", "country:KP"),
    ("North Korean", "demonym:KP"),
    ("North Koreans", "demonym:KP"),
    ("Israelis", "demonym:IL"),
    ("Pyongyang", "capital:KP"),
    ("Kiev", "capital:UA"),
    ("Kremlin", "org:kremlin@RU"),
    ("Yonhap news agency", "org:yonhap@KR"),
    ("KCNA", "org:korean-central-news-agency@KP"),
    ("Kursk region", "place:kursk-oblast@RU"),
    ("Camp Humphreys", "place:camp-humphreys@KR"),
])
def test_lookup(text: str, expected: str) -> None:
    assert expected in load_gazetteer().lookup(text)


def test_lookup_unknown_is_empty() -> None:
    assert load_gazetteer().lookup("Ruritania") == ()


@pytest.mark.parametrize(("owner", "role", "name"), [
    ("IL", "military", "Israel Defense Forces"),
    ("IL", "prison service", "Israel Prison Service"),
    ("gaza", "Health Ministry", "Gaza Health Ministry"),
    ("UA", "military intelligence agency", "Main Directorate of Intelligence of Ukraine"),
    ("VE", "electoral council", "National Electoral Council"),
    ("RU", "Ministry of Defense", "Russian Defence Ministry"),
])
def test_org_for_role(owner: str, role: str, name: str) -> None:
    org = load_gazetteer().org_for_role(owner, role)
    assert org is not None and org.name == name


@pytest.mark.parametrize(("text", "key"), [
    ("Ministry of Defense", "defence ministry"),
    ("defense ministry", "defence ministry"),
    ("civil defense center", "civil defence centre"),
])
def test_role_key(text: str, key: str) -> None:
    assert role_key(text) == key


def test_fold() -> None:
    assert fold("Khān Yūnis") == "khan yunis"


def test_ruler_patterns() -> None:
    patterns = build_ruler_patterns()
    by_text = {(p["pattern"], p["label"]): p for p in patterns}
    assert by_text[("Kursk", "GPE")]["id"] == "g:kursk"
    assert ("KURSK", "GPE") in by_text  # upper-case copies of place names, for datelines
    assert by_text[("North Korean", "NORP")]["id"] == "g:north korean"
    assert by_text[("the North", "GPE")]["id"] == "x:north"
    assert by_text[("The communist regime", "GPE")]["id"] == "d:communist regime"
    assert all(p["id"][:2] in ("g:", "x:", "d:") for p in patterns)


@pytest.mark.parametrize(("text", "expected"), [
    ("CAMP HUMPHREYS, South Korea — North Korea may", ("CAMP HUMPHREYS", "South Korea")),
    ("WASHINGTON (Meridian Wire) — North Korea has", ("WASHINGTON", None)),
    ("LOS ANGELES (AP) — At least", ("LOS ANGELES", None)),
    ("North Korea has sent troops", None),
])
def test_split_dateline(text: str, expected: tuple[str, str | None] | None) -> None:
    assert split_dateline(text) == expected


def test_bad_data_folder_raises_e013(tmp_path: Path) -> None:
    for name in ("countries.yaml", "organizations.yaml", "places.yaml"):
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "places.yaml").write_text("places: [{name: X}]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_gazetteer(str(tmp_path))
    assert err.value.code.name == "E013"


def test_user_data_folder_extends(tmp_path: Path) -> None:
    for name in ("countries.yaml", "places.yaml"):
        (tmp_path / name).write_text((DATA / name).read_text(encoding="utf-8"), encoding="utf-8")
    orgs = (DATA / "organizations.yaml").read_text(encoding="utf-8")
    orgs += "  - {name: Ruritanian Guard, kind: military, country: null, aliases: [RG]}\n"
    (tmp_path / "organizations.yaml").write_text(orgs, encoding="utf-8")
    assert load_gazetteer(str(tmp_path)).lookup("RG") == ("org:ruritanian-guard",)


def test_loaded_once() -> None:
    assert load_gazetteer() is load_gazetteer()
