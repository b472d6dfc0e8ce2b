"""A SQLite file's table and view names, read with the standard sqlite3 module before SQLAlchemy loads.

The window lists them while the real connection (SQLAlchemy, the catalogue, the models) is still
being made, as DB Browser for SQLite lists a file's tables as soon as it opens it. The file is read
under the same rules as every SQLite connection guiapp makes (``sqlite.py``): opened read-only, no
extension loading, ``trusted_schema`` off; nothing here can create, change or lock the file. Any
failure (no such file, not a database, locked, a URL with options) means "no early list": the real
connection then says what is wrong, once. Imports nothing heavier than sqlite3 and urllib.
"""

from __future__ import annotations

import os
from urllib.parse import quote, unquote

_SCHEMES = ("sqlite:///", "sqlite+pysqlite:///")
_NAMES = ("SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
          "AND name NOT LIKE 'sqlite~_%' ESCAPE '~'")


def file_of_url(url: str | None) -> str | None:
    """The path of the SQLite file a plain ``sqlite:///path`` URL names, or None for anything else:
    other databases, memory, ``file:`` URIs and URLs with options, which only SQLAlchemy reads right."""
    if not url:
        return None
    scheme = next((s for s in _SCHEMES if url.startswith(s)), None)
    if scheme is None:
        return None
    rest = url[len(scheme):]
    if not rest or "?" in rest:
        return None
    path = unquote(rest)
    if path == ":memory:" or path.startswith("file:"):
        return None
    return path


def display_of_url(url: str) -> str:
    """The URL as the connected database will show it (SQLAlchemy's rendering of a file URL),
    so the title does not change when the connection replaces the early list."""
    scheme = next(s for s in _SCHEMES if url.startswith(s))
    return scheme + quote(unquote(url[len(scheme):]), safe=" +/")


def uses_wal(path: str) -> bool:
    """True if the file's header says write-ahead logging (format version 2 at byte 18)."""
    try:
        with open(path, "rb") as f:
            header = f.read(20)
    except OSError:
        return False
    return len(header) == 20 and header[18] == 2


def read_names(path: str) -> list[tuple[str, str]] | None:
    """``(name, kind)`` of every table, then every view, each sorted by name as the catalogue sorts
    them (kind is "table" or "view"), or None if the file cannot be read that way at once."""
    if not os.path.isfile(path):
        return None  # mode=ro never creates a file; this also keeps folders and devices out
    if uses_wal(path):
        return None  # even a read-only reader of a WAL file leaves its -wal and -shm files behind
    import sqlite3  # here, on the worker that reads: the window's thread has better to do
    uri = f"file:{quote(os.path.abspath(path))}?mode=ro"
    try:
        # timeout=0: a file another program holds locked is not waited for here; the real
        # connection waits for it, and says so if it stays locked.
        conn = sqlite3.connect(uri, uri=True, timeout=0, check_same_thread=False)
    except sqlite3.Error:
        return None
    try:
        if hasattr(conn, "enable_load_extension"):
            conn.enable_load_extension(False)
        conn.execute("PRAGMA trusted_schema=OFF")
        conn.execute("PRAGMA query_only=ON")
        rows = conn.execute(_NAMES).fetchall()
    except (sqlite3.Error, UnicodeDecodeError):
        return None  # not a database, encrypted, locked, a name that is not UTF-8
    finally:
        conn.close()
    tables = sorted(name for kind, name in rows if kind == "table")
    views = sorted(name for kind, name in rows if kind == "view")
    return [(name, "table") for name in tables] + [(name, "view") for name in views]
