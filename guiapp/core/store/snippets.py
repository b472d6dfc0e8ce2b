"""Saved snippets: statements a user keeps under a name, in ``snippets.sqlite3`` in their data
directory (SQLite, so two windows saving at once never lose each other's work, and a crash never
leaves half a file). Every change is announced by ``snippets-changed``."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
import time

from guiapp import signals
from guiapp.core.errors import GuiappError
from guiapp.core.paths import data_dir

MAX_NAME = 200


@dataclass(frozen=True)
class Snippet:
    name: str
    sql: str
    updated: float


class SnippetError(GuiappError):
    """A name that is empty, too long or taken, or a snippet that is gone."""


class SnippetStore:
    """The user's snippets; each call is one short connection, so any thread may call."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path

    @property
    def path(self) -> Path:
        return self._path or data_dir() / "snippets.sqlite3"

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=5)
            conn.execute("CREATE TABLE IF NOT EXISTS snippets "
                         "(name TEXT PRIMARY KEY, sql TEXT NOT NULL, updated REAL NOT NULL)")
        except sqlite3.DatabaseError as exc:
            raise SnippetError(f"The snippets file {self.path} cannot be read ({exc}); move it aside and "
                               "guiapp starts a new one.") from None
        return conn

    def all(self, search: str = "") -> list[Snippet]:
        """By name; ``search`` matches the name or the statement, in any case."""
        if not self.path.exists():
            return []
        like = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        with self._open() as conn:
            rows = conn.execute("SELECT name, sql, updated FROM snippets WHERE name LIKE ?1 ESCAPE '\\' "
                                "OR sql LIKE ?1 ESCAPE '\\' ORDER BY name COLLATE NOCASE", (like,)).fetchall()
        return [Snippet(*row) for row in rows]

    def get(self, name: str) -> Snippet | None:
        if not self.path.exists():
            return None
        with self._open() as conn:
            row = conn.execute("SELECT name, sql, updated FROM snippets WHERE name = ?", (name,)).fetchone()
        return Snippet(*row) if row else None

    def save(self, name: str, sql: str) -> Snippet:
        """Keep ``sql`` as ``name``, replacing a snippet of that name (the caller asked first)."""
        name = _checked(name)
        snippet = Snippet(name, sql, time.time())
        with self._open() as conn:
            conn.execute("INSERT OR REPLACE INTO snippets (name, sql, updated) VALUES (?, ?, ?)",
                         (snippet.name, snippet.sql, snippet.updated))
        signals.snippets_changed.send(self, action="saved", name=name)
        return snippet

    def rename(self, old: str, new: str) -> None:
        new = _checked(new)
        with self._open() as conn:
            if new != old and conn.execute("SELECT 1 FROM snippets WHERE name = ?", (new,)).fetchone():
                raise SnippetError(f"A snippet named {new!r} exists already: choose another name.")
            if conn.execute("UPDATE snippets SET name = ? WHERE name = ?", (new, old)).rowcount == 0:
                raise SnippetError(f"The snippet {old!r} is gone (deleted in another window?).")
        signals.snippets_changed.send(self, action="renamed", name=new, old_name=old)

    def delete(self, name: str) -> None:
        with self._open() as conn:
            conn.execute("DELETE FROM snippets WHERE name = ?", (name,))
        signals.snippets_changed.send(self, action="deleted", name=name)


def _checked(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise SnippetError("A snippet needs a name.")
    if len(name) > MAX_NAME:
        raise SnippetError(f"A snippet's name is at most {MAX_NAME} characters.")
    return name


def suggested_name(sql: str) -> str:
    """The statement's first words, as a name to start from."""
    words = " ".join(sql.split())
    return words[:40].rstrip() + ("…" if len(words) > 40 else "")
