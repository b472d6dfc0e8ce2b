"""Query history: every statement run from a console or ``guiapp query``, kept in a small SQLite file in
the user's data directory, searchable, capped.

It listens to ``query-finished`` and ``query-failed``, so whatever runs statements is recorded
without knowing about it. A row holds the text, the connection as shown (never a password),
the time, the duration, the rows affected and the outcome. The newest ``MAX_ENTRIES`` are kept.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guiapp import signals
from guiapp.core.paths import data_dir
from guiapp.core.redact import scrub, scrub_sql

MAX_ENTRIES = 10_000
MAX_SQL_CHARS = 100_000  # of one statement (a pasted dump is not kept whole)
_SCHEMA = """CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY, ran_at REAL NOT NULL, connection TEXT NOT NULL, sql TEXT NOT NULL,
    seconds REAL, row_count INTEGER, outcome TEXT NOT NULL, message TEXT)"""


@dataclass(frozen=True)
class Entry:
    ran_at: float
    connection: str
    sql: str
    seconds: float | None
    rows: int | None
    outcome: str  # 'ok', 'error' or 'cancelled'
    message: str = ""


class History:
    """The history file. Safe to call from any thread (one short connection per call)."""

    def __init__(self, path: Path | None = None, max_entries: int = MAX_ENTRIES) -> None:
        self._path = path
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._since_trim = 0

    @property
    def path(self) -> Path:
        """The file: the one given, else history.sqlite3 in the data directory of the moment."""
        return self._path or data_dir() / "history.sqlite3"

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=5)
        conn.execute(_SCHEMA)
        return conn

    def add(self, connection: str, sql: str, seconds: float | None, rows: int | None, outcome: str,
            message: str = "") -> None:
        with self._lock, self._connect() as conn:
            conn.execute("INSERT INTO history (ran_at, connection, sql, seconds, row_count, outcome, message) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)",
                         (time.time(), scrub(connection), scrub_sql(sql[:MAX_SQL_CHARS]), seconds, rows, outcome,
                          scrub(message)[:2000]))
            self._since_trim += 1
            if self._since_trim >= 100 or self.max_entries < 100:
                self._since_trim = 0
                conn.execute("DELETE FROM history WHERE id <= (SELECT MAX(id) FROM history) - ?",
                             (self.max_entries,))

    def search(self, text: str = "", limit: int = 500) -> list[Entry]:
        """The newest entries first; ``text`` filters on the statement (case-insensitive)."""
        if not self.path.exists():
            return []
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        with self._lock, self._connect() as conn:
            rows = conn.execute("SELECT ran_at, connection, sql, seconds, row_count, outcome, message "
                                "FROM history WHERE sql LIKE ? ESCAPE '\\' ORDER BY id DESC LIMIT ?",
                                (f"%{escaped}%", limit)).fetchall()
        return [Entry(*row) for row in rows]

    def clear(self) -> None:
        with self._lock, self._connect() as conn:
            conn.execute("DELETE FROM history")


_installed: list[Any] = []


def record_queries(history: History | None = None) -> History:
    """Record every statement that runs from now on in ``history`` (the user's file by default).
    Recording into the user's file twice is recording once."""
    if history is None and _installed:
        return _installed[0][2]
    history = history or History()

    def finished(session: Any, sql: str, rowcount: int, elapsed: float, has_rows: bool, **_kw: Any) -> None:
        _add(history, session, sql, elapsed, None if has_rows or rowcount < 0 else rowcount, "ok")

    def failed(session: Any, sql: str, message: str, cancelled: bool, **_kw: Any) -> None:
        _add(history, session, sql, None, None, "cancelled" if cancelled else "error", message)

    signals.query_finished.connect(finished, weak=False)
    signals.query_failed.connect(failed, weak=False)
    _installed.append((finished, failed, history))
    return history


def _add(history: History, session: Any, sql: str, seconds: float | None, rows: int | None, outcome: str,
         message: str = "") -> None:
    db = getattr(session, "db", None)
    try:
        history.add(db.display if db is not None else "", sql, seconds, rows, outcome, message)
    except sqlite3.Error:
        pass  # a locked or unwritable history file never stops a query


def stop_recording() -> None:
    """Disconnect what record_queries() connected (tests, and a window that closes)."""
    while _installed:
        finished, failed, _history = _installed.pop()
        signals.query_finished.disconnect(finished)
        signals.query_failed.disconnect(failed)
