"""More work than the pool holds: the window says it is waiting, gives up after pool_timeout with a
message that names the pool, never freezes, and works again once a connection comes back."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from guiapp.core.connect.database import Database
from guiapp.core.data.sampledata import make_sample
from tests.helpers.gui import TickRecorder, open_table

pytestmark = pytest.mark.gui


def test_a_table_opened_while_every_connection_is_busy_waits_then_says_why(db: Database, open_window,
                                                                           qtbot) -> None:
    make_sample(db, "pool_rows", 500)
    window = open_window(db.url.render_as_string(hide_password=False),
                         pool={"pool_size": 1, "max_overflow": 0, "pool_timeout": 2})
    qtbot.waitUntil(lambda: "pool_rows" in window.schema.table_names(), timeout=10000)
    qtbot.waitUntil(lambda: window.workspace.db.pool_status().checked_out == 0, timeout=10000)
    held = window.workspace.db.engine.connect()  # another tab's long export, say: the only connection
    try:
        started = time.monotonic()
        recorder = TickRecorder(20)  # the window answers while the tab waits
        tab = open_table(window, qtbot, "pool_rows")
        qtbot.waitUntil(lambda: "Waiting for a connection" in window.statusBar().currentMessage(), timeout=5000)
        assert "pool size 1, overflow 0" in window.statusBar().currentMessage()

        def shown() -> str:
            if tab.data_tab is not None and tab.data_tab.error.isVisible():
                return tab.data_tab.error.text()
            return tab.banner.text() if tab.banner.isVisible() else ""
        qtbot.waitUntil(lambda: shown() != "", timeout=10000)
        recorder.stop()
        assert 2 <= time.monotonic() - started < 8
        assert len(recorder.ticks) > 20 and recorder.max_gap() < 0.5
        assert "Every pooled connection is in use (pool size 1, overflow 0)" in shown()
        assert "within 2 s" in shown()
    finally:
        held.close()
    if tab.data_tab is None:  # the structure could not be read: the tab offers to try again
        qtbot.mouseClick(tab.retry, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: tab.data_tab is not None, timeout=10000)
    else:
        reload = next(b for b in tab.data_tab.findChildren(QToolButton) if b.toolTip() == "Reload rows")
        qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.data_tab.model.row_values(0) is not None, timeout=10000)
    assert not tab.data_tab.error.isVisible() and not tab.banner.isVisible()
    qtbot.waitUntil(lambda: window.workspace.db.pool_status().checked_out == 0, timeout=10000)
