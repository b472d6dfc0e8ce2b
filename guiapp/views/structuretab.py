"""A table's Structure tab: its columns, indexes, unique constraints and foreign keys."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (QAbstractItemView, QFrame, QLabel, QScrollArea, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)


def _fill(table: QTableWidget, headers: list[str], rows: list[list[str]]) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(value))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)


class StructureTab(QWidget):
    """Columns, indexes, unique constraints and foreign keys as tables."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # In a scroll area: four tables' minimum heights would otherwise make a short window taller.
        body = QWidget()
        scroll = QScrollArea(widgetResizable=True, frameShape=QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = QVBoxLayout(body)
        self.tables: dict[str, QTableWidget] = {}
        for title in ("Columns", "Indexes", "Unique constraints", "Foreign keys"):
            label = QLabel(f"<b>{title}</b>")
            table = QTableWidget()
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.verticalHeader().hide()
            layout.addWidget(label)
            layout.addWidget(table, 3 if title == "Columns" else 1)
            self.tables[title] = table

    def show_info(self, info: Any) -> None:
        _fill(self.tables["Columns"], ["Column", "Type", "Nullable", "Default", "Key", "Extra"],
              [[c.name, c.type, "YES" if c.nullable else "NO", "" if c.default is None else c.default,
                "PK" if c.primary_key else "", "auto_increment" if c.autoincrement else ""]
               for c in info.columns])
        _fill(self.tables["Indexes"], ["Index", "Columns", "Unique"],
              [[ix.name, ", ".join(ix.columns), "YES" if ix.unique else ""] for ix in info.indexes])
        _fill(self.tables["Unique constraints"], ["Constraint", "Columns"],
              [[u.name or "(unnamed)", ", ".join(u.columns)] for u in info.uniques])
        _fill(self.tables["Foreign keys"], ["Foreign key", "Columns", "References", "On delete"],
              [[fk.name or "(unnamed)", ", ".join(fk.columns),
                f"{fk.referred_table}({', '.join(fk.referred_columns)})", fk.ondelete or ""]
               for fk in info.foreign_keys])
