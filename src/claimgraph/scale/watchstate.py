"""The lasting parts of ``claimgraph watch``: the state file (what was seen of each feed), the
per-host politeness delay and the WARC archive of every fetched page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from claimgraph.errors import Code, ConfigError
from claimgraph.ingest.fetch import Page

if TYPE_CHECKING:
    from warcio.warcwriter import WARCWriter

STATE_FORMAT = "claimgraph-watch-state"
STATE_VERSION = 1
MAX_SEEN = 10_000  # entry keys remembered per feed (the oldest are forgotten first)
DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def default_state_path(db: str) -> Path:
    """Where the watch state of a database lives by default: beside a SQLite file
    (``corpus.db.watch.json``), else ``claimgraph-watch-HOST-PORT-DB.json`` in this folder."""
    if "://" not in db:
        return Path(db + ".watch.json")
    if db.startswith("sqlite:///"):
        return Path(db.removeprefix("sqlite:///") + ".watch.json")
    parts = urlsplit(db)
    name = "-".join(x for x in (parts.hostname or "local", str(parts.port or ""), parts.path.strip("/")) if x)
    return Path("claimgraph-watch-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".json")


# --- state --------------------------------------------------------------------------------------------

@dataclass
class FeedState:
    """What is remembered of one feed."""

    etag: str | None = None
    last_modified: str | None = None
    checked: str | None = None  # when it was last polled (UTC, ISO 8601)
    error: str | None = None  # the last poll's error line, None when it went well
    seen: list[str] = field(default_factory=list)  # entry keys done with, oldest first
    attempts: dict[str, int] = field(default_factory=dict)  # entry key -> failed rounds so far

    def mark_seen(self, key: str) -> None:
        self.attempts.pop(key, None)
        self.seen.append(key)
        del self.seen[:-MAX_SEEN]


@dataclass
class WatchState:
    """The watch state of every feed, kept in a JSON file."""

    path: Path
    feeds: dict[str, FeedState] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> WatchState:
        """The state kept at ``path`` (empty when the file does not exist yet); E053 when unreadable."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(Code.E053, str(path), str(exc)) from exc
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise ConfigError(Code.E053, str(path), f"not a {STATE_FORMAT} file")
        if data.get("version") != STATE_VERSION:
            raise ConfigError(Code.E053, str(path), f"version {data.get('version')!r}, expected {STATE_VERSION}")
        try:
            feeds = {str(url): FeedState(**value) for url, value in dict(data.get("feeds") or {}).items()}
        except (TypeError, ValueError) as exc:
            raise ConfigError(Code.E053, str(path), str(exc)) from exc
        return cls(path, feeds)

    def feed(self, url: str) -> FeedState:
        return self.feeds.setdefault(url, FeedState())

    def save(self) -> None:
        """Write the state atomically (a temporary file beside it, then renamed); E022 on failure."""
        data = {"format": STATE_FORMAT, "version": STATE_VERSION,
                "feeds": {url: dataclasses.asdict(feed) for url, feed in self.feeds.items()}}
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(data, out, indent=1, ensure_ascii=False)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise ConfigError(Code.E022, str(self.path), exc.strerror or str(exc)) from exc


# --- politeness and archiving ---------------------------------------------------------------------------

class Politeness:
    """At least ``delay`` seconds between the end of one request and the start of the next to a host."""

    def __init__(self, delay: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.delay = delay
        self.clock = clock
        self.sleep = sleep
        self.last: dict[str, float] = {}

    @contextmanager
    def turn(self, url: str) -> Iterator[None]:
        """Wait for the host's turn, then hold it while the request runs."""
        host = (urlsplit(url).hostname or "").lower()
        due = self.last.get(host)
        if due is not None:
            wait = due + self.delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        try:
            yield
        finally:
            self.last[host] = self.clock()


class Archive:
    """A WARC file receiving every fetched page (a request and a response record each).

    ``target``: an existing folder (a new ``claimgraph-watch-TIMESTAMP.warc.gz`` in it per run) or a
    file (``.warc.gz`` gzipped, else plain), appended to. Opened on the first page.
    """

    def __init__(self, target: str | Path) -> None:
        path = Path(target)
        self.folder = path.is_dir() or str(target).endswith(("/", os.sep))
        self.path = path / f"claimgraph-watch-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.warc.gz" if self.folder else path
        self._stream: io.BufferedWriter | None = None
        self._writer: WARCWriter | None = None
        self.records = 0

    def write(self, page: Page) -> None:
        """Archive one fetched page (nothing for a 304, which carries no page); E022 on failure."""
        if page.fetched is None:
            return
        try:
            writer = self._open()
            request, response = _records(writer, page)
            writer.write_request_response_pair(request, response)
            for record in (request, response):
                record.raw_stream.close()
            if self._stream is not None:
                self._stream.flush()
        except OSError as exc:
            raise ConfigError(Code.E022, str(self.path), exc.strerror or str(exc)) from exc
        self.records += 2

    def _open(self) -> WARCWriter:
        if self._writer is None:
            from warcio.warcwriter import WARCWriter

            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.folder:  # a new file of its own
                self.path = _unused(self.path)
            stream = self._stream = self.path.open("ab")
            self._writer = WARCWriter(stream, gzip=self.path.name.endswith(".gz"))
            info = self._writer.create_warcinfo_record(self.path.name, {"software": "claimgraph watch",
                                                                        "format": "WARC File Format 1.1"})
            self._writer.write_record(info)
            info.raw_stream.close()
        return self._writer

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
            self._writer = None


def _unused(path: Path) -> Path:
    """``path``, or ``NAME-2.warc.gz``, ``NAME-3.warc.gz``... where it exists."""
    stem = path.name.removesuffix(".warc.gz")
    number = 1
    while path.exists():
        number += 1
        path = path.with_name(f"{stem}-{number}.warc.gz")
    return path


def _records(writer: WARCWriter, page: Page) -> tuple[Any, Any]:
    """The request and response records of a page. The body is stored as decoded, so the transfer
    and content encodings are dropped from the headers and the length is the stored one's."""
    from warcio.statusandheaders import StatusAndHeaders

    assert page.fetched is not None
    body = page.fetched.body
    parts = urlsplit(page.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = StatusAndHeaders(f"GET {target} {page.http_version}", list(page.request_headers),
                                       is_http_request=True)
    kept = [(k, v) for k, v in page.headers if k.lower() not in DROPPED_HEADERS]
    response_headers = StatusAndHeaders(f"{page.status} {page.reason}", [*kept, ("Content-Length", str(len(body)))],
                                        protocol=page.http_version)
    request = writer.create_warc_record(page.url, "request", http_headers=request_headers)
    response = writer.create_warc_record(page.url, "response", payload=io.BytesIO(body),
                                         http_headers=response_headers)
    return request, response
