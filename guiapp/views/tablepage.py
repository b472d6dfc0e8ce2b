"""One table's tab: Data (the lazy grid), Structure (columns, indexes, constraints) and DDL."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPlainTextEdit, QPushButton,
                               QSpinBox, QTabWidget, QToolButton, QVBoxLayout, QWidget)

from guiapp.core.data.paging import View
from guiapp.core.wording import counted
from guiapp.core.schema.catalog import catalog_for
from guiapp.itemmodels.editable import EditableTableModel
from guiapp.qt.workspace import Workspace, debounce
from guiapp.views.flowlayout import FlowLayout
from guiapp.views.exporter import ask_export_path, start_export
from guiapp.views.filterrow import FilterRow
from guiapp.views.fklinks import ForeignKeyLinks
from guiapp.views.gridcopy import GridCopy
from guiapp.views.gridediting import GridEditing
from guiapp.views.gridutil import fit_columns, grid_view
from guiapp.views.resources import icon
from guiapp.views.sqlhighlight import SqlHighlighter
from guiapp.views.structuretab import StructureTab


class DataTab(QWidget):
    """The grid, its filters, its row count, go-to-row, export and editing.

    Signals:
        pendingChanged(str): the edits waiting for Commit ('' when none).
        followRequested(str, tuple): open a table filtered to rows a foreign key links to.
    """

    pendingChanged = Signal(str)
    followRequested = Signal(str, tuple)

    def __init__(self, workspace: Workspace, info: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.info = info
        self.db = workspace.db
        self.view = grid_view("dataGrid")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model = EditableTableModel(workspace.run, self.db, info, self,
                                        page_size=workspace.preferences.page_size)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        for i in range(self.model.columnCount()):
            self.view.setColumnWidth(i, 140)
        self.filters = FilterRow(self.view, self.model.set_filter)
        self.filters.set_columns([c.name for c in info.columns])

        self.count = QLabel("counting…")
        self.count.setObjectName("hint")
        self.goto = QSpinBox(minimum=1, maximum=1, prefix="row ", keyboardTracking=False)
        self.goto.setToolTip("Go to row (Ctrl+G)")
        self.goto.valueChanged.connect(self.go_to_row)
        QShortcut(QKeySequence("Ctrl+G"), self, activated=lambda: (self.goto.setFocus(), self.goto.selectAll()),
                  whatsThis="Go to row")
        QShortcut(QKeySequence("Ctrl+End"), self.view, activated=self.go_to_end, whatsThis="Last row")
        refresh = QToolButton(icon=icon("refresh"), toolTip="Reload rows", autoRaise=True)
        refresh.clicked.connect(self.model.refresh)
        self.cancel = QPushButton(icon("stop"), "Cancel")
        self.cancel.setToolTip("Stop reading rows (a slow filter, sort or view)")
        self.cancel.clicked.connect(self.model.cancel_loading)
        self.cancel.hide()
        self._show_cancel = QTimer(self, singleShot=True, interval=300)
        self._show_cancel.timeout.connect(self.cancel.show)
        export = self.export_button = QToolButton(icon=icon("export"), toolTip="Export this table…",
                                                  autoRaise=True, objectName="exportButton")
        export.clicked.connect(self.export)
        self.error = QLabel(objectName="errorBanner", wordWrap=True)
        self.error.hide()
        self.copying = GridCopy(self.view, lambda: (info.name, self.db), self.show_error)
        self.editing = GridEditing(self, self.view, self.model)
        self.links = ForeignKeyLinks(self.view, info, self.show_error)
        self.links.followRequested.connect(self.followRequested)
        db = self.db
        workspace.run(lambda: catalog_for(db).referencing(info.name), group=f"referencing:{id(self)}",
                      on_done=self.links.set_referencing, on_error=lambda _error: None, owner=self)
        bar = FlowLayout()  # wraps in a narrow window rather than eliding its buttons or widening it
        bar.add(self.count, stretch=True)
        for widget in (self.editing.state, *self.editing.buttons, self.cancel, self.goto, refresh, export):
            bar.add(widget)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.error)
        layout.addWidget(self.filters)
        layout.addWidget(self.view)
        layout.addWidget(self.editing.log)
        self._sized = False
        self._refit_after_jump = False
        self._fitting = False
        self._user_sized: set[int] = set()  # columns the user resized: their widths are theirs
        self.view.horizontalHeader().sectionResized.connect(self._section_resized)
        self.model.pageLoaded.connect(self._size_columns)
        self.model.totalChanged.connect(self._total_changed)
        self.model.failed.connect(self._failed)
        self.model.loadingChanged.connect(self._loading)
        self._loading(self.model.loading)  # the first page was asked for before we listened
        self.view.selectionModel().currentChanged.connect(self._current_moved)
        self._reload_later = debounce(self, 100, self._reload_if_idle)
        workspace.bridge.rowsChanged.connect(self._rows_changed)

    def pending_changed(self, pending: str) -> None:
        self.pendingChanged.emit(pending)

    def show_where(self, filters: tuple[tuple[str, str], ...]) -> None:
        """Show only the rows these filters match (column, text), in the filter boxes too."""
        wanted = dict(filters)
        for edit in self.filters.edits:
            edit.blockSignals(True)
            edit.setText(wanted.get(edit.property("column"), ""))
            edit.blockSignals(False)
        self.model.set_view(View(sort=self.model.view.sort, filters=tuple(filters)))

    @property
    def pending(self) -> str:
        return self.model.pending

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    @Slot(object, str)
    def _rows_changed(self, db: Any, table: str) -> None:
        """Rows of this table were written elsewhere (another grid, an import): read them again,
        unless edits wait here (a reload would not lose them, but would move rows under the user)."""
        if db is self.db and table == self.info.qualified and not self.model.saving:
            self._reload_later()

    def _reload_if_idle(self) -> None:
        if not self.model.closed and not self.model.pending and not self.model.saving:
            self.model.reload()

    @Slot(int, bool)
    def _total_changed(self, total: int, exact: bool) -> None:
        filtered = " (filtered)" if self.model.view.filters else ""
        self.count.setText(f"{counted(total, 'row')}{filtered}" if exact
                           else f"≈ {counted(total, 'row')}{filtered}, counting…")
        self.goto.setMaximum(max(total, 1))
        self.error.hide()

    @Slot(int, str)
    def _size_columns(self, _page: int, _method: str) -> None:
        """Fit columns to the first rows once, within reason; the user's widths win after that."""
        if not self._sized:
            self._sized = True
            self._fitting = True
            fit_columns(self.view)
            self._fitting = False
        elif self._refit_after_jump:
            self._refit_after_jump = False
            self._widen_to_shown()

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting:
            self._user_sized.add(column)

    def _widen_to_shown(self, high: int = 320) -> None:
        """Widen the columns the user left alone to the rows shown now (after a jump to the end, values
        the first page did not have); never narrower, never past ``high``."""
        self._fitting = True
        for column in range(self.model.columnCount()):
            if column not in self._user_sized and not self.view.isColumnHidden(column):
                wanted = min(self.view.sizeHintForColumn(column) + 12, high)
                if wanted > self.view.columnWidth(column):
                    self.view.setColumnWidth(column, wanted)
        self._fitting = False

    @Slot(bool)
    def _loading(self, busy: bool) -> None:
        """Busy cursor at once; a Cancel button if reading takes longer than 300 ms."""
        self.view.viewport().setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)
        if busy:
            self._show_cancel.start()
        else:
            self._show_cancel.stop()
            self.cancel.hide()

    @Slot(str)
    def _failed(self, text: str) -> None:
        self.show_error(text)

    @Slot(int)
    def go_to_row(self, row: int) -> None:
        index = self.model.index(max(row - 1, 0), max(self.view.currentIndex().column(), 0))
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        self.view.setCurrentIndex(index)

    def go_to_end(self) -> None:
        total = self.model.rowCount()
        if total:
            index = self.model.index(total - 1, max(self.view.currentIndex().column(), 0))
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtBottom)
            self.view.setCurrentIndex(index)
            self._refit_after_jump = True  # when the last rows' page arrives
            self._widen_to_shown()  # those already loaded

    @Slot(QModelIndex, QModelIndex)
    def _current_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The row box shows the current row, however the user got there (Ctrl+End, keys, clicks)."""
        if current.isValid():
            self.goto.blockSignals(True)
            self.goto.setValue(current.row() + 1)
            self.goto.blockSignals(False)

    def export(self) -> None:
        path = ask_export_path(self, self.info.name)
        if path is None:
            return
        model, db, name = self.model, self.db, self.info.name

        def source() -> Any:
            from guiapp.core.data.paging import TablePager
            return TablePager(db, model.info, model.view).all_rows_query()

        total, exact = model.total
        start_export(self, self.workspace, source, path, name, expected=total if exact else None)

    def close_model(self) -> None:
        self.model.close()


class TablePage(QWidget):
    """The tab of one table or view. Reacts to DDL on its table through the bridge.

    Signals:
        titleChanged(str): the tab's title ('users', or 'users •' while edits wait).
        followRequested(str, tuple): the grid asks to open a table at the rows a foreign key links.
    """

    titleChanged = Signal(str)
    followRequested = Signal(str, tuple)

    def __init__(self, workspace: Workspace, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.db = workspace.db
        self.name = name
        self.data_tab: DataTab | None = None
        self._where: tuple[tuple[str, str], ...] | None = None  # filters for a grid still being built
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.banner = QLabel(objectName="banner", wordWrap=True)
        self.banner.hide()
        self.retry = QPushButton(icon("refresh"), "Retry")
        self.retry.setToolTip("Read this table's structure again")
        self.retry.clicked.connect(self.load)
        self.retry.hide()
        self.structure = StructureTab()
        self.ddl = QPlainTextEdit(readOnly=True, objectName="ddlView")
        SqlHighlighter(self.ddl.document())
        self._data_holder = QWidget()
        QVBoxLayout(self._data_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._data_holder, icon("table"), "Data")
        self.tabs.addTab(self.structure, icon("column"), "Structure")
        self.tabs.addTab(self.ddl, "DDL")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.banner, 1)
        top.addWidget(self.retry)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        self._reload_later = debounce(self, 100, self.load)
        bridge = workspace.bridge
        bridge.schemaNews.connect(self._on_schema_news)
        self.load()

    @Slot()
    def load(self) -> None:
        db, name = self.db, self.name

        def work() -> Any:
            cat = catalog_for(db)
            return cat.table(name), cat.ddl(name)

        self.workspace.run(work, group=f"page:{id(self)}", on_done=self._loaded,
                           on_error=self._failed, owner=self)

    def _loaded(self, result: tuple[Any, str]) -> None:
        if not self.workspace.is_current(self.db):
            return  # read just before the window closed or moved to another database: nothing to show
        info, ddl = result
        self.banner.hide()
        self.retry.hide()
        self.structure.show_info(info)
        self.ddl.setPlainText(ddl)
        if self.data_tab is not None:
            if self.data_tab.info == info and not self.data_tab.model.closed:
                self.data_tab.model.refresh()
                return
            if self.data_tab.pending and not self.data_tab.model.closed:
                self.banner.setText(f"{self.name} changed on the server. Commit or revert your edits, "
                                    "then reload (F5) to see its new structure.")
                self.banner.show()
                return
            self.data_tab.close_model()
            self.data_tab.deleteLater()
        self.data_tab = DataTab(self.workspace, info)
        self.data_tab.pendingChanged.connect(self.pending_changed)
        self.data_tab.followRequested.connect(self.followRequested)
        if self._where is not None:
            self.data_tab.show_where(self._where)
            self._where = None
        self._data_holder.layout().addWidget(self.data_tab)
        self.tabs.setEnabled(True)

    def _failed(self, error: Exception) -> None:
        self.banner.setText(str(error))
        self.banner.show()
        self.retry.show()

    @Slot(object, str, tuple, str)
    def _on_schema_news(self, db: Any, change: str, tables: tuple, _origin: str) -> None:
        if db is not self.db:
            return
        if change == "dropped" and self.name in tables:
            self.banner.setText(f"Table {self.name} was dropped. This tab shows what it held before.")
            self.banner.show()
            if self.data_tab is not None:
                self.data_tab.close_model()
            self.tabs.setEnabled(False)
        elif change == "created" and self.name in tables:
            self._reload_later()
        elif change == "changed" and self.tabs.isEnabled() and (not tables or self.name in tables):
            self._reload_later()

    def show_where(self, filters: tuple[tuple[str, str], ...]) -> None:
        """Show the rows these filters match, now or as soon as the grid exists."""
        self.tabs.setCurrentIndex(0)
        if self.data_tab is not None and not self.data_tab.model.closed:
            self.data_tab.show_where(filters)
        else:
            self._where = filters

    @property
    def pending(self) -> str:
        """Edits waiting in the grid ('' when none): closing the tab asks first."""
        return self.data_tab.pending if self.data_tab is not None and not self.data_tab.model.closed else ""

    @property
    def saving(self) -> bool:
        """A commit of the grid's edits is running (closing waits for it)."""
        return self.data_tab is not None and self.data_tab.model.saving

    def pending_changed(self, pending: str) -> None:
        self.titleChanged.emit(f"{self.name} •" if pending else self.name)

    def close_page(self) -> None:
        if self.data_tab is not None:
            self.data_tab.close_model()

    def current_index(self) -> QModelIndex:
        return self.data_tab.view.currentIndex() if self.data_tab else QModelIndex()
