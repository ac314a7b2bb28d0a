"""Turning targets (paths, ``-`` for stdin, http(s) URLs) into raw articles.

:func:`read_inputs` yields an :class:`InputError` for each bad input or record instead of raising,
so one bad line of a JSON Lines file does not hide the good ones; :func:`read_input` raises.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from claimgraph.errors import Code, ConfigError, InputError
from claimgraph.ingest.article import Meta, Overrides, RawArticle, build_article
from claimgraph.ingest.fetch import Fetched, fetch_url, is_feed
from claimgraph.ingest.html import decode_html, extract_html
from claimgraph.ingest.records import read_json, read_jsonl
from claimgraph.ingest.text import (
    Kind,
    check_bytes,
    decode,
    detect_charset,
    extension_kind,
    is_utf8,
    looks_like_markup,
    require_text,
    sniff_kind,
    unsupported_extension,
)

URL_KINDS: tuple[tuple[str, Kind], ...] = (
    ("text/html", "html"), ("application/xhtml+xml", "html"),
    ("application/x-ndjson", "jsonl"), ("application/jsonl", "jsonl"),
)


@dataclass(frozen=True)
class Options:
    """How to read: explicit metadata, fetch limits, and where stdin comes from."""

    given: Overrides
    allow_private: bool = False
    max_bytes: int = 5_000_000
    timeout: float = 20.0
    encoding: str | None = None
    stdin: TextIO | None = None


@dataclass(frozen=True)
class Payload:
    """Raw bytes of one target, with what is known of their kind and charset."""

    origin: str
    data: bytes
    kind: Kind | None = None
    charset: str | None = None
    url: str | None = None


def read_inputs(
    targets: Iterable[str], *, published: dt.date | None = None, outlet: str | None = None,
    title: str | None = None, url: str | None = None, allow_private: bool = False,
    max_bytes: int = 5_000_000, timeout: float = 20.0, stdin: TextIO | None = None,
    encoding: str | None = None,
) -> Iterator[RawArticle | InputError]:
    """Yield one :class:`RawArticle` per article found, or the :class:`InputError` saying why not.

    Options are checked at once (a :class:`ConfigError`, E014); inputs are read lazily.
    """
    if max_bytes <= 0 or timeout <= 0:
        raise ConfigError(Code.E014, None, "max_bytes and timeout must be positive")
    if isinstance(published, dt.datetime):
        published = published.date()
    given = Overrides(published=published, outlet=outlet, title=title, url=url)
    options = Options(given, allow_private, max_bytes, timeout, encoding, stdin)
    return _read_all(list(targets), options)


def read_input(target: str, **options: Any) -> list[RawArticle]:
    """All articles of one target; raises the first :class:`InputError` met."""
    articles: list[RawArticle] = []
    for item in read_inputs([target], **options):
        if isinstance(item, InputError):
            raise item
        articles.append(item)
    return articles


def _read_all(targets: list[str], options: Options) -> Iterator[RawArticle | InputError]:
    for target in targets:
        try:
            yield from parse_payload(load(target, options), options)
        except InputError as err:
            yield err


def load(target: str, options: Options) -> Payload:
    """Read a target's bytes: stdin, a URL or a file."""
    if target == "-":
        return _load_stdin(options)
    if target.lower().startswith(("http://", "https://")):
        return _load_url(target, options)
    return _load_file(target, options)


def _load_file(target: str, options: Options) -> Payload:
    path = Path(target)
    if not path.exists():
        raise InputError(Code.E006, target)
    if path.is_dir():
        raise InputError(Code.E005, target, "a directory")
    what = unsupported_extension(path.name)
    if what:
        raise InputError(Code.E005, target, what)
    try:
        with path.open("rb") as handle:
            data = handle.read(options.max_bytes + 1)
    except OSError as err:
        raise InputError(Code.E006, target, err.strerror or type(err).__name__) from err
    return Payload(target, data, extension_kind(path.name), options.encoding)


def _load_stdin(options: Options) -> Payload:
    stream = options.stdin if options.stdin is not None else sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        data = buffer.read(options.max_bytes + 1)
    else:
        data = stream.read(options.max_bytes + 1).encode("utf-8", "surrogateescape")
    return Payload("stdin", data, None, options.encoding)


def _load_url(target: str, options: Options) -> Payload:
    fetched = fetch_url(
        target, allow_private=options.allow_private, max_bytes=options.max_bytes, timeout=options.timeout
    )
    if is_feed(fetched):
        raise InputError(Code.E005, target, "an RSS or Atom feed: give it to 'claimgraph ingest'")
    return payload_of(fetched, target, options)


def payload_of(fetched: Fetched, target: str, options: Options) -> Payload:
    """The payload of a fetched page, its kind from the server's type or the URL's extension."""
    kind = next((k for media, k in URL_KINDS if media == fetched.media_type), None)
    kind = kind or extension_kind(fetched.url.split("?", 1)[0])
    if kind is None and fetched.media_type == "application/json":
        kind = "json"
    return Payload(target, fetched.body, kind, options.encoding or fetched.charset, fetched.url)


def parse_payload(payload: Payload, options: Options) -> Iterator[RawArticle | InputError]:
    """Check, decode and split a payload into articles according to its kind."""
    check_bytes(payload.data, payload.origin, max_bytes=options.max_bytes, encoding=options.encoding)
    kind = payload.kind or ("html" if looks_like_markup(payload.data) else None)
    note = None
    if kind == "html":
        text = decode_html(payload.data, payload.origin, payload.charset)
    else:
        charset = payload.charset
        if charset is None and not is_utf8(payload.data):
            charset = detect_charset(payload.data)
            note = f"not UTF-8: read as {charset} (detected; pass --encoding to choose)" if charset else None
        text = decode(payload.data, payload.origin, charset)
    require_text(text, payload.origin)
    kind = kind or sniff_kind(text)
    if kind == "json":
        articles: Iterable[RawArticle | InputError] = read_json(text, payload.origin, options.given)
    elif kind == "jsonl":
        articles = read_jsonl(text, payload.origin, options.given)
    else:
        articles = [_single(kind, text, payload, options)]
    for item in articles:
        yield with_note(item, note) if note and isinstance(item, RawArticle) else item


def with_note(raw: RawArticle, note: str) -> RawArticle:
    """The article with one more note on how it was read."""
    document = raw.document.model_copy(update={"notes": [*raw.document.notes, note]})
    return dataclasses.replace(raw, document=document)


def _single(kind: Kind, text: str, payload: Payload, options: Options) -> RawArticle:
    """A plain-text or HTML payload: exactly one article."""
    body, meta = extract_html(text, payload.origin, payload.url) if kind == "html" else (text, Meta())
    if payload.url:
        meta = Meta(meta.published, meta.outlet, meta.title, meta.author, payload.url)
    return build_article(body, meta, payload.origin, options.given)
