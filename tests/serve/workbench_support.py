"""Constants and helpers the workbench tests share (imported by name: no two test folders may
hold a module of the same name)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from claimgraph.ingest import RawArticle
from claimgraph.model import Article
from claimgraph.serve import ServeConfig, create_app
from claimgraph.store import Store

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "examples" / "corpus" / "manifest.jsonl"
TOKEN = "test-token-" + "t" * 32
HOSTS = ("testserver",)
Extracted = list[tuple[RawArticle, Article]]


def fill(target: str, articles: Extracted) -> str:
    """Store the articles at a path or URL; returns it."""
    with Store.open(target) as store:
        for raw, article in articles:
            store.add(raw, article)
    return target


def client_for(config: ServeConfig) -> TestClient:
    """An in-process client of a fresh app (use it as a context manager)."""
    return TestClient(create_app(config), raise_server_exceptions=False)


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
