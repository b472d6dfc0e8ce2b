"""The console editor's own keys: Ctrl+/ comments and uncomments lines, Ctrl+Shift+F formats, each undone
by one Ctrl+Z."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.helpers.gui import focus

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def editor(window, qtbot):
    if not window.consoles():
        qtbot.keyClick(window, Qt.Key.Key_T, CTRL)
    console = window.consoles()[0]
    window.tabs.setCurrentWidget(console)
    focus(window, qtbot)
    console.editor.clear()
    console.editor.setFocus()
    return console.editor


def test_ctrl_slash_comments_the_selected_lines_and_again_uncomments_them(editor, qtbot) -> None:
    qtbot.keyClicks(editor, "SELECT 1;")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "SELECT 2;")
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(editor, Qt.Key.Key_Slash, CTRL)
    assert editor.toPlainText() == "-- SELECT 1;\n-- SELECT 2;"
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(editor, Qt.Key.Key_Slash, CTRL)
    assert editor.toPlainText() == "SELECT 1;\nSELECT 2;"
    editor.moveCursor(QTextCursor.MoveOperation.End)  # no selection: the current line only
    qtbot.keyClick(editor, Qt.Key.Key_Slash, CTRL)
    assert editor.toPlainText() == "SELECT 1;\n-- SELECT 2;"
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert editor.toPlainText() == "SELECT 1;\nSELECT 2;"


def test_ctrl_shift_f_formats_and_ctrl_z_undoes_it(editor, qtbot) -> None:
    typed = "select id, name from users where id = 1 order by name"
    qtbot.keyClicks(editor, typed)
    qtbot.keyClick(editor, Qt.Key.Key_F, CTRL | SHIFT)
    assert editor.toPlainText() == "SELECT id,\n       name\nFROM users\nWHERE id = 1\nORDER BY name"
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert editor.toPlainText() == typed


def test_ctrl_h_replaces_every_match_as_one_undo_step(editor, qtbot) -> None:
    qtbot.keyClicks(editor, "SELECT Name FROM users WHERE name = 'name'")
    qtbot.keyClick(editor, Qt.Key.Key_H, CTRL)
    finder = editor.finder
    qtbot.waitUntil(finder.isVisible, timeout=5000)
    qtbot.keyClicks(finder.find, "name")
    qtbot.keyClicks(finder.replace, "full_name")
    qtbot.mouseClick(finder.case, Qt.MouseButton.LeftButton)  # match case: "Name" stays
    qtbot.mouseClick(finder.all_button, Qt.MouseButton.LeftButton)
    assert editor.toPlainText() == "SELECT Name FROM users WHERE full_name = 'full_name'"
    assert finder.status.text() == "2 replaced."
    qtbot.keyClick(editor, Qt.Key.Key_Z, CTRL)
    assert editor.toPlainText() == "SELECT Name FROM users WHERE name = 'name'"
    finder.find.setText("users")
    qtbot.mouseClick(finder.next_button, Qt.MouseButton.LeftButton)
    assert editor.textCursor().selectedText() == "users"
    finder.replace.setText("people")
    qtbot.mouseClick(finder.replace_button, Qt.MouseButton.LeftButton)
    assert editor.toPlainText() == "SELECT Name FROM people WHERE name = 'name'"
    finder.find.setText("nowhere")
    qtbot.mouseClick(finder.next_button, Qt.MouseButton.LeftButton)
    assert finder.status.text() == "'nowhere' is not in the text."
