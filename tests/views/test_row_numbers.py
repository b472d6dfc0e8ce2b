"""The grid's row numbers: clicking one selects its row, and the column is wide enough for the
last number, however many rows the table turns out to have once they are counted."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QTableView

from tests.helpers.gui import focus, open_table


def test_clicking_a_row_number_selects_the_row(grid, qtbot) -> None:
    _window, _page, tab = grid
    header = tab.view.verticalHeader()
    y = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.width() // 2, y))
    assert tab.view.selectionModel().isRowSelected(1)
    assert not tab.view.selectionModel().isRowSelected(0)


def test_the_row_numbers_fit_the_last_row_once_counted(sqlite_db, open_window, qtbot) -> None:
    with sqlite_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE many (id INTEGER PRIMARY KEY, n INTEGER)")
        conn.exec_driver_sql("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 123456) "
                             "INSERT INTO many (n) SELECT i FROM c")
    window = open_window(sqlite_db.url.render_as_string(hide_password=False))
    page = open_table(window, qtbot, "many")
    qtbot.waitUntil(lambda: page.data_tab is not None, timeout=10000)
    tab = page.data_tab
    qtbot.waitUntil(lambda: tab.model.total == (123456, True), timeout=10000)
    focus(window, qtbot)
    header = tab.view.verticalHeader()
    # As wide as Qt's own header would be for as many rows (it measures every number in bold, the
    # way a selected row's number is drawn), in the same window and style.
    qt_own = QTableView(tab)
    qt_own.setModel(QStandardItemModel(123456, 1, qt_own))
    qtbot.waitUntil(lambda: header.width() == qt_own.verticalHeader().sizeHint().width(), timeout=5000)
    tab.view.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.row_loaded(123455), timeout=10000)
    last = tab.model.headerData(123455, Qt.Orientation.Vertical)
    assert last == 123456
    assert header.sectionSize(0) == header.sectionSize(123455) == 22
