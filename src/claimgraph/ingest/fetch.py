"""Fetching an article by URL with httpx, defensively.

Every hop (the URL and each redirect target) is checked before it is requested: http(s) only, and
unless ``allow_private`` every address the host resolves to must be public (no private, loopback,
link-local, multicast, reserved or unspecified address), and the connection is then made to the
very address that was checked (:class:`PinnedBackend`): a resolver that answers a public address
for the check and a loopback one for the connection (DNS rebinding) gets nowhere. TLS still
verifies the certificate for the host name, and the Host header names it. At most
:data:`MAX_REDIRECTS` redirects;
the body is streamed and abandoned past ``max_bytes``; only text-like content types are accepted.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from claimgraph.errors import Code, FetchError

MAX_REDIRECTS = 5
T = TypeVar("T")
USER_AGENT = "claimgraph/0.1 (news claim extraction; +https://pypi.org/project/claimgraph/)"
ACCEPT = ("text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,"
          "application/rss+xml;q=0.8,application/atom+xml;q=0.8,application/xml;q=0.7")
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/x-rss+xml",
                        "application/x-atom+xml",
                        "application/xml", "text/xml"})
FEED_MARKS = (b"<rss", b"<feed", b"<rdf:rdf")
CONTENT_TYPES = frozenset({
    "text/html", "application/xhtml+xml", "text/plain", "application/json",
    "application/x-ndjson", "application/jsonl",
}) | FEED_TYPES


@dataclass(frozen=True)
class Fetched:
    """A fetched body and what the server said about it."""

    url: str
    body: bytes
    media_type: str | None
    charset: str | None


def fetch_url(
    url: str, *, allow_private: bool = False, max_bytes: int = 5_000_000, timeout: float = 20.0,
    transport: httpx.BaseTransport | None = None,
) -> Fetched:
    """GET ``url`` following at most five checked redirects; raise :class:`FetchError` on failure."""
    def answer(response: httpx.Response, deadline: float) -> Fetched:
        return _read(response, url, max_bytes, deadline)

    return _follow(url, {}, answer, allow_private=allow_private, timeout=timeout, transport=transport)


def _follow(
    url: str, extra: dict[str, str], answer: Callable[[httpx.Response, float], T], *, allow_private: bool,
    timeout: float, transport: httpx.BaseTransport | None, final_304: bool = False,
) -> T:
    """GET ``url`` with ``extra`` headers, checking it and each redirect target before requesting it
    (at most :data:`MAX_REDIRECTS` redirects); ``answer(response, deadline)`` turns the first response
    that is not a redirect into the result (with ``final_304``, a 304 Not Modified is not one)."""
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, **extra}
    pins = PinnedBackend()
    if transport is None and not allow_private:
        transport = PinnedTransport(pins)
    with httpx.Client(timeout=timeout, headers=headers, transport=transport) as client:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            address = check_url(current, allow_private=allow_private, target=url)
            if address is not None:
                pins.pin(current, address)
            try:
                with client.stream("GET", current) as response:
                    if not response.is_redirect or (final_304 and response.status_code == 304):
                        return answer(response, deadline)
                    current = _redirect_target(response, url)
            except httpx.TimeoutException as err:
                raise FetchError(Code.E007, url, "timed out") from err
            except (httpx.HTTPError, httpx.InvalidURL) as err:
                raise FetchError(Code.E007, url, f"{type(err).__name__}: {err}") from err
    raise FetchError(Code.E007, url, f"more than {MAX_REDIRECTS} redirects")


def _redirect_target(response: httpx.Response, target: str) -> str:
    location = response.headers.get("location")
    if not location:
        raise FetchError(Code.E007, target, f"HTTP {response.status_code} redirect without a Location")
    return urljoin(str(response.url), location)


def _read(response: httpx.Response, target: str, max_bytes: int, deadline: float) -> Fetched:
    """Check status and content type, then stream the body up to ``max_bytes``."""
    if not response.is_success:
        raise FetchError(Code.E007, target, f"HTTP {response.status_code} {response.reason_phrase}".strip())
    media_type, charset = parse_content_type(response.headers.get("content-type"))
    if media_type is not None and media_type not in CONTENT_TYPES:
        raise FetchError(Code.E005, target, f"content type {media_type}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(Code.E004, target, f"{int(declared):,} bytes, more than {max_bytes:,}")
    return Fetched(str(response.url), _stream(response, target, max_bytes, deadline), media_type, charset)


def _stream(response: httpx.Response, target: str, max_bytes: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(Code.E004, target, f"more than {max_bytes:,} bytes")
        if time.monotonic() > deadline:
            raise FetchError(Code.E007, target, "timed out while reading")
        chunks.append(chunk)
    return b"".join(chunks)


def is_feed(fetched: Fetched) -> bool:
    """Whether a fetched body is an RSS or Atom feed (by its type, else by its first bytes)."""
    head = fetched.body[:4096].lower()
    return any(mark in head for mark in FEED_MARKS) and (
        fetched.media_type in FEED_TYPES or fetched.media_type is None or not head.lstrip().startswith(b"<!doctype"))


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """``"text/html; charset=ISO-8859-1"`` -> ``("text/html", "ISO-8859-1")``."""
    if not value:
        return None, None
    message = Message()
    message["content-type"] = value
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


class PinnedBackend(httpcore.NetworkBackend):
    """Connects each host only to the address that was checked for it; any other host is refused."""

    def __init__(self) -> None:
        self.pins: dict[str, str] = {}
        self.inner = httpcore.SyncBackend()

    def pin(self, url: str, address: str) -> None:
        """Connections to ``url``'s host go to ``address`` (keyed as httpcore names the host)."""
        self.pins[httpx.URL(url).raw_host.decode("ascii").lower()] = address

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        address = self.pins.get(host.lower())
        if address is None:
            raise httpcore.ConnectError(f"{host} was not checked before connecting")
        return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("no Unix sockets")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport over a :class:`PinnedBackend`, never through a proxy from the environment
    (a proxy would resolve the host again)."""

    def __init__(self, backend: PinnedBackend) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(trust_env=False),
                                             network_backend=backend)


def check_url(url: str, *, allow_private: bool, target: str) -> str | None:
    """Refuse non-http(s) URLs (E007) and, unless allowed, hosts with non-public addresses (E008);
    the checked address to connect to (None when private addresses are allowed)."""
    parts = urlsplit(url)
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as err:
        raise FetchError(Code.E007, target, f"bad port in {url}") from err
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(Code.E007, target, f"not an http(s) URL: {url}")
    if allow_private:
        return None
    where = "" if url == target else f"redirect to {url}: "
    addresses = resolve(parts.hostname, port, target)
    for address in addresses:
        if refused_address(address):
            raise FetchError(Code.E008, target, f"{where}{parts.hostname} is {address}")
    if not addresses:
        raise FetchError(Code.E007, target, f"cannot resolve {parts.hostname}")
    return addresses[0]


def resolve(host: str, port: int, target: str) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself without a lookup)."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise FetchError(Code.E007, target, f"cannot resolve {host}: {err}") from err
    return sorted({str(info[4][0]).split("%", 1)[0] for info in infos})


def refused_address(address: str) -> bool:
    """Whether an address is not a public unicast one (private, loopback, link-local, ...)."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified or not ip.is_global
    )


