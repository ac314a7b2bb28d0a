"""Corpus query commands over reconciliation: echoes, contradictions, estimates, trace, sources.

Thin layer: open the store, reconcile its claims (claimgraph.reconcile), render as a table or as
the JSON shapes documented in the README.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import ClaimgraphError, Code, InputError
from ..reconcile.analysis import Reconciliation, reconcile
from ..reconcile.decisions import decided_claims, reliability_of, source_rows
from ..store import Store
from . import fail

DbOption = Annotated[str, typer.Option("--db", help="SQLite file or postgresql:// URL.")]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
DebugOption = Annotated[bool, typer.Option(help="Show tracebacks.")]


@contextmanager
def reconciled(db: str, debug: bool) -> Iterator[tuple[Store, Reconciliation]]:
    """Open the store, reconcile its claims (the user's entity merges and splits applied), close it
    afterwards; user errors exit with one line."""
    try:
        store = Store.open(db)
    except ClaimgraphError as exc:
        fail(exc, debug)
        raise typer.Exit(2) from None
    try:
        claims, aliases = decided_claims(store.corpus_claims(), (a for _, _, a in store.articles()),
                                         store.decisions())
        yield store, reconcile(claims, aliases=aliases)
    finally:
        store.close()


def check_format(fmt: str) -> None:
    if fmt not in ("table", "json"):
        fail(InputError(Code.E014, None, f"--format must be table or json, not {fmt!r}"), False)
        raise typer.Exit(2)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def console() -> Console:
    return Console(highlight=False)


def echoes(db: DbOption = "claimgraph.db", format: FormatOption = "table", debug: DebugOption = False) -> None:
    """Echo groups: claims in different reports relaying one origin on one occasion."""
    check_format(format)
    with reconciled(db, debug) as (_, rec):
        if format == "json":
            emit_json(rec.echoes_json())
            return
        table = Table("origin", "occasion", "reports", "claims", show_lines=True)
        for g in rec.echoes:
            when = " .. ".join(sorted({d.isoformat() for d in g.occasion})) if g.occasion else "?"
            flag = " (circular)" if g.circular else ""
            texts = "\n".join(f"{c.key}: {c.claim.text[:90]}" for c in g.claims)
            table.add_row(Text(g.origin.name + flag), when, str(len({c.document_id for c in g.claims})), Text(texts))
        console().print(table)


def contradictions(db: DbOption = "claimgraph.db", format: FormatOption = "table",
                   debug: DebugOption = False) -> None:
    """Claims that cannot both hold: clashing figures for the same moment, assertions denied."""
    check_format(format)
    with reconciled(db, debug) as (_, rec):
        if format == "json":
            emit_json(rec.contradictions_json())
            return
        table = Table("kind", "claim A", "claim B", "reason", show_lines=True)
        for c in rec.contradictions:
            table.add_row(c.kind, Text(f"{c.a.key}: {c.a.claim.text}"), Text(f"{c.b.key}: {c.b.claim.text}"),
                          Text(c.reason))
        console().print(table)


def estimates(
    measure: Annotated[str | None, typer.Argument(help="e.g. 'North Korean casualties', 'troops deployed'.")] = None,
    db: DbOption = "claimgraph.db", format: FormatOption = "table", debug: DebugOption = False,
) -> None:
    """How estimates evolve: a timeline per measure with value or range, as-of date, origin, reports."""
    check_format(format)
    with reconciled(db, debug) as (_, rec):
        data = rec.estimates_json(measure)
        if format == "json":
            emit_json(data)
            return
        for series in data:
            table = Table("as of", "figure", "origin", "reports", "superseded by",
                          title=f"{series['measure']} — {series['subject'] or 'unknown subject'}")
            for p in series["points"]:
                table.add_row(str(p["as_of"]), p["label"], Text(str(p["origin"]["name"])), str(len(p["claims"])),
                              "" if p["superseded_by"] is None else f"#{p['superseded_by']}")
            console().print(table)
            band = series["consensus"]
            if band:
                high = "…" if band["high"] is None else f"{band['high']:,.0f}"
                console().print(Text(f"consensus band across {band['origins']} origin(s): {band['low']:,.0f} – {high}"))


def trace(key: Annotated[str, typer.Argument(help="A claim key such as C123.")],
          db: DbOption = "claimgraph.db", format: FormatOption = "table", debug: DebugOption = False) -> None:
    """One claim: its chain to the origin, its echoes, who corroborates or contradicts it."""
    check_format(format)
    with reconciled(db, debug) as (_, rec):
        cc = next((c for c in rec.claims if c.key == key), None)
        if cc is None:
            fail(InputError(Code.E014, None, f"no claim {key!r} in {db}"), debug)
            raise typer.Exit(1)
        data = trace_data(rec, key)
        if format == "json":
            emit_json(data)
            return
        out = console()
        out.print(Text(f"{key}: {cc.claim.text}", style="bold"))
        out.print(Text(f"report: {cc.document} ({cc.outlet or 'outlet unknown'}, {cc.published})"))
        out.print(Text("chain: " + (" → ".join(h.text for h in cc.claim.sources) or "(the outlet itself)")))
        grade = data["credibility"]
        out.print(Text(f"credibility {grade['value']}: {grade['reason']}"))
        for label in ("echoes", "contradicted_by"):
            for ref in data[label]:
                out.print(Text(f"{label}: {ref['key']} {ref['text'][:100]} ({ref['document']})"))


def trace_data(rec: Reconciliation, key: str) -> dict[str, Any]:
    """The trace of one claim as JSON-ready data."""
    cc = next(c for c in rec.claims if c.key == key)
    group = next((g for g in rec.echoes if any(c.key == key for c in g.claims)), None)
    echoes_of = [c for c in group.claims if c.key != key] if group else []
    against = [c.b if c.a.key == key else c.a for c in rec.contradictions if key in (c.a.key, c.b.key)]
    grade = rec.grades[key]
    return {
        "claim": {"key": key, **cc.ref.as_json(), "certainty": cc.claim.certainty,
                  "sources": [h.model_dump() for h in cc.claim.sources]},
        "origin": group.origin.as_json() if group else None,
        "echoes": [{"key": c.key, **c.ref.as_json()} for c in echoes_of],
        "contradicted_by": [{"key": c.key, **c.ref.as_json()} for c in against],
        "credibility": {"value": grade.credibility, "reason": grade.reason,
                        "corroborated_by": grade.corroborated_by, "contradicted_by": grade.contradicted_by},
    }


def sources(db: DbOption = "claimgraph.db", format: FormatOption = "table", debug: DebugOption = False) -> None:
    """Each origin: kind, reliability grade (A–F, F when not set) and track record (claims
    corroborated or contradicted)."""
    check_format(format)
    with reconciled(db, debug) as (store, rec):
        articles = (a for _, _, a in store.articles())
        rows = source_rows(rec, reliability_of(articles, store.decisions(), store.grades()))
        if format == "json":
            emit_json(rows)
            return
        table = Table("origin", "kind", "reliability", "claims", "corroborated", "contradicted")
        for r in rows:
            table.add_row(Text(r["origin"]), r["kind"], f"{r['reliability']} ({r['reliability_label']})",
                          str(r["claims"]), str(r["corroborated"]), str(r["contradicted"]))
        console().print(table)


COMMANDS = (echoes, contradictions, estimates, trace, sources)
