"""Autocomplete in the console as a user meets it: Ctrl+Space, three letters, table.column and aliases,
and a table created meanwhile. On the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.helpers.gui import focus, run_in_console

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def editor(people_console, qtbot):
    """The console, once its completer knows the people table."""
    _window, console = people_console
    qtbot.waitUntil(lambda: "people" in console.completer.tables, timeout=10000)
    return people_console


def choose(qtbot, console) -> None:
    """Enter on the open popup takes its first offer."""
    popup = console.completer.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible(), timeout=5000)


def test_keywords_tables_and_columns_complete(editor, qtbot) -> None:
    _window, console = editor
    text = console.editor
    qtbot.keyClicks(text, "sel")  # three letters: offered without asking
    choose(qtbot, console)
    assert text.toPlainText() == "SELECT"
    qtbot.keyClicks(text, " * FROM peo")
    choose(qtbot, console)
    assert text.toPlainText() == "SELECT * FROM people"
    qtbot.keyClicks(text, " p WHERE p.")
    qtbot.keyClick(text, Qt.Key.Key_Space, CTRL)  # after an alias: that table's columns
    popup = console.completer.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and console.completer.completer.completionCount() == 5,
                    timeout=5000)
    qtbot.keyClicks(popup, "ag")
    qtbot.waitUntil(lambda: console.completer.completer.currentCompletion() == "age", timeout=5000)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert text.toPlainText() == "SELECT * FROM people p WHERE p.age"


def test_escape_closes_the_popup_and_a_new_table_is_offered(editor, qtbot) -> None:
    window, console = editor
    run_in_console(window, qtbot, "CREATE TABLE zebra_crossing (stripes INTEGER);\nCOMMIT;")
    qtbot.waitUntil(lambda: "zebra_crossing" in console.completer.tables, timeout=10000)
    console.editor.clear()
    focus(window, qtbot)
    console.editor.setFocus()
    qtbot.keyClicks(console.editor, "zeb")
    popup = console.completer.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=5000)
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible() and console.editor.toPlainText() == "zeb" and not console.busy
    qtbot.keyClick(console.editor, Qt.Key.Key_Space, CTRL)
    choose(qtbot, console)
    assert console.editor.toPlainText() == "zebra_crossing"


def test_schemas_complete_and_then_their_tables(postgresql_db, open_window, qtbot) -> None:
    """PostgreSQL's other schemas (the tree lists their tables as schema.table): the schema's name
    completes, and after "schema." its tables do."""
    with postgresql_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE SCHEMA sales")
        conn.exec_driver_sql("CREATE TABLE sales.orders (id INTEGER PRIMARY KEY)")
    try:
        window = open_window(postgresql_db.url.render_as_string(hide_password=False))
        qtbot.keyClick(window, Qt.Key.Key_T, CTRL)
        console = window.current_console()
        qtbot.waitUntil(lambda: "sales.orders" in console.completer.tables, timeout=10000)
        focus(window, qtbot)
        text = console.editor
        text.setFocus()
        qtbot.keyClicks(text, "SELECT * FROM sal")
        choose(qtbot, console)
        assert text.toPlainText() == "SELECT * FROM sales"
        qtbot.keyClicks(text, ".")
        qtbot.keyClick(text, Qt.Key.Key_Space, CTRL)
        choose(qtbot, console)
        assert text.toPlainText() == "SELECT * FROM sales.orders"
    finally:
        with postgresql_db.engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA sales CASCADE")


def test_a_closed_console_no_longer_listens_to_schema_changes(editor, db, qtbot) -> None:
    window, console = editor
    window.tabs.setCurrentWidget(console)
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_W, CTRL)  # Close tab
    qtbot.waitUntil(lambda: console not in window.consoles(), timeout=5000)
    qtbot.wait(50)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE after_console (id INTEGER PRIMARY KEY)")
    qtbot.waitUntil(lambda: "after_console" in window.schema.table_names(), timeout=10000)
    qtbot.wait(400)  # the completer's reload would have been debounced by 200 ms


def test_a_dot_after_an_alias_offers_its_columns_without_asking(editor, qtbot) -> None:
    _window, console = editor
    text = console.editor
    qtbot.keyClicks(text, "SELECT * FROM people p WHERE p.")  # no Ctrl+Space
    popup = console.completer.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and console.completer.completer.completionCount() == 5,
                    timeout=5000)
    qtbot.keyClicks(popup, "na")
    qtbot.waitUntil(lambda: console.completer.completer.currentCompletion() == "name", timeout=5000)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert text.toPlainText() == "SELECT * FROM people p WHERE p.name"
    qtbot.keyClicks(text, " = 1.")  # a number's dot names no table: nothing offered
    QApplication.processEvents()
    assert not popup.isVisible()
