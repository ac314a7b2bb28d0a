"""The command line: ``claimgraph`` and its commands, a thin face over the core
(:mod:`claimgraph.corpus`, :func:`claimgraph.extract`). :mod:`.app` holds the Typer app and the
``extract`` command; each other module holds a group of commands; :mod:`.common` what they share."""

from .app import app, main

__all__ = ["app", "main"]
