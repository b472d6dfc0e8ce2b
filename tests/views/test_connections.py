"""Several connections at once, as a user keeps them: the Connections panel saves this window's
connection (name, colour, read-only; never its password), opens a saved one in a window of its own
beside the first (its own pool, tree, tabs and status bar), brings that window forward when asked
again, opens a read-only one read-only (the database refuses writes), and deletes after asking."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from guiapp.app import connection_windows
from guiapp.core.connect.connections import ConnectionStore, SavedConnection
from tests.helpers.gui import focus, result_rows, run_in_console

pytestmark = pytest.mark.gui


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def select(qtbot, panel, name: str) -> None:
    qtbot.waitUntil(lambda: name in panel.names(), timeout=5000)
    item = next(panel.list.item(i) for i in range(panel.list.count()) if panel.list.item(i).text().startswith(name))
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.selected().name == name


def opened(qtbot, count: int = 1):
    qtbot.waitUntil(lambda: len(connection_windows()) == count, timeout=10000)
    window = connection_windows()[-1]
    qtbot.waitUntil(lambda: window.workspace.db is not None, timeout=15000)
    return window


def test_save_current_and_open_it_beside_the_first_window(window, db, dialogs, qtbot) -> None:
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    panel = window.connections

    def name_it(dialog) -> None:
        dialog.name.setText("work db")
        dialog.colour.setFocus()
        qtbot.keyClick(dialog.colour, Qt.Key.Key_End)  # the last colour: grey
        save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        click(qtbot, save)

    dialogs.answer(name_it)
    click(qtbot, panel.buttons["save"])
    qtbot.waitUntil(lambda: panel.names() == ["work db"], timeout=5000)
    saved = ConnectionStore().get("work db")
    assert saved.colour == "#6b6b6b" and not saved.read_only

    select(qtbot, panel, "work db")
    click(qtbot, panel.buttons["open"])
    second = opened(qtbot)
    assert second is not window and second.workspace.db is not window.workspace.db
    assert "work db" in second.windowTitle() and "#6b6b6b" in second.tabs.styleSheet()
    qtbot.waitUntil(lambda: "in use" in second.pool_label.text(), timeout=5000)  # its own figures
    second_console = run_in_console(second, qtbot, "SELECT 41 + 1")
    assert "1 row" in second_console.messages.toPlainText()

    focus(window, qtbot)
    select(qtbot, panel, "work db")
    click(qtbot, panel.buttons["open"])  # asked again: the same window comes forward, no third
    assert opened(qtbot) is second
    second.close()
    qtbot.waitUntil(lambda: not connection_windows(), timeout=10000)
    first_console = run_in_console(window, qtbot, "SELECT 2")  # the first window goes on
    assert "1 row" in first_console.messages.toPlainText()


def test_a_sqlite_file_and_mariadb_side_by_side(sqlite_db, mysql_db, open_window, qtbot) -> None:
    from guiapp.core.connect.urls import url_for_storage
    ConnectionStore().save(SavedConnection("maria", url_for_storage(mysql_db.url), "#2f5d8a"))
    window = open_window(sqlite_db.url.render_as_string())
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    focus(window, qtbot)
    select(qtbot, window.connections, "maria")
    rect = window.connections.list.visualItemRect(window.connections.list.currentItem())
    qtbot.mouseDClick(window.connections.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    second = opened(qtbot)
    assert second.workspace.db.dialect == "mysql" and window.workspace.db.dialect == "sqlite"
    assert "127.0.0.1" in second.url_label.text() and "sqlite" in window.url_label.text()
    maria = run_in_console(second, qtbot, "SELECT VERSION()")
    assert "MariaDB" in str(result_rows(maria)[0][0])
    lite = run_in_console(window, qtbot, "SELECT sqlite_version()")
    assert "1 row" in lite.messages.toPlainText()


def test_a_read_only_connection_is_refused_writes_by_the_database(window, db, qtbot) -> None:
    from guiapp.core.connect.urls import url_for_storage
    ConnectionStore().save(SavedConnection("careful", url_for_storage(db.url), read_only=True))
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    focus(window, qtbot)
    select(qtbot, window.connections, "careful")
    click(qtbot, window.connections.buttons["open"])
    second = opened(qtbot)
    assert second.workspace.db.options.read_only and "(read-only)" in second.windowTitle()
    console = run_in_console(second, qtbot, "CREATE TABLE should_not_exist (id INTEGER)")
    assert "read-only" in console.messages.toPlainText().lower() or "read only" in \
        console.messages.toPlainText().lower(), console.messages.toPlainText()
    with db.connect() as conn:
        names = {n.lower() for n in sa.inspect(conn).get_table_names()}
    assert "should_not_exist" not in names


def test_a_saved_connection_that_needs_a_password_asks_for_it(window, dialogs, qtbot) -> None:
    ConnectionStore().save(SavedConnection("secret", "mysql+pymysql://someone:hunter2@127.0.0.1:3306/test"))
    stored = json.loads(ConnectionStore().path.read_text(encoding="utf-8"))
    assert "hunter2" not in json.dumps(stored) and stored[0]["needs_password"] is True
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    asked: list[str] = []

    def read(dialog) -> None:
        asked.append(dialog.url.text())
        dialog.reject()

    dialogs.answer(read)
    focus(window, qtbot)
    select(qtbot, window.connections, "secret")
    click(qtbot, window.connections.buttons["open"])
    qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    assert "someone@127.0.0.1" in asked[0] and "hunter2" not in asked[0]


def test_delete_asks_first(window, dialogs, qtbot) -> None:
    ConnectionStore().save(SavedConnection("old", "sqlite:////tmp/old.db"))
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    panel = window.connections
    focus(window, qtbot)
    select(qtbot, panel, "old")
    dialogs.answer("Cancel")
    click(qtbot, panel.buttons["delete"])
    assert "Forget the saved connection 'old'" in dialogs.seen[-1].text and ConnectionStore().get("old")
    dialogs.answer("&Yes")
    click(qtbot, panel.buttons["delete"])
    qtbot.waitUntil(lambda: panel.names() == [], timeout=5000)
    assert ConnectionStore().get("old") is None


def test_a_damaged_connections_file_is_a_message_and_stays_as_it_was(sqlite_db, open_window, dialogs,
                                                                     qtbot) -> None:
    path = ConnectionStore().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[{not json", encoding="utf-8")  # damaged before guiapp starts
    window = open_window(sqlite_db.url.render_as_string())
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    panel = window.connections
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=5000)
    assert "cannot be read" in panel.list.item(0).text() and panel.names() == []
    dialogs.answer("OK")
    focus(window, qtbot)
    click(qtbot, panel.buttons["save"])
    assert "cannot be read" in dialogs.seen[-1].text and "move the file aside" in dialogs.seen[-1].text
    assert path.read_text(encoding="utf-8") == "[{not json"  # nothing written over it


def test_a_saved_alias_that_ssh_would_read_as_an_option_is_refused(sqlite_db, open_window, server_db, qtbot,
                                                                    tmp_path) -> None:
    from guiapp.core.connect.urls import url_for_storage
    window = open_window(sqlite_db.url.render_as_string())
    marker = tmp_path / "ran"
    ConnectionStore().save(SavedConnection("odd alias", url_for_storage(server_db.url),
                                           ssh=f"-oProxyCommand=touch {marker}"))
    qtbot.waitUntil(lambda: window.built, timeout=10000)
    focus(window, qtbot)
    select(qtbot, window.connections, "odd alias")
    click(qtbot, window.connections.buttons["open"])
    qtbot.waitUntil(lambda: len(connection_windows()) == 1, timeout=10000)
    second = connection_windows()[-1]
    qtbot.waitUntil(lambda: "starts with '-'" in second.banner.text(), timeout=15000)
    assert second.workspace.db is None and not marker.exists()
    second.close()
    qtbot.waitUntil(lambda: not connection_windows(), timeout=10000)
