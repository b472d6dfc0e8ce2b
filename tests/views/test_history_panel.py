"""The History panel as a user uses it: statements run appear, the search narrows them, one goes back
into a console."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.helpers.gui import run_in_console

pytestmark = pytest.mark.gui


def test_statements_run_appear_and_one_reopens_in_a_console(window, qtbot) -> None:
    run_in_console(window, qtbot, "SELECT 1 AS first_one;\nSELECT 2 AS second_one;")
    run_in_console(window, qtbot, "SELECT nosuch_column FROM nosuch_table")
    panel = window.history
    table = panel.table
    qtbot.waitUntil(lambda: table.rowCount() >= 3, timeout=10000)
    assert [table.item(r, 1).text() for r in range(3)] == [
        "SELECT nosuch_column FROM nosuch_table", "SELECT 2 AS second_one", "SELECT 1 AS first_one"]
    assert table.item(0, 2).text() == "error"
    qtbot.keyClicks(panel.search, "second")
    qtbot.waitUntil(lambda: table.rowCount() == 1, timeout=10000)
    table.setCurrentCell(0, 1)
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "SELECT 2 AS second_one"
    before = len(window.consoles())
    qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert len(window.consoles()) == before + 1
    assert window.current_console().editor.toPlainText() == "SELECT 2 AS second_one"


def test_the_statement_column_takes_the_width_the_others_leave(window, qtbot) -> None:
    sql = "SELECT 1 AS a_rather_long_column_name, 2 AS another_long_column_name"
    window.resize(1280, 800)
    run_in_console(window, qtbot, sql)
    dock = window.history_dock
    dock.show()
    dock.raise_()  # its tab, clicked
    table = window.history.table
    qtbot.waitUntil(lambda: table.rowCount() >= 1 and table.item(0, 1).text() == sql, timeout=10000)
    qtbot.waitUntil(lambda: table.isVisible(), timeout=5000)
    needed = table.fontMetrics().horizontalAdvance(sql)
    qtbot.waitUntil(lambda: table.columnWidth(1) > needed, timeout=5000)
    others = sum(table.columnWidth(c) for c in (0, 2, 3, 4))
    assert table.columnWidth(1) + others <= table.viewport().width() + 2  # no sideways scrolling
