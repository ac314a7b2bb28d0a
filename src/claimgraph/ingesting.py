"""The one ingest loop: read targets, extract their reports in chunks, store each chunk in one
transaction, count what happened.

Every face ingests through it: ``claimgraph ingest`` (:meth:`claimgraph.corpus.Corpus.ingest`,
in this process, a process pool or a Dask cluster), the workbench and the feed watcher
(:meth:`claimgraph.corpus.Corpus.extract_and_add`). Where the reports are extracted is an
:class:`Extractor`: :class:`InProcess` here, :class:`claimgraph.scale.pipelined.PoolExtraction` or
:class:`claimgraph.scale.dask_engine.DaskExtraction`; all of them store through
:func:`store_in_order`. A report the store already holds unchanged is not extracted again; a report
that cannot be read or extracted is its coded error, reported and skipped, and the others go on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from .errors import ClaimgraphError
from .model import Article
from .scale.shards import CHUNK, Failure, extract_chunk

if TYPE_CHECKING:
    from spacy.language import Language

    from .ingest import RawArticle
    from .ingest.batch import BatchOptions, Target
    from .store import AddResult, Store

Report = Callable[[ClaimgraphError], None]


def ignore(_error: ClaimgraphError) -> None:
    """The default report: errors are only counted."""


class Stored(Protocol):
    """What the store says of a report it took (``claimgraph.store.AddResult`` does)."""

    @property
    def status(self) -> str: ...

    @property
    def claims(self) -> int: ...


@dataclass
class StoreCounts:
    """Reports stored new, as a new version, or found unchanged, and the claims stored."""

    new: int = 0
    unchanged: int = 0
    new_version: int = 0
    claims: int = 0

    def count(self, result: Stored) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        if result.status != "unchanged":
            self.claims += result.claims


@dataclass
class Tally(StoreCounts):
    """What an ingest did."""

    skipped: int = 0

    @property
    def stored(self) -> int:
        return self.new + self.new_version

    def brief(self) -> str:
        """The summary in a few words, for the progress bar."""
        return f"{self.stored} stored, {self.skipped} skipped, {self.claims:,} claims"

    def summary(self) -> str:
        return (f"{self.new} new, {self.unchanged} unchanged, {self.new_version} new versions, "
                f"{self.skipped} skipped ({self.claims} claims stored)")


class Progress(Protocol):
    """What the loop tells a progress display (``claimgraph.cli.progress.IngestProgress``)."""

    def read(self, index: int) -> None: ...

    def done(self, brief: str) -> None: ...

    def finish_target(self, index: int) -> None: ...


class NoProgress:
    """No display."""

    def read(self, index: int) -> None:
        return None

    def done(self, brief: str) -> None:
        return None

    def finish_target(self, index: int) -> None:
        return None


class Extractor(Protocol):
    """Where a chunk of reports is extracted and how it gets stored (see the module docstring)."""

    @property
    def processes(self) -> int: ...

    @property
    def in_flight(self) -> int: ...

    def write(self, batch: list[tuple[int, RawArticle]], tally: Tally, stored: Callable[[int], None]) -> None: ...

    def finish(self, tally: Tally, stored: Callable[[int], None]) -> None: ...


@dataclass(frozen=True)
class InProcess:
    """Extraction in this process, each chunk stored as soon as it is extracted."""

    store: Store
    nlp: Language
    report: Report = ignore
    processes: int = 1

    def write(self, batch: list[tuple[int, RawArticle]], tally: Tally, stored: Callable[[int], None]) -> None:
        extract_and_store(self.store, self.nlp, batch, tally, stored, self.report)

    @property
    def in_flight(self) -> int:
        """Chunks written out but not stored yet: none here."""
        return 0

    def finish(self, tally: Tally, stored: Callable[[int], None]) -> None:
        """Nothing is left over: every chunk is stored by :meth:`write`."""


def extract_and_store(store: Store, nlp: Language, batch: Sequence[tuple[int, RawArticle]], tally: Tally,
                      stored: Callable[[int], None] = lambda index: None,
                      report: Report = ignore) -> list[AddResult | ClaimgraphError]:
    """Extract a chunk (reports paired with their target's index) and store it in one transaction;
    what the store holds unchanged is not extracted again. Each report's outcome, in order."""
    known = [store.lookup(raw) for _, raw in batch]
    articles = iter(extract_chunk([raw for (_, raw), found in zip(batch, known, strict=True) if found is None], nlp))
    outcomes: list[Article | Failure | AddResult] = [found or next(articles) for found in known]
    return store_in_order(store, batch, outcomes, tally, stored, report)


def store_in_order(store: Store, items: Sequence[tuple[int, RawArticle]],
                   outcomes: Sequence[Article | Failure | AddResult], tally: Tally, stored: Callable[[int], None],
                   report: Report = ignore) -> list[AddResult | ClaimgraphError]:
    """Store a chunk's extracted articles in one transaction (``Store.add_many``: the rows and
    statuses of one ``add`` each, with a few statements per table instead of several per claim),
    then count each item in input order: what was stored, what the store already held unchanged
    (an ``AddResult``), what failed (reported and skipped); ``stored`` is told after each."""
    extracted = [(raw, found) for (_, raw), found in zip(items, outcomes, strict=True) if isinstance(found, Article)]
    added = iter(store.add_many(extracted))
    results: list[AddResult | ClaimgraphError] = []
    for (index, _), found in zip(items, outcomes, strict=True):
        if isinstance(found, Failure):
            error = found.error()
            tally.skipped += 1
            report(error)
            results.append(error)
        else:
            result = next(added) if isinstance(found, Article) else found
            tally.count(result)
            results.append(result)
        stored(index)
    return results


def ingest_targets(targets: Sequence[Target], options: BatchOptions, extractor: Extractor, *,
                   report: Report = ignore, progress: Progress | None = None) -> Tally:
    """Read, extract and store target by target, in chunks of :data:`CHUNK` per process."""
    from .ingest.batch import read_target

    shown = progress or NoProgress()
    tally = Tally()
    pending: list[tuple[int, RawArticle]] = []
    chunk = CHUNK * extractor.processes

    def stored(_index: int) -> None:
        shown.done(tally.brief())

    for index, target in enumerate(targets):
        for item in read_target(target, options):
            shown.read(index)
            if isinstance(item, ClaimgraphError):
                tally.skipped += 1
                report(item)
                shown.done(tally.brief())
                continue
            pending.append((index, item))
            if len(pending) >= chunk:
                extractor.write(pending, tally, stored)
                pending = []
        shown.finish_target(index)
    if pending:
        extractor.write(pending, tally, stored)
    extractor.finish(tally, stored)
    return tally
