"""``claimgraph reconcile``: reconcile the corpus and keep the results in the store, so that
``echoes``, ``contradictions``, ``estimates``, ``trace`` and ``sources`` answer from them.

Thin layer over :meth:`claimgraph.corpus.Corpus.reconcile`.
"""

from __future__ import annotations

import json
import sys

import typer

from .reconcile import DbOption, DebugOption, FormatOption, check_format, opened


def reconcile(db: DbOption = "claimgraph.db", format: FormatOption = "table", debug: DebugOption = False) -> None:
    """Reconcile the corpus (echoes, estimates, contradictions, credibility, track records) and keep
    the results in the database; the query commands read them until the corpus changes."""
    check_format(format)
    with opened(db, debug) as corpus:
        run = corpus.reconcile()
    if format == "json":
        sys.stdout.write(json.dumps(run.as_json()) + "\n")
        return
    typer.echo(f"reconciled {run.claims:,} claims (generation {run.generation}): {run.echoes:,} echo groups, "
               f"{run.series:,} estimate series, {run.contradictions:,} contradictions; read {run.load_s:.1f} s, "
               f"computed {run.compute_s:.1f} s, kept {run.write_s:.1f} s")
