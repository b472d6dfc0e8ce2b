"""Small helpers shared by the grids (table data and console results)."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView


def fit_columns(view: QTableView, low: int = 60, high: int = 320) -> None:
    """Size each column to its header and loaded cells, between ``low`` and ``high`` pixels."""
    view.resizeColumnsToContents()
    for i in range(view.model().columnCount()):
        view.setColumnWidth(i, max(low, min(view.columnWidth(i) + 12, high)))
