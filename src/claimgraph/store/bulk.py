"""Writing many extracted reports in one transaction: the rows ``Store.add`` writes one report at a
time, with far fewer round trips.

The invariants are those of :mod:`claimgraph.store.write`, applied to the reports in order:
idempotent by origin and content hash, a changed report kept as a new version, entities and places
resolved with the same rules (see :class:`Resolver`), which looks names up in memory after one
prefetch per batch instead of three queries per name. Claims and the rows hanging off them are
inserted with one multi-row statement per table. The ids come out as ``Store.add`` would give them
(each table's rows are inserted in the same order), so a bulk-loaded corpus equals one loaded
report by report.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, false, func, insert, select, update

from ..model import Article, Claim, Entity, Place
from . import schema as s
from .write import insert_document, name_key, place_key, supersede

CHUNK = 500                 # names per IN (...) lookup


@dataclass(frozen=True)
class Written:
    """What happened to one report of a batch: status, document id, claims, version."""

    status: str
    document_id: int
    claims: int
    version: int


@dataclass
class _Entity:
    id: int
    type: str | None


@dataclass
class Resolver:
    """Entities and places of one batch, looked up in memory after one prefetch, with the rules of
    :func:`claimgraph.store.write.find_entity` and ``resolve_places``; new rows are inserted at once
    (their ids are needed), alias rows, country and place fills are queued in order."""

    conn: Connection
    by_name: dict[str, _Entity] = field(default_factory=dict)
    types: dict[int, str | None] = field(default_factory=dict)
    alias_owners: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    aliases_of: dict[int, set[str]] = field(default_factory=lambda: defaultdict(set))
    places: dict[str, int] = field(default_factory=dict)
    new_aliases: list[dict[str, Any]] = field(default_factory=list)
    countries: list[dict[str, Any]] = field(default_factory=list)
    fills: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def prefetch(self, articles: Sequence[Article]) -> None:
        """Load every stored entity, alias and place a name of these articles can resolve to."""
        keys: set[str] = set()
        place_keys: set[str] = set()
        for article in articles:
            for ent in article.entities:
                keys.update(name_key(n) for n in (ent.name, *ent.aliases))
            for claim in article.claims:
                keys.update(name_key(src.entity) for src in claim.sources if src.entity)
                keys.update(name_key(a) for a in claim.actors)
                place_keys.update(place_key(p, None) for p in claim.places)
            place_keys.update(place_key(p.name, p.country) for p in article.places)
        e, a, p = s.entity, s.entity_alias, s.place
        for chunk in _chunks(sorted(keys)):
            for named in self.conn.execute(select(e.c.id, e.c.name_key, e.c.type).where(e.c.name_key.in_(chunk))):
                self.by_name[named.name_key] = _Entity(named.id, named.type)
                self.types[named.id] = named.type
            for alias in self.conn.execute(select(a.c.entity_id, a.c.alias_key).where(a.c.alias_key.in_(chunk))):
                self.alias_owners[alias.alias_key].add(alias.entity_id)
        owners = sorted({i for ids in self.alias_owners.values() for i in ids} - set(self.types))
        for chunk in _chunks(owners):
            for typed in self.conn.execute(select(e.c.id, e.c.type).where(e.c.id.in_(chunk))):
                self.types[typed.id] = typed.type
        for chunk in _chunks(sorted(self.types)):
            for known in self.conn.execute(select(a.c.entity_id, a.c.alias_key).where(a.c.entity_id.in_(chunk))):
                self.aliases_of[known.entity_id].add(known.alias_key)
        for chunk in _chunks(sorted(place_keys)):
            for place in self.conn.execute(select(p.c.id, p.c.place_key).where(p.c.place_key.in_(chunk))):
                self.places[place.place_key] = place.id

    def find_entity(self, name: str, type_: str | None, aliases: Iterable[str] = ()) -> int | None:
        """As :func:`claimgraph.store.write.find_entity`: by name, else by alias of the same type (the
        oldest), else the oldest entity of the same type named by one of the aliases."""
        key = name_key(name)
        if key in self.by_name:
            return self.by_name[key].id
        fits = (lambda i: self.types.get(i) == type_) if type_ else (lambda i: True)
        owners = [i for i in self.alias_owners.get(key, ()) if fits(i)]
        if owners:
            return min(owners)
        named = [self.by_name[k].id for k in (name_key(a) for a in aliases)
                 if k in self.by_name and fits(self.by_name[k].id)]
        return min(named) if named else None

    def new_entity(self, name: str, type_: str | None, country: str | None) -> int:
        row = self.conn.execute(insert(s.entity).values(name=name, name_key=name_key(name), type=type_,
                                                         country=country).returning(s.entity.c.id))
        entity_id = int(row.scalar_one())
        self.by_name[name_key(name)] = _Entity(entity_id, type_)
        self.types[entity_id] = type_
        return entity_id

    def add_aliases(self, entity_id: int, names: Iterable[str]) -> None:
        known = self.aliases_of[entity_id]
        fresh = {name_key(n): n for n in names if name_key(n) not in known}
        for key, alias in fresh.items():
            self.new_aliases.append({"entity_id": entity_id, "alias_key": key, "alias": alias})
            known.add(key)
            self.alias_owners[key].add(entity_id)

    def resolve_entities(self, entities: list[Entity]) -> dict[str, int]:
        """As :func:`claimgraph.store.write.resolve_entities`."""
        found: dict[str, int] = {}
        for ent in entities:
            entity_id = self.find_entity(ent.name, ent.type, ent.aliases)
            if entity_id is None:
                entity_id = self.new_entity(ent.name, ent.type, ent.country)
            elif ent.country:
                self.countries.append({"target": entity_id, "country": ent.country})
            self.add_aliases(entity_id, [ent.name, *ent.aliases])
            for name in (ent.name, *ent.aliases):
                found.setdefault(name_key(name), entity_id)
        return found

    def entity_for(self, name: str, entities: dict[str, int]) -> int:
        key = name_key(name)
        if key not in entities:
            entities[key] = self.find_entity(name, None) or self.new_entity(name, None, None)
        return entities[key]

    def resolve_places(self, places: list[Place]) -> dict[str, int]:
        """As :func:`claimgraph.store.write.resolve_places`."""
        found: dict[str, int] = {}
        for pl in places:
            place_id = self.places.get(place_key(pl.name, pl.country))
            if place_id is None:
                place_id = self.new_place(pl)
            else:
                given = {"lat": pl.lat, "lon": pl.lon, "geonames_id": pl.geonames_id, "feature": pl.feature}
                values = {k: v for k, v in given.items() if v is not None}
                if values:
                    self.fills.append((place_id, values))
            found.setdefault(name_key(pl.name), place_id)
        return found

    def new_place(self, pl: Place) -> int:
        key = place_key(pl.name, pl.country)
        row = self.conn.execute(insert(s.place).values(
            name=pl.name, place_key=key, country=pl.country, lat=pl.lat, lon=pl.lon,
            geonames_id=pl.geonames_id, feature=pl.feature).returning(s.place.c.id))
        self.places[key] = int(row.scalar_one())
        return self.places[key]

    def place_for(self, name: str, places: dict[str, int]) -> int:
        key = name_key(name)
        if key not in places:
            places[key] = self.places.get(place_key(name, None)) or self.new_place(Place(name=name))
        return places[key]

    def flush(self) -> None:
        """The queued alias rows, country and place updates, in the order they arose."""
        if self.new_aliases:
            self.conn.execute(insert(s.entity_alias), self.new_aliases)
        if self.countries:
            self.conn.execute(update(s.entity).where(s.entity.c.id == bindparam("target"),
                                                     s.entity.c.country.is_(None))
                              .values(country=bindparam("country")), self.countries)
        for place_id, values in self.fills:
            self.conn.execute(update(s.place).where(s.place.c.id == place_id).values(
                {k: func.coalesce(s.place.c[k], v) for k, v in values.items()}))


@dataclass
class _Rows:
    """Rows of one batch waiting for their claims' ids (``claim`` is the claim's place in the batch)."""

    claims: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    quantities: list[dict[str, Any]] = field(default_factory=list)
    times: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)

    def add_claim(self, document_id: int, ordinal: int, claim: Claim, entities: dict[str, int],
                  places: dict[str, int], resolver: Resolver) -> None:
        """One claim and its rows, resolving names in the order ``write.write_claim`` does."""
        n = len(self.claims)
        event = claim.event
        self.claims.append(dict(
            document_id=document_id, ordinal=ordinal, local_id=claim.id, text=claim.text,
            span_start=claim.span[0], span_end=claim.span[1], cue=claim.cue, quote=claim.quote,
            certainty=claim.certainty, event_type=event.type if event else None,
            event_mode=event.mode if event else None, event_trigger=event.trigger if event else None,
            background=claim.background))
        self.sources.extend({
            "claim_id": n, "hop": hop, "text": src.text,
            "span_start": src.span[0] if src.span else None, "span_end": src.span[1] if src.span else None,
            "kind": src.kind, "anonymous": src.anonymous, "country": src.country,
            "entity_id": resolver.entity_for(src.entity, entities) if src.entity else None,
            "entity_name": src.entity, "parties": json.dumps(src.parties), "via": src.via,
        } for hop, src in enumerate(claim.sources))
        self.quantities.extend({
            "claim_id": n, "ordinal": i, "text": q.text, "span_start": q.span[0], "span_end": q.span[1],
            "value": q.value, "low": q.low, "high": q.high, "approximate": q.approximate,
            "unspecified": q.unspecified, "unit": q.unit,
        } for i, q in enumerate(claim.quantities))
        self.times.extend({
            "claim_id": n, "ordinal": i, "text": t.text, "span_start": t.span[0], "span_end": t.span[1],
            "start_date": t.start, "end_date": t.end, "precision": t.precision, "role": t.role,
        } for i, t in enumerate(claim.times))
        actors = dict.fromkeys(resolver.entity_for(name, entities) for name in claim.actors)
        self.actors.extend({"claim_id": n, "entity_id": e, "ordinal": i} for i, e in enumerate(actors))
        linked = dict.fromkeys(resolver.place_for(name, places) for name in claim.places)
        self.places.extend({"claim_id": n, "place_id": p, "ordinal": i} for i, p in enumerate(linked))

    def insert(self, conn: Connection) -> None:
        """Insert the claims, then every row hanging off them with the claims' new ids."""
        if not self.claims:
            return
        ids = [row.id for row in conn.execute(
            insert(s.claim).returning(s.claim.c.id, sort_by_parameter_order=True), self.claims)]
        for table, rows in ((s.source, self.sources), (s.quantity, self.quantities), (s.claim_time, self.times),
                            (s.claim_actor, self.actors), (s.claim_place, self.places)):
            if rows:
                conn.execute(insert(table), [{**r, "claim_id": ids[r["claim_id"]]} for r in rows])


