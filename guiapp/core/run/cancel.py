"""Stop a running statement from another thread, through the Database's backend.

MySQL/MariaDB: ``KILL QUERY <id>`` from a second, fresh connection (the first
is busy); the statement fails with 1317 and its connection stays usable.
PostgreSQL: ``pg_cancel_backend(pid)`` the same way. SQLite: the DBAPI
connection's ``interrupt()``, which is safe to call from another thread.
"""

from __future__ import annotations

import threading
from typing import Any

from guiapp.core.connect.database import Database


def backend_id(db: Database, dbapi_conn: Any) -> int | None:
    """The server-side id of a DBAPI connection, needed later to cancel its statement."""
    return db.backend.server_id(dbapi_conn)


def server_id(db: Database, conn: Any) -> int | None:
    """The server-side id of a pooled SQLAlchemy connection, asked once per DBAPI
    connection and kept in its pool record's ``info`` for later checkouts."""
    if "guiapp_server_id" not in conn.info:
        conn.info["guiapp_server_id"] = backend_id(db, conn.connection.dbapi_connection)
    return conn.info["guiapp_server_id"]


def cancel_statement(db: Database, dbapi_conn: Any, server_id: int | None) -> None:
    """Ask the server to stop what ``dbapi_conn`` is running now. Never raises for a race.

    If the server cannot be asked (it stopped answering, or is gone), the connection is
    severed instead: the statement then fails at once with its connection lost, rather than
    the user waiting for a server that may never answer.
    """
    try:
        cancelled = db.backend.cancel(db.url, db.engine, dbapi_conn, server_id)
    except Exception:
        if db.backend.sever(dbapi_conn):
            return
        raise
    if not cancelled and not db.backend.sever(dbapi_conn):
        raise NotImplementedError(f"Cancel is not supported for {db.dialect}.")


class RunningStatement:
    """The connection a statement runs on, and the one way to stop it from another thread.

    The owner attaches a connection before running and detaches it after; ``cancel()`` reaches
    the server only in between. A Job, a console's QuerySession and the grid's streaming cursor
    each hold one.
    """

    def __init__(self, db: Database, armed: bool = False) -> None:
        self.db = db
        self.cancelled = False
        self._armed = armed  # work is under way: a cancel before attach() stops the next statement
        self._lock = threading.Lock()
        self._conn: Any = None
        self._server_id: int | None = None

    def arm(self) -> None:
        """A unit of work begins (a script, a page): from now a cancel counts even before its
        statement reaches the server; one meant for the last unit is forgotten."""
        with self._lock:
            self.cancelled, self._armed = False, True

    def disarm(self) -> None:
        """The unit of work ended: a cancel until the next arm() does nothing."""
        with self._lock:
            self.cancelled, self._armed = False, False

    def attach(self, conn: Any) -> None:
        """``conn``: the SQLAlchemy Connection about to run (its server id is looked up once).
        Raises QueryCancelledError if cancel() came first: a Stop pressed while the statement
        was still on its way (a ping, a connect) must stop it before it reaches the server."""
        sid = server_id(self.db, conn)
        with self._lock:
            if self.cancelled and self._armed:
                from guiapp.core.errors import QueryCancelledError
                raise QueryCancelledError("Query cancelled.")
            self._conn, self._server_id = conn, sid

    def detach(self) -> None:
        with self._lock:
            self._conn = None

    @property
    def attached(self) -> bool:
        return self._conn is not None

    def cancel(self) -> bool:
        """Mark the work cancelled and, if a statement runs, ask the server to stop it. Blocks for a
        round trip (up to the side timeout): never call it on the GUI thread; cancel_async() does
        not block. False if no statement was running (the next attach() refuses) or this
        database cannot cancel."""
        with self._lock:
            if self._conn is None:
                self.cancelled = self.cancelled or self._armed
                return False
            self.cancelled = True
            try:
                cancel_statement(self.db, self._conn.connection.dbapi_connection, self._server_id)
            except NotImplementedError:
                return False
            return True

    def cancel_quietly(self) -> bool:
        """cancel(), with a failure to reach the server counted as nothing cancelled."""
        try:
            return self.cancel()
        except Exception:
            return False

    def cancel_async(self) -> None:
        """cancel() on a thread of its own, errors ignored (KILL QUERY opens a connection)."""
        from guiapp.core.run.worker import in_background
        in_background("guiapp-cancel", self.cancel_quietly)
