"""Batch inputs for ``claimgraph ingest``: files, globs, folders, RSS/Atom feeds, URL lists, JSONL
manifests and WARC archives, each turned into raw articles (or the error saying why not).

:func:`expand` resolves the command line into leaf :class:`Target` s (cheap: no article is read);
:func:`read_target` yields the articles of one. Folders are searched recursively for .txt .html
.htm .json .jsonl files. A .txt file whose lines are all http(s) URLs (``#`` comments allowed) is a
URL list. A .jsonl file is a manifest: each record holds ``text`` (or ``body``/``content``) or a
``path`` (relative to the manifest; a URL works too), plus optional published/outlet/title/url.
A feed entry with full text (``content:encoded``, Atom ``content``) is used as it is; otherwise
its link is fetched. A WARC's 2xx HTML and plain-text responses are articles (other records are
not articles and are passed over); its target URI is the origin and URL.

Metadata given for the batch (``--published`` ...) fills only what an input does not carry.
"""

from __future__ import annotations

import dataclasses
import glob
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Literal, TextIO
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from claimgraph.errors import Code, InputError, clip
from claimgraph.ingest.article import NO_DATE_NOTE, Meta, Overrides, RawArticle, build_article, metadata_date
from claimgraph.ingest.fetch import FEED_MARKS, fetch_url, is_feed, parse_content_type
from claimgraph.ingest.records import TEXT_FIELDS, record_article
from claimgraph.ingest.sources import Options, Payload, parse_payload, payload_of, read_inputs
from claimgraph.ingest.text import Kind, normalize_newlines

TargetKind = Literal["input", "url", "feed", "manifest", "warc", "error"]
Item = RawArticle | InputError
FOLDER_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
LIST_SUFFIXES = ("", ".txt", ".urls", ".list")
WARC_MARKS = (b"WARC/", b"filedesc://")
WARC_KINDS: dict[str, Kind] = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
SNIFF_BYTES = 4096
BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "br", "tr")
MIN_FULL_TEXT_WORDS = 40


@dataclass(frozen=True)
class Target:
    """One thing to read: an ordinary input (path, URL, ``-``), a feed, a manifest, a WARC file,
    or an error met while expanding."""

    kind: TargetKind
    location: str
    error: InputError | None = None


@dataclass(frozen=True)
class BatchOptions:
    """Metadata for inputs that carry none, and how to read."""

    defaults: Overrides = field(default_factory=Overrides)
    allow_private: bool = False
    max_bytes: int = 5_000_000
    timeout: float = 20.0
    stdin: TextIO | None = None
    encoding: str | None = None  # of text inputs, when given; else UTF-8, or detected

    def reader(self, given: Overrides | None = None) -> Options:
        """The options of :mod:`claimgraph.ingest.sources` (``given`` overrides what is found)."""
        return Options(given or Overrides(), self.allow_private, self.max_bytes, self.timeout, self.encoding,
                       self.stdin)


def read_batch(targets: Iterable[str], options: BatchOptions) -> Iterator[Item]:
    """Every article of every target, in order."""
    for target in expand(targets):
        yield from read_target(target, options)


def expand(targets: Iterable[str]) -> list[Target]:
    """Resolve globs, folders and URL lists into leaf targets, in order."""
    return [leaf for target in targets for leaf in _expand_one(target)]


def _expand_one(target: str) -> list[Target]:
    if is_http(target):
        return [Target("url", target)]
    if target == "-":
        return [Target("input", target)]
    path = Path(target)
    if path.is_dir():
        return _folder(path)
    if path.is_file():
        return _file(path)
    if any(ch in target for ch in "*?["):
        return _glob(target)
    return [Target("input", target)]  # read_inputs says why it cannot be read


def _glob(pattern: str) -> list[Target]:
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        return [Target("error", pattern, InputError(Code.E006, pattern, "no file matches the pattern"))]
    paths = [Path(match) for match in matches]
    return [leaf for path in paths for leaf in (_folder(path) if path.is_dir() else _file(path))]


def _folder(path: Path) -> list[Target]:
    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES
                   and not any(part.startswith(".") for part in p.relative_to(path).parts))
    if not files:
        detail = "no " + " ".join(FOLDER_SUFFIXES) + " files in the folder"
        return [Target("error", str(path), InputError(Code.E001, str(path), detail))]
    return [leaf for file in files for leaf in _file(file)]


