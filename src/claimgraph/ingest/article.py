"""Raw articles: the text plus a :class:`~claimgraph.model.Document` saying what is known.

Publication date precedence: the ``published`` argument > the input's metadata > a dateline date
that states a year > unknown (never today).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Literal

from claimgraph.errors import Code, InputError, clip
from claimgraph.ingest.dateline import Dateline, agency_outlet, detect_dateline
from claimgraph.ingest.text import storable
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


# Publication dates claimgraph accepts: news archives reach back centuries, not to year 1, and
# nothing is published in year 9999; near those ends, "next year" or "last week" overflows.
EARLIEST_PUBLISHED = dt.date(1700, 1, 1)
LATEST_PUBLISHED = dt.date(2199, 12, 31)


def in_range(day: dt.date | None) -> dt.date | None:
    """The day when it lies within the accepted publication dates, else None."""
    return day if day is not None and EARLIEST_PUBLISHED <= day <= LATEST_PUBLISHED else None


def parse_published(value: str) -> dt.date:
    """Parse a ``--published`` value (``YYYY-MM-DD``, or an ISO date-time); E009 otherwise, also for a
    date outside 1700-2199."""
    text = value.strip()
    day: dt.date | None = None
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
        try:
            day = parse(text)
            break
        except ValueError:
            continue
    if day is None:
        raise InputError(Code.E009, None, value)
    if in_range(day) is None:
        raise InputError(Code.E009, None, f"{value} (outside {EARLIEST_PUBLISHED.year}-{LATEST_PUBLISHED.year})")
    return day


def metadata_date(value: object) -> dt.date | None:
    """A date from metadata: a date, an ISO 8601 string, ``YYYY/MM/DD`` or an RFC 2822 string.

    A date-time keeps the calendar day it states in its own time zone. ``None`` when unreadable.
    """
    if isinstance(value, dt.datetime):
        return in_range(value.date())
    if isinstance(value, dt.date):
        return in_range(value)
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date(),
                  lambda s: dt.date.fromisoformat(s.replace("/", "-")),
                  lambda s: parsedate_to_datetime(s).date()):
        try:
            return in_range(parse(text))
        except (ValueError, TypeError, IndexError, OverflowError):
            continue
    return None


def build_article(text: str, meta: Meta, origin: str, given: Overrides) -> RawArticle:
    """Assemble a :class:`RawArticle`, applying precedence and recording notes."""
    text = storable(text)
    meta = dataclasses.replace(meta, **{f.name: storable(value) for f in dataclasses.fields(meta)
                                        if isinstance(value := getattr(meta, f.name), str)})
    given = Overrides(published=given.published, outlet=given.outlet and storable(given.outlet),
                      title=given.title and storable(given.title), url=given.url and storable(given.url))
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
        notes.append(f"could not read the publication date {clip(str(meta.published), 60)!r} in the input")
    if dateline and in_range(dateline.date):
        return _Dated(dateline.date, "dateline", [*notes, "publication date taken from the dateline"])
    return _Dated(None, "unknown", [*notes, NO_DATE_NOTE])
