"""The History panel: every statement run, newest first, searchable; open one in a console or copy it.

Entries are read from the history file on a worker, again whenever a statement finishes or
fails (the bridge's signals) and as the search text changes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from guiapp.qt.workspace import Workspace, debounce

SQL_ROLE = Qt.ItemDataRole.UserRole
SIDE_WIDTH = 240  # pixels at most for a column beside the statement (a long connection shows whole on hover)


class HistoryView(QWidget):
    """Search box, the entries, Open in console and Copy.

    Signals:
        openRequested(str): put this statement in a new console.
    """

    openRequested = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from guiapp.core.store.history import History
        self.workspace = workspace
        self.history = History()
        self.search = QLineEdit(placeholderText="Search the statements run…", clearButtonEnabled=True,
                                objectName="historySearch")
        self.table = QTableWidget(0, 5, objectName="historyTable")
        self.table.setHorizontalHeaderLabels(["When", "Statement", "Rows", "Time", "Connection"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # The statement is what a user reads here: it takes the width the other columns leave.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.open_button = QPushButton("Open in console")
        self.open_button.setToolTip("Put the selected statement in a new console (or double-click it)")
        self.open_button.clicked.connect(self.open_selected)
        self.copy_button = QPushButton("Copy")
        self.copy_button.clicked.connect(self.copy_selected)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.open_button)
        row.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self._later = debounce(self, 250, self.reload)
        self.search.textChanged.connect(self._later)
        workspace.bridge.queryFinished.connect(self._ran)
        workspace.bridge.queryFailed.connect(self._ran)
        self.reload()

    @Slot(object, dict)
    def _ran(self, _session: Any, _kw: dict) -> None:
        self._later()

    def reload(self) -> None:
        history, text = self.history, self.search.text()
        self.workspace.run(lambda: history.search(text), group=f"history:{id(self)}", on_done=self._show,
                           on_error=lambda _error: None, owner=self)

    def _show(self, entries: list[Any]) -> None:
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            first = " ".join(e.sql.split())
            cells = [dt.datetime.fromtimestamp(e.ran_at).strftime("%Y-%m-%d %H:%M:%S"),
                     first[:200],
                     "" if e.rows is None else f"{e.rows:,}",
                     "" if e.seconds is None else f"{e.seconds * 1000:.1f} ms",
                     e.connection]
            if e.outcome != "ok":
                cells[2] = e.outcome
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(SQL_ROLE, e.sql)
                if c == 1:
                    item.setToolTip(e.sql[:2000] + (f"\n\n{e.message}" if e.message else ""))
                elif c == 4:
                    item.setToolTip(text)
                self.table.setItem(r, c, item)
        for column in (0, 2, 3, 4):
            self.table.resizeColumnToContents(column)
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), SIDE_WIDTH))

    def selected_sql(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 1) if row >= 0 else None
        return item.data(SQL_ROLE) if item is not None else None

    def open_selected(self) -> None:
        sql = self.selected_sql()
        if sql:
            self.openRequested.emit(sql)

    def copy_selected(self) -> None:
        sql = self.selected_sql()
        if sql:
            QGuiApplication.clipboard().setText(sql)
