"""Typed errors whose message is one plain sentence, safe to show a user.

Driver and SQLAlchemy exceptions are translated here, in one place, so the CLI
prints one line and the window shows one message. A message never contains a
password: :func:`translate` scrubs the known secret out of whatever the driver said.
"""

from __future__ import annotations

import re
from typing import Iterable

from guiapp.core.redact import scrub


class GuiappError(Exception):
    """Base of every error guiapp shows. ``str(err)`` is the user-facing text."""

    def __init__(self, message: str, *, code: int | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.line = line

    def __str__(self) -> str:
        return self.message


class ConfigError(GuiappError):
    """A bad URL, unknown dialect, missing driver, or bad option."""


class ConnectError(GuiappError):
    """The server could not be reached or refused us."""


class ConnectCancelledError(ConnectError):
    """The user chose to stay on the open database (its pending work would have been closed)."""


class PoolExhaustedError(ConnectError):
    """Every pooled connection is in use and none came back in time."""


class ConnectionLostError(ConnectError):
    """The server went away in the middle of the work."""


class QueryError(GuiappError):
    """The database rejected a statement."""


class QueryCancelledError(QueryError):
    """The user stopped the statement."""


class UndecodableTextError(QueryError):
    """A fast bulk read met text that is not valid UTF-8; the read is done again tolerantly."""


class ScriptError(QueryError):
    """A script that cannot be run as typed (empty, or a string or comment never closed)."""


class ReadOnlyError(QueryError):
    """A write on a connection opened read-only, refused by guiapp or by the database."""


class EditError(QueryError):
    """Grid edits that cannot be saved as they stand: a value that does not fit its column."""


class EditConflictError(EditError):
    """Rows changed or vanished on the server since they were read: nothing was written.
    ``rows`` names each one, for the message and for marking them."""

    def __init__(self, message: str, rows: tuple[str, ...], keys: tuple[tuple, ...] = ()) -> None:
        super().__init__(message)
        self.rows = rows
        self.keys = keys  # each conflicting row's key, for the grid to offer Keep mine / Take theirs


class EditRefusedError(EditError):
    """A row-saving or row-deleting receiver refused a change: nothing was written."""


class SchemaError(GuiappError):
    """A create or drop could not be done (blocked by a foreign key, unknown model)."""


class ModelLoadError(GuiappError):
    """A --models module could not be imported or holds no models."""


class BugError(GuiappError):
    """Something guiapp did not expect: a bug. One line for the user; the traceback is in the log."""


def report_bug(exc: BaseException) -> BugError:
    """Log an unexpected exception with its traceback (passwords hidden) in the one log file, and
    return the one line the user reads, which says where that file is."""
    import logging

    from guiapp.core import logs
    if isinstance(exc, BugError):
        return exc
    logs.configure()
    logging.getLogger("guiapp.bug").error("Unexpected %s", exc.__class__.__name__, exc_info=exc)
    try:
        where = f"the details are in {logs.log_path()}"
    except GuiappError as unusable:  # the data directory itself is the trouble: say that instead
        where = f"no details were logged: {unusable}"
    return BugError(scrub(f"Unexpected {exc.__class__.__name__}: {_first_line(str(exc))} "
                          f"(a bug in guiapp; {where})"))


class ExportError(GuiappError):
    """An export could not be written."""


# MySQL / MariaDB error numbers, client (2xxx) and server (1xxx).
_MYSQL_CONNECT = {2003, 2005, 2002, 2059}
_MYSQL_GONE = {2006, 2013, 2014, 2055}
_MYSQL_MESSAGES: dict[int, tuple[type[GuiappError], str]] = {
    1045: (ConnectError, "Access denied: wrong user name or password"),
    1044: (ConnectError, "Access denied to this database for this user"),
    1049: (ConnectError, "Unknown database"),
    1146: (QueryError, "Table does not exist"),
    1064: (QueryError, "SQL syntax error"),
    1054: (QueryError, "Unknown column"),
    1050: (QueryError, "Table already exists"),
    1051: (QueryError, "Unknown table"),
    1062: (QueryError, "Duplicate entry"),
    1451: (QueryError, "A foreign key blocks this delete or update"),
    1452: (QueryError, "A foreign key check failed"),
    1317: (QueryCancelledError, "Query cancelled"),
    1792: (ReadOnlyError, "This connection is read-only"),
    3024: (QueryCancelledError, "Query stopped: it ran past its time limit"),
    1205: (QueryError, "Lock wait timeout exceeded"),
    1213: (QueryError, "Deadlock found; the transaction was rolled back"),
}

def missing_driver(exc: ModuleNotFoundError, packages: dict[str, str] | None = None) -> ConfigError:
    """A driver module that is not installed, and what to install: ``packages`` (the backend's
    table) names the package where it is not called as its module is."""
    module = (exc.name or "").split(".")[0]
    package = (packages or {}).get(module, module or "the driver")
    return ConfigError(f"The database driver is not installed: {exc.name or exc} (pip install {package})")


def _driver_args(exc: BaseException) -> tuple[int | None, str]:
    """(error number, driver text) of a DBAPI exception, best effort."""
    orig = getattr(exc, "orig", None) or exc
    args = getattr(orig, "args", ())
    if len(args) >= 2 and isinstance(args[0], int):
        return args[0], str(args[1])
    pgcode = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
    text = str(args[0]) if args else str(orig)
    return (None if pgcode is None else -1), text.strip()


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _sql_error_line(text: str) -> int | None:
    """The line number MySQL names in a syntax error ('... at line 3')."""
    m = re.search(r"at line (\d+)", text)
    return int(m.group(1)) if m else None


# libpq's words for a server that went away or is not taking connections (killed, stopping, starting)
_SERVER_GOING = ("server closed the connection unexpectedly", "the database system is shutting down",
                 "the database system is starting up")


def translate(exc: BaseException, *, secrets: Iterable[str] = (), where: str = "") -> GuiappError:
    """Map any exception from SQLAlchemy or a driver to a GuiappError with one plain sentence.

    ``where`` names the target ("127.0.0.1:3306") for connection errors.
    """
    import sqlalchemy.exc as sa_exc  # here, not at import: the window starts before SQLAlchemy loads

    if isinstance(exc, GuiappError):
        return exc
    secrets = tuple(secrets)
    target = f" ({where})" if where else ""

    if isinstance(exc, sa_exc.TimeoutError):
        return PoolExhaustedError(scrub(
            "Every pooled connection is in use and none was returned in time: "
            + _first_line(str(exc)).split(" (Background")[0], secrets))
    if isinstance(exc, sa_exc.NoSuchModuleError):
        return ConfigError(f"Unknown database dialect: {_first_line(str(exc))}")
    if isinstance(exc, sa_exc.ArgumentError):
        return ConfigError(scrub(f"Bad database URL: {_first_line(str(exc))}", secrets))
    if isinstance(exc, ModuleNotFoundError):
        return missing_driver(exc)

    code, text = _driver_args(exc)
    text = scrub(_first_line(text), secrets)

    if isinstance(exc, sa_exc.DBAPIError) or code is not None:
        lowered = text.lower()
        if "certificate verify failed" in lowered or ("tls/ssl error" in lowered and "certificate" in lowered):
            return ConnectError(f"The server's TLS certificate was not accepted{target}: it is not signed by the "
                                f"CA file given, or it does not name this host. ({text})", code=code)
        if "ssl" in lowered and "required" in lowered and ("not support" in lowered or "n't support" in lowered):
            # PyMySQL, the MariaDB library (and guiapp's own check after it) and libpq, each in its words
            return ConnectError(f"The server{target} does not offer TLS, which the TLS options require: "
                                "not connected.", code=code)
        if "requires a valid client certificate" in lowered:
            return ConnectError(f"The server requires a client certificate for this user{target}: give the "
                                f"certificate and its key in the TLS options. ({text})", code=code)
        if code in _MYSQL_CONNECT:
            return ConnectError(f"Cannot reach the database server{target}: {text}", code=code)
        if code in _MYSQL_GONE:
            return ConnectionLostError(f"The server connection was lost{target}: {text}", code=code)
        if code in _MYSQL_MESSAGES:
            cls, lead = _MYSQL_MESSAGES[code]
            if cls is QueryCancelledError:
                return QueryCancelledError("Query cancelled.", code=code)
            return cls(f"{lead}: {text}", code=code, line=_sql_error_line(text))
        if "timeout expired" in text.lower():  # libpq's connect_timeout: a server that did not answer
            return ConnectionLostError(f"The server connection was lost{target}: {text}", code=code)
        if text.startswith("connection failed: "):  # psycopg repeats itself
            text = text[len("connection failed: "):]
        going = any(phrase in text for phrase in _SERVER_GOING)
        if isinstance(exc, sa_exc.InterfaceError) or "could not connect" in text.lower() \
                or "connection refused" in text.lower() or (going and text.startswith("connection to server at ")):
            return ConnectError(f"Cannot reach the database server{target}: {text}", code=code)
        if going:  # libpq, on a connection it had
            return ConnectionLostError(f"The server connection was lost{target}: {text}", code=code)
        if "read-only transaction" in text or "readonly database" in text or "query_only" in text:
            return ReadOnlyError(f"This connection is read-only: {text}", code=code)
        if "interrupted" in text.lower() or "canceling statement" in text.lower():
            return QueryCancelledError("Query cancelled.", code=code)
        if isinstance(exc, sa_exc.OperationalError) and getattr(exc, "connection_invalidated", False):
            return ConnectionLostError(f"The server connection was lost{target}: {text}", code=code)
        if "unable to open database file" in text or "file is not a database" in text:
            return ConnectError(f"Cannot open the SQLite file{target}: {text}", code=code)
        return QueryError(text or exc.__class__.__name__, code=code, line=_sql_error_line(text))
    if isinstance(exc, sa_exc.SQLAlchemyError):
        return QueryError(scrub(_first_line(str(exc)), secrets))
    if isinstance(exc, OSError):
        return ConnectError(scrub(f"Cannot reach the database server{target}: {exc}", secrets))
    return report_bug(exc)
