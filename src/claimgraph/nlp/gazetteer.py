"""Gazetteers of countries, organisations and curated places, and the lookups built on them.

The data are the packaged YAML files in ``claimgraph/data`` (``countries.yaml``,
``organizations.yaml``, ``places.yaml``); a user extends them by copying the folder and passing
``data_dir``. :func:`load_gazetteer` reads and indexes them once per process and data folder
(``functools.lru_cache``); the :class:`Gazetteer` it returns is read-only and every lookup is a
dict read. Surface forms are indexed by :func:`name_key`, the normalisation the scorer uses.

Match ids, as the gazetteer ruler (:mod:`claimgraph.nlp.ruler`) writes them on entity spans
(``Span.id_``): ``country:KP`` (a name or alias), ``demonym:KP``, ``capital:KP``, ``context:KP``
("the North"), ``descriptor:KP`` ("the communist regime"), ``org:<key>``, ``role:<owner>:<role>``
(a descriptive organisation not in the gazetteer, "Russia's Energy Ministry") and ``place:<key>``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from claimgraph.errors import Code, ConfigError
from claimgraph.nlp.lexicon import data_path, read_yaml

QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-"})
SPELLING = {"defense": "defence", "center": "centre", "organization": "organisation", "program": "programme"}
PLACE_LABELS = {"city": "GPE", "region": "GPE", "territory": "GPE", "district": "GPE", "water": "LOC",
                "island": "LOC", "base": "FAC", "facility": "FAC", "crossing": "FAC"}
STRONG = ("country", "demonym", "capital")
OWNERS = (*STRONG, "place", "context")
POSSESSIVE = {"'s", "’s", "'", "’"}
DATELINE = re.compile(r"^\s*([A-Z][A-Z.'’\- ]+[A-Z.])(?:,\s*([A-Z][\w.'’ -]{1,40}?))?\s*(?:\(|—|–|--|-\s)")


def name_key(text: str | None) -> str:
    """Normalise a surface form as the scorer does: quotes, case, punctuation, "the", "'s"."""
    s = (text or "").translate(QUOTES).lower()
    s = re.sub(r"\s+", " ", re.sub(r"[^\w\s'-]", " ", s)).strip()
    return re.sub(r"^the ", "", re.sub(r"'s$", "", s))


def fold(text: str) -> str:
    """Accent- and case-folded key for place names ("Khān Yūnis" -> "khan yunis")."""
    s = unicodedata.normalize("NFKD", text.translate(QUOTES))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s'-]", " ", s)).strip()


def role_key(text: str) -> str:
    """Normalise a role phrase: "Ministry of Defense" and "defence ministry" -> "defence ministry"."""
    words = [SPELLING.get(w, w) for w in name_key(text).replace("-", " ").split()]
    if len(words) >= 3 and words[0] == "ministry" and words[1] == "of":
        words = [*words[2:], "ministry"]
    return " ".join(words)


@dataclass(frozen=True)
class Country:
    """A country or territory as news names it."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    contextual: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    ambiguous: bool = False


@dataclass(frozen=True)
class Organization:
    """An organisation with its source kind, country and names."""

    key: str
    name: str
    kind: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()


@dataclass(frozen=True)
class CuratedPlace:
    """A place from ``places.yaml``."""

    key: str
    name: str
    country: str | None
    lat: float
    lon: float
    feature: str
    aliases: tuple[str, ...] = ()
    geonames_id: int | None = None


@dataclass(frozen=True)
class Gazetteer:
    """All gazetteers, indexed by :func:`name_key` of every surface form."""

    countries: Mapping[str, Country]
    organizations: Mapping[str, Organization]
    places: Mapping[str, CuratedPlace]
    names: Mapping[str, tuple[str, ...]]
    roles: Mapping[tuple[str, str], str]
    generic: frozenset[str]
    descriptors: Mapping[str, tuple[str, ...]]
    lexicon: Mapping[str, Any] = field(default_factory=dict)

    def lookup(self, text: str) -> tuple[str, ...]:
        """Match ids for a surface form ("Pyongyang" -> ("capital:KP", "place:pyongyang"))."""
        return self.names.get(name_key(text), ())

    def country(self, code: str | None) -> Country | None:
        """The country with this ISO code."""
        return self.countries.get(code or "")

    def org_for_role(self, owner: str, role: str) -> Organization | None:
        """The organisation a country (ISO code) or owner place calls by this role phrase."""
        key = self.roles.get((owner.upper() if len(owner) == 2 else name_key(owner), role_key(role)))
        return self.organizations.get(key) if key else None

    def words(self, name: str) -> frozenset[str]:
        """A word list from the lexicon sections of the YAML files (``org_heads``, ...)."""
        value = self.lexicon.get(name, ())
        return frozenset(value) if not isinstance(value, frozenset) else value


