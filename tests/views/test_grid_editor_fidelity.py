"""A cell editor opened and closed without typing changes nothing, and one that is typed in keeps
every character the user did not touch (CR LF, no-break spaces, line separators), on every backend."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from tests.helpers.grids import CTRL, click_cell, commit, open_grid, wait_editor_closed

pytestmark = pytest.mark.gui

ODD = "line one\r\nline\xa0two\u2028and three"


def _notes(db) -> str:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT notes FROM people WHERE id = 1").scalar()


def _odd_notes(db, qtbot, tab) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE people SET notes = %s WHERE id = 1" if db.dialect != "sqlite"
                             else "UPDATE people SET notes = ? WHERE id = 1", (ODD,))
    tab.model.refresh()
    qtbot.waitUntil(lambda: tab.model.row_values(0) is not None, timeout=10000)


def _open_notes(qtbot, tab) -> QPlainTextEdit:
    click_cell(qtbot, tab, 0, 3)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit)
    return editor


def test_a_multi_line_editor_opened_and_left_changes_nothing(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    _odd_notes(db, qtbot, tab)
    editor = _open_notes(qtbot, tab)
    qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)  # keeps the value, untouched
    wait_editor_closed(qtbot, tab)
    assert tab.model.pending == ""
    editor = _open_notes(qtbot, tab)
    click_cell(qtbot, tab, 1, 1)  # a click elsewhere keeps it too
    wait_editor_closed(qtbot, tab)
    assert tab.model.pending == ""
    assert _notes(db) == ODD


def test_typing_in_a_multi_line_editor_keeps_the_characters_not_typed_over(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    _odd_notes(db, qtbot, tab)
    editor = _open_notes(qtbot, tab)
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    qtbot.keyClicks(editor, "!")
    qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)
    wait_editor_closed(qtbot, tab)
    assert tab.model.pending == "1 row edited"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert _notes(db) == ODD + "!"


@pytest.fixture
def flags(db, open_window, qtbot):
    """flags(id, done BOOLEAN NULL): row 1 NULL, row 2 true, open in its grid."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE flags (id INTEGER PRIMARY KEY, done BOOLEAN NULL)")
        conn.exec_driver_sql("INSERT INTO flags VALUES (1, NULL), (2, TRUE)" if db.dialect != "sqlite"
                             else "INSERT INTO flags VALUES (1, NULL), (2, 1)")
    return open_grid(db, open_window, qtbot, "flags", 1)


def _done(db) -> list:
    with db.engine.connect() as conn:
        return [r[0] for r in conn.exec_driver_sql("SELECT done FROM flags ORDER BY id")]


def test_a_null_boolean_opened_and_kept_stays_null_and_can_be_chosen(flags, db, qtbot) -> None:
    from PySide6.QtWidgets import QComboBox
    tab = flags
    for row in (0, 1):
        click_cell(qtbot, tab, row, 1)
        qtbot.keyClick(tab.view, Qt.Key.Key_F2)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        wait_editor_closed(qtbot, tab)
    assert tab.model.pending == ""  # NULL did not become false, true stayed true
    click_cell(qtbot, tab, 0, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    if isinstance(editor, QComboBox):  # a true boolean column: NULL is one of the choices
        assert editor.currentText() == "NULL"
        editor.setCurrentText("false")
    else:  # MariaDB's BOOLEAN is TINYINT(1): a number
        qtbot.keyClicks(editor, "0")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_editor_closed(qtbot, tab)
    click_cell(qtbot, tab, 1, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    if isinstance(editor, QComboBox):
        editor.setCurrentText("NULL")
    else:
        qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        wait_editor_closed(qtbot, tab)
        qtbot.keyClick(tab.view, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)  # Set NULL
    if isinstance(editor, QComboBox):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        wait_editor_closed(qtbot, tab)
    assert tab.model.pending == "2 rows edited"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert [None if v is None else bool(v) for v in _done(db)] == [False, None]


@pytest.mark.parametrize("long", [False, True], ids=["one-line", "multi-line"])
def test_ctrl_s_while_typing_the_first_value_keeps_it_and_commits(grid, db, qtbot, long) -> None:
    from PySide6.QtWidgets import QLineEdit
    _window, _page, tab = grid
    if long:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE people SET notes = 'a\nb' WHERE id = 1")
        tab.model.refresh()
        qtbot.waitUntil(lambda: tab.model.row_values(0) is not None, timeout=10000)
    assert tab.model.pending == ""  # nothing pending yet: this is the first value
    click_cell(qtbot, tab, 0, 3)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit if long else QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL if long else Qt.KeyboardModifier.NoModifier)
    qtbot.keyClicks(editor, "c")
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    wait_editor_closed(qtbot, tab)
    qtbot.waitUntil(lambda: not tab.model.saving and tab.model.pending == "", timeout=15000)
    assert not tab.error.isVisible(), tab.error.text()
    assert _notes(db) == ("a\nbc" if long else "c")
