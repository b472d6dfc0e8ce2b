"""Small helpers shared by the grids (table data and console results)."""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView


def grid_view(name: str) -> QTableView:
    """A grid as guiapp shows rows: row numbers 1 to n, rows of one line."""
    from guiapp.views.rownumbers import RowNumbers
    view = QTableView()
    view.setObjectName(name)
    view.setVerticalHeader(RowNumbers(view))
    view.setWordWrap(False)
    return view


def fit_columns(view: QTableView, low: int = 60, high: int = 320) -> None:
    """Size each column to its header and loaded cells, between ``low`` and ``high`` pixels."""
    view.resizeColumnsToContents()
    for i in range(view.model().columnCount()):
        view.setColumnWidth(i, max(low, min(view.columnWidth(i) + 12, high)))


def grid_action(view: QAbstractItemView, text: str, keys: Any, slot: Callable[..., Any],
                icon: QIcon | None = None) -> QAction:
    """An action of ``view``: in its context menu, its keys active while the grid has the focus,
    the keys named in its tooltip."""
    action = QAction(text, view)
    if icon is not None:
        action.setIcon(icon)
    if keys is not None:
        action.setShortcut(QKeySequence(keys))
        action.setToolTip(f"{text} ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})")
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(slot)
    view.addAction(action)
    return action
