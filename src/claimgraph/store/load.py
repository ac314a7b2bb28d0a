"""Reading the whole corpus for reconciliation in one pass: every claim of every latest report,
in report order, with each stored article parsed once (its entities feed the alias map).

The documents are streamed in chunks (their text is never read); a chunk's claim ids come from one
indexed query. :meth:`claimgraph.store.Store.corpus_claims` answers the same claims in the same
order, but parses articles again for every call and reads ``articles()`` text as well.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, false, select

from ..model import Article, Entity
from ..model.corpus import CorpusClaim
from . import schema as s

CHUNK = 1000


@dataclass(frozen=True)
class CorpusInput:
    """What reconciliation reads: the claims and, per report, its entities (for the alias map)."""

    claims: list[CorpusClaim]
    entities: list[list[Entity]]

    def articles(self) -> Iterator[Article]:
        """The reports reduced to their entity lists, as :func:`claimgraph.reconcile.canonical.alias_map`
        reads them."""
        from ..model import Document

        for found in self.entities:
            yield Article(document=Document(), entities=found)


def corpus_input(conn: Connection, where: ColumnElement[bool] | None = None) -> CorpusInput:
    """Every claim of every latest report version, in (published, document id, ordinal) order
    (``where``: only the reports of the ``document`` table it selects, e.g. a range of dates)."""
    d = s.document
    query = (select(d.c.id, d.c.origin, d.c.published, d.c.outlet, d.c.article_json)
             .where(d.c.superseded == false())
             .order_by(d.c.published.asc().nulls_last(), d.c.id.asc()))
    if where is not None:
        query = query.where(where)
    claims: list[CorpusClaim] = []
    entities: list[list[Entity]] = []
    result = conn.execute(query, execution_options={"stream_results": True, "yield_per": CHUNK})
    for rows in result.partitions():
        ids = _claim_ids(conn, [row.id for row in rows])
        for row in rows:
            article = Article.model_validate_json(row.article_json)
            entities.append(article.entities)
            keys = ids.get(row.id, {})
            claims.extend(CorpusClaim(key=keys[n], document=row.origin, document_id=row.id,
                                      published=row.published, outlet=row.outlet, claim=claim)
                          for n, claim in enumerate(article.claims) if n in keys)
    return CorpusInput(claims, entities)


def _claim_ids(conn: Connection, document_ids: list[Any]) -> dict[int, dict[int, str]]:
    """Document id → claim ordinal → claim key."""
    c = s.claim
    out: dict[int, dict[int, str]] = {}
    for row in conn.execute(select(c.c.id, c.c.document_id, c.c.ordinal).where(c.c.document_id.in_(document_ids))):
        out.setdefault(row.document_id, {})[row.ordinal] = f"C{row.id}"
    return out
