"""``claimgraph synth``: fill a store with a synthetic corpus for load testing (not a quality set).

Thin layer over :func:`claimgraph.synth.load`: the reports are generated from the seed and written
through the store's bulk path, one transaction per batch of reports.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated

import typer

from ..errors import ClaimgraphError, Code, ConfigError
from .common import fail
from .reconcile import DbOption, DebugOption, FormatOption, check_format


def synth(
    claims: Annotated[int, typer.Option(help="How many claims to generate in all.")] = 10_000,
    seed: Annotated[int, typer.Option(help="The same seed gives the same reports.")] = 0,
    batch: Annotated[int, typer.Option(help="Reports per transaction.")] = 500,
    start: Annotated[str | None, typer.Option(help="Stories begin on or after this day (YYYY-MM-DD), e.g. "
                                                   "the day after a stored corpus ends.")] = None,
    days: Annotated[int, typer.Option(help="With --start: the stories begin and end within this many days.")]
    = 30,
    db: DbOption = "claimgraph.db", format: FormatOption = "table", debug: DebugOption = False,
) -> None:
    """Generate a synthetic corpus (already-extracted reports about invented conflicts: relays,
    echoes, disagreeing figures, denials) into the store, for load testing only."""
    from ..corpus import Corpus
    from ..synth import LoadStats, Period, load

    check_format(format)
    try:
        if claims <= 0 or batch <= 0 or days <= 0:
            raise ConfigError(Code.E014, None, "--claims, --batch and --days must be positive")
        period = Period(_day(start), days) if start else None
        corpus = Corpus.open(db)
    except ClaimgraphError as exc:
        fail(exc, debug)
        raise typer.Exit(2) from None

    def progress(stats: LoadStats) -> None:
        print(f"\r{stats.documents:,} reports, {stats.claims:,} claims, {stats.seconds:.0f} s", end="",
              file=sys.stderr, flush=True)

    with corpus:
        stats = load(corpus.store, claims, seed=seed, batch=batch, progress=progress, period=period)
    print(file=sys.stderr)
    summary = {"documents": stats.documents, "claims": stats.claims, "seconds": round(stats.seconds, 2),
               "documents_per_s": round(stats.documents / stats.seconds, 1) if stats.seconds else None,
               "claims_per_s": round(stats.claims / stats.seconds, 1) if stats.seconds else None}
    if format == "json":
        sys.stdout.write(json.dumps(summary) + "\n")
    else:
        typer.echo(f"{stats.documents:,} synthetic reports, {stats.claims:,} claims stored in {stats.seconds:.1f} s")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(Code.E014, None, f"--start must be a date like 2026-05-15, not {text!r}") from None
