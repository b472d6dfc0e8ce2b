"""The window driven as a user would: models, tree, console, signals; SQLite and MariaDB."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from guiapp.core.connect.database import Database
from guiapp.core.schema.ddl import create_models
from guiapp.core.schema.catalog import catalog_for
from tests.helpers.gui import open_table, result_rows, run_in_console, trigger
from tests.helpers.workers import account

pytestmark = pytest.mark.gui

PW_USER = account("guiapp_pw")  # server-wide: one per pytest-xdist worker


def tree_names(window) -> set[str]:
    return set(window.schema.table_names())


def db_tables(db: Database) -> set[str]:
    """The tables in the database now (read afresh: the window has a Database of its own)."""
    return {t.name for t in catalog_for(db).names(refresh=True)}


@pytest.fixture
def password_user(mysql_db: Database):
    """A MariaDB account with a real password, dropped afterwards."""
    with mysql_db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql(f"DROP USER IF EXISTS '{PW_USER}'@'%%'")
        conn.exec_driver_sql(f"CREATE USER '{PW_USER}'@'%%' IDENTIFIED BY 'Tr0ub4dor&3'")
        conn.exec_driver_sql(f"GRANT ALL ON `{mysql_db.url.database}`.* TO '{PW_USER}'@'%%'")
    yield mysql_db.url.set(username=PW_USER, password="Tr0ub4dor&3")
    with mysql_db.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(f"DROP USER '{PW_USER}'@'%%'")


def test_title_status_and_signals_never_show_the_password(open_window, password_user, qtbot) -> None:
    window = open_window(password_user.render_as_string(hide_password=False))
    where = f"127.0.0.1:3306/{password_user.database}"
    assert window.windowTitle() == f"guiapp — mysql+pymysql://{PW_USER}:***@{where}"
    assert window.url_label.text().endswith(f"{PW_USER}:***@{where}")
    assert "pool" in window.pool_label.text()
    run_in_console(window, qtbot, "SELECT 1")
    logged = " ".join(" ".join(e) for e in window.signals_view.model.events)
    assert f"{PW_USER}:***@" in logged
    assert "Tr0ub4dor" not in logged
    from guiapp.qt.settings import settings
    assert "Tr0ub4dor" not in str([settings().value(k) for k in settings().allKeys()])


def test_create_all_button_fills_the_tree_and_the_models_panel(window, qtbot, dialogs) -> None:
    panel = window.models
    qtbot.waitUntil(lambda: panel.states() != {}, timeout=10000)
    assert set(panel.states().values()) == {"missing"}
    dialogs.answer("Create")
    qtbot.mouseClick(panel.buttons["create_all"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: {"users", "books", "persons", "hobbies", "person_hobby"} <= tree_names(window),
                    timeout=10000)
    qtbot.waitUntil(lambda: set(panel.states().values()) == {"present"}, timeout=10000)
    assert "table-created" in window.signals_view.names()


def test_drop_asks_naming_rows_then_the_table_is_gone(window, db, models, qtbot, dialogs) -> None:
    create_models(db, models, ["users"])
    with db.begin() as conn:
        conn.exec_driver_sql("INSERT INTO users (id, name) VALUES (1, 'a'), (2, 'b')")
    trigger(window, "View ▸ Refresh schema")
    panel = window.models
    trigger(window, "Models ▸ Refresh states")
    qtbot.waitUntil(lambda: panel.states().get("users") == "present", timeout=10000)
    qtbot.waitUntil(lambda: "users" in tree_names(window), timeout=10000)
    item = next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                if panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "users")
    panel.tree.setCurrentItem(item)
    assert panel.buttons["drop"].isEnabled()
    dialogs.answer("Cancel")
    qtbot.mouseClick(panel.buttons["drop"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialogs.seen) == 1 and panel.buttons["drop"].isEnabled(), timeout=10000)
    assert "users" in db_tables(db)  # Cancel: nothing dropped
    dialogs.answer("Drop")
    qtbot.mouseClick(panel.buttons["drop"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "users" not in tree_names(window), timeout=10000)
    assert [s.answer for s in dialogs.seen] == ["Cancel", "Drop"]
    assert all(s.text.startswith(f"Drop users (2 rows) from {db.display}?") for s in dialogs.seen)
    assert "users" not in db_tables(db)
    qtbot.waitUntil(lambda: panel.states().get("users") == "missing", timeout=10000)


def test_a_blocked_drop_says_why_and_the_window_stays_usable(window, db, models, qtbot, dialogs) -> None:
    create_models(db, models)
    panel = window.models
    trigger(window, "Models ▸ Refresh states")
    qtbot.waitUntil(lambda: panel.states().get("users") == "present", timeout=10000)
    item = next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                if panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == "users")
    panel.tree.setCurrentItem(item)
    qtbot.mouseClick(panel.buttons["drop"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.error.isVisible(), timeout=10000)
    assert "Cannot drop users: books has a foreign key to it" in panel.error.text()
    assert dialogs.seen == []  # blocked before asking
    assert catalog_for(db).exists("users")
    assert panel.buttons["drop_all"].isEnabled()


def test_console_query_shows_rows_in_a_grid(window, db, models, qtbot) -> None:
    create_models(db, models, ["users"])
    with db.begin() as conn:
        conn.exec_driver_sql("INSERT INTO users (id, name, email) VALUES (1, 'Ada', 'a@x'), (2, 'Alan', NULL)")
    console = run_in_console(window, qtbot, "SELECT id, name, email FROM users ORDER BY id")
    assert result_rows(console) == [(1, "Ada", "a@x"), (2, "Alan", None)]
    model = console.results.widget(1).findChild(QTableView, "resultGrid").model()
    assert model.columns == ["id", "name", "email"]
    assert model.data(model.index(1, 2)) == "NULL"
    assert "Statement 1 (line 1): 2 rows" in console.messages.toPlainText()


def test_create_table_typed_in_the_console_reaches_the_tree_by_signal(window, qtbot) -> None:
    console = run_in_console(window, qtbot, "CREATE TABLE console_made (id INTEGER PRIMARY KEY, note TEXT)")
    if console.in_transaction:  # transactional DDL: real (and announced) once committed
        assert "console_made" not in tree_names(window)
        trigger(window, "Query ▸ Commit")
    qtbot.waitUntil(lambda: "console_made" in tree_names(window), timeout=10000)
    assert "table-created" in window.signals_view.names()
    assert "1 row" not in console.messages.toPlainText()


def test_a_bad_statement_shows_its_error_line_and_the_console_stays_usable(window, qtbot) -> None:
    console = run_in_console(window, qtbot, "SELECT 1;\n\nSELECT * FROM no_such_table")
    text = console.messages.toPlainText()
    assert "Error at line 3:" in text and "no_such_table" in text
    assert console.editor.extraSelections()  # the line is marked
    assert console.run_all_action.isEnabled()
    console = run_in_console(window, qtbot, "SELECT 7 AS seven")
    assert result_rows(console) == [(7,)]


def test_explicit_transaction_commit_and_rollback(window, db, qtbot) -> None:
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE tx_test (a INTEGER)")
    console = run_in_console(window, qtbot, "INSERT INTO tx_test VALUES (1)")
    assert console.in_transaction and console.commit_action.isEnabled()
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM tx_test").scalar() == 0
    console.rollback_action.trigger()
    qtbot.waitUntil(lambda: not console.busy and not console.in_transaction, timeout=10000)
    console = run_in_console(window, qtbot, "INSERT INTO tx_test VALUES (2)")
    trigger(window, "Query ▸ Commit")
    qtbot.waitUntil(lambda: not console.busy and not console.in_transaction, timeout=10000)
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT a FROM tx_test").fetchall() == [(2,)]


def test_stop_cancels_a_long_query_and_the_console_works_after(window, db, qtbot) -> None:
    sql = {"mysql": "SELECT SLEEP(10)", "postgresql": "SELECT pg_sleep(10)"}.get(
        db.dialect, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
    console = window.current_console()
    console.editor.setPlainText(sql)
    with qtbot.waitSignal(window.workspace.bridge.queryStarted, timeout=10000):
        qtbot.keyClick(console.editor, Qt.Key.Key_F9)
    qtbot.keyClick(console.editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: "Query cancelled." in console.messages.toPlainText(), timeout=10000)
    qtbot.waitUntil(lambda: not console.busy, timeout=5000)
    console = run_in_console(window, qtbot, "SELECT 5")
    assert result_rows(console) == [(5,)]


def test_table_tab_shows_structure_and_ddl(window, db, models, qtbot) -> None:
    create_models(db, models, ["users", "books"])
    trigger(window, "View ▸ Refresh schema")
    qtbot.waitUntil(lambda: "books" in tree_names(window), timeout=10000)
    page = open_table(window, qtbot, "books")
    qtbot.waitUntil(lambda: page.data_tab is not None and "CREATE TABLE" in page.ddl.toPlainText().upper(),
                    timeout=10000)
    columns = page.structure.tables["Columns"]
    assert [columns.item(r, 0).text() for r in range(columns.rowCount())] == ["id", "title", "user_id", "summary"]
    fks = page.structure.tables["Foreign keys"]
    assert fks.rowCount() == 1 and fks.item(0, 2).text() == "users(id)"


def test_schema_tree_expands_lazily_and_filters(window, db, models, qtbot) -> None:
    create_models(db, models, ["users", "books"])
    trigger(window, "View ▸ Refresh schema")
    qtbot.waitUntil(lambda: "users" in tree_names(window), timeout=10000)
    users = window.schema.item_for("users")
    folder = users.parent()
    assert users.child(0).text(0) == "loading…"
    window.schema.tree.expandItem(users)
    qtbot.waitUntil(lambda: users.child(0).text(0) == "Columns", timeout=10000)
    sections = {users.child(i).text(0) for i in range(users.childCount())}
    assert {"Columns", "Indexes"} <= sections
    cols = users.child(0)
    assert "PK" in cols.child(0).text(1)
    qtbot.keyClicks(window.schema.filter, "boo")
    hidden = {folder.child(i).text(0): folder.child(i).isHidden() for i in range(folder.childCount())}
    assert hidden == {"books": False, "users": True}


def test_bad_url_at_start_shows_a_message_and_leaves_the_window_usable(open_window, qtbot) -> None:
    window = open_window("mysql+pymysql://root:Secr3tPass@127.0.0.1:1/test", connected=False)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10000)
    assert "Cannot reach the database server" in window.banner.text()
    assert "Secr3tPass" not in window.banner.text() + window.windowTitle() + window.url_label.text()
    assert window.isEnabled()


def test_console_text_survives_a_restart(open_window, sqlite_db, qtbot) -> None:
    url = sqlite_db.url.render_as_string()
    first = open_window(url)
    first.current_console().editor.setPlainText("SELECT 'keep me'")
    first.close()
    second = open_window(url)
    assert [c.editor.toPlainText() for c in second.consoles()] == ["SELECT 'keep me'"]


def test_without_a_display_guiapp_says_so_in_one_line(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["GUIAPP_DATA_DIR"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-m", "guiapp"], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display is available" in lines[0] and "guiapp tables" in lines[0]


def test_a_password_in_the_query_string_is_hidden_everywhere(open_window, password_user, qtbot) -> None:
    url = password_user.set(password=None).update_query_dict({"password": "Tr0ub4dor&3"})
    text = url.render_as_string(hide_password=False)
    window = open_window(text)
    run_in_console(window, qtbot, "SELECT 1")
    from guiapp.qt.settings import settings
    shown = " ".join([window.windowTitle(), window.url_label.text(), window.statusBar().currentMessage(),
                      " ".join(" ".join(e) for e in window.signals_view.model.events),
                      str([settings().value(k) for k in settings().allKeys()])])
    assert "password=***" in window.windowTitle()
    assert "Tr0ub4dor" not in shown and "4dor" not in shown


KILLED_WHILE_TYPING = """
import os, signal, sys
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication([])
from guiapp.app import build
from guiapp.qt.settings import settings
window = build(sys.argv[1], None)
window.show()
for _ in range(1000):
    if window.consoles():
        break
    QTest.qWait(10)
