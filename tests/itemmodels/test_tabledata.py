"""The data grid on a 100,000-row table: top rows, jumps, sort and filter, bounded memory."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from guiapp.core.connect.database import Database
from guiapp.core.data.sampledata import make_sample, sample_row
from guiapp.core.schema.catalog import catalog_for
from guiapp.itemmodels.editable import EditableTableModel
from guiapp.itemmodels.tabledata import TableDataModel
from guiapp.qt.bridge import SignalBridge
from guiapp.qt.workspace import Workspace

pytestmark = pytest.mark.gui
ROWS = 100_000


def open_grid(db: Database, qtbot, table: str, model_class: type = TableDataModel):
    """A shown grid on ``table``, and the list of how each of its pages was read."""
    workspace = Workspace(SignalBridge())
    workspace.db = db
    model = model_class(workspace.run, db, catalog_for(db).table(table))
    methods: list[str] = []
    model.pageLoaded.connect(lambda page, method: methods.append(method))
    view = QTableView()
    view.setModel(model)
    view.resize(800, 500)
    qtbot.addWidget(view)
    view.show()
    return workspace, model, view, methods


def close_grid(workspace, model) -> None:
    model.close()
    model.wait_closed(5)
    workspace.close()
    workspace.bridge.close()


@pytest.fixture
def grid(db: Database, qtbot, kept_samples):
    kept_samples(db, "grid_rows", ROWS)  # read only, by every test of this module that asks for it
    workspace, model, view, methods = open_grid(db, qtbot, "grid_rows")
    qtbot.waitUntil(lambda: model.row_values(0) is not None, timeout=10000)
    yield model, view, methods
    close_grid(workspace, model)


def text(row: tuple | None) -> tuple | None:
    """A row as text: SQLite hands datetimes back as strings, MariaDB as datetimes."""
    return None if row is None else tuple(None if v is None else str(v) for v in row)


def expect(i: int) -> tuple:
    return text(sample_row(i))


def wait_row(qtbot, model, row: int, timeout: int = 10000) -> tuple:
    qtbot.waitUntil(lambda: model.row_values(row) is not None, timeout=timeout)
    return text(model.row_values(row))


def jump(view: QTableView, row: int) -> None:
    view.scrollTo(view.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)


def test_first_rows_and_exact_count(grid, qtbot) -> None:
    model, _view, methods = grid
    assert text(model.row_values(0)) == expect(1)
    assert text(model.row_values(1)) == expect(2)
    qtbot.waitUntil(lambda: model.total == (ROWS, True), timeout=20000)
    assert model.data(model.index(4, 5)) == "NULL"  # row 5's note is NULL


def test_jump_deep_reads_only_the_rows_shown(grid, qtbot) -> None:
    model, view, methods = grid
    qtbot.waitUntil(lambda: model.total == (ROWS, True), timeout=20000)
    before = len(methods)
    jump(view, 89_999)
    assert wait_row(qtbot, model, 89_999) == expect(90_000)
    # The page jumped to is read by key (pages beside it may then follow by keyset): never by offset.
    jumped = methods[before:]
    assert {"key arithmetic", "deferred join"} & set(jumped) and "offset" not in jumped, jumped
    jump(view, ROWS - 1)  # Ctrl+End
    assert wait_row(qtbot, model, ROWS - 1) == expect(ROWS)
    assert model.cached_rows <= model.max_pages * model.page_size


def test_scrolling_uses_keyset_and_memory_stays_bounded(grid, qtbot) -> None:
    model, view, methods = grid
    qtbot.waitUntil(lambda: model.total[0] > 45 * model.page_size, timeout=20000)  # the estimate
    for page in range(1, 45):
        jump(view, page * model.page_size)
        wait_row(qtbot, model, page * model.page_size)
    assert "keyset" in methods
    assert model.cached_rows <= model.max_pages * model.page_size
    assert text(model.row_values(44 * model.page_size)) == expect(44 * model.page_size + 1)


def test_sort_by_header_runs_in_sql(grid, qtbot) -> None:
    model, view, methods = grid
    view.setSortingEnabled(True)
    view.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # score
    expected = sorted((text(sample_row(i)) for i in range(1, ROWS + 1)), key=lambda r: (int(r[4]), int(r[0])), reverse=True)
    qtbot.waitUntil(lambda: model.view.sort == ("score", True), timeout=5000)
    assert wait_row(qtbot, model, 0) == expected[0]
    assert wait_row(qtbot, model, 1) == expected[1]
    qtbot.waitUntil(lambda: model.total == (ROWS, True), timeout=20000)
    jump(view, 50_000)
    assert wait_row(qtbot, model, 50_000) == expected[50_000]


def test_filters_run_in_sql_with_bound_values(grid, qtbot) -> None:
    model, _view, methods = grid
    model.set_filter("name", "ada 10")
    expected = [expect(i) for i in range(1, ROWS + 1) if "ada 10" in sample_row(i)[1].lower()]
    qtbot.waitUntil(lambda: model.total == (len(expected), True), timeout=20000)
    assert wait_row(qtbot, model, 0) == expected[0]
    model.set_filter("name", "")
    model.set_filter("id", ">= 99990")
    qtbot.waitUntil(lambda: model.total == (11, True), timeout=20000)
    assert wait_row(qtbot, model, 10) == expect(ROWS)
    model.set_filter("id", "")
    model.set_filter("note", "NULL")
    qtbot.waitUntil(lambda: model.total == (ROWS // 5, True), timeout=20000)
    model.set_filter("name", "'; DROP TABLE grid_rows; --")
    qtbot.waitUntil(lambda: model.total == (0, True), timeout=20000)
    assert catalog_for(model.db).exists("grid_rows")


# The tester walks every row's index, parent and siblings (three million calls on 100,000 rows, over a
# minute per backend): 7,000 rows, more than the 30 pages of 200 the model keeps, walk the same code.
TESTER_ROWS = 7_000


def test_model_passes_the_qt_model_tester(db: Database, qtbot, qtmodeltester) -> None:
    make_sample(db, "tester_rows", TESTER_ROWS)
    workspace, model, _view, _methods = open_grid(db, qtbot, "tester_rows")
    try:
        qtbot.waitUntil(lambda: model.row_values(0) is not None, timeout=10000)
        qtbot.waitUntil(lambda: model.total == (TESTER_ROWS, True), timeout=20000)
        assert model.rowCount() == TESTER_ROWS > model.max_pages * model.page_size
        qtmodeltester.check(model, force_py=True)
    finally:
        close_grid(workspace, model)


def edit_while_pages_come_and_go(qtbot, model, view, rows: int, deep: int, walk: range) -> None:
    """Edit the first row and row ``deep``, mark the row after it for deletion and type into a new
    row; then read pages far and wide (``walk``) until the first row's page is evicted, read the
    edited rows' pages again, and find the edits on them."""
    qtbot.waitUntil(lambda: model.total == (rows, True), timeout=20000)
    wait_row(qtbot, model, 0)
    assert model.setData(model.index(0, 1), "first, edited")
    jump(view, deep)
    wait_row(qtbot, model, deep)
    assert model.setData(model.index(deep, 1), "deep, edited")
    model.delete_rows([deep + 1])
    new = model.add_row()
    assert new.row() == rows and model.rowCount() == rows + 1
    assert model.setData(model.index(rows, 1), "brand new")
    for row in walk:  # far and wide: the first pages are evicted
        jump(view, row)
        wait_row(qtbot, model, row)
    assert model.cached_rows <= model.max_pages * model.page_size
    assert not model.row_loaded(0)  # the edited first row's page is gone: it is read again below
    jump(view, 0)
    wait_row(qtbot, model, 0)
    assert model.data(model.index(0, 1)) == "first, edited"
    jump(view, deep)
    wait_row(qtbot, model, deep + 1)
    assert model.data(model.index(deep, 1)) == "deep, edited"
    assert model.data(model.index(deep + 1, 1), Qt.ItemDataRole.FontRole).strikeOut()
    assert model.data(model.index(rows, 1)) == "brand new"
    assert model.pending == "2 rows edited, 1 new, 1 to delete"


