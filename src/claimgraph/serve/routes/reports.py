"""Reports: the list of latest versions, and one report with its text and annotated claims."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from . import Bench, FastJSON, Limit, Offset, answer

router = APIRouter(prefix="/api/documents", tags=["reports"])


@router.get("", summary="List reports")
def list_documents(
    bench: Bench,
    q: Annotated[str | None, Query(max_length=200, description="Part of the title, outlet or origin.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> FastJSON:
    """The latest version of each report, newest first, with its claim count."""
    page = bench.corpus.documents_page(query=q, limit=limit, offset=offset)
    return answer(page.as_json(limit, offset))


@router.get("/{document_id}", summary="One report")
def get_document(bench: Bench, document_id: Annotated[int, Path(ge=1, le=2**62)]) -> FastJSON:
    """A report version: text, metadata, entities, places, versions, and every claim with its spans
    (claim, sources, quantities, times), origin, credibility, echoes and opposing claims."""
    return answer(bench.document(document_id))
