"""Seeing what another program did to the schema: its version, read cheaply, and the news sent.

The window polls :meth:`VersionReader.read` on a worker while it is shown; when the version moves
and guiapp did not move it itself, :func:`announce_external` reads the names again and sends
``table-created``, ``table-dropped`` and ``schema-changed`` with origin 'external', the same
signals guiapp's own DDL sends, so the command line, a script or the window all hear of it alike.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from guiapp import signals


class VersionReader:
    """Reads a database's schema version on a connection of its own, kept between reads."""

    def __init__(self) -> None:
        self._conn: Any = None
        self._conn_db: Any = None
        self._lock = threading.Lock()

    def read(self, db: Any) -> tuple[Any, float]:
        """The version (``Backend.schema_version``) and the seconds reading it took."""
        with self._lock:
            if self._conn is None or self._conn_db is not db:
                self._close()
                self._conn = db.dedicated_connection().execution_options(isolation_level="AUTOCOMMIT")
                self._conn_db = db
            started = time.perf_counter()
            try:
                version = db.backend.schema_version(self._conn)
            except Exception:
                self._close()  # a server gone away: a new connection on the next read
                raise
            return version, time.perf_counter() - started

    def close(self) -> None:
        """Close the connection (it may block on a server that does not answer: call off the GUI thread)."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        conn, self._conn, self._conn_db = self._conn, None, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass


def announce_external(db: Any, only_names: bool = False) -> None:
    """Read the table names again and announce what another process changed
    (``only_names``: tables created or dropped, not a general change)."""
    from guiapp.core.schema.catalog import catalog_for
    catalog = catalog_for(db)
    before = {t.name for t in catalog.names()}
    after = {t.name for t in catalog.names(refresh=True)}
    for name in sorted(after - before):
        signals.table_created.send(db, table=name, origin="external")
    for name in sorted(before - after):
        signals.table_dropped.send(db, table=name, origin="external")
    if not only_names:
        signals.schema_changed.send(db, tables=(), origin="external")  # any table may have been altered
