"""What the main window keeps across restarts: geometry, open table tabs per database, console texts.

json is imported where it is read or written, after the first paint (3 ms of the window's start).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray

from guiapp.qt.settings import settings


class WindowState:
    """Mixed into the MainWindow (which provides ``workspace``, ``tabs``, ``state_key`` and its consoles)."""

    def _saved_tables(self, display: str) -> list[str]:
        import json
        raw = settings().value("tabs/tables", "{}")
        try:
            return list(json.loads(str(raw)).get(display, []))
        except (ValueError, AttributeError):
            return []

    def _restore_tables(self, db: Any, display: str) -> None:
        """Reopen the table tabs that were open on this database when the window last closed (called
        once connected, after the schema tree has listed the tables: the tabs fill in after)."""
        if self.workspace.db is db:
            for name in self._saved_tables(display):
                self.open_table(name)

    def save_layout(self) -> None:
        import json
        from guiapp.views.tablepage import TablePage
        s = settings()
        if not self.state_key:  # the main window's geometry; a connection's window takes it as it is
            s.setValue("window/geometry", self.saveGeometry())
            if self.built:  # the docks exist: their places are worth keeping
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
        """The window's size and place, before it shows."""
        geometry = settings().value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

    def restore_dock_state(self) -> None:
        """The docks' places, once they exist (just after the first paint)."""
        state = settings().value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_consoles(self) -> None:
        """Keep what the user typed in every console, across restarts and crashes (each saved
        connection's window keeps its own)."""
        import json
        s = settings()
        texts = [c.editor.toPlainText() for c in self.consoles()]
        if self.state_key:
            by_connection = _json(s.value("consoles/by_connection", "{}"), {})
            by_connection[self.state_key] = texts
            s.setValue("consoles/by_connection", json.dumps(by_connection))
        else:
            s.setValue("consoles/texts", json.dumps(texts))
        s.sync()

    def restore_consoles(self) -> None:
        s = settings()
        if self.state_key:
            texts = _json(s.value("consoles/by_connection", "{}"), {}).get(self.state_key, [])
        else:
            texts = _json(s.value("consoles/texts", "[]"), [])
        for text in texts or [""]:
            self.new_console(str(text))


def _json(raw: object, default: Any) -> Any:
    """A JSON setting, or ``default`` when it is missing or cannot be read (a hand-edited file)."""
    import json
    try:
        value = json.loads(str(raw))
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default
