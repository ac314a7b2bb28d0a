"""The corpus store: ingest extracted articles, query their claims (SQLite or PostgreSQL).

>>> store = Store.open("claimgraph.db")          # or "postgresql://user@host/db"
>>> result = store.add(raw, article)             # new | unchanged | new_version
>>> store.claims(about="North Korea", since=dt.date(2024, 12, 1))
>>> store.set_grade("National Intelligence Service", "B")      # the user's own, kept across ingests
>>> store.merge_entities("National Intelligence Service", "South Korean spy agency")
>>> store.close()

One transaction per document. The latest version of each origin is the one queries use; claim keys
are ``"C"`` + the claim row id and stay valid when a newer version arrives.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal

from sqlalchemy import ColumnElement, Connection, Engine, Row, Select, false, func, select
from sqlalchemy.exc import DBAPIError

from ..errors import Code
from ..ingest import RawArticle
from ..model import Article
from ..model.corpus import CorpusClaim, EntityDecision
from . import bulk, curation, state, write
from . import schema as s
from .engine import StoreError, display_url, writing
from .engine import create as create_engine
from .migrations import migrate
from .search import conditions

Status = Literal["new", "unchanged", "new_version"]
KEY = re.compile(r"C(\d{1,18})")  # a claim key: at most 18 digits, so that the id fits a 64-bit integer
CHUNK = 500


@dataclass(frozen=True)
class AddResult:
    """What ``Store.add`` did with one article."""

    status: Status
    document_id: int
    claims: int
    version: int


def claim_key(claim_id: int) -> str:
    """The public key of a stored claim."""
    return f"C{claim_id}"


class Store:
    """A corpus of extracted reports in one database."""

    def __init__(self, engine: Engine, applied: list[int]) -> None:
        self.engine = engine
        self.applied_migrations = applied

    @classmethod
    def open(cls, url_or_path: str, *, create: bool = True) -> Store:
        """Open a SQLite file, ``sqlite:///...`` or ``postgresql://...``, migrating it as needed.

        With ``create=False`` a SQLite file that does not exist is an error (E019), not a new database.
        """
        engine = create_engine(url_or_path, must_exist=not create)
        try:
            applied = migrate(engine)
        except DBAPIError as exc:
            engine.dispose()
            detail = f"{display_url(engine)}: {str(exc.orig).strip().splitlines()[0]}"
            raise StoreError(Code.E019, None, detail) from exc
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, applied)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """A connection whose reads all see one consistent state of the store (a read transaction:
        REPEATABLE READ on PostgreSQL; on SQLite the first read fixes the snapshot)."""
        if self.dialect == "postgresql":
            with self.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn, conn.begin():
                yield conn
        else:
            with self.engine.begin() as conn:  # a read: a deferred BEGIN, no write lock
                yield conn

    def reconcile_state(self) -> state.ReconcileState:
        """Whether (and when, by which code, for which generation) the kept reconciliation was computed."""
        with self.engine.connect() as conn:
            return state.read_state(conn)

    def claim_count(self) -> int:
        """Claims of the latest report versions."""
        query = (select(func.count()).select_from(s.claim).join(s.document, s.document.c.id == s.claim.c.document_id)
                 .where(s.document.c.superseded == false()))
        with self.engine.connect() as conn:
            return int(conn.scalar(query) or 0)

    def lookup(self, raw: RawArticle) -> AddResult | None:
        """The stored latest version when it holds exactly this text ("unchanged"), else None:
        lets a batch skip extracting what it would not store."""
        origin, sha = raw.document.origin or "text", raw.document.sha256
        with self.engine.connect() as conn:
            latest = _latest(conn, origin)
            if latest is None or latest.sha256 != sha:
                return None
            return AddResult("unchanged", latest.id, _claim_count(conn, latest.id), latest.version)

    def add(self, raw: RawArticle, article: Article) -> AddResult:
        """Store one article in one transaction, idempotently (keyed by origin and content hash)."""
        article = _normalized(raw, article)
        origin, sha = article.document.origin or "text", article.document.sha256
        with writing(self.engine) as conn:
            latest = _latest(conn, origin)
            if latest is not None and latest.sha256 == sha:
                return AddResult("unchanged", latest.id, _claim_count(conn, latest.id), latest.version)
            if latest is not None:
                write.supersede(conn, latest.id)
            version = latest.version + 1 if latest is not None else 1
            document_id = write.insert_document(conn, article, raw.text, version)
            count = write.write_claims(conn, document_id, article)
            state.bump(conn)
        return AddResult("new" if latest is None else "new_version", document_id, count, version)

    def add_many(self, items: Sequence[tuple[RawArticle, Article]]) -> list[AddResult]:
        """Store many articles in one transaction (all or none), in order, with the rows and
        statuses :meth:`add` would give them one by one; for bulk loads."""
        if not items:
            return []
        pairs = [(raw.text, _normalized(raw, article)) for raw, article in items]
        with writing(self.engine) as conn:
            written = bulk.write_batch(conn, pairs)
            if any(w.status != "unchanged" for w in written):
                state.bump(conn)
        return [AddResult(w.status, w.document_id, w.claims, w.version) for w in written]  # type: ignore[arg-type]

    def claims(self, about: str | Sequence[str] | None = None, since: dt.date | None = None, query: str | None = None,
               limit: int = 50) -> list[CorpusClaim]:
        """Claims of the latest versions, filtered, in report order (published, document, claim).

        ``about``: an entity name or alias among the claim's actors or sources; ``since``: the
        report was published on or after; ``query``: full-text search over the claim text.
        """
        where = conditions(self.dialect, about, since, query)
        return self._select(_claim_rows(latest=True).where(*where).limit(max(0, limit)))

    def claim(self, key: str) -> CorpusClaim | None:
        """One claim by key (``"C123"``), whichever version it belongs to; None when absent."""
        match = KEY.fullmatch(key.strip())
        if match is None:
            return None
        found = self._select(_claim_rows(latest=False).where(s.claim.c.id == int(match[1])))
        return found[0] if found else None

    def corpus_claims(self) -> list[CorpusClaim]:
        """Every claim of every latest document version, in (published, document id, claim) order."""
        return self._select(_claim_rows(latest=True))

    def articles(self) -> list[tuple[int, str, Article]]:
        """Every latest document version as ``(document id, origin, Article)``, text included."""
        query = (select(s.document.c.id, s.document.c.origin, s.document.c.article_json, s.document.c.text)
                 .where(s.document.c.superseded == false()).order_by(*_report_order()))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [(row.id, row.origin, _article(row.article_json, row.text)) for row in rows]

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables (documents counts every version)."""
        tables = (s.document, s.claim, s.source, s.quantity, s.claim_time, s.entity, s.entity_alias, s.place,
                  s.claim_actor, s.claim_place, s.document_pipeline)
        with self.engine.connect() as conn:
            return {t.name: int(conn.scalar(select(func.count()).select_from(t)) or 0) for t in tables}

    def set_grade(self, name: str, grade: str, note: str | None = None) -> str:
        """Set the Admiralty reliability (A–F) of a source, replacing an earlier grade; E023 for a bad
        grade. Returns the grade kept (upper case)."""
        with writing(self.engine) as conn:
            return curation.set_grade(conn, name, grade, note)

    def grades(self) -> dict[str, tuple[str, str]]:
        """Every grade set: origin key (see ``origin_key``) → (grade, source name as given)."""
        with self.engine.connect() as conn:
            return curation.grades(conn)

    def merge_entities(self, a: str, b: str, note: str | None = None) -> EntityDecision:
        """Keep the decision that ``b`` (and its aliases) is the entity ``a``; E024 for the same name twice."""
        with writing(self.engine) as conn:
            decision = curation.add_decision(conn, "merge", a, b, note)
            state.bump(conn)
            return decision

    def split_entity(self, a: str, alias: str, note: str | None = None) -> EntityDecision:
        """Keep the decision that ``alias`` does not name the entity ``a``."""
        with writing(self.engine) as conn:
            decision = curation.add_decision(conn, "split", a, alias, note)
            state.bump(conn)
            return decision

    def decisions(self) -> list[EntityDecision]:
        """Every merge and split, in the order made."""
        with self.engine.connect() as conn:
            return curation.decisions(conn)

    def _select(self, query: Select[Any]) -> list[CorpusClaim]:
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            articles = _load_articles(conn, {row.document_id for row in rows})
        return [_corpus_claim(row, articles[row.document_id]) for row in rows]


