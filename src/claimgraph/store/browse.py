"""Read queries for browsing a corpus (the workbench's REST API): reports with their claims and
spans, claims filtered, sorted and paginated, entities and places with claim counts.

SQLAlchemy Core only, every value a bound parameter; the same on SQLite and PostgreSQL. Claims are
read from the normalised tables (claim, source, quantity, claim_time, claim_actor, claim_place), so
a page of claims costs a handful of indexed queries whatever the corpus size.

>>> page = claim_page(store.engine, ClaimFilter(certainty=("CT+",), query="troops"), limit=20)
>>> page.total, [c["key"] for c in page.items]
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Select, bindparam, false, func, or_, select

from ..model.corpus import ClaimFilter, Page
from . import schema as s
from .db import KEY, claim_key
from .search import about_condition, text_condition
from .write import name_key

CHUNK = 500
SORTS: dict[str, list[ColumnElement[Any]]] = {
    "published": [s.document.c.published.asc().nulls_last(), s.document.c.id.asc(), s.claim.c.ordinal.asc()],
    "-published": [s.document.c.published.desc().nulls_last(), s.document.c.id.desc(), s.claim.c.ordinal.asc()],
    "key": [s.claim.c.id.asc()],
    "-key": [s.claim.c.id.desc()],
    "certainty": [s.claim.c.certainty.asc(), s.claim.c.id.asc()],
}


def claim_conditions(dialect: str, flt: ClaimFilter) -> list[ColumnElement[bool]]:
    """The SQL conditions of a filter (claims of latest versions unless one report is named)."""
    found: list[ColumnElement[bool]] = []
    if flt.document_id is not None:
        found.append(s.claim.c.document_id == flt.document_id)
    else:
        found.append(s.document.c.superseded == false())
    if flt.entity:
        found.append(about_condition(flt.entity))
    if flt.source:
        found.append(source_condition(flt.source))
    if flt.place:
        found.append(place_condition(flt.place))
    if flt.certainty:
        found.append(s.claim.c.certainty.in_(list(flt.certainty)))
    if flt.since:
        found.append(s.document.c.published >= flt.since)
    if flt.until:
        found.append(s.document.c.published <= flt.until)
    if flt.query is not None:
        found.append(text_condition(dialect, flt.query))
    return found


def source_condition(name: str) -> ColumnElement[bool]:
    """Claims with a hop that is the entity so named (or aliased), or whose text holds the words."""
    key = name_key(name)
    aliased = select(s.entity_alias.c.entity_id).where(s.entity_alias.c.alias_key == key)
    named = select(s.entity.c.id).where(s.entity.c.name_key == key)
    hops = select(s.source.c.claim_id).where(or_(
        s.source.c.entity_id.in_(named), s.source.c.entity_id.in_(aliased),
        func.lower(s.source.c.text).contains(name.strip().lower(), autoescape=True)))
    return s.claim.c.id.in_(hops)


def place_condition(name: str) -> ColumnElement[bool]:
    """Claims about a place of this name (any country)."""
    ids = select(s.place.c.id).where(s.place.c.place_key.startswith(name_key(name) + "|", autoescape=True))
    return s.claim.c.id.in_(select(s.claim_place.c.claim_id).where(s.claim_place.c.place_id.in_(ids)))


def _claim_select(*columns: Any) -> Select[Any]:
    return select(*columns).select_from(s.claim).join(s.document, s.document.c.id == s.claim.c.document_id)


def count_claims(engine: Engine, flt: ClaimFilter) -> int:
    """How many claims the filter matches."""
    query = _claim_select(func.count()).where(*claim_conditions(engine.dialect.name, flt))
    with engine.connect() as conn:
        return int(conn.scalar(query) or 0)


def claim_page(engine: Engine, flt: ClaimFilter, *, sort: str = "published", limit: int = 50, offset: int = 0,
               within: Collection[int] | None = None, total: int | None = None) -> Page:
    """A page of claims, as :func:`claim_details` gives them.

    ``within``: only these claim ids (a restriction computed elsewhere, e.g. by reconciliation);
    ``total``: the count when the caller already knows it (else it is counted)."""
    order = SORTS.get(sort, SORTS["published"])
    query = _claim_select(s.claim.c.id).where(*claim_conditions(engine.dialect.name, flt)).order_by(*order)
    with engine.connect() as conn:
        if within is not None:
            wanted = set(within)
            ids = [i for i in conn.scalars(query) if i in wanted]
            return Page(len(ids), claim_details(conn, ids[offset:offset + limit]))
        ids = list(conn.scalars(query.limit(max(0, limit)).offset(max(0, offset))))
        items = claim_details(conn, ids)
    return Page(count_claims(engine, flt) if total is None else total, items)


def claim_details(conn: Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Claims by id, in the given order: the ``claimgraph claims --format json`` shape plus the
    report's id, title and version, the cue, actors, places and event type."""
    found: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        found.update((row.id, _claim_base(row)) for row in conn.execute(DETAILS["claim"], {"ids": chunk}))
        _attach(conn, found, chunk)
    return [found[i] for i in ids if i in found]


