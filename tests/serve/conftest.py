"""Workbench fixtures: the demo corpus extracted once per session, stores filled from it (SQLite,
and PostgreSQL where ``CLAIMGRAPH_TEST_PG`` names a server), and in-process API clients.

The API runs in-process through Starlette's test client (no socket); the browser tests in
``test_browser_e2e.py`` start the real ``claimgraph serve`` instead.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from spacy.language import Language
from sqlalchemy import create_engine, make_url
from workbench_support import HOSTS, MANIFEST, TOKEN, Extracted, client_for, fill

from claimgraph.api import extract_raw
from claimgraph.ingest import RawArticle
from claimgraph.ingest.batch import BatchOptions, read_batch
from claimgraph.serve import ServeConfig, Workbench
from claimgraph.store import database_url


@pytest.fixture(scope="session")
def demo_articles(nlp: Language) -> Extracted:
    """The 15 reports of the demo corpus, read from its manifest and extracted once."""
    raws = [x for x in read_batch([str(MANIFEST)], BatchOptions()) if isinstance(x, RawArticle)]
    assert len(raws) == 15
    return list(zip(raws, extract_raw(raws, nlp=nlp), strict=True))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, demo_articles: Extracted) -> str:
    """A SQLite corpus of the demo reports (read-only: copy it to change it)."""
    return fill(str(tmp_path_factory.mktemp("serve") / "demo.db"), demo_articles)


@pytest.fixture()
def demo_copy(demo_db: str, tmp_path: Path) -> str:
    """A private copy of the demo corpus, to write to."""
    target = tmp_path / "copy.db"
    shutil.copyfile(demo_db, target)
    return str(target)


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The PostgreSQL test server (skips without one, fails under CI as the store tests do)."""
    server = os.environ.get("CLAIMGRAPH_TEST_PG")
    if not server:
        if os.environ.get("CI"):
            pytest.fail("CI is set but CLAIMGRAPH_TEST_PG is not: start PostgreSQL with scripts/pg.sh run ...")
        pytest.skip("PostgreSQL tests need CLAIMGRAPH_TEST_PG (scripts/pg.sh run pytest ...)")
    return server


@pytest.fixture(scope="session")
def demo_pg(pg_server: str, demo_articles: Extracted) -> Iterator[str]:
    """The demo corpus in a fresh PostgreSQL database of its own (dropped at the end)."""
    name = f"claimgraph_serve_{secrets.token_hex(4)}"
    admin = create_engine(database_url(pg_server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')  # generated name, not user input
        yield fill(make_url(pg_server).set(database=name).render_as_string(hide_password=False), demo_articles)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_url(request: pytest.FixtureRequest, demo_db: str) -> str:
    """The demo corpus on each backend."""
    return demo_db if request.param == "sqlite" else str(request.getfixturevalue("demo_pg"))


@pytest.fixture(scope="session")
def api(demo_db: str) -> Iterator[TestClient]:
    """The read-only API over the demo corpus."""
    with client_for(ServeConfig(db=demo_db, hosts=HOSTS)) as client:
        yield client


@pytest.fixture()
def writer(demo_copy: str) -> Iterator[TestClient]:
    """The API in write mode over a copy of the demo corpus (token: ``TOKEN``)."""
    with client_for(ServeConfig(db=demo_copy, write=True, token=TOKEN, hosts=HOSTS)) as client:
        yield client


@pytest.fixture()
def bench(demo_copy: str) -> Iterator[Workbench]:
    """A workbench in write mode over a copy of the demo corpus."""
    workbench = Workbench(ServeConfig(db=demo_copy, write=True, token=TOKEN, hosts=HOSTS))
    yield workbench
    workbench.close()
