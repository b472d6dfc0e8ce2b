"""Shared fixtures: a SQLite database per test, and the real MariaDB and PostgreSQL servers.

An unreachable server fails the test (in CI and everywhere else) rather than skipping it.
Every database fixture leaves the database as it found it: tables a test
creates are dropped afterwards, whatever path created them. Under pytest-xdist each worker has a
database of its own on each server (tests/helpers/workers.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import Callable, Iterator

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Where the environment forbids compiled files beside the sources (PYTHONDONTWRITEBYTECODE), each
# pytest process (every xdist worker) compiled and assertion-rewrote some 250 modules afresh, about
# 4 s of CPU each time: they are kept in a folder of their own under the temp folder instead, never
# in the source tree. Set before guiapp and the test modules are imported.
if sys.dont_write_bytecode and not sys.pycache_prefix:
    sys.pycache_prefix = str(Path(tempfile.gettempdir()) / f"guiapp-tests-pycache-{os.getuid()}")
    sys.dont_write_bytecode = False

import pytest
import sqlalchemy as sa

from guiapp.core.connect.database import Database, PoolOptions
from tests.helpers.workers import CONFIGURED_MYSQL_URL, CONFIGURED_POSTGRESQL_URL, make_worker_database, worker_url

# The tests' own: the configured database itself in a serial run, this worker's one under pytest-xdist.
MYSQL_URL = worker_url(CONFIGURED_MYSQL_URL)
POSTGRESQL_URL = worker_url(CONFIGURED_POSTGRESQL_URL)
# "mysqlc": the same MariaDB through mysqlclient, the C driver of guiapp[mysql-c]. Every test that
# runs on PyMySQL runs on it too when it is installed, and always in CI (.ci/run installs it).
WITH_C_DRIVER = find_spec("MySQLdb") is not None or os.environ.get("CI") == "true"
MYSQL_KINDS = ["mysql", "mysqlc"] if WITH_C_DRIVER else ["mysql"]
SERVERS = [*MYSQL_KINDS, "postgresql"]
BACKENDS = ["sqlite", *SERVERS]


def with_c_driver(url: str) -> str:
    """A PyMySQL URL of the tests, through mysqlclient instead; a clear failure if it is missing."""
    if find_spec("MySQLdb") is None:
        pytest.fail("mysqlclient (guiapp[mysql-c]) is not installed; .ci/run installs it with libmariadb-dev")
    return url.replace("+pymysql://", "+mysqldb://", 1)


# Why a worker's database could not be made: the server fixtures fail with it (never a skip).
_NOT_MADE: dict[tuple, str] = {}


def pytest_sessionstart(session: pytest.Session) -> None:
    """Each pytest-xdist worker makes its databases before its first test (nothing in a serial run)."""
    for configured in (CONFIGURED_MYSQL_URL, CONFIGURED_POSTGRESQL_URL):
        try:
            make_worker_database(configured)
        except Exception as exc:
            _NOT_MADE[_where(worker_url(configured))] = f"{type(exc).__name__}: {exc}"


def _where(url: str) -> tuple:
    """A database whatever the driver (PyMySQL and mysqlclient reach the same one)."""
    parsed = sa.make_url(url)
    return parsed.host, parsed.port, parsed.database


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """guiapp's own files (demo database, settings) go to a temporary folder."""
    monkeypatch.setenv("GUIAPP_DATA_DIR", str(tmp_path_factory.mktemp("guiapp-data")))


# Run before a database fixture drops what a test left: a window still open (its console may
# hold a transaction whose locks would block the DROP) must close first, whatever the order
# in which pytest tears fixtures down.
BEFORE_CLEANUP: list = []


def _table_names(db: Database) -> set[str]:
    with db.connect() as conn:
        insp = sa.inspect(conn)
        return set(insp.get_table_names()) | set(insp.get_view_names())


# Sample tables a module's tests only read, kept on a server between them (see kept_samples):
# the server's database -> their names.
_KEPT: dict[tuple, set[str]] = {}


