"""The data grid's model: any table size, a window of pages in memory, sort and filter in SQL.

rowCount() is the table's row count (an estimate first, exact once the
background count lands), so the scrollbar, Ctrl+End and "go to row" can reach
any row at once; data() for a row whose page is not loaded returns a
placeholder and asks the RowLoader for the visible pages. Pages far from the
view are evicted, so memory stays bounded whatever is scrolled.

Signals:
    loadingChanged(bool): pages are being read.
    totalChanged(int, bool): the row count and whether it is exact.
    failed(str): a page or the count failed (message safe to show).
    pageLoaded(int, str): a page number and how it was read (keyset, offset...).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal

from guiapp.core.errors import QueryCancelledError
from guiapp.core.run.jobs import Job
from guiapp.core.data.pagecache import PageCache
from guiapp.core.data.paging import KeyStats, Page, TablePager, View
from guiapp.core.data.rowloader import RowLoader
from guiapp.core.schema.catalog import catalog_for
from guiapp.itemmodels.handover import emit_if_alive
from guiapp.itemmodels.cells import DISPLAY, FOREGROUND, HANDLED, cell_data
from guiapp.itemmodels.marks import LOADING_BRUSH

if TYPE_CHECKING:
    from guiapp.core.connect.database import Database
    from guiapp.core.schema.catalog import TableInfo

# Submit a callable to a worker: run(fn, on_done=..., on_error=..., owner=...). The model is given
# one (the workspace's) rather than the workspace, so item models never reach back into the window.
Run = Callable[..., Any]

PAGE_SIZE = 200
COUNT_DELAY_MS = 40
MAX_PAGES = 30  # 6,000 rows in memory at most


class TableDataModel(QAbstractTableModel):
    """Rows of one table, loaded by page on a worker thread."""

    loadingChanged = Signal(bool)
    totalChanged = Signal(int, bool)
    failed = Signal(str)
    pageLoaded = Signal(int, str)
    _delivered = Signal(int, int, object, object)  # life, page, Page | None, error | None
    _estimated = Signal(int, int)                   # life, estimated rows

    def __init__(self, run: "Run", db: "Database", info: "TableInfo",
                 parent: QObject | None = None, page_size: int = PAGE_SIZE,
                 max_pages: int = MAX_PAGES) -> None:
        super().__init__(parent)
        self.run = run  # submits work to a worker thread (the workspace's task runner)
        self.db = db
        self.info = info
        self.page_size = page_size
        self.max_pages = max_pages
        self.pager = TablePager(db, info)
        self._life = 0
        self._cache = PageCache(page_size, max_pages)
        self._requested: set[int] = set()
        self._wanted: list[int] = []
        self._total = 0
        self._exact = False
        self._headers = [c.name for c in info.columns]
        self._count_job: Job | None = None
        self.closed = False
        self._delivered.connect(self._on_delivered)
        self._estimated.connect(self._on_estimate)
        self._loader = RowLoader(self.pager, page_size, self._from_worker, self._cache.last_key)
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._send_request)
        self._requested.add(0)  # the first page goes out at once, not on the next event-loop turn
        self.loadingChanged.emit(True)
        self._loader.request(self._life, [0])

    # -- public --------------------------------------------------------------------
    @property
    def view(self) -> View:
        return self.pager.view

    @property
    def total(self) -> tuple[int, bool]:
        return self._total, self._exact

    @property
    def loading(self) -> bool:
        """Pages have been asked for and have not arrived."""
        return bool(self._requested)

    @property
    def cached_rows(self) -> int:
        return self._cache.rows

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        """The row's values if its page is loaded."""
        return self._cache.row(row)

    def row_loaded(self, row: int) -> bool:
        return self._cache.row(row) is not None

    def cell_value(self, index: QModelIndex) -> Any:
        """A cell's value as read (None if its page is not loaded: ask row_loaded first)."""
        read = self._cache.row(index.row())
        return None if read is None else read[index.column()]

    def set_view(self, view: View) -> None:
        """New sort or filters: forget every row and start again (stale pages are ignored)."""
        if view != self.pager.view:
            self._reset(view)

    def refresh(self) -> None:
        """Read everything again (the table changed)."""
        self._reset(self.pager.view)

    def reload(self) -> None:
        """Read the rows again where the user is (rows were written): the scroll position stays,
        the pages in view are read anew and the count is taken again."""
        self._life += 1
        self._cancel_count()
        self.pager.key_stats = None
        self._cache.clear()
        self._requested.clear()
        self._wanted = []
        self._exact = False
        if self._total:
            self.dataChanged.emit(self.index(0, 0), self.index(self._total - 1, len(self._headers) - 1))
        self._want(0)
        self._start_count()

    def _reset(self, view: View) -> None:
        self.beginResetModel()
        self._life += 1
        self._cancel_count()
        self.pager.view = view
        self.pager.key_stats = None
        self._cache.clear()
        self._requested.clear()
        self._total, self._exact = 0, False
        self.endResetModel()
        self.totalChanged.emit(0, False)
        self._want(0)

    def set_filter(self, column: str, text: str) -> None:
        self.set_view(self.pager.view.with_filter(column, text))

    def close(self) -> None:
        """Stop the loader thread and cancel what it runs."""
        self._life += 1
        self.closed = True
        self._cancel_count()
        self._loader.stop()

    def wait_closed(self, seconds: float) -> None:
        """After close(): wait (bounded) until the loader thread has given its connection back."""
        self._loader.join(seconds)

    def cancel_loading(self) -> None:
        """The user's Cancel: stop the page being read and the count (scrolling asks again)."""
        self._cancel_count()
        self._loader.cancel()

    def _cancel_count(self) -> None:
        job, self._count_job = self._count_job, None
        if job is not None:
            job.cancel_async()  # a KILL QUERY round trip: never on the GUI thread

    # -- Qt model API ------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal \
                    and 0 <= section < len(self.info.columns):
                col = self.info.columns[section]
                return f"{col.name} {col.type}{' PRIMARY KEY' if col.primary_key else ''}" \
                       f"{'' if col.nullable else ' NOT NULL'}"
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return section + 1

    def data(self, index: QModelIndex, role: int = DISPLAY) -> Any:
        role = int(role)
        if role not in HANDLED or not index.isValid():
            return None
        row = index.row()
        values = self._cache.row(row)
        if values is None:
            if self._cache.page_of(row) in self._cache:
                return None  # past the end of a short last page
            if role == DISPLAY:
                self._want(self._cache.page_of(row))
                return "…"
            return LOADING_BRUSH if role == FOREGROUND else None
        return cell_data(values[index.column()], role)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._headers):
            self.set_view(self.pager.view.with_sort(None))
            return
        self.set_view(self.pager.view.with_sort(self._headers[column],
                                                order == Qt.SortOrder.DescendingOrder))

    # -- loading ------------------------------------------------------------------------
    def _want(self, page_no: int) -> None:
        if page_no in self._requested or page_no in self._cache:
            return
        self._requested.add(page_no)
        self._wanted.append(page_no)
        self._flush.start()

    def _send_request(self) -> None:
        wanted = [p for p in self._wanted if p not in self._cache]
        self._wanted = []
        if wanted:
            self.loadingChanged.emit(True)
            self._loader.request(self._life, wanted)

    def _from_worker(self, life: int, page_no: int, page: Page | None, error: str | None) -> None:
        """Runs on the loader thread: hand over to the GUI thread (queued).

        The tab may have been closed meanwhile: then there is nobody to tell, and the
        loader thread must live on to give its connection back."""
        emit_if_alive(self, self._delivered, life, page_no, page, error)

    def _on_delivered(self, life: int, page_no: int, page: Page | None, error: str | None) -> None:
        if life != self._life:
            return  # from before a reset
        self._requested.discard(page_no)
        if not self._requested:
            self.loadingChanged.emit(False)
        if error is not None:
            self.failed.emit(error)
            return
        if page is None:
            return  # dropped: no longer wanted
        self._store(page_no, page)
        self.pageLoaded.emit(page_no, page.method)

    def _store(self, page_no: int, page: Page) -> None:
        self._cache.store(page_no, page)
        end = page.offset + len(page.rows)
        if page_no == 0 and not self._exact and self._total == 0:
            self._first_page(page)
            return
        if len(page.rows) < self.page_size and not self._exact:
            self._set_total(end, exact=True)  # we read past the end: now we know
        elif end > self._total:
            self._set_total(end, exact=self._exact)
        if page.rows:
            last = min(end, self._total) - 1
            if last >= page.offset:
                self.dataChanged.emit(self.index(page.offset, 0),
                                      self.index(last, len(self._headers) - 1))

    def _first_page(self, page: Page) -> None:
        rows = len(page.rows)
        if rows < self.page_size:
            self._set_total(rows, exact=True)
            return
        self._set_total(rows, exact=False)
        self._start_count()

    def _start_count(self) -> None:
        """An estimate, then the exact count (and the key's range), on a worker."""
        life = self._life
        counter = TablePager(self.db, self.info, self.pager.view)
        job = self._count_job = Job(self.db)

        def estimate_and_count() -> KeyStats:
            # Runs on a worker: an instant estimate first, then the exact count.
            if not counter.view.filters:
                estimate = catalog_for(self.db).estimate_rows(self.info.name)
                if estimate is not None:  # the tab may be closed by now
                    emit_if_alive(self, self._estimated, life, estimate)
            return job.run(counter.learn_keys)

        def counted(stats: KeyStats) -> None:
            if life == self._life:
                self.pager.key_stats = stats
                self._set_total(stats.count, exact=True)

        def count_failed(error: Exception) -> None:
            if life == self._life and not isinstance(error, QueryCancelledError):
                self.failed.emit(str(error))

        # Start the count just after the first page has painted: its worker would otherwise
        # compete for the GIL with that paint. The estimate arrives a moment later, no more.
        QTimer.singleShot(COUNT_DELAY_MS, self, lambda: life == self._life and self.run(
            estimate_and_count, on_done=counted, on_error=count_failed, owner=self))

    def _set_total(self, total: int, exact: bool) -> None:
        total = max(total, 0)
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        elif total < self._total:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            self._cache.drop_from_row(total)
            self.endRemoveRows()
        self._exact = exact
        self.totalChanged.emit(self._total, exact)

    def _on_estimate(self, life: int, estimate: int) -> None:
        if life == self._life and not self._exact and estimate > self._total:
            self._set_total(estimate, exact=False)
