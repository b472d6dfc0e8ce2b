"""What the main window does to a table on the user's request: import into it, export it, or drop it
after asking."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot


class TableActions:
    """Mixed into the MainWindow (which provides ``workspace``, ``tabs``, ``schema`` and the status bar)."""

    def export_current(self) -> None:
        from guiapp.views.tablepage import TablePage
        page = self.tabs.currentWidget()
        if isinstance(page, TablePage) and page.data_tab is not None:
            page.data_tab.export()
        else:
            self.statusBar().showMessage("Open a table tab to export it (or right-click a table).", 6000)

    def import_file(self) -> None:
        """File ▸ Import file…: into the table of the current tab, or a new one."""
        from guiapp.views.importdialog import import_file_dialog
        from guiapp.views.tablepage import TablePage
        page = self.tabs.currentWidget()
        current = page.name if isinstance(page, TablePage) else None
        tables = self.schema.base_table_names() if self.schema is not None else []
        import_file_dialog(self, self.workspace, tables, current)

    @Slot(str, tuple)
    def follow_link(self, table: str, filters: tuple) -> None:
        """Open ``table`` at the rows a foreign key links to; Go back (Alt+Left) returns here."""
        from guiapp.views.tablepage import TablePage
        here = self.tabs.currentWidget()
        if isinstance(here, TablePage) and here.data_tab is not None:
            index = here.data_tab.view.currentIndex()
            self._back.append((here, index.row(), index.column()))
        self.open_table(table)
        page = self.tabs.currentWidget()
        if isinstance(page, TablePage) and page.name == table:
            page.show_where(filters)

    def go_back(self) -> None:
        """Return to the tab and cell a foreign key was followed from."""
        import shiboken6
        while self._back:
            page, row, column = self._back.pop()
            if shiboken6.isValid(page) and self.tabs.indexOf(page) >= 0:
                self.tabs.setCurrentWidget(page)
                if page.data_tab is not None:
                    view = page.data_tab.view
                    view.setCurrentIndex(view.model().index(row, column))
                    view.setFocus()
                return
        self.statusBar().showMessage("Nothing to go back to.", 4000)

    @Slot(str)
    def export_table(self, name: str) -> None:
        from guiapp.views.exporter import ask_export_path, start_export
        path = ask_export_path(self, name)
        if path is None:
            return
        db = self.workspace.db

        def source() -> Any:
            from guiapp.core.data.export import table_select
            return table_select(db, name)

        start_export(self, self.workspace, source, path, name)

    @Slot(str)
    def drop_table(self, name: str) -> None:
        """Drop any table (not only a model's), after naming it and its row count."""
        db = self.workspace.db

        def count() -> int:
            from guiapp.core.schema.catalog import catalog_for
            return catalog_for(db).count_rows(name)

        def counted(rows: int) -> None:
            from guiapp.views.confirm import confirm_drop
            if not confirm_drop(self, f"{name} ({rows:,} row{'s' if rows != 1 else ''})", db.display):
                return

            def work() -> None:
                from guiapp.core.schema.ddl import drop_table
                drop_table(db, name)

            self.workspace.run(work, on_done=lambda _r: self._message(f"Dropped {name}"),
                               on_error=self._drop_failed)

        self.workspace.run(count, on_done=counted, on_error=self._drop_failed)

    def _drop_failed(self, error: Exception) -> None:
        from PySide6.QtWidgets import QMessageBox  # after the first paint (see mainwindow)
        QMessageBox.warning(self, "Drop table", str(error))
