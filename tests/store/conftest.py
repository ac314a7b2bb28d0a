"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

PostgreSQL runs where ``CLAIMGRAPH_TEST_PG`` names a server (``scripts/pg.sh`` starts one); the
tests make a database of their own there for the session and empty its schema before each test.
Without the variable they are skipped, except under ``CI``, where they fail: CI must not pass
without PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from sqlalchemy import create_engine, make_url, text
from store_samples import COPY_ORIGIN, TEXTS, UPDATE, Sample

from claimgraph.api import extract_raw, raw_article
from claimgraph.store import Store, database_url

BACKENDS = ("sqlite", "postgresql")

@pytest.fixture(scope="session")
def samples(nlp: Language) -> dict[str, Sample]:
    """The hand-written reports above, extracted once per session."""
    raws = {name: raw_article(body, published=when, origin=origin) for name, (origin, when, body) in TEXTS.items()}
    raws["nis_v2"] = raw_article(UPDATE, published=TEXTS["nis"][1], origin=TEXTS["nis"][0])
    raws["nis_copy"] = raw_article(TEXTS["nis"][2], published=TEXTS["nis"][1], origin=COPY_ORIGIN)
    articles = extract_raw(list(raws.values()), nlp=nlp)
    return {name: Sample(raw, article) for (name, raw), article in zip(raws.items(), articles, strict=True)}


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh database on the test server for this session (dropped at the end)."""
    server = os.environ.get("CLAIMGRAPH_TEST_PG")
    if not server:
        if os.environ.get("CI"):
            pytest.fail("CI is set but CLAIMGRAPH_TEST_PG is not: start PostgreSQL with scripts/pg.sh run ...")
        pytest.skip("PostgreSQL tests need CLAIMGRAPH_TEST_PG (scripts/pg.sh run pytest ...)")
    name = f"claimgraph_test_{secrets.token_hex(4)}"
    admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')  # generated name, not user input
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def empty_schema(url: str) -> None:
    """Drop everything in the database's public schema."""
    engine = create_engine(database_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


@pytest.fixture()
def emptied() -> Callable[[str], None]:
    """:func:`empty_schema`, for a test that empties its PostgreSQL database again."""
    return empty_schema


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    url: str = request.getfixturevalue("pg_database")
    empty_schema(url)
    return url


@pytest.fixture()
def store(db_url: str) -> Iterator[Store]:
    """An open, migrated, empty store."""
    opened = Store.open(db_url)
    yield opened
    opened.close()
