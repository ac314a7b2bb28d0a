"""Raw articles: the text plus a :class:`~claimgraph.model.Document` saying what is known.

Publication date precedence: the ``published`` argument > the input's metadata > a dateline date
that states a year > unknown (never today).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Literal

from claimgraph.errors import Code, InputError
from claimgraph.ingest.dateline import Dateline, agency_outlet, detect_dateline
from claimgraph.model import Document

PublishedSource = Literal["given", "metadata", "dateline", "unknown"]
NO_DATE_NOTE = "no publication date known; relative times left unresolved"


@dataclass(frozen=True)
class RawArticle:
    """One article body and its document metadata; claim spans index into ``text``."""

    text: str
    document: Document
    dateline: Dateline | None = None


@dataclass(frozen=True)
class Meta:
    """Metadata found in the input itself (HTML meta tags, JSON record fields)."""

    published: object = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Overrides:
    """What the caller states explicitly; it wins over anything found in the input."""

    published: dt.date | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None


@dataclass
class _Dated:
    published: dt.date | None
    source: PublishedSource
    notes: list[str] = field(default_factory=list)


def parse_published(value: str) -> dt.date:
    """Parse a ``--published`` value (``YYYY-MM-DD``, or an ISO date-time); E009 otherwise."""
    text = value.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError as err:
        raise InputError(Code.E009, None, value) from err


def metadata_date(value: object) -> dt.date | None:
    """A date from metadata: a date, an ISO 8601 string, ``YYYY/MM/DD`` or an RFC 2822 string.

    A date-time keeps the calendar day it states in its own time zone. ``None`` when unreadable.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date(),
                  lambda s: dt.date.fromisoformat(s.replace("/", "-")),
                  lambda s: parsedate_to_datetime(s).date()):
        try:
            return parse(text)
        except (ValueError, TypeError, IndexError):
            continue
    return None


def build_article(text: str, meta: Meta, origin: str, given: Overrides) -> RawArticle:
    """Assemble a :class:`RawArticle`, applying precedence and recording notes."""
    dateline = detect_dateline(text)
    dated = _publication_date(meta, dateline, given)
    outlet = given.outlet or meta.outlet
    if not outlet and dateline and dateline.agency:
        outlet = agency_outlet(dateline.agency)
        dated.notes.append(f"outlet taken from the dateline agency {dateline.agency!r}")
    document = Document(
        published=dated.published, published_source=dated.source,
        dateline=dateline.text if dateline else None,
        dateline_place=dateline.full_place if dateline else None,
        outlet=outlet, title=given.title or meta.title, author=meta.author, url=given.url or meta.url,
        origin=origin, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), notes=dated.notes,
    )
    return RawArticle(text=text, document=document, dateline=dateline)


def _publication_date(meta: Meta, dateline: Dateline | None, given: Overrides) -> _Dated:
    if given.published:
        return _Dated(given.published, "given")
    notes: list[str] = []
    found = metadata_date(meta.published)
    if found:
        return _Dated(found, "metadata")
    if meta.published not in (None, ""):
        notes.append(f"could not read the publication date {meta.published!r} in the input")
    if dateline and dateline.date:
        return _Dated(dateline.date, "dateline", [*notes, "publication date taken from the dateline"])
    return _Dated(None, "unknown", [*notes, NO_DATE_NOTE])
