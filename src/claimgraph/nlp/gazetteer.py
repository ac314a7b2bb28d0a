"""Gazetteers of countries, organisations and curated places, and the lookups built on them.

The data are the packaged YAML files in ``claimgraph/data`` (``countries.yaml``,
``organizations.yaml``, ``places.yaml``); a user extends them by copying the folder and passing
``data_dir``. :func:`load_gazetteer` reads and indexes them once per process and data folder
(``functools.lru_cache``); the :class:`Gazetteer` it returns is read-only and every lookup is a
dict read. Surface forms are indexed by :func:`name_key`, the normalisation the scorer uses.

Match ids, as the gazetteer ruler writes them on entity spans (``Span.id_``):
``country:KP`` (a name or alias), ``demonym:KP``, ``capital:KP``, ``context:KP`` ("the North"),
``descriptor:KP`` ("the communist regime"), ``org:<key>``, ``role:<owner>:<role>`` (a descriptive
organisation not in the gazetteer, "Russia's Energy Ministry") and ``place:<key>``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import spacy
import yaml
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, Token

from claimgraph.errors import Code, ConfigError

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


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(Code.E013, str(path), str(exc).splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise ConfigError(Code.E013, str(path), "top level must be a mapping")
    return data


def _data_file(data_dir: str | None, name: str) -> Path:
    if data_dir:
        return Path(data_dir) / name
    return Path(str(resources.files("claimgraph").joinpath("data", name)))


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
    cdata = _read_yaml(_data_file(data_dir, "countries.yaml"))
    odata = _read_yaml(_data_file(data_dir, "organizations.yaml"))
    pdata = _read_yaml(_data_file(data_dir, "places.yaml"))
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
        label = _label(gaz, mid)
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


def _label(gaz: Gazetteer, mid: str) -> str:
    kind, _, rest = mid.partition(":")
    if kind == "demonym":
        return "NORP"
    if kind == "org":
        return "ORG"
    if kind == "place":
        return PLACE_LABELS.get(gaz.places[rest].feature, "GPE")
    return "GPE"


def split_dateline(text: str) -> tuple[str, str | None] | None:
    """The dateline at the head of an article: ("CAMP HUMPHREYS", "South Korea") or None."""
    m = DATELINE.match(text[:200])
    if not m:
        return None
    return m.group(1).strip(), (m.group(2).strip() if m.group(2) else None)


# --------------------------------------------------------------------------------------------
# applying the gazetteer to a parsed Doc
# --------------------------------------------------------------------------------------------


def phrase_ruler(nlp: Language, gaz: Gazetteer) -> EntityRuler:
    """An EntityRuler over the gazetteer patterns, tokenised by ``nlp``'s tokenizer only."""
    blank = spacy.blank(nlp.lang or "en", vocab=nlp.vocab)
    blank.tokenizer = nlp.tokenizer
    ruler = EntityRuler(blank, name="claimgraph_gazetteer", phrase_matcher_attr="ORTH", overwrite_ents=True)
    ruler.add_patterns(build_ruler_patterns(gaz))  # type: ignore[arg-type]
    return ruler


def _relabel(span: Span, label: str, mid: str) -> Span:
    return Span(span.doc, span.start, span.end, label=label, span_id=mid)


def _best(codes: Iterable[str], evidence: Counter[str]) -> str | None:
    ranked = sorted((c for c in codes if evidence[c] > 0), key=lambda c: -evidence[c])
    return ranked[0] if ranked else None


def codes_for_context(gaz: Gazetteer, key: str) -> list[str]:
    """Countries that a contextual alias ("the North") may stand for."""
    return [c.code for c in gaz.countries.values() if any(name_key(x) == key for x in c.contextual)]


def dateline_of(doc: Doc) -> tuple[str, str | None] | None:
    """The dateline place and country hint: from ``doc._.dateline`` or the head of the text."""
    given = doc._.dateline if Doc.has_extension("dateline") else None
    if given:
        return split_dateline(given + " —") or (given.split(",")[0].strip(), None)
    return split_dateline(doc[: min(len(doc), 60)].text)


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


def country_evidence(doc: Doc, gaz: Gazetteer, matches: Sequence[Span]) -> Counter[str]:
    """How often each country is named unambiguously: names, demonyms, capitals, the dateline and
    places that belong to one country only ("Florida" for the United States)."""
    evidence: Counter[str] = Counter()
    for span in matches:
        ids = gaz.names.get(span.id_.partition(":")[2], ()) if span.id_.startswith("g:") else ()
        owners = {country_of(gaz, m) for m in ids}
        if ids and all(m.startswith("place:") for m in ids) and len(owners) == 1 and None not in owners:
            evidence[owners.pop() or ""] += 1
        for mid in ids:
            kind, _, code = mid.partition(":")
            country = gaz.country(code) if kind in STRONG else None
            if country and not (kind == "country" and country.ambiguous and len(span) == 1):
                evidence[code] += 1
    hinted = dateline_country(doc, gaz)
    if hinted:
        evidence[hinted] += 1
    return evidence


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


