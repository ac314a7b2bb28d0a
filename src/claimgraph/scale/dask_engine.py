"""Extraction on a Dask cluster (``pip install 'claimgraph[scale]'``).

The client (the machine running ``claimgraph ingest --engine dask``) reads the inputs, skips the
reports the store already holds unchanged, and sends chunks of raw articles to the workers; each
worker builds the claimgraph pipeline once (:class:`PreloadPipeline`, at worker start) and returns
the extracted Articles. The client stores them as they come back, in input order, one transaction
per document through :meth:`claimgraph.store.Store.add`, so the store's invariants hold as with
plain ingest (one writer; a re-run adds nothing). At most ``max_in_flight`` chunks are out at once,
so memory stays flat whatever the input size. Workers need claimgraph and the English model, not
the inputs or the database.

>>> with open_client("tcp://scheduler:8786") as client:
...     for article in extract(raws, client):
...         ...
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from distributed import Client, Future, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

from ..errors import ClaimgraphError, Code, ConfigError
from ..ingest.article import RawArticle
from ..model import Article
from .pipelined import Pipelined
from .shards import CHUNK, Failure, extract_chunk, pipeline

if TYPE_CHECKING:
    from ..store import Store

_PIPELINE_LOCK = threading.Lock()  # one pipeline per worker process: its threads take turns


class PreloadPipeline(WorkerPlugin):
    """Builds the claimgraph pipeline when a worker starts, so no task pays for it."""

    name = "claimgraph-pipeline"

    def __init__(self, model: str | None = None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        try:
            pipeline(self.model)
        except ClaimgraphError as exc:  # its pickled form would lose the code: send the line
            raise RuntimeError(exc.render()) from None


def extract_task(raws: list[RawArticle], model: str | None = None) -> list[Article | Failure]:
    """The task a worker runs: one chunk through this worker's pipeline (never raises)."""
    with _PIPELINE_LOCK:
        return extract_chunk(raws, pipeline(model))


@contextmanager
def open_client(scheduler: str | None = None, *, workers: int = 1, model: str | None = None,
                timeout: float = 20.0, processes: bool = True, quiet: bool = True) -> Iterator[Client]:
    """A client of the cluster at ``scheduler`` (``tcp://HOST:8786``), or of a local cluster of
    ``workers`` single-threaded worker processes; the pipeline is preloaded on every worker.
    E051 when the scheduler cannot be reached or a worker cannot build the pipeline. ``quiet``
    keeps Dask's own log lines (a lost scheduler logs tracebacks) off stderr: the E051 line says it."""
    with _quiet_logs(quiet):
        cluster = None
        try:
            if scheduler:
                client = Client(scheduler, timeout=f"{timeout}s")
            else:
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                                       dashboard_address=":0",  # a free port: 8787 may be taken
                                       silence_logs=logging.CRITICAL if quiet else logging.WARNING)
                client = Client(cluster)
        except (OSError, TimeoutError, ValueError) as exc:
            if cluster is not None:
                cluster.close()
            raise ConfigError(Code.E051, None, f"{scheduler or 'local cluster'}: {one_line(exc)}") from exc
        try:
            try:
                client.register_plugin(PreloadPipeline(model))
            except (OSError, TimeoutError) as exc:
                raise ConfigError(Code.E051, None, f"lost the scheduler: {one_line(exc)}") from exc
            except Exception as exc:  # raised on a worker: its message is the reason
                raise ConfigError(Code.E051, None, f"a worker cannot build the pipeline: {one_line(exc)}") from exc
            yield client
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


@contextmanager
def _quiet_logs(quiet: bool) -> Iterator[None]:
    """Dask's loggers (``distributed`` and the children it configures) silenced for the block."""
    names = [name for name in logging.root.manager.loggerDict if name.split(".")[0] == "distributed"]
    loggers = [logging.getLogger(name) for name in {"distributed", *names}]
    levels = [logger.level for logger in loggers]
    if quiet:
        for logger in loggers:
            logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def one_line(exc: BaseException) -> str:
    """An exception as one line (Dask's messages span several)."""
    return " ".join(f"{type(exc).__name__}: {exc}".split())


def worker_threads(client: Client) -> int:
    """The threads of all the cluster's workers (at least 1)."""
    return max(1, sum(client.nthreads().values()))


def _results(future: Future, raws: list[RawArticle]) -> list[Article | Failure]:
    """A chunk's results; when the task itself failed (say its worker died), a Failure per report.
    A lost scheduler is E051 for the whole run."""
    try:
        results: list[Article | Failure] = future.result()
    except (OSError, TimeoutError, CancelledError) as exc:  # cancelled: the scheduler was lost
        raise ConfigError(Code.E051, None, one_line(exc)) from exc
    except Exception as exc:  # KilledWorker, ...: these reports, not the run
        detail = f"on the cluster: {one_line(exc)}"
        return [Failure(Code.E050.name, raw.document.origin, detail) for raw in raws]
    return results


def extract(raws: Iterable[RawArticle], client: Client, *, model: str | None = None, chunk: int = CHUNK,
            max_in_flight: int | None = None) -> Iterator[Article | Failure]:
    """Extract on the cluster, one result per raw article, in order, with at most ``max_in_flight``
    chunks (default: twice the workers' threads) out at once."""
    limit = max_in_flight or 2 * worker_threads(client)
    pending: deque[tuple[list[RawArticle], Future]] = deque()
    batch: list[RawArticle] = []
    for raw in raws:
        batch.append(raw)
        if len(batch) >= chunk:
            pending.append((batch, client.submit(extract_task, batch, model, pure=False)))
            batch = []
            while len(pending) > limit:
                done, future = pending.popleft()
                yield from _results(future, done)
    if batch:
        pending.append((batch, client.submit(extract_task, batch, model, pure=False)))
    while pending:
        done, future = pending.popleft()
        yield from _results(future, done)


# --- claimgraph ingest --engine dask ---------------------------------------------------------------------

class DaskExtraction(Pipelined):
    """``claimgraph ingest``'s extraction step on a Dask cluster (see
    :class:`claimgraph.scale.pipelined.Pipelined`), the cluster opened on first need (a re-run with
    nothing new starts none)."""

    def __init__(self, store: Store, connect: Callable[[], Client], *, model: str | None = None,
                 report: Callable[[ClaimgraphError], None] | None = None, workers: int = 1,
                 chunk: int = CHUNK) -> None:
        super().__init__(store, workers=workers, report=report, chunk=chunk)
        self.connect = connect
        self.model = model
        self.client: Client | None = None

    def submit(self, raws: list[RawArticle]) -> Future:
        return self._client().submit(extract_task, raws, self.model, pure=False)

    def results(self, future: Future, raws: list[RawArticle]) -> list[Article | Failure]:
        return _results(future, raws)

    def limit(self) -> int:
        return 2 * worker_threads(self.client) if self.client is not None else 0

    def _client(self) -> Client:
        if self.client is None:
            self.client = self.connect()
            self.processes = worker_threads(self.client)
        return self.client
