"""Extraction that keeps workers busy while the store writes: chunks of raw articles go out to
workers, and the one writer stores what has come back, in input order, while the next chunks are
being extracted. At most twice as many chunks as workers are out at once, so memory stays flat
whatever the input size.

:class:`PoolExtraction` runs the workers as processes on this machine (``claimgraph ingest
--processes N``), kept up for the whole ingest so that no chunk pays for starting them;
:class:`claimgraph.scale.dask_engine.DaskExtraction` sends them to a Dask cluster. Both are what
``claimgraph ingest`` drives (``write``, ``finish``, ``in_flight``, ``processes``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ClaimgraphError, Code
from ..ingest.article import RawArticle
from ..ingesting import Tally, store_in_order
from ..model import Article
from .shards import CHUNK, Failure, extract_chunk, pipeline

if TYPE_CHECKING:
    from ..store import AddResult, Store


@dataclass
class _Chunk:
    items: list[tuple[int, RawArticle]]  # (target index, raw article)
    known: list[AddResult | None]  # what the store already holds unchanged, per item
    future: Any  # the extraction of the others (None when there are none)


class Pipelined:
    """Chunks out to workers, results stored in order; subclasses say how a chunk is submitted
    (:meth:`submit`) and how its results are read back (:meth:`results`)."""

    def __init__(self, store: Store, *, workers: int, report: Callable[[ClaimgraphError], None] | None = None,
                 chunk: int = CHUNK) -> None:
        self.store = store
        self.processes = workers  # chunks of CHUNK * processes reach write()
        self.report = report or (lambda error: None)
        self.chunk = chunk
        self.queue: deque[_Chunk] = deque()

    def submit(self, raws: list[RawArticle]) -> Any:
        raise NotImplementedError

    def results(self, future: Any, raws: list[RawArticle]) -> list[Article | Failure]:
        raise NotImplementedError

    def limit(self) -> int:
        """Chunks allowed out at once."""
        return 2 * self.processes

    @property
    def in_flight(self) -> int:
        return len(self.queue)

    def write(self, batch: list[tuple[int, RawArticle]], tally: Tally, stored: Callable[[int], None]) -> None:
        """Send the batch out in chunks; store what has come back while too many are out."""
        for start in range(0, len(batch), self.chunk):
            items = batch[start:start + self.chunk]
            known = [self.store.lookup(raw) for _, raw in items]
            fresh = [raw for (_, raw), found in zip(items, known, strict=True) if found is None]
            self.queue.append(_Chunk(items, known, self.submit(fresh) if fresh else None))
        while len(self.queue) > self.limit():
            self._store(self.queue.popleft(), tally, stored)

    def finish(self, tally: Tally, stored: Callable[[int], None]) -> None:
        """Store everything still out."""
        while self.queue:
            self._store(self.queue.popleft(), tally, stored)

    def _store(self, chunk: _Chunk, tally: Tally, stored: Callable[[int], None]) -> None:
        fresh = [raw for (_, raw), found in zip(chunk.items, chunk.known, strict=True) if found is None]
        results = iter(self.results(chunk.future, fresh) if chunk.future is not None else [])
        outcomes = [found or next(results) for found in chunk.known]
        store_in_order(self.store, chunk.items, outcomes, tally, stored, self.report)


def pool_context() -> multiprocessing.context.BaseContext:
    """Fork where the platform can (workers inherit the loaded pipeline), else the default."""
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)


PARENT_CHECK_S = 1.0  # how often a worker looks whether the process that started it is still there


def worker_pool(processes: int) -> ProcessPoolExecutor:
    """Worker processes that end themselves when their parent dies (kill -9 included): an orphaned
    worker would otherwise sit on a few hundred MB, blocked on a queue nobody writes to."""
    return ProcessPoolExecutor(max_workers=processes, mp_context=pool_context(),
                               initializer=exit_with_parent, initargs=(os.getpid(),))


def exit_with_parent(parent: int) -> None:
    """In a worker: a daemon thread that ends the process once ``parent`` is gone."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(1)

    threading.Thread(target=watch, name="claimgraph-parent-watch", daemon=True).start()


def pool_task(raws: list[RawArticle], model: str | None) -> list[Article | Failure]:
    """What a worker process runs: one chunk through its pipeline (never raises)."""
    return extract_chunk(raws, pipeline(model))


class PoolExtraction(Pipelined):
    """Extraction in ``workers`` processes on this machine, started on first need and kept up until
    :meth:`close`. Where the platform forks, the workers inherit this process's pipeline (build it
    before the first chunk, as ``claimgraph ingest`` does)."""

    def __init__(self, store: Store, *, workers: int, model: str | None = None,
                 report: Callable[[ClaimgraphError], None] | None = None, chunk: int = CHUNK) -> None:
        super().__init__(store, workers=workers, report=report, chunk=chunk)
        self.model = model
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, raws: list[RawArticle]) -> Future[list[Article | Failure]]:
        if self.pool is None:
            self.pool = worker_pool(self.processes)
        return self.pool.submit(pool_task, raws, self.model)

    def results(self, future: Any, raws: list[RawArticle]) -> list[Article | Failure]:
        """A chunk's results; where its worker died, a Failure per report."""
        try:
            found: list[Article | Failure] = future.result()
        except Exception as exc:  # BrokenProcessPool, ...: these reports, not the run
            detail = f"in a worker process: {type(exc).__name__}: {exc}".splitlines()[0]
            return [Failure(Code.E050.name, raw.document.origin, detail) for raw in raws]
        return found

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
