"""Shared fixtures: the spaCy models and pipelines the tests run on, each built once per session,
and a one-page web server on loopback."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from spacy.language import Language

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def english_model() -> Language:
    """A fresh base English model, loaded as the pipeline loads it (skips where none is installed)."""
    from claimgraph.errors import ConfigError
    from claimgraph.pipeline import load_base

    try:
        return load_base(None)
    except ConfigError:
        pytest.skip("no English spaCy model installed")


@pytest.fixture(scope="session")
def base_nlp() -> Language:
    """The bare English model with paragraph-aware sentences (no claimgraph components)."""
    from claimgraph.nlp import sentences
    from claimgraph.pipeline import load_base

    nlp = load_base(None)
    nlp.add_pipe(sentences.FACTORY, before="parser")
    return nlp


@pytest.fixture(scope="session")
def plain_nlp() -> Language:
    """The English model as installed, no steps added: for components run by hand on its Docs."""
    return english_model()


@pytest.fixture(scope="session")
def entity_nlp() -> Language:
    """The English model with the gazetteer ruler (after ``ner``), entities and places steps."""
    from claimgraph.nlp import entities, places

    nlp = english_model()
    entities.add_gazetteer_ruler(nlp)
    nlp.add_pipe(entities.FACTORY)
    nlp.add_pipe(places.FACTORY)
    return nlp


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full claimgraph pipeline."""
    from claimgraph.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the repository (skips where it is absent)."""
    if not (SHARED / "gold").exists():
        pytest.skip("shared/ is not beside the repository")
    return SHARED


@pytest.fixture
def html_page() -> Iterator[Callable[[bytes], str]]:
    """Serve an HTML page on 127.0.0.1: ``html_page(body)`` gives its URL; stopped after the test."""
    servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def serve(page: bytes) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args: object) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}/story.html"

    yield serve
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join()
