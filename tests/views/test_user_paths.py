"""What a new user does first, through keys, menus, buttons and dialogs, on the three backends.

Each test here covers a path a user found broken: it presses the keys or clicks
the button, answers each question both ways, and checks the database itself.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from guiapp.core.connect.database import Database
from guiapp.core.schema.ddl import create_models
from guiapp.core.schema.catalog import catalog_for
from tests.helpers.dialogs import choose_file, relaunch_asking_for_a_password
from tests.helpers.gui import focus, menu_action, open_table, result_rows, run_in_console, trigger

pytestmark = pytest.mark.gui


def db_tables(db: Database) -> set[str]:
    return {t.name for t in catalog_for(db).names(refresh=True)}


def models_item(panel, table: str):
    return next(panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())
                if panel.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == table)


def test_ctrl_t_and_the_menu_open_a_console_again_after_closing_it(window, qtbot) -> None:
    while window.consoles():
        window.tabs.setCurrentWidget(window.consoles()[0])
        qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert window.consoles() == []
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert len(window.consoles()) == 1 and window.current_console() is window.consoles()[0]
    assert window.current_console().editor.toPlainText() == ""
    trigger(window, "Query ▸ New console")
    assert len(window.consoles()) == 2
    console = run_in_console(window, qtbot, "SELECT 1 AS one")
    assert result_rows(console) == [(1,)]


def test_create_all_asks_naming_the_database_and_tables(window, db, qtbot, dialogs) -> None:
    panel = window.models
    qtbot.waitUntil(lambda: set(panel.states().values()) == {"missing"}, timeout=10000)
    dialogs.answer("Cancel")
    qtbot.mouseClick(panel.buttons["create_all"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialogs.seen) == 1 and panel.buttons["create_all"].isEnabled(), timeout=10000)
    question = dialogs.seen[0].text
    assert question.startswith(f"Create 5 tables hobbies, persons, users, books, person_hobby in {db.display}?")
    assert "users" not in db_tables(db)  # Cancel: nothing created
    dialogs.answer("Create")
    trigger(window, "Models ▸ Create all")
    qtbot.waitUntil(lambda: set(panel.states().values()) == {"present"}, timeout=10000)
    assert {"users", "books", "hobbies", "persons", "person_hobby"} <= db_tables(db)


def test_create_one_model_asks_too(window, db, qtbot, dialogs) -> None:
    panel = window.models
    qtbot.waitUntil(lambda: panel.states().get("users") == "missing", timeout=10000)
    panel.tree.setCurrentItem(models_item(panel, "users"))
    qtbot.mouseClick(panel.buttons["create"], Qt.MouseButton.LeftButton)  # no answer queued: Esc
    qtbot.waitUntil(lambda: len(dialogs.seen) == 1 and panel.buttons["create"].isEnabled(), timeout=10000)
    assert dialogs.seen[0].text.startswith(f"Create table users in {db.display}?")
    assert "users" not in db_tables(db)
    dialogs.answer("Create")
    qtbot.mouseClick(panel.buttons["create"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.states().get("users") == "present", timeout=10000)


def test_create_all_on_a_database_of_other_tables_warns(window, db, qtbot, dialogs) -> None:
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE someone_elses (id INTEGER PRIMARY KEY)")
    panel = window.models
    trigger(window, "Models ▸ Refresh states")
    qtbot.waitUntil(lambda: set(panel.states().values()) == {"missing"}, timeout=10000)
    qtbot.mouseClick(panel.buttons["create_all"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(dialogs.seen) == 1, timeout=10000)
    assert "holds other tables and none of these models" in dialogs.seen[0].text
    assert "users" not in db_tables(db)


def test_a_missing_sqlite_file_is_reported_and_created_only_when_asked(open_window, sqlite_db, tmp_path,
                                                                        qtbot, dialogs) -> None:
    window = open_window(sqlite_db.url.render_as_string())
    missing = tmp_path / "typo.sqlite3"
    said: list[str] = []

    def test_then_connect(dialog) -> None:
        dialog.url.setText(f"sqlite:///{missing}")
        qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "does not exist" in dialog.message.text(), timeout=10000)
        said.append(dialog.message.text())
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled(), timeout=10000)
        said.append(dialog.message.text())
        assert not missing.exists()
        dialog.create_new.setChecked(True)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    dialogs.answer(test_then_connect)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: str(missing) in window.windowTitle(), timeout=10000)
    assert missing.exists()
    assert all(f"The SQLite file {missing} does not exist" in text for text in said)


def test_a_bare_path_in_the_url_field_opens_that_file(open_window, sqlite_db, tmp_path, qtbot, dialogs) -> None:
    window = open_window(sqlite_db.url.render_as_string())
    other = Database(f"sqlite:///{tmp_path / 'other.db'}", create=True)
    other.open().engine.dispose()

    def type_path(dialog) -> None:
        dialog.url.setText(str(tmp_path / "other.db"))
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)

    dialogs.answer(type_path)
    trigger(window, "File ▸ Connect")
    qtbot.waitUntil(lambda: window.windowTitle().endswith("other.db"), timeout=10000)


def test_file_open_sqlite_file_uses_a_file_picker(open_window, sqlite_db, tmp_path, qtbot, dialogs) -> None:
    window = open_window(sqlite_db.url.render_as_string())
    picked = tmp_path / "picked.sqlite3"
    Database(f"sqlite:///{picked}", create=True).open().engine.dispose()

    dialogs.answer(choose_file(str(picked)))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.windowTitle().endswith("picked.sqlite3"), timeout=10000)


def test_rollback_undoes_ddl_where_the_database_can_and_says_so_where_it_cannot(window, db, qtbot) -> None:
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE ledger (n INTEGER)")
    console = run_in_console(window, qtbot, "INSERT INTO ledger VALUES (1);\nCREATE TABLE scratch (a INTEGER)")
    if db.backend.transactional_ddl:  # SQLite, PostgreSQL
        assert console.in_transaction and console.rollback_action.isEnabled()
        console.rollback_action.trigger()
        qtbot.waitUntil(lambda: not console.busy and not console.in_transaction, timeout=10000)
        assert "Rollback done." in console.messages.toPlainText()
        assert "scratch" not in db_tables(db)
        with db.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM ledger").scalar() == 0
    else:  # MariaDB committed the INSERT and the CREATE at once: say so, offer no Rollback
        text = console.messages.toPlainText()
        assert "CREATE commits the open transaction at once on mysql" in text
        assert not console.in_transaction and not console.rollback_action.isEnabled()
        assert "scratch" in db_tables(db)
        qtbot.waitUntil(lambda: "scratch" in window.schema.table_names(), timeout=10000)


@pytest.mark.parametrize("typed, rows", [("COMMIT", 1), ("ROLLBACK", 0)])
def test_commit_or_rollback_typed_in_the_console_ends_the_transaction(window, db, qtbot, typed: str,
                                                                        rows: int) -> None:
    """Typed, as a user used to other tools would, instead of pressing Commit or Rollback."""
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE typed_end (n INTEGER)")
    console = run_in_console(window, qtbot, "INSERT INTO typed_end VALUES (1)")
    assert console.in_transaction and console.commit_action.isEnabled()
    run_in_console(window, qtbot, typed)
    assert not console.in_transaction
    assert not console.commit_action.isEnabled() and not console.rollback_action.isEnabled()
    assert console.autocommit.isEnabled()
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM typed_end").scalar() == rows
    run_in_console(window, qtbot, "INSERT INTO typed_end VALUES (2)")
    assert console.in_transaction  # the next change opens a transaction again, Commit offered


def test_typed_filters_work_on_every_backend(window, db, qtbot) -> None:
    from guiapp.core.data.sampledata import make_sample
    make_sample(db, "scores", 300)
    trigger(window, "View ▸ Refresh schema")
    page = open_table(window, qtbot, "scores")
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.total == (300, True), timeout=10000)
    qtbot.keyClicks(page.data_tab.filters.edits[0], ">= 291")
    qtbot.waitUntil(lambda: page.data_tab.model.total == (10, True), timeout=10000)
    assert not page.data_tab.error.isVisible()
    page.data_tab.filters.edits[0].clear()
    qtbot.keyClicks(page.data_tab.filters.edits[0], ">= ten")
    qtbot.waitUntil(lambda: page.data_tab.error.isVisible(), timeout=10000)
    assert page.data_tab.error.text() == "Filter on id: 'ten' is not a whole number."


def test_explain_and_show_run_in_the_console(window, db, qtbot) -> None:
    console = run_in_console(window, qtbot, "EXPLAIN SELECT 1")
    assert "Error" not in console.messages.toPlainText() and result_rows(console)
    if db.dialect != "sqlite":
        show = "SHOW server_version" if db.dialect == "postgresql" else "SHOW VARIABLES LIKE 'version'"
        console = run_in_console(window, qtbot, show)
        assert "Error" not in console.messages.toPlainText() and result_rows(console)


def test_ctrl_end_in_a_result_fetches_to_the_last_row(window, db, qtbot) -> None:
    from guiapp.core.data.sampledata import make_sample
    make_sample(db, "many", 25_000)
    console = run_in_console(window, qtbot, "SELECT id FROM many ORDER BY id")
    view = console.results.widget(1).findChild(QTableView, "resultGrid")
    console.results.setCurrentIndex(1)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.model().rowCount() == 25_000 and not view.model().more, timeout=30000)
    qtbot.waitUntil(lambda: view.currentIndex().row() == 24_999, timeout=5000)
    assert "25,000 rows shown" in console.results.widget(1).findChildren(type(console.status))[0].text()


def test_the_row_box_follows_ctrl_end(window, db, qtbot) -> None:
    from guiapp.core.data.sampledata import make_sample
    make_sample(db, "rows_box", 1000)
    trigger(window, "View ▸ Refresh schema")
    page = open_table(window, qtbot, "rows_box")
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.total == (1000, True), timeout=10000)
    page.data_tab.view.setFocus()
    qtbot.keyClick(page.data_tab.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.data_tab.goto.value() == 1000, timeout=10000)


def test_one_row_is_one_row(window, qtbot) -> None:
    console = run_in_console(window, qtbot, "SELECT 1 AS one")
    labels = [w.text() for w in console.results.widget(1).findChildren(type(console.status))]
    assert "1 row shown" in labels


def test_decimals_align_right_on_every_backend(window, db, qtbot) -> None:
    console = run_in_console(window, qtbot, "SELECT CAST(1.50 AS DECIMAL(10,2)) AS price, 'x' AS label")
    model = console.results.widget(1).findChild(QTableView, "resultGrid").model()
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) == right.value
    assert model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) is None


def test_a_failed_connect_at_start_never_leaves_models_loading(open_window, qtbot) -> None:
    window = open_window("mysql+pymysql://root@127.0.0.1:1/test", connected=False)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: "loading" not in window.models.source.text(), timeout=10000)
    assert "connect" in window.models.source.text().lower()


def test_a_relaunch_reopens_the_last_database(open_window, sqlite_db, qtbot) -> None:
    first = open_window(sqlite_db.url.render_as_string())
    first.close()
    second = open_window(None)  # no --url: what was open last, not the demo
    assert second.workspace.db.display == sqlite_db.display


def test_a_relaunch_asks_for_the_password_of_the_last_server(open_window, sqlite_db, server_db, qtbot,
                                                              dialogs) -> None:
    from guiapp.qt.settings import remember_last
    url = server_db.url.set(password="not-stored").render_as_string(hide_password=False)
    remember_last(url, had_password=True)
    window, asked = relaunch_asking_for_a_password(dialogs, open_window, qtbot)
    assert asked == server_db.url.render_as_string(hide_password=False)
    assert "not-stored" not in asked
    assert window.workspace.db is None


def test_an_old_error_leaves_the_status_bar_on_the_next_connect(open_window, sqlite_db, qtbot) -> None:
    window = open_window("mysql+pymysql://root@127.0.0.1:1/test", connected=False)
    qtbot.waitUntil(lambda: "Cannot reach" in window.statusBar().currentMessage(), timeout=10000)
    window.workspace.open_url(sqlite_db.url.render_as_string())
    qtbot.waitUntil(lambda: window.workspace.db is not None, timeout=10000)
    assert "Cannot reach" not in window.statusBar().currentMessage()
    assert not window.banner.isVisible()


@pytest.mark.parametrize("answer, kept", [("Cancel", True), ("Commit", False), ("Discard", False)])
def test_closing_with_an_open_transaction_asks_commit_roll_back_or_cancel(open_window, db, qtbot, dialogs,
                                                                          answer: str, kept: bool) -> None:
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE pending (n INTEGER)")
    window = open_window(db.url.render_as_string(hide_password=False))
    console = run_in_console(window, qtbot, "INSERT INTO pending VALUES (7)")
    assert console.in_transaction
    dialogs.answer(answer)
    qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert "open transaction with uncommitted changes" in dialogs.seen[-1].text
    assert (console in window.consoles()) == kept
    if not kept:
        console.wait_closed(10)
    with db.connect() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM pending").scalar()
    assert count == (1 if answer == "Commit" else 0)
    if kept:
        trigger(window, "Query ▸ Rollback")
        qtbot.waitUntil(lambda: not console.in_transaction, timeout=10000)


def test_every_action_of_a_connected_window_runs_without_error(window, db, models, qtbot, dialogs) -> None:
    """Walk every menu action, the console toolbar and the tree's context menu, as a user clicking
    each in turn: no exception (pytest-qt fails the test on any), no dialog left open."""
    create_models(db, models, ["users", "books"])
    trigger(window, "View ▸ Refresh schema")
    open_table(window, qtbot, "users")
    skip = {"Quit"}
    walked: list[str] = []

    def settle() -> None:
        qtbot.waitUntil(lambda: not window.workspace.tasks.busy
                        and not any(c.busy for c in window.consoles()), timeout=20000)
        assert QApplication.activeModalWidget() is None

    for top in window.menuBar().actions():
        for action in top.menu().actions():
            name = action.text().replace("&", "").replace("…", "")
            if action.isSeparator() or name in skip or not action.isEnabled():
                continue
            if window.current_console() is None and top.text().replace("&", "") == "Query":
                qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
            action.trigger()
            walked.append(f"{top.text()} ▸ {name}")
            settle()
    if window.current_console() is None:
        focus(window, qtbot)  # the last dialog (About) closed: no window is active offscreen
        qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    console = window.current_console()
    for action in console.toolbar.actions():
        if action.isEnabled() and action.text():
            action.trigger()
            walked.append(f"console ▸ {action.text()}")
            settle()
    trigger(window, "View ▸ Refresh schema")
    qtbot.waitUntil(lambda: window.schema.item_for("books") is not None, timeout=10000)
    menu = window.schema.context_menu_for(window.schema.item_for("books"))
    for action in menu.actions():
        if not action.isSeparator():
            action.trigger()
            walked.append(f"tree ▸ {action.text()}")
            settle()
    assert len(walked) >= 25, walked
    assert "books" in db_tables(db)  # every destructive question was answered No
    menu_action(window, "File ▸ Quit").trigger()
    assert not window.isVisible()


def test_postgresql_schemas_besides_public_show_and_open(open_window, postgresql_db, qtbot) -> None:
    with postgresql_db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("DROP SCHEMA IF EXISTS guiapp_extra CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA guiapp_extra")
        conn.exec_driver_sql("CREATE TABLE guiapp_extra.things (id INTEGER PRIMARY KEY, label TEXT)")
        conn.exec_driver_sql("INSERT INTO guiapp_extra.things SELECT g, 'thing ' || g FROM generate_series(1, 42) g")
    try:
        window = open_window(postgresql_db.url.render_as_string(hide_password=False))
        qtbot.waitUntil(lambda: "guiapp_extra.things" in window.schema.table_names(), timeout=10000)
        folder = window.schema.item_for("guiapp_extra.things").parent()
        assert folder.text(0) == "Schema guiapp_extra (1)"
        page = open_table(window, qtbot, "guiapp_extra.things")
        qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.total == (42, True),
                        timeout=10000)
        assert page.data_tab.model.row_values(0) == (1, "thing 1")
        assert "guiapp_extra" in page.ddl.toPlainText()
    finally:
        with postgresql_db.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "DROP SCHEMA guiapp_extra CASCADE")


def test_closing_a_keyless_tab_after_ctrl_end_gives_every_connection_back(window, db, qtbot) -> None:
    from guiapp.core.data.sampledata import make_sample
    make_sample(db, "heap_base", 30_000)
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE VIEW heap_view AS SELECT id, name FROM heap_base")
    try:
        trigger(window, "View ▸ Refresh schema")
        for _ in range(3):
            page = open_table(window, qtbot, "heap_view")
            qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.rowCount() > 0,
                            timeout=10000)
            page.data_tab.view.setFocus()
            qtbot.keyClick(page.data_tab.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClick(window, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
            qtbot.waitUntil(lambda: window.workspace.db.pool_status().checked_out == 0, timeout=15000)
    finally:
        with db.begin() as conn:
            conn.exec_driver_sql("DROP VIEW heap_view")


def test_drop_table_from_the_tree_asks_and_obeys_both_answers(window, db, qtbot, dialogs) -> None:
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE doomed (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("INSERT INTO doomed VALUES (1), (2), (3)")
    trigger(window, "View ▸ Refresh schema")
    qtbot.waitUntil(lambda: window.schema.item_for("doomed") is not None, timeout=10000)

    def drop_action():
        menu = window.schema.context_menu_for(window.schema.item_for("doomed"))
        return next(a for a in menu.actions() if a.text().startswith("Drop table doomed"))

    dialogs.answer("Cancel")
    drop_action().trigger()
    qtbot.waitUntil(lambda: len(dialogs.seen) == 1 and not window.workspace.tasks.busy, timeout=10000)
    assert dialogs.seen[0].text.startswith(f"Drop doomed (3 rows) from {db.display}?")
    assert "doomed" in db_tables(db)
    dialogs.answer("Drop")
    drop_action().trigger()
    qtbot.waitUntil(lambda: "doomed" not in window.schema.table_names(), timeout=10000)
    assert "doomed" not in db_tables(db)


@pytest.mark.parametrize("sql, named", [("DROP TABLE precious", "DROP TABLE precious"),
                                        ("DELETE FROM precious", "DELETE every row of precious"),
                                        ("UPDATE precious SET n = 0", "UPDATE every row of precious"),
                                        ("TRUNCATE TABLE precious", "TRUNCATE precious")])
def test_destructive_statements_in_the_console_ask_first(window, db, qtbot, dialogs, sql: str, named: str) -> None:
    if sql.startswith("TRUNCATE") and db.dialect == "sqlite":
        sql = "DELETE FROM precious"  # SQLite has no TRUNCATE
        named = "DELETE every row of precious"
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE precious (n INTEGER)")
        conn.exec_driver_sql("INSERT INTO precious VALUES (1), (2)")
    console = window.current_console()
    console.editor.setPlainText(sql)
    dialogs.answer("Cancel")
    qtbot.keyClick(console.editor, Qt.Key.Key_F9)
    assert named in dialogs.seen[-1].text and db.display in dialogs.seen[-1].text
    assert "not confirmed" in console.status.text()
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM precious WHERE n > 0").scalar() == 2
    dialogs.answer("Run")
    focus(window, qtbot)  # the question took the focus; the user is back in the window
    qtbot.keyClick(console.editor, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: not console.busy and "Statement 1" in console.messages.toPlainText(), timeout=10000)
    assert "Error" not in console.messages.toPlainText()
    console.editor.setPlainText("DELETE FROM precious WHERE n = 99")  # a WHERE: no question
    focus(window, qtbot)
    qtbot.keyClick(console.editor, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: not console.busy, timeout=10000)
    assert len(dialogs.seen) == 2


def test_drop_all_asks_naming_every_table_and_obeys_both_answers(window, db, models, qtbot, dialogs) -> None:
    create_models(db, models)
    panel = window.models
    trigger(window, "Models ▸ Refresh states")
    qtbot.waitUntil(lambda: set(panel.states().values()) == {"present"}, timeout=10000)
    dialogs.answer("Cancel")
    trigger(window, "Models ▸ Drop all")
    qtbot.waitUntil(lambda: len(dialogs.seen) == 1 and panel.buttons["drop_all"].isEnabled(), timeout=10000)
    for table in ("users (0 rows)", "books (0 rows)", "persons (0 rows)", "hobbies (0 rows)", "person_hobby (0 rows)"):
        assert table in dialogs.seen[0].text
    assert {"users", "books"} <= db_tables(db)
    dialogs.answer("Drop")
    qtbot.mouseClick(panel.buttons["drop_all"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: set(panel.states().values()) == {"missing"}, timeout=10000)
    assert not {"users", "books", "persons", "hobbies", "person_hobby"} & db_tables(db)


@pytest.mark.parametrize("answer, closed, rows", [("Cancel", False, 0), ("Discard", True, 0), ("Commit", True, 1)])
def test_quitting_with_an_open_transaction_asks(open_window, db, qtbot, dialogs, answer: str, closed: bool,
                                                rows: int) -> None:
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE on_quit (n INTEGER)")
    window = open_window(db.url.render_as_string(hide_password=False))
    console = run_in_console(window, qtbot, "INSERT INTO on_quit VALUES (1)")
    dialogs.answer(answer)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert "Console 1 has an open transaction" in dialogs.seen[-1].text
    assert window.isVisible() == (not closed)
    if closed:
        window.wait_for_consoles(10)
    else:
        assert console.in_transaction
        trigger(window, "Query ▸ Rollback")
        qtbot.waitUntil(lambda: not console.in_transaction, timeout=10000)
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM on_quit").scalar() == rows


def test_an_unwritable_sqlite_file_opens_read_only_and_says_why(open_window, tmp_path, unwritable, qtbot) -> None:
    import sqlite3
    path = tmp_path / "shipped.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE shipped (n INTEGER)")
    conn.commit()
    conn.close()
    unwritable(path)
    window = open_window(f"sqlite:///{path}")
    assert window.windowTitle().endswith("(read-only)")
    assert window.statusBar().currentMessage() == (f"Connected to sqlite:///{path}. Opened read-only: the file {path} "
                                                   "cannot be written.")
    console = run_in_console(window, qtbot, "INSERT INTO shipped VALUES (1)")
    assert "Opened read-only" in console.messages.toPlainText()
    assert not console.in_transaction


def _models_refused(window, qtbot, dialogs, db_tables) -> None:
    """Create / Drop are disabled and say why; the Models menu says the same and asks nothing."""
    panel = window.models
    qtbot.waitUntil(lambda: panel.tree.topLevelItemCount() > 0, timeout=10000)
    for key in ("create", "drop", "create_all", "drop_all"):
        assert not panel.buttons[key].isEnabled()
        assert "Models cannot be created or dropped" in panel.buttons[key].toolTip()
    before = db_tables()
    for path in ("Models ▸ Create all", "Models ▸ Drop all…"):
        trigger(window, path)
        qtbot.waitUntil(lambda: panel.error.isVisible(), timeout=5000)
        assert "read-only" in panel.error.text() and "Models cannot be created or dropped" in panel.error.text()
    assert dialogs.seen == [] and db_tables() == before


def test_models_cannot_be_created_on_a_file_opened_read_only(open_window, tmp_path, unwritable, qtbot,
                                                             dialogs) -> None:
    import sqlite3
    path = tmp_path / "shipped.sqlite3"
    sqlite3.connect(path).close()
    unwritable(path)
    window = open_window(f"sqlite:///{path}")
    _models_refused(window, qtbot, dialogs, lambda: catalog_for(window.workspace.db).names(refresh=True))
    assert "cannot be written" in window.models.buttons["create_all"].toolTip()


def test_models_cannot_be_created_on_a_connection_opened_read_only(open_window, db: Database, qtbot,
                                                                   dialogs) -> None:
    window = open_window(db.url.render_as_string(hide_password=False), pool={"read_only": True})
    _models_refused(window, qtbot, dialogs, lambda: catalog_for(db).names(refresh=True))
    assert window.models.buttons["create_all"].toolTip().startswith("The connection is read-only.")
