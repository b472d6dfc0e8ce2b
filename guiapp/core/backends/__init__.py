"""Everything that differs between database backends, one module per backend.

Outside this package no code asks which dialect it runs on: it asks the
Backend of its Database (``db.backend``) instead. A dialect guiapp has no
module for gets the generic Backend, which works on any SQLAlchemy dialect
and simply offers less (no cancel, no row estimate).
"""

from __future__ import annotations

from guiapp.core.backends.base import Backend


def backend_for(backend_name: str) -> Backend:
    """The Backend for a URL's backend name ('sqlite', 'mysql', 'mariadb', 'postgresql', ...)."""
    if backend_name == "sqlite":
        from guiapp.core.backends.sqlite import SQLiteBackend
        return SQLiteBackend()
    if backend_name in ("mysql", "mariadb"):
        from guiapp.core.backends.mysql import MySQLBackend
        return MySQLBackend()
    if backend_name == "postgresql":
        from guiapp.core.backends.postgresql import PostgreSQLBackend
        return PostgreSQLBackend()
    return Backend()


__all__ = ["Backend", "backend_for"]
