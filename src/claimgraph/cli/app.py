"""The command line: a thin layer over :mod:`claimgraph.api` (typer + rich).

User errors print one line with a code and the fix, and exit non-zero; ``--debug`` shows the
traceback as well.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console

from .. import __version__
from ..errors import ClaimgraphError, Code
from .common import fail

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="claimgraph: sourced claims, attribution chains, certainty, quantities and times from news.")


class Format(StrEnum):
    """Output formats of ``extract``."""

    table = "table"
    json = "json"
    jsonl = "jsonl"


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """claimgraph reads news reports and keeps every claim with its sources."""
    if version:
        typer.echo(__version__)
        raise typer.Exit()


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="Files (.txt .html .json .jsonl), URLs, or - for stdin.")],
    published: Annotated[str | None, typer.Option(help="Publication date YYYY-MM-DD (for relative times).")] = None,
    outlet: Annotated[str | None, typer.Option(help="The publishing outlet.")] = None,
    title: Annotated[str | None, typer.Option(help="The headline.")] = None,
    url: Annotated[str | None, typer.Option(help="The article's URL (for plain-text input).")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="table, json (contract v1), jsonl.")] = Format.table,
    allow_private: Annotated[bool, typer.Option(help="Allow fetching private or loopback addresses.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Largest input accepted, in bytes.")] = 5_000_000,
    encoding: Annotated[str | None, typer.Option(
        help="Charset of text inputs, e.g. latin-1 (default: UTF-8, else detected).")] = None,
    timeout: Annotated[float, typer.Option(help="Network timeout in seconds.")] = 20.0,
    processes: Annotated[int, typer.Option(help="Worker processes for many inputs.")] = 1,
    model: Annotated[str | None, typer.Option(help="spaCy model to build on (default en_core_web_sm).")] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Extract the claims of one or more articles."""
    from ..api import as_date
    from ..ingest import read_inputs
    from ..pipeline import default_pipeline

    try:
        when = as_date(published)
        items = list(read_inputs(inputs, published=when, outlet=outlet, title=title, url=url,
                                 allow_private=allow_private, max_bytes=max_bytes, timeout=timeout,
                                 stdin=sys.stdin, encoding=encoding))
        nlp = default_pipeline(model)
    except ClaimgraphError as exc:
        fail(exc, debug)
        raise typer.Exit(2) from None
    raws = [x for x in items if not isinstance(x, ClaimgraphError)]
    errors: list[ClaimgraphError] = [x for x in items if isinstance(x, ClaimgraphError)]
    for error in errors:
        fail(error, debug)
    from ..scale.shards import extract_isolated

    articles = []
    for found in extract_isolated(raws, nlp, processes=max(1, processes), model=model):
        if isinstance(found, ClaimgraphError):
            errors.append(found)
            fail(found, debug)
        else:
            articles.append(found)
    emit(articles, format, many=len(inputs) > 1 or len(raws) > 1)
    if len(inputs) > 1:
        typer.echo(f"{len(articles)} article(s) extracted, {len(errors)} input(s) skipped", err=True)
    if errors:
        raise typer.Exit(1)


def emit(articles: list, format: Format, many: bool) -> None:
    """Write the articles to stdout in the chosen format."""
    if format is Format.json and not many:
        for article in articles:
            sys.stdout.write(article.to_json() + "\n")
    elif format is Format.json:
        sys.stdout.write(json.dumps([json.loads(a.to_json(indent=None)) for a in articles], indent=2) + "\n")
    elif format is Format.jsonl:
        for article in articles:
            sys.stdout.write(article.to_json(indent=None) + "\n")
    else:
        from ..render.table import print_article

        out = Console(highlight=False, width=max(100, Console().width))
        for article in articles:
            print_article(article, out)


def register_corpus_commands() -> None:
    """The corpus commands live in the modules of claimgraph.cli; the app only lists them."""
    from . import curation
    from .corpus import claims, ingest
    from .export import export
    from .reconcile import COMMANDS
    from .reconcile_cmd import reconcile
    from .serve import serve
    from .synth import synth
    from .watch import watch

    for command in (ingest, claims, *COMMANDS, *curation.COMMANDS, export, reconcile, synth, serve, watch):
        app.command()(command)


register_corpus_commands()


def main() -> None:
    """Console-script entry point. A database failure that no command turned into a coded error is
    one line (E019), never a traceback: SQLAlchemy's would print the statement."""
    try:
        app()
    except Exception as exc:
        if not type(exc).__module__.startswith("sqlalchemy"):
            raise
        from ..errors import StoreError

        orig = getattr(exc, "orig", None) or exc
        detail = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        typer.echo(StoreError(Code.E019, None, detail).render(), err=True)
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
