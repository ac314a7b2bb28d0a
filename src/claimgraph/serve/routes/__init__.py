"""The REST API's routers, one per resource; each only parses, calls the workbench and returns."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import JSONResponse

from ..workbench import Workbench


def get_workbench(request: Request) -> Workbench:
    """The app's workbench."""
    workbench: Workbench = request.app.state.workbench
    return workbench


Bench = Annotated[Workbench, Depends(get_workbench)]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=100_000_000, description="Items to skip.")]


class FastJSON(JSONResponse):
    """JSON written straight from the plain data the workbench returns (the data is JSON-ready
    already: FastAPI's generic encoder would cost more than the query)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def answer(data: Any) -> FastJSON:
    """The response for an answer."""
    return FastJSON(data)
