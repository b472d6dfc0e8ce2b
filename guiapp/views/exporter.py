"""Export a table or query to a file from the window: a save dialog, a progress bar, Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QPushButton, QWidget

from guiapp.qt.workspace import Workspace


class _Progress(QObject):
    """Carries progress from the export worker to the dialog, queued on the GUI thread."""

    moved = Signal(int, object)  # rows written, rows expected or None

    def __init__(self, dialog: QProgressDialog, label: str) -> None:
        super().__init__(dialog)
        self.dialog, self.label = dialog, label
        self.moved.connect(self.update)

    @Slot(int, object)
    def update(self, rows: int, total: Any) -> None:
        if total:
            self.dialog.setMaximum(max(int(total), rows))
        self.dialog.setValue(rows)
        self.dialog.setLabelText(f"{self.label}: {rows:,} rows…")


def ask_export_path(parent: QWidget, suggested: str) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(
        parent, "Export", str(Path.home() / f"{suggested}.csv"),
        "CSV (*.csv);;JSON (*.json);;SQL INSERT statements (*.sql)")
    return Path(path) if path else None


def start_export(parent: QWidget, workspace: Workspace, source: Callable[[], Any], path: Path,
                 table_name: str, expected: int | None = None,
                 on_finished: Callable[[str], None] | None = None) -> QProgressDialog:
    """Stream ``source()`` (a Select or SQL text, built on the worker) to ``path`` with a progress dialog."""
    from guiapp.core.run.jobs import Job
    db = workspace.db
    job = Job(db)
    dialog = QProgressDialog(f"Exporting {table_name} to {path.name}…", "Cancel", 0, expected or 0, parent)
    dialog.setWindowTitle("Export")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    progress = _Progress(dialog, f"Exporting {table_name} to {path.name}")
    dialog.canceled.connect(lambda: workspace.run(job.cancel))

    def work() -> Any:
        from guiapp.core.data.export import export
        return export(db, source(), path, table_name=table_name, expected=expected, job=job,
                      progress=lambda rows, total: progress.moved.emit(rows, total))

    def done(result: Any) -> None:
        dialog.reset()
        text = f"Exported {result.rows:,} rows to {result.path}"
        workspace.message.emit(text)
        if on_finished is not None:
            on_finished(text)

    def failed(error: Exception) -> None:
        from guiapp.core.errors import QueryCancelledError
        dialog.reset()
        if isinstance(error, QueryCancelledError):
            workspace.message.emit(f"Export of {table_name} cancelled; no file written.")
            return
        QMessageBox.warning(parent, "Export failed", str(error))

    workspace.run(work, on_done=done, on_error=failed, owner=dialog)
    return dialog


def result_export_button(parent: QWidget, workspace: Workspace, sql: str, read_only: bool) -> QPushButton:
    """Export… for a console result: the query is run again on a connection of its own and
    streamed to the file, every row (not only those shown). A statement that changes data
    is never run again: its button says so."""
    button = QPushButton("Export…")
    button.setObjectName("resultExport")
    if not read_only:
        button.setEnabled(False)
        button.setToolTip("Only a query that changes nothing can be run again to export all its rows; "
                          "copy the rows shown instead (Ctrl+A, Ctrl+C).")
        return button
    button.setToolTip("Run this query again and write all its rows to a CSV, JSON or SQL file")

    def ask() -> None:
        path = ask_export_path(parent, "result")
        if path is not None:
            start_export(parent, workspace, lambda: sql, path, "result")
    button.clicked.connect(ask)
    return button
