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
    if backend_name == "duckdb":
        from guiapp.core.backends.duckdb import DuckDBBackend
        return DuckDBBackend()
    from guiapp.core.backends.base import Backend
    return Backend()


#: The databases guiapp has a backend module for, in the order the Connect form offers them
#: (MySQL first: most of guiapp's users are there). Also the targets of a portable export.
BUILT_IN = ("mysql", "sqlite", "postgresql")


def built_in() -> list["Backend"]:
    """One Backend of each built-in kind, in :data:`BUILT_IN` order."""
    return [backend_for(name) for name in BUILT_IN]


def driver_packages() -> dict[str, str]:
    """Driver module -> what to ``pip install`` for it, over every built-in backend."""
    return {module: package for backend in built_in() for module, package in backend.driver_packages.items()}


__all__ = ["BUILT_IN", "Backend", "backend_for", "built_in", "driver_packages"]