def choose_id(gaz: Gazetteer, ids: Sequence[str], key: str, evidence: Counter[str],
              modifier: str | None, model_gpe: bool = False) -> str | None:
    """Pick the match id a surface stands for here, or None when it needs context it lacks. An
    ambiguous country name ("Georgia", "Jordan") needs corroboration, or the model's GPE label in
    an article that names no United States (where it would often be a state or a person)."""
    ok = []
    for mid in ids:
        kind, _, rest = mid.partition(":")
        country = gaz.country(rest) if kind == "country" else None
        org = gaz.organizations[rest] if kind == "org" else None
        if country and country.ambiguous and evidence[rest] == 0 and not (model_gpe and evidence["US"] == 0):
            continue
        if org and org.country and key in gaz.generic and not (evidence[org.country] or modifier == org.country):
            continue
        if org and org.country and modifier and org.country != modifier and (len(ids) > 1 or key in gaz.generic):
            continue
        ok.append(mid)
    if len(ok) <= 1:
        return ok[0] if ok else None
    return max(ok, key=lambda m: _preference(gaz, m, evidence, modifier))


def _preference(gaz: Gazetteer, mid: str, evidence: Counter[str], modifier: str | None) -> tuple[int, ...]:
    code = country_of(gaz, mid)
    return (int(modifier is not None and code == modifier), evidence[code or ""], int(code is None),
            int(mid.startswith(STRONG)))


def modifier_country(doc: Doc, span: Span, gaz: Gazetteer) -> str | None:
    """The country named right before a span ("South Korea's Joint Chiefs", "the Israeli army")."""
    i = span.start - 1
    if i >= 0 and doc[i].text in POSSESSIVE:
        i -= 1
    for j in range(max(0, i - 3), i + 1):
        for mid in gaz.lookup(doc[j : i + 1].text):
            if mid.startswith(STRONG):
                return mid.partition(":")[2]
    return None


def _trim_only(tokens: Iterable[Token]) -> bool:
    return all(t.is_punct or t.lower_ in ("the", "a", "an") or t.text in POSSESSIVE for t in tokens)


def _blocks(doc: Doc, ent: Span, span: Span, person_tokens: set[str]) -> bool:
    """Whether a model entity should win over an overlapping gazetteer span."""
    if ent.start <= span.start and ent.end >= span.end:
        before, after = doc[ent.start : span.start], doc[span.end : ent.end]
        if len(ent) == len(span):
            return ent.label_ == "PERSON" and not span.id_.startswith(("country", "org")) \
                and span.text in person_tokens
        prefix_ok = _trim_only(before) or (len(before) > 1 and before[-1].text in POSSESSIVE)
        return not (prefix_ok and _trim_only(after))
    if span.start <= ent.start and span.end >= ent.end:
        return False
    return len(ent) > len(span)


def _person_tokens(ents: Iterable[Span]) -> set[str]:
    return {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}


def merge_spans(doc: Doc, ents: list[Span], spans: Sequence[Span]) -> list[Span]:
    """Put gazetteer spans into the entity list, longest first, trimming or replacing model spans."""
    taken: set[int] = set()
    people = _person_tokens(ents)
    for span in spans:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        overlapping = [e for e in ents if e.start < span.end and span.start < e.end]
        if any(_blocks(doc, e, span, people) for e in overlapping):
            continue
        ents = [e for e in ents if e not in overlapping] + [span]
        taken.update(range(span.start, span.end))
    return ents


def match_spans(doc: Doc, ruler: EntityRuler) -> list[Span]:
    """The ruler's phrase matches as spans (longest first) with the pattern id in ``Span.id_``."""
    out = []
    for match_id, start, end in ruler.match(doc):
        label, _, pid = doc.vocab.strings[match_id].partition(ruler.ent_id_sep)
        out.append(Span(doc, start, end, label=label, span_id=pid))
    return out


def resolve(doc: Doc, span: Span, evidence: Counter[str], gaz: Gazetteer,
            model_gpe: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset()) -> Span | None:
    """The match id a pattern match stands for in this document, or None to drop the match
    (``model_gpe``: the token bounds the model itself labelled GPE)."""
    kind, _, key = span.id_.partition(":")
    if kind == "x":
        code = _best(codes_for_context(gaz, key), evidence)
        nxt = doc[span.end] if span.end < len(doc) else None
        ok = code and not (nxt is not None and nxt.is_alpha and nxt.text[0].isupper())
        return _relabel(span, "GPE", f"context:{code}") if ok else None
    if kind == "d":
        code = _best(gaz.descriptors.get(key, ()), evidence)
        return _relabel(span, "GPE", f"descriptor:{code}") if code else None
    ids = gaz.names.get(key, ())
    modifier = modifier_country(doc, span, gaz) if len(ids) > 1 or key in gaz.generic else None
    nxt = doc[span.end] if span.end < len(doc) else None
    titled = nxt is not None and (nxt.text in gaz.words("person_titles") or nxt.lower_ == "state")
    mid = choose_id(gaz, ids, key, evidence, modifier, (span.start, span.end) in model_gpe and not titled)
    return _relabel(span, _label(gaz, mid), mid) if mid else None
