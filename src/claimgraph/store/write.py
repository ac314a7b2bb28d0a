"""Writing one extracted article, inside the caller's transaction (one per document).

Entities and places are shared by the whole corpus: an article's entity joins the stored one with
the same canonical name, else one of the same type whose alias is its name, else one of the same
type named by one of its aliases; otherwise it is new. Its name and aliases become aliases.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from ..model import Article, Claim, Entity, Place
from . import schema as s


def name_key(value: str) -> str:
    """How names are compared: whitespace collapsed, case folded, curly apostrophes straightened."""
    return " ".join(value.replace("\u2019", "'").split()).casefold()


def place_key(name: str, country: str | None) -> str:
    """One stored place per name and country."""
    return f"{name_key(name)}|{country or ''}"


def insert_document(conn: Connection, article: Article, text: str, version: int) -> int:
    """The document row (and its pipeline versions); returns its id."""
    doc = article.document
    values: dict[str, Any] = dict(
        origin=doc.origin, version=version, superseded=False, sha256=doc.sha256,
        published=doc.published, published_source=doc.published_source, outlet=doc.outlet,
        title=doc.title, author=doc.author, url=doc.url, dateline=doc.dateline,
        dateline_place=doc.dateline_place, contract=article.contract, text=text,
        article_json=article.model_dump_json(exclude={"text"}), ingested_at=dt.datetime.now(dt.UTC),
    )
    document_id = int(conn.execute(insert(s.document).values(**values).returning(s.document.c.id)).scalar_one())
    if article.pipeline:
        conn.execute(insert(s.document_pipeline), [
            {"document_id": document_id, "component": name, "version": version}
            for name, version in article.pipeline.items()
        ])
    return document_id


def supersede(conn: Connection, document_id: int) -> None:
    """Mark an older version as superseded."""
    conn.execute(update(s.document).where(s.document.c.id == document_id).values(superseded=True))


def write_claims(conn: Connection, document_id: int, article: Article) -> int:
    """Every claim of the article with its hops, quantities, times, actors and places."""
    entities = resolve_entities(conn, article.entities)
    places = resolve_places(conn, article.places)
    for ordinal, claim in enumerate(article.claims):
        write_claim(conn, document_id, ordinal, claim, entities, places)
    return len(article.claims)


def write_claim(conn: Connection, document_id: int, ordinal: int, claim: Claim,
                entities: dict[str, int], places: dict[str, int]) -> int:
    """One claim row and the rows hanging off it; returns the claim id."""
    event = claim.event
    row = conn.execute(insert(s.claim).values(
        document_id=document_id, ordinal=ordinal, local_id=claim.id, text=claim.text,
        span_start=claim.span[0], span_end=claim.span[1], cue=claim.cue, quote=claim.quote,
        certainty=claim.certainty, event_type=event.type if event else None,
        event_mode=event.mode if event else None, event_trigger=event.trigger if event else None,
        background=claim.background,
    ).returning(s.claim.c.id))
    claim_id = int(row.scalar_one())
    _write_sources(conn, claim_id, claim, entities)
    _write_details(conn, claim_id, claim)
    _link(conn, s.claim_actor, "entity_id", claim_id,
          (_entity_for(conn, name, entities) for name in claim.actors))
    _link(conn, s.claim_place, "place_id", claim_id, (_place_for(conn, name, places) for name in claim.places))
    return claim_id


def _write_sources(conn: Connection, claim_id: int, claim: Claim, entities: dict[str, int]) -> None:
    rows = [{
        "claim_id": claim_id, "hop": hop, "text": src.text,
        "span_start": src.span[0] if src.span else None, "span_end": src.span[1] if src.span else None,
        "kind": src.kind, "anonymous": src.anonymous, "country": src.country,
        "entity_id": _entity_for(conn, src.entity, entities) if src.entity else None,
        "entity_name": src.entity, "parties": json.dumps(src.parties), "via": src.via,
    } for hop, src in enumerate(claim.sources)]
    if rows:
        conn.execute(insert(s.source), rows)


def _write_details(conn: Connection, claim_id: int, claim: Claim) -> None:
    quantities = [{
        "claim_id": claim_id, "ordinal": n, "text": q.text, "span_start": q.span[0], "span_end": q.span[1],
        "value": q.value, "low": q.low, "high": q.high, "approximate": q.approximate,
        "unspecified": q.unspecified, "unit": q.unit,
    } for n, q in enumerate(claim.quantities)]
    times = [{
        "claim_id": claim_id, "ordinal": n, "text": t.text, "span_start": t.span[0], "span_end": t.span[1],
        "start_date": t.start, "end_date": t.end, "precision": t.precision, "role": t.role,
    } for n, t in enumerate(claim.times)]
    if quantities:
        conn.execute(insert(s.quantity), quantities)
    if times:
        conn.execute(insert(s.claim_time), times)


def _link(conn: Connection, table: Any, column: str, claim_id: int, ids: Iterable[int]) -> None:
    """Claim-to-entity or claim-to-place links, in order, each target once."""
    unique = list(dict.fromkeys(ids))
    if unique:
        conn.execute(insert(table), [
            {"claim_id": claim_id, column: target, "ordinal": n} for n, target in enumerate(unique)
        ])


def resolve_entities(conn: Connection, entities: list[Entity]) -> dict[str, int]:
    """The stored entity of each of the article's entities, keyed by each name and alias."""
    found: dict[str, int] = {}
    for ent in entities:
        entity_id = find_entity(conn, ent.name, ent.type, ent.aliases)
        if entity_id is None:
            entity_id = _new_entity(conn, ent.name, ent.type, ent.country)
        elif ent.country:
            conn.execute(update(s.entity).where(s.entity.c.id == entity_id, s.entity.c.country.is_(None))
                         .values(country=ent.country))
        _add_aliases(conn, entity_id, [ent.name, *ent.aliases])
        for name in (ent.name, *ent.aliases):
            found.setdefault(name_key(name), entity_id)
    return found


