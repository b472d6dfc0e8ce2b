"""Editing rows in the grid as a user does: keys, the editor, Commit and Revert, on the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from guiapp import signals
from tests.helpers.dialogs import choose_file
from tests.helpers.grids import CTRL, SHIFT, people_rows, click_cell, commit, shown, type_into, wait_editor_closed
from tests.helpers.gui import focus, open_table

pytestmark = pytest.mark.gui

def test_an_edited_cell_is_marked_then_written_by_ctrl_s(grid, db, qtbot) -> None:
    window, page, tab = grid
    with qtbot.waitSignal(tab.model.editsChanged):
        type_into(qtbot, tab, 0, 1, "Ada L.")
    assert shown(tab, 0, 1) == "Ada L."
    assert tab.model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is not None  # marked
    assert window.tabs.tabText(window.tabs.indexOf(page)) == "people •"
    assert people_rows(db)[0] == (1, "Ada", 36)  # held, not written
    saved = []
    receiver = lambda sender, **kw: saved.append(kw)  # noqa: E731
    signals.row_saved.connect(receiver)
    try:
        commit(qtbot, tab)
    finally:
        signals.row_saved.disconnect(receiver)
    assert people_rows(db)[0] == (1, "Ada L.", 36)
    assert saved == [{"table": "people", "key": {"id": 1}, "old": {"name": "Ada"}, "new": {"name": "Ada L."}}]
    assert "UPDATE" in tab.editing.log.toPlainText() and "Ada L." in tab.editing.log.toPlainText()
    assert tab.editing.log.isVisible()
    assert window.tabs.tabText(window.tabs.indexOf(page)) == "people"
    qtbot.waitUntil(lambda: shown(tab, 0, 1) == "Ada L."
                    and tab.model.index(0, 1).data(Qt.ItemDataRole.BackgroundRole) is None, timeout=10000)


def test_revert_forgets_every_edit(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    type_into(qtbot, tab, 1, 2, "86")
    assert shown(tab, 1, 2) == "86" and tab.editing.revert_action.isEnabled()
    revert = next(b for b in tab.editing.buttons if b.defaultAction() is tab.editing.revert_action)
    qtbot.mouseClick(revert, Qt.MouseButton.LeftButton)
    assert shown(tab, 1, 2) == "85" and tab.model.pending == ""
    assert not tab.editing.commit_action.isEnabled()
    assert people_rows(db)[1] == (2, "Grace", 85)


def test_insert_adds_a_row_showing_its_defaults_and_ctrl_delete_marks_rows(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
    assert tab.model.rowCount() == 4
    assert shown(tab, 3, 0).startswith("(auto)") or shown(tab, 3, 0).startswith("(default nextval")
    assert shown(tab, 3, 2) == "NULL" and shown(tab, 3, 1) == "(required)"
    type_into(qtbot, tab, 3, 1, "Edsger")
    click_cell(qtbot, tab, 2, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)
    assert tab.model.index(2, 1).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert tab.model.pending == "1 new, 1 to delete"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert [r[1] for r in people_rows(db)] == ["Ada", "Grace", "Edsger"]
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3 and shown(tab, 2, 1) == "Edsger", timeout=10000)


def test_ctrl_shift_n_sets_null(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    click_cell(qtbot, tab, 1, 2)
    qtbot.keyClick(tab.view, Qt.Key.Key_N, CTRL | SHIFT)
    assert shown(tab, 1, 2) == "NULL"
    commit(qtbot, tab)
    assert people_rows(db)[1] == (2, "Grace", None)


@pytest.mark.parametrize("column, text, message", [
    (1, "Maximilian!", "name holds at most 10 characters; this value has 11."),
    (2, "forty", "age: 'forty' is not a whole number."),
])
def test_a_value_that_does_not_fit_is_refused_where_it_was_typed(grid, db, qtbot, column, text, message) -> None:
    _window, _page, tab = grid
    before = shown(tab, 0, column)
    type_into(qtbot, tab, 0, column, text)
    assert tab.error.isVisible() and tab.error.text() == message
    assert shown(tab, 0, column) == before and tab.model.pending == ""


def test_a_row_changed_on_the_server_is_not_overwritten(grid, db, qtbot) -> None:
    window, page, tab = grid
    type_into(qtbot, tab, 0, 1, "Mine")
    type_into(qtbot, tab, 1, 1, "Hopper")
    with db.engine.begin() as conn:  # a colleague, meanwhile
        conn.exec_driver_sql("UPDATE people SET name = 'Theirs' WHERE id = 1")
    commit(qtbot, tab)
    assert tab.error.isVisible()
    assert "Nothing was saved" in tab.error.text() and "id=1" in tab.error.text()
    assert "name is now 'Theirs'" in tab.error.text()
    assert [r[1] for r in people_rows(db)] == ["Theirs", "Grace", "Linus"]
    assert tab.model.pending == "2 rows edited"  # kept: the user decides
    assert window.tabs.tabText(window.tabs.indexOf(page)) == "people •"


def test_a_row_saving_receiver_refuses_and_its_message_is_shown(grid, db, qtbot) -> None:
    _window, _page, tab = grid

    def frozen(sender, **kw) -> None:
        raise ValueError("Grace's age is not to be changed")

    signals.row_saving.connect(frozen)
    try:
        type_into(qtbot, tab, 1, 2, "90")
        commit(qtbot, tab)
    finally:
        signals.row_saving.disconnect(frozen)
    assert tab.error.text() == "Nothing was saved: Grace's age is not to be changed"
    assert people_rows(db)[1] == (2, "Grace", 85)


def test_a_long_text_opens_a_multi_line_editor_that_keeps_line_breaks(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE people SET notes = 'line one\nline two' WHERE id = 1")
    tab.model.refresh()
    qtbot.waitUntil(lambda: tab.model.row_values(0) is not None, timeout=10000)
    click_cell(qtbot, tab, 0, 3)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit) and editor.toPlainText() == "line one\nline two"
    qtbot.keyClick(editor, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "line three")
    qtbot.keyClick(editor, Qt.Key.Key_Return, CTRL)  # keeps the value
    wait_editor_closed(qtbot, tab)
    commit(qtbot, tab)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT notes FROM people WHERE id = 1").scalar() == \
            "line one\nline two\nline three"


def test_a_binary_value_comes_from_a_file_and_goes_back_to_one(grid, db, qtbot, dialogs, tmp_path) -> None:
    _window, _page, tab = grid
    source = tmp_path / "photo.bin"
    source.write_bytes(bytes(range(256)) * 4)
    click_cell(qtbot, tab, 0, 4)
    dialogs.answer(choose_file(str(source)))
    tab.editing.load.trigger()  # the grid's context menu item
    assert tab.model.pending == "1 row edited"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    with db.engine.connect() as conn:
        assert bytes(conn.exec_driver_sql("SELECT photo FROM people WHERE id = 1").scalar()) == source.read_bytes()
    qtbot.waitUntil(lambda: tab.model.row_values(0) is not None, timeout=10000)
    target = tmp_path / "out.bin"
    click_cell(qtbot, tab, 0, 4)
    dialogs.answer(choose_file(str(target)))
    tab.editing.save.trigger()
    assert target.read_bytes() == source.read_bytes()


def test_closing_a_tab_with_edits_asks_and_cancel_keeps_them(grid, db, qtbot, dialogs) -> None:
    window, page, tab = grid
    type_into(qtbot, tab, 0, 1, "Unsaved")
    focus(window, qtbot)
    dialogs.answer("Cancel")
    qtbot.keyClick(window, Qt.Key.Key_W, CTRL)
    assert "Closing this tab closes work that is not committed:\n• people: 1 row edited" in dialogs.seen[-1].text
    assert window.tabs.indexOf(page) >= 0 and tab.model.pending == "1 row edited"
    dialogs.answer("Discard")
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_W, CTRL)
    assert window.tabs.indexOf(page) == -1
    assert people_rows(db)[0] == (1, "Ada", 36)


def test_quitting_with_edits_asks_first(grid, db, qtbot, dialogs) -> None:
    window, _page, tab = grid
    type_into(qtbot, tab, 0, 1, "Unsaved")
    dialogs.answer("Cancel")
    window.close()
    assert window.isVisible() and tab.model.pending == "1 row edited"
    assert "people: 1 row edited" in dialogs.seen[-1].text


def test_tables_without_a_key_and_views_say_why_they_are_read_only(db, open_window, qtbot) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE keyless (a INTEGER, b INTEGER)")
        conn.exec_driver_sql("INSERT INTO keyless VALUES (1, 2)")
        conn.exec_driver_sql("CREATE VIEW keyless_view AS SELECT a FROM keyless")
    window = open_window(db.url.render_as_string(hide_password=False))
    for name, reason in (("keyless", "no primary key"), ("keyless_view", "is a view")):
        page = open_table(window, qtbot, name)
        qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.row_values(0) is not None,
                        timeout=10000)
        tab = page.data_tab
        assert tab.editing.state.text() == "Read-only" and reason in tab.editing.state.toolTip()
        focus(window, qtbot)
        click_cell(qtbot, tab, 0, 0)
        qtbot.keyClick(tab.view, Qt.Key.Key_F2)
        assert not isinstance(QApplication.focusWidget(), QLineEdit)
        qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
        assert tab.model.rowCount() == 1 and not tab.editing.add.isEnabled()
