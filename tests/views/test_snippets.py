"""Saved snippets, as a user keeps them: Ctrl+Shift+S saves the console's selection (or its text) under
a name, asking before replacing one; the Snippets panel searches them, inserts one at the cursor with
a double-click, renames and deletes (asking first). They outlive the window, and a snippet saved
elsewhere shows up by itself. On the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from guiapp.core.store.snippets import SnippetStore
from tests.helpers.gui import focus

pytestmark = pytest.mark.gui
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def named(text: str):
    def answer(dialog) -> None:
        dialog.setTextValue(text)
        dialog.accept()
    answer.__name__ = f"type {text!r}"
    return answer


def _save(window, console, qtbot, dialogs, name: str, *more) -> None:
    focus(window, qtbot)  # a dialog that closed leaves no active window offscreen
    console.editor.setFocus()
    dialogs.answer(named(name), *more)
    qtbot.keyClick(console.editor, Qt.Key.Key_S, CTRL_SHIFT)


def test_ctrl_shift_s_saves_the_selection_and_the_panel_lists_it(people_console, dialogs, qtbot) -> None:
    window, console = people_console
    console.editor.setPlainText("SELECT 1;\nSELECT name FROM people WHERE age > 30;\n")
    cursor = console.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Down)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfLine, QTextCursor.MoveMode.KeepAnchor)
    console.editor.setTextCursor(cursor)
    _save(window, console, qtbot, dialogs, "  older  people ")
    panel = window.snippets
    qtbot.waitUntil(lambda: panel.names() == ["older people"], timeout=5000)
    assert panel.isVisible()  # the panel came forward to show it
    assert dialogs.seen[0].title == "Save as snippet"
    assert SnippetStore().get("older people").sql == "SELECT name FROM people WHERE age > 30;"


def test_a_taken_name_asks_before_replacing(people_console, dialogs, qtbot) -> None:
    window, console = people_console
    SnippetStore().save("count", "SELECT count(*) FROM people")
    console.editor.setPlainText("SELECT 42")
    _save(window, console, qtbot, dialogs, "count", "Cancel")
    qtbot.waitUntil(lambda: len(dialogs.seen) == 2, timeout=5000)
    assert "A snippet named 'count' exists. Replace it?" in dialogs.seen[1].text
    assert SnippetStore().get("count").sql == "SELECT count(*) FROM people"  # kept
    _save(window, console, qtbot, dialogs, "count", "&Yes")
    qtbot.waitUntil(lambda: SnippetStore().get("count").sql == "SELECT 42", timeout=5000)


def test_double_click_inserts_at_the_cursor(people_console, qtbot) -> None:
    window, console = people_console
    SnippetStore().save("adults", "WHERE age >= 18")
    panel = window.snippets
    window.snippets_dock.raise_()  # its tab, beside Signals and History, clicked
    qtbot.waitUntil(lambda: "adults" in panel.names(), timeout=5000)
    console.editor.setPlainText("SELECT * FROM people ")
    console.editor.moveCursor(QTextCursor.MoveOperation.End)
    item = panel.list.findItems("adults", Qt.MatchFlag.MatchExactly)[0]
    rect = panel.list.visualItemRect(item)
    # A double-click is a press and release, then the second press: Qt's view wants the first.
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert console.editor.toPlainText() == "SELECT * FROM people WHERE age >= 18"


def test_rename_delete_and_search(people_console, dialogs, qtbot) -> None:
    window, _console = people_console
    store = SnippetStore()
    store.save("first", "SELECT 1")
    store.save("second", "SELECT name FROM people")
    panel = window.snippets
    window.snippets_dock.raise_()
    qtbot.waitUntil(lambda: panel.names() == ["first", "second"], timeout=5000)
    panel.list.setCurrentRow(0)
    dialogs.answer(named("second"))  # taken: refused with a message, nothing lost
    qtbot.mouseClick(panel.rename_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialogs.seen) == 2, timeout=5000)
    assert "exists already" in dialogs.seen[1].text
    dialogs.answer(named("one"))
    qtbot.mouseClick(panel.rename_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.names() == ["one", "second"], timeout=5000)
    panel.list.setCurrentRow(1)
    dialogs.answer("Cancel")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert "Delete the snippet 'second'?" in dialogs.seen[-1].text and store.get("second") is not None
    dialogs.answer("&Yes")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.names() == ["one"], timeout=5000)
    store.save("people by age", "SELECT * FROM people ORDER BY age")  # saved elsewhere: shows by itself
    qtbot.waitUntil(lambda: panel.names() == ["one", "people by age"], timeout=5000)
    qtbot.keyClicks(panel.search, "ORDER")  # the statement matches too
    qtbot.waitUntil(lambda: panel.names() == ["people by age"], timeout=5000)


def test_a_corrupt_snippets_file_is_a_message_not_a_crash(people_console, dialogs, qtbot) -> None:
    window, console = people_console
    SnippetStore().path.write_bytes(b"this is not a database" * 100)
    console.editor.setPlainText("SELECT 1")
    _save(window, console, qtbot, dialogs, "one", "OK")
    qtbot.waitUntil(lambda: len(dialogs.seen) == 2, timeout=5000)
    assert "cannot be read" in dialogs.seen[1].text and "move it aside" in dialogs.seen[1].text
    assert console.editor.toPlainText() == "SELECT 1"  # what was typed is still there
