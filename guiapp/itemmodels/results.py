"""A console result set: rows appended in batches as the worker streams them, up to a cap.

canFetchMore() is "more rows exist, none are loading, and the cap allows";
fetchMore() only asks the console's worker for the next batch; rows arrive
later through append() (Qt's fetchMore pattern, with an inclusive last row).

Signals:
    moreWanted(): the view scrolled near the end; the owner should fetch a batch.
    shownChanged(int, bool): rows shown, and whether more exist on the server.
    reachedEnd(): fetch_to_end() has read the last row.
    fetchingChanged(bool): a fetch_to_end() began or ended (Stop ends it, so Stop is offered meanwhile).
"""

from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal

from guiapp.itemmodels.cells import cell_data

ROW_CAP = 10_000


class ResultModel(QAbstractTableModel):
    """Rows of one result set; never more than ``cap`` until the user asks for more."""

    moreWanted = Signal()
    shownChanged = Signal(int, bool)
    reachedEnd = Signal()
    fetchingChanged = Signal(bool)

    def __init__(self, columns: Sequence[str], parent: QObject | None = None, cap: int = ROW_CAP) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[tuple[Any, ...]] = []
        self.cap = cap
        self.more = True       # the server may have more rows
        self.loading = True    # the first batch is already on its way from the worker
        self.to_end = False    # keep fetching until the last row (Ctrl+End)

    def append(self, rows: Sequence[tuple[Any, ...]], done: bool) -> None:
        """Add a batch from the worker (on the GUI thread)."""
        self.loading = False
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.more = not done
        self.shownChanged.emit(len(self.rows), self.more)
        if self.to_end:
            if self.more:
                self.fetchMore(QModelIndex())
            else:
                self.to_end = False
                self.fetchingChanged.emit(False)
                self.reachedEnd.emit()

    def fetch_to_end(self) -> None:
        """Read every remaining row, batch after batch (the footer shows progress; Stop ends it)."""
        self.cap = 2**62
        if not self.more:
            self.reachedEnd.emit()
            return
        self.to_end = True
        self.fetchingChanged.emit(True)
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def stop_fetching(self) -> None:
        """Stop a fetch_to_end() after the batch on its way."""
        if self.to_end:
            self.to_end = False
            self.fetchingChanged.emit(False)

    def finish(self) -> None:
        """No more rows will come (cancelled, closed, or superseded)."""
        self.loading = False
        self.more = False
        fetching, self.to_end = self.to_end, False
        self.shownChanged.emit(len(self.rows), False)
        if fetching:
            self.fetchingChanged.emit(False)

    def raise_cap(self, extra: int | None) -> None:
        """Let ``extra`` more rows in (None: no cap), then fetch."""
        self.cap = 2**62 if extra is None else len(self.rows) + extra
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section] if 0 <= section < len(self.columns) else None
        return section + 1

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        return cell_data(self.rows[index.row()][index.column()], role)

    def row_loaded(self, row: int) -> bool:
        return 0 <= row < len(self.rows)

    def cell_value(self, index: QModelIndex) -> Any:
        return self.rows[index.row()][index.column()]

    def canFetchMore(self, parent: QModelIndex) -> bool:
        return not parent.isValid() and self.more and not self.loading and len(self.rows) < self.cap

    def fetchMore(self, parent: QModelIndex) -> None:
        if self.canFetchMore(parent):
            self.loading = True
            self.moreWanted.emit()
