"""Pending grid edits survive what should not touch them: Esc in a cell editor, and the paths
that would close them (another database, a closed tab, the window) ask first, on the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.helpers.dialogs import choose_file, keep_open
from tests.helpers.grids import click_cell, commit, people_rows, shown, type_into, wait_editor_closed
from tests.helpers.gui import focus, run_in_console, trigger

pytestmark = pytest.mark.gui


def test_esc_in_a_cell_editor_cancels_only_that_cell(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    type_into(qtbot, tab, 0, 1, "Ada L.")
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
    type_into(qtbot, tab, 3, 1, "Edsger")
    assert tab.model.pending == "1 row edited, 1 new"
    click_cell(qtbot, tab, 1, 2)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "99")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_editor_closed(qtbot, tab)
    assert shown(tab, 1, 2) == "85"  # the cell being typed is as it was
    assert tab.model.pending == "1 row edited, 1 new"  # every other edit is kept
    assert tab.model.rowCount() == 4 and shown(tab, 0, 1) == "Ada L." and shown(tab, 3, 1) == "Edsger"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert people_rows(db) == [(1, "Ada L.", 36), (2, "Grace", 85), (3, "Linus", 20), (4, "Edsger", None)]


def _gone(window, page) -> bool:
    """The tab is closed (and perhaps already deleted)."""
    import shiboken6
    return not shiboken6.isValid(page) or window.tabs.indexOf(page) == -1


def _other_sqlite_file(tmp_path) -> str:
    import sqlite3
    path = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE elsewhere (n INTEGER)")
    conn.commit()
    conn.close()
    return str(path)


def _names(db) -> list[str]:
    with db.engine.connect() as conn:
        return [r[0] for r in conn.exec_driver_sql("SELECT name FROM people ORDER BY id")]


@pytest.mark.parametrize("answer", ["Cancel", "Discard", "Commit"])
def test_opening_another_database_asks_about_edits_and_open_transactions(grid, db, qtbot, dialogs, tmp_path,
                                                                         answer) -> None:
    window, page, tab = grid
    type_into(qtbot, tab, 0, 1, "Ada L.")
    console = run_in_console(window, qtbot, "INSERT INTO people (name, age) VALUES ('Konsole', 1)")
    assert console.in_transaction
    other = _other_sqlite_file(tmp_path)
    before = window.workspace.db
    dialogs.answer(choose_file(other), answer)
    focus(window, qtbot)
    trigger(window, "File ▸ Open SQLite file")
    question = dialogs.seen[-1]
    assert question.title == "Connect" and question.answer == answer
    assert "• people: 1 row edited" in question.text
    assert f"• {console.title} has an open transaction" in question.text
    if answer == "Cancel":
        assert window.workspace.db is before and window.tabs.indexOf(page) >= 0
        assert tab.model.pending == "1 row edited" and console.in_transaction
        assert "Still connected to" in window.statusBar().currentMessage()
        assert _names(db) == ["Ada", "Grace", "Linus"]
        return
    qtbot.waitUntil(lambda: window.workspace.db is not before, timeout=15000)
    assert _gone(window, page)
    assert not console.in_transaction and "Transaction open" not in console.status.text()
    console.wait_closed(10)
    if answer == "Discard":
        assert "Rolled back the open transaction" in console.status.text()
        assert _names(db) == ["Ada", "Grace", "Linus"]
    else:
        assert _names(db) == ["Ada L.", "Grace", "Linus", "Konsole"]


def test_closing_a_tab_with_edits_can_commit_them_first(grid, db, qtbot, dialogs) -> None:
    window, page, tab = grid
    type_into(qtbot, tab, 0, 1, "Ada L.")
    focus(window, qtbot)
    dialogs.answer("Commit")
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: _gone(window, page), timeout=15000)
    assert _names(db) == ["Ada L.", "Grace", "Linus"]


def test_quitting_commits_edits_first_and_a_conflict_keeps_the_window(grid, db, qtbot, dialogs) -> None:
    window, page, tab = grid
    type_into(qtbot, tab, 0, 1, "Mine")
    with db.engine.begin() as conn:  # a colleague, meanwhile
        conn.exec_driver_sql("UPDATE people SET name = 'Theirs' WHERE id = 1")
    dialogs.answer("Commit")
    window.close()
    qtbot.waitUntil(lambda: "could not be committed" in window.statusBar().currentMessage(), timeout=15000)
    assert window.isVisible() and tab.model.pending == "1 row edited" and "id=1" in tab.error.text()
    focus(window, qtbot)
    revert = next(b for b in tab.editing.buttons if b.defaultAction() is tab.editing.revert_action)
    qtbot.mouseClick(revert, Qt.MouseButton.LeftButton)
    type_into(qtbot, tab, 1, 1, "Hopper")
    dialogs.answer("Commit")
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=15000)
    assert _names(db) == ["Theirs", "Hopper", "Linus"]


@pytest.mark.parametrize("answer", ["Cancel", "Discard"])
def test_the_connect_dialog_asks_too_and_cancel_keeps_the_dialog_and_the_edits(grid, db, qtbot, dialogs, tmp_path,
                                                                              answer) -> None:
    window, page, tab = grid
    type_into(qtbot, tab, 0, 1, "Ada L.")
    other = _other_sqlite_file(tmp_path)
    before = window.workspace.db
    said: list[str] = []

    def connect_elsewhere(dialog) -> None:
        from PySide6.QtCore import QTimer
        keep_open(dialog)  # the question about the edits comes on top of it
        dialog.url.setText(other)
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        QTimer.singleShot(0, lambda: qtbot.mouseClick(ok, Qt.MouseButton.LeftButton))
        watch = QTimer(dialog, interval=30)  # Cancel keeps the dialog open, saying why: then the user closes it

        def read() -> None:
            if "Still connected" in dialog.message.text():
                said.append(dialog.message.text())
                watch.stop()
                dialog.reject()
        watch.timeout.connect(read)
        watch.start()

    dialogs.answer(connect_elsewhere, answer)
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(s.answer == answer for s in dialogs.seen), timeout=10000)
    assert "• people: 1 row edited" in next(s.text for s in dialogs.seen if s.answer == answer)
    if answer == "Cancel":
        qtbot.waitUntil(lambda: bool(said), timeout=10000)
        assert window.workspace.db is before and tab.model.pending == "1 row edited"
    else:
        qtbot.waitUntil(lambda: window.workspace.db is not before, timeout=15000)
        assert _gone(window, page)
    assert _names(db) == ["Ada", "Grace", "Linus"]


def test_ctrl_z_in_a_cell_editor_undoes_typing_not_the_rows_edits(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    type_into(qtbot, tab, 0, 1, "Ada L.")
    click_cell(qtbot, tab, 1, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, "xyz")
    qtbot.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.model.pending == "1 row edited" and shown(tab, 0, 1) == "Ada L."
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_editor_closed(qtbot, tab)
    assert tab.model.pending == "1 row edited"
