"""File ▸ Import file…: a CSV, TSV, JSON or JSON Lines file into a new or an existing table.

The dialog shows the first rows as the detected format reads them; delimiter, quote,
encoding and header can be changed and the preview follows. A new table's column types
are guessed from the whole file (read on a worker) and shown, editable, before anything is
imported; an existing table's columns are matched by name and can be mapped, and a file
column left unmapped is refused unless "Skip file columns the table lacks" is ticked. The
import runs on a worker, with rows done (of the total when known) and Cancel; it is all or nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog,
                               QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton,
                               QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from guiapp.core.errors import GuiappError
from guiapp.qt.workspace import Workspace

PREVIEW_ROWS = 20
SKIP = "(skip)"
_DELIMITERS = [(",", "Comma ,"), (";", "Semicolon ;"), ("\t", "Tab"), ("|", "Pipe |")]
_ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]
_TYPES = ["TEXT", "INTEGER", "BIGINT", "NUMERIC(18, 2)", "FLOAT", "BOOLEAN", "DATE", "DATETIME", "VARCHAR(255)"]


class _Progress(QObject):
    """Carries rows imported from the worker to the dialog (queued on the GUI thread)."""

    moved = Signal(int, int)


class ImportDialog(QDialog):
    """Preview, target, columns, then Import with progress and Cancel."""

    def __init__(self, workspace: Workspace, path: Path, tables: list[str], current: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from guiapp.core.data.sniffing import FileFormat, sniff
        self.setWindowTitle(f"Import {path.name}")
        self.setObjectName("importDialog")
        self.resize(820, 620)
        self.workspace = workspace
        self.path = path
        self.job: Any = None
        self.mapped = ""  # the existing table whose columns the mapping shows
        # The open tab's table is offered first, but only kept if the file shares a column with it.
        self._offered = current
        self._why_new = ""  # said above the types when the dialog chose a new table itself
        self.fmt: FileFormat = FileFormat()
        self.names: list[str] = []
        self.total = 0  # the file's rows, once the whole file has been read for the column types
        self.typed = False  # the new table's column types are the whole file's
        self.error = QLabel(objectName="errorBanner", wordWrap=True)
        self.error.hide()
        self.unreadable = ""  # why the file cannot be imported at all (empty, not text, unreadable)
        try:
            self.fmt = sniff(path)
        except GuiappError as exc:
            self.unreadable = str(exc)
        self.delimiter = QComboBox(editable=True)
        for value, label in _DELIMITERS:
            self.delimiter.addItem(label, value)
        self.quote = QLineEdit(self.fmt.quotechar, maxLength=1)
        self.encoding = QComboBox(editable=True)
        self.encoding.addItems(_ENCODINGS if self.fmt.encoding in _ENCODINGS else [self.fmt.encoding] + _ENCODINGS)
        self.encoding.setCurrentText(self.fmt.encoding)
        self.header = QCheckBox("First line holds the column names", checked=self.fmt.header)
        index = self.delimiter.findData(self.fmt.delimiter)
        self.delimiter.setCurrentIndex(max(index, 0))
        self.new_table = QRadioButton("New table", checked=current is None)
        self.existing = QRadioButton("Existing table", checked=current is not None)
        group = QButtonGroup(self)
        group.addButton(self.new_table)
        group.addButton(self.existing)
        self.new_name = QLineEdit(path.stem.replace(" ", "_").replace("-", "_"), objectName="newTableName")
        self.table = QComboBox(objectName="existingTable")
        self.table.addItems(tables)
        if current is not None:
            self.table.setCurrentText(current)
        self.existing.setEnabled(bool(tables))
        self.skip_unknown = QCheckBox("Skip file columns the table lacks", objectName="skipUnknownColumns")
        self.preview = QTableWidget(objectName="importPreview")
        self.columns = QTableWidget(objectName="importColumns")
        self.types_note = QLabel(objectName="typesNote", wordWrap=True)
        self.progress = QProgressBar(textVisible=True)
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.run_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.stop_button = QPushButton("Cancel")
        self.buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.run_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self._layout()
        for signal in (self.delimiter.currentTextChanged, self.quote.textChanged, self.encoding.currentTextChanged,
                       self.header.toggled, self.new_table.toggled, self.table.currentTextChanged):
            signal.connect(self.reload)
        self.reload()

    def _layout(self) -> None:
        form = QFormLayout()
        row = QHBoxLayout()
        for label, widget in (("Delimiter", self.delimiter), ("Quote", self.quote), ("Encoding", self.encoding)):
            row.addWidget(QLabel(label))
            row.addWidget(widget)
        row.addWidget(self.header)
        form.addRow(row)
        target = QHBoxLayout()
        target.addWidget(self.new_table)
        target.addWidget(self.new_name, 1)
        target.addWidget(self.existing)
        target.addWidget(self.table, 1)
        form.addRow("Into", target)
        form.addRow("", self.skip_unknown)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(QLabel(f"<b>First rows of {self.path.name}</b>"))
        layout.addWidget(self.preview, 2)
        layout.addWidget(QLabel("<b>Columns</b>"))
        layout.addWidget(self.columns, 1)
        layout.addWidget(self.types_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

    # -- format and preview --------------------------------------------------------------
    def _format(self) -> Any:
        delimiter = self.delimiter.currentData() if self.delimiter.currentText() == self.delimiter.itemText(
            self.delimiter.currentIndex()) else self.delimiter.currentText()
        return self.fmt.with_(delimiter=(delimiter or ",")[:1], quotechar=(self.quote.text() or '"')[:1],
                              encoding=self.encoding.currentText().strip() or "utf-8",
                              header=self.header.isChecked())

    def reload(self, *_: Any) -> None:
        """Read the first rows again as the format now says, and fill in the columns."""
        from guiapp.core.data.sniffing import read_rows
        self._show_error(self.unreadable)
        self.skip_unknown.setVisible(self.existing.isChecked())
        if self.unreadable:
            self.run_button.setEnabled(False)
            return
        fmt = self._format()
        try:
            names, rows = read_rows(self.path, fmt)
            sample = [row for _n, (_line, row) in zip(range(PREVIEW_ROWS), rows)]
            if hasattr(rows, "close"):
                rows.close()
        except (GuiappError, LookupError) as exc:
            self._show_error(str(exc) if isinstance(exc, GuiappError) else f"Unknown encoding: {exc}")
            self.run_button.setEnabled(False)
            return
        self.names = names
        self.preview.clear()
        self.preview.setColumnCount(len(names))
        self.preview.setHorizontalHeaderLabels(names)
        self.preview.setRowCount(len(sample))
        for r, row in enumerate(sample):
            for c, value in enumerate(row[:len(names)]):
                self.preview.setItem(r, c, QTableWidgetItem("" if value is None else str(value)))
        self._fill_columns([])
        self.run_button.setEnabled(bool(names) and not self.new_table.isChecked())
        if not names:
            self._show_error(f"{self.path.name} has no rows to import.")
        elif self.new_table.isChecked():
            self._ask_types(fmt)

    def _ask_types(self, fmt: Any) -> None:
        """Read the whole file on a worker for the new table's column types (and its rows)."""
        from guiapp.core.data.importing import survey
        self.typed = False
        self.types_note.setText("Reading the whole file for the column types…")
        path, db = self.path, self.workspace.db
        self.workspace.run(lambda: survey(path, fmt, db=db), group=f"import-types:{id(self)}",
                           on_done=lambda found: self._show_types(fmt, found),
                           on_error=lambda error: self._types_failed(fmt, error), owner=self)

    def _show_types(self, fmt: Any, found: Any) -> None:
        if fmt != self._format() or not self.new_table.isChecked():
            return  # the format or the target changed meanwhile: a newer reading is on its way
        self._fill_columns(found.columns)
        self.total = found.rows
        self.typed = True
        self.types_note.setText(self._why_new + f"Types chosen from all {found.rows:,} rows: " +
                                ", ".join(f"{c.name} {c.type}" for c in found.columns))
        self.run_button.setEnabled(bool(self.names) and self.job is None)

    def _types_failed(self, fmt: Any, error: Exception) -> None:
        if fmt != self._format():
            return
        self.types_note.setText("")
        self._show_error(str(error))

    def _fill_columns(self, guessed: list[Any]) -> None:
        self.columns.clear()
        self.columns.setColumnCount(2)
        new = self.new_table.isChecked()
        self.columns.setHorizontalHeaderLabels(["File column", "Type" if new else "Table column"])
        self.columns.setRowCount(len(self.names))
        if not new:
            self.types_note.setText("")
            self._ask_table_columns()
            return
        for r, name in enumerate(self.names):
            self.columns.setItem(r, 0, QTableWidgetItem(name))
            box = QComboBox(editable=True)
            box.addItems(_TYPES)
            box.setCurrentText(guessed[r].type if r < len(guessed) else "TEXT")
            self.columns.setCellWidget(r, 1, box)
        self.columns.resizeColumnsToContents()

    def _ask_table_columns(self) -> None:
        """The existing table's columns, read on a worker; the mapping follows when they come."""
        from guiapp.core.schema.catalog import catalog_for
        name, db = self.table.currentText(), self.workspace.db
        if not name or db is None:
            return
        self.run_button.setEnabled(False)
        self.workspace.run(lambda: [c.name for c in catalog_for(db).table(name).columns], group=f"import:{id(self)}",
                           on_done=lambda targets: self._map_columns(name, targets),
                           on_error=lambda error: self._show_error(str(error)), owner=self)

    def _map_columns(self, table: str, targets: list[str]) -> None:
        if table != self.table.currentText() or self.new_table.isChecked():
            return  # the user chose another target meanwhile
        offered, self._offered = self._offered, None
        if table == offered and not set(self.names) & set(targets):
            # A file that shares no column with the open tab's table is not meant for it.
            self._why_new = f"No column of the file is a column of {table}: a new table, unless you choose one. "
            self.new_table.setChecked(True)
            return
        for r, name in enumerate(self.names):
            self.columns.setItem(r, 0, QTableWidgetItem(name))
            box = QComboBox()
            box.addItems([SKIP] + targets)
            box.setCurrentText(name if name in targets else SKIP)
            self.columns.setCellWidget(r, 1, box)
        self.columns.resizeColumnsToContents()
        self.mapped = table
        self.run_button.setEnabled(bool(self.names) and self.job is None)

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- importing ---------------------------------------------------------------------------
    def start(self) -> None:
        from guiapp.core.data.importing import NewColumn, import_file
        from guiapp.core.run.jobs import Job
        db, fmt, path = self.workspace.db, self._format(), self.path
        choices = [self.columns.cellWidget(r, 1).currentText().strip() for r in range(self.columns.rowCount())]
        if self.new_table.isChecked():
            table = self.new_name.text().strip()
            if not table:
                self._show_error("Name the new table.")
                return
            create: list[Any] | None = [NewColumn(n, t) for n, t in zip(self.names, choices)]
            mapping = None
        else:
            table, create = self.table.currentText(), None
            mapping = {n: t for n, t in zip(self.names, choices) if t != SKIP}
            left_out = [n for n, t in zip(self.names, choices) if t == SKIP]
            if left_out and not self.skip_unknown.isChecked():
                self._show_error(f"File column {left_out[0]!r} has no column of {table}: map it, or tick "
                                 f"“{self.skip_unknown.text()}”.")
                return
        self.job = job = Job(db)
        progress = _Progress(self)
        progress.moved.connect(self._moved)
        total = self.total if create is not None else 0
        skip = self.skip_unknown.isChecked()
        self.progress.setRange(0, total if 0 < total < 2**31 else 0)
        self.progress.show()
        self.run_button.setEnabled(False)
        self._show_error("")

        def work() -> Any:
            return import_file(db, path, table, fmt, create=create, mapping=mapping, job=job, total=total,
                               skip_unknown=skip,
                               progress=lambda rows, total: progress.moved.emit(rows, total))

        self.workspace.run(work, on_done=self._done, on_error=self._failed, owner=self)

    def _moved(self, rows: int, total: int) -> None:
        if total and self.progress.maximum():
            self.progress.setValue(min(rows, self.progress.maximum()))
        self.progress.setFormat(f"{rows:,} of {total:,} rows" if total else f"{rows:,} rows")

    def _done(self, result: Any) -> None:
        self.job = None
        self.workspace.message.emit(f"Imported {result.rows:,} rows into {result.table}.")
        self.accept()

    def _failed(self, error: Exception) -> None:
        from guiapp.core.errors import QueryCancelledError
        self.job = None
        self.progress.hide()
        self.run_button.setEnabled(True)
        self._show_error("Import cancelled: the table is as it was." if isinstance(error, QueryCancelledError)
                         else f"Nothing was imported: {error}")

    def stop(self) -> None:
        """Cancel: a running import is stopped and rolled back; otherwise the dialog closes."""
        if self.job is not None:
            self.workspace.run(self.job.cancel)  # a KILL QUERY round trip: not on the GUI thread
            self.progress.setFormat("Cancelling…")
            return
        self.reject()

    def reject(self) -> None:
        if self.job is not None:  # Esc while importing: stop it first, the dialog stays to say so
            self.stop()
            return
        super().reject()


def import_file_dialog(parent: QWidget, workspace: Workspace, tables: list[str], current_table: str | None) -> None:
    """Ask for a file, then show the import dialog for it (``tables``: the tables shown in the tree)."""
    if workspace.db is None:
        return
    name, _ = QFileDialog.getOpenFileName(parent, "Import file", "",
                                          "Data files (*.csv *.tsv *.txt *.json *.jsonl *.ndjson);;All files (*)")
    if not name:
        return
    dialog = ImportDialog(workspace, Path(name), tables, current_table if current_table in tables else None, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.exec()
