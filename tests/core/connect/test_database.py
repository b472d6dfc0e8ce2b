"""Engine and pool setup, the pool signals, and every bad-input error on connecting."""

from __future__ import annotations

import socket
import time

import pytest

from guiapp import signals
from guiapp.core.connect.database import Database, PoolOptions
from guiapp.core.connect.urls import display_url
from guiapp.core.errors import ConfigError, ConnectError, PoolExhaustedError
from tests.conftest import MYSQL_URL
from tests.helpers.signals import recording


def test_pool_defaults_suit_production_mysql(mysql_db: Database) -> None:
    """Five connections, no overflow: a sixth user waits (and is told so) until one comes back."""
    import threading
    held = [mysql_db.checkout() for _ in range(5)]
    try:
        with recording(signals.pool_waiting) as rec:
            sixth: list[object] = []
            waiter = threading.Thread(target=lambda: sixth.append(mysql_db.checkout()))
            waiter.start()
            deadline = time.monotonic() + 5
            while not rec.events and time.monotonic() < deadline:
                time.sleep(0.01)
            assert rec.events and rec.events[0][1] == {"size": 5, "overflow": 0, "timeout": 30}
            assert not sixth  # still waiting
            held.pop().close()
            waiter.join(5)
            assert sixth
            held.append(sixth[0])
    finally:
        for conn in held:
            conn.close()


def test_a_pooled_connection_the_server_closed_is_replaced_unseen(mysql_db: Database) -> None:
    """pre-ping: a connection killed while it sat in the pool never reaches the user."""
    victim, killer = mysql_db.checkout(), mysql_db.checkout()
    victim_id = victim.exec_driver_sql("SELECT CONNECTION_ID()").scalar()
    victim.close()
    killer.exec_driver_sql(f"KILL {victim_id}")
    killer.close()
    again = [mysql_db.checkout(), mysql_db.checkout()]  # the two pooled ones, the killed one among them
    try:
        ids = [conn.exec_driver_sql("SELECT CONNECTION_ID()").scalar() for conn in again]
        assert victim_id not in ids
    finally:
        for conn in again:
            conn.close()


def test_pool_options_can_be_overridden(tmp_path) -> None:
    """pool_size 2 with max_overflow 3: five at once, and a sixth gives up after pool_timeout."""
    opts = PoolOptions().with_overrides(pool_size=2, max_overflow=3, pool_timeout=0.3)
    db = Database(f"sqlite:///{tmp_path / 'x.db'}", opts, create=True)
    held = [db.checkout() for _ in range(5)]
    try:
        assert db.pool_status().size == 2 and db.pool_status().overflow == 3
        started = time.monotonic()
        with pytest.raises(PoolExhaustedError):
            db.checkout()
        assert 0.25 < time.monotonic() - started < 5
    finally:
        for conn in held:
            conn.close()


def test_a_recycled_connection_is_a_new_one(mysql_db: Database) -> None:
    opts = PoolOptions().with_overrides(pool_recycle=1)
    db = Database(MYSQL_URL, opts)
    try:
        with db.connect() as conn:
            first = conn.exec_driver_sql("SELECT CONNECTION_ID()").scalar()
        with db.connect() as conn:
            assert conn.exec_driver_sql("SELECT CONNECTION_ID()").scalar() == first
        time.sleep(1.2)
        with db.connect() as conn:
            assert conn.exec_driver_sql("SELECT CONNECTION_ID()").scalar() != first
    finally:
        db.dispose()


def test_pool_signals_report_checkout_and_checkin(db: Database) -> None:
    with recording(signals.pool_checkout, signals.pool_checkin) as rec:
        with db.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
            assert db.pool_status().checked_out == 1
    assert [name for name, _ in rec.events] == ["pool-checkout", "pool-checkin"]
    assert rec.events[0][1]["checked_out"] == 1
    assert db.pool_status().checked_out == 0


def test_new_connections_are_announced(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'y.db'}", create=True)
    with recording(signals.connection_created, signals.database_opened) as rec:
        db.open()
        db.open()
    assert [name for name, _ in rec.events] == ["connection-created", "database-opened"]


