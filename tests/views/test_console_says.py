"""The console says what happened to a change: committed by the server, written by a function,
or nothing at all."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt

from guiapp.core.connect.database import Database
from tests.conftest import MYSQL_KINDS
from tests.helpers.gui import run_in_console, trigger



@pytest.fixture(params=MYSQL_KINDS)
def maria(request: pytest.FixtureRequest) -> Database:
    return request.getfixturevalue(f"{request.param}_db")




def _count(db: Database, table: str) -> int:
    with db.connect() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()


def _open(open_window, db: Database):
    return open_window(db.url.render_as_string(hide_password=False))


def test_after_set_autocommit_1_a_write_is_committed_and_rollback_is_not_offered(maria, open_window, qtbot,
                                                                                    dialogs) -> None:
    with maria.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE says_auto (n INTEGER)")
    window = _open(open_window, maria)
    run_in_console(window, qtbot, "SET autocommit=1")
    console = run_in_console(window, qtbot, "INSERT INTO says_auto VALUES (1)")
    assert "INSERT was committed at once: autocommit is on on the server" in console.messages.toPlainText()
    assert not console.in_transaction and not console.rollback_action.isEnabled()
    assert _count(maria, "says_auto") == 1
    trigger(window, "Query ▸ Close tab")
    assert dialogs.seen == []


def test_set_of_a_user_variable_opens_no_transaction(maria, open_window, qtbot, dialogs) -> None:
    window = _open(open_window, maria)
    console = run_in_console(window, qtbot, "SET @x = 1")
    assert not console.in_transaction
    assert "Transaction open" not in console.status.text()
    assert not console.commit_action.isEnabled() and not console.rollback_action.isEnabled()
    trigger(window, "Query ▸ Close tab")
    assert dialogs.seen == [] and window.consoles() == []


@pytest.mark.parametrize("button, kept", [("rollback", 0), ("commit", 1)])
def test_a_select_whose_function_writes_holds_the_change_for_commit(writing_function, open_window, qtbot,
                                                                    button: str, kept: int) -> None:
    db = writing_function
    window = _open(open_window, db)
    console = run_in_console(window, qtbot, "SELECT says_f()")
    assert "SELECT wrote (a function it calls changed data)" in console.messages.toPlainText()
    assert console.in_transaction and "Transaction open" in console.status.text()
    action = getattr(console, f"{button}_action")
    assert action.isEnabled()
    qtbot.mouseClick(console.toolbar.widgetForAction(action), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not console.busy and not console.in_transaction, timeout=10000)
    assert _count(db, "says_t") == kept


def test_closing_after_a_select_that_wrote_asks_and_rolls_back(writing_function, open_window, qtbot,
                                                               dialogs) -> None:
    db = writing_function
    window = _open(open_window, db)
    run_in_console(window, qtbot, "SELECT says_f()")
    dialogs.answer("Discard")
    trigger(window, "Query ▸ Close tab")
    assert len(dialogs.seen) == 1 and "Console" in dialogs.seen[0].text
    qtbot.waitUntil(lambda: window.consoles() == [], timeout=5000)
    window.wait_for_consoles(10)
    assert _count(db, "says_t") == 0


CAPPED = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 5000) SELECT n FROM r"


def test_a_result_the_server_says_may_be_incomplete_is_marked(maria, open_window, qtbot) -> None:
    from PySide6.QtWidgets import QLabel
    window = _open(open_window, maria)
    from PySide6.QtWidgets import QTableView
    console = run_in_console(window, qtbot, CAPPED)
    qtbot.waitUntil(lambda: console.results.count() == 2, timeout=10000)
    grid = console.results.widget(1).findChild(QTableView, "resultGrid")
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # read to the last row
    qtbot.waitUntil(lambda: grid.model().rowCount() == 1001, timeout=10000)
    qtbot.waitUntil(lambda: console.results.tabText(1) != "Result 1", timeout=10000)
    assert console.results.tabText(1) == "Result 1 ⚠"
    assert "max_recursive_iterations" in console.results.tabToolTip(1)
    label = console.results.widget(1).findChild(QLabel, "resultWarning")
    assert label.isVisible() and "may be incomplete" in label.text()
    plain = run_in_console(window, qtbot, "SELECT 1 AS one")
    qtbot.waitUntil(lambda: plain.results.count() == 2, timeout=10000)
    assert plain.results.tabText(1) == "Result 1"
    assert not plain.results.widget(1).findChild(QLabel, "resultWarning").isVisible()


def _query_menu(window) -> dict[str, bool]:
    from tests.helpers.gui import menu_action
    return {name: menu_action(window, f"Query ▸ {name}").isEnabled() for name in ("Stop", "Commit", "Rollback")}


def test_query_menu_offers_stop_commit_and_rollback_only_when_they_do_something(db, window, qtbot) -> None:
    from tests.helpers.gui import open_table
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE says_menu (n INTEGER)")
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.current_console() is not None, timeout=5000)
    assert _query_menu(window) == {"Stop": False, "Commit": False, "Rollback": False}
    console = run_in_console(window, qtbot, "INSERT INTO says_menu VALUES (1)")
    assert _query_menu(window) == {"Stop": False, "Commit": True, "Rollback": True}
    trigger(window, "Query ▸ Rollback")
    qtbot.waitUntil(lambda: not console.busy and not console.in_transaction, timeout=10000)
    assert _query_menu(window) == {"Stop": False, "Commit": False, "Rollback": False}
    sql = {"mysql": "SELECT SLEEP(10)", "postgresql": "SELECT pg_sleep(10)"}.get(
        db.dialect, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")
    console.editor.setPlainText(sql)
    with qtbot.waitSignal(window.workspace.bridge.queryStarted, timeout=10000):
        qtbot.keyClick(console.editor, Qt.Key.Key_F9)
    assert _query_menu(window)["Stop"]
    qtbot.keyClick(console.editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: "Query cancelled." in console.messages.toPlainText() and not console.busy,
                    timeout=10000)
    assert _query_menu(window) == {"Stop": False, "Commit": False, "Rollback": False}
    run_in_console(window, qtbot, "INSERT INTO says_menu VALUES (2)")
    assert _query_menu(window)["Commit"]
    open_table(window, qtbot, "says_menu")  # a table in front: the console's transaction is not its own
    assert _query_menu(window) == {"Stop": False, "Commit": False, "Rollback": False}
    window.tabs.setCurrentWidget(console)
    assert _query_menu(window)["Commit"]
    trigger(window, "Query ▸ Commit")
    qtbot.waitUntil(lambda: not console.busy and not console.in_transaction, timeout=10000)
    assert _count(db, "says_menu") == 1