def _drop_new(db: Database, before: set[str]) -> None:
    """Drop what the test left behind, views first, then tables with foreign keys off."""
    while BEFORE_CLEANUP:
        BEFORE_CLEANUP.pop()()
    kept = _KEPT.get(_where(db.url.render_as_string(hide_password=False)), set())
    leftover = _table_names(db) - before - kept
    if not leftover:
        return
    with db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        insp = sa.inspect(conn)
        views = set(insp.get_view_names())
        q = conn.dialect.identifier_preparer.quote_identifier
        cascade = " CASCADE" if db.dialect == "postgresql" else ""
        if db.dialect == "mysql":
            conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS=0")
        if db.dialect == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for name in sorted(leftover & views):
            conn.exec_driver_sql(f"DROP VIEW IF EXISTS {q(name)}{cascade}")
        for name in sorted(leftover - views):
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {q(name)}{cascade}")
        if db.dialect == "mysql":
            conn.exec_driver_sql("SET FOREIGN_KEY_CHECKS=1")
    assert _table_names(db) - kept == before - kept


def _server_or_fail(url: str, name: str, variable: str) -> Database:
    """A real server. Unreachable is a failure, never a skip: these are the paths users run."""
    why = _NOT_MADE.get(_where(url))
    if why:
        pytest.fail(f"{name}: this worker's database at {url} could not be made ({why}); "
                    f"start the server, or point {variable} at one")
    try:
        return Database(url, PoolOptions(connect_timeout=3)).open()
    except Exception as exc:
        pytest.fail(f"{name} at {url} is not reachable ({exc}); start it, or point {variable} at one")


def _mysql_or_fail() -> Database:
    return _server_or_fail(MYSQL_URL, "MariaDB", "GUIAPP_TEST_MYSQL_URL")


@pytest.fixture
def sqlite_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'test.sqlite3'}", create=True).open()
    yield db
    db.engine.dispose()


@pytest.fixture
def mysql_db() -> Iterator[Database]:
    db = _mysql_or_fail()
    before = _table_names(db)
    yield db
    _drop_new(db, before)
    db.engine.dispose()


@pytest.fixture
def mysqlc_db() -> Iterator[Database]:
    db = _server_or_fail(with_c_driver(MYSQL_URL), "MariaDB (mysqlclient)", "GUIAPP_TEST_MYSQL_URL")
    before = _table_names(db)
    yield db
    _drop_new(db, before)
    db.engine.dispose()


@pytest.fixture
def postgresql_db() -> Iterator[Database]:
    db = _server_or_fail(POSTGRESQL_URL, "PostgreSQL", "GUIAPP_TEST_POSTGRESQL_URL")
    before = _table_names(db)
    yield db
    _drop_new(db, before)
    db.engine.dispose()


@pytest.fixture(scope="module")
def kept_samples() -> Iterator[Callable[[Database, str, int], None]]:
    """make_sample for a table the module's tests only read: on a server it is made once and kept
    between them (100,000 rows cost seconds of CPU on each side), and dropped when the module ends.
    make_sample keeps a table only while it holds exactly the rows asked for; SQLite's file is the
    test's own."""
    from guiapp.core.data.sampledata import make_sample
    made: dict[str, set[str]] = {}  # a URL of each server database -> the tables kept there

    def make(db: Database, name: str, rows: int) -> None:
        make_sample(db, name, rows)
        if db.dialect != "sqlite":
            url = db.url.render_as_string(hide_password=False)
            made.setdefault(url, set()).add(name)
            _KEPT.setdefault(_where(url), set()).add(name)

    yield make
    for url, names in made.items():
        _KEPT.get(_where(url), set()).difference_update(names)
        db = Database(url, PoolOptions(connect_timeout=3)).open()
        try:
            with db.begin() as conn:
                q = conn.dialect.identifier_preparer.quote_identifier
                for name in sorted(names):
                    conn.exec_driver_sql(f"DROP TABLE IF EXISTS {q(name)}")
        finally:
            db.engine.dispose()


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The same test on SQLite, the real MariaDB and the real PostgreSQL."""
    yield request.getfixturevalue(f"{request.param}_db")


@pytest.fixture(params=SERVERS)
def server_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The same test on each real server (what SQLite cannot do: another host, a password)."""
    yield request.getfixturevalue(f"{request.param}_db")


