"""The workbench's core: one corpus per server, answers cached per corpus state and shared by every
request, and the single writer.

Every answer comes from :class:`claimgraph.corpus.Corpus` (echoes, contradictions, estimates,
trace, sources, grades, adding reports, and the listings of reports, claim pages, entities and
places); this module only caches, links claim references to their reports and adds
reconciliation's notes (from each claim's trace) to listed claims. Routes run in worker threads:
reads share a snapshot, writes are serialised, bring the reconciliation up to date and start a
new snapshot.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..corpus import Corpus
from ..errors import ClaimgraphError, Code
from ..export import ExportFormat
from ..model.corpus import ClaimFilter, Page, origin_key
from . import notes
from .config import ServeConfig
from .inputs import Item
from .notes import linked

if TYPE_CHECKING:
    pass

COUNT_CACHE = 256
ANSWER_CACHE = 256
TRACE_CACHE = 50_000


@dataclass
class Snapshot:
    """What one corpus state answers, each computed on first use."""

    generation: int
    documents: dict[str, dict[str, Any]]
    cache: OrderedDict[Any, Any] = field(default_factory=OrderedDict)
    traces: OrderedDict[str, dict[str, Any] | None] = field(default_factory=OrderedDict)

    def link(self, value: Any) -> Any:
        return linked(value, self.documents)


@dataclass(frozen=True)
class ClaimQuery:
    """A claims listing: the store's filter, reconciliation's filters, order and page."""

    filter: ClaimFilter
    origin: str | None = None
    measure: str | None = None
    credibility: tuple[int, ...] = ()
    sort: str = "published"
    limit: int = 50
    offset: int = 0


class Workbench:
    """One corpus served to many requests (see the module docstring)."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.corpus = Corpus.open(config.db, create=config.write)
        self._lock = threading.RLock()       # guards the snapshot and its cache
        self._writer = threading.Lock()      # one writer at a time
        self._generation = 0
        self._snapshot: Snapshot | None = None
        self._counts: OrderedDict[tuple[int, ClaimFilter], int] = OrderedDict()
        with self._writer:
            self._settle()

    def _settle(self) -> None:
        """Bring the corpus's reconciliation up to date now, in the writer's lock, rather than in
        whichever concurrent requests come first (a corpus too large to reconcile on the fly is left
        as it is: its answers say so, E040)."""
        with contextlib.suppress(ClaimgraphError):
            self.corpus.echoes()

    def close(self) -> None:
        self.corpus.close()

    def snapshot(self) -> Snapshot:
        """The current corpus state's snapshot."""
        with self._lock:
            if self._snapshot is None:
                self._snapshot = Snapshot(self._generation, self.corpus.latest_documents())
            return self._snapshot

    def changed(self) -> None:
        """Forget every answer after a write."""
        with self._lock:
            self.corpus.changed()
            self._snapshot = None
            self._generation += 1
            self._counts.clear()

    def cached(self, key: Any, compute: Callable[[Snapshot], Any]) -> Any:
        """An answer computed once per snapshot (one computation at a time), the ``ANSWER_CACHE``
        most recently used kept: keys hold request values (a measure, an origin), which must not
        grow the cache without bound."""
        snap = self.snapshot()
        with self._lock:
            if key in snap.cache:
                snap.cache.move_to_end(key)
                return snap.cache[key]
            snap.cache[key] = value = compute(snap)
            while len(snap.cache) > ANSWER_CACHE:
                snap.cache.popitem(last=False)
            return value

    # reading

    def claims(self, q: ClaimQuery, *, annotate: bool = True) -> tuple[Page, str | None]:
        """A page of claims, each with reconciliation's notes unless ``annotate`` is False (and
        why they have none, see :meth:`annotate`)."""
        within = self._within(q)
        total = None if within is not None else self._count(q.filter)
        page = self.corpus.claim_page(q.filter, sort=q.sort, limit=q.limit, offset=q.offset,
                                 within=within, total=total)
        if not annotate:
            return page, None
        items, notice = self.annotate(page.items)
        return Page(page.total, items), notice

    def _within(self, q: ClaimQuery) -> set[int] | None:
        """The claim ids reconciliation's filters allow (None: no such filter)."""
        found: set[int] | None = None
        if q.measure:
            found = self.cached(("measuring", q.measure.strip().lower()),
                                lambda _: self.corpus.claims_measuring(q.measure or ""))
        if q.origin or q.credibility:
            keys = self.cached(("where", q.origin, q.credibility),
                               lambda _: self.corpus.claims_where(origin=q.origin, credibility=q.credibility))
            found = keys if found is None else found & keys
        return found

    def _count(self, flt: ClaimFilter) -> int:
        key = (self._generation, flt)
        with self._lock:
            if key in self._counts:
                self._counts.move_to_end(key)
                return self._counts[key]
        total = self.corpus.count_claims(flt)
        with self._lock:
            self._counts[key] = total
            while len(self._counts) > COUNT_CACHE:
                self._counts.popitem(last=False)
        return total

    def linked_trace(self, key: str) -> dict[str, Any] | None:
        """A claim's trace (:meth:`Corpus.trace`) with linked references, kept for this corpus state
        (computed outside the lock: concurrent requests for different claims do not wait on each other)."""
        snap = self.snapshot()
        with self._lock:
            if key in snap.traces:
                snap.traces.move_to_end(key)
                return snap.traces[key]
        found = self.corpus.trace(key)
        linked_ = snap.link(found) if found is not None else None
        with self._lock:
            snap.traces[key] = linked_
            while len(snap.traces) > TRACE_CACHE:
                snap.traces.popitem(last=False)
        return linked_

    def annotate(self, claims: list[dict[str, Any]], *, full: bool = False) -> tuple[list[dict[str, Any]], str | None]:
        """Claims with their origin, credibility and echoes (``full``: echoing and opposing claims),
        from each claim's trace; and why they have none, when the corpus's reconciliation cannot
        answer (a large corpus not reconciled since it changed, E040): the claims are still listed."""
        latest = [c["key"] for c in claims if c.get("latest", True)]
        try:
            measures = self.corpus.measures_of(latest)
            if not full:                                     # a listing: a few queries for the whole page
                found = self.corpus.notes_of(latest)
                return [notes.with_note(c, found.get(c["key"]) if c.get("latest", True) else None,
                                        measures.get(c["key"], set())) for c in claims], None
            against = self.snapshot().link(self.corpus.contradictions_of(latest))
            traces = [self.linked_trace(c["key"]) if c.get("latest", True) else None for c in claims]
        except ClaimgraphError as exc:
            if exc.code.name != "E040":
                raise
            return [notes.annotate(c, None, [], set(), full=full) for c in claims], exc.render()
        return [notes.annotate(c, trace, against.get(c["key"], []), measures.get(c["key"], set()), full=full)
                for c, trace in zip(claims, traces, strict=True)], None

    def claim(self, key: str) -> dict[str, Any]:
        """One claim (any version) with its notes; E030 when there is none."""
        found = self.corpus.claim_summary(key)
        if found is None:
            raise ClaimgraphError(Code.E030, None, f"claim {key[:40]!r}")
        items, notice = self.annotate([found], full=True)
        return {**items[0], "notice": notice} if notice else items[0]

    def trace(self, key: str) -> dict[str, Any]:
        """The claim's trace (:meth:`Corpus.trace`), references linked to their reports, with the
        claim's details and each contradiction's reason; E030 when it is not a latest claim."""
        data = self.linked_trace(key.strip().upper())
        if data is None:
            raise ClaimgraphError(Code.E030, None, f"claim {key[:40]!r} among the latest reports")
        out = dict(data)
        ckey = data["claim"]["key"]
        out["claim"] = {**(self.corpus.claim_summary(ckey) or {}), **out["claim"]}
        out["contradictions"] = self.snapshot().link(self.corpus.contradictions_of([ckey]))[ckey]
        out["measures"] = sorted(self.corpus.measures_of([ckey]).get(ckey, set()))
        return out

    def document(self, document_id: int) -> dict[str, Any]:
        """One report with its claims annotated; E030 when absent."""
        found = self.corpus.document(document_id)
        if found is None:
            raise ClaimgraphError(Code.E030, None, f"report {document_id}")
        found["claims"], notice = self.annotate(found["claims"], full=True)
        if notice:
            found["notice"] = notice
        return found

    def echoes(self) -> list[dict[str, Any]]:
        return list(self.cached("echoes", lambda s: s.link(self.corpus.echoes())))

    def contradictions(self) -> list[dict[str, Any]]:
        return list(self.cached("contradictions", lambda s: s.link(self.corpus.contradictions())))

    def echoes_page(self, limit: int, offset: int) -> dict[str, Any]:
        """A page of echo groups (largest first, as the corpus lists them) with the total."""
        return self._page("echoes", self.corpus.echoes, limit, offset)

    def contradictions_page(self, limit: int, offset: int) -> dict[str, Any]:
        """A page of contradictions with the total."""
        return self._page("contradictions", self.corpus.contradictions, limit, offset)

    def _page(self, name: str, listing: Callable[[], list[dict[str, Any]]], limit: int,
              offset: int) -> dict[str, Any]:
        """Only the page's items are linked to their reports: the answer and its cost stay bounded."""
        def compute(snap: Snapshot) -> dict[str, Any]:
            items = self.cached((name, "all"), lambda _s: listing())
            return {"total": len(items), "limit": limit, "offset": offset,
                    "items": snap.link(items[offset:offset + limit])}

        return dict(self.cached((name, limit, offset), compute))

    def estimates(self, measure: str | None, limit: int, offset: int, claims: int,
                  since: dt.date | None = None, until: dt.date | None = None) -> dict[str, Any]:
        """A page of the estimate series answering ``measure`` (all when None), at most ``claims``
        claims listed per point, only the points dated from ``since`` to ``until`` where given."""
        def compute(snap: Snapshot) -> dict[str, Any]:
            items, total = self.corpus.estimates_page(measure, limit, offset, claims, since, until)
            return {"total": total, "limit": limit, "offset": offset, "items": snap.link(items)}
        return dict(self.cached(("estimates", measure, limit, offset, claims, since, until), compute))

    def measures(self) -> list[dict[str, Any]]:
        return list(self.cached("measures", lambda s: self.corpus.measures()))

    def sources(self) -> list[dict[str, Any]]:
        """Each origin (:meth:`Corpus.sources`) with its country where its claims' chains give one."""
        def compute(snap: Snapshot) -> list[dict[str, Any]]:
            countries = {origin_key(g["origin"]["name"]): g["origin"]["country"] for g in self.echoes()
                         if g["origin"]["country"]}
            return [{**row, "country": countries.get(row["key"]) or countries.get(origin_key(row["origin"]))}
                    for row in self.corpus.sources()]
        return list(self.cached("sources", compute))

    # writing

    def set_grade(self, name: str, grade: str, note: str | None) -> str:
        with self._writer:
            kept = self.corpus.set_grade(name, grade, note)
            self.changed()
            self._settle()
        return kept

    def add(self, items: list[Item]) -> dict[str, Any]:
        """Extract and store raw articles (one transaction each, unchanged ones not extracted
        again); the errors among ``items`` are reported as skipped."""
        raws = [x for x in items if not isinstance(x, ClaimgraphError)]
        skipped = [x for x in items if isinstance(x, ClaimgraphError)]
        results = []
        with self._writer:
            for raw, found in zip(raws, self.corpus.extract_and_add(raws, self.config.model), strict=True):
                if isinstance(found, ClaimgraphError):
                    skipped.append(found)
                else:
                    results.append((raw, found))
            if any(r.status != "unchanged" for _, r in results):
                self.changed()
                self._settle()
        return {"added": [{"origin": raw.document.origin, "title": raw.document.title, "status": r.status,
                           "document_id": r.document_id, "version": r.version, "claims": r.claims}
                          for raw, r in results],
                "skipped": [{"code": e.code.name, "message": e.render()} for e in skipped]}

    # exporting

    def export(self, fmt: ExportFormat) -> Iterator[str]:
        """The export's lines (see :meth:`claimgraph.corpus.Corpus.export`)."""
        if fmt is ExportFormat.ftm:
            from ..export.ftm import ftm_model

            ftm_model()  # E021 now rather than in the middle of the stream
        rec = self.cached("reconciliation", lambda _: self.corpus.reconciliation())
        return self.corpus.export(fmt, compact=True, rec=rec)

    def status(self) -> dict[str, Any]:
        return {"write": self.config.write, "backend": self.corpus.store.dialect,
                "counts": self.corpus.store.counts(), "allow_private": self.config.allow_private,
                "max_bytes": self.config.max_bytes}
