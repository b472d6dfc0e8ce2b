"""The window's commands that open tool tabs or act on the current console: the ER diagrams, saving
and inserting snippets. A mixin of MainWindow, kept apart so the window stays about layout."""

from __future__ import annotations

from typing import Any

from guiapp.views.resources import icon


class ToolTabs:
    """Needs ``self.tabs``, ``self.workspace``, ``open_table``, ``new_console`` and ``current_console``."""

    tabs: Any
    workspace: Any

    def open_diagram(self, source: str = "database") -> Any:
        """The ER diagram tab of the database ("database") or of the declared models ("models"),
        brought forward if it is open already."""
        from guiapp.views.erdtab import ErdTab
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            if isinstance(tab, ErdTab) and tab.source == source:
                self.tabs.setCurrentIndex(i)
                return tab
        tab = ErdTab(self.workspace, source)
        tab.tableActivated.connect(self.open_table)  # type: ignore[attr-defined]
        self.tabs.setCurrentIndex(self.tabs.addTab(tab, icon("database"), tab.title))
        return tab

    def open_connection(self, saved: Any) -> None:
        """A saved connection in a window of its own (the app brings forward one that shows it)."""
        if self.open_window is not None:  # type: ignore[attr-defined]
            self.open_window(saved)  # type: ignore[attr-defined]

    def show_connection(self, saved: Any) -> None:
        """Mark this window as the saved connection's: its name in the title, its colour on the tabs."""
        self.connection_name = saved.name
        self.tabs.setStyleSheet(f"QTabBar::tab:selected {{ border-top: 3px solid {saved.colour}; }}")
        self.setWindowTitle(f"guiapp — {saved.name}")  # type: ignore[attr-defined]

    def save_snippet(self) -> None:
        """Query ▸ Save as snippet…: the current console's selection, or its whole text."""
        from guiapp.views.snippetsdock import save_snippet
        console = self.current_console()  # type: ignore[attr-defined]
        if console is None:
            self.workspace.message.emit("Open a console (Ctrl+T) to save its statement as a snippet.")
            return
        cursor = console.editor.textCursor()
        sql = cursor.selectedText().replace("\u2029", "\n") if cursor.hasSelection() else console.editor.toPlainText()
        if save_snippet(self, self.workspace, sql):  # type: ignore[arg-type]
            self.snippets_dock.show()  # type: ignore[attr-defined]
            self.snippets_dock.raise_()  # type: ignore[attr-defined]

    def insert_snippet(self, sql: str) -> None:
        """Into the current console at the cursor, as one undo step; a new console when none is shown."""
        console = self.current_console()  # type: ignore[attr-defined]
        if console is None:
            self.new_console(sql)  # type: ignore[attr-defined]
            return
        console.editor.textCursor().insertText(sql)
        console.editor.setFocus()