QTest.keyClicks(window.consoles()[0].editor, "SELECT 'typed, then the power went'")
for _ in range(1000):  # saved while typing: no close, no quit
    if "the power went" in str(settings().value("consoles/texts")):
        break
    QTest.qWait(10)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_console_text_survives_kill_9(open_window, sqlite_db, qtbot) -> None:
    url = sqlite_db.url.render_as_string()
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_TYPING, url], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60)
    assert killed.returncode == -9, killed.stderr
    window = open_window(url)
    assert [c.editor.toPlainText() for c in window.consoles()] == ["SELECT 'typed, then the power went'"]


def test_the_help_menu_shows_the_shortcuts_and_the_version(window, qtbot, dialogs) -> None:
    from guiapp import __version__
    dialogs.answer("OK", "OK")
    trigger(window, "Help ▸ Keyboard shortcuts")
    trigger(window, "Help ▸ About guiapp")
    qtbot.waitUntil(lambda: len(dialogs.seen) == 2, timeout=5000)
    shortcuts, about = dialogs.seen
    assert shortcuts.title == "Keyboard shortcuts" and "Ctrl+Shift+O" in shortcuts.text and "Ctrl+T" in shortcuts.text
    assert about.title == "About guiapp" and f"guiapp {__version__}" in about.text