@pytest.fixture
def models():
    from guiapp.core.schema.modelload import load_models
    return load_models()


@pytest.fixture(scope="session")
def _private_servers() -> Iterator[dict]:
    """Private servers, started on first use and removed at the end of the run."""
    started: dict = {}
    yield started
    for server in started.values():
        server.close()


@pytest.fixture(params=SERVERS)
def private_server(request: pytest.FixtureRequest, _private_servers: dict):
    """A MariaDB or PostgreSQL server of the test's own, which it may crash, freeze and restart.

    Whatever the test did, the server is running and answering afterwards, and holds no table.
    ``mysqlc`` is the same MariaDB reached through mysqlclient (its ``kind`` is still "mysql").
    """
    from tests.helpers.servers import PrivateMariaDB, PrivatePostgreSQL, ThroughDriver
    kind = "mysql" if request.param in MYSQL_KINDS else request.param
    if kind not in _private_servers:
        _private_servers[kind] = (PrivateMariaDB if kind == "mysql" else PrivatePostgreSQL)()
    server = _private_servers[kind]
    yield ThroughDriver(server, with_c_driver(server.url)) if request.param == "mysqlc" else server
    while BEFORE_CLEANUP:
        BEFORE_CLEANUP.pop()()
    server.thaw()
    if server.process is None or server.process.poll() is not None:
        server.start()
    server.reset()


@pytest.fixture
def unwritable():
    """Make a path unwritable even for root (the immutable flag), and writable again afterwards."""
    made: list = []

    def make(path):
        subprocess.run(["chattr", "+i", str(path)], check=True)
        made.append(path)
        return path
    yield make
    for path in made:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture
def memory_keyring():
    """A system keyring that lives in memory for the test (the machine has none)."""
    import keyring
    from keyring.backend import KeyringBackend

    before = keyring.get_keyring()  # detected before the class below exists

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        viable = False  # type: ignore[assignment]  # never picked by keyring's own detection

        def __init__(self) -> None:
            super().__init__()
            self.items: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.items.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.items[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.items.pop((service, username), None)

    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(before)


@pytest.fixture(scope="session")
def _sshd(tmp_path_factory: pytest.TempPathFactory):
    """A real OpenSSH server on 127.0.0.1 for the whole run (see tests/helpers/sshd.py)."""
    from tests.helpers import sshd
    server = sshd.start(tmp_path_factory.mktemp("sshd"))
    yield server
    server.stop()


@pytest.fixture
def ssh_aliases(_sshd, monkeypatch: pytest.MonkeyPatch):
    """guiapp's ssh reads the test's config file (Host guiapp-bastion, guiapp-inner with ProxyJump,
    guiapp-wrongkey, guiapp-locked) as it would read ~/.ssh/config."""
    from guiapp.core.connect import tunnel
    monkeypatch.setenv("GUIAPP_SSH_CONFIG", str(_sshd.config))
    monkeypatch.setattr(tunnel, "_typed", {})  # no passphrase typed in an earlier test
    return _sshd


@pytest.fixture(scope="session")
def _tls_servers(tmp_path_factory: pytest.TempPathFactory):
    """Certificates, and TLS servers started on first use (MariaDB, PostgreSQL), for the whole run."""
    from tests.helpers.tls import make_certs
    started: dict = {}
    certs = make_certs(tmp_path_factory.mktemp("certs"))
    yield certs, started
    for server in started.values():
        server.close()


@pytest.fixture(params=SERVERS)
def tls_server(request: pytest.FixtureRequest, _tls_servers):
    """A server of the tests' own that speaks TLS (tests/helpers/servers.py), and the certificates;
    its user tlsuser must show a client certificate signed by the test CA. ``mysqlc`` is the same
    MariaDB reached through mysqlclient, whose TLS is the MariaDB client library's."""
    from tests.helpers.servers import ThroughDriver, TlsMariaDB, TlsPostgreSQL
    certs, started = _tls_servers
    kind = "mysql" if request.param in MYSQL_KINDS else request.param
    if kind not in started:
        started[kind] = (TlsMariaDB if kind == "mysql" else TlsPostgreSQL)(certs)
    server = started[kind]
    return (ThroughDriver(server, with_c_driver(server.url)) if request.param == "mysqlc" else server), certs


@pytest.fixture(params=SERVERS)
def plain_server(request: pytest.FixtureRequest, _tls_servers):
    """A server of the tests' own that does not speak TLS at all, through each driver, and the
    certificates (a CA file to name in the options that verify)."""
    from tests.helpers.servers import PlainMariaDB, PrivatePostgreSQL, ThroughDriver
    certs, started = _tls_servers
    kind = "plain-mysql" if request.param in MYSQL_KINDS else "plain-postgresql"
    if kind not in started:
        started[kind] = (PlainMariaDB if kind == "plain-mysql" else PrivatePostgreSQL)()
    server = started[kind]
    return (ThroughDriver(server, with_c_driver(server.url)) if request.param == "mysqlc" else server), certs


# -- the quick tier -------------------------------------------------------------------------------
# `pytest --quick`: for the edit-test loop. Leaves out the slow tests, and runs each test that is
# repeated per backend on one of them only, chosen by the test's name so that the backends take
# turns (every backend, both MySQL drivers included, is still exercised). CI runs everything.
def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--quick", action="store_true",
                     help="guiapp's quick tier: no slow tests, each per-backend test on one backend")