def _report_order() -> list[ColumnElement[Any]]:
    return [s.document.c.published.asc().nulls_last(), s.document.c.id.asc()]


def _claim_rows(*, latest: bool) -> Select[Any]:
    query = (select(s.claim.c.id, s.claim.c.ordinal, s.claim.c.document_id, s.document.c.origin,
                    s.document.c.published, s.document.c.outlet)
             .join(s.document, s.document.c.id == s.claim.c.document_id)
             .order_by(*_report_order(), s.claim.c.ordinal.asc()))
    return query.where(s.document.c.superseded == false()) if latest else query


@dataclass(frozen=True)
class _Latest:
    id: int
    sha256: str
    version: int


def _latest(conn: Connection, origin: str) -> _Latest | None:
    """The latest version of an origin, if any."""
    row = conn.execute(
        select(s.document.c.id, s.document.c.sha256, s.document.c.version)
        .where(s.document.c.origin == origin, s.document.c.superseded == false())
    ).first()
    return _Latest(row.id, row.sha256, row.version) if row is not None else None


def _normalized(raw: RawArticle, article: Article) -> Article:
    """The article with its document's origin and content hash set (from the raw input where the
    extraction left them out)."""
    doc = article.document
    origin = doc.origin or raw.document.origin or "text"
    sha = doc.sha256 or raw.document.sha256
    return article.model_copy(update={"document": doc.model_copy(update={"origin": origin, "sha256": sha})})


