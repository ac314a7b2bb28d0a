"""Remote RSS feeds and pages through a real HTTP server on loopback (allowed explicitly)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claimgraph.errors import InputError
from claimgraph.ingest import RawArticle, read_inputs
from claimgraph.ingest.batch import BatchOptions, read_batch

PAGE = ("<html><head><title>Quay repairs</title></head><body><article><p>The port authority said on "
        "Tuesday that 14 ships had been turned away from the harbour since the storm began, and that "
        "repairs to the northern quay would take at least three weeks, officials told reporters.</p>"
        "</article></body></html>")


def feed(base: str) -> str:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Wire</title><link>{base}/</link>'
            f"<item><title>Quay repairs</title><link>{base}/quay</link><pubDate>Tue, 04 Mar 2025 08:00:00 GMT"
            "</pubDate><description>Short.</description></item></channel></rss>")


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        routes = {"/feed": ("application/rss+xml", feed(base)), "/quay": ("text/html; charset=utf-8", PAGE)}
        kind, body = routes.get(self.path, ("text/plain", ""))
        self.send_response(200 if self.path in routes else 404)
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(body.encode("utf-8"))

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_remote_feed_gives_its_entries_pages(server: str) -> None:
    items = list(read_batch([f"{server}/feed"], BatchOptions(allow_private=True)))
    assert all(isinstance(x, RawArticle) for x in items), items
    (page,) = items
    assert isinstance(page, RawArticle)
    assert page.document.url == f"{server}/quay" and page.document.title == "Quay repairs"
    assert "14 ships had been turned away" in page.text


def test_a_remote_feed_is_refused_on_loopback_unless_allowed(server: str) -> None:
    (item,) = list(read_batch([f"{server}/feed"], BatchOptions()))
    assert isinstance(item, InputError) and item.code.name == "E008"


def test_extract_names_a_feed_for_what_it_is(server: str) -> None:
    (item,) = list(read_inputs([f"{server}/feed"], allow_private=True))
    assert isinstance(item, InputError) and item.code.name == "E005" and "claimgraph ingest" in str(item)
