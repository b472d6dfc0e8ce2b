"""What the main window keeps across restarts: geometry, open table tabs per database, console texts."""

from __future__ import annotations

import json

from PySide6.QtCore import QByteArray

from guiapp.qt.settings import settings


class WindowState:
    """Mixed into the MainWindow (which provides ``workspace``, ``tabs`` and its consoles)."""

    def _saved_tables(self, display: str) -> list[str]:
        raw = settings().value("tabs/tables", "{}")
        try:
            return list(json.loads(str(raw)).get(display, []))
        except (ValueError, AttributeError):
            return []

    def save_layout(self) -> None:
        from guiapp.views.tablepage import TablePage
        s = settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        db = self.workspace.db
        if db is not None:
            try:
                saved = json.loads(str(s.value("tabs/tables", "{}")))
            except ValueError:
                saved = {}
            saved[db.display] = [w.name for i in range(self.tabs.count())
                                 if isinstance(w := self.tabs.widget(i), TablePage)]
            s.setValue("tabs/tables", json.dumps(saved))
        s.sync()

    def restore_layout(self) -> None:
        s = settings()
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_consoles(self) -> None:
        """Keep what the user typed in every console, across restarts and crashes."""
        s = settings()
        s.setValue("consoles/texts", json.dumps([c.editor.toPlainText() for c in self.consoles()]))
        s.sync()

    def restore_consoles(self) -> None:
        try:
            texts = json.loads(str(settings().value("consoles/texts", "[]")))
        except ValueError:
            texts = []
        for text in texts or [""]:
            self.new_console(str(text))
