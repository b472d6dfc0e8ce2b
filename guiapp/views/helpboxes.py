"""The Help menu's boxes: keyboard shortcuts, and about."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from guiapp import __version__

SHORTCUTS = [
    ("Ctrl+O", "Connect to a database"), ("Ctrl+Shift+O", "Open a SQLite file"),
    ("Ctrl+T", "New SQL console"), ("Ctrl+W", "Close the tab"),
    ("Ctrl+Return", "Run the statement under the cursor, or the selection"),
    ("Ctrl+Shift+Return / F9", "Run the whole script"), ("Esc", "Stop the running query"),
    ("F5", "Refresh the schema"), ("Ctrl+G", "Go to row (data grid)"),
    ("Ctrl+End", "Last row (data grid); read a result to its last row (console)"),
    ("Ctrl+Q", "Quit"),
]


def show_shortcuts(parent: QWidget) -> None:
    # QMessageBox is imported here, not with the module: the menus, which the window's first frame
    # builds, import this module, and importing QMessageBox makes PySide6 build its enums.
    from PySide6.QtWidgets import QMessageBox
    rows = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>" for k, v in SHORTCUTS)
    QMessageBox.information(parent, "Keyboard shortcuts", f"<table>{rows}</table>")


def show_about(parent: QWidget) -> None:
    from PySide6.QtWidgets import QMessageBox
    QMessageBox.about(parent, "About guiapp",
                      f"<h3>guiapp {__version__}</h3><p>A desktop database browser for people who "
                      "build on SQLAlchemy: schema, data, your declared models, raw SQL, and every "
                      "change announced by blinker signals.</p>")