# --------------------------------------------------------------------------------------------
# loading
# --------------------------------------------------------------------------------------------


def _data_file(data_dir: str | None, name: str) -> Path:
    if data_dir:
        return Path(data_dir) / name
    return data_path(name)


def _plural(demonym: str) -> str | None:
    return None if demonym.endswith(("ese", "ish", "ch", "ss", "s", "x", "z")) else demonym + "s"


def _tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


def _countries(raw: Iterable[dict[str, Any]]) -> dict[str, Country]:
    out = {}
    for row in raw:
        demonyms = _tuple(row.get("demonyms"))
        demonyms += tuple(p for d in demonyms if (p := _plural(d)) and p not in demonyms)
        out[str(row["code"])] = Country(
            str(row["code"]), str(row["name"]), _tuple(row.get("aliases")), _tuple(row.get("contextual")),
            demonyms, _tuple(row.get("capitals")), _tuple(row.get("descriptors")), bool(row.get("ambiguous")))
    return out


def _organizations(raw: Iterable[dict[str, Any]]) -> dict[str, Organization]:
    out: dict[str, Organization] = {}
    for row in raw:
        key = name_key(str(row["name"])).replace(" ", "-") + (f"@{row['country']}" if row.get("country") else "")
        out[key] = Organization(key, str(row["name"]), str(row.get("kind") or "organization"), row.get("country"),
                                _tuple(row.get("aliases")), _tuple(row.get("generic")), _tuple(row.get("roles")),
                                _tuple(row.get("owners")))
    return out


def _places(raw: Iterable[dict[str, Any]]) -> dict[str, CuratedPlace]:
    out: dict[str, CuratedPlace] = {}
    for row in raw:
        key = f"{fold(str(row['name'])).replace(' ', '-')}@{row.get('country') or 'XX'}"
        gid = row.get("geonames_id")
        out[key] = CuratedPlace(key, str(row["name"]), row.get("country"), float(row["lat"]), float(row["lon"]),
                                str(row.get("feature") or "city"), _tuple(row.get("aliases")),
                                int(gid) if gid is not None else None)
    return out


def _surfaces(gaz_countries: Mapping[str, Country], orgs: Mapping[str, Organization],
              places: Mapping[str, CuratedPlace]) -> Iterable[tuple[str, str]]:
    """(surface form, match id) for every name the ruler should find."""
    for c in gaz_countries.values():
        yield from ((s, f"country:{c.code}") for s in (c.name, *c.aliases))
        yield from ((s, f"demonym:{c.code}") for s in c.demonyms)
        yield from ((s, f"capital:{c.code}") for s in c.capitals)
    for o in orgs.values():
        yield from ((s, f"org:{o.key}") for s in (o.name, *o.aliases, *o.generic))
    for p in places.values():
        yield from ((s, f"place:{p.key}") for s in (p.name, *p.aliases))


