"""Exports of the reconciled corpus: JSON Lines, ACLED-like CSV, STIX 2.1, FollowTheMoney, GeoJSON."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from ...export import ExportFormat
from . import Bench

router = APIRouter(prefix="/api/exports", tags=["exports"])

MEDIA = {ExportFormat.jsonl: "application/x-ndjson", ExportFormat.csv: "text/csv; charset=utf-8",
         ExportFormat.stix: "application/json", ExportFormat.ftm: "application/x-ndjson",
         ExportFormat.geojson: "application/geo+json"}
SUFFIX = {ExportFormat.jsonl: "jsonl", ExportFormat.csv: "csv", ExportFormat.stix: "stix.json",
          ExportFormat.ftm: "ftm.jsonl", ExportFormat.geojson: "geojson"}


def _lines(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        yield line + "\n"


@router.get("/{format}", summary="Export the corpus", response_class=StreamingResponse,
            responses={200: {"content": {m: {} for m in MEDIA.values()}}})
def export(bench: Bench, format: ExportFormat) -> StreamingResponse:
    """The whole corpus as a file: claims with credibility, echoes and contradictions, events, places
    (``ftm`` needs the ``ftm`` extra: E021 otherwise)."""
    lines = bench.export(format)
    headers = {"Content-Disposition": f'attachment; filename="claimgraph.{SUFFIX[format]}"'}
    return StreamingResponse(_lines(lines), media_type=MEDIA[format], headers=headers)
