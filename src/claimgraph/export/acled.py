"""CSV modelled on ACLED's columns: one row per claim that carries an event type.

PLOVER types map to ACLED's disorder/event/sub-event types through ``data/acled_map.yaml``;
killed counts give ``fatalities`` (ACLED's conservative figure: the value or the lower bound) and
UCDP-style ``fatalities_low``/``fatalities_high`` from the claim's 'killed' figure as reconcile
measures it (civilian counts included). Cells a spreadsheet would read as a formula are neutralised.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import Code, ConfigError
from ..model import Place
from ..nlp.lexicon import load_yaml
from ..reconcile.analysis import Reconciliation
from ..reconcile.lexicon import ReconcileLexicon
from ..reconcile.measures import points_of
from ..reconcile.origins import origin_of
from ..reconcile.types import CorpusClaim
from .common import ExportView, Reports

Cell = str | int | float | None
Figure = tuple[float | None, float | None, float | None]

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "civilian_targeting", "iso", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "fatalities_low", "fatalities_high",
    "claim_key", "document", "plover_event_type", "event_date_from", "certainty", "credibility",
)
# What makes a spreadsheet read a cell as a formula (OWASP), full-width forms included.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
KILLED = "killed"
MAP_FILE = "acled_map.yaml"


@dataclass(frozen=True)
class AcledType:
    """ACLED's three event columns."""

    disorder_type: str
    event_type: str
    sub_event_type: str


@dataclass(frozen=True)
class Rule:
    """Words that switch a PLOVER type to another ACLED type (None: no ACLED counterpart)."""

    pattern: re.Pattern[str]
    acled: AcledType | None


@dataclass(frozen=True)
class AcledMap:
    """The mapping tables of ``data/acled_map.yaml``."""

    events: dict[str, tuple[AcledType | None, tuple[Rule, ...]]]
    civilian: re.Pattern[str]
    geo_precision: dict[str, int]
    source_scale: dict[str, str]


def words_pattern(words: list[str]) -> re.Pattern[str]:
    """A whole-word pattern for any of the words or phrases."""
    alternatives = "|".join(re.escape(w.lower()) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def acled_type(raw: dict[str, str] | None) -> AcledType | None:
    return None if raw is None else AcledType(raw["disorder_type"], raw["event_type"], raw["sub_event_type"])


@lru_cache(maxsize=1)
def acled_map() -> AcledMap:
    """Load and check ``data/acled_map.yaml`` (E013 when malformed)."""
    data = load_yaml(MAP_FILE)
    try:
        events = {
            plover: (acled_type(spec.get("default")),
                     tuple(Rule(words_pattern(r["words"]), acled_type(r["set"])) for r in spec.get("rules") or ()))
            for plover, spec in data["events"].items()
        }
        return AcledMap(events, words_pattern(data["civilian_words"]),
                        {str(k): int(v) for k, v in data["geo_precision"].items()},
                        {str(k).casefold(): str(v) for k, v in data["source_scale"].items()})
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(Code.E013, MAP_FILE, f"missing or malformed {exc}") from exc


def classify(cc: CorpusClaim, amap: AcledMap) -> AcledType | None:
    """The ACLED type of an event claim: the first matching rule, else the type's default."""
    event = cc.claim.event
    if event is None or event.type not in amap.events:
        return None
    default, rules = amap.events[event.type]
    text = f"{cc.claim.text} {event.trigger or ''}".lower()
    return next((r.acled for r in rules if r.pattern.search(text)), default)


def event_date(cc: CorpusClaim) -> tuple[dt.date | None, int, str]:
    """The event's date, ACLED time precision (1 day, 2 week, 3 month or vaguer) and where the date
    came from: the claim's event time if resolved, else the report's date (precision 3)."""
    for t in cc.claim.times:
        if t.role == "event" and t.start and t.end:
            days = (t.end - t.start).days
            precision = 1 if days == 0 else 2 if days <= 6 else 3
            return t.start + dt.timedelta(days=days // 2), precision, "event"
    return cc.published, 3, "report"


def killed_figure(cc: CorpusClaim, lex: ReconcileLexicon) -> Figure | None:
    """(value, low, high) of the claim's first 'killed' figure, civilian counts included (the
    estimate series leave those out); None for denied or uncommitted claims."""
    point = next((p for p in points_of(cc, lex) if p.measure == KILLED), None)
    return (point.value, point.low, point.high) if point else None


def fatalities(figure: Figure | None) -> tuple[int, Cell, Cell]:
    """ACLED's conservative count (the point value or lower bound; 0 when none), UCDP-style low and high."""
    if figure is None:
        return 0, None, None
    value, low, high = figure
    lo = value if value is not None else low
    hi = value if value is not None else high
    return whole(lo) or 0, whole(lo), whole(hi)


def whole(x: float | None) -> int | None:
    return None if x is None else round(x)


def event_place(corpus: ExportView, cc: CorpusClaim) -> Place | None:
    """Where the event happened: the claim's first place with coordinates, else its first place."""
    places = corpus.places_of(cc)
    located = [p for p in places if p.lat is not None and p.lon is not None]
    chosen = located or places
    return chosen[0] if chosen else None


def location_columns(place: Place | None, amap: AcledMap) -> dict[str, Cell]:
    """country, iso, admin1, location, coordinates and geo precision of the event place."""
    if place is None:
        return {}
    return {"iso": country_codes(place.country)[1], "country": country_name(place.country), "admin1": admin1(place),
            "location": place.name, "latitude": place.lat, "longitude": place.lon,
            "geo_precision": amap.geo_precision.get(place.feature or "", amap.geo_precision.get("other", 2))}


@lru_cache(maxsize=512)
def country_codes(code: str | None) -> tuple[str, int | None]:
    """ISO alpha-3 (for the event id) and ISO numeric code of an alpha-2 code."""
    import pycountry

    found = pycountry.countries.get(alpha_2=code) if code else None
    if found is None:
        return "XXX", None
    return str(found.alpha_3), int(found.numeric)


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str | None:
    """The country's name as news writes it (the gazetteer's), else ISO's."""
    if not code:
        return None
    from ..nlp.gazetteer import load_gazetteer

    country = load_gazetteer().country(code)
    if country is not None:
        return country.name
    import pycountry

    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "common_name", None) or found.name) if found else code


