"""``current_database`` and ``current_profile``: context-local proxies, as Flask's ``current_app``.

A ContextVar holds the Database of the work under way (or a callable that makes it on first
use, as the CLI's lazy connection does), so it is right per thread and per asyncio task.
Who pushes it: the CLI around a command, the window's task runner around each job and its
GUI thread for the database it shows, a ScriptRunner around each script. User commands and
signal receivers may use it instead of receiving the Database as an argument.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Callable, Iterator, Union

if TYPE_CHECKING:
    from guiapp.core.connect.database import Database

Source = Union["Database", Callable[[], "Database"], None]
_database: ContextVar[Source] = ContextVar("guiapp_database", default=None)

OUTSIDE = ("Working outside of a database context: {name} is set only inside a guiapp command, "
           "a job the window runs, a console's script, or a signal receiver called by one of them. "
           "Receive the Database as an argument (pass_database) or push one with database_context(db).")


def _current() -> "Database | None":
    source = _database.get()
    if source is None or not callable(source):
        return source
    db = source()  # made on first use; later lookups in this context get it directly
    _database.set(db)
    return db


@contextmanager
def database_context(source: Source) -> Iterator[Any]:
    """Make ``source`` (a Database, or a callable returning one on first use) current inside."""
    token = _database.set(source)
    try:
        yield source
    finally:
        _database.reset(token)


def set_database(db: "Database | None") -> None:
    """Make ``db`` current for the rest of this thread's context (the window's GUI thread)."""
    _database.set(db)


def in_database_context(fn: Callable[[], Any], db: "Database | None") -> Callable[[], Any]:
    """``fn`` wrapped to run with ``db`` current, for handing to another thread."""
    def run() -> Any:
        with database_context(db):
            return fn()
    return run


class _Proxy:
    """Forwards attribute access to the object of the current context (werkzeug's LocalProxy)."""

    __slots__ = ("_lookup", "_name")

    def __init__(self, lookup: Callable[[], Any], name: str) -> None:
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_name", name)

    def _get_current_object(self) -> Any:
        obj = self._lookup()
        if obj is None:
            raise RuntimeError(OUTSIDE.format(name=self._name))
        return obj

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get_current_object(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{self._name} is read-only")

    def __eq__(self, other: object) -> bool:
        return self._get_current_object() == other

    def __hash__(self) -> int:
        return hash(self._get_current_object())

    def __bool__(self) -> bool:
        return self._lookup() is not None

    def __repr__(self) -> str:
        obj = self._lookup()
        return f"<{self._name} {obj!r}>" if obj is not None else f"<{self._name} unbound>"


current_database: "Database" = _Proxy(_current, "current_database")  # type: ignore[assignment]
def _current_profile() -> Any:
    from guiapp.core.connect.profiles import ConnectionProfile
    db = _current()
    return None if db is None else ConnectionProfile(db.url, db.options)


current_profile: Any = _Proxy(_current_profile, "current_profile")