def _claim_count(conn: Connection, document_id: int) -> int:
    return int(conn.scalar(select(func.count()).select_from(s.claim).where(s.claim.c.document_id == document_id))
               or 0)


def _load_articles(conn: Connection, ids: set[int]) -> dict[int, Article]:
    """The stored Article of each document (without its text), parsed once each."""
    ordered = sorted(ids)
    found: dict[int, Article] = {}
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start:start + CHUNK]
        rows = conn.execute(select(s.document.c.id, s.document.c.article_json).where(s.document.c.id.in_(chunk)))
        found.update((row.id, _article(row.article_json, None)) for row in rows)
    return found


def _article(article_json: str, text: str | None) -> Article:
    article = Article.model_validate_json(article_json)
    return article.model_copy(update={"text": text}) if text is not None else article


def _corpus_claim(row: Row[Any], article: Article) -> CorpusClaim:
    return CorpusClaim(key=claim_key(row.id), document=row.origin, document_id=row.document_id,
                       published=row.published, outlet=row.outlet, claim=article.claims[row.ordinal])


def as_claims(rows: Sequence[CorpusClaim]) -> list[dict[str, Any]]:
    """Claims as the JSON objects ``claimgraph claims --format json`` prints."""
    return [_claim_json(c) for c in rows]


def _claim_json(item: CorpusClaim) -> dict[str, Any]:
    claim = item.claim.model_dump(mode="json")
    return {
        "key": item.key, "document": item.document,
        "published": item.published.isoformat() if item.published else None, "outlet": item.outlet,
        "text": claim["text"], "span": claim["span"], "sources": claim["sources"],
        "certainty": claim["certainty"], "quantities": claim["quantities"], "times": claim["times"],
    }
