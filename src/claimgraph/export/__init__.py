"""Exports of a reconciled corpus: JSON Lines, ACLED-like CSV, STIX 2.1, FollowTheMoney, GeoJSON.

Each exporter is a pure function of ``articles`` (``(document id, origin, Article)`` as
``Store.articles()`` gives them) and the :class:`~claimgraph.reconcile.analysis.Reconciliation`
of the corpus's claims; :func:`export_lines` picks one by format and yields the text to write.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from enum import StrEnum

from ..reconcile.analysis import Reconciliation
from .acled import COLUMNS as ACLED_COLUMNS
from .acled import acled_lines, acled_rows, neutralise
from .common import Reports
from .ftm import ftm_entities, ftm_lines
from .geojson import geojson_collection
from .jsonl import jsonl_lines, jsonl_records
from .stix import stix_bundle, stix_dict, stix_text


class ExportFormat(StrEnum):
    """The export formats."""

    jsonl = "jsonl"
    csv = "csv"
    stix = "stix"
    ftm = "ftm"
    geojson = "geojson"


def export_lines(fmt: ExportFormat | str, articles: Reports, rec: Reconciliation) -> Iterator[str]:
    """The export as lines of text (without line ends): records for jsonl/csv/ftm, indented JSON
    for the stix and geojson documents."""
    fmt = ExportFormat(fmt)
    if fmt is ExportFormat.jsonl:
        yield from jsonl_lines(articles, rec)
    elif fmt is ExportFormat.csv:
        yield from acled_lines(articles, rec)
    elif fmt is ExportFormat.ftm:
        yield from ftm_lines(articles, rec)
    elif fmt is ExportFormat.stix:
        yield stix_text(articles, rec)
    else:
        yield json.dumps(geojson_collection(articles, rec), indent=2, ensure_ascii=False)


__all__ = [
    "ACLED_COLUMNS", "ExportFormat", "Reports", "acled_lines", "acled_rows", "export_lines", "ftm_entities",
    "ftm_lines", "geojson_collection", "jsonl_lines", "jsonl_records", "neutralise", "stix_bundle", "stix_dict",
    "stix_text",
]
