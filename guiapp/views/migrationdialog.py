"""Models ▸ SQL to match the models…: what would make the database match the declared models, as
this database's SQL (exactly what Apply runs, and what its own client runs as printed) and as an
alembic migration; Copy either; Apply the SQL after a question that lists it. Tables only in the
database are named, and dropped only when the user ticks that. The plan is made and applied on a
worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton, QTabWidget,
                               QVBoxLayout, QWidget)

from guiapp.qt.workspace import Workspace
from guiapp.views.sqlhighlight import SqlHighlighter


class MigrationDialog(QDialog):
    """The statements, the alembic code, Copy and Apply."""

    def __init__(self, workspace: Workspace, models: Any, tables: list[str] | None,
                 parent: QWidget | None = None, strict: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("migrationDialog")
        which = ", ".join(tables) if tables else "the models"
        self.setWindowTitle(f"SQL to match {which}")
        self.resize(760, 520)
        self.workspace = workspace
        self.models = models
        self.tables = tables
        self.migration: Any = None
        self.status = QLabel("Comparing the models with the database…", wordWrap=True, objectName="hint")
        self.error = QLabel(objectName="errorBanner", wordWrap=True)
        self.error.hide()
        self.sql = QPlainTextEdit(readOnly=True, objectName="migrationSql")
        SqlHighlighter(self.sql.document())
        self.script = QPlainTextEdit(readOnly=True, objectName="migrationScript")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.sql, "SQL")
        self.tabs.addTab(self.script, "alembic migration")
        self.hide_noise = QCheckBox("Hide dialect noise", objectName="hideNoise", checked=not strict)
        self.hide_noise.setToolTip("Leave out statements that only rewrite what this database writes its own "
                                   "way (MySQL's display widths, TINYINT(1), the quoting of defaults)")
        self.hide_noise.toggled.connect(lambda _hide: self.plan())
        self.drop_extra = QCheckBox("Drop tables only in the database", objectName="dropExtra")
        self.drop_extra.setToolTip("Also drop the tables that no model declares (Apply asks first, naming "
                                   "each with its row count)")
        self.drop_extra.toggled.connect(lambda _drop: self.plan())
        self.drop_extra.setVisible(not tables)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy = QPushButton("Copy")
        self.copy.setToolTip("Copy the SQL or the migration shown to the clipboard")
        self.copy.clicked.connect(self.copy_shown)
        self.apply = QPushButton("Apply…")
        self.apply.setToolTip("Run these statements on the database (asks first)")
        self.apply.clicked.connect(self.apply_sql)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.apply, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.tabs)
        layout.addWidget(self.hide_noise)
        layout.addWidget(self.drop_extra)
        layout.addWidget(buttons)
        self.plan()

    def plan(self) -> None:
        from guiapp.core.schema.migrating import plan_migration
        db, models, tables = self.workspace.db, self.models, self.tables
        strict, drop_extra = not self.hide_noise.isChecked(), self.drop_extra.isChecked()
        self.copy.setEnabled(False)
        self.apply.setEnabled(False)
        self.migration = None
        self.workspace.run(lambda: plan_migration(db, models, tables, strict, drop_extra), on_done=self._planned,
                           on_error=self._failed, owner=self, group=f"plan:{id(self)}")

    def _planned(self, migration: Any) -> None:
        self.migration = migration
        extra = migration.only_in_database
        left = (f" Only in the database (no model; left alone): {', '.join(extra)}."
                if extra and not migration.dropped else "")
        if migration.empty:
            self.status.setText("The database matches the models: nothing to do." + left)
            self.sql.setPlainText("")
            self.script.setPlainText("")
            return
        count = migration.changes
        self.status.setText(f"{count} statement{'s' if count != 1 else ''} would make "
                            f"{self.workspace.db.display} match the models." + left)
        self.sql.setPlainText("".join(s.rstrip(";") + ";\n\n" for s in migration.sql).rstrip() + "\n")
        self.script.setPlainText(migration.script)
        self.copy.setEnabled(True)
        self.apply.setEnabled(not self.workspace.db.options.read_only)
        if self.workspace.db.options.read_only:
            self.apply.setToolTip("This connection is read-only.")

    def _failed(self, error: Exception) -> None:
        self.error.setText(str(error))
        self.error.show()
        self.status.setText("")

    def copy_shown(self) -> None:
        shown = self.tabs.currentWidget()
        QGuiApplication.clipboard().setText(shown.toPlainText())

    def apply_sql(self) -> None:
        """Ask, listing every statement, then run them on a worker; the panel refreshes by signals."""
        from guiapp.core.schema.migrating import apply_migration
        from guiapp.views.confirm import confirm
        migration, db = self.migration, self.workspace.db
        if migration is None or migration.empty:
            return
        drops = "".join(f"Drops {name} ({rows} row{'s' if rows != 1 else ''}), only in the database.\n"
                        for name, rows in migration.dropped)
        listed = "\n".join(f"• {' '.join(s.split())[:160]}" for s in migration.sql[:30])
        more = f"\n… and {len(migration.sql) - 30} more" if len(migration.sql) > 30 else ""
        detail = ("This database commits each DDL statement at once: a failure part-way leaves the "
                  "statements before it applied." if not db.backend.transactional_ddl
                  else "They run in one transaction: a failure leaves the database as it was.")
        if not confirm(self, "Apply SQL", f"Run on {db.display}?\n{drops}{listed}{more}", detail, "Apply"):
            return
        self.apply.setEnabled(False)
        self.status.setText("Applying…")
        self.workspace.run(lambda: apply_migration(db, migration), on_done=lambda _r: self._applied(),
                           on_error=self._apply_failed, owner=self)

    def _applied(self) -> None:
        self.status.setText("Applied. Comparing again…")
        self.plan()

    def _apply_failed(self, error: Exception) -> None:
        self._failed(error)
        self.apply.setEnabled(True)
