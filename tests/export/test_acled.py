"""ACLED-like CSV: one row per event claim, PLOVER→ACLED mapping, dates, fatalities, and
formula injection neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from claimgraph.export import ACLED_COLUMNS, acled_lines, neutralise
from claimgraph.export.acled import acled_map, classify, event_date
from claimgraph.model import Claim, Event, TimeExpression
from claimgraph.nlp.lexicon import load_yaml
from claimgraph.reconcile.analysis import Reconciliation
from claimgraph.reconcile.types import CorpusClaim

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
ACLED_TYPES = {
    "Battles": {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"},
    "Explosions/Remote violence": {"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"},
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"},
}
DISORDERS = {"Political violence", "Demonstrations", "Strategic developments", "Political violence; Demonstrations"}
D = dt.date


def corpus_claim(text: str, event: str | None, times: list[TimeExpression] | None = None) -> CorpusClaim:
    claim = Claim(id="c01", text=text, span=(0, len(text)), event=Event(type=event) if event else None,
                  times=times or [])
    return CorpusClaim("C9", "x.txt", 9, D(2025, 1, 20), "Outlet", claim)


def rows(reports: list, rec: Reconciliation) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO("\n".join(acled_lines(reports, rec)))))


def test_header_and_one_row_per_event_claim(reports: list, rec: Reconciliation) -> None:
    lines = list(acled_lines(reports, rec))
    assert next(csv.reader([lines[0]])) == list(ACLED_COLUMNS)
    out = rows(reports, rec)
    assert [r["claim_key"] for r in out] == [cc.key for cc in rec.claims if cc.claim.event]


def test_hostile_row_is_neutralised_and_numbers_are_kept(reports: list, rec: Reconciliation) -> None:
    row = next(r for r in rows(reports, rec) if r["document"] == "reports/hostile.json")
    assert row["notes"].startswith("'=cmd|")
    assert row["source"] == "'@Evil Wire; police"
    assert (row["actor1"], row["actor2"]) == ("'-FARC dissidents", "Colombia")
    assert (row["latitude"], row["longitude"]) == ("4.711", "-74.0721")
    assert (row["event_date"], row["year"], row["time_precision"], row["event_date_from"]) == \
        ("2025-01-12", "2025", "1", "event")
    assert (row["country"], row["iso"], row["location"], row["geo_precision"]) == ("Colombia", "170", "Bogotá", "1")
    assert row["event_id_cnty"] == "COL" + row["claim_key"][1:]
    assert (row["event_type"], row["sub_event_type"]) == ("Battles", "Armed clash")
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == ("4", "4", "9")
    assert all(not v.startswith(("=", "+", "-", "@")) for v in row.values() if v != row["longitude"])


def test_extracted_shelling_claim(reports: list, rec: Reconciliation) -> None:
    row = next(r for r in rows(reports, rec) if "shelling" in r["notes"])
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence",
                                                          "Shelling/artillery/missile attack")
    assert row["civilian_targeting"] == "Civilian targeting"
    assert row["fatalities"] == "12"
    assert (row["country"], row["location"], row["event_date"]) == ("Russia", "Sudzha", "2025-01-12")
    assert row["source"].startswith("Yonhap; ") and row["source_scale"] == "National"


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+SUM(A1)", "'+SUM(A1)"), ("-2+3", "'-2+3"), ("@cmd", "'@cmd"), ("\t=x", "'\t=x"),
    ("  =x", "'  =x"), ("\uff1dx", "'\uff1dx"), ("plain text", "plain text"), ("", ""), (-74.07, -74.07),
    (0, 0), (None, None),
])
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("event, text, expected", [
    ("ASSAULT", "troops clashed with fighters near Pokrovsk", ("Battles", "Armed clash")),
    ("ASSAULT", "Russian shelling hit Kharkiv", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("ASSAULT", "a drone struck a bus", ("Explosions/Remote violence", "Air/drone strike")),
    ("ASSAULT", "gunmen attacked villagers", ("Violence against civilians", "Attack")),
    ("ASSAULT", "Ukrainian forces recaptured the village", ("Battles", "Government regains territory")),
    ("ASSAULT", "hackers hacked the ministry", None),
    ("PROTEST", "protesters rallied in Kyiv", ("Protests", "Peaceful protest")),
    ("PROTEST", "rioters torched cars", ("Riots", "Violent demonstration")),
    ("PROTEST", "police fired tear gas at marchers", ("Protests", "Protest with intervention")),
    ("COERCE", "police arrested five activists", ("Strategic developments", "Arrests")),
    ("MOBILIZE", "North Korea sent troops", ("Strategic developments", "Change to group/activity")),
    ("AGREE", "the two sides signed a ceasefire", ("Strategic developments", "Agreement")),
    ("CONCEDE", "Russia released 20 prisoners", ("Strategic developments", "Agreement")),
    ("ACCUSE", "Kyiv accused Moscow of war crimes", None),
    (None, "no event here", None),
])
def test_classify(event: str | None, text: str, expected: tuple[str, str] | None) -> None:
    kind = classify(corpus_claim(text, event), acled_map())
    assert (kind.event_type, kind.sub_event_type) == expected if kind else expected is None


def when(start: dt.date, end: dt.date, role: str = "event") -> TimeExpression:
    return TimeExpression(text="then", span=(0, 4), start=start, end=end, role=role)  # type: ignore[arg-type]


@pytest.mark.parametrize("times, expected", [
    ([when(D(2025, 1, 12), D(2025, 1, 12))], (D(2025, 1, 12), 1, "event")),
    ([when(D(2025, 1, 6), D(2025, 1, 12))], (D(2025, 1, 9), 2, "event")),
    ([when(D(2024, 12, 1), D(2024, 12, 31))], (D(2024, 12, 16), 3, "event")),
    ([when(D(2025, 1, 13), D(2025, 1, 13), "said")], (D(2025, 1, 20), 3, "report")),
    ([], (D(2025, 1, 20), 3, "report")),
])
def test_event_date_and_precision(times: list[TimeExpression], expected: tuple) -> None:
    assert event_date(corpus_claim("x", "ASSAULT", times)) == expected


def test_mapping_covers_plover_and_uses_acled_vocabulary() -> None:
    amap = acled_map()
    assert set(amap.events) == PLOVER
    assert set(load_yaml("events.yaml")["verbs"].values()) <= PLOVER
    kinds = [default for default, _ in amap.events.values()] + \
        [rule.acled for _, rules in amap.events.values() for rule in rules]
    for kind in filter(None, kinds):
        assert kind.disorder_type in DISORDERS
        assert kind.sub_event_type in ACLED_TYPES[kind.event_type]
    assert set(amap.geo_precision.values()) <= {1, 2, 3}
