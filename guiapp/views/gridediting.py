"""Editing a table's rows in its grid: the cell editors, the edit actions and Commit / Revert.

Keys follow HeidiSQL and DBeaver, which our MySQL users know: Insert adds a row, Ctrl+Delete
marks the selected rows for deletion, Ctrl+Shift+N sets NULL, Ctrl+S commits. Changes stay
marked in the grid until Commit (one transaction, run on a worker) or Revert; Ctrl+Z reverts
the selected rows only, Ctrl+Shift+Delete un-marks them, and after a conflict each row can
keep mine or take theirs (context menu).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (QAbstractItemDelegate, QAbstractItemView, QComboBox, QFileDialog, QLabel, QLineEdit, QPlainTextEdit,
                               QStyledItemDelegate, QStyleOptionViewItem, QToolButton, QWidget)

from guiapp.core.data.copying import parse_tsv
from guiapp.core.errors import EditError, GuiappError
from guiapp.core.data.fitting import check_fits, parse_cell
from guiapp.itemmodels.cells import EDIT
from guiapp.itemmodels.editable import EditableTableModel
from guiapp.views.gridutil import grid_action
from guiapp.views.resources import icon

LONG_VALUE = 80  # characters: past this, or with a line break, the editor has several lines
MAX_FILE_BYTES = 256 * 1024 * 1024
_HINTS = {"integer": "a whole number", "number": "a number", "date": "YYYY-MM-DD",
          "datetime": "YYYY-MM-DD HH:MM:SS", "time": "HH:MM:SS"}


def multi_line_text(editor: QPlainTextEdit) -> str:
    """What the multi-line editor holds, every character kept. toPlainText() would turn no-break
    spaces into spaces and line separators into line feeds, and drop the CR of CR LF: the raw text
    keeps the first two, and its paragraph breaks become the value's own line ending again."""
    initial = editor.property("initial") or ""
    return editor.document().toRawText().replace("\u2029", "\r\n" if "\r\n" in initial else "\n")