def _claim_base(row: Any) -> dict[str, Any]:
    return {"key": claim_key(row.id), "document": row.origin,
            "published": row.published.isoformat() if row.published else None, "outlet": row.outlet,
            "text": row.text, "span": [row.span_start, row.span_end], "sources": [], "certainty": row.certainty,
            "quantities": [], "times": [], "cue": row.cue, "quote": row.quote, "event": row.event_type,
            "actors": [], "places": [], "ordinal": row.ordinal, "document_id": row.document_id,
            "title": row.title, "version": row.version, "latest": not row.superseded}


def _linked_names(link: Any, target: Any, column: str) -> Select[Any]:
    return (select(link.c.claim_id, target.c.name).join(target, target.c.id == link.c[column])
            .where(link.c.claim_id.in_(IDS)).order_by(link.c.claim_id, link.c.ordinal))


IDS: Any = bindparam("ids", expanding=True)
DETAILS: dict[str, Select[Any]] = {  # built once: a page of claims costs six indexed queries
    "claim": _claim_select(
        s.claim.c.id, s.claim.c.text, s.claim.c.span_start, s.claim.c.span_end, s.claim.c.certainty,
        s.claim.c.cue, s.claim.c.quote, s.claim.c.event_type, s.claim.c.ordinal, s.claim.c.document_id,
        s.document.c.origin, s.document.c.published, s.document.c.outlet, s.document.c.title,
        s.document.c.version, s.document.c.superseded).where(s.claim.c.id.in_(IDS)),
    "sources": select(s.source).where(s.source.c.claim_id.in_(IDS)).order_by(s.source.c.claim_id, s.source.c.hop),
    "quantities": select(s.quantity).where(s.quantity.c.claim_id.in_(IDS))
    .order_by(s.quantity.c.claim_id, s.quantity.c.ordinal),
    "times": select(s.claim_time).where(s.claim_time.c.claim_id.in_(IDS))
    .order_by(s.claim_time.c.claim_id, s.claim_time.c.ordinal),
    "actors": _linked_names(s.claim_actor, s.entity, "entity_id"),
    "places": _linked_names(s.claim_place, s.place, "place_id"),
}


def _attach(conn: Connection, found: dict[int, dict[str, Any]], ids: list[int]) -> None:
    """Fill each claim's hops, quantities, times, actors and places (each list in order)."""
    ids_ = {"ids": ids}
    for row in conn.execute(DETAILS["sources"], ids_):
        found[row.claim_id]["sources"].append(_hop(row))
    for row in conn.execute(DETAILS["quantities"], ids_):
        found[row.claim_id]["quantities"].append({
            "text": row.text, "span": [row.span_start, row.span_end], "value": row.value, "low": row.low,
            "high": row.high, "approximate": row.approximate, "unspecified": row.unspecified, "unit": row.unit})
    for row in conn.execute(DETAILS["times"], ids_):
        found[row.claim_id]["times"].append({
            "text": row.text, "span": [row.span_start, row.span_end], "start": _iso(row.start_date),
            "end": _iso(row.end_date), "precision": row.precision, "role": row.role})
    for name in ("actors", "places"):
        for claim_id_, label in conn.execute(DETAILS[name], ids_):
            found[claim_id_][name].append(label)


