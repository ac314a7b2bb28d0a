"""``claimgraph watch``: feeds followed through a real HTTP server on 127.0.0.1 (allowed explicitly).

The server logs every request (path, headers, status, arrival time), so politeness is checked on
the server's side: conditional requests, 304 answers, the gap between requests to one host.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator

from claimgraph.cli.watch import watch
from claimgraph.errors import ClaimgraphError, Code
from claimgraph.ingest import RawArticle
from claimgraph.ingest.batch import BatchOptions, read_batch
from claimgraph.ingest.fetch import USER_AGENT
from claimgraph.scale.watch import MAX_ATTEMPTS, Watcher, WatchOptions, feed_list, parse_duration
from claimgraph.scale.watchstate import Archive, Politeness, WatchState, default_state_path
from claimgraph.store import AddResult, Store

app = typer.Typer()
app.command()(watch)
app.command("other")(lambda: None)  # two commands, so "watch" is named on the command line
runner = CliRunner()

FULL_TEXT = ("Rescue teams have recovered 27 bodies from the collapsed apartment building, the regional emergency "
             "service said on Sunday. The mayor said that at least 40 residents were still missing and that the "
             "search would continue through the night. Engineers said the building had been declared unsafe "
             "two years ago.")
PAGE = ("<html><head><title>Quay repairs</title></head><body><article><p>The port authority said on "
        "Tuesday that 14 ships had been turned away from the harbour since the storm began, and that "
        "repairs to the northern quay would take at least three weeks, officials told reporters.</p>"
        "</article></body></html>")
PAGE_2 = ("<html><head><title>Bridge closed</title></head><body><article><p>The transport ministry said on "
          "Wednesday that the river bridge would stay closed for at least two months after inspectors found "
          "cracks in three of its supports, a spokesman told reporters.</p></article></body></html>")
MODIFIED = formatdate(1741075200, usegmt=True)  # Tue, 04 Mar 2025 08:00:00 GMT


def item(guid: str, title: str, link: str, full: str | None = None) -> str:
    content = f"<content:encoded><![CDATA[<p>{full}</p>]]></content:encoded>" if full else ""
    return (f"<item><guid>{guid}</guid><title>{title}</title><link>{link}</link>"
            f"<pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate>{content}</item>")


def rss(*items: str) -> str:
    return ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>Harbour Wire</title>{''.join(items)}</channel></rss>")


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int
    at: float


@dataclass
class Site:
    """What the server serves (path -> content type, body, ETag) and every request it saw."""

    base: str = ""
    routes: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)

    def feed(self, *items: str, etag: str = '"v1"') -> None:
        self.routes["/feed"] = ("application/rss+xml", rss(*items), etag)

    def requests(self, path: str) -> list[Hit]:
        return [hit for hit in self.hits if hit.path == path]


class Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:
        at = time.monotonic()
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, kind, body, etag = self.answer(headers)
        self.site.hits.append(Hit(self.path, headers, status, at))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", MODIFIED)
        self.end_headers()
        self.wfile.write(body)

    def answer(self, headers: dict[str, str]) -> tuple[int, str, bytes, str | None]:
        if self.path == "/broken":
            return 500, "text/plain", b"oops", None
        if self.path not in self.site.routes:
            return 404, "text/plain", b"not here", None
        kind, body, etag = self.site.routes[self.path]
        if etag and "if-none-match" in headers:  # it takes precedence over If-Modified-Since (RFC 9110)
            if headers["if-none-match"] == etag:
                return 304, kind, b"", etag
        elif etag and headers.get("if-modified-since") == MODIFIED:
            return 304, kind, b"", etag
        return 200, kind, body.encode("utf-8"), etag

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture()
def site() -> Iterator[Site]:
    served = Site()
    handler = type("SiteHandler", (Handler,), {"site": served})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    served.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    served.routes["/quay"] = ("text/html; charset=utf-8", PAGE, None)
    served.routes["/bridge"] = ("text/html; charset=utf-8", PAGE_2, None)
    served.routes["/home"] = ("text/html; charset=utf-8", PAGE, None)
    yield served
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["watch", *args])
    return result.exit_code, result.stderr


class Collect:
    """A sink keeping the articles it is given (for tests of polling alone)."""

    def __init__(self) -> None:
        self.raws: list[RawArticle] = []

    def __call__(self, raws: list[RawArticle]) -> list[AddResult]:
        self.raws.extend(raws)
        return [AddResult("new", n, 0, 1) for n, _ in enumerate(raws)]


def closed_port() -> int:
    with socket.socket() as sock:  # free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- end to end through the command ------------------------------------------------------------------

def test_new_entries_are_ingested_once_then_the_feed_answers_304(nlp: object, site: Site, tmp_path: Path) -> None:
    site.feed(item("a1", "Building collapse", "https://example.org/collapse", FULL_TEXT),
              item("a2", "Quay repairs", f"{site.base}/quay"))
    db, state = str(tmp_path / "corpus.db"), tmp_path / "watch.json"
    args = (f"{site.base}/feed", "--db", db, "--state", str(state), "--once", "--allow-private", "--delay", "0.01")
    code, err = run(*args)
    assert code == 0, err
    assert "1 feed polls (0 not modified, 0 failed), 2 new entries (0 failed): 2 new, 0 unchanged" in err
    with Store.open(db) as store:
        stored = {origin: article for _, origin, article in store.articles()}
    assert set(stored) == {"https://example.org/collapse", f"{site.base}/quay"}
    page = stored[f"{site.base}/quay"].document
    assert (page.title, str(page.published), page.published_source) == ("Quay repairs", "2025-03-04", "metadata")
    assert stored["https://example.org/collapse"].claims
    (first,) = site.requests("/feed")
    assert "if-none-match" not in first.headers and first.headers["user-agent"] == USER_AGENT
    kept = json.loads(state.read_text(encoding="utf-8"))["feeds"][f"{site.base}/feed"]
    assert (kept["etag"], kept["last_modified"], kept["seen"]) == ('"v1"', MODIFIED, ["a1", "a2"])

    code, err = run(*args)  # nothing changed: a conditional GET answered 304, no page fetched
    assert code == 0 and "(1 not modified, 0 failed), 0 new entries" in err, err
    second = site.requests("/feed")[1]
    assert (second.headers["if-none-match"], second.headers["if-modified-since"], second.status) == (
        '"v1"', MODIFIED, 304)
    assert len(site.requests("/quay")) == 1

    site.feed(item("a3", "Bridge closed", f"{site.base}/bridge"),
              item("a1", "Building collapse", "https://example.org/collapse", FULL_TEXT),
              item("a2", "Quay repairs", f"{site.base}/quay"), etag='"v2"')
    code, err = run(*args)  # only the new entry is read
    assert code == 0 and "1 new entries (0 failed): 1 new, 0 unchanged" in err, err
    assert site.requests("/feed")[2].status == 200
    assert (len(site.requests("/quay")), len(site.requests("/bridge"))) == (1, 1)
    with Store.open(db) as store:
        assert len(store.articles()) == 3


def test_a_failing_feed_does_not_stop_the_others(nlp: object, site: Site, tmp_path: Path) -> None:
    site.feed(item("q", "Quay repairs", f"{site.base}/quay"))
    feeds = tmp_path / "feeds.txt"
    dead = f"http://127.0.0.1:{closed_port()}/rss"
    feeds.write_text(f"# feeds\n{site.base}/broken\n{dead}\n{site.base}/home\n{site.base}/feed\n", encoding="utf-8")
    db, state = str(tmp_path / "corpus.db"), tmp_path / "watch.json"
    args = (str(feeds), "--db", db, "--state", str(state), "--once", "--allow-private", "--delay", "0")
    code, err = run(*args)
    assert code == 1
    lines = err.strip().splitlines()
    assert [line[:5] for line in lines[1:4]] == ["E007:", "E007:", "E015:"]  # one line per bad feed, in order
    assert f"cannot read '{site.base}/broken': cannot fetch URL (HTTP 500" in lines[1]
    assert "4 feed polls (0 not modified, 3 failed), 1 new entries (0 failed): 1 new" in lines[-1]
    assert "Traceback" not in err
    kept = json.loads(state.read_text(encoding="utf-8"))["feeds"]
    assert kept[f"{site.base}/broken"]["error"].startswith("E007:") and kept[f"{site.base}/feed"]["error"] is None

    code, err = run(*args)  # the bad feeds are polled again next round
    assert code == 1 and len(site.requests("/broken")) == 2 and len(site.requests("/home")) == 2
    assert "(1 not modified, 3 failed)" in err


def test_the_archive_holds_every_fetched_page(nlp: object, site: Site, tmp_path: Path) -> None:
    site.feed(item("q", "Quay repairs", f"{site.base}/quay"), item("b", "Bridge closed", f"{site.base}/bridge"))
    archive = tmp_path / "warc"
    archive.mkdir()
    args = (f"{site.base}/feed", "--db", str(tmp_path / "c.db"), "--state", str(tmp_path / "s.json"), "--once",
            "--allow-private", "--delay", "0", "--warc", str(archive))
    assert run(*args)[0] == 0
    assert run(*args)[0] == 0
    (first,) = archive.glob("*.warc.gz")  # a 304 writes nothing: no second archive
    records = read_warc(first)
    assert [(kind, uri) for kind, uri, _, _ in records] == [
        ("warcinfo", None),
        ("response", f"{site.base}/feed"), ("request", f"{site.base}/feed"),  # warcio's pair order
        ("response", f"{site.base}/quay"), ("request", f"{site.base}/quay"),
        ("response", f"{site.base}/bridge"), ("request", f"{site.base}/bridge")]
    responses = {uri: (status, body) for kind, uri, status, body in records if kind == "response"}
    assert responses[f"{site.base}/quay"] == ("200", PAGE.encode())
    assert responses[f"{site.base}/feed"][1] == site.routes["/feed"][1].encode()
    # the archive reads back as the article pages it holds (the feed itself is not an article)
    pages = [x for x in read_batch([str(first)], BatchOptions()) if isinstance(x, RawArticle)]
    assert [p.document.origin for p in pages] == [f"{site.base}/quay", f"{site.base}/bridge"]


def read_warc(path: Path) -> list[tuple[str, str | None, str | None, bytes]]:
    with path.open("rb") as stream:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                 r.http_headers.get_statuscode() if r.rec_type == "response" else None,
                 r.content_stream().read()) for r in ArchiveIterator(stream)]


def test_ctrl_c_stops_cleanly_with_a_summary(site: Site, tmp_path: Path) -> None:
    state = tmp_path / "watch.json"
    cmd = [sys.executable, "-m", "claimgraph.cli", "watch", f"{site.base}/broken", "--every", "1h", "--delay", "0",
           "--allow-private", "--db", str(tmp_path / "c.db"), "--state", str(state)]
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}

    def interruptible() -> None:  # a shell's background job inherits Ctrl-C ignored: undo that
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    with subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env, preexec_fn=interruptible) as proc:
        watchdog = threading.Timer(120, proc.kill)  # a failure below must not wait out the 1h round
        watchdog.start()
        try:
            assert proc.stderr is not None
            lines = [proc.stderr.readline() for _ in range(3)]  # watching ..., the feed's error, round 1
            assert lines[2].startswith("round 1: 1 feed polls (0 not modified, 1 failed)"), lines
            proc.send_signal(signal.SIGINT)
            rest = proc.stderr.read()
            assert proc.wait(timeout=30) == 130
        finally:
            watchdog.cancel()
            if proc.poll() is None:
                proc.kill()
    assert rest.splitlines() == ["interrupted; the state is saved",
                                 "1 feed polls (0 not modified, 1 failed), 0 new entries (0 failed): 0 new, "
                                 "0 unchanged, 0 new versions (0 claims stored)"]
    assert json.loads(state.read_text(encoding="utf-8"))["feeds"][f"{site.base}/broken"]["error"].startswith("E007")


def test_a_missing_model_stops_the_watch(site: Site, tmp_path: Path) -> None:
    site.feed(item("c", "Building collapse", "https://example.org/collapse", FULL_TEXT))
    state = tmp_path / "s.json"
    code, err = run(f"{site.base}/feed", "--db", str(tmp_path / "c.db"), "--state", str(state), "--once",
                    "--allow-private", "--model", "no_such_model")
    assert code == 2 and err.splitlines()[1].startswith("E012: spaCy model not installed (tried no_such_model)")
    assert json.loads(state.read_text(encoding="utf-8"))["feeds"][f"{site.base}/feed"]["seen"] == []


@pytest.mark.parametrize(("content", "code"), [("{not json", "E053"), ('{"format": "other"}', "E053")])
def test_a_bad_state_file_is_one_line(tmp_path: Path, content: str, code: str) -> None:
    state = tmp_path / "watch.json"
    state.write_text(content, encoding="utf-8")
    status, err = run("https://example.org/rss", "--db", str(tmp_path / "c.db"), "--state", str(state), "--once")
    assert status == 2 and err.startswith(f"{code}: cannot read '{state}'") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "code"), [(["--every", "soon"], "E014"), (["--delay", "-1"], "E014"),
                                            (["--every", "0m"], "E014")])
def test_bad_options_are_one_line(tmp_path: Path, args: list[str], code: str) -> None:
    status, err = run("https://example.org/rss", "--db", str(tmp_path / "c.db"), *args)
    assert status == 2 and err.startswith(f"{code}: ") and len(err.strip().splitlines()) == 1


# --- the Python API ------------------------------------------------------------------------------------

def test_requests_to_one_host_are_spaced_by_the_delay(site: Site, tmp_path: Path) -> None:
    site.feed(item("q", "Quay repairs", f"{site.base}/quay"), item("b", "Bridge closed", f"{site.base}/bridge"))
    sink = Collect()
    watcher = Watcher([f"{site.base}/feed"], WatchState(tmp_path / "s.json"), sink,
                      WatchOptions(delay=0.25, allow_private=True))
    assert watcher.round().entries == 2 and len(sink.raws) == 2
    times = [hit.at for hit in site.hits]  # as the server saw them
    assert [hit.path for hit in site.hits] == ["/feed", "/quay", "/bridge"]
    assert all(later - earlier >= 0.25 for earlier, later in pairwise(times)), times


def test_politeness_is_per_host() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    polite = Politeness(5.0, clock=lambda: now[0], sleep=sleep)
    for url in ("http://a.example/1", "http://b.example/1", "http://A.example:8080/2"):
        with polite.turn(url):
            now[0] += 1.0  # each request takes a second
    assert slept == [4.0]  # only the second request to a.example waited: 5 s after the first ended


def test_an_entry_whose_page_fails_is_retried_then_given_up(site: Site, tmp_path: Path) -> None:
    site.feed(item("gone", "Gone", f"{site.base}/gone"), item("q", "Quay repairs", f"{site.base}/quay"))
    errors: list[ClaimgraphError] = []
    state = WatchState(tmp_path / "s.json")
    watcher = Watcher([f"{site.base}/feed"], state, Collect(), WatchOptions(delay=0, allow_private=True),
                      report=errors.append)
    watcher.round()
    feed = WatchState.load(tmp_path / "s.json").feeds[f"{site.base}/feed"]
    assert (feed.seen, feed.attempts, feed.etag) == (["q"], {"gone": 1}, None)  # validators not kept
    assert errors[0].code is Code.E007 and "HTTP 404" in str(errors[0])
    for _ in range(MAX_ATTEMPTS - 1):
        watcher.round()
    assert "if-none-match" not in site.requests("/feed")[-1].headers  # fetched in full to retry the entry
    assert len(site.requests("/gone")) == MAX_ATTEMPTS and len(site.requests("/quay")) == 1
    feed = WatchState.load(tmp_path / "s.json").feeds[f"{site.base}/feed"]
    assert (feed.seen, feed.attempts, feed.etag) == (["q", "gone"], {}, '"v1"')  # given up
    watcher.round()
    assert site.requests("/feed")[-1].status == 304 and watcher.total.rounds == MAX_ATTEMPTS + 1


def test_loopback_feeds_are_refused_unless_allowed(site: Site, tmp_path: Path) -> None:
    site.feed(item("q", "Quay repairs", f"{site.base}/quay"))
    errors: list[ClaimgraphError] = []
    tally = Watcher([f"{site.base}/feed"], WatchState(tmp_path / "s.json"), Collect(), WatchOptions(delay=0),
                    report=errors.append).round()
    assert tally.feed_errors == 1 and errors[0].code is Code.E008 and not site.hits


def test_a_local_feed_file_and_a_list_of_feeds(tmp_path: Path) -> None:
    feed = tmp_path / "wire.xml"
    feed.write_text(rss(item("c", "Building collapse", "https://example.org/collapse", FULL_TEXT)), encoding="utf-8")
    listing = tmp_path / "feeds.txt"
    listing.write_text("wire.xml\n# a comment\nhttps://example.org/rss\n", encoding="utf-8")
    assert feed_list([str(listing), str(feed)]) == [str(feed), "https://example.org/rss"]
    sink = Collect()
    watcher = Watcher([str(feed)], WatchState(tmp_path / "s.json"), sink)
    watcher.round()
    watcher.round()
    assert [raw.document.origin for raw in sink.raws] == ["https://example.org/collapse"]
    with pytest.raises(ClaimgraphError) as caught:
        feed_list([str(tmp_path / "missing.txt")])
    assert caught.value.code is Code.E006


def test_the_state_is_written_atomically(tmp_path: Path) -> None:
    state = WatchState(tmp_path / "deep" / "s.json")
    state.feed("https://example.org/rss").mark_seen("x")
    state.save()
    assert [p.name for p in (tmp_path / "deep").iterdir()] == ["s.json"]  # no temporary file left
    assert WatchState.load(state.path).feeds["https://example.org/rss"].seen == ["x"]


def test_the_archive_appends_to_a_named_file(tmp_path: Path) -> None:
    assert Archive(tmp_path / "pages.warc.gz").path == tmp_path / "pages.warc.gz"
    assert Archive(tmp_path).path.parent == tmp_path


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("1h30m", 5400),
                                               ("1d", 86400), ("0.5s", 0.5)])
def test_durations(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(("db", "path"), [
    ("corpus.db", "corpus.db.watch.json"), ("sqlite:///data/c.db", "data/c.db.watch.json"),
    ("postgresql://me@db.example:5432/news", "claimgraph-watch-db.example-5432-news.json")])
def test_default_state_path(db: str, path: str) -> None:
    assert default_state_path(db) == Path(path)
