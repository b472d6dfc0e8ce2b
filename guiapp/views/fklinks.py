"""Foreign keys as links in a grid: follow a cell's key to the row it points at (context menu or
Ctrl+click), or open the rows of other tables that point at this row (Referenced by ▸).

The grid only says where to go, as (table, filters) through ``followRequested``; the window
opens the tab, filters it to those rows and remembers the way back (Alt+Left).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractItemView, QMenu

from guiapp.core.schema.catalog import ForeignKeyInfo, TableInfo
from guiapp.core.values import to_text

Filters = tuple[tuple[str, str], ...]


def _equals(value: Any) -> str:
    """A grid filter that matches exactly ``value``."""
    return "=" + to_text(value)


class ForeignKeyLinks(QObject):
    """The foreign-key actions of one table's grid.

    Signals:
        followRequested(str, tuple): a table and the filters that show the rows to go to.
    """

    followRequested = Signal(str, tuple)

    def __init__(self, view: QAbstractItemView, info: TableInfo, on_error: Any) -> None:
        super().__init__(view)
        self.view = view
        self.info = info
        self.on_error = on_error
        self.referencing: list[tuple[str, ForeignKeyInfo]] = []
        self.follow = QAction("Follow foreign key", view)
        self.follow.setToolTip("Open the row this value points at (Ctrl+click)")
        self.follow.triggered.connect(lambda _checked=False: self.follow_current())
        self.follow.setEnabled(bool(info.foreign_keys))
        view.addAction(self.follow)
        self.referenced_menu = QMenu(view)
        self.referenced = QAction("Referenced by", view)
        self.referenced.setMenu(self.referenced_menu)
        self.referenced.setEnabled(False)
        view.addAction(self.referenced)
        view.viewport().installEventFilter(self)

    def set_referencing(self, found: list[tuple[str, ForeignKeyInfo]]) -> None:
        """The tables whose foreign keys point here (read on a worker when the tab opened)."""
        self.referencing = found
        self.referenced_menu.clear()
        for table, fk in found:
            action = self.referenced_menu.addAction(f"{table} ({', '.join(fk.columns)})")
            action.triggered.connect(lambda _checked=False, t=table, k=fk: self.open_referencing(t, k))
        self.referenced.setEnabled(bool(found))

    # -- following -------------------------------------------------------------------------
    def _row(self, index: QModelIndex) -> dict[str, Any] | None:
        model = self.view.model()
        if not index.isValid() or not model.row_loaded(index.row()):
            return None
        return {c.name: model.cell_value(model.index(index.row(), i)) for i, c in enumerate(self.info.columns)}

    def follow_current(self, index: QModelIndex | None = None) -> bool:
        """Go to the row the current cell's foreign key points at; False if it holds none."""
        index = index if index is not None else self.view.currentIndex()
        if not index.isValid():
            return False
        column = self.info.columns[index.column()].name
        fk = next((fk for fk in self.info.foreign_keys if column in fk.columns), None)
        row = self._row(index)
        if fk is None:
            self.on_error(f"{column} is not part of a foreign key: there is nothing to follow.")
            return False
        if row is None:
            self.on_error("This row is not loaded yet.")
            return False
        values = [row[c] for c in fk.columns]
        if any(v is None for v in values):
            self.on_error(f"{column} is NULL: it points at no row.")
            return False
        filters = tuple((ref, _equals(v)) for ref, v in zip(fk.referred_columns, values))
        self.followRequested.emit(fk.referred_table, filters)
        return True

    def open_referencing(self, table: str, fk: ForeignKeyInfo) -> None:
        """Open ``table`` filtered to its rows whose foreign key ``fk`` points at the current row."""
        row = self._row(self.view.currentIndex())
        if row is None:
            self.on_error("Choose a row first.")
            return
        values = [row.get(c) for c in fk.referred_columns]
        if any(v is None for v in values):
            self.on_error(f"This row's {', '.join(fk.referred_columns)} is NULL: no row can point at it.")
            return
        self.followRequested.emit(table, tuple((c, _equals(v)) for c, v in zip(fk.columns, values)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+click on a foreign-key cell follows it, as a link in a browser."""
        if (event.type() == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            index = self.view.indexAt(event.position().toPoint())
            if index.isValid() and any(self.info.columns[index.column()].name in fk.columns
                                       for fk in self.info.foreign_keys):
                self.view.setCurrentIndex(index)
                return self.follow_current(index)
        return super().eventFilter(watched, event)
