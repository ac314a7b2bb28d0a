"""The reconciliation kept in the store: writing a computed :class:`Reconciliation` into the
``reconcile_*`` tables, and answering the corpus questions from them with targeted, indexed,
parameterised queries, in exactly the JSON shapes the in-memory reconciliation gives.

Claims are kept by id; what a result cites of a claim (key, report, text, span) is read back
from the ``claim`` and ``document`` rows it was computed from.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import chain, islice
from typing import Any

import numpy as np
from sqlalchemy import Connection, Date, Select, and_, case, delete, func, or_, select

from ..reconcile.analysis import Reconciliation
from ..reconcile.decisions import RELIABILITY, UNGRADED, source_rows
from ..reconcile.estimates import Series
from ..reconcile.grading import origin_name
from ..reconcile.links import METHODS, SCALE, Link, Links
from ..reconcile.origins import origin_key
from ..reconcile.types import CorpusClaim
from ..store import schema as s

ROWS = 20_000               # rows per multi-row insert
CHUNK = 500                 # ids per IN (...) list
CORROBORATIONS = 50         # corroborating claims a trace lists (it gives the total beside them)
JSON = dict[str, Any]


def claim_id(key: str) -> int:
    return int(key[1:])


# --- writing ---------------------------------------------------------------------------------------

def clear(conn: Connection) -> None:
    """Empty every result table (inside the caller's transaction)."""
    for table in s.RESULT_TABLES:
        conn.execute(delete(table))


def write(conn: Connection, rec: Reconciliation, stored: Sequence[CorpusClaim], aliases: Mapping[str, str]) -> None:
    """Replace the kept results with ``rec`` (inside the caller's transaction).

    ``stored``: the claims as the store holds them, in the order ``rec.claims`` has them, so that a
    chain reconciliation changed (canonical names, inferred relays) is kept beside the stored one."""
    with indexes_deferred(conn, s.RESULT_TABLES):
        clear(conn)
        _insert_all(conn, rec, stored, aliases)


@contextmanager
def indexes_deferred(conn: Connection, tables: Iterable[Any]) -> Iterator[None]:
    """On SQLite, drop the tables' secondary indexes for a bulk load and build them again after it, in
    the caller's transaction: one sort per index instead of a B-tree insert per row, which at tens of
    millions of link rows misses the page cache on nearly every insert. Readers keep their WAL
    snapshot meanwhile. On PostgreSQL the indexes stay: dropping one would lock readers out of the
    table until the transaction commits."""
    indexes = [index for table in tables for index in table.indexes] if conn.dialect.name == "sqlite" else []
    for index in indexes:
        index.drop(conn)
    yield
    for index in indexes:
        index.create(conn)


def _insert_all(conn: Connection, rec: Reconciliation, stored: Sequence[CorpusClaim],
                aliases: Mapping[str, str]) -> None:
    insert_rows(conn, s.reconcile_echo, _echo_rows(rec))
    insert_rows(conn, s.reconcile_echo_claim, ({"echo_id": g, "ordinal": n, "claim_id": claim_id(cc.key)}
                                           for g, group in enumerate(rec.echoes) for n, cc in enumerate(group.claims)))
    tolerance = rec.lexicon.approximate_tolerance
    insert_rows(conn, s.reconcile_series, (_series_row(i, series, tolerance) for i, series in enumerate(rec.series)))
    insert_rows(conn, s.reconcile_point, (_point_row(i, n, point.first, point.superseded_by)
                                      for i, series in enumerate(rec.series) for n, point in enumerate(series.points)))
    insert_rows(conn, s.reconcile_point_claim, (
        {"series_id": i, "point": n, "ordinal": k, "claim_id": claim_id(cc.key)}
        for i, series in enumerate(rec.series) for n, point in enumerate(series.points)
        for k, cc in enumerate(point.claims)))
    insert_rows(conn, s.reconcile_contradiction, (
        {"id": i, "a_claim_id": claim_id(c.a.key), "b_claim_id": claim_id(c.b.key), "kind": c.kind, "reason": c.reason}
        for i, c in enumerate(rec.contradictions)))
    insert_rows(conn, s.reconcile_claim, _claim_rows(rec, stored))
    insert_rows(conn, s.reconcile_source, (
        {"ordinal": n, "origin_key": row["key"], "name": row["origin"], "kind": row["kind"], "claims": row["claims"],
         "corroborated": row["corroborated"], "contradicted": row["contradicted"]}
        for n, row in enumerate(source_rows(rec, {}))))
    insert_rows(conn, s.reconcile_alias, ({"alias_key": k, "name": v} for k, v in aliases.items()))
    insert_tuples(conn, s.reconcile_link, LINK_COLUMNS,
                  link_tuples(rec.propositions, {cc.key: origin_name(cc) for cc in rec.claims}))


def insert_rows(conn: Connection, table: Any, rows: Iterable[JSON]) -> None:
    """Insert many rows given as dictionaries (see :func:`insert_tuples`)."""
    found = iter(rows)
    first = next(found, None)
    if first is None:
        return
    columns = tuple(first)
    dates = tuple(c for c in columns if isinstance(table.c[c].type, Date)) if conn.dialect.name == "sqlite" else ()

    def values(row: JSON) -> tuple[Any, ...]:
        if dates:                                      # kept as SQLAlchemy keeps them on SQLite: ISO text
            row = {**row, **{c: row[c].isoformat() for c in dates if row[c] is not None}}
        return tuple(row[c] for c in columns)

    insert_tuples(conn, table, columns, (values(row) for row in chain([first], found)))


def insert_tuples(conn: Connection, table: Any, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert many rows, handed to the driver's ``executemany`` as tuples of ``columns`` (the statement
    names this schema's own table and columns; every value is a bound parameter): SQLAlchemy's
    per-row parameter processing cost more than the database's own work on large results."""
    statement = _insert_statement(conn, table, columns)
    found = iter(rows)
    while batch := list(islice(found, ROWS)):
        conn.exec_driver_sql(statement, batch)


def _insert_statement(conn: Connection, table: Any, columns: tuple[str, ...]) -> str:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    known = set(table.c.keys())
    if not set(columns) <= known:
        raise ValueError(f"not columns of {table.name}: {sorted(set(columns) - known)}")
    preparer = conn.dialect.identifier_preparer
    names = ", ".join(preparer.quote(c) for c in columns)
    return f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES ({', '.join(mark for _ in columns)})"


def _echo_rows(rec: Reconciliation) -> Iterator[JSON]:
    for i, g in enumerate(rec.echoes):
        o = g.origin
        yield {"id": i, "origin_key": o.key, "origin_name": o.name, "origin_kind": o.kind,
               "origin_anonymous": o.anonymous, "origin_country": o.country,
               "occasion_start": g.occasion[0] if g.occasion else None,
               "occasion_end": g.occasion[1] if g.occasion else None,
               "documents": len({c.document_id for c in g.claims}), "circular": g.circular}


def _series_row(i: int, series: Series, tolerance: float) -> JSON:
    band = series.consensus(tolerance)
    return {"id": i, "measure": series.measure, "subject": series.subject,
            "consensus_low": band["low"] if band else None, "consensus_high": band["high"] if band else None,
            "consensus_as_of": dt.date.fromisoformat(band["as_of"]) if band and band["as_of"] else None,
            "consensus_origins": band["origins"] if band else None}


def _point_row(i: int, n: int, p: Any, superseded_by: int | None) -> JSON:
    o = p.origin
    return {"series_id": i, "ordinal": n, "value": p.value, "low": p.low, "high": p.high,
            "approximate": p.approximate, "as_of": p.as_of, "origin_name": o.name, "origin_kind": o.kind,
            "origin_anonymous": o.anonymous, "origin_country": o.country, "label": p.label(),
            "superseded_by": superseded_by}


LINK_COLUMNS = ("a_claim_id", "b_claim_id", "method", "score", "independent")


def link_tuples(links: Sequence[Link], origins: Mapping[str, str]) -> Iterator[tuple[Any, ...]]:
    """The same-proposition links as rows of ``LINK_COLUMNS``, each marked ``independent`` where its
    claims' ``origins`` (claim key → origin key) differ (the rule
    :func:`~claimgraph.reconcile.grading.corroborations` counts corroboration by). Links kept as
    columns (:class:`~claimgraph.reconcile.links.Links`, tens of millions at a million claims) are
    turned into rows column by column, without a :class:`~claimgraph.reconcile.links.Link` object
    each."""
    if not isinstance(links, Links):
        for link in links:
            yield (claim_id(link.a), claim_id(link.b), link.method, link.score, origins[link.a] != origins[link.b])
        return
    origin, _ = links.origin_codes(origins)
    ids = np.array([claim_id(k) for k in links.keys], dtype=np.int64)
    methods = np.array(METHODS, dtype=object)
    for lo in range(0, len(links), ROWS):                # a slice at a time: rows, never all at once
        a, b = links.a[lo:lo + ROWS], links.b[lo:lo + ROWS]
        yield from zip(ids[a].tolist(), ids[b].tolist(), methods[links.method[lo:lo + ROWS]].tolist(),
                       (links.score[lo:lo + ROWS] / SCALE).tolist(), (origin[a] != origin[b]).tolist(), strict=True)


def _claim_rows(rec: Reconciliation, stored: Sequence[CorpusClaim]) -> Iterator[JSON]:
    for cc, original in zip(rec.claims, stored, strict=True):
        grade = rec.grades[cc.key]
        changed = cc.claim.sources != original.claim.sources
        chain = json.dumps([h.model_dump(mode="json") for h in cc.claim.sources]) if changed else None
        yield {"claim_id": claim_id(cc.key), "credibility": grade.credibility, "reason": grade.reason,
               "corroborated_by": json.dumps(grade.corroborated_by),
               "contradicted_by": json.dumps(grade.contradicted_by), "sources": chain}


# --- reading ---------------------------------------------------------------------------------------

def _refs(query: Select[Any], cited: Any) -> Select[Any]:
    """A query over result rows, joined to the claims (``cited``: the claim id column) and reports
    they cite."""
    return (query.add_columns(s.claim.c.id.label("ref_id"), s.claim.c.text.label("ref_text"),
                              s.claim.c.span_start.label("ref_start"), s.claim.c.span_end.label("ref_end"),
                              s.document.c.origin.label("ref_document"))
            .join(s.claim, s.claim.c.id == cited)
            .join(s.document, s.document.c.id == s.claim.c.document_id))


def ref(row: Any, prefix: str = "ref") -> JSON:
    """A claim reference as :meth:`ClaimRef.as_json` gives it."""
    m = row._mapping
    return {"key": f"C{m[f'{prefix}_id']}", "document": m[f"{prefix}_document"], "text": m[f"{prefix}_text"],
            "span": [m[f"{prefix}_start"], m[f"{prefix}_end"]]}


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _origin(row: Any, prefix: str = "origin_") -> JSON:
    m = row._mapping
    return {"name": m[f"{prefix}name"], "kind": m[f"{prefix}kind"], "anonymous": bool(m[f"{prefix}anonymous"]),
            "country": m[f"{prefix}country"]}


def _echo_json(row: Any, claims: list[JSON]) -> JSON:
    occasion = (row.occasion_start, row.occasion_end) if row.occasion_start is not None else None
    date = occasion[0].isoformat() if occasion and occasion[0] == occasion[1] else None
    return {"origin": {**_origin(row), "date": date,
                       "between": [d.isoformat() for d in occasion] if occasion else None},
            "documents": row.documents, "circular": bool(row.circular), "claims": claims}


def _echo_members(conn: Connection, where: Any = None) -> dict[int, list[JSON]]:
    t = s.reconcile_echo_claim
    query = _refs(select(t.c.echo_id), t.c.claim_id).order_by(t.c.echo_id, t.c.ordinal)
    if where is not None:
        query = query.where(where)
    out: dict[int, list[JSON]] = defaultdict(list)
    for row in conn.execute(query):
        out[row.echo_id].append(ref(row))
    return out


def echoes(conn: Connection) -> list[JSON]:
    """Every echo group, as ``Reconciliation.echoes_json`` gives them."""
    members = _echo_members(conn)
    rows = conn.execute(select(s.reconcile_echo).order_by(s.reconcile_echo.c.id))
    return [_echo_json(row, members[row.id]) for row in rows]


def contradictions(conn: Connection) -> list[JSON]:
    """Every contradiction, as ``Reconciliation.contradictions_json`` gives them."""
    return [{"a": a, "b": b, "kind": kind, "reason": reason} for _, a, b, kind, reason in _contradictions(conn)]


def _contradictions(conn: Connection, claim: int | None = None) -> list[tuple[int, JSON, JSON, str, str]]:
    """Contradictions in answer order (those involving ``claim`` only, when given), each with the
    references of both claims."""
    t = s.reconcile_contradiction
    ca, cb, da, db = s.claim.alias("ca"), s.claim.alias("cb"), s.document.alias("da"), s.document.alias("db")
    cols = [col.label(f"{side}_{name}") for side, c, d in (("a", ca, da), ("b", cb, db))
            for name, col in (("id", c.c.id), ("text", c.c.text), ("start", c.c.span_start), ("end", c.c.span_end),
                              ("document", d.c.origin))]
    query = (select(t.c.id, t.c.kind, t.c.reason, *cols)
             .join(ca, ca.c.id == t.c.a_claim_id).join(da, da.c.id == ca.c.document_id)
             .join(cb, cb.c.id == t.c.b_claim_id).join(db, db.c.id == cb.c.document_id).order_by(t.c.id))
    if claim is not None:
        query = query.where(or_(t.c.a_claim_id == claim, t.c.b_claim_id == claim))
    return [(r.id, ref(r, "a"), ref(r, "b"), r.kind, r.reason) for r in conn.execute(query)]


def claim_refs(conn: Connection, ids: Iterable[int]) -> dict[int, JSON]:
    """Claim id → reference, for the given claims."""
    wanted = sorted(set(ids))
    out: dict[int, JSON] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        query = (select(s.claim.c.id.label("ref_id"), s.claim.c.text.label("ref_text"),
                        s.claim.c.span_start.label("ref_start"), s.claim.c.span_end.label("ref_end"),
                        s.document.c.origin.label("ref_document"))
                 .join(s.document, s.document.c.id == s.claim.c.document_id).where(s.claim.c.id.in_(chunk)))
        out.update((row.ref_id, ref(row)) for row in conn.execute(query))
    return out


def in_chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """The distinct ids, in order, a chunk at a time (for ``IN`` lists of bounded length)."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), CHUNK):
        yield wanted[start:start + CHUNK]


def _in_chunks(ids: list[int] | None) -> Iterator[list[int] | None]:
    """:func:`in_chunks`, or one None (no bound: every row) for None."""
    if ids is None:
        yield None
        return
    yield from in_chunks(ids)


def trace(conn: Connection, claim: int) -> JSON | None:
    """One claim's trace, as :meth:`claimgraph.corpus.Corpus.trace` documents it; None when the
    claim is not among the reconciled (latest) reports."""
    rc, c, d = s.reconcile_claim, s.claim, s.document
    row = conn.execute(select(rc, c.c.text, c.c.span_start, c.c.span_end, c.c.certainty, d.c.origin, d.c.outlet,
                              d.c.published)
                       .join(c, c.c.id == rc.c.claim_id).join(d, d.c.id == c.c.document_id)
                       .where(rc.c.claim_id == claim)).first()
    if row is None:
        return None
    chain = json.loads(row.sources) if row.sources is not None else _stored_chain(conn, claim)
    echo = conn.execute(select(s.reconcile_echo_claim.c.echo_id).where(s.reconcile_echo_claim.c.claim_id == claim)
                        .order_by(s.reconcile_echo_claim.c.echo_id).limit(1)).scalar()
    group = None if echo is None else conn.execute(select(s.reconcile_echo).where(s.reconcile_echo.c.id == echo)).one()
    members = _echo_members(conn, s.reconcile_echo_claim.c.echo_id == echo)[echo] if echo is not None else []
    against = [b if a["key"] == f"C{claim}" else a for _, a, b, _, _ in _contradictions(conn, claim)]
    support, support_total = _corroborations(conn, claim)
    return {
        "claim": {"key": f"C{claim}", "document": row.origin, "text": row.text, "span": [row.span_start, row.span_end],
                  "outlet": row.outlet, "published": _iso(row.published), "certainty": row.certainty,
                  "sources": chain},
        "origin": _origin(group) if group is not None else None,
        "echoes": [m for m in members if m["key"] != f"C{claim}"],
        "contradicted_by": against,
        "corroborated_by": support,
        "corroborated_by_total": support_total,
        "credibility": {"value": row.credibility, "reason": row.reason,
                        "corroborated_by": json.loads(row.corroborated_by),
                        "contradicted_by": json.loads(row.contradicted_by)},
    }


def _corroborations(conn: Connection, claim: int, limit: int = CORROBORATIONS) -> tuple[list[JSON], int]:
    """The claims linked to ``claim`` as stating the same thing from another origin (independent
    links), each a reference with the link's ``method`` and ``score``, best score first, then by
    claim id; at most ``limit`` of them, and how many there are in all."""
    t = s.reconcile_link
    other = case((t.c.a_claim_id == claim, t.c.b_claim_id), else_=t.c.a_claim_id)
    mine = and_(or_(t.c.a_claim_id == claim, t.c.b_claim_id == claim), t.c.independent)
    rows = conn.execute(_refs(select(t.c.method, t.c.score), other).where(mine)
                        .order_by(t.c.score.desc(), s.claim.c.id).limit(limit)).all()
    refs = [{**ref(r), "method": r.method, "score": r.score} for r in rows]
    if len(rows) < limit:
        return refs, len(rows)
    return refs, conn.execute(select(func.count()).select_from(t).where(mine)).scalar_one()


def _stored_chain(conn: Connection, claim: int) -> list[JSON]:
    """The claim's hops as stored, in the shape ``Source.model_dump(mode='json')`` gives."""
    t = s.source
    rows = conn.execute(select(t).where(t.c.claim_id == claim).order_by(t.c.hop))
    return [{"text": r.text, "span": [r.span_start, r.span_end] if r.span_start is not None else None,
             "kind": r.kind, "anonymous": bool(r.anonymous), "country": r.country, "entity": r.entity_name,
             "parties": json.loads(r.parties), "via": r.via} for r in rows]


def sources(conn: Connection, grades: Mapping[str, tuple[str, str]]) -> list[JSON]:
    """Each origin with its reliability and track record, as ``source_rows`` gives them; the user's
    grades (``Store.grades()``) applied through the kept alias map."""
    from ..reconcile.decisions import resolve_grades

    t = s.reconcile_alias
    graded, aliases = sorted(grades), dict[str, str]()
    for start in range(0, len(graded), CHUNK):
        query = select(t.c.alias_key, t.c.name).where(t.c.alias_key.in_(graded[start:start + CHUNK]))
        aliases.update((row.alias_key, row.name) for row in conn.execute(query))
    reliability = resolve_grades(grades, aliases)
    out = []
    for r in conn.execute(select(s.reconcile_source).order_by(s.reconcile_source.c.ordinal)):
        grade = reliability.get(origin_key(r.name), UNGRADED)
        out.append({"origin": r.name, "key": r.origin_key, "kind": r.kind, "reliability": grade,
                    "reliability_label": RELIABILITY[grade], "claims": r.claims, "corroborated": r.corroborated,
                    "contradicted": r.contradicted})
    return out
