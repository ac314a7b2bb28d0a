"""``claimgraph reconcile``: reconcile the corpus and keep the results in the store, so that
``echoes``, ``contradictions``, ``estimates``, ``trace`` and ``sources`` answer from them.

Thin layer over :meth:`claimgraph.corpus.Corpus.reconcile`.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from ..corpus import IncrementalRun
from .reconcile import DbOption, DebugOption, FormatOption, check_format, opened


def reconcile(db: DbOption = "claimgraph.db", format: FormatOption = "table",
              full: Annotated[bool, typer.Option("--full", help="Recompute everything, not only what the reports "
                                                               "added since the last reconcile touch.")] = False,
              debug: DebugOption = False) -> None:
    """Reconcile the corpus (echoes, estimates, contradictions, credibility, track records) and keep
    the results in the database; the query commands read them until the corpus changes. Only the
    reports added since the last reconcile are read, with the kept claims published around them,
    where the kept results allow it; otherwise (or with --full) everything is recomputed."""
    check_format(format)
    with opened(db, debug) as corpus:
        run = corpus.reconcile(full=full)
        why = corpus.full_reason
    if format == "json":
        extra = {} if isinstance(run, IncrementalRun) else {"mode": "full", "why": why}
        sys.stdout.write(json.dumps({**run.as_json(), **extra}) + "\n")
        return
    if isinstance(run, IncrementalRun) and not run.new_claims:
        typer.echo(f"nothing new to reconcile: {run.claims:,} claims (generation {run.generation}) are current "
                   "(--full recomputes everything)")
        return
    if isinstance(run, IncrementalRun):
        typer.echo(f"reconciled {run.new_claims:,} new claims of {run.reports:,} reports incrementally, against "
                   f"{run.window_claims - run.new_claims:,} kept claims published around them ({run.claims:,} claims "
                   f"in all, generation {run.generation}): {run.links:,} links, {run.contradictions:,} contradictions, "
                   f"{run.echoes:,} echo groups and {run.series:,} estimate series written, {run.regraded:,} kept "
                   f"claims graded again; read {run.load_s:.1f} s, computed {run.compute_s:.1f} s, "
                   f"kept {run.write_s:.1f} s")
        return
    typer.echo(f"reconciled {run.claims:,} claims (generation {run.generation}): {run.echoes:,} echo groups, "
               f"{run.series:,} estimate series, {run.contradictions:,} contradictions; read {run.load_s:.1f} s, "
               f"computed {run.compute_s:.1f} s, kept {run.write_s:.1f} s ({_full(why)})")


def _full(why: str | None) -> str:
    return "everything recomputed" + ("" if why in (None, "asked for") else f": {why}")
