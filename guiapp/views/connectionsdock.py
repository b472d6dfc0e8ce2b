"""The Connections panel: saved connections by name and colour, with their URL (never a password).
*Open* (or a double-click) opens one in a window of its own, beside the others, each with its own
pool, tree, tabs and status bar; *Save current…* keeps this window's connection; *Edit…* and
*Delete…* (asks). The list follows ``connections-changed``, so every window shows the same list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPushButton, QVBoxLayout,
                               QWidget)

from guiapp.core.connect.connections import COLOURS, ConnectionStore, SavedConnection
from guiapp.qt.workspace import Workspace, debounce

CONNECTION_ROLE = Qt.ItemDataRole.UserRole
_COLOUR_NAMES = dict(zip(COLOURS, ("Green", "Blue", "Orange", "Purple", "Red", "Grey")))


def swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class ConnectionsView(QWidget):
    """Signals: openRequested(object): open this SavedConnection in a window of its own."""

    openRequested = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.store = ConnectionStore()
        self.list = QListWidget(objectName="connectionList")
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.buttons = {}
        rows = (QHBoxLayout(), QHBoxLayout())  # two rows: the dock stays as narrow as the schema tree
        for n, (key, text, tip, slot) in enumerate((
                ("open", "Open", "Open the selected connection in a window of its own (or double-click it)",
                 self.open_selected),
                ("save", "Save current…", "Keep this window's connection under a name and a colour",
                 self.save_current),
                ("edit", "Edit…", "Rename it, change its colour or its read-only flag", self.edit_selected),
                ("delete", "Delete…", "Forget the selected connection (asks first)", self.delete_selected))):
            button = QPushButton(text, toolTip=tip)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            rows[n // 2].addWidget(button)
            self.buttons[key] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list)
        for row in rows:
            layout.addLayout(row)
        self._later = debounce(self, 100, self.reload)
        workspace.bridge.connectionsChanged.connect(self._changed)  # a bound method: dropped when the panel goes
        self.reload()

    @Slot()
    def _changed(self) -> None:
        self._later()

    def reload(self) -> None:
        store = self.store
        self.workspace.run(store.all, group=f"connections:{id(self)}", on_done=self._show, owner=self,
                           on_error=lambda error: self._show([], str(error)))

    def _show(self, saved: list[SavedConnection], problem: str = "") -> None:
        current = self.selected()
        self.list.clear()
        for connection in saved:
            flag = ("  (read-only)" if connection.read_only else "") + (
                f"  via {connection.ssh}" if connection.ssh else "")
            item = QListWidgetItem(swatch(connection.colour), f"{connection.name}{flag}\n{connection.url}")
            item.setData(CONNECTION_ROLE, connection)
            item.setToolTip(f"{connection.url}{flag}" + ("\nAsks for its password, or reads it from the system "
                                                       "keyring." if connection.needs_password else ""))
            self.list.addItem(item)
            if current is not None and connection.name == current.name:
                self.list.setCurrentItem(item)
        if problem:
            self.list.addItem(QListWidgetItem(problem))

    def names(self) -> list[str]:
        return [c.name for i in range(self.list.count()) if (c := self.list.item(i).data(CONNECTION_ROLE))]

    def selected(self) -> SavedConnection | None:
        item = self.list.currentItem()
        return item.data(CONNECTION_ROLE) if item is not None else None

    def open_selected(self) -> None:
        connection = self.selected()
        if connection is not None:
            self.openRequested.emit(connection)

    def save_current(self) -> None:
        db = self.workspace.db
        if db is None:
            self.workspace.message.emit("Connect first (Ctrl+O): Save current keeps this window's connection.")
            return
        from guiapp.core.connect.urls import url_for_storage
        from guiapp.core.connect.connections import ConnectionsError
        try:
            used = {c.colour for c in self.store.all()}
        except ConnectionsError as exc:  # a damaged file: say so, and save nothing over it
            QMessageBox.warning(self, "Save connection", str(exc))
            return
        colour = next((c for c in COLOURS if c not in used), COLOURS[0])
        start = SavedConnection(_suggested_name(db), url_for_storage(db.url), colour, db.options.read_only,
                                bool(db.url.password), db.options.ssh)
        self._edit(start, None, "Save connection")

    def edit_selected(self) -> None:
        connection = self.selected()
        if connection is not None:
            self._edit(connection, connection.name, "Edit connection")

    def _edit(self, start: SavedConnection, replacing: str | None, title: str) -> None:
        dialog = ConnectionDialog(start, title, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.values()
        self.workspace.run(lambda: self.store.save(chosen, replacing), owner=self,
                           on_error=lambda error: QMessageBox.warning(self, title, str(error)))

    def delete_selected(self) -> None:
        connection = self.selected()
        if connection is None:
            return
        answer = QMessageBox.question(self, "Delete connection",
                                      f"Forget the saved connection {connection.name!r} ({connection.url})? "
                                      "The database itself is not touched.",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.workspace.run(lambda: self.store.delete(connection.name), owner=self,
                               on_error=lambda error: QMessageBox.warning(self, "Delete connection", str(error)))


def _suggested_name(db: Any) -> str:
    url = db.url
    if db.backend.file_based:
        from pathlib import Path
        return Path(url.database or "memory").stem or "SQLite"
    return f"{url.database or url.get_backend_name()} on {url.host or 'localhost'}"


class ConnectionDialog(QDialog):
    """Name, colour and read-only flag of a saved connection (its URL is shown, not edited here)."""

    def __init__(self, start: SavedConnection, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connectionDialog")
        self.setWindowTitle(title)
        self.start = start
        self.name = QLineEdit(start.name, objectName="connectionName")
        self.colour = QComboBox(objectName="connectionColour")
        for colour in COLOURS:
            self.colour.addItem(swatch(colour), _COLOUR_NAMES[colour], colour)
        self.colour.setCurrentIndex(max(0, self.colour.findData(start.colour)))
        self.read_only = QCheckBox("Read-only: the database refuses every write", objectName="connectionReadOnly",
                                   checked=start.read_only)
        url = QLineEdit(start.url, readOnly=True)
        self.ssh = QLineEdit(start.ssh, objectName="connectionSsh", placeholderText="empty: directly")
        self.ssh.setToolTip("An ssh Host alias (from ~/.ssh/config) or user@bastion to reach the server through")
        form = QFormLayout(self)
        form.addRow("Name", self.name)
        form.addRow("URL", url)
        form.addRow("SSH tunnel via", self.ssh)
        form.addRow("Colour", self.colour)
        form.addRow(self.read_only)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> SavedConnection:
        return SavedConnection(self.name.text(), self.start.url, self.colour.currentData(),
                               self.read_only.isChecked(), self.start.needs_password, self.ssh.text().strip())