def find_entity(conn: Connection, name: str, type_: str | None, aliases: Iterable[str] = ()) -> int | None:
    """The stored entity this name denotes (see the module docstring), or None."""
    key = name_key(name)
    by_name = conn.scalar(select(s.entity.c.id).where(s.entity.c.name_key == key))
    if by_name is not None:
        return int(by_name)
    same_type = s.entity.c.type == type_ if type_ else s.entity.c.id.is_not(None)
    by_alias = conn.scalar(
        select(s.entity.c.id).join(s.entity_alias, s.entity_alias.c.entity_id == s.entity.c.id)
        .where(s.entity_alias.c.alias_key == key, same_type).order_by(s.entity.c.id).limit(1))
    if by_alias is not None:
        return int(by_alias)
    keys = [name_key(a) for a in aliases]
    named = conn.scalar(select(s.entity.c.id).where(s.entity.c.name_key.in_(keys), same_type)
                        .order_by(s.entity.c.id).limit(1)) if keys else None
    return int(named) if named is not None else None


def _new_entity(conn: Connection, name: str, type_: str | None, country: str | None) -> int:
    row = conn.execute(insert(s.entity).values(name=name, name_key=name_key(name), type=type_, country=country)
                       .returning(s.entity.c.id))
    return int(row.scalar_one())


def _add_aliases(conn: Connection, entity_id: int, names: Iterable[str]) -> None:
    known = set(conn.scalars(select(s.entity_alias.c.alias_key).where(s.entity_alias.c.entity_id == entity_id)))
    fresh = {name_key(n): n for n in names if name_key(n) not in known}
    if fresh:
        conn.execute(insert(s.entity_alias), [
            {"entity_id": entity_id, "alias_key": key, "alias": alias} for key, alias in fresh.items()
        ])


def _entity_for(conn: Connection, name: str, entities: dict[str, int]) -> int:
    """An actor or hop entity named in a claim: the article's record, else the corpus's, else new."""
    key = name_key(name)
    if key not in entities:
        entities[key] = find_entity(conn, name, None) or _new_entity(conn, name, None, None)
    return entities[key]


def resolve_places(conn: Connection, places: list[Place]) -> dict[str, int]:
    """The stored place of each of the article's places (by name and country), keyed by name."""
    found: dict[str, int] = {}
    for pl in places:
        place_id = _find_place(conn, pl.name, pl.country)
        if place_id is None:
            place_id = _new_place(conn, pl)
        else:
            _fill_place(conn, place_id, pl)
        found.setdefault(name_key(pl.name), place_id)
    return found


def _find_place(conn: Connection, name: str, country: str | None) -> int | None:
    found = conn.scalar(select(s.place.c.id).where(s.place.c.place_key == place_key(name, country)))
    return int(found) if found is not None else None


def _new_place(conn: Connection, pl: Place) -> int:
    row = conn.execute(insert(s.place).values(
        name=pl.name, place_key=place_key(pl.name, pl.country), country=pl.country, lat=pl.lat, lon=pl.lon,
        geonames_id=pl.geonames_id, feature=pl.feature).returning(s.place.c.id))
    return int(row.scalar_one())


def _fill_place(conn: Connection, place_id: int, pl: Place) -> None:
    """Fill what the stored place lacks (coordinates, GeoNames id, feature) from this mention."""
    given = {"lat": pl.lat, "lon": pl.lon, "geonames_id": pl.geonames_id, "feature": pl.feature}
    values = {name: func.coalesce(s.place.c[name], value) for name, value in given.items() if value is not None}
    if values:
        conn.execute(update(s.place).where(s.place.c.id == place_id).values(values))


def _place_for(conn: Connection, name: str, places: dict[str, int]) -> int:
    key = name_key(name)
    if key not in places:
        places[key] = _find_place(conn, name, None) or _new_place(conn, Place(name=name))
    return places[key]
