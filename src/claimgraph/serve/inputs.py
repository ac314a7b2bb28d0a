"""Turning what the browser sends (pasted text, a URL, an uploaded file) into raw articles, through
the same readers ``claimgraph ingest`` uses: the fetcher's checks (private and loopback addresses
refused unless allowed, size and time caps), the size, type and encoding checks, JSON and JSON Lines
records, HTML main-text extraction and dateline detection.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..api import as_date, raw_article
from ..errors import ClaimgraphError, Code, InputError
from ..ingest import RawArticle, read_inputs
from ..ingest.article import Overrides
from ..ingest.sources import Options, Payload, parse_payload
from ..ingest.text import extension_kind, unsupported_extension

Item = RawArticle | ClaimgraphError
UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class Given:
    """Metadata the user states; it wins over what the input carries."""

    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    url: str | None = None

    def overrides(self) -> Overrides:
        return Overrides(published=as_date(self.published or None), outlet=self.outlet or None,
                         title=self.title or None, url=self.url or None)


def from_text(text: str, given: Given, *, max_bytes: int) -> list[Item]:
    """One pasted article. Its origin is its URL when given, else ``paste:`` and a hash of the text
    (so that two different pastes never become versions of each other)."""
    if not text.strip():
        raise InputError(Code.E001, "pasted text")
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise InputError(Code.E004, "pasted text", f"{size:,} bytes, more than {max_bytes:,}")
    extra = given.overrides()
    origin = extra.url or "paste:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return [raw_article(text, published=extra.published, outlet=extra.outlet, title=extra.title, url=extra.url,
                        origin=origin)]


def from_url(url: str, given: Given, *, allow_private: bool, max_bytes: int, timeout: float) -> list[Item]:
    """The article at a URL (http or https only; E008 for private addresses unless allowed)."""
    if not url.lower().startswith(("http://", "https://")):
        raise InputError(Code.E007, url[:200], "only http:// and https:// URLs can be fetched")
    extra = given.overrides()
    return readable(list(read_inputs([url], published=extra.published, outlet=extra.outlet, title=extra.title,
                                     url=extra.url, allow_private=allow_private, max_bytes=max_bytes,
                                     timeout=timeout)))


def from_upload(name: str, data: bytes, given: Given, *, max_bytes: int) -> list[Item]:
    """The articles of one uploaded file: text, HTML, JSON or JSON Lines (one article per record).
    Its origin is ``upload:`` and the file name, so uploading an edited file adds a new version."""
    clean = UNSAFE_NAME.sub("_", name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip() or "upload"
    origin = f"upload:{clean[:200]}"
    what = unsupported_extension(clean)
    if what:
        raise InputError(Code.E005, origin, what)
    payload = Payload(origin, data, extension_kind(clean))
    return readable(list(parse_payload(payload, Options(given.overrides(), max_bytes=max_bytes))))


def readable(items: list[Item]) -> list[Item]:
    """The items, or the first error when not one article could be read (the request then fails
    with that error's status instead of succeeding with nothing added)."""
    if items and all(isinstance(x, ClaimgraphError) for x in items):
        first = items[0]
        assert isinstance(first, ClaimgraphError)
        raise first
    return items
