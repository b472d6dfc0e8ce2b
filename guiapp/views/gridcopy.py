"""Copy from any grid: Ctrl+C, Copy as CSV / JSON / Markdown / SQL INSERT, Copy column names.

Ctrl+C on one cell copies its value; on several, TSV with a header row, which a spreadsheet
pastes into columns. The grid's model answers ``cell_value(index)`` and ``row_loaded(row)``:
rows of a lazy grid that are not loaded are never copied as placeholders.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QMenu

from guiapp.core.data.copying import copy_text, single_value_text
from guiapp.views.gridutil import grid_action

_AS = (("CSV", "csv"), ("JSON", "json"), ("Markdown table", "markdown"), ("SQL INSERT statements", "sql"),
       ("TSV (for spreadsheets)", "tsv"))
COPY_LIMIT = 1_000_000  # cells: past this, Export is the tool


class GridCopy(QObject):
    """The copy actions of one grid view. ``sql_target()`` gives (table name, Database or None)
    for SQL INSERTs; ``on_error(text)`` shows why nothing was copied."""

    def __init__(self, view: QAbstractItemView, sql_target: Callable[[], tuple[str, Any]],
                 on_error: Callable[[str], None]) -> None:
        super().__init__(view)
        self.view = view
        self.sql_target = sql_target
        self.on_error = on_error
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.copy = grid_action(view, "Copy", QKeySequence.StandardKey.Copy, lambda: self.copy_as(None))
        menu = QMenu(view)
        for label, fmt in _AS:
            menu.addAction(label, lambda f=fmt: self.copy_as(f))
        self.copy_as_action = QAction("Copy as", view)
        self.copy_as_action.setMenu(menu)
        view.addAction(self.copy_as_action)
        self.copy_names = grid_action(view, "Copy column names", None, self.copy_column_names)

    def _selection(self) -> tuple[list[int], list[int], set[tuple[int, int]]]:
        indexes = self.view.selectionModel().selectedIndexes()
        if not indexes and self.view.currentIndex().isValid():
            indexes = [self.view.currentIndex()]
        cells = {(i.row(), i.column()) for i in indexes}
        return sorted({r for r, _ in cells}), sorted({c for _, c in cells}), cells

    def copy_as(self, fmt: str | None) -> None:
        """Put the selection on the clipboard (fmt None: the value of one cell, or TSV)."""
        model = self.view.model()
        rows, columns, cells = self._selection()
        if not cells:
            return
        if len(rows) * len(columns) > COPY_LIMIT:
            self.on_error(f"{len(rows):,} rows × {len(columns)} columns is too much for the clipboard: "
                          "use Export instead.")
            return
        missing = [r for r in rows if not model.row_loaded(r)]
        if missing:
            self.on_error(f"Rows {missing[0] + 1:,}–{missing[-1] + 1:,} are not loaded: scroll to them, "
                          "or use Export for the whole table.")
            return
        if fmt is None and len(cells) == 1:
            (row, column), = cells
            QGuiApplication.clipboard().setText(single_value_text(model.cell_value(model.index(row, column))))
            return
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
        values = [[model.cell_value(model.index(r, c)) if (r, c) in cells else None for c in columns]
                  for r in rows]
        table, db = self.sql_target()
        QGuiApplication.clipboard().setText(copy_text(fmt or "tsv", headers, values, table=table, db=db))

    def copy_column_names(self) -> None:
        model = self.view.model()
        _rows, columns, _cells = self._selection()
        columns = columns or list(range(model.columnCount()))
        QGuiApplication.clipboard().setText(", ".join(str(model.headerData(c, Qt.Orientation.Horizontal))
                                                      for c in columns))

