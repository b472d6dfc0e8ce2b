"""The Snippets panel: the user's saved statements by name, searchable; insert one into the console
(double-click or Insert), rename or delete it (asks first). Query ▸ Save as snippet… (Ctrl+Shift+S)
keeps the console's selection, or its whole text, under a name. The list follows ``snippets-changed``,
so a snippet saved in one window shows in every other."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (QHBoxLayout, QInputDialog, QLineEdit, QListWidget, QListWidgetItem, QMessageBox,
                               QPushButton, QVBoxLayout, QWidget)

from guiapp.qt.workspace import Workspace, debounce

SQL_ROLE = Qt.ItemDataRole.UserRole


class SnippetsView(QWidget):
    """Signals: insertRequested(str): put this statement into the current console."""

    insertRequested = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from guiapp.core.store.snippets import SnippetStore
        self.workspace = workspace
        self.store = SnippetStore()
        self.search = QLineEdit(placeholderText="Search the snippets…", clearButtonEnabled=True,
                                objectName="snippetSearch")
        self.list = QListWidget(objectName="snippetList")
        self.list.itemDoubleClicked.connect(lambda _item: self.insert_selected())
        self.insert_button = QPushButton("Insert")
        self.insert_button.setToolTip("Put the selected snippet into the console at the cursor (or double-click it)")
        self.insert_button.clicked.connect(self.insert_selected)
        self.rename_button = QPushButton("Rename…")
        self.rename_button.clicked.connect(self.rename_selected)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete_selected)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        for button in (self.insert_button, self.rename_button, self.delete_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self._later = debounce(self, 150, self.reload)
        self.search.textChanged.connect(self._later)
        workspace.bridge.snippetsChanged.connect(self._changed)  # a bound method: dropped when the panel goes
        self.reload()

    @Slot()
    def _changed(self) -> None:
        self._later()

    def reload(self) -> None:
        store, text = self.store, self.search.text()
        self.workspace.run(lambda: store.all(text), group=f"snippets:{id(self)}", on_done=self._show, owner=self)

    def _show(self, snippets: list[Any]) -> None:
        current = self.selected_name()
        self.list.clear()
        for snippet in snippets:
            item = QListWidgetItem(snippet.name)
            item.setData(SQL_ROLE, snippet.sql)
            item.setToolTip(snippet.sql[:2000])
            self.list.addItem(item)
            if snippet.name == current:
                self.list.setCurrentItem(item)

    def names(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def selected_name(self) -> str | None:
        item = self.list.currentItem()
        return item.text() if item is not None else None

    def insert_selected(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.insertRequested.emit(item.data(SQL_ROLE))

    def rename_selected(self) -> None:
        old = self.selected_name()
        if old is None:
            return
        new, ok = QInputDialog.getText(self, "Rename snippet", f"New name for {old!r}:", text=old)
        if ok and new.strip() and new.strip() != old:
            self._write(lambda: self.store.rename(old, new), "Rename snippet")

    def delete_selected(self) -> None:
        name = self.selected_name()
        if name is None:
            return
        answer = QMessageBox.question(self, "Delete snippet", f"Delete the snippet {name!r}?",
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self._write(lambda: self.store.delete(name), "Delete snippet")

    def _write(self, change: Any, title: str) -> None:
        self.workspace.run(change, on_error=lambda error: QMessageBox.warning(self, title, str(error)), owner=self)


def save_snippet(parent: QWidget, workspace: Workspace, sql: str) -> bool:
    """Ask for a name (the statement's first words to start from), ask before replacing one, save
    (on a worker). False when there was nothing to save or the user cancelled."""
    from guiapp.core.store.snippets import SnippetStore, suggested_name
    if not sql.strip():
        workspace.message.emit("Nothing to save: the console is empty.")
        return False
    name, ok = QInputDialog.getText(parent, "Save as snippet", "Name:", text=suggested_name(sql))
    if not ok or not name.strip():
        return False
    store = SnippetStore()

    def replace_or_save(existing: Any) -> None:
        if existing is not None and existing.sql != sql:
            answer = QMessageBox.question(parent, "Save as snippet",
                                          f"A snippet named {existing.name!r} exists. Replace it?",
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                          QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        workspace.run(lambda: store.save(name, sql), on_done=lambda s: workspace.message.emit(
            f"Saved the snippet {s.name!r}."), on_error=lambda error: QMessageBox.warning(
            parent, "Save as snippet", str(error)), owner=parent)
    workspace.run(lambda: store.get(" ".join(name.split())), on_done=replace_or_save,
                  on_error=lambda error: QMessageBox.warning(parent, "Save as snippet", str(error)), owner=parent)
    return True
