"""A server that stops answering must not hang guiapp: bounded pings, and statements sent on a
side connection (KILL QUERY, pg_cancel_backend) that give up after a timeout."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

    from guiapp.core.backends.base import Backend


class Watchdog:
    """Sever a connection if what runs on it has not finished within ``timeout`` seconds.

    A server that accepted a connection and then stopped answering (frozen, or cut off by a
    firewall) would otherwise keep a read waiting for ever: drivers have no limit on it.
    """

    def __init__(self, backend: "Backend", dbapi_conn: Any, timeout: float) -> None:
        self.fired = False
        self._backend, self._conn = backend, dbapi_conn
        self._timer = threading.Timer(timeout, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        self.fired = self._backend.sever(self._conn)

    def __enter__(self) -> "Watchdog":
        self._timer.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._timer.cancel()


def install_bounded_ping(backend: "Backend", engine: "Engine", timeout: float) -> None:
    """Make the pool's pre-ping give up on a server that does not answer within ``timeout``:
    the connection is then thrown away and a new one opened (itself bounded by connect_timeout)."""
    dialect = engine.dialect
    plain_ping = dialect.do_ping

    def bounded_ping(dbapi_conn: Any) -> bool:
        with Watchdog(backend, dbapi_conn, timeout):
            return plain_ping(dbapi_conn)

    dialect.do_ping = bounded_ping


def run_on_side_connection(backend: "Backend", url: "URL", engine: "Engine", sql: str, timeout: float) -> None:
    """Run one statement on a fresh DBAPI connection outside the pool (which may be exhausted,
    and whose connection to stop is busy): how KILL QUERY and pg_cancel_backend are sent.
    Connecting and running are each bounded by ``timeout`` seconds."""
    dialect = engine.dialect
    cargs, cparams = dialect.create_connect_args(url)
    cparams.update(backend.side_connect_args(timeout))
    side = dialect.connect(*cargs, **cparams)
    try:
        with Watchdog(backend, side, timeout):
            cur = side.cursor()
            cur.execute(sql)
            cur.close()
    finally:
        side.close()