def _hop(row: Any) -> dict[str, Any]:
    span = [row.span_start, row.span_end] if row.span_start is not None else None
    return {"text": row.text, "span": span, "kind": row.kind, "anonymous": row.anonymous, "country": row.country,
            "entity": row.entity_name, "parties": json.loads(row.parties or "[]"), "via": row.via}


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield list(ids[start:start + CHUNK])


def claim_id(key: str) -> int | None:
    """The row id of a claim key (``"C12"`` → 12), None when it is not one."""
    match = KEY.fullmatch(key.strip().upper())
    return int(match[1]) if match else None


def claim(engine: Engine, key: str) -> dict[str, Any] | None:
    """One claim by key, whichever version it belongs to; None when absent."""
    found = claim_id(key)
    if found is None:
        return None
    with engine.connect() as conn:
        items = claim_details(conn, [found])
    return items[0] if items else None


def _doc_summary(row: Any) -> dict[str, Any]:
    return {"id": row.id, "origin": row.origin, "version": row.version, "latest": not row.superseded,
            "published": _iso(row.published), "outlet": row.outlet, "title": row.title, "url": row.url,
            "claims": int(row.claims or 0)}


def _doc_select() -> Select[Any]:
    counts = (select(s.claim.c.document_id, func.count().label("n")).group_by(s.claim.c.document_id)
              .subquery())
    d = s.document.c
    return (select(d.id, d.origin, d.version, d.superseded, d.published, d.outlet, d.title, d.url,
                   counts.c.n.label("claims"))
            .select_from(s.document).outerjoin(counts, counts.c.document_id == d.id))


