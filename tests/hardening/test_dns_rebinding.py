"""The address that was checked is the address connected to: DNS rebinding gets nowhere.

A resolver that answers a public address when the host is checked and a loopback one afterwards
is played by a replaced ``socket.getaddrinfo`` (no real resolver on the test machine can be
made to change its answer); the page on loopback must never be requested.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from claimgraph.errors import FetchError
from claimgraph.ingest.fetch import PinnedBackend, PinnedTransport, fetch_url

PAGE = b"<html><body><p>secret intranet page</p></body></html>"


@pytest.fixture
def local_server() -> Iterator[tuple[int, list[str]]]:
    """A page on 127.0.0.1; yields its port and the Host headers of the requests it got."""
    hosts: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hosts.append(self.headers.get("Host", ""))
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hosts
    server.shutdown()
    server.server_close()
    thread.join()


def test_a_rebinding_resolver_never_reaches_loopback(local_server: tuple[int, list[str]],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    port, hosts = local_server
    answers = iter(["198.51.100.7", "127.0.0.1", "127.0.0.1", "127.0.0.1"])
    real = socket.getaddrinfo

    def rebinding(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "rebind.example":
            address = next(answers)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, args[0] if args else port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr("claimgraph.ingest.fetch.refused_address", lambda address: address.startswith("127."))
    with pytest.raises(FetchError) as caught:
        fetch_url(f"http://rebind.example:{port}/story.html", timeout=2)
    assert caught.value.code.name == "E007"
    assert hosts == []  # the loopback page was never asked for


def test_the_pinned_transport_connects_to_the_checked_address_with_the_right_host(
        local_server: tuple[int, list[str]]) -> None:
    port, hosts = local_server
    backend = PinnedBackend()
    backend.pin(f"http://news.example:{port}/", "127.0.0.1")
    with httpx.Client(transport=PinnedTransport(backend), timeout=5) as client:
        assert client.get(f"http://news.example:{port}/a").content == PAGE
        with pytest.raises(httpx.ConnectError, match="not checked"):
            client.get(f"http://other.example:{port}/a")  # a host nobody checked is never connected to
    assert hosts == [f"news.example:{port}"]
