"""Stop a running statement from another thread, per backend.

MySQL/MariaDB: ``KILL QUERY <id>`` from a second, fresh connection (the first
is busy); the statement fails with 1317 and its connection stays usable.
PostgreSQL: ``pg_cancel_backend(pid)`` the same way. SQLite: the DBAPI
connection's ``interrupt()``, which is safe to call from another thread.
"""

from __future__ import annotations

from typing import Any

from guiapp.core.database import Database


def backend_id(db: Database, dbapi_conn: Any) -> int | None:
    """The server-side id of a DBAPI connection, needed later to cancel its statement."""
    dialect = db.dialect
    sql = {"mysql": "SELECT CONNECTION_ID()", "mariadb": "SELECT CONNECTION_ID()",
           "postgresql": "SELECT pg_backend_pid()"}.get(dialect)
    if sql is None:
        return None
    cur = dbapi_conn.cursor()
    try:
        cur.execute(sql)
        return int(cur.fetchone()[0])
    finally:
        cur.close()


def server_id(db: Database, conn: Any) -> int | None:
    """The server-side id of a pooled SQLAlchemy connection, asked once per DBAPI
    connection and kept in its pool record's ``info`` for later checkouts."""
    if "guiapp_server_id" not in conn.info:
        conn.info["guiapp_server_id"] = backend_id(db, conn.connection.dbapi_connection)
    return conn.info["guiapp_server_id"]


def _side_connection(db: Database) -> Any:
    """A fresh DBAPI connection outside the pool (the pool may be exhausted)."""
    dialect = db.engine.dialect
    cargs, cparams = dialect.create_connect_args(db.url)
    return dialect.connect(*cargs, **cparams)


def cancel_statement(db: Database, dbapi_conn: Any, server_id: int | None) -> None:
    """Ask the server to stop what ``dbapi_conn`` is running now. Never raises for a race."""
    if db.dialect == "sqlite":
        dbapi_conn.interrupt()
        return
    if server_id is None:
        raise NotImplementedError(f"Cancel is not supported for {db.dialect}.")
    side = _side_connection(db)
    try:
        cur = side.cursor()
        if db.dialect in ("mysql", "mariadb"):
            cur.execute(f"KILL QUERY {int(server_id)}")
        elif db.dialect == "postgresql":
            cur.execute(f"SELECT pg_cancel_backend({int(server_id)})")
        cur.close()
    finally:
        side.close()