@dataclass
class _Latest:
    id: int
    sha256: str
    version: int
    claims: int | None = None       # known when written in this batch


def write_batch(conn: Connection, items: Sequence[tuple[str, Article]]) -> list[Written]:
    """Write ``(text, article)`` pairs (origin and sha256 set on each document) in order, inside the
    caller's transaction."""
    latest = _latest_versions(conn, [a.document.origin or "text" for _, a in items])
    resolver = Resolver(conn)
    resolver.prefetch([a for _, a in items])
    rows, out = _Rows(), []
    for text, article in items:
        doc = article.document
        origin, sha = doc.origin or "text", doc.sha256 or ""
        known = latest.get(origin)
        if known is not None and known.sha256 == sha:
            count = known.claims if known.claims is not None else _claim_count(conn, known.id)
            out.append(Written("unchanged", known.id, count, known.version))
            continue
        if known is not None:
            supersede(conn, known.id)
        version = known.version + 1 if known is not None else 1
        document_id = insert_document(conn, article, text, version)
        entities = resolver.resolve_entities(article.entities)
        places = resolver.resolve_places(article.places)
        for ordinal, claim in enumerate(article.claims):
            rows.add_claim(document_id, ordinal, claim, entities, places, resolver)
        latest[origin] = _Latest(document_id, sha, version, len(article.claims))
        out.append(Written("new" if known is None else "new_version", document_id, len(article.claims), version))
    resolver.flush()
    rows.insert(conn)
    return out


def _latest_versions(conn: Connection, origins: list[str]) -> dict[str, _Latest]:
    found: dict[str, _Latest] = {}
    d = s.document
    for chunk in _chunks(sorted(set(origins))):
        query = select(d.c.id, d.c.origin, d.c.sha256, d.c.version).where(d.c.origin.in_(chunk),
                                                                         d.c.superseded == false())
        found.update((row.origin, _Latest(row.id, row.sha256, row.version)) for row in conn.execute(query))
    return found


def _claim_count(conn: Connection, document_id: int) -> int:
    return int(conn.scalar(select(func.count()).select_from(s.claim).where(s.claim.c.document_id == document_id))
               or 0)


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]
