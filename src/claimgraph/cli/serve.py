"""``claimgraph serve``: the analyst's workbench (REST API and web UI) over one corpus.

Thin layer: build a :class:`claimgraph.serve.ServeConfig`, open the corpus (errors exit with one
line), run uvicorn. Binds to 127.0.0.1 unless ``--host`` says otherwise; ``--write`` turns on
ingest and grading from the browser and prints a random token that those requests must carry.
``--workers N`` answers from N processes sharing the socket (read-only: an ingest's progress lives
in the process that runs it).
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ClaimgraphError, Code, ConfigError
from .common import fail
from .corpus import DB_HELP

if TYPE_CHECKING:
    from ..serve import ServeConfig


def serve(
    db: Annotated[str, typer.Option(help=DB_HELP)] = "claimgraph.db",
    host: Annotated[str, typer.Option(help="Address to bind (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")] = 8000,
    write: Annotated[bool, typer.Option(help="Allow ingest and grading from the browser (prints a token).")]
    = False,
    allow_private: Annotated[bool, typer.Option(help="Let URL ingest fetch private or loopback addresses.")]
    = False,
    max_bytes: Annotated[int, typer.Option(min=1, help="Largest article accepted, in bytes (bodies get a "
                                                      "little more).")] = 5_000_000,
    timeout: Annotated[float, typer.Option(min=0.1, help="Network timeout for URL ingest, in seconds.")] = 20.0,
    model: Annotated[str | None, typer.Option(help="spaCy model to build on (default en_core_web_sm).")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Server processes answering requests (read-only "
                                                           "mode only).")] = 1,
    debug: Annotated[bool, typer.Option(help="Show tracebacks.")] = False,
) -> None:
    """Serve the workbench: REST API (OpenAPI at /openapi.json) and web UI over the corpus."""
    import uvicorn

    from ..serve import ServeConfig, create_app, hosts_for, new_token

    token = new_token() if write else None
    config = ServeConfig(db=db, write=write, token=token, allow_private=allow_private, max_bytes=max_bytes,
                         fetch_timeout=timeout, model=model, hosts=hosts_for(host, port))
    try:
        if write and workers > 1:
            raise ConfigError(Code.E014, None, "--workers above 1 serves read-only: an ingest's progress lives in "
                                               "the process that runs it; drop --write or --workers")
        app = create_app(config)
    except ClaimgraphError as exc:
        fail(exc, debug)
        raise typer.Exit(2) from None
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)                         # accepting (queued) before the address is printed
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"claimgraph workbench: http://{shown}:{bound}/ ({'write mode' if write else 'read-only'}, "
               f"{db})", err=False)
    if token:
        typer.echo(f"token: {token}")
        # never inside the address: an address lands in browser history and autocompletion
        typer.echo(f"ingest page: http://{shown}:{bound}/#/ingest (paste the token into its Token field)")
    if "*" in config.hosts:
        typer.echo("warning: listening on every interface; anyone who can reach this machine can read the corpus",
                   err=True)
    if workers == 1:
        uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])
        return
    run_workers(config, sock, workers)


def run_workers(config: ServeConfig, sock: socket.socket, workers: int) -> None:
    """Answer from ``workers`` processes sharing the bound socket, each with its own app and
    connections (uvicorn's supervisor restarts one that dies)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from ..serve.app import config_to_environment

    config_to_environment(config)
    settings = uvicorn.Config("claimgraph.serve.app:app_from_environment", factory=True, workers=workers,
                              log_level="warning", access_log=False)
    Multiprocess(settings, sockets=[sock]).run()
