"""Explain (Ctrl+E) in the console: the plan of the statement under the cursor as a tree, without running
it; a statement the database rejects is a message. On the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.helpers.grids import people_rows

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


def plan_tab(console):
    from guiapp.views.planview import PlanView
    widget = console.results.currentWidget()
    return widget if isinstance(widget, PlanView) else None


def test_ctrl_e_shows_the_plan_of_the_statement_under_the_cursor(people_console, db, qtbot) -> None:
    window, console = people_console
    console.editor.setPlainText("SELECT 1;\nDELETE FROM people WHERE age > 30;\n")
    cursor = console.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Down)  # on the DELETE: explained, never run
    console.editor.setTextCursor(cursor)
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: plan_tab(console) is not None, timeout=10000)
    steps = plan_tab(console).steps()
    assert steps, "an empty plan"
    text = " ".join(f"{step} {detail}" for _depth, step, detail in steps).lower()
    assert "people" in text
    assert len(people_rows(db)) == 3  # nothing was deleted


def test_a_statement_the_database_rejects_is_a_message(people_console, qtbot) -> None:
    window, console = people_console
    console.editor.setPlainText("SELECT nosuch FROM nowhere_at_all")
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: "Explain:" in console.messages.toPlainText(), timeout=10000)
    assert "nowhere_at_all" in console.messages.toPlainText()
    assert plan_tab(console) is None


def test_a_statement_without_a_plan_says_so_and_leaves_no_old_status(people_console, qtbot) -> None:
    from tests.helpers.gui import run_in_console
    window, console = people_console
    run_in_console(window, qtbot, "SELECT 1")
    assert console.status.text().startswith("Finished in")
    console.editor.setPlainText("ALTER TABLE people ADD COLUMN nickname VARCHAR(20)")
    qtbot.keyClick(window, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: "Explain:" in console.messages.toPlainText(), timeout=10000)
    assert "ALTER has no plan" in console.messages.toPlainText()
    assert "ALTER has no plan" in console.status.text()
    assert plan_tab(console) is None
    assert console.results.currentWidget() is console.messages