@dataclass(frozen=True)
class Page:
    """A conditional GET's outcome with the exchange itself (for a WARC archive): the body is None
    when the server answered 304 Not Modified."""

    url: str
    status: int
    reason: str
    http_version: str
    request_headers: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    fetched: Fetched | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def header(self, name: str) -> str | None:
        """The first response header of that name (case-insensitive)."""
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


def fetch_page(
    url: str, *, etag: str | None = None, last_modified: str | None = None, allow_private: bool = False,
    max_bytes: int = 5_000_000, timeout: float = 20.0, transport: httpx.BaseTransport | None = None,
) -> Page:
    """GET ``url`` as :func:`fetch_url` does (same address checks, redirect limit, content types and
    size cap), sending ``If-None-Match``/``If-Modified-Since`` when validators are given; a 304 answer
    is a :class:`Page` without a body. Raise :class:`FetchError` on failure."""
    validators = {"If-None-Match": etag, "If-Modified-Since": last_modified}

    def answer(response: httpx.Response, deadline: float) -> Page:
        fetched = None if response.status_code == 304 else _read(response, url, max_bytes, deadline)
        return Page(str(response.url), response.status_code, response.reason_phrase, response.http_version,
                    tuple(response.request.headers.multi_items()), tuple(response.headers.multi_items()), fetched)

    return _follow(url, {name: value for name, value in validators.items() if value}, answer,
                   allow_private=allow_private, timeout=timeout, transport=transport, final_304=True)
