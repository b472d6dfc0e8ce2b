"""Changes made elsewhere appear by themselves: a table created, altered or dropped by another process
(the CLI, a migration, a colleague) is announced with origin 'external' within about a second.

Once a second, while the window is shown, a worker reads the schema's version (``Backend.schema_version``:
SQLite's ``PRAGMA schema_version``, a digest of the catalogue views on MariaDB and PostgreSQL) on a
connection of its own. Only when it moves is the catalogue read again, and ``table-created``,
``table-dropped`` and ``schema-changed`` are sent as for any other change, so every view updates through
the bridge as usual. guiapp's own DDL is announced where it runs; the version it moves is absorbed here.
A slow catalogue (thousands of tables) stretches the interval so that watching costs about 2% of the
query's time.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Slot

from guiapp.core.schema.watch import VersionReader, announce_external
from guiapp.qt.workspace import Workspace

INTERVAL_MS = 1000


class SchemaWatcher(QObject):
    """Polls the current database's schema version while ``window`` is visible."""

    def __init__(self, workspace: Workspace, window: Any) -> None:
        super().__init__(workspace)
        self.workspace = workspace
        self.window = window
        self.version: Any = None
        self.seen_db: Any = None
        self._busy = False
        self.looks = 0  # versions read so far (tests wait on it)
        self._own_change = False
        self._reader = VersionReader()
        self.timer = QTimer(self, interval=INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        workspace.bridge.schemaNews.connect(self._news)
        workspace.databaseChanged.connect(lambda _db: self._forget())
        workspace.closing.connect(self.close)

    @Slot(object, str, tuple, str)
    def _news(self, _db: Any, _change: str, _tables: tuple, origin: str) -> None:
        if origin != "external":
            self._own_change = True  # guiapp changed the schema itself and said so already

    def _forget(self) -> None:
        self.version, self.seen_db = None, None

    def _tick(self) -> None:
        db = self.workspace.db
        if self._busy or db is None or not self.window.isVisible() or self.window.isMinimized():
            return  # nothing to watch, or nobody looking: the window shows the news when it is back
        self._busy = True
        self.workspace.run(lambda: self._read(db), group="schema-watch", on_done=self._compare,
                           on_error=self._failed, owner=self)

    def _read(self, db: Any) -> tuple[Any, Any, float]:
        """On a worker: the database, its version and the seconds the read took."""
        return (db, *self._reader.read(db))

    def _failed(self, _error: Exception) -> None:
        self._busy = False  # the connection's own messages say what is wrong; watching goes on

    def _compare(self, result: tuple[Any, Any, float]) -> None:
        self._busy = False
        self.looks += 1
        db, version, seconds = result
        if db is not self.workspace.db:
            return
        self.timer.setInterval(max(INTERVAL_MS, int(seconds * 50_000)))
        first = self.seen_db is not db
        changed = not first and version != self.version
        self.version, self.seen_db = version, db
        if first:  # a table made between the tree's first read and this one is still news
            self.workspace.run(lambda: announce_external(db, only_names=True), group="schema-watch-announce",
                               owner=self)
            return
        if not changed:
            self._own_change = False
            return
        if self._own_change:
            self._own_change = False
            return  # our own DDL, announced where it ran
        self.workspace.run(lambda: announce_external(db), group="schema-watch-announce", owner=self)

    def close(self) -> None:
        """Stop watching; the connection is closed off the GUI thread (its server may not answer)."""
        from guiapp.core.run.worker import in_background
        self.timer.stop()

        in_background("guiapp-schema-watch-close", self._reader.close)

