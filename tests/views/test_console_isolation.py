"""What a console sets in its session stays in that console: never in the grid, exports or another tab."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from guiapp.core.connect.database import Database
from guiapp.core.data.sampledata import make_sample
from sqlalchemy.engine import make_url
from tests.conftest import MYSQL_URL
from tests.helpers.gui import open_table, result_rows, run_in_console, trigger

pytestmark = pytest.mark.gui

# (statement that changes the session, probe, what the probe shows in a clean session)
SESSION_CHANGES = {
    "sqlite": [("PRAGMA foreign_keys=OFF", "PRAGMA foreign_keys", [(1,)])],
    "mysql": [("SET SESSION sql_select_limit=3", "SELECT @@SESSION.sql_select_limit > 1000", [(1,)]),
              ("USE information_schema", "SELECT DATABASE()", [(make_url(MYSQL_URL).database,)]),
              ("SET NAMES latin1", "SELECT @@character_set_client", [("utf8mb4",)]),
              ("SET SESSION max_statement_time=0.001", "SELECT @@max_statement_time", [(0.0,)]),
              ("SET SESSION TRANSACTION READ ONLY", "SELECT @@session.tx_read_only", [(0,)])],
    "postgresql": [("SET search_path TO pg_catalog", "SHOW search_path", [('"$user", public',)]),
                   ("SET default_transaction_read_only = on", "SHOW default_transaction_read_only", [("off",)]),
                   ("SET statement_timeout = 1", "SHOW statement_timeout", [("0",)])],
}


def test_session_settings_of_one_console_reach_no_one_else(window, db, qtbot) -> None:
    make_sample(db, "shared_rows", 500)
    first = run_in_console(window, qtbot, ";\n".join(change for change, _probe, _clean in SESSION_CHANGES[db.dialect]))
    assert "Error" not in first.messages.toPlainText(), first.messages.toPlainText()
    trigger(window, "View ▸ Refresh schema")
    page = open_table(window, qtbot, "shared_rows")  # the grid reads through the pool
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.total == (500, True), timeout=15000)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    for _change, probe, clean in SESSION_CHANGES[db.dialect]:
        second = run_in_console(window, qtbot, probe)
        assert result_rows(second) == clean, probe
    with db.connect() as conn:  # and every pooled connection is clean too
        for _change, probe, clean in SESSION_CHANGES[db.dialect]:
            assert [tuple(r) for r in conn.exec_driver_sql(probe).fetchall()] == clean, probe
