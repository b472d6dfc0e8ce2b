"""Everything that differs between database backends, one module per backend.

Outside this package no code asks which dialect it runs on: it asks the
Backend of its Database (``db.backend``) instead. A dialect guiapp has no
module for gets the generic Backend, which works on any SQLAlchemy dialect
and simply offers less (no cancel, no row estimate).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guiapp.core.backends.base import Backend


def __getattr__(name: str) -> object:
    """``Backend``, imported on first use: ``sqlitefile`` lists a file's tables at start-up
    without loading the generic backend (and what it imports)."""
    if name == "Backend":
        from guiapp.core.backends.base import Backend
        return Backend
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def backend_for(backend_name: str) -> "Backend":
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
    from guiapp.core.backends.base import Backend
    return Backend()


__all__ = ["Backend", "backend_for"]
