"""Dateline detection: a table of datelines seen in wire copy, and sentences that are not datelines."""

from __future__ import annotations

import datetime as dt

import pytest

from claimgraph.ingest import Dateline, detect_dateline
from claimgraph.ingest.dateline import agency_outlet, lexicon, title_case

# text, dateline text, place, region, agency, date text, where the body starts
DATELINES = [
    ("CAMP HUMPHREYS, South Korea — North Korea may", "CAMP HUMPHREYS, South Korea", "Camp Humphreys",
     "South Korea", None, None, "North Korea may"),
    ("SEOUL (AP) — North Korea fired", "SEOUL", "Seoul", None, "AP", None, "North Korea fired"),
    ("WASHINGTON (Meridian Wire) — North Korea has", "WASHINGTON", "Washington", None, "Meridian Wire", None,
     "North Korea has"),
    ("Kyiv, Dec 23 (Agency) - Russia launched", "Kyiv", "Kyiv", None, "Agency", "Dec 23", "Russia launched"),
    ("KYIV, Ukraine, Oct. 3 (Reuters) -- Russian forces", "KYIV, Ukraine", "Kyiv", "Ukraine", "Reuters",
     "Oct. 3", "Russian forces"),
    ("LONDON, April 27 — The Bank", "LONDON", "London", None, None, "April 27", "The Bank"),
    ("NAIROBI — Kenyan police", "NAIROBI", "Nairobi", None, None, None, "Kenyan police"),
    ("Rabat, Sept 10 (Coastline Press) - Morocco said", "Rabat", "Rabat", None, "Coastline Press", "Sept 10",
     "Morocco said"),
    ("JERUSALEM (Levant Wire) — The ceasefire", "JERUSALEM", "Jerusalem", None, "Levant Wire", None,
     "The ceasefire"),
    ("LOS ANGELES (Pacific Coast Post) — At least", "LOS ANGELES", "Los Angeles", None, "Pacific Coast Post",
     None, "At least"),
    ("BEIRUT, Lebanon, Jan 5, 2025 (Reuters) - Israeli", "BEIRUT, Lebanon", "Beirut", "Lebanon", "Reuters",
     "Jan 5, 2025", "Israeli"),
    ("PORT-AU-PRINCE, Haiti — Gangs", "PORT-AU-PRINCE, Haiti", "Port-au-Prince", "Haiti", None, None,
     "Gangs"),
    ("WINSTON-SALEM, N.C. — A jury", "WINSTON-SALEM, N.C.", "Winston-Salem", "N.C.", None, None, "A jury"),
    ("ST. LOUIS (AP) — A judge", "ST. LOUIS", "St. Louis", None, "AP", None, "A judge"),
    ("NEW YORK/LONDON (Reuters) - Oil prices", "NEW YORK/LONDON", "New York/London", None, "Reuters", None,
     "Oil prices"),
    ("Paris (AFP) - France said", "Paris", "Paris", None, "AFP", None, "France said"),
    ("NEW DELHI: India said", "NEW DELHI", "New Delhi", None, None, None, "India said"),
    ("DAR ES SALAAM, TANZANIA — Officials", "DAR ES SALAAM, TANZANIA", "Dar es Salaam", "Tanzania", None,
     None, "Officials"),
    ("\n  NAIROBI—Kenyan police", "NAIROBI", "Nairobi", None, None, None, "Kenyan police"),
]


@pytest.mark.parametrize(("text", "written", "place", "region", "agency", "date_text", "body"), DATELINES)
def test_detects_dateline(
    text: str, written: str, place: str, region: str | None, agency: str | None, date_text: str | None,
    body: str,
) -> None:
    found = detect_dateline(text)
    assert found is not None
    assert (found.text, found.place, found.region, found.agency, found.date_text) == (
        written, place, region, agency, date_text)
    assert text[found.end :] == body
    assert text.index(written) + len(written) <= found.end


NOT_DATELINES = [
    "North Korea has ratified its mutual defence treaty with Russia, state media said.",
    "North Korea — the country's state media said — has ratified the treaty.",
    "Nairobi — the capital — was quiet on Monday.",
    "However, officials said — without evidence — that",
    "Kim Jong Un, North Korea's leader, said on Monday that",
    "Officials (who asked not to be named) — said the plan",
    "UPDATE: the toll has risen to 24.",
    "BREAKING — Parliament has voted",
    "March 3 — the day the treaty",
    "In 2024, the council said",
    "The president said - maybe - that",
    "",
    "   ",
    "SEOUL (AP)",
]


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_no_dateline(text: str) -> None:
    assert detect_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("BEIRUT, Lebanon, Jan 5, 2025 (Reuters) - x", dt.date(2025, 1, 5)),
        ("WASHINGTON, Oct. 28, 2024 — x", dt.date(2024, 10, 28)),
        ("LONDON, April 27 — x", None),
        ("LONDON, Feb 30, 2024 — x", None),
    ],
)
def test_dateline_date_only_with_a_year(text: str, date: dt.date | None) -> None:
    found = detect_dateline(text)
    assert found is not None
    assert found.date == date


def test_body_text_is_not_changed() -> None:
    text = "SEOUL (AP) — North Korea fired a missile."
    found = detect_dateline(text)
    assert isinstance(found, Dateline)
    assert found.end == text.index("North")
    assert found.full_place == "Seoul"


@pytest.mark.parametrize(
    ("caps", "title"),
    [
        ("CAMP HUMPHREYS", "Camp Humphreys"),
        ("PORT-AU-PRINCE", "Port-au-Prince"),
        ("RIO DE JANEIRO", "Rio de Janeiro"),
        ("KING'S LYNN", "King's Lynn"),
        ("N'DJAMENA", "N'Djamena"),
        ("MCALLEN", "McAllen"),
        ("ST. LOUIS", "St. Louis"),
    ],
)
def test_title_case(caps: str, title: str) -> None:
    assert title_case(caps, lexicon().particles) == title


def test_lexicon_and_agency_names() -> None:
    lex = lexicon()
    assert lex.months["sept"] == 9
    assert "on" in lex.particles  # quoted in the YAML: a bare `on` would load as True
    assert agency_outlet("AP") == "Associated Press"
    assert agency_outlet("ap") == "Associated Press"
    assert agency_outlet("Meridian Wire") == "Meridian Wire"
