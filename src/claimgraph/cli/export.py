"""``claimgraph export``: the reconciled corpus as JSONL, ACLED-like CSV, STIX 2.1, FtM or GeoJSON.

Thin layer: open the store, reconcile, call :func:`claimgraph.export.export_lines`, write.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, TextIO

import typer

from ..errors import ClaimgraphError, Code
from ..export import ExportFormat
from .common import fail
from .reconcile import DbOption, DebugOption, opened


def write_lines(lines: Iterable[str], out: TextIO) -> int:
    """Write each line with a line end; the number written."""
    count = 0
    for line in lines:
        out.write(line + "\n")
        count += 1
    return count


def write_to(lines: Iterable[str], output: Path | None) -> int:
    """Write to a file (replaced only once the export is complete) or to stdout."""
    if output is None:
        return write_lines(lines, sys.stdout)
    partial = output.with_name(output.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            count = write_lines(lines, out)
        partial.replace(output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ClaimgraphError(Code.E022, None, f"{output}: {exc.strerror or exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return count


def export(
    db: DbOption = "claimgraph.db",
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="jsonl, csv (ACLED-like), stix (2.1 "
                                                 "bundle), ftm (FollowTheMoney; needs the ftm extra), geojson.")]
    = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    debug: DebugOption = False,
) -> None:
    """Export the corpus: claims with credibility, echoes and contradictions, events, places."""
    with opened(db, debug) as corpus:
        try:
            write_to(corpus.export(format), output)  # STIX with the user's source grades
        except ClaimgraphError as exc:
            fail(exc, debug)
            raise typer.Exit(2) from None
