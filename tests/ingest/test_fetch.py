"""Fetching URLs: against a real HTTP server on 127.0.0.1, and address refusal without connecting.

Nothing here touches the external network: the local server needs ``allow_private=True``, and the
refusal tests either fail before connecting or use ``httpx.MockTransport`` with a fake resolver.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from claimgraph.errors import Code, FetchError, InputError
from claimgraph.ingest import RawArticle, read_input, read_inputs
from claimgraph.ingest import fetch as fetch_module
from claimgraph.ingest.fetch import USER_AGENT, Page, fetch_page, fetch_url, parse_content_type, refused_address

PAGE = (Path(__file__).parent / "fixtures" / "article.html").read_bytes()
LATIN1 = (
    "<html><head><title>Caf\xe9</title></head><body><article><p>"
    + "PARIS - Le caf\xe9 a rouvert lundi apr\xe8s trois mois de travaux, a indiqu\xe9 la mairie. " * 3
    + "</p></article></body></html>"
).encode("latin-1")
JSONL = b'{"text": "NAIROBI \xe2\x80\x94 Police said."}\n{"text": "LONDON \xe2\x80\x94 Officials said."}\n'

Route = tuple[int, dict[str, str], bytes]
ROUTES: dict[str, Route] = {
    "/article.html": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
    "/plain": (200, {"Content-Type": "text/plain"}, "SEOUL (AP) — North Korea fired.".encode()),
    "/latin1": (200, {"Content-Type": "text/html; charset=ISO-8859-1"}, LATIN1),
    "/export.jsonl": (200, {"Content-Type": "text/plain; charset=utf-8"}, JSONL),
    "/missing": (404, {"Content-Type": "text/html"}, b"<p>Not here</p>"),
    "/broken": (500, {"Content-Type": "text/plain"}, b"oops"),
    "/report": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.7"),
    "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
    "/big": (200, {"Content-Type": "text/plain"}, b"word " * 400),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/no-location": (301, {}, b""),
    "/to-etag": (302, {"Location": "/etag"}, b""),
}
ETAG, MODIFIED = '"v1"', "Tue, 04 Mar 2025 08:00:00 GMT"


class Handler(BaseHTTPRequestHandler):
    """Serves ROUTES, a redirect chain ``/hop/N`` and a few special cases."""

    def do_GET(self) -> None:
        if self.path.startswith("/hop/"):
            left = int(self.path.rsplit("/", 1)[1])
            target = f"/hop/{left - 1}" if left else "/plain"
            return self._send(302, {"Location": target}, b"")
        if self.path == "/stream":  # no Content-Length: only the streaming cap can stop it
            return self._stream(b"word " * 400)
        if self.path == "/slow":
            time.sleep(1.0)
        if self.path == "/etag":  # a 304 to a matching If-None-Match
            if self.headers["If-None-Match"] == ETAG:
                return self._send(304, {"ETag": ETAG}, b"")
            return self._send(200, {"Content-Type": "text/plain", "ETag": ETAG}, b"ODESA - Port reopened.")
        if self.path == "/ua":
            return self._send(200, {"Content-Type": "text/plain"}, self.headers["User-Agent"].encode() * 3)
        self._send(*ROUTES.get(self.path, (404, {}, b"")))

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, body: bytes) -> None:
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def fetch_error(url: str, **options: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        read_input(url, allow_private=True, **options)
    assert caught.value.target == url
    assert repr(url) in str(caught.value)
    return caught.value


# --- against the local server -----------------------------------------------------------------------

def test_fetches_html_article(server: str) -> None:
    url = f"{server}/article.html"
    [article] = read_input(url, allow_private=True)
    doc = article.document
    assert article.text.startswith("CAMP HUMPHREYS, South Korea — North Korea may")
    assert (doc.origin, doc.url, doc.outlet, doc.author) == (url, url, "Meridian Wire", "Jane Roe")
    assert doc.published_source == "metadata"


def test_follows_redirects_up_to_five(server: str) -> None:
    url = f"{server}/hop/4"  # five redirects: /hop/4 .. /hop/0 -> /plain
    [article] = read_input(url, allow_private=True)
    assert (article.document.origin, article.document.url) == (url, f"{server}/plain")
    assert article.document.dateline == "SEOUL"


FETCH_ERRORS = [  # with max_bytes=1000
    ("/hop/5", Code.E007, "more than 5 redirects"),
    ("/loop", Code.E007, "more than 5 redirects"),
    ("/missing", Code.E007, "HTTP 404"),
    ("/broken", Code.E007, "HTTP 500"),
    ("/no-location", Code.E007, "without a Location"),
    ("/report", Code.E005, "application/pdf"),
    ("/image", Code.E005, "image/png"),
    ("/big", Code.E004, "2,000 bytes"),
    ("/stream", Code.E004, "more than 1,000 bytes"),
]


@pytest.mark.parametrize(("path", "code", "detail"), FETCH_ERRORS)
def test_fetch_errors(server: str, path: str, code: Code, detail: str) -> None:
    err = fetch_error(f"{server}{path}", max_bytes=1000)
    assert isinstance(err, FetchError)
    assert err.code is code and detail in str(err)


def test_timeout(server: str) -> None:
    err = fetch_error(f"{server}/slow", timeout=0.2)
    assert err.code is Code.E007 and "timed out" in str(err)


def test_connection_refused() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert fetch_error(f"http://127.0.0.1:{port}/").code is Code.E007


def test_http_charset_is_honoured(server: str) -> None:
    [article] = read_input(f"{server}/latin1", allow_private=True)
    assert "Le café a rouvert lundi après" in article.text


def test_jsonl_by_url_names_each_line(server: str) -> None:
    url = f"{server}/export.jsonl"
    items = list(read_inputs([url], allow_private=True))
    assert [i.document.origin for i in items if isinstance(i, RawArticle)] == [f"{url}#1", f"{url}#2"]


def test_sends_a_clear_user_agent(server: str) -> None:
    [article] = read_input(f"{server}/ua", allow_private=True)
    assert article.text.startswith(USER_AGENT)


# --- conditional GET (fetch_page, as `claimgraph watch` uses it) ---------------------------------------

def test_conditional_get_follows_redirects_to_a_304(server: str) -> None:
    page = fetch_page(f"{server}/to-etag", etag=ETAG, last_modified=MODIFIED, allow_private=True)
    assert (page.not_modified, page.fetched, page.url, page.header("etag")) == (True, None, f"{server}/etag", ETAG)
    sent = dict(page.request_headers)
    assert (sent["if-none-match"], sent["if-modified-since"], sent["user-agent"]) == (ETAG, MODIFIED, USER_AGENT)


def test_conditional_get_without_a_match_reads_the_body(server: str) -> None:
    page = fetch_page(f"{server}/to-etag", etag='"v0"', allow_private=True)
    assert page.fetched is not None and not page.not_modified
    assert (page.status, page.fetched.body, page.fetched.media_type) == (200, b"ODESA - Port reopened.", "text/plain")
    assert "if-modified-since" not in dict(page.request_headers)


@pytest.mark.parametrize(("path", "code", "detail"), FETCH_ERRORS)
def test_conditional_get_errors(server: str, path: str, code: Code, detail: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_page(f"{server}{path}", etag=ETAG, allow_private=True, max_bytes=1000)
    assert caught.value.code is code and detail in str(caught.value)
    assert caught.value.target == f"{server}{path}"


# --- refusal, without connecting -----------------------------------------------------------------------

def never_called(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"connected to {request.url}")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/", "http://127.1.2.3:8080/x", "http://10.0.0.1/", "http://10.255.1.2/",
        "http://172.16.0.1/", "http://192.168.1.1/", "http://[::1]/", "http://169.254.169.254/latest/meta-data",
        "http://[fe80::1]/", "http://0.0.0.0/", "http://224.0.0.1/", "http://[::ffff:127.0.0.1]/",
        "http://100.64.0.1/", "http://localhost/",
    ],
)
def test_refuses_private_addresses(url: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_url(url, transport=httpx.MockTransport(never_called))
    assert caught.value.code is Code.E008
    assert url in str(caught.value)
    assert "--allow-private" in str(caught.value)


def test_refusal_through_read_inputs() -> None:
    [err] = list(read_inputs(["http://127.0.0.1:9/"]))
    assert isinstance(err, FetchError) and err.code is Code.E008


def fake_resolver(table: dict[str, str]) -> Callable[..., list[Any]]:
    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in table:
            raise socket.gaierror(f"unknown host {host}")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], port))]
    return getaddrinfo


HOSTS = {"news.example": "93.184.216.34", "intranet.example": "10.0.0.7"}


CONDITIONAL = partial(fetch_page, etag=ETAG, last_modified=MODIFIED)


def redirecting(to: str) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "news.example":
            return httpx.Response(302, headers={"Location": to})
        raise AssertionError(f"connected to {request.url}")
    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    ("url", "redirect", "code", "detail"),
    [
        ("http://intranet.example/", "", Code.E008, "intranet.example is 10.0.0.7"),
        ("http://news.example/a", "http://intranet.example/admin", Code.E008, "redirect to http://intranet.example"),
        ("http://news.example/a", "http://127.0.0.1/", Code.E008, "redirect to http://127.0.0.1/"),
        ("http://news.example/a", "ftp://news.example/a", Code.E007, "not an http(s) URL"),
        ("http://nowhere.example/", "", Code.E007, "cannot resolve nowhere.example"),
    ],
)
@pytest.mark.parametrize("fetch", [fetch_url, CONDITIONAL], ids=["fetch_url", "fetch_page"])
def test_hostnames_and_redirect_targets_are_checked(
    monkeypatch: pytest.MonkeyPatch, fetch: Callable[..., object], url: str, redirect: str, code: Code, detail: str
) -> None:
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake_resolver(HOSTS))
    with pytest.raises(FetchError) as caught:
        fetch(url, transport=redirecting(redirect))
    assert caught.value.code is code
    assert detail in str(caught.value)


def test_public_host_is_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake_resolver(HOSTS))
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"Content-Type": "text/plain"}, content=b"NAIROBI - x")
    fetched = fetch_url("http://news.example/a", transport=httpx.MockTransport(handler))
    assert (fetched.body, fetched.media_type) == (b"NAIROBI - x", "text/plain")
    assert seen[0].headers["user-agent"] == USER_AGENT


def test_a_304_answers_only_a_conditional_get(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake_resolver(HOSTS))
    transport = httpx.MockTransport(lambda request: httpx.Response(304))
    page: Page = CONDITIONAL("http://news.example/a", transport=transport)
    assert page.not_modified and page.fetched is None
    with pytest.raises(FetchError) as caught:  # to a plain GET it is a redirect without a Location
        fetch_url("http://news.example/a", transport=transport)
    assert caught.value.code is Code.E007 and "HTTP 304 redirect without a Location" in str(caught.value)


@pytest.mark.parametrize(
    ("address", "refused"),
    [("93.184.216.34", False), ("2606:4700::1", False), ("8.8.8.8", False), ("127.0.0.1", True),
     ("::1", True), ("fc00::1", True), ("192.0.2.1", True), ("255.255.255.255", True), ("ff02::1", True)],
)
def test_refused_address(address: str, refused: bool) -> None:
    assert refused_address(address) is refused


@pytest.mark.parametrize(
    ("value", "parsed"),
    [("text/html; charset=ISO-8859-1", ("text/html", "ISO-8859-1")), ("TEXT/PLAIN", ("text/plain", None)),
     ('application/json; charset="utf-8"', ("application/json", "utf-8")), (None, (None, None))],
)
def test_parse_content_type(value: str | None, parsed: tuple[str | None, str | None]) -> None:
    assert parse_content_type(value) == parsed
