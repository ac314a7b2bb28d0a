"""``claimgraph watch``: follow RSS/Atom feeds and ingest what is new (a thin layer over
:mod:`claimgraph.scale.watch`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ClaimgraphError, Code, ConfigError
from .common import fail
from .corpus import DB_HELP

if TYPE_CHECKING:
    from ..scale.watch import WatchTally

INTERRUPTED = 130


def watch(
    feeds: Annotated[list[str], typer.Argument(
        help="Feed URLs, feed files, or files listing feed URLs or paths (one per line, # comments).")],
    db: Annotated[str, typer.Option(help=DB_HELP)] = "claimgraph.db",
    every: Annotated[str, typer.Option(help="Time between rounds: 90s, 15m, 1h.")] = "15m",
    once: Annotated[bool, typer.Option(help="Run one round and exit (for cron and tests).")] = False,
    state: Annotated[Path | None, typer.Option(
        help="JSON file remembering seen entries and validators (default: DB.watch.json beside a SQLite "
             "file, else claimgraph-watch-HOST-PORT-DB.json here).")] = None,
    warc: Annotated[str | None, typer.Option(
        help="Archive every fetched page: a folder (one new .warc.gz per run) or a .warc(.gz) file to append to.")]
    = None,
    delay: Annotated[float, typer.Option(help="Seconds between two requests to the same host.")] = 5.0,
    allow_private: Annotated[bool, typer.Option(help="Allow fetching private or loopback addresses.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Largest page accepted, in bytes.")] = 5_000_000,
    timeout: Annotated[float, typer.Option(help="Network timeout in seconds.")] = 20.0,
    model: Annotated[str | None, typer.Option(help="spaCy model to build on (default en_core_web_sm).")] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Follow RSS/Atom feeds politely (conditional GET, per-host delay) and ingest new entries."""
    from ..corpus import Corpus
    from ..scale.watch import Watcher, WatchOptions, feed_list, parse_duration
    from ..scale.watchstate import Archive, WatchState, default_state_path

    try:
        if max_bytes <= 0 or timeout <= 0 or delay < 0:
            raise ConfigError(Code.E014, None, "--max-bytes and --timeout must be positive, --delay not negative")
        interval = parse_duration(every)
        urls = feed_list(feeds)
        kept = WatchState.load(state or default_state_path(db))
        corpus = Corpus.open(db)
    except ClaimgraphError as exc:
        fail(exc, debug)
        raise typer.Exit(2) from None
    archive = Archive(warc) if warc else None
    options = WatchOptions(delay=delay, allow_private=allow_private, max_bytes=max_bytes, timeout=timeout)
    watcher = Watcher(urls, kept, corpus.sink(model), options, archive, report=lambda e: fail(e, debug))
    typer.echo(f"watching {len(urls)} feed(s) every {every}; state: {kept.path}"
               + (f"; archive: {archive.path}" if archive else ""), err=True)

    def after(tally: WatchTally) -> None:
        typer.echo(f"round {watcher.total.rounds}: {tally.summary()}", err=True)

    code = 0
    try:
        with corpus:
            watcher.run(interval, rounds=1 if once else None, after=None if once else after)
    except KeyboardInterrupt:
        code = INTERRUPTED
        typer.echo("interrupted; the state is saved", err=True)
    except ClaimgraphError as exc:  # the state or the archive cannot be written: stop
        fail(exc, debug)
        code = 2
    finally:
        if archive is not None:
            archive.close()
    typer.echo(watcher.total.summary(), err=True)
    if code or watcher.total.errors:
        raise typer.Exit(code or 1)
