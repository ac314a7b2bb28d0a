"""The corpus as a Python API: a store of reports and what reconciling them answers.

Every corpus question (claims, echoes, contradictions, estimates, a claim's trace, sources) is
answered here as JSON-ready data in the shapes the README documents; the CLI commands and the
REST API only render what these methods return.

    with Corpus.open("claimgraph.db") as corpus:
        corpus.estimates("North Korean casualties")
"""

from __future__ import annotations

import datetime as dt
from types import TracebackType
from typing import Any

from .ingest.article import RawArticle
from .model import Article
from .reconcile.analysis import Reconciliation, reconcile
from .reconcile.decisions import decided_claims, reliability_of, source_rows
from .store import Store
from .store.db import AddResult, as_claims


class Corpus:
    """A store and its reconciliation, computed once on first use and again after a change."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._reconciliation: Reconciliation | None = None

    @classmethod
    def open(cls, db: str, *, create: bool = True) -> Corpus:
        """Open (by default create) the store at a SQLite path or postgresql:// URL."""
        return cls(Store.open(db, create=create))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def reconciliation(self) -> Reconciliation:
        """The corpus reconciled, the user's entity merges and splits applied."""
        if self._reconciliation is None:
            store = self.store
            claims, aliases = decided_claims(store.corpus_claims(), (a for _, _, a in store.articles()),
                                             store.decisions())
            self._reconciliation = reconcile(claims, aliases=aliases)
        return self._reconciliation

    def changed(self) -> None:
        """Forget the reconciliation after the store changed."""
        self._reconciliation = None

    def add(self, raw: RawArticle, article: Article) -> AddResult:
        """Store one extracted report (idempotent; see :meth:`Store.add`)."""
        result = self.store.add(raw, article)
        if result.status != "unchanged":
            self.changed()
        return result

    def claims(self, about: str | None = None, since: dt.date | None = None, query: str | None = None,
               limit: int = 50) -> list[dict[str, Any]]:
        """Claims of the latest report versions, filtered (see :meth:`Store.claims`)."""
        return as_claims(self.store.claims(about=about, since=since, query=query, limit=limit))

    def echoes(self) -> list[dict[str, Any]]:
        """Echo groups: claims in different reports relaying one origin on one occasion."""
        return self.reconciliation().echoes_json()

    def contradictions(self) -> list[dict[str, Any]]:
        """Pairs of claims that cannot both hold, each with its reason."""
        return self.reconciliation().contradictions_json()

    def estimates(self, measure: str | None = None) -> list[dict[str, Any]]:
        """Estimate series (all, or those answering ``measure`` such as 'troops deployed')."""
        return self.reconciliation().estimates_json(measure)

    def trace(self, key: str) -> dict[str, Any] | None:
        """One claim: its chain to the origin, its echoes, what contradicts it, its credibility;
        None when there is no such claim among the latest reports."""
        rec = self.reconciliation()
        cc = next((c for c in rec.claims if c.key == key.strip().upper()), None)
        if cc is None:
            return None
        group = next((g for g in rec.echoes if any(c.key == cc.key for c in g.claims)), None)
        against = [c.b if c.a.key == cc.key else c.a for c in rec.contradictions if cc.key in (c.a.key, c.b.key)]
        grade = rec.grades[cc.key]
        return {
            "claim": {**cc.ref.as_json(), "outlet": cc.outlet,
                      "published": cc.published.isoformat() if cc.published else None,
                      "certainty": cc.claim.certainty,
                      "sources": [h.model_dump(mode="json") for h in cc.claim.sources]},
            "origin": group.origin.as_json() if group else None,
            "echoes": [c.ref.as_json() for c in group.claims if c.key != cc.key] if group else [],
            "contradicted_by": [c.ref.as_json() for c in against],
            "credibility": {"value": grade.credibility, "reason": grade.reason,
                            "corroborated_by": grade.corroborated_by, "contradicted_by": grade.contradicted_by},
        }

    def sources(self) -> list[dict[str, Any]]:
        """Each origin: kind, reliability grade (F when not set) and track record."""
        store = self.store
        reliability = reliability_of((a for _, _, a in store.articles()), store.decisions(), store.grades())
        return source_rows(self.reconciliation(), reliability)

    def set_grade(self, name: str, grade: str, note: str | None = None) -> str:
        """Set a source's Admiralty reliability (A–F), kept in the store."""
        kept = self.store.set_grade(name, grade, note)
        self.changed()
        return kept