class CellDelegate(QStyledItemDelegate):
    """An editor that suits the column: true/false for booleans, several lines for long text,
    a one-line box with the expected format otherwise. Binary values come from files."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> QWidget | None:
        model = index.model()
        column = model.info.columns[index.column()]
        text = index.data(EDIT) or ""
        if column.kind == "binary":
            return None  # Load value from file…
        if column.kind == "boolean":
            editor: QWidget = QComboBox(parent)
            editor.addItems(["true", "false"] + (["NULL"] if column.nullable else []))
        elif "\n" in text or len(text) > LONG_VALUE:
            editor = QPlainTextEdit(parent, objectName="multiLineEditor")
            editor.setToolTip("Ctrl+Enter or a click elsewhere keeps the value; Esc cancels")
        else:
            editor = QLineEdit(parent, placeholderText=_HINTS.get(column.kind, ""))
        editor.setProperty("initial", text)
        return editor

    commit_action: QAction | None = None  # the grid's Commit (Ctrl+S)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        """Ctrl+Enter keeps a multi-line value (Enter adds a line), before any window shortcut.
        Ctrl+S in an editor keeps what was typed and commits: while the first value is being typed
        nothing is pending yet, so Commit is disabled and its shortcut would not fire at all."""
        if (event.type() == QEvent.Type.KeyPress and self.commit_action is not None
                and isinstance(editor, QWidget)
                and QKeySequence(event.keyCombination()) == self.commit_action.shortcut()):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            if self.commit_action.isEnabled():  # the value was kept: something is pending now
                self.commit_action.trigger()
            return True
        if isinstance(editor, QPlainTextEdit) and event.type() in (QEvent.Type.ShortcutOverride,
                                                                   QEvent.Type.KeyPress):
            if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.commitData.emit(editor)
                    self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                return True
        return super().eventFilter(editor, event)

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        text = index.data(EDIT) or ""
        if isinstance(editor, QComboBox):
            shown = ("NULL" if index.model().cell_value(index) is None
                     else "true" if text.lower() in ("1", "true", "t") else "false")
            editor.setCurrentText(shown)
            editor.setProperty("initial", shown)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        elif isinstance(editor, QLineEdit):
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            text = editor.currentText()
            if text == "NULL" and text != editor.property("initial"):
                model.setData(index, None, Qt.ItemDataRole.EditRole)
                return
        elif isinstance(editor, QPlainTextEdit):
            if not editor.document().isModified():
                return  # opened and left: the value stays exactly as it was
            text = multi_line_text(editor)
        else:
            text = editor.text()
        if text != editor.property("initial"):
            model.setData(index, text, Qt.ItemDataRole.EditRole)  # untouched: a NULL stays NULL

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        rect = QRect(option.rect)
        if isinstance(editor, QPlainTextEdit):
            rect.setSize(QSize(max(rect.width(), 360), max(rect.height(), 140)))
        editor.setGeometry(rect)


class GridEditing(QObject):
    """The edit actions of one data grid, and its Commit / Revert.

    Signals:
        commitEnded(bool): a commit came back, written (True) or refused (False, the tab says why).
    """

    commitEnded = Signal(bool)

    def __init__(self, tab: Any, view: QAbstractItemView, model: EditableTableModel) -> None:
        super().__init__(tab)
        self.tab = tab
        self.view = view
        self.model = model
        self.editable = model.edits is not None
        delegate = CellDelegate(view)
        view.setItemDelegate(delegate)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.state = QLabel(objectName="editState")
        self.log = QPlainTextEdit(readOnly=True, objectName="editLog", maximumHeight=110)
        self.log.hide()
        self.add = self._action("Add row", "Insert", self.add_row, "create")
        self.delete = self._action("Delete rows", "Ctrl+Delete", self.delete_rows, "drop")
        self.null = self._action("Set NULL", "Ctrl+Shift+N", self.set_null)
        self.paste = self._action("Paste", QKeySequence(QKeySequence.StandardKey.Paste), self.paste_cells)
        self.load = self._action("Load value from file…", None, self.load_file)
        self.save = self._action("Save value to file…", None, self.save_file)
        self.revert_rows_action = self._action("Revert rows", "Ctrl+Z", self.revert_rows)
        self.undelete = self._action("Undelete rows", "Ctrl+Shift+Delete", self.undelete_rows)
        self.keep_mine = self._action("Keep mine (write over theirs)", None, self.keep_mine_rows)
        self.take_theirs = self._action("Take theirs (drop my edits, reload)", None, self.take_theirs_rows)
        self.commit_action = self._action("Commit", "Ctrl+S", self.commit, "commit")
        delegate.commit_action = self.commit_action
        self.revert_action = self._action("Revert", None, self.revert, "rollback")
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.buttons = [self._button(a) for a in (self.add, self.delete, self.commit_action, self.revert_action)]
        model.editsChanged.connect(self._edited)
        model.editRefused.connect(tab.show_error)
        self._update("")

    def _action(self, text: str, keys: str | QKeySequence | None, slot: Any,
                icon_name: str | None = None) -> QAction:
        return grid_action(self.view, text, keys, slot, icon(icon_name) if icon_name else None)

    def _button(self, action: QAction) -> QToolButton:
        button = QToolButton(autoRaise=True)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        return button

    def _edited(self, pending: str) -> None:
        self.tab.show_error("")  # an earlier refusal or conflict is no longer the news
        self._update(pending)

    def _update(self, pending: str) -> None:
        """Enable what makes sense now, and say what is pending or why nothing can be edited."""
        for action in (self.add, self.delete, self.null, self.load, self.paste, self.revert_rows_action,
                       self.undelete, self.keep_mine, self.take_theirs):
            action.setEnabled(self.editable and not self.model.saving)
        for action in (self.commit_action, self.revert_action):
            action.setEnabled(bool(pending) and not self.model.saving)
        if not self.editable:
            self.state.setText("Read-only")
            self.state.setToolTip(self.model.read_only_reason or "")
        else:
            self.state.setText(f"Pending: {pending}" if pending else "")
            self.state.setToolTip("Ctrl+S commits these changes in one transaction; Revert forgets them")
        self.tab.pending_changed(pending)

    # -- actions -------------------------------------------------------------------------
    def _selected_rows(self) -> list[int]:
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        return sorted(rows)

    def _loaded(self, rows: list[int], what: str) -> bool:
        """Whether every row acted on is loaded; if not, say which are not and do nothing (a
        lazy grid's Ctrl+A selects rows not read yet: acting on the loaded part alone would
        mark a fraction of what the user chose, silently)."""
        missing = [row for row in rows if not self.model.row_loaded(row)]
        if not missing:
            return True
        span = f"row {missing[0] + 1:,}" if len(missing) == 1 else f"rows {missing[0] + 1:,}–{missing[-1] + 1:,}"
        self.tab.show_error(f"Nothing was {what}: {span} of the selection "
                            f"{'is' if len(missing) == 1 else 'are'} not loaded yet. Scroll to them first, "
                            "or filter the grid to the rows you mean.")
        return False

    def add_row(self) -> None:
        index = self.model.add_row()
        if index.isValid():
            self.view.scrollTo(index)
            self.view.setCurrentIndex(index)

    def delete_rows(self) -> None:
        rows = self._selected_rows()
        if self._loaded(rows, "marked for deletion"):
            self.model.delete_rows(rows)

    def revert_rows(self) -> None:
        """Forget my changes of the selected rows only."""
        rows = self._selected_rows()
        if self._loaded(rows, "reverted"):
            self.model.revert_rows(rows)

    def undelete_rows(self) -> None:
        rows = self._selected_rows()
        if self._loaded(rows, "undeleted"):
            self.model.undelete_rows(rows)

    def take_theirs_rows(self) -> None:
        """Drop my changes of the selected rows and read them again as the other session left them."""
        rows = self._selected_rows()
        if self._loaded(rows, "taken from the server") and self.model.revert_rows(rows):
            self.model.reload()

    def keep_mine_rows(self) -> None:
        """Read the selected rows as they are now (on a worker); the next commit writes over them."""
        keys = self.model.edited_keys(self._selected_rows())
        snapshot = self.model.take_snapshot()
        if not keys or snapshot is None:
            self.tab.show_error("Select rows you edited to keep your values over the other session's.")
            return
        from guiapp.core.data.saving import current_rows
        db = self.model.db
        self.tab.workspace.run(lambda: current_rows(db, snapshot, keys), on_done=self._kept,
                               on_error=lambda error: self.tab.show_error(str(error)), owner=self)

    def _kept(self, now: dict) -> None:
        problems = self.model.keep_mine(now)
        self.tab.show_error(" ".join(problems))

    def set_null(self) -> None:
        indexes = self.view.selectionModel().selectedIndexes() or [self.view.currentIndex()]
        if not self._loaded(sorted({i.row() for i in indexes if i.isValid()}), "set to NULL"):
            return
        for index in indexes:
            if index.isValid():
                self.model.set_value(index, None)

    def paste_cells(self) -> None:
        """Paste TSV (from a spreadsheet, or copied here) from the current cell on, adding rows
        past the last one. Every value is checked first: one that does not fit pastes nothing."""
        start = self.view.currentIndex()
        rows = parse_tsv(QGuiApplication.clipboard().text())
        if not rows or not start.isValid():
            return
        model, columns = self.model, self.model.info.columns
        first, left = start.row(), start.column()
        if len(rows) > 1 and rows[0] == [c.name for c in columns[left:left + len(rows[0])]]:
            rows = rows[1:]  # copied with its header row
        planned: list[tuple[int, int, Any]] = []
        for i, cells in enumerate(rows):
            row = first + i
            if row < model.rowCount() and not model.row_loaded(row):
                self.tab.show_error(f"Nothing was pasted: row {row + 1:,} is not loaded yet.")
                return
            for j, text in enumerate(cells[:len(columns) - left]):
                column = columns[left + j]
                try:
                    value = None if text == "" and column.kind != "text" else parse_cell(column, text)
                    check_fits(column, value, model.db.dialect)
                except EditError as exc:
                    self.tab.show_error(f"Nothing was pasted: line {i + 1} of the clipboard: {exc}")
                    return
                planned.append((row, left + j, value))
        for row, column, value in planned:
            while row >= model.rowCount():
                model.add_row()
            model.set_value(model.index(row, column), value)

    def load_file(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        name, _ = QFileDialog.getOpenFileName(self.view, "Load value from file")
        if not name:
            return
        path = Path(name)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise OSError(f"it is larger than {MAX_FILE_BYTES // 2**20} MB")
            data = path.read_bytes()
        except OSError as exc:
            self.tab.show_error(f"Could not read {path.name}: {getattr(exc, 'strerror', None) or exc}")
            return
        column = self.model.info.columns[index.column()]
        value: Any = data
        if column.kind != "binary":
            try:
                value = data.decode("utf-8")
            except UnicodeDecodeError:
                self.tab.show_error(f"{path.name} is not UTF-8 text, and {column.name} is a text column.")
                return
        self.model.set_value(index, value)

    def save_file(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        value = self.model.cell_value(index)
        if value is None:
            self.tab.show_error("This cell is NULL: there is nothing to save.")
            return
        name, _ = QFileDialog.getSaveFileName(self.view, "Save value to file")
        if not name:
            return
        data = bytes(value) if isinstance(value, (bytes, bytearray, memoryview)) else str(value).encode("utf-8")
        try:
            Path(name).write_bytes(data)
        except OSError as exc:
            self.tab.show_error(f"Could not write {Path(name).name}: {exc.strerror or exc}")

    def commit(self) -> bool:
        """Write every pending change in one transaction, on a worker; False if none started."""
        if self.view.state() == QAbstractItemView.State.EditingState:
            self.view.setFocus()  # Ctrl+S while typing keeps what was typed first
        snapshot = self.model.take_snapshot()
        if snapshot is None or self.model.saving:
            return False
        from guiapp.core.data.saving import save_edits
        self.model.saving = True
        self._update(self.model.pending)
        db = self.model.db
        self.tab.workspace.run(lambda: save_edits(db, snapshot), on_done=self._saved,
                               on_error=self._failed, owner=self)
        return True

    def revert(self) -> None:
        self.model.discard_all()
        self.tab.show_error("")

    def _saved(self, report: Any) -> None:
        self.model.saved()
        stamp = time.strftime("%H:%M:%S")
        lines = [s if s.startswith("--") else s + ";" for s in report.statements]
        self.log.appendPlainText(f"-- {stamp} {report.summary()}\n" + "\n".join(lines))
        self.log.show()
        self.tab.show_error("")
        self._update(self.model.pending)
        self.commitEnded.emit(True)

    def _failed(self, error: GuiappError) -> None:
        self.model.saving = False
        self._update(self.model.pending)
        self.tab.show_error(str(error))
        self.commitEnded.emit(False)