def _index(surfaces: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    names: dict[str, tuple[str, ...]] = {}
    for surface, mid in surfaces:
        key = name_key(surface)
        if key and mid not in names.get(key, ()):
            names[key] = (*names.get(key, ()), mid)
    return names


def _roles(orgs: Mapping[str, Organization]) -> dict[tuple[str, str], str]:
    roles: dict[tuple[str, str], str] = {}
    for o in orgs.values():
        owners = ([o.country] if o.country else []) + [name_key(w) for w in o.owners]
        for owner in owners:
            for role in o.roles:
                roles.setdefault((owner, role_key(role)), o.key)
    return roles


def _descriptors(countries: Mapping[str, Country], heads: Iterable[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for c in countries.values():
        for d in c.descriptors:
            for h in heads:
                key = name_key(f"{d} {h}")
                if c.code not in out.get(key, ()):
                    out[key] = (*out.get(key, ()), c.code)
    return out


@lru_cache(maxsize=4)
def load_gazetteer(data_dir: str | None = None) -> Gazetteer:
    """Read and index the three gazetteer files (once per process and folder)."""
    cdata = read_yaml(_data_file(data_dir, "countries.yaml"))
    odata = read_yaml(_data_file(data_dir, "organizations.yaml"))
    pdata = read_yaml(_data_file(data_dir, "places.yaml"))
    try:
        countries = _countries(cdata["countries"])
        orgs = _organizations(odata["organizations"])
        places = _places(pdata["places"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(Code.E013, data_dir or "claimgraph/data", f"missing or bad field: {exc}") from exc
    lexicon = {k: frozenset(v) for k, v in odata.items() if k != "organizations" and isinstance(v, list)}
    lexicon["descriptor_heads"] = frozenset(cdata.get("descriptor_heads") or ())
    lexicon["kind_heads"] = odata.get("kind_heads") or {}  # type: ignore[assignment]
    lexicon["dateline_hints"] = pdata.get("dateline_hints") or {}  # type: ignore[assignment]
    generic = frozenset(name_key(g) for o in orgs.values() for g in o.generic)
    return Gazetteer(countries, orgs, places, _index(_surfaces(countries, orgs, places)), _roles(orgs),
                     generic, _descriptors(countries, lexicon["descriptor_heads"]), lexicon)


# --------------------------------------------------------------------------------------------
# ruler patterns and match ids
# --------------------------------------------------------------------------------------------


def _variants(surface: str, mid: str) -> Iterable[str]:
    yield surface
    if mid.startswith(("place:", "capital:")) and surface.upper() != surface:
        yield surface.upper()


def build_ruler_patterns(gaz: Gazetteer | None = None) -> list[dict[str, str]]:
    """EntityRuler phrase patterns: every gazetteer surface form (an upper-case copy of place names,
    for datelines), contextual aliases ("the North") and descriptor phrases ("the communist
    regime"). Each pattern's ``id`` is ``g:``/``x:``/``d:`` plus the :func:`name_key` of its text."""
    gaz = gaz or load_gazetteer()
    patterns: dict[tuple[str, str], dict[str, str]] = {}
    for surface, mid in _surfaces(gaz.countries, gaz.organizations, gaz.places):
        label = match_label(gaz, mid)
        for text in _variants(surface, mid):
            patterns.setdefault((text, label), {"label": label, "pattern": text, "id": "g:" + name_key(text)})
    for c in gaz.countries.values():
        for text in c.contextual:
            patterns[(text, "GPE")] = {"label": "GPE", "pattern": text, "id": "x:" + name_key(text)}
    for key in gaz.descriptors:
        for det in ("the", "The"):
            text = f"{det} {key}"
            patterns[(text, "GPE")] = {"label": "GPE", "pattern": text, "id": "d:" + key}
    return list(patterns.values())


def match_label(gaz: Gazetteer, mid: str) -> str:
    """The entity label of a match id (NORP for a demonym, ORG, a place's label by feature, else GPE)."""
    kind, _, rest = mid.partition(":")
    if kind == "demonym":
        return "NORP"
    if kind == "org":
        return "ORG"
    if kind == "place":
        return PLACE_LABELS.get(gaz.places[rest].feature, "GPE")
    return "GPE"


def country_of(gaz: Gazetteer, mid: str) -> str | None:
    """The country code behind a match id."""
    kind, _, rest = mid.partition(":")
    if kind in (*STRONG, "context", "descriptor"):
        return rest
    if kind == "org":
        return gaz.organizations[rest].country
    if kind == "place":
        return gaz.places[rest].country
    if kind == "role":
        return rest.partition(":")[0] if len(rest.partition(":")[0]) == 2 else None
    return None


# --------------------------------------------------------------------------------------------
# datelines
# --------------------------------------------------------------------------------------------


def split_dateline(text: str) -> tuple[str, str | None] | None:
    """The dateline at the head of an article: ("CAMP HUMPHREYS", "South Korea") or None."""
    m = DATELINE.match(text[:200])
    if not m:
        return None
    return m.group(1).strip(), (m.group(2).strip() if m.group(2) else None)


def head_dateline(doc: Doc) -> tuple[str, str | None] | None:
    """The dateline written at the head of the text (its first 60 tokens), ignoring ``doc._.dateline``
    (none in a Doc that continues an article: a later chunk of a long one)."""
    if Doc.has_extension("chunk_start") and doc._.chunk_start:
        return None
    return split_dateline(doc[: min(len(doc), 60)].text)


def dateline_of(doc: Doc) -> tuple[str, str | None] | None:
    """The dateline place and country hint: from ``doc._.dateline`` or the head of the text."""
    given = doc._.dateline if Doc.has_extension("dateline") else None
    if given:
        return split_dateline(given + " —") or (given.split(",")[0].strip(), None)
    return head_dateline(doc)


def dateline_country(doc: Doc, gaz: Gazetteer) -> str | None:
    """The country a dateline names or implies ("CAMP HUMPHREYS, South Korea" -> "KR")."""
    found = dateline_of(doc)
    if not found:
        return None
    hinted = gaz.lexicon.get("dateline_hints", {}).get((found[1] or "").strip())
    if hinted:
        return str(hinted)
    for text in (found[1], found[0]):
        for mid in gaz.lookup(text or ""):
            code = country_of(gaz, mid)
            if code:
                return code
    return None
