"""What each pytest-xdist worker keeps to itself on the shared servers: a database, and the accounts
its tests make.

The run is parallel by default (``-n`` in pyproject.toml's addopts). Workers share the MariaDB and
PostgreSQL servers, so a worker's tests work in a database of their own, named after the configured
one (``test`` becomes ``test_gw0``), made afresh when the worker starts; and a server account a test
makes (users and roles are server-wide) is named after that database too. A serial run (``-n0``,
``-p no:xdist``) uses the configured database and names as they are.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa

#: "gw0", "gw1"… in a pytest-xdist worker; "" in a serial run.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

CONFIGURED_MYSQL_URL = os.environ.get("GUIAPP_TEST_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/test")
CONFIGURED_POSTGRESQL_URL = os.environ.get("GUIAPP_TEST_POSTGRESQL_URL",
                                           "postgresql+psycopg://root@127.0.0.1:5432/test")


def account(name: str) -> str:
    """A server account's name for this worker: named after its database (``sweeper`` →
    ``sweeper_test_gw0``), so that two runs on other databases of one server never share one either."""
    if not WORKER:
        return name
    return f"{name}_{sa.make_url(worker_url(CONFIGURED_MYSQL_URL)).database}"


def worker_url(url: str) -> str:
    """The configured test URL, with this worker's database in it."""
    if not WORKER:
        return url
    parsed = sa.make_url(url)
    return parsed.set(database=f"{parsed.database}_{WORKER}").render_as_string(hide_password=False)


def make_worker_database(configured: str) -> None:
    """Drop and create this worker's database, connected to the configured one (root may create),
    with the configured one's character set and collation.

    Made afresh, so that tables a killed earlier run left cannot meet this run's tests.
    """
    if not WORKER:
        return
    url = sa.make_url(configured)
    name = sa.make_url(worker_url(configured)).database
    engine = sa.create_engine(url, poolclass=sa.NullPool, isolation_level="AUTOCOMMIT",
                              connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            q = conn.dialect.identifier_preparer.quote_identifier
            if url.get_backend_name() == "postgresql":
                encoding, collate, ctype = conn.exec_driver_sql(
                    "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
                    "WHERE datname = current_database()").one()
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {q(name)} WITH (FORCE)")
                conn.exec_driver_sql(f"CREATE DATABASE {q(name)} TEMPLATE template0 ENCODING '{encoding}' "
                                     f"LC_COLLATE '{collate}' LC_CTYPE '{ctype}'")
            else:
                charset, collation = conn.exec_driver_sql(
                    "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA "
                    "WHERE SCHEMA_NAME = DATABASE()").one()
                conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {q(name)}")
                conn.exec_driver_sql(f"CREATE DATABASE {q(name)} CHARACTER SET {charset} COLLATE {collation}")
    finally:
        engine.dispose()


@contextmanager
def source_tree_build() -> Iterator[None]:
    """Held while a test builds guiapp from this source tree (pip wheel, pipx install): setuptools
    writes into the tree, so two workers' builds wait for each other instead of mixing their files."""
    root = Path(__file__).resolve().parents[2]
    with open(Path(tempfile.gettempdir()) / f"guiapp-build-{zlib.crc32(str(root).encode()):08x}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
