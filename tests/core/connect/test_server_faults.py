"""Faults a real server inflicts: stopped mid-query and while idle, connections killed from another
session, an idle limit passed, a server that stops answering. Each runs on a private MariaDB and
a private PostgreSQL that the test may crash and start again.

Each time: a clear message, the next action works without a restart, an open transaction is
reported as lost, and the pool's figures return to zero.
"""

from __future__ import annotations

import threading
import time

import pytest

from guiapp.core.connect.database import Database, PoolOptions
from guiapp.core.errors import ConnectError, ConnectionLostError
from guiapp.core.run.query import QuerySession

SLEEP = {"mysql": "SELECT SLEEP(30)", "postgresql": "SELECT pg_sleep(30)"}
CONNECTION_ID = {"mysql": "SELECT CONNECTION_ID()", "postgresql": "SELECT pg_backend_pid()"}
KILL = {"mysql": "KILL {}", "postgresql": "SELECT pg_terminate_backend({})"}


def _rows(session: QuerySession, sql: str) -> list[tuple]:
    return [row for result in session.run(sql) for row in result.fetch()]


def _once_running(server, *actions) -> threading.Thread:
    """On a thread: wait until the server runs another session's statement, then do ``actions``
    in order (a fault injected while the statement is known to be on the server, not after a guess)."""
    def run() -> None:
        deadline = time.monotonic() + 30
        while not server.busy("sleep"):  # the statement itself, not a driver's queries while it connects
            assert time.monotonic() < deadline, "the statement never reached the server"
            time.sleep(0.02)
        for action in actions:
            action()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


@pytest.fixture
def database(private_server):
    db = Database(private_server.url, PoolOptions(connect_timeout=2)).open()
    yield db
    db.dispose()


def _idle(db: Database) -> None:
    status = db.pool_status()
    assert status.checked_out == 0 and status.overflow <= 0, status


@pytest.mark.parametrize("dedicated", [False, True], ids=["pooled", "console"])
def test_a_server_stopped_mid_query_is_reported_and_the_next_query_works_once_it_is_back(
        private_server, database: Database, dedicated: bool) -> None:
    session = QuerySession(database, dedicated=dedicated)
    # The session's connection first: opening it runs the dialect's own first queries, which the
    # watch below would take for the statement and stop the server in the middle of the connect.
    assert _rows(session, "SELECT 1") == [(1,)]
    stopping = _once_running(private_server, private_server.stop)
    started = time.monotonic()
    with pytest.raises(ConnectionLostError, match="connection was lost.*next statement opens a new connection"):
        _rows(session, SLEEP[private_server.kind])
    assert time.monotonic() - started < 10
    stopping.join()

    with pytest.raises(ConnectError, match=f"Cannot reach the database server \\(127.0.0.1:{private_server.port}\\)"):
        _rows(session, "SELECT 2")

    private_server.start()
    assert _rows(session, "SELECT 3") == [(3,)]
    session.close()
    _idle(database)


def test_a_server_restarted_while_idle_is_invisible_to_the_next_query(private_server, database: Database) -> None:
    session = QuerySession(database)
    assert _rows(session, "SELECT 1") == [(1,)]  # a pooled connection now waits in the pool
    private_server.stop(crash=False)
    private_server.start()
    assert _rows(session, "SELECT 2") == [(2,)]  # the pre-ping replaced the dead connection
    _idle(database)


def test_an_open_transaction_lost_with_the_server_is_reported_never_silent(private_server,
                                                                          database: Database) -> None:
    session = QuerySession(database)
    _rows(session, "CREATE TABLE kept (n INT)")
    session.commit() if session.in_transaction else None
    _rows(session, "INSERT INTO kept VALUES (1)")
    assert session.in_transaction
    private_server.stop()
    private_server.start()
    with pytest.raises(ConnectionLostError, match="open transaction was lost.*rolled back its uncommitted"):
        _rows(session, "INSERT INTO kept VALUES (2)")
    assert not session.in_transaction
    assert _rows(session, "SELECT COUNT(*) FROM kept") == [(0,)]
    _idle(database)


def test_a_connection_killed_from_another_session(private_server, database: Database) -> None:
    kind = private_server.kind
    idle = QuerySession(database)
    busy = QuerySession(database, dedicated=True)
    _rows(idle, "SELECT 1")
    pooled_id = _rows(idle, CONNECTION_ID[kind])[0][0]
    busy_id = _rows(busy, CONNECTION_ID[kind])[0][0]
    _rows(busy, "CREATE TABLE t_killed (n INT)")
    if busy.in_transaction:
        busy.commit()
    _rows(busy, "INSERT INTO t_killed VALUES (1)")

    private_server.admin(KILL[kind].format(pooled_id))
    private_server.admin(KILL[kind].format(busy_id))

    assert _rows(idle, "SELECT 2") == [(2,)]  # the pool noticed and opened another
    with pytest.raises(ConnectionLostError, match="open transaction was lost"):
        _rows(busy, "INSERT INTO t_killed VALUES (2)")
    assert _rows(busy, "SELECT COUNT(*) FROM t_killed") == [(0,)]
    busy.close()
    _idle(database)


def test_an_idle_connection_past_the_server_limit_is_replaced(private_server, database: Database) -> None:
    if private_server.kind == "mysql":
        private_server.admin("SET GLOBAL wait_timeout = 1")
    else:
        private_server.admin("ALTER SYSTEM SET idle_session_timeout = '1s'", database="postgres")
        private_server.admin("SELECT pg_reload_conf()", database="postgres")
    fresh = Database(private_server.url, PoolOptions(connect_timeout=2)).open()
    try:
        pooled, console = QuerySession(fresh), QuerySession(fresh, dedicated=True)
        assert _rows(pooled, "SELECT 1") == [(1,)] and _rows(console, "SELECT 1") == [(1,)]
        time.sleep(2.5)  # the server closes both
        assert _rows(pooled, "SELECT 2") == [(2,)]
        assert _rows(console, "SELECT 3") == [(3,)]
        console.close()
        _idle(fresh)
    finally:
        fresh.dispose()


def test_a_server_that_stops_answering_is_given_up_on_with_a_message(private_server, database: Database) -> None:
    session = QuerySession(database)
    assert _rows(session, "SELECT 1") == [(1,)]
    private_server.freeze()
    started = time.monotonic()
    with pytest.raises(ConnectError, match=f"server at 127.0.0.1:{private_server.port} did not answer within 2 s"):
        _rows(session, "SELECT 2")  # the pre-ping, then the new connection, each give up
    assert time.monotonic() - started < 10
    private_server.thaw()
    assert _rows(session, "SELECT 3") == [(3,)]
    _idle(database)


def test_stop_on_a_server_that_froze_mid_query_returns_within_the_timeout(private_server,
                                                                         database: Database) -> None:
    session = QuerySession(database)
    assert _rows(session, "SELECT 1") == [(1,)]
    stopping = _once_running(private_server, private_server.freeze, session.cancel)
    started = time.monotonic()
    with pytest.raises(ConnectionLostError, match="Stopped by closing the connection.*did not answer the request "
                                                  "to cancel within 2 s"):
        _rows(session, SLEEP[private_server.kind])
    assert time.monotonic() - started < 10
    stopping.join()
    private_server.thaw()
    assert _rows(session, "SELECT 2") == [(2,)]
    _idle(database)
