"""Filters on claims: full-text search, the actor or source a claim is about, the report date.

Full-text search uses FTS5 (``claim_fts``, porter stemming) on SQLite and a GIN index over
``to_tsvector('english', text)`` on PostgreSQL. A query is a list of words, all required; any
punctuation or operator syntax in it is ignored, never interpreted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, column, false, func, literal_column, or_, select, table, union

from . import schema as s
from .write import name_key

WORD = re.compile(r"\w+")
ENGLISH: ColumnElement[Any] = literal_column("'english'::regconfig")
CLAIM_FTS = table("claim_fts", column("rowid"), column("claim_fts"))


def fts5_query(query: str) -> str:
    """A user query as an FTS5 expression: each word a quoted string, all required."""
    return " ".join(f'"{word}"' for word in WORD.findall(query))


def text_condition(dialect: str, query: str) -> ColumnElement[bool]:
    """Claims whose text matches every word of the query."""
    if not WORD.search(query):
        return false()
    if dialect == "sqlite":
        hits = select(CLAIM_FTS.c.rowid).where(CLAIM_FTS.c.claim_fts.op("MATCH")(fts5_query(query)))
        return s.claim.c.id.in_(hits)
    vector = func.to_tsvector(ENGLISH, s.claim.c.text)
    return vector.op("@@")(func.plainto_tsquery(ENGLISH, query))


def about_condition(about: str | Sequence[str]) -> ColumnElement[bool]:
    """Claims whose actors or sources include the entity with this name or alias (or any of these
    names: an entity and those the user merged with it)."""
    keys = [name_key(name) for name in ([about] if isinstance(about, str) else about)]
    ids = union(
        select(s.entity.c.id).where(s.entity.c.name_key.in_(keys)),
        select(s.entity_alias.c.entity_id).where(s.entity_alias.c.alias_key.in_(keys)),
    ).subquery()
    as_actor = select(s.claim_actor.c.claim_id).where(s.claim_actor.c.entity_id.in_(select(ids.c.id)))
    as_source = select(s.source.c.claim_id).where(s.source.c.entity_id.in_(select(ids.c.id)))
    found = [s.claim.c.id.in_(as_actor), s.claim.c.id.in_(as_source)]
    if len(keys) > 1:   # merged names may be sources no entity was resolved for ('the water board')
        texts = [t for key in keys for t in (key, f"the {key}")]
        found.append(s.claim.c.id.in_(select(s.source.c.claim_id).where(func.lower(s.source.c.text).in_(texts))))
    return or_(*found)


def since_condition(since: dt.date) -> ColumnElement[bool]:
    """Claims reported on or after the date."""
    return s.document.c.published >= since


def conditions(dialect: str, about: str | Sequence[str] | None, since: dt.date | None,
               query: str | None) -> list[ColumnElement[bool]]:
    """The filters asked for (none means every claim)."""
    found: list[ColumnElement[bool]] = []
    if about:
        found.append(about_condition(about))
    if since:
        found.append(since_condition(since))
    if query is not None:
        found.append(text_condition(dialect, query))
    return found
