"""Database URLs and engines: a plain path or ``sqlite:///...`` is SQLite, ``postgresql://...``
is PostgreSQL through psycopg 3.

SQLite gets real transactions (Python's sqlite3 would otherwise commit DDL on its own and begin
transactions lazily): autocommit at the driver, an explicit ``BEGIN`` from SQLAlchemy, foreign
keys on, and WAL journaling for files. A transaction that writes is opened by :func:`writing`,
which on SQLite says ``BEGIN IMMEDIATE``: it takes the write lock at once, waiting up to
:data:`BUSY_TIMEOUT_S` for another writer, where a plain ``BEGIN`` that reads first and writes
later fails at once with "database is locked" when another process wrote meanwhile. Error
messages never carry the SQL parameters (article text): ``hide_parameters``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError

from ..errors import ClaimgraphError, Code, StoreError  # noqa: F401 - StoreError re-exported

POSTGRES = ("postgresql", "postgres")
BUSY_TIMEOUT_S = 30


def database_url(url_or_path: str) -> URL:
    """The SQLAlchemy URL for a path or URL; E018 for an unsupported one."""
    if "://" not in url_or_path:
        return URL.create("sqlite+pysqlite", database=url_or_path or ":memory:")
    try:
        url = make_url(url_or_path)
    except ArgumentError as exc:
        raise StoreError(Code.E018, None, "not a database URL") from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite+pysqlite")
    if backend in POSTGRES:
        return url.set(drivername="postgresql+psycopg")
    raise StoreError(Code.E018, None, f"{backend!r} databases are not supported")


def create(url_or_path: str, *, must_exist: bool = False) -> Engine:
    """An engine for the database (nothing is connected yet); E019 for a SQLite file that must
    exist and does not."""
    url = database_url(url_or_path)
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    memory = url.database in (None, "", ":memory:")
    if must_exist and not memory and not Path(str(url.database)).is_file():
        raise StoreError(Code.E019, None, f"{url.database}: no such database file")
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S}, hide_parameters=True)
    event.listen(engine, "connect", lambda conn, _record: _sqlite_connect(conn, memory))
    event.listen(engine, "begin", _sqlite_begin)
    return engine


WRITE = "claimgraph_write"  # execution option marking a connection whose transaction writes


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A transaction that writes (committed at the end, rolled back on error); on SQLite it holds
    the write lock from its first statement, so concurrent writers queue instead of failing."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            yield conn


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")


CACHE_KIB = 64 * 1024      # SQLite's page cache per connection (its default, 2 MiB, thrashes on large indexes)


def _sqlite_connect(dbapi_connection: Any, memory: bool) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def display_url(engine: Engine) -> str:
    """The database's URL with any password hidden."""
    return engine.url.render_as_string(hide_password=True)
