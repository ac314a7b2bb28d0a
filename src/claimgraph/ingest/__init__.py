"""Ingest: turning files, stdin and URLs into raw article records.

``read_inputs`` yields a :class:`RawArticle` (body text plus a :class:`~claimgraph.model.Document`)
per article, or the :class:`~claimgraph.errors.InputError` saying why an input or record was not one.
"""

from claimgraph.ingest.article import NO_DATE_NOTE, RawArticle, parse_published
from claimgraph.ingest.dateline import Dateline, detect_dateline
from claimgraph.ingest.sources import read_input, read_inputs

__all__ = [
    "NO_DATE_NOTE",
    "Dateline",
    "RawArticle",
    "detect_dateline",
    "parse_published",
    "read_input",
    "read_inputs",
]
