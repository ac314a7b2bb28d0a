"""Scale fixtures: a real Dask LocalCluster (started once per session, the pipeline preloaded on
its worker) and databases of both backends.

Without Dask (``pip install 'claimgraph[scale]'``) the tests are skipped, except under ``CI``, where
they fail; PostgreSQL databases are made where ``CLAIMGRAPH_TEST_PG`` names a server, as in
``tests/store/conftest.py``.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

BACKENDS = ("sqlite", "postgresql")


def require_dask() -> None:
    if importlib.util.find_spec("distributed") is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but Dask is not installed: pip install -e '.[scale]'")
        pytest.skip("the Dask engine needs pip install 'claimgraph[scale]'")


@pytest.fixture(scope="session")
def cluster() -> Iterator[Any]:
    """A client of a local Dask cluster whose one worker runs in this process (so it shares the
    session's pipeline and starts in a second) but talks TCP, so every task and result is
    serialized as on a real cluster. ``test_a_local_cluster_is_started_without_a_scheduler`` runs
    worker processes, as ``claimgraph ingest --engine dask`` starts them."""
    require_dask()
    from distributed import Client, LocalCluster

    from claimgraph.scale.dask_engine import PreloadPipeline

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://",
                      dashboard_address=":0") as local, Client(local) as client:
        client.register_plugin(PreloadPipeline())
        yield client


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def new_db(backend: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Makes empty databases of the backend (SQLite files, or fresh PostgreSQL databases)."""
    from sqlalchemy import create_engine, make_url

    from claimgraph.store import database_url

    made: list[str] = []
    server = os.environ.get("CLAIMGRAPH_TEST_PG")
    if backend == "postgresql" and not server:
        if os.environ.get("CI"):
            pytest.fail("CI is set but CLAIMGRAPH_TEST_PG is not: start PostgreSQL with scripts/pg.sh run ...")
        pytest.skip("PostgreSQL tests need CLAIMGRAPH_TEST_PG (scripts/pg.sh run pytest ...)")

    def make() -> str:
        name = f"claimgraph_scale_{secrets.token_hex(4)}"
        if backend == "sqlite":
            return str(tmp_path / f"{name}.db")
        admin = create_engine(database_url(str(server)), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'CREATE DATABASE "{name}"')  # generated name, not user input
        finally:
            admin.dispose()
        made.append(name)
        return make_url(str(server)).set(database=name).render_as_string(hide_password=False)

    yield make
    if made:
        admin = create_engine(database_url(str(server)), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                for name in made:
                    conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            admin.dispose()
