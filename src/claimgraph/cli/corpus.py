"""Corpus commands: ``ingest`` (extract reports into the store) and ``claims`` (query it).

Plain functions, registered in :mod:`claimgraph.cli` with ``app.command()(ingest)``; they parse,
call the core (:meth:`claimgraph.corpus.Corpus.ingest`, the one ingest loop of
:mod:`claimgraph.ingesting`) and render.
"""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from ..errors import ClaimgraphError, Code, ConfigError
from ..render.table import plain
from .common import fail

if TYPE_CHECKING:
    from distributed import Client

    from ..ingesting import Extractor
    from ..model.corpus import CorpusClaim

DB_HELP = "Database: a SQLite file, sqlite:///PATH or postgresql://USER@HOST:PORT/DB."


class Engine(StrEnum):
    """Where ``ingest`` extracts."""

    plain = "plain"
    dask = "dask"


class QueryFormat(StrEnum):
    """Output formats of the query commands."""

    table = "table"
    json = "json"


def ingest(
    inputs: Annotated[list[str], typer.Argument(
        help="Files, globs, folders, RSS/Atom feeds, URL lists, JSONL manifests, WARC files, URLs, or -.")],
    db: Annotated[str, typer.Option(help=DB_HELP)] = "claimgraph.db",
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD for inputs that carry none.")]
    = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet, for inputs that name none.")] = None,
    title: Annotated[str | None, typer.Option(help="The headline, for inputs that carry none.")] = None,
    url: Annotated[str | None, typer.Option(help="The article's URL, for inputs that carry none.")] = None,
    allow_private: Annotated[bool, typer.Option(help="Allow fetching private or loopback addresses.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Largest input accepted, in bytes.")] = 5_000_000,
    encoding: Annotated[str | None, typer.Option(
        help="Charset of text inputs, e.g. latin-1 (default: UTF-8, else detected).")] = None,
    timeout: Annotated[float, typer.Option(help="Network timeout in seconds.")] = 20.0,
    processes: Annotated[int, typer.Option(
        help="Worker processes for extraction (with --engine dask and no --scheduler: local Dask workers).")] = 1,
    model: Annotated[str | None, typer.Option(help="spaCy model to build on (default en_core_web_sm).")] = None,
    engine: Annotated[Engine, typer.Option(
        help="plain: processes on this machine; dask: a Dask cluster (pip install 'claimgraph[scale]').")]
    = Engine.plain,
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address, tcp://HOST:8786 (--engine dask); none starts a local cluster.")] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Extract reports and store their claims in a corpus database (re-ingesting is idempotent)."""
    from ..api import as_date
    from ..corpus import Corpus
    from ..ingest.article import Overrides
    from ..ingest.batch import BatchOptions, expand
    from ..ingesting import InProcess
    from ..pipeline import default_pipeline
    from .progress import IngestProgress

    def report(error: ClaimgraphError) -> None:
        fail(error, debug)

    try:
        if max_bytes <= 0 or timeout <= 0 or processes <= 0:
            raise ConfigError(Code.E014, None, "--max-bytes, --timeout and --processes must be positive")
        defaults = Overrides(published=as_date(published), outlet=outlet, title=title, url=url)
        options = BatchOptions(defaults, allow_private, max_bytes, timeout, sys.stdin, encoding)
        if scheduler and engine is not Engine.dask:
            raise ConfigError(Code.E014, None, "--scheduler goes with --engine dask")
        targets = expand(inputs)
        if engine is Engine.dask:
            from ..scale import load_dask_engine

            dask = load_dask_engine()
        else:
            nlp = default_pipeline(model)
        corpus = Corpus.open(db)
    except ClaimgraphError as exc:
        fail(exc, debug)
        raise typer.Exit(2) from None
    with corpus, ExitStack() as cluster:
        if engine is Engine.dask:
            def connect() -> Client:  # on first need: a re-run with nothing new starts no cluster
                return cluster.enter_context(dask.open_client(scheduler, workers=processes, model=model,
                                                              timeout=timeout, quiet=not debug))

            extractor: Extractor = dask.DaskExtraction(corpus.store, connect, model=model, workers=processes,
                                                       report=report)
        elif processes > 1:
            from ..scale.pipelined import PoolExtraction

            pool = PoolExtraction(corpus.store, workers=processes, model=model, report=report)
            cluster.callback(pool.close)
            extractor = pool
        else:
            extractor = InProcess(corpus.store, nlp, report)
        try:
            with IngestProgress(targets) as progress:
                tally = corpus.ingest(targets, options, extractor=extractor, report=report, progress=progress)
        except ClaimgraphError as exc:  # e.g. the cluster was lost (E051): what is stored stays, a re-run resumes
            fail(exc, debug)
            raise typer.Exit(2) from None
    typer.echo(tally.summary(), err=True)
    if tally.skipped:
        raise typer.Exit(1)


def claims(
    about: Annotated[str | None, typer.Option(help="An entity (name or alias) among the actors or sources.")]
    = None,
    since: Annotated[str | None, typer.Option(help="Reports published on or after YYYY-MM-DD.")] = None,
    search: Annotated[str | None, typer.Option(help="Words that must all occur in the claim (full-text).")] = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many claims.")] = 50,
    db: Annotated[str, typer.Option(help=DB_HELP)] = "claimgraph.db",
    format: Annotated[QueryFormat, typer.Option("--format", "-f", help="table or json.")] = QueryFormat.table,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """List stored claims (latest report versions), filtered by actor or source, date and words."""
    from ..api import as_date
    from ..corpus import Corpus

    try:
        when = as_date(since)
        corpus = Corpus.open(db, create=False)
    except ClaimgraphError as exc:
        fail(exc, debug)
        raise typer.Exit(2) from None
    with corpus:
        found = corpus.find_claims(about, since=when, query=search, limit=limit)   # the user's merges count
        listed = corpus.claims_json(found)
    if format is QueryFormat.json:
        sys.stdout.write(json.dumps(listed, indent=2, ensure_ascii=False) + "\n")
    else:
        out = Console(highlight=False, width=max(100, Console().width))
        out.print(claims_table(found))


def claims_table(found: list[CorpusClaim]) -> Table:
    """Claims as a rich table; every cell is plain ``Text`` (report text is never markup)."""
    from ..render.table import chain_text

    table = Table(show_lines=True, expand=True, caption=f"{len(found)} claim(s)")
    table.add_column("key", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("cert.", width=5, no_wrap=True)
    for name, ratio in (("claim", 8), ("source chain", 5), ("report", 4)):
        table.add_column(name, ratio=ratio, overflow="fold")
    for item in found:
        report = " · ".join(x for x in (item.outlet, item.document) if x)
        table.add_row(plain(item.key), plain(item.published.isoformat() if item.published else "?"),
                      plain(item.claim.certainty), plain(item.claim.text), plain(chain_text(item.claim.sources)),
                      plain(report))
    return table
