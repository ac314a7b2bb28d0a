"""Corpus query commands over reconciliation: echoes, contradictions, estimates, trace, sources.

Thin layer over :class:`claimgraph.corpus.Corpus`: render what it answers as a table or as the
JSON shapes documented in the README.
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

from ..corpus import Corpus
from ..errors import ClaimgraphError, Code, InputError
from ..render.table import plain
from .common import fail

DbOption = Annotated[str, typer.Option("--db", help="SQLite file or postgresql:// URL.")]
FormatOption = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
DebugOption = Annotated[bool, typer.Option(help="Show tracebacks.")]


@contextmanager
def opened(db: str, debug: bool) -> Iterator[Corpus]:
    """Open the corpus at ``db`` and close it afterwards; user errors exit with one line."""
    try:
        corpus = Corpus.open(db)
    except ClaimgraphError as exc:
        fail(exc, debug)
        raise typer.Exit(2) from None
    try:
        yield corpus
    except ClaimgraphError as exc:          # e.g. E040: a large corpus not reconciled since it changed
        fail(exc, debug)
        raise typer.Exit(2) from None
    finally:
        corpus.close()


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
    with opened(db, debug) as corpus:
        data = corpus.echoes()
    if format == "json":
        emit_json(data)
        return
    table = Table("origin", "occasion", "reports", "claims", show_lines=True)
    for g in data:
        origin = g["origin"]
        when = origin["date"] or " .. ".join(origin["between"] or []) or "?"
        flag = " (circular)" if g["circular"] else ""
        texts = "\n".join(f"{c['key']}: {c['text'][:90]}" for c in g["claims"])
        table.add_row(plain(origin["name"] + flag), when, str(g["documents"]), plain(texts))
    console().print(table)


def contradictions(db: DbOption = "claimgraph.db", format: FormatOption = "table",
                   debug: DebugOption = False) -> None:
    """Claims that cannot both hold: clashing figures for the same moment, assertions denied."""
    check_format(format)
    with opened(db, debug) as corpus:
        data = corpus.contradictions()
    if format == "json":
        emit_json(data)
        return
    table = Table("kind", "claim A", "claim B", "reason", show_lines=True)
    for c in data:
        a, b = c["a"], c["b"]
        table.add_row(c["kind"], plain(f"{a['key']}: {a['text']}"), plain(f"{b['key']}: {b['text']}"),
                      plain(c["reason"]))
    console().print(table)


def estimates(
    measure: Annotated[str | None, typer.Argument(help="e.g. 'North Korean casualties', 'troops deployed'.")] = None,
    since: Annotated[str | None, typer.Option(help="Only estimates as of YYYY-MM-DD or later.")] = None,
    until: Annotated[str | None, typer.Option(help="Only estimates as of YYYY-MM-DD or earlier.")] = None,
    db: DbOption = "claimgraph.db", format: FormatOption = "table", debug: DebugOption = False,
) -> None:
    """How estimates evolve: a timeline per measure with value or range, as-of date, origin, reports."""
    from ..api import as_date

    check_format(format)
    with opened(db, debug) as corpus:
        data = corpus.estimates_page(measure, since=as_date(since), until=as_date(until))[0]
        if format == "json":
            emit_json(data)
            return
        for series in data:
            table = Table("as of", "figure", "origin", "reports", "superseded by",
                          title=f"{series['measure']} — {series['subject'] or 'unknown subject'}")
            for p in series["points"]:
                table.add_row(str(p["as_of"]), p["label"], plain(str(p["origin"]["name"])), str(len(p["claims"])),
                              "" if p["superseded_by"] is None else f"#{p['superseded_by']}")
            console().print(table)
            band = series["consensus"]
            if band:
                high = "…" if band["high"] is None else f"{band['high']:,.0f}"
                band_text = f"consensus band across {band['origins']} origin(s): {band['low']:,.0f} – {high}"
                console().print(plain(band_text))


def trace(key: Annotated[str, typer.Argument(help="A claim key such as C123.")],
          db: DbOption = "claimgraph.db", format: FormatOption = "table", debug: DebugOption = False) -> None:
    """One claim: its chain to the origin, its echoes, who corroborates or contradicts it."""
    check_format(format)
    with opened(db, debug) as corpus:
        data = corpus.trace(key)
    if data is None:
        fail(InputError(Code.E014, None, f"no claim {key!r} in {db}"), debug)
        raise typer.Exit(1)
    if format == "json":
        emit_json(data)
        return
    print_trace(data)


def print_trace(data: dict[str, Any]) -> None:
    """A trace as lines of plain text: the claim, its chain and grade, then the claims echoing,
    contradicting and corroborating it (with the link's method and score)."""
    claim, out = data["claim"], console()
    out.print(plain(f"{claim['key']}: {claim['text']}", style="bold"))
    out.print(plain(f"report: {claim['document']} ({claim['outlet'] or 'outlet unknown'}, {claim['published']})"))
    out.print(plain("chain: " + (" → ".join(h["text"] for h in claim["sources"]) or "(the outlet itself)")))
    grade = data["credibility"]
    out.print(plain(f"credibility {grade['value']}: {grade['reason']}"))
    for label in ("echoes", "contradicted_by", "corroborated_by"):
        for ref in data[label]:
            how = f" [{ref['method']} {ref['score']:g}]" if label == "corroborated_by" else ""
            out.print(plain(f"{label}: {ref['key']} {ref['text'][:100]} ({ref['document']}){how}"))
    more = data["corroborated_by_total"] - len(data["corroborated_by"])
    if more:
        out.print(plain(f"corroborated_by: … and {more} more claim(s)"))


def sources(db: DbOption = "claimgraph.db", format: FormatOption = "table", debug: DebugOption = False) -> None:
    """Each origin: kind, reliability grade (A–F, F when not set) and track record (claims
    corroborated or contradicted)."""
    check_format(format)
    with opened(db, debug) as corpus:
        rows = corpus.sources()
        if format == "json":
            emit_json(rows)
            return
        table = Table("origin", "kind", "reliability", "claims", "corroborated", "contradicted")
        for r in rows:
            table.add_row(plain(r["origin"]), r["kind"], f"{r['reliability']} ({r['reliability_label']})",
                          str(r["claims"]), str(r["corroborated"]), str(r["contradicted"]))
        console().print(table)


COMMANDS = (echoes, contradictions, estimates, trace, sources)
