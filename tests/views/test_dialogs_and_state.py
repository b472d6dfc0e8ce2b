"""Connect dialog, restored layout and tabs, and streamed console results."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QTableView

from guiapp.core.connect.database import Database
from guiapp.core.schema.ddl import create_models
from guiapp.core.data.sampledata import make_sample
from tests.helpers.dialogs import choose_file
from tests.helpers.gui import open_table, run_in_console

pytestmark = pytest.mark.gui


def test_connect_dialog_reports_failures_in_the_dialog(open_window, sqlite_db: Database, qtbot) -> None:
    from guiapp.views.connectdialog import ConnectDialog
    window = open_window(sqlite_db.url.render_as_string())
    dialog = ConnectDialog(window.workspace, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.url, "mysql+pymysql://root@127.0.0.1:1/test")
    qtbot.keyClicks(dialog.url_password, "Hunter2!")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Cannot reach the database server" in dialog.message.text(), timeout=10000)
    assert "Hunter2" not in dialog.message.text()
    dialog.url.clear()
    qtbot.keyClicks(dialog.url, "not a url")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Bad database URL" in dialog.message.text(), timeout=10000)
    assert window.workspace.db is not None  # still connected to the first database


def test_connecting_remembers_the_url_without_its_password(open_window, sqlite_db, mysql_db, qtbot) -> None:
    from guiapp.views.connectdialog import ConnectDialog
    from guiapp.qt.settings import recent_urls
    window = open_window(sqlite_db.url.render_as_string())
    dialog = ConnectDialog(window.workspace, window)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(1)  # the fields
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(3306)
    dialog.user.setText("root")
    dialog.password.setText("")
    dialog.database.setText("test")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.workspace.db is not None and window.workspace.db.dialect == "mysql",
                    timeout=10000)
    from guiapp.core.backends.mysql import c_driver_installed
    # The form names no driver: the C driver when it is installed, PyMySQL otherwise.
    used = f"mysql+{'mysqldb' if c_driver_installed() else 'pymysql'}://root@127.0.0.1:3306/test"
    assert window.windowTitle().endswith(used)
    assert recent_urls()[0] == "mysql://root@127.0.0.1:3306/test"  # the driver is chosen again on each open
    from guiapp.qt.settings import without_password
    assert without_password("mysql+pymysql://u:S3cret@h/db") == "mysql+pymysql://u@h/db"


def test_open_tabs_and_geometry_come_back(open_window, sqlite_db, models, qtbot) -> None:
    create_models(sqlite_db, models, ["users"])
    url = sqlite_db.url.render_as_string()
    first = open_window(url)
    open_table(first, qtbot, "users")
    first.resize(761, 701)  # within the offscreen screen, which restoreGeometry clamps to
    first.close()
    second = open_window(url)
    qtbot.waitUntil(lambda: any(getattr(second.tabs.widget(i), "name", None) == "users"
                                for i in range(second.tabs.count())), timeout=10000)
    assert (second.width(), second.height()) == (761, 701)


def test_console_streams_a_big_result_and_caps_it(open_window, db, qtbot) -> None:
    make_sample(db, "stream_rows", 12_000)
    window = open_window(db.url.render_as_string(hide_password=False))
    console = run_in_console(window, qtbot, "SELECT * FROM stream_rows ORDER BY id")
    model = console.results.widget(1).findChild(QTableView, "resultGrid").model()
    qtbot.waitUntil(lambda: model.rowCount() >= 500, timeout=10000)
    assert model.rows[0][0] == 1 and model.more
    while model.canFetchMore(QModelIndex()):
        count = model.rowCount()
        model.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda c=count: model.rowCount() > c or not model.more, timeout=10000)
    assert model.rowCount() == 10_000 and model.more  # the cap: "Fetch more / Fetch all"
    model.raise_cap(None)
    while model.more:
        count = model.rowCount()
        if model.canFetchMore(QModelIndex()):
            model.fetchMore(QModelIndex())
        qtbot.waitUntil(lambda c=count: model.rowCount() > c or not model.more, timeout=10000)
    assert model.rowCount() == 12_000 and model.rows[-1][0] == 12_000


def test_export_from_a_table_tab_writes_the_file(open_window, db, qtbot, tmp_path, dialogs) -> None:
    make_sample(db, "export_tab", 3000)
    window = open_window(db.url.render_as_string(hide_password=False))
    target = tmp_path / "tab.csv"
    page = open_table(window, qtbot, "export_tab")
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.total == (3000, True),
                    timeout=10000)
    qtbot.keyClicks(page.data_tab.filters.edits[0], "<= 10")
    qtbot.waitUntil(lambda: page.data_tab.model.total == (10, True), timeout=10000)

    dialogs.answer(choose_file(str(target)))
    qtbot.mouseClick(page.data_tab.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: target.exists() or len(dialogs.seen) > 1, timeout=10000)
    assert target.exists(), dialogs.seen
    lines = target.read_text().splitlines()
    assert len(lines) == 11 and lines[1].startswith("1,")


def test_cancel_a_slow_grid_load(open_window, db, qtbot) -> None:
    slow = {"mysql": "SELECT SLEEP(20) AS s", "postgresql": "SELECT 1 AS s FROM pg_sleep(20)"}.get(
        db.dialect, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 500000000) "
                    "SELECT x FROM c ORDER BY x DESC")
    with db.begin() as conn:
        conn.exec_driver_sql(f"CREATE VIEW slow_view AS {slow}")
    try:
        window = open_window(db.url.render_as_string(hide_password=False))
        page = open_table(window, qtbot, "slow_view")
        qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.cancel.isVisible(), timeout=10000)
        qtbot.mouseClick(page.data_tab.cancel, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not page.data_tab.model.loading, timeout=5000)
        assert not page.data_tab.cancel.isVisible()
        assert not page.data_tab.error.isVisible()  # a cancel is not an error
        qtbot.waitUntil(lambda: not window.workspace.tasks.busy, timeout=5000)
        assert window.workspace.db.pool_status().checked_out == 0
        page.data_tab.model.close()
    finally:
        with db.begin() as conn:
            conn.exec_driver_sql("DROP VIEW slow_view")
