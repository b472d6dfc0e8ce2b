"""File ▸ Preferences… (Ctrl+,), filled in with the keyboard as a user does: the editor's font size and
the theme change at once, a grid reads pages of the chosen size, a console result stops at the chosen
cap, destructive statements stop asking, and the pool settings apply to the next connection. Cancel
changes nothing; the values outlive the window. On the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from guiapp.core.store.preferences import Preferences, from_stored
from guiapp.qt.settings import load_preferences
from tests.helpers.gui import choose_in, focus, open_table, run_in_console

pytestmark = pytest.mark.gui
ROWS_150 = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150) "
            "SELECT i FROM n")


def type_into(qtbot, spin, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))
    assert spin.value() == value


def fill(qtbot, values: dict, button: str = "OK"):
    def answer(dialog) -> None:
        for name, value in values.items():
            if name == "theme":
                choose_in(qtbot, dialog.theme, value)
            elif name == "confirm":
                if dialog.confirm.isChecked() != value:
                    dialog.confirm.setFocus()
                    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)
            else:
                type_into(qtbot, dialog.spins[name], value)
        from PySide6.QtWidgets import QDialogButtonBox
        box = dialog.findChild(QDialogButtonBox)
        target = next(b for b in box.buttons() if b.text().replace("&", "") == button)
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    answer.__name__ = f"fill {values} and {button}"
    return answer


def open_preferences(window, qtbot, dialogs, answer) -> None:
    focus(window, qtbot)
    dialogs.answer(answer)
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.seen and dialogs.seen[-1].title == "Preferences"


def test_preferences_apply_at_once_and_outlive_the_window(people_console, db, dialogs, qtbot) -> None:
    window, console = people_console
    assert console.editor.font().pointSize() == 10
    open_preferences(window, qtbot, dialogs, fill(qtbot, {
        "font_size": 14, "theme": "Dark", "page_size": 50, "result_cap": 100, "confirm": False}))
    assert console.editor.font().pointSize() == 14  # the open console follows
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness() < 80
    stored = load_preferences()
    assert (stored.font_size, stored.theme, stored.page_size, stored.result_cap, stored.confirm_destructive) == (
        14, "dark", 50, 100, False)

    run_in_console(window, qtbot, ROWS_150)
    from tests.helpers.gui import result_rows
    qtbot.waitUntil(lambda: len(result_rows(console)) == 100, timeout=10000)
    qtbot.wait(200)
    assert len(result_rows(console)) == 100  # the cap, not the 150 rows
    run_in_console(window, qtbot, "DELETE FROM people")  # no question: the user turned it off
    assert not any(s.title == "Destructive statement" for s in dialogs.seen)
    assert "3 rows affected" in console.messages.toPlainText() or "3 row" in console.messages.toPlainText()

    page = open_table(window, qtbot, "people")
    qtbot.waitUntil(lambda: page.data_tab is not None, timeout=10000)
    assert page.data_tab.model.page_size == 50


def test_cancel_changes_nothing_and_restore_defaults_restores_them(window, dialogs, qtbot) -> None:
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    open_preferences(window, qtbot, dialogs, fill(qtbot, {"font_size": 20, "theme": "Dark"}, "Cancel"))
    assert load_preferences() == Preferences()
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness() > 150
    open_preferences(window, qtbot, dialogs, fill(qtbot, {"page_size": 75}))
    assert load_preferences().page_size == 75
    open_preferences(window, qtbot, dialogs, fill(qtbot, {}, "Restore Defaults"))
    # Restore Defaults fills the form in; OK stores it
    open_preferences(window, qtbot, dialogs, fill(qtbot, {}, "OK"))
    assert load_preferences().page_size == 75  # restoring without OK kept what was stored


def test_pool_preferences_apply_to_the_next_connection(window, db, dialogs, qtbot) -> None:
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    assert window.workspace.db.options.pool_size == 5
    open_preferences(window, qtbot, dialogs, fill(qtbot, {"pool_size": 2, "connect_timeout": 3}))
    url = db.url.render_as_string(hide_password=False)

    def reconnect(dialog) -> None:
        dialog.url.setText(url)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    focus(window, qtbot)
    old = window.workspace.db
    dialogs.answer(reconnect)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace.db is not None and window.workspace.db is not old, timeout=15000)
    options = window.workspace.db.options
    assert (options.pool_size, options.connect_timeout) == (2, 3)
    if db.dialect != "sqlite":  # SQLite files use a pool of their own kind
        qtbot.waitUntil(lambda: "/2" in window.pool_label.text(), timeout=5000)


def test_unreadable_stored_values_fall_back_to_their_defaults() -> None:
    read = from_stored({"font_size": "huge", "page_size": "5", "theme": "purple", "confirm_destructive": "maybe",
                        "result_cap": "250", "font_family": "Fira Code"})
    assert read == Preferences(result_cap=250, font_family="Fira Code")
