"""HTML pages to article text and metadata with trafilatura.

The page is decoded here (an explicit encoding, else the HTTP charset, else the page's own
``<meta charset>``/XML declaration, else UTF-8) so that a wrong encoding is an error (E003), not
mojibake. trafilatura 2.x returns a ``Document`` object (older releases a ``dict``; ``None`` when
it finds nothing); all three are handled.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import trafilatura

from claimgraph.errors import Code, InputError
from claimgraph.ingest.article import Meta
from claimgraph.ingest.text import decode, normalize_newlines

_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
HEAD_BYTES = 4096
MIN_WORDS = 5  # fewer is navigation left over ("Home World"), not an article


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta charset>``, ``<?xml encoding>``)."""
    match = _CHARSET.search(data[:HEAD_BYTES])
    if match is None:
        return None
    return (match[1] or match[2]).decode("ascii")


def decode_html(data: bytes, target: str, charset: str | None = None) -> str:
    """Decode a page with the given charset, else the one it declares, else UTF-8."""
    return decode(data, target, charset or declared_charset(data))


def extract_html(html: str, target: str, url: str | None = None) -> tuple[str, Meta]:
    """Main text and metadata of a page; E011 when trafilatura finds no article text.

    ``text`` is trafilatura's main text (paragraphs joined by newlines) less a first line that
    repeats the headline.
    """
    fields = _fields(_extraction(html, url, target))
    text = normalize_newlines(fields.get("text") or "").strip()
    if not text:
        raise InputError(Code.E011, target, "no main text in the page")
    if len(text.split()) < MIN_WORDS:
        raise InputError(Code.E011, target, f"only {len(text.split())} words of text in the page")
    meta = Meta(
        published=fields.get("date"),
        outlet=fields.get("sitename") or None,
        title=fields.get("title") or None,
        author=fields.get("author") or None,
        url=fields.get("url") or None,
    )
    return drop_title_line(text, meta.title), meta


def _extraction(html: str, url: str | None, target: str) -> object:
    """trafilatura's reading of the page. Hostile markup can trip an assertion inside lxml or
    htmldate (the metadata pass): the text is then read without metadata, and a page that fails
    even so is E011, never a crash."""
    try:
        return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception:  # third-party parsers on hostile input: any failure is this page's
        pass
    try:
        return trafilatura.bare_extraction(html, url=url, with_metadata=False, include_comments=False)
    except Exception as exc:
        raise InputError(Code.E011, target, f"the page cannot be parsed ({type(exc).__name__})") from exc


def _fields(result: object) -> Mapping[str, Any]:
    """trafilatura's result as a mapping, whatever its version returned."""
    if result is None:
        return {}
    if isinstance(result, Mapping):
        return result
    as_dict = getattr(result, "as_dict", None)
    return as_dict() if callable(as_dict) else vars(result)


def drop_title_line(text: str, title: str | None) -> str:
    """Drop a first line that repeats the headline, so the body starts at the dateline."""
    first, _, rest = text.partition("\n")
    if title and rest.strip() and _squash(first) == _squash(title):
        return rest.lstrip()
    return text


def _squash(value: str) -> str:
    return " ".join(value.split()).casefold()
