"""The app factory: the REST API under /api, OpenAPI at /openapi.json, the web UI at / (every
asset served from the package; no CDN).

>>> app = create_app(ServeConfig(db="claimgraph.db"))

Several worker processes (``claimgraph serve --workers N``) each build their app with
:func:`app_from_environment` from the configuration the parent process put in ``CONFIG_VARIABLE``.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from . import errors
from .config import ServeConfig
from .routes import claims, corpus, exports, ingest, reports, sources
from .security import Guard
from .workbench import Workbench

STATIC = Path(str(files("claimgraph.serve") / "static"))
CONFIG_VARIABLE = "CLAIMGRAPH_SERVE_CONFIG"    # a worker process's configuration, as JSON
DESCRIPTION = """The claimgraph analyst's workbench: reports, claims, traces, sources, estimates,
contradictions, echoes and exports of one corpus. Every error has the body
`{"error": {"code", "status", "message", "detail", "fix"}}`. Write endpoints need write mode
(`claimgraph serve --write`) and `Authorization: Bearer TOKEN`."""


def create_app(config: ServeConfig, workbench: Workbench | None = None) -> FastAPI:
    """The workbench app for one corpus (``workbench``: an open one to serve, else one is opened
    now, so a bad database fails here rather than on the first request)."""
    bench = workbench or Workbench(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if workbench is None:
            bench.close()

    app = FastAPI(title="claimgraph workbench", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, lifespan=lifespan, responses=errors.ERROR_RESPONSES)
    app.state.config = config
    app.state.workbench = bench
    errors.install(app)
    for module in (reports, ingest, claims, corpus, sources, exports):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    app.add_middleware(Guard, hosts=config.hosts, max_body=config.max_body,
                       token=config.token if config.write else None)
    return app


def config_to_environment(config: ServeConfig) -> None:
    """Hand the configuration to worker processes started after this call (see :func:`app_from_environment`)."""
    os.environ[CONFIG_VARIABLE] = json.dumps(dataclasses.asdict(config))


def app_from_environment() -> FastAPI:
    """The app of one worker process, from the configuration its parent handed down (uvicorn's
    factory for ``claimgraph serve --workers N``)."""
    fields = json.loads(os.environ[CONFIG_VARIABLE])
    return create_app(ServeConfig(**{**fields, "hosts": tuple(fields["hosts"])}))
