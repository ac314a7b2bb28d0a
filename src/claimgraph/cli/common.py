"""CLI commands beyond ``extract``, as plain functions that :mod:`claimgraph.cli` registers."""

from __future__ import annotations

import typer
from rich.console import Console

from ..errors import ClaimgraphError


def fail(exc: BaseException, debug: bool) -> None:
    """Report a user error in one line on stderr (with the traceback under --debug)."""
    if debug:
        Console(stderr=True).print_exception()
    typer.echo(exc.render() if isinstance(exc, ClaimgraphError) else f"error: {exc}", err=True)