def documents_page(engine: Engine, *, query: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Latest report versions, newest first; ``query`` matches words of the title, outlet or origin."""
    d = s.document.c
    where: list[ColumnElement[bool]] = [d.superseded == false()]
    if query and query.strip():
        needle = query.strip().lower()
        where.append(or_(*(func.lower(func.coalesce(c, "")).contains(needle, autoescape=True)
                           for c in (d.title, d.outlet, d.origin))))
    listing = _doc_select().where(*where).order_by(d.published.desc().nulls_last(), d.id.desc())
    with engine.connect() as conn:
        total = int(conn.scalar(select(func.count()).select_from(s.document).where(*where)) or 0)
        rows = conn.execute(listing.limit(max(0, limit)).offset(max(0, offset))).all()
    return Page(total, [_doc_summary(row) for row in rows])


def document(engine: Engine, document_id: int) -> dict[str, Any] | None:
    """One report version: its metadata and text, every claim with its spans, its entities and
    places, and the versions of the same origin. None when absent."""
    d = s.document.c
    with engine.connect() as conn:
        row = conn.execute(select(s.document).where(d.id == document_id)).first()
        if row is None:
            return None
        ids = list(conn.scalars(select(s.claim.c.id).where(s.claim.c.document_id == document_id)
                                .order_by(s.claim.c.ordinal)))
        claims = claim_details(conn, ids)
        versions = conn.execute(select(d.id, d.version, d.superseded).where(d.origin == row.origin)
                                .order_by(d.version)).all()
    article = json.loads(row.article_json)
    return {"id": row.id, "origin": row.origin, "version": row.version, "latest": not row.superseded,
            "published": _iso(row.published), "published_source": row.published_source, "outlet": row.outlet,
            "title": row.title, "author": row.author, "url": row.url, "dateline": row.dateline,
            "dateline_place": row.dateline_place, "notes": article.get("document", {}).get("notes", []),
            "text": row.text, "claims": claims, "entities": article.get("entities", []),
            "places": article.get("places", []), "pipeline": article.get("pipeline", {}),
            "versions": [{"id": v.id, "version": v.version, "latest": not v.superseded} for v in versions]}


def latest_documents(engine: Engine) -> dict[str, dict[str, Any]]:
    """Every latest report version by origin: id, outlet, published date and title (to link results
    that cite a report by origin)."""
    d = s.document.c
    query = select(d.id, d.origin, d.outlet, d.published, d.title).where(d.superseded == false())
    with engine.connect() as conn:
        return {row.origin: {"document_id": row.id, "outlet": row.outlet, "published": _iso(row.published),
                             "title": row.title} for row in conn.execute(query)}


def _latest_claims() -> Select[Any]:
    return _claim_select(s.claim.c.id).where(s.document.c.superseded == false())


def entities_page(engine: Engine, *, query: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Entities by name, with their aliases and how many claims of latest reports name them as an
    actor or a source; ``query`` matches part of a name or alias."""
    e = s.entity.c
    where: list[ColumnElement[bool]] = []
    if query and query.strip():
        needle = name_key(query)
        aliased = select(s.entity_alias.c.entity_id).where(s.entity_alias.c.alias_key.contains(needle,
                                                                                                  autoescape=True))
        where.append(or_(e.name_key.contains(needle, autoescape=True), e.id.in_(aliased)))
    with engine.connect() as conn:
        total = int(conn.scalar(select(func.count()).select_from(s.entity).where(*where)) or 0)
        rows = conn.execute(select(e.id, e.name, e.type, e.country).where(*where)
                            .order_by(e.name_key, e.id).limit(max(0, limit)).offset(max(0, offset))).all()
        ids = [row.id for row in rows]
        aliases, counts = _aliases(conn, ids), _entity_counts(conn, ids)
    return Page(total, [{"id": row.id, "name": row.name, "type": row.type, "country": row.country,
                         "aliases": [a for a in aliases[row.id] if a != row.name],
                         "as_actor": counts[row.id][0], "as_source": counts[row.id][1]} for row in rows])


def _aliases(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    a = s.entity_alias.c
    for row in conn.execute(select(a.entity_id, a.alias).where(a.entity_id.in_(ids)).order_by(a.alias_key)):
        found[row.entity_id].append(row.alias)
    return found


def _entity_counts(conn: Connection, ids: list[int]) -> dict[int, tuple[int, int]]:
    latest = _latest_claims()
    actor = conn.execute(select(s.claim_actor.c.entity_id, func.count(func.distinct(s.claim_actor.c.claim_id)))
                         .where(s.claim_actor.c.entity_id.in_(ids), s.claim_actor.c.claim_id.in_(latest))
                         .group_by(s.claim_actor.c.entity_id)).all()
    source = conn.execute(select(s.source.c.entity_id, func.count(func.distinct(s.source.c.claim_id)))
                          .where(s.source.c.entity_id.in_(ids), s.source.c.claim_id.in_(latest))
                          .group_by(s.source.c.entity_id)).all()
    as_actor: dict[int, int] = {int(k): int(v) for k, v in actor}
    as_source: dict[int, int] = {int(k): int(v) for k, v in source}
    return defaultdict(lambda: (0, 0), {i: (int(as_actor.get(i, 0)), int(as_source.get(i, 0))) for i in ids})


def places(engine: Engine) -> list[dict[str, Any]]:
    """Geocoded places with how many claims of latest reports are about each, most first."""
    p, link = s.place.c, s.claim_place.c
    query = (select(p.id, p.name, p.country, p.lat, p.lon, p.feature, func.count().label("claims"))
             .select_from(s.claim_place).join(s.place, p.id == link.place_id)
             .where(link.claim_id.in_(_latest_claims()), p.lat.is_not(None), p.lon.is_not(None))
             .group_by(p.id, p.name, p.country, p.lat, p.lon, p.feature)
             .order_by(func.count().desc(), p.name))
    with engine.connect() as conn:
        return [{"id": row.id, "name": row.name, "country": row.country, "lat": row.lat, "lon": row.lon,
                 "feature": row.feature, "claims": int(row.claims)} for row in conn.execute(query)]
