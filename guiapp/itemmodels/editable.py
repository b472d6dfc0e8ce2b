"""The data grid's model with edits held until Commit or Revert.

Rows as read come from the lazy pages of :class:`TableDataModel`; the pending
changes live in an :class:`EditBuffer` keyed by each row's key, so pages can be
evicted, sorted or filtered while edits wait. New rows are shown after the last
row. A typed value that does not fit its column is refused at once (``editRefused``)
and never reaches the buffer.

Signals:
    editsChanged(str): what is pending now ('' when nothing is).
    editRefused(str): a value was refused; the message says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QObject, Qt, Signal

from guiapp.core.data.edits import EditBuffer, edit_key, own_value, read_only_reason
from guiapp.core.errors import EditError
from guiapp.core.data.fitting import check_fits, parse_cell
from guiapp.itemmodels.cells import BACKGROUND, DISPLAY, EDIT, HANDLED, pending_cell_data
from guiapp.itemmodels.tabledata import Run, TableDataModel

if TYPE_CHECKING:
    from guiapp.core.connect.database import Database
    from guiapp.core.schema.catalog import TableInfo

_EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable


class EditableTableModel(TableDataModel):
    """A table's rows, editable when the table has a key and the connection allows writes."""

    editsChanged = Signal(str)
    editRefused = Signal(str)

    def __init__(self, run: Run, db: "Database", info: "TableInfo", parent: QObject | None = None,
                 **kw: Any) -> None:
        super().__init__(run, db, info, parent, **kw)
        read_only = None
        if db.options.read_only:
            read_only = db.read_only_note or "This connection is read-only: rows cannot be edited."
        self.read_only_reason = read_only_reason(info, read_only)
        key = edit_key(info)
        self.edits: EditBuffer | None = (EditBuffer(info, key) if key is not None
                                         and self.read_only_reason is None else None)
        self.saving = False  # a commit is running: the grid waits for it

    # -- what is pending -----------------------------------------------------------
    @property
    def pending(self) -> str:
        return self.edits.summary() if self.edits is not None else ""

    def take_snapshot(self) -> EditBuffer | None:
        """The pending edits to save, or None if there are none."""
        return self.edits.snapshot() if self.edits else None

    def row_loaded(self, row: int) -> bool:
        return self.is_new_row(row) or super().row_loaded(row)

    def is_new_row(self, row: int) -> bool:
        return self.edits is not None and row >= self._total

    def cell_value(self, index: QModelIndex) -> Any:
        """The value a cell shows: its pending new value, else the value read (None if not loaded)."""
        row, column = index.row(), index.column()
        if self.is_new_row(row):
            return self.edits.added[row - self._total].values.get(column)
        read = self._cache.row(row)
        if read is None:
            return None
        edit = self.edits.edit_of(read) if self.edits else None
        return edit.new[column] if edit is not None and column in edit.new else read[column]

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid():
            return 0
        return self._total + (len(self.edits.added) if self.edits is not None else 0)

    def data(self, index: QModelIndex, role: int = DISPLAY) -> Any:
        edits = self.edits
        if not edits:
            return super().data(index, role)
        role = int(role)
        if not index.isValid() or (role not in HANDLED and role != BACKGROUND):
            return None
        row, column = index.row(), index.column()
        if row >= self._total:
            values = edits.added[row - self._total].values
            if column in values:
                return pending_cell_data(values[column], role, "new")
            return pending_cell_data(None, role, "default", self._default_text(column))
        read = self._cache.row(row)
        edit = edits.edit_of(read) if read is not None else None
        if edit is None:
            return None if role == BACKGROUND else super().data(index, role)
        if edit.deleted:
            return pending_cell_data(edit.new.get(column, edit.old[column]), role, "deleted")
        if column in edit.new:
            return pending_cell_data(edit.new[column], role, "changed")
        return None if role == BACKGROUND else super().data(index, role)

    def _default_text(self, column: int) -> str:
        col = self.info.columns[column]
        own = own_value(self.info, col, self.db.dialect)
        return own if own is not None else "NULL" if col.nullable else "(required)"

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.edits is None or self.saving or not index.isValid():
            return flags
        row = index.row()
        if row >= self._total:
            return _EDITABLE
        read = self._cache.row(row)
        if read is None:
            return flags
        edit = self.edits.edit_of(read)
        return flags if edit is not None and edit.deleted else _EDITABLE

    def setData(self, index: QModelIndex, value: Any, role: int = EDIT) -> bool:
        """A value typed in a cell (text, parsed as the column's type)."""
        if int(role) != EDIT or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        column = self.info.columns[index.column()]
        try:
            parsed = parse_cell(column, value) if isinstance(value, str) else value
        except EditError as exc:
            self.editRefused.emit(str(exc))
            return False
        return self.set_value(index, parsed)

    # -- changes --------------------------------------------------------------------------
    def set_value(self, index: QModelIndex, value: Any) -> bool:
        """Hold ``value`` (None for NULL, bytes from a file) for a cell; refused if it does not fit."""
        if self.edits is None or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        try:
            check_fits(self.info.columns[index.column()], value, self.db.dialect)
        except EditError as exc:
            self.editRefused.emit(str(exc))
            return False
        row = index.row()
        if row >= self._total:
            self.edits.set_added_value(row - self._total, index.column(), value)
            self.dataChanged.emit(index, index)
        else:
            read = self._cache.row(row)
            if read is None:
                return False
            self.edits.set_value(read, index.column(), value)
            self._row_changed(row)
        self.editsChanged.emit(self.pending)
        return True

    def add_row(self) -> QModelIndex:
        """A new row after the last one; its first cell."""
        if self.edits is None:
            return QModelIndex()
        at = self.rowCount()
        self.beginInsertRows(QModelIndex(), at, at)
        self.edits.add_row()
        self.endInsertRows()
        self.editsChanged.emit(self.pending)
        return self.index(at, 0)

    def delete_rows(self, rows: list[int]) -> int:
        """Mark rows for deletion (a new row simply goes); how many were marked or removed."""
        if self.edits is None:
            return 0
        done = 0
        for row in sorted(set(rows), reverse=True):
            if row >= self._total:
                self.beginRemoveRows(QModelIndex(), row, row)
                self.edits.remove_added([row - self._total])
                self.endRemoveRows()
                done += 1
            elif (read := self._cache.row(row)) is not None:
                self.edits.delete(read)
                self._row_changed(row)
                done += 1
        self.editsChanged.emit(self.pending)
        return done

    # -- one row at a time ----------------------------------------------------------------
    def edited_keys(self, rows: list[int]) -> list[tuple[Any, ...]]:
        """The keys of the rows among ``rows`` (read, not new) that hold a pending change."""
        if not self.edits:
            return []
        reads = [self._cache.row(row) for row in sorted(set(rows)) if not self.is_new_row(row)]
        return [self.edits.key_of(read) for read in reads if read is not None and self.edits.edit_of(read)]

    def revert_rows(self, rows: list[int]) -> int:
        """Forget the pending changes of these rows only (edits, deletion marks; new rows go)."""
        if not self.edits:
            return 0
        done = 0
        for row in sorted(set(rows), reverse=True):
            if self.is_new_row(row):
                self.beginRemoveRows(QModelIndex(), row, row)
                self.edits.remove_added([row - self._total])
                self.endRemoveRows()
                done += 1
            elif (read := self._cache.row(row)) is not None and self.edits.edit_of(read) is not None:
                key = self.edits.key_of(read)
                self.edits.forget(key)
                self._row_changed(row)
                done += 1
        self.editsChanged.emit(self.pending)
        return done

    def undelete_rows(self, rows: list[int]) -> int:
        """Un-mark these rows for deletion; their edited values stay."""
        if not self.edits:
            return 0
        done = 0
        for row in sorted(set(rows)):
            read = None if self.is_new_row(row) else self._cache.row(row)
            edit = self.edits.edit_of(read) if read is not None else None
            if edit is not None and edit.deleted:
                self.edits.undelete(read)
                self._row_changed(row)
                done += 1
        self.editsChanged.emit(self.pending)
        return done

    def keep_mine(self, now: dict[tuple[Any, ...], Any]) -> list[str]:
        """Write over the other session's change on the next commit: each row's values as they are
        ``now`` become the ones checked. A row deleted meanwhile cannot be: why, for each."""
        problems = []
        names = self.edits.key_names if self.edits is not None else ()
        for key, row in now.items():
            if self.edits is None or key not in self.edits.edits:
                continue
            if row is None:
                what = ", ".join(f"{n}={v!r}" for n, v in zip(names, key))
                problems.append(f"{what} was deleted by someone else: Take theirs, or add it again (Insert).")
                continue
            self.edits.rebase(key, row)
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, self.columnCount() - 1))
        self.editsChanged.emit(self.pending)
        return problems

    def revert(self) -> None:
        """Qt's slot, called when a cell editor is closed with Esc: that cancels only the cell
        being typed (the editor never reached the model), so every pending edit stays."""

    def discard_all(self) -> None:
        """Forget every pending change (the Revert button): the rows show what was read."""
        if not self.edits:
            return
        if self.edits.added:
            self.beginRemoveRows(QModelIndex(), self._total, self._total + len(self.edits.added) - 1)
            self.edits.added.clear()
            self.endRemoveRows()
        self.edits.clear()
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, self.columnCount() - 1))
        self.editsChanged.emit(self.pending)

    def saved(self) -> None:
        """The commit landed: the held changes are now the table's rows; read them back."""
        self.saving = False
        self.discard_all()
        self.reload()

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