def admin1(place: Place) -> str | None:
    """The first-level region of a place (itself when it is a region)."""
    if place.feature == "region":
        return place.name
    if place.lat is None or place.lon is None:
        return None
    return state_at(round(place.lat, 4), round(place.lon, 4))


@lru_cache(maxsize=4096)
def state_at(lat: float, lon: float) -> str | None:
    """The admin-1 name of the nearest GeoNames town (reverse_geocode, loaded on first use)."""
    import reverse_geocode

    found: dict[str, Any] = reverse_geocode.get((lat, lon))
    return found.get("state") or None


def source_columns(cc: CorpusClaim, amap: AcledMap) -> dict[str, Cell]:
    """ACLED's source (the outlet and the claim's origin) and source scale."""
    outlet = cc.outlet or cc.document
    origin = origin_of(cc)
    source = outlet if origin is None or origin.name == outlet else f"{outlet}; {origin.name}"
    return {"source": source, "source_scale": amap.source_scale.get((cc.outlet or "").casefold())}


def civilian_targeting(cc: CorpusClaim, kind: AcledType | None, amap: AcledMap) -> str | None:
    """ACLED's flag for political violence aimed at civilians (by the words of the claim)."""
    violent = kind is not None and kind.disorder_type.startswith("Political violence")
    return "Civilian targeting" if violent and amap.civilian.search(cc.claim.text.lower()) else None


def event_id(cc: CorpusClaim, iso3: str) -> str:
    """ACLED-style id: ISO alpha-3 and the claim's number ('RUS123'), or its key when not numeric."""
    digits = cc.key[1:] if cc.key[:1] == "C" and cc.key[1:].isdigit() else f"-{cc.key}"
    return f"{iso3}{digits}"


def row(corpus: ExportView, cc: CorpusClaim, amap: AcledMap, lex: ReconcileLexicon) -> dict[str, Cell]:
    """The ACLED-like row of one event claim."""
    kind = classify(cc, amap)
    day, precision, came_from = event_date(cc)
    place = event_place(corpus, cc)
    iso3 = country_codes(place.country)[0] if place else "XXX"
    best, low, high = fatalities(killed_figure(cc, lex))
    actors = cc.claim.actors
    grade = corpus.rec.grades.get(cc.key)
    return {
        "event_id_cnty": event_id(cc, iso3),
        "event_date": day.isoformat() if day else None, "year": day.year if day else None,
        "time_precision": precision,
        "disorder_type": kind.disorder_type if kind else None, "event_type": kind.event_type if kind else None,
        "sub_event_type": kind.sub_event_type if kind else None,
        "actor1": actors[0] if actors else None, "actor2": actors[1] if len(actors) > 1 else None,
        "civilian_targeting": civilian_targeting(cc, kind, amap),
        **location_columns(place, amap), **source_columns(cc, amap), "notes": cc.claim.text,
        "fatalities": best, "fatalities_low": low, "fatalities_high": high,
        "claim_key": cc.key, "document": cc.document,
        "plover_event_type": cc.claim.event.type if cc.claim.event else None, "event_date_from": came_from,
        "certainty": cc.claim.certainty, "credibility": grade.credibility if grade else None,
    }


def acled_rows(articles: Reports, rec: Reconciliation) -> Iterator[dict[str, Cell]]:
    """One row (column -> value, not yet neutralised) per claim with an event type."""
    corpus = ExportView.build(articles, rec)
    amap = acled_map()
    lex = dataclasses.replace(rec.lexicon, exclude_if=())
    for cc in corpus.claims:
        if cc.claim.event is not None:
            yield row(corpus, cc, amap, lex)


def neutralise(value: Cell) -> Cell:
    """Prefix a text cell a spreadsheet would run as a formula with a quote (numbers pass as they are)."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START):
        return "'" + value
    return value


def csv_record(values: list[Cell]) -> str:
    """One CSV record (quoted as needed; no line terminator)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(values)
    return buffer.getvalue()


def acled_lines(articles: Reports, rec: Reconciliation) -> Iterator[str]:
    """The header, then one CSV record per event claim, formula-like cells neutralised."""
    yield csv_record(list(COLUMNS))
    for values in acled_rows(articles, rec):
        yield csv_record([neutralise(values.get(column)) for column in COLUMNS])