def _file(path: Path) -> list[Target]:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return [Target("warc", str(path))]
    if name.endswith(FEED_SUFFIXES) or (path.suffix.lower() not in FOLDER_SUFFIXES and _looks_like_feed(path)):
        return [Target("feed", str(path))]
    if name.endswith((".jsonl", ".ndjson")):
        return [Target("manifest", str(path))]
    if path.suffix.lower() in LIST_SUFFIXES:
        listed = _url_list(path)
        if listed is not None:
            return listed
    return [Target("input", str(path))]


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(SNIFF_BYTES)
    except OSError:
        return b""


def _looks_like_feed(path: Path) -> bool:
    head = _head(path).lower()
    return any(mark in head for mark in FEED_MARKS)


def _url_list(path: Path) -> list[Target] | None:
    """The URLs of a URL list (one per line, ``#`` comments); None when the file is not one."""
    head = _head(path)
    lines = head.decode("utf-8", "replace").split("\n")
    if not _all_urls(lines[:-1] if len(head) == SNIFF_BYTES else lines):
        return None
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    targets = []
    for number, line in enumerate(lines, start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        where = f"{path}#{number}"
        targets.append(Target("url", entry) if is_http(entry) else
                       Target("error", where, InputError(Code.E007, where, f"not an http(s) URL: {entry[:80]}")))
    return targets


def _all_urls(lines: list[str]) -> bool:
    entries = [x.strip() for x in lines if x.strip() and not x.strip().startswith("#")]
    return bool(entries) and all(is_http(x) and len(x.split()) == 1 for x in entries)


def expected_items(target: Target) -> int | None:
    """How many items reading ``target`` gives, where that is cheap to know: the non-blank lines of
    a local JSON Lines file (counted a block at a time), one for a single input or URL; None for a
    feed or WARC file."""
    if target.kind in ("feed", "warc"):
        return None
    if target.kind != "manifest":
        return 1
    try:
        with open(target.location, "rb") as stream:
            return sum(1 for line in stream if line.strip())
    except OSError:
        return 1                                           # read_target reports why


def read_target(target: Target, options: BatchOptions) -> Iterator[Item]:
    """The articles of one target (errors yielded, never raised)."""
    if target.kind == "error" and target.error is not None:
        yield target.error
        return
    readers = {"url": _read_url, "feed": _read_feed, "manifest": _read_manifest, "warc": _read_warc}
    reader = readers.get(target.kind, _read_input)
    for item in reader(target.location, options):
        yield item if isinstance(item, InputError) else with_defaults(item, options.defaults, "given")


def _read_input(location: str, options: BatchOptions, given: Overrides | None = None) -> Iterator[Item]:
    reader = options.reader(given)
    yield from read_inputs([location], published=reader.given.published, outlet=reader.given.outlet,
                           title=reader.given.title, url=reader.given.url, allow_private=options.allow_private,
                           max_bytes=options.max_bytes, timeout=options.timeout, stdin=options.stdin,
                           encoding=options.encoding)


def with_defaults(raw: RawArticle, defaults: Overrides, source: Literal["given", "metadata"]) -> RawArticle:
    """Fill the publication date, outlet, title and URL an article lacks."""
    doc = raw.document
    update: dict[str, Any] = {}
    if doc.published is None and defaults.published is not None:
        notes = [n for n in doc.notes if n != NO_DATE_NOTE]
        update.update(published=defaults.published, published_source=source, notes=notes)
    for name in ("outlet", "title", "url"):
        if getattr(doc, name) is None and getattr(defaults, name):
            update[name] = getattr(defaults, name)
    return dataclasses.replace(raw, document=doc.model_copy(update=update)) if update else raw


def _read_url(location: str, options: BatchOptions) -> Iterator[Item]:
    """A URL: fetched once, then read as a feed (its entries) or as one article page."""
    try:
        fetched = fetch_url(location, allow_private=options.allow_private, max_bytes=options.max_bytes,
                            timeout=options.timeout)
    except InputError as err:
        yield err
        return
    if is_feed(fetched):
        yield from _feed_items(fetched.body, location, options)
        return
    reader = options.reader()
    try:
        yield from parse_payload(payload_of(fetched, location, reader), reader)
    except InputError as err:
        yield err


def _read_feed(location: str, options: BatchOptions) -> Iterator[Item]:
    try:
        data = Path(location).read_bytes()
    except OSError as exc:
        yield InputError(Code.E006, location, exc.strerror or type(exc).__name__)
        return
    yield from _feed_items(data, location, options)


def _feed_items(data: bytes, location: str, options: BatchOptions) -> Iterator[Item]:
    """The articles of an RSS or Atom feed's entries."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        yield InputError(Code.E015, location, str(problem) if problem else "no entries")
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        yield from _feed_entry(entry, location, number, outlet, options)


def entry_link(entry: Any, where: str, feed: str) -> str | None:
    """The entry's link as an absolute http(s) URL, or None when it has none.

    A feed is somebody else's data: a link to a local path (``/etc/passwd``, ``../notes.txt``,
    ``file:///...``) or any other scheme is refused (E054), wherever the feed came from. A relative
    link in a remote feed is resolved against the feed's own URL, as a browser would.
    """
    link = str(entry.get("link") or "").strip()
    if not link:
        return None
    if is_http(feed):
        link = urljoin(feed, link)
    if not is_http(link):
        raise InputError(Code.E054, where, clip(link))
    return link


def is_http(location: str) -> bool:
    """Whether a location is an http:// or https:// URL with a host."""
    parts = urlsplit(location)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def entry_meta(entry: Any, outlet: str | None, where: str, feed: str) -> tuple[str | None, Meta, Overrides]:
    """A feed entry's link, the metadata of its own full text, and the defaults for the page it
    links to (for what that page does not say itself). Raises E054 for a link that is not http(s)."""
    link = entry_link(entry, where, feed)
    date = entry.get("published") or entry.get("updated")
    meta = Meta(published=date, outlet=outlet, title=entry.get("title") or None,
                author=entry.get("author") or None, url=link)
    return link, meta, Overrides(published=metadata_date(date), outlet=outlet, title=meta.title, url=link)


def _feed_entry(entry: Any, feed: str, number: int, outlet: str | None, options: BatchOptions) -> Iterator[Item]:
    where = f"{feed}#{number}"
    try:
        link, meta, feed_meta = entry_meta(entry, outlet, where, feed)
    except InputError as exc:
        yield exc
        return
    body = full_text(entry)
    if body is not None:
        try:
            yield entry_article(body, link or where, meta)
        except InputError as exc:
            yield exc
    elif link:
        for item in _read_input(link, options):
            yield item if isinstance(item, InputError) else with_defaults(item, feed_meta, "metadata")
    else:
        yield InputError(Code.E015, where, "an entry with neither full text nor a link")


def full_text(entry: Any) -> tuple[str, str] | None:
    """The entry's own content (value, media type) when it is the full article, else None."""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if len(value.split()) >= MIN_FULL_TEXT_WORDS:
            return value, content.get("type") or "text/html"
    return None


def entry_article(body: tuple[str, str], origin: str, meta: Meta) -> RawArticle:
    value, media = body
    text = fragment_text(value) if "html" in media else normalize_newlines(value).strip()
    if not text:
        raise InputError(Code.E011, origin, "the feed entry's content holds no text")
    return build_article(text, meta, origin, Overrides())


# Characters XML cannot hold (lxml refuses a string with any of them): C0 controls but tab and line
# breaks, lone surrogates, U+FFFE/U+FFFF. A feed's decoded content may carry them (``&#0;``).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed entry's body), one line per paragraph or other block."""
    root = lxml.html.fragment_fromstring(NOT_XML.sub(" ", html), create_parent="div")
    for junk in root.xpath("//script|//style"):
        junk.drop_tree()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _read_manifest(location: str, options: BatchOptions) -> Iterator[Item]:
    """The records of a JSON Lines file, read a line at a time (the file is never held whole): a
    line that is not UTF-8 or longer than ``max_bytes`` is reported and skipped."""
    base = Path(location).parent
    try:
        with open(location, "rb") as stream:
            for number, line in enumerate(manifest_lines(stream, options.max_bytes), start=1):
                where = f"{location}#{number}"
                if isinstance(line, InputError):
                    yield InputError(line.code, where, line.detail)
                elif line.strip():
                    yield from _manifest_record(line, base, where, options)
    except OSError as exc:
        yield InputError(Code.E006, location, exc.strerror or type(exc).__name__)


def manifest_lines(stream: BinaryIO, max_bytes: int) -> Iterator[str | InputError]:
    """The lines of a binary stream as text, split as Python's text mode splits them (``\n``,
    ``\r\n`` or ``\r``), reading at most ``max_bytes`` at a time: a longer line gives one E004
    (its bytes skipped), a line that is not UTF-8 one E003."""
    while chunk := stream.readline(max_bytes + 1):
        if len(chunk) > max_bytes and not chunk.endswith(b"\n"):
            while (rest := stream.readline(max_bytes + 1)) and not rest.endswith(b"\n"):
                pass                                       # skip the rest of the long line
            yield InputError(Code.E004, None, f"a line of more than {max_bytes:,} bytes")
            continue
        try:
            text = chunk.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield InputError(Code.E003, None, f"{exc.reason} at byte {exc.start}")
            continue
        yield from text.removesuffix("\n").removesuffix("\r").split("\r")


def _manifest_record(line: str, base: Path, where: str, options: BatchOptions) -> Iterator[Item]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        yield InputError(Code.E010, where, f"invalid JSON at column {exc.colno}: {exc.msg}")
        return
    if isinstance(value, dict) and "path" in value and not any(value.get(f) is not None for f in TEXT_FIELDS):
        yield from _manifest_path(value, base, where, options)
        return
    try:
        yield record_article(value, where, Overrides())
    except InputError as exc:
        yield exc


def _manifest_path(record: dict[str, Any], base: Path, where: str, options: BatchOptions) -> Iterator[Item]:
    """A manifest record naming a file (or URL); the record's metadata wins over the file's."""
    try:
        given = _record_overrides(record, where)
    except InputError as exc:
        yield exc
        return
    path = record["path"]
    target = path if is_http(path) or Path(path).is_absolute() else str(base / path)
    yield from _read_input(target, options, given)


def _record_overrides(record: dict[str, Any], where: str) -> Overrides:
    fields = {name: record.get(name) for name in ("path", "outlet", "title", "url", "published")}
    wrong = [name for name, value in fields.items() if value is not None and not isinstance(value, str)]
    if wrong or not fields["path"]:
        raise InputError(Code.E016, where, f"'{(wrong or ['path'])[0]}' is not a non-empty string")
    published = metadata_date(fields["published"]) if fields["published"] else None
    if fields["published"] and published is None:
        raise InputError(Code.E016, where, f"cannot read the date {fields['published']!r}")
    return Overrides(published=published, outlet=fields["outlet"], title=fields["title"], url=fields["url"])


def _warc_start(location: str) -> bytes:
    """The archive's first bytes, decompressed when gzipped."""
    with open(location, "rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if head.startswith(b"\x1f\x8b"):
        head = zlib.decompressobj(wbits=31).decompress(head, 64)
    return head


def _read_warc(location: str, options: BatchOptions) -> Iterator[Item]:
    try:
        if not _warc_start(location).startswith(WARC_MARKS):
            yield InputError(Code.E017, location, "it does not start with a WARC or ARC header")
            return
        with open(location, "rb") as stream:
            records = ArchiveIterator(stream)
            for number, record in enumerate(records, start=1):
                yield from _warc_record(record, f"{location}#{number}", options)
            size = stream.seek(0, 2)
            if records.offset < size:  # a compressed record cut off at the end is skipped silently by warcio
                yield InputError(Code.E017, location, f"{size - records.offset:,} bytes at the end are not a "
                                                      "complete record (the file is cut off)")
    except FileNotFoundError:
        yield InputError(Code.E006, location)
    except (ArchiveLoadFailed, OSError, ValueError, zlib.error, AttributeError, TypeError, EOFError) as exc:
        yield InputError(Code.E017, location, str(exc).strip() or type(exc).__name__)


def _warc_record(record: Any, where: str, options: BatchOptions) -> Iterator[Item]:
    """A 2xx HTML or text response (or resource) as an article; nothing for other records; E017 for
    a record without headers or cut short (its Content-Length promises more than the file holds)."""
    if record.rec_type not in ("response", "resource"):
        return
    if record.rec_headers is None:
        yield InputError(Code.E017, where, "a record without headers")
        return
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    headers = record.http_headers if record.rec_type == "response" else None
    if headers is not None and not str(headers.get_statuscode() or "").startswith("2"):
        return
    media, charset = parse_content_type((headers or record.rec_headers).get_header("Content-Type"))
    kind = WARC_KINDS.get(media or "")
    if kind is None:
        return
    stream = record.content_stream()
    data = stream.read(options.max_bytes + 1)
    while stream.read(1 << 16):  # the rest, unkept, to learn whether the record is whole
        pass
    if getattr(record.raw_stream, "limit", 0) > 0:
        yield InputError(Code.E017, where, f"the record of {uri or 'no URI'} is cut off")
        return
    try:
        yield from parse_payload(Payload(uri, data, kind, charset, uri), options.reader())
    except InputError as exc:
        yield exc