def test_edits_wait_by_key_while_pages_come_and_go(db: Database, qtbot, kept_samples) -> None:
    """A 100,000-row table stays lazy while edited: the edited rows' pages may be evicted and
    read again, and the edits still show on them; new rows follow the last row."""
    kept_samples(db, "grid_rows", ROWS)  # the edits stay pending: nothing is written to it
    workspace, model, view, methods = open_grid(db, qtbot, "grid_rows", EditableTableModel)
    try:
        edit_while_pages_come_and_go(qtbot, model, view, ROWS, 60_000, range(0, 59_000, 2_000))
    finally:
        close_grid(workspace, model)


def test_edited_model_passes_the_qt_model_tester(db: Database, qtbot, qtmodeltester) -> None:
    """The tester over a grid with pending edits, a row to delete, a new row and evicted pages: on
    TESTER_ROWS rows (more than the pages the model keeps), as test_model_passes_the_qt_model_tester
    does, since over 100,001 rows it takes most of a minute per backend and walks the same code."""
    make_sample(db, "tester_rows", TESTER_ROWS)
    workspace, model, view, _methods = open_grid(db, qtbot, "tester_rows", EditableTableModel)
    try:
        edit_while_pages_come_and_go(qtbot, model, view, TESTER_ROWS, 6_600, range(0, 6_400, 200))
        assert model.rowCount() == TESTER_ROWS + 1 > model.max_pages * model.page_size
        # Last: the tester then checks every later change.
        qtmodeltester.check(model, force_py=True)
    finally:
        close_grid(workspace, model)


@pytest.fixture
def keyless(db: Database, qtbot):
    """A view (no key on either database) over 20,000 sample rows."""
    make_sample(db, "grid_base", 20_000)
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE VIEW grid_view AS SELECT id, name, score FROM grid_base")
    workspace, model, view, methods = open_grid(db, qtbot, "grid_view")
    yield model, view, methods
    close_grid(workspace, model)
    with db.begin() as conn:
        conn.exec_driver_sql("DROP VIEW grid_view")


def test_a_table_without_a_key_is_read_forward_from_a_server_side_cursor(keyless, qtbot) -> None:
    model, view, methods = keyless
    model.sort(0, Qt.SortOrder.AscendingOrder)  # ORDER BY id, so rows have a definite place
    qtbot.waitUntil(lambda: model.total == (20_000, True), timeout=20000)
    for row in range(0, 6000, 200):
        jump(view, row)
        assert wait_row(qtbot, model, row)[0] == str(row + 1)
    assert methods.count("server-side cursor") >= 20  # read on, not re-queried
    jump(view, 19_999)
    assert wait_row(qtbot, model, 19_999)[0] == "20000"
    jump(view, 10)  # back: the cursor is reopened there
    assert wait_row(qtbot, model, 10)[0] == "11"
    assert "server-side cursor (reopened)" in methods
