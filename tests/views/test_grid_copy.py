"""Copy from the grids into other tools, and paste a spreadsheet's cells into the grid."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from guiapp.core.data.copying import copy_text, parse_tsv
from tests.helpers.dialogs import choose_file
from tests.helpers.gui import focus, result_rows, run_in_console
from tests.helpers.grids import CTRL, click_cell, commit, people_rows

pytestmark = pytest.mark.gui
SHIFT = Qt.KeyboardModifier.ShiftModifier


def select(qtbot, tab, first: tuple[int, int], last: tuple[int, int]) -> None:
    """Click the first cell, Shift+click the last: the rectangle between them is selected."""
    click_cell(qtbot, tab, *first)
    rect = tab.view.visualRect(tab.model.index(*last))
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, SHIFT, rect.center())


def clipboard() -> str:
    return QGuiApplication.clipboard().text()


def copy_as(tab, label: str) -> None:
    """Choose Copy as ▸ ``label`` in the grid's context menu."""
    menu = tab.copying.copy_as_action.menu()
    next(a for a in menu.actions() if a.text() == label).trigger()


def test_ctrl_c_copies_one_value_or_a_tsv_block_with_headers(grid, qtbot) -> None:
    _window, _page, tab = grid
    click_cell(qtbot, tab, 1, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_C, CTRL)
    assert clipboard() == "Grace"
    select(qtbot, tab, (0, 0), (1, 3))
    qtbot.keyClick(tab.view, Qt.Key.Key_C, CTRL)
    assert clipboard() == "id\tname\tage\tnotes\n1\tAda\t36\t\n2\tGrace\t85\t\n"  # NULL pastes as empty


def test_copy_as_markdown_json_and_column_names(grid, qtbot) -> None:
    _window, _page, tab = grid
    select(qtbot, tab, (0, 1), (2, 2))
    copy_as(tab, "Markdown table")
    assert clipboard() == "| name | age |\n| --- | --- |\n| Ada | 36 |\n| Grace | 85 |\n| Linus | 20 |\n"
    copy_as(tab, "JSON")
    assert json.loads(clipboard()) == [{"name": "Ada", "age": 36}, {"name": "Grace", "age": 85},
                                       {"name": "Linus", "age": 20}]
    tab.copying.copy_names.trigger()
    assert clipboard() == "name, age"


def test_rows_copied_as_sql_inserts_load_back(grid, db, qtbot) -> None:
    window, _page, tab = grid
    select(qtbot, tab, (0, 0), (2, 2))
    copy_as(tab, "SQL INSERT statements")
    sql = clipboard()
    assert sql.startswith("INSERT INTO")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM people")
    console = run_in_console(window, qtbot, sql + "COMMIT;\n")  # the console holds a transaction
    assert "Error" not in console.messages.toPlainText()
    assert people_rows(db) == [(1, "Ada", 36), (2, "Grace", 85), (3, "Linus", 20)]


def test_a_console_result_copies_with_ctrl_a_ctrl_c(grid, qtbot) -> None:
    window, _page, _tab = grid
    console = run_in_console(window, qtbot, "SELECT name, age FROM people ORDER BY id")
    assert result_rows(console)[0] == ("Ada", 36)
    view = console.results.currentWidget().findChild(type(_tab.view), "resultGrid")
    focus(window, qtbot)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    assert clipboard() == "name\tage\nAda\t36\nGrace\t85\nLinus\t20\n"


def test_cells_from_a_spreadsheet_paste_into_rows_and_new_rows(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    QGuiApplication.clipboard().setText("Zed\t50\r\nYann\t\r\nXavier\t70\r\n")  # as a spreadsheet writes
    click_cell(qtbot, tab, 1, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_V, CTRL)
    assert tab.model.pending == "2 rows edited, 1 new"
    commit(qtbot, tab)
    assert [r[1:] for r in people_rows(db)] == [("Ada", 36), ("Zed", 50), ("Yann", None), ("Xavier", 70)]


def test_a_paste_with_a_value_that_does_not_fit_pastes_nothing(grid, qtbot) -> None:
    _window, _page, tab = grid
    QGuiApplication.clipboard().setText("Zed\t50\nYann\tsixty\n")
    click_cell(qtbot, tab, 0, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_V, CTRL)
    assert tab.error.text() == "Nothing was pasted: line 2 of the clipboard: age: 'sixty' is not a whole number."
    assert tab.model.pending == ""


@pytest.mark.parametrize("value", ["tab\there", "two\nlines", 'say "hi"', "pipe | and \\", "", None, "ünï 😀"])
def test_tsv_copies_paste_back_as_the_same_text(value) -> None:
    text = copy_text("tsv", ["a", "b"], [[value, "x"]])
    assert parse_tsv(text) == [["a", "b"], ["" if value is None else value, "x"]]
    markdown = copy_text("markdown", ["a"], [[value]])
    assert markdown.count("\n") == 3  # one line per row, whatever the value holds


def test_a_console_result_exports_every_row_to_a_file(grid, qtbot, dialogs, tmp_path) -> None:
    window, _page, _tab = grid
    console = run_in_console(window, qtbot, "SELECT name, age FROM people ORDER BY id")
    from PySide6.QtWidgets import QPushButton
    button = console.results.currentWidget().findChild(QPushButton, "resultExport")
    target = tmp_path / "result.csv"
    dialogs.answer(choose_file(str(target)))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=15000)
    assert target.read_text().splitlines() == ["name,age", "Ada,36", "Grace,85", "Linus,20"]