def test_passwords_are_hidden_in_display() -> None:
    assert display_url("mysql+pymysql://bob:s3cret@db.example/app") == "mysql+pymysql://bob:***@db.example/app"
    db = Database("mysql+pymysql://bob:s3cret@127.0.0.1:1/app")
    assert "s3cret" not in db.display and "s3cret" not in repr(db)


@pytest.mark.parametrize("url, expected", [
    ("notaurl", "Bad database URL"),
    ("mysql+pymysql://root@127.0.0.1:notaport/test", "Bad database URL"),
    ("nosuchdialect://x/y", "Unknown database dialect"),
    ("mssql+pyodbc://u:p@h/d", "driver is not installed"),
    ("", "No database URL"),
])
def test_bad_urls_get_a_config_error(url: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        Database(url).open()


def test_wrong_password_is_refused_without_showing_it(mysql_db: Database) -> None:
    url = mysql_db.url.set(password="Wr0ngSecret")
    with pytest.raises(ConnectError) as err:
        Database(url).open()
    assert "Access denied" in str(err.value)
    assert "Wr0ngSecret" not in str(err.value)


def test_unknown_database(mysql_db: Database) -> None:
    with pytest.raises(ConnectError, match="Unknown database"):
        Database(mysql_db.url.set(database="guiapp_no_such_db")).open()


def test_refused_port_answers_at_once() -> None:
    start = time.monotonic()
    with pytest.raises(ConnectError, match="Cannot reach the database server"):
        Database("mysql+pymysql://root:pw@127.0.0.1:1/test").open()
    assert time.monotonic() - start < 5


def test_server_that_never_answers_times_out() -> None:
    """A host that accepts TCP but never speaks MySQL must not hang the caller."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        port = listener.getsockname()[1]
        start = time.monotonic()
        with pytest.raises(ConnectError, match="did not answer within 2 s"):
            Database(f"mysql+pymysql://root:pw@127.0.0.1:{port}/test", PoolOptions(connect_timeout=2)).open()
        assert time.monotonic() - start < 6
    finally:
        listener.close()


@pytest.mark.parametrize("scheme", ["mysql+pymysql", "mysql+mysqldb", "postgresql+psycopg"])
def test_a_server_that_hangs_up_at_once_is_not_said_to_be_slow(scheme: str) -> None:
    """A port whose server takes the connection and closes it (one dying, or starting up) is
    unreachable, said at once, on every driver: not "did not answer within 2 s", which it did."""
    import threading
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]

    def hang_up() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            conn.close()
    threading.Thread(target=hang_up, daemon=True).start()
    try:
        start = time.monotonic()
        with pytest.raises(ConnectError) as failed:
            Database(f"{scheme}://root:pw@127.0.0.1:{port}/test", PoolOptions(connect_timeout=2)).open()
        assert time.monotonic() - start < 1.8
        assert str(failed.value).startswith(f"Cannot reach the database server (127.0.0.1:{port}): "), failed.value
        assert "did not answer" not in str(failed.value) and "pw" not in str(failed.value)
    finally:
        listener.close()


def test_corrupt_sqlite_file_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "corrupt.sqlite3"
    path.write_bytes(b"this is not a database" * 200)
    db = Database(f"sqlite:///{path}")
    from guiapp.core.schema.catalog import catalog_for
    with pytest.raises(Exception) as err:
        catalog_for(db).names()
    assert "not a database" in str(err.value)
    assert err.type.__module__.startswith("guiapp")


def test_exhausted_pool_is_a_typed_error(mysql_db: Database) -> None:
    db = Database(MYSQL_URL, PoolOptions(pool_size=1, max_overflow=0, pool_timeout=0.5))
    try:
        with db.connect():
            with pytest.raises(PoolExhaustedError, match=r"in use \(pool size 1, overflow 0\) and none was returned within 0.5 s"):
                with db.connect():
                    pass
        with db.connect() as conn:  # usable again once the connection is back
            assert conn.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        db.engine.dispose()
