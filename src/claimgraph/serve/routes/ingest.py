"""Adding reports (write mode, bearer token): pasted text, a URL to fetch, an uploaded file.

Each answers ``{"added": [...], "skipped": [...]}``: per article its origin, status (new,
unchanged, new_version), report id, version and claim count; per bad record its error. An input
that cannot be read at all is an error response.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from ..inputs import Given, from_text, from_upload, from_url
from ..security import writer
from . import Bench, FastJSON, answer

router = APIRouter(prefix="/api/documents", tags=["ingest"], dependencies=[Depends(writer)])

DateStr = Annotated[str | None, Field(default=None, max_length=40, description="Publication date YYYY-MM-DD.")]
Short = Annotated[str | None, Field(default=None, max_length=500)]


class Meta(BaseModel):
    """What the user states about the report; it wins over what the input carries."""

    published: DateStr = None
    outlet: Short = None
    title: Short = None

    def given(self, url: str | None = None) -> Given:
        return Given(self.published, self.outlet, self.title, url)


class TextIn(Meta):
    """A pasted article."""

    text: str = Field(min_length=1, description="The article text.")
    url: Short = Field(default=None, description="Its URL, if it has one (also its origin).")


class UrlIn(Meta):
    """An article to fetch."""

    url: str = Field(min_length=1, max_length=2000, description="An http(s) URL.")


@router.post("", summary="Add a pasted report")
def post_text(bench: Bench, request: Request, body: TextIn) -> FastJSON:
    """Extract and store one article given as text."""
    config = request.app.state.config
    return answer(bench.add(from_text(body.text, body.given(body.url), max_bytes=config.max_bytes)))


@router.post("/fetch", summary="Add a report by URL")
def post_url(bench: Bench, request: Request, body: UrlIn) -> FastJSON:
    """Fetch, extract and store the article at a URL (private and loopback addresses are refused
    unless the server runs with --allow-private)."""
    config = request.app.state.config
    items = from_url(body.url, body.given(), allow_private=config.allow_private, max_bytes=config.max_bytes,
                     timeout=config.fetch_timeout)
    return answer(bench.add(items))


@router.post("/upload", summary="Add an uploaded file")
def post_upload(
    bench: Bench, request: Request,
    file: Annotated[UploadFile, File(description="Text, HTML, JSON or JSON Lines (one article per record).")],
    published: Annotated[str | None, Form(max_length=40)] = None,
    outlet: Annotated[str | None, Form(max_length=500)] = None,
    title: Annotated[str | None, Form(max_length=500)] = None,
) -> FastJSON:
    """Extract and store the articles of one file."""
    config = request.app.state.config
    data = file.file.read(config.max_bytes + 1)
    items = from_upload(file.filename or "upload", data, Given(published, outlet, title), max_bytes=config.max_bytes)
    return answer(bench.add(items))
