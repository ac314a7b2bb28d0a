"""The corpus as a Python API: a store of reports and what reconciling them answers.

Every corpus question (claims, echoes, contradictions, estimates, a claim's trace, sources) is
answered here as JSON-ready data in the shapes the README documents; the CLI commands and the
REST API only render what these methods return.

    with Corpus.open("claimgraph.db") as corpus:
        corpus.estimates("North Korean casualties")

Echoes, contradictions, estimates, traces and sources come from the reconciliation kept in the
store (``claimgraph reconcile``; :mod:`claimgraph.kept.persist`), read with indexed queries.
When it is not current (a report was stored, an entity merged or split, or the reconciliation code
changed since), a corpus of up to ``auto_reconcile`` claims is reconciled again and kept before
answering; a larger one raises E040 rather than answering from stale results or spending minutes
on one query.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection

from .errors import ClaimgraphError, Code
from .ingest.article import RawArticle
from .kept import listing, persist, results, series
from .kept.incremental import IncrementalRun, reconcile_increment
from .kept.persist import Run, fingerprint, reconcile_store
from .model import Article
from .reconcile.analysis import Reconciliation, reconcile
from .reconcile.decisions import decided_claims
from .store import Store, StoreError, browse, curation
from .store.db import AddResult, as_claims
from .store.state import ReconcileState, read_state

__all__ = ["Corpus", "IncrementalRun", "Run"]

if TYPE_CHECKING:
    from .ingest.batch import BatchOptions, Target
    from .ingesting import Extractor, Progress, Report, Tally
    from .model.corpus import ClaimFilter, CorpusClaim, EntityDecision, Page

T = TypeVar("T")
KEY = re.compile(r"C([1-9]\d{0,17})")  # at most 18 digits: the id fits a 64-bit integer
ATTEMPTS = 3


class Corpus:
    """A store and its reconciliation (kept in the store; see the module docstring)."""

    def __init__(self, store: Store, *, auto_reconcile: int | None = None) -> None:
        self.store = store
        self.auto_reconcile = auto_reconcile
        self._reconciliation: Reconciliation | None = None
        self.full_reason: str | None = None       # why the last reconcile() recomputed everything

    @classmethod
    def open(cls, db: str, *, create: bool = True, auto_reconcile: int | None = None) -> Corpus:
        """Open (by default create) the store at a SQLite path or postgresql:// URL."""
        return cls(Store.open(db, create=create), auto_reconcile=auto_reconcile)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def reconciliation(self) -> Reconciliation:
        """The corpus reconciled in memory (the objects the exporters read), the user's entity
        merges and splits applied; computed once, and again after :meth:`changed`."""
        if self._reconciliation is None:
            store = self.store
            claims, aliases = decided_claims(store.corpus_claims(), (a for _, _, a in store.articles()),
                                             store.decisions())
            self._reconciliation = reconcile(claims, aliases=aliases)
        return self._reconciliation

    def reconcile(self, full: bool = False) -> Run | IncrementalRun:
        """Reconcile the corpus now and keep the results in the store: only the reports added since
        the last reconciliation where that is possible (see :mod:`claimgraph.kept.incremental`;
        :attr:`full_reason` then says why it was not), everything when ``full``."""
        self.full_reason = "asked for" if full else None
        if not full:
            done = reconcile_increment(self.store)
            if isinstance(done, IncrementalRun):
                self._reconciliation = None
                return done
            self.full_reason = done
        run, rec = reconcile_store(self.store)
        self._reconciliation = rec
        return run

    def state(self) -> ReconcileState:
        """The kept reconciliation's state (generation, when, by which code)."""
        return self.store.reconcile_state()

    def changed(self) -> None:
        """Forget the in-memory reconciliation after the store changed."""
        self._reconciliation = None

    def add(self, raw: RawArticle, article: Article) -> AddResult:
        """Store one extracted report (idempotent; see :meth:`Store.add`)."""
        result = self.store.add(raw, article)
        if result.status != "unchanged":
            self.changed()
        return result

    def ingest(self, inputs: Sequence[str | Target], options: BatchOptions | None = None, *,
               extractor: Extractor | None = None, model: str | None = None,
               report: Report | None = None, progress: Progress | None = None) -> Tally:
        """Read every input (files, folders, globs, feeds, manifests, WARC files, URLs), extract
        the reports the store does not hold unchanged and store them a chunk per transaction
        (see :mod:`claimgraph.ingesting`); ``extractor`` says where they are extracted (in this
        process by default). A bad input is reported (``report``) and skipped."""
        from .ingest.batch import BatchOptions, Target, expand
        from .ingesting import InProcess, ignore, ingest_targets
        from .pipeline import default_pipeline

        report = report or ignore
        if extractor is None:
            extractor = InProcess(self.store, default_pipeline(model), report)
        targets = [t for x in inputs for t in ([x] if isinstance(x, Target) else expand([x]))]
        tally = ingest_targets(targets, options or BatchOptions(), extractor, report=report, progress=progress)
        if tally.stored:
            self.changed()
        return tally

    def extract_and_add(self, raws: list[RawArticle], model: str | None = None) -> list[AddResult | ClaimgraphError]:
        """Extract the reports the store does not already hold unchanged and store them in one
        transaction; a report the pipeline fails on is its E050, the others go on. Each report's
        outcome, in order. A database failure raises E019 (nothing of the chunk is stored: the
        caller may try again later)."""
        from sqlalchemy.exc import DBAPIError

        from .ingesting import Tally, extract_and_store
        from .pipeline import default_pipeline

        try:
            results = extract_and_store(self.store, default_pipeline(model), list(enumerate(raws)), Tally())
        except DBAPIError as exc:
            raise StoreError(Code.E019, None, str(exc.orig).strip().splitlines()[0]) from exc
        if any(not isinstance(r, ClaimgraphError) and r.status != "unchanged" for r in results):
            self.changed()
        return results

    def sink(self, model: str | None = None) -> Callable[[list[RawArticle]], list[AddResult | ClaimgraphError]]:
        """What the feed watcher hands new articles to: :meth:`extract_and_add`."""
        return lambda raws: self.extract_and_add(raws, model)

    def source_grades(self) -> dict[str, str]:
        """Origin key → the user's reliability grade, entity merges and splits applied."""
        from .reconcile.decisions import reliability_of

        store = self.store
        return reliability_of((a for _, _, a in store.articles()), store.decisions(), store.grades())

    def export(self, fmt: str, *, compact: bool = False, rec: Reconciliation | None = None) -> Iterator[str]:
        """The corpus exported as lines of text (see :func:`claimgraph.export.export_lines`); STIX
        with the user's source grades (``compact``: one line, as stix2 serialises it)."""
        from .export import ExportFormat, export_lines, stix_bundle, stix_text

        fmt = ExportFormat(fmt)
        rec = rec or self.reconciliation()
        articles = self.store.articles()
        if fmt is ExportFormat.stix:
            grades = self.source_grades()
            if compact:  # stix2's pretty printer takes seconds per hundred objects
                return iter([stix_bundle(articles, rec, reliability=grades).serialize()])
            return iter([stix_text(articles, rec, reliability=grades)])
        return export_lines(fmt, articles, rec)

    def entity_groups(self) -> dict[str, list[str]]:
        """Each canonical entity name → its aliases, the user's merges and splits applied."""
        from .reconcile.decisions import entity_groups

        return entity_groups((a for _, _, a in self.store.articles()), self.store.decisions())

    def find_claims(self, about: str | None = None, since: dt.date | None = None, query: str | None = None,
                    limit: int = 50) -> list[CorpusClaim]:
        """Claims of the latest report versions, filtered (see :meth:`Store.claims`); ``about``
        also finds the names the user merged into it."""
        from .reconcile.decisions import merged_names

        names = merged_names(about, self.store.decisions()) if about else None
        return self.store.claims(about=names, since=since, query=query, limit=limit)

    def claims(self, about: str | None = None, since: dt.date | None = None, query: str | None = None,
               limit: int = 50) -> list[dict[str, Any]]:
        """:meth:`find_claims` as JSON."""
        return self.claims_json(self.find_claims(about, since, query, limit))

    @staticmethod
    def claims_json(found: Sequence[CorpusClaim]) -> list[dict[str, Any]]:
        """Claims in the JSON shape every listing uses."""
        return as_claims(found)

    def echoes(self) -> list[dict[str, Any]]:
        """Echo groups: claims in different reports relaying one origin on one occasion."""
        return self._answer(results.echoes)

    def claims_where(self, *, origin: str | None = None, credibility: Sequence[int] = ()) -> set[int]:
        """Row ids of the claims from ``origin`` (a name or alias) with one of these credibility
        values, from the kept reconciliation."""
        return self._answer(lambda conn: listing.claims_where(conn, origin=origin, credibility=credibility))

    def notes_of(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        """Claim key → its origin, credibility and echo count, as its :meth:`trace` gives them, for
        a page of claims at once (claims not among the latest reports are left out)."""
        return self._answer(lambda conn: listing.claim_notes(conn, keys))

    def contradictions_of(self, keys: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Claim key → the claims contradicting it (references with ``kind`` and ``reason``), for a
        few claims at once."""
        return self._answer(lambda conn: listing.claim_contradictions(conn, keys))

    def claims_measuring(self, measure: str) -> set[int]:
        """Row ids of the claims whose figures are estimates of ``measure``, from the kept reconciliation."""
        return self._answer(lambda conn: listing.claims_measuring(conn, measure))

    def measures_of(self, keys: Sequence[str]) -> dict[str, set[str]]:
        """Claim key → the measures its figures are estimates of (lower case), for these claims."""
        return self._answer(lambda conn: listing.claim_measures(conn, keys))

    def contradictions(self) -> list[dict[str, Any]]:
        """Pairs of claims that cannot both hold, each with its reason."""
        return self._answer(results.contradictions)

    def estimates(self, measure: str | None = None) -> list[dict[str, Any]]:
        """Estimate series (all, or those answering ``measure`` such as 'troops deployed')."""
        return self.estimates_page(measure)[0]

    def estimates_page(self, measure: str | None = None, limit: int | None = None, offset: int = 0,
                       claims: int | None = None, since: dt.date | None = None,
                       until: dt.date | None = None) -> tuple[list[dict[str, Any]], int]:
        """``limit`` of the :meth:`estimates` series from ``offset`` (most points first), and how
        many answer in all; with ``claims``, at most that many claims listed per point, beside
        ``claims_total``; with ``since`` or ``until``, only the points dated within them (and the
        series that have one)."""
        window = series.Window(since, until)
        return self._answer(lambda conn: series.estimates_page(conn, measure, limit, offset, claims, window))

    def measures(self) -> list[dict[str, Any]]:
        """The measures of the estimate series, with how many series and points each has."""
        return self._answer(series.measures)

    def trace(self, key: str) -> dict[str, Any] | None:
        """One claim: its chain to the origin, its echoes, what contradicts it, what corroborates it,
        its credibility; None when there is no such claim among the latest reports.

        ``contradicted_by`` lists the contradicting claims; ``corroborated_by`` the claims from other
        origins that state the same thing (same-proposition links; each with the link's ``method``
        and ``score``), best score first, at most 50, their number in ``corroborated_by_total``;
        ``credibility`` names the origins on either side."""
        match = KEY.fullmatch(key.strip().upper())
        if match is None:
            return None
        return self._answer(lambda conn: results.trace(conn, int(match[1])))

    def sources(self) -> list[dict[str, Any]]:
        """Each origin: kind, reliability grade (F when not set) and track record."""
        return self._answer(lambda conn: results.sources(conn, curation.grades(conn)))

    def set_grade(self, name: str, grade: str, note: str | None = None) -> str:
        """Set a source's Admiralty reliability (A–F), kept in the store."""
        kept = self.store.set_grade(name, grade, note)
        self.changed()
        return kept

    def merge_entities(self, a: str, b: str, note: str | None = None) -> EntityDecision:
        """Keep the decision that ``b`` names ``a``'s entity (see :meth:`Store.merge_entities`)."""
        kept = self.store.merge_entities(a, b, note=note)
        self.changed()
        return kept

    def split_entity(self, a: str, alias: str, note: str | None = None) -> EntityDecision:
        """Keep the decision that ``alias`` no longer names ``a`` (see :meth:`Store.split_entity`)."""
        kept = self.store.split_entity(a, alias, note=note)
        self.changed()
        return kept

    # listings straight from the stored reports (no reconciliation needed): claim pages, reports,
    # entities, places (see :mod:`claimgraph.store.browse`)

    def claim_page(self, flt: ClaimFilter, *, sort: str = "published", limit: int = 50, offset: int = 0,
                   within: Collection[int] | None = None, total: int | None = None) -> Page:
        """A page of claims matching ``flt`` (``within``: only these claim ids)."""
        return browse.claim_page(self.store.engine, flt, sort=sort, limit=limit, offset=offset, within=within,
                                 total=total)

    def count_claims(self, flt: ClaimFilter) -> int:
        return browse.count_claims(self.store.engine, flt)

    def claim_summary(self, key: str) -> dict[str, Any] | None:
        """One claim as the listings show it, by key (any report version)."""
        return browse.claim(self.store.engine, key)

    def document(self, document_id: int) -> dict[str, Any] | None:
        """One report version with its text and claims."""
        return browse.document(self.store.engine, document_id)

    def documents_page(self, *, query: str | None = None, limit: int = 50, offset: int = 0) -> Page:
        return browse.documents_page(self.store.engine, query=query, limit=limit, offset=offset)

    def latest_documents(self) -> dict[str, dict[str, Any]]:
        """The latest version of each report, by origin."""
        return browse.latest_documents(self.store.engine)

    def entities_page(self, *, query: str | None = None, limit: int = 50, offset: int = 0) -> Page:
        return browse.entities_page(self.store.engine, query=query, limit=limit, offset=offset)

    def places(self) -> list[dict[str, Any]]:
        return browse.places(self.store.engine)

    def decisions(self) -> list[EntityDecision]:
        """The user's entity decisions, in the order made."""
        return self.store.decisions()

    def _answer(self, read: Callable[[Connection], T]) -> T:
        """Read an answer from the kept reconciliation, in one consistent read, once it is current."""
        for _ in range(ATTEMPTS):
            with self.store.snapshot() as conn:
                now = read_state(conn)
                if now.current(fingerprint()):
                    return read(conn)
            self._refresh(now)
        raise StoreError(Code.E040, None, "the store kept changing while it was reconciled")

    def _refresh(self, now: ReconcileState) -> None:
        """Reconcile a small corpus whose kept results are stale; refuse a large one (E040)."""
        claims = self.store.claim_count()
        limit = persist.AUTO_RECONCILE_CLAIMS if self.auto_reconcile is None else self.auto_reconcile
        if claims > limit:
            why = ("never reconciled" if now.reconciled_generation is None
                   else "reconciled by other code" if now.reconciled_generation == now.generation
                   else f"{now.generation - now.reconciled_generation} change(s) since")
            raise StoreError(Code.E040, None, f"{why}; {claims:,} claims is more than the "
                                              f"{limit:,} reconciled on the fly")
        self.reconcile(full=True)