# A private server of its own (fault and TLS tests) costs seconds to start: the full run only.
_PRIVATE = {"private_server", "tls_server", "plain_server", "_private_servers", "_tls_servers"}


def _backend_of(item: pytest.Item) -> str | None:
    params = getattr(getattr(item, "callspec", None), "params", {})
    found = [v for v in params.values() if isinstance(v, str) and v in BACKENDS]
    return found[0] if found else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--quick"):
        return
    import zlib
    groups: dict[str, list[str]] = {}
    for item in items:
        backend = _backend_of(item)
        if backend is not None:
            groups.setdefault(_group(item, backend), []).append(backend)
    kept, dropped = [], []
    for item in items:
        backend = _backend_of(item)
        slow = item.get_closest_marker("slow") is not None or bool(_PRIVATE & set(item.fixturenames))
        if backend is not None:
            choices = sorted(groups[_group(item, backend)])
            chosen = choices[zlib.crc32(_group(item, backend).encode()) % len(choices)]
            slow = slow or backend != chosen
        (dropped if slow else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def _group(item: pytest.Item, backend: str) -> str:
    """The test without its backend: the same test on every backend shares it."""
    return item.nodeid.replace(f"[{backend}-", "[").replace(f"-{backend}]", "]").replace(f"-{backend}-", "-") \
        .replace(f"[{backend}]", "")


# -- a server function that writes (SELECT f() is a write the console and `query` must own up to) ------
WRITING_FUNCTION = {
    "mysql": "CREATE FUNCTION says_f() RETURNS INT MODIFIES SQL DATA "
             "BEGIN INSERT INTO says_t VALUES (1); RETURN 1; END",
    "postgresql": "CREATE FUNCTION says_f() RETURNS int LANGUAGE sql AS 'INSERT INTO says_t VALUES (1) RETURNING 1'",
}


@pytest.fixture(params=[*MYSQL_KINDS, "postgresql"])
def writing_function(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A server database with a table ``says_t`` and a function ``says_f()`` that inserts a row."""
    db = request.getfixturevalue(f"{request.param}_db")
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE says_t (n INTEGER)")
        conn.exec_driver_sql(WRITING_FUNCTION[db.dialect])
    yield db
    with db.begin() as conn:
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS says_f")
