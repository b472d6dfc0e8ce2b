"""The Signals dock: every blinker signal as it arrives, with a filter, so a user sees why a view refreshed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Slot
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLineEdit,
                               QTableView, QToolButton, QVBoxLayout, QWidget)

from guiapp.itemmodels.signallog import SignalLogModel
from guiapp.views.resources import icon
from guiapp.qt.workspace import Workspace


class SignalsView(QWidget):
    """A live, filterable log of the bridge's ``event`` signal."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = SignalLogModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(placeholderText="Filter signals (name, sender or argument)…",
                                clearButtonEnabled=True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.hide_pool = QCheckBox("Hide pool check-outs/ins")
        self.hide_pool.setToolTip("Every grid page and query checks a connection out and in; the status bar "
                                  "shows the pool live. Untick to log that traffic too.")
        self.hide_pool.setChecked(True)
        self.pause = QToolButton(icon=icon("pause"), toolTip="Pause the log", checkable=True, autoRaise=True)
        clear = QToolButton(icon=icon("clear"), toolTip="Clear the log", autoRaise=True)
        clear.clicked.connect(self.model.clear)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 260)
        header.setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.hide_pool)
        top.addWidget(self.pause)
        top.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        workspace.bridge.signalSent.connect(self._on_event)

    @Slot(str, object, dict)
    def _on_event(self, name: str, sender: Any, kwargs: dict) -> None:
        if self.pause.isChecked():
            return
        if self.hide_pool.isChecked() and name in ("pool-checkout", "pool-checkin"):
            return
        at_bottom = self.table.verticalScrollBar().value() >= self.table.verticalScrollBar().maximum() - 2
        self.model.add(name, sender, kwargs)
        if at_bottom:
            self.table.scrollToBottom()

    def names(self) -> list[str]:
        """Signal names logged so far (for tests)."""
        return [event[1] for event in self.model.events]
