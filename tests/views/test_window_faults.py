"""The window when its server dies or stops answering: a message where the user looks, a window that
keeps answering, and the next action working once the server is back, without a restart."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from guiapp.core.connect.database import Database, PoolOptions
from guiapp.core.data.sampledata import make_sample
from tests.helpers.gui import TickRecorder, focus, open_table, result_rows, run_in_console

pytestmark = pytest.mark.gui
SLEEP = {"mysql": "SELECT SLEEP(30)", "postgresql": "SELECT pg_sleep(30)"}


def _responsive(qtbot, seconds: float) -> None:
    """The event loop keeps turning: ten timer ticks arrive within ``seconds``."""
    recorder = TickRecorder(10)
    qtbot.waitUntil(lambda: len(recorder.ticks) >= 10, timeout=int(seconds * 1000))
    recorder.stop()


def test_a_server_dying_under_a_console_query_says_so_and_the_console_goes_on(private_server, open_window,
                                                                              qtbot) -> None:
    window = open_window(private_server.url)
    console = run_in_console(window, qtbot, "SELECT 1")
    console.editor.setPlainText(SLEEP[private_server.kind])
    focus(window, qtbot)
    console.editor.setFocus()
    qtbot.keyClick(console.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: console.busy, timeout=5000)
    qtbot.waitUntil(private_server.busy, timeout=10000)
    private_server.stop()
    qtbot.waitUntil(lambda: not console.busy, timeout=15000)
    assert "connection was lost" in console.messages.toPlainText()
    _responsive(qtbot, 2)

    private_server.start()
    console = run_in_console(window, qtbot, "SELECT 42 AS answer")
    assert result_rows(console) == [(42,)]
    assert console.editor.toPlainText() == "SELECT 42 AS answer"  # what was typed is still there


def test_stop_on_a_frozen_server_returns_the_console(private_server, open_window, qtbot) -> None:
    window = open_window(private_server.url + "?connect_timeout=2")
    console = run_in_console(window, qtbot, "SELECT 1")
    console.editor.setPlainText(SLEEP[private_server.kind])
    console.editor.setFocus()
    qtbot.keyClick(console.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: console.busy, timeout=5000)
    # The statement has reached the server (a Stop before that is tested in the core).
    qtbot.waitUntil(private_server.busy, timeout=10000)
    private_server.freeze()
    started = time.monotonic()
    stop = next(b for b in console.findChildren(QToolButton) if b.defaultAction() is console.stop_action)
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not console.busy, timeout=20000)
    assert time.monotonic() - started < 15
    assert "Stopped by closing the connection" in console.messages.toPlainText()
    private_server.thaw()
    console = run_in_console(window, qtbot, "SELECT 7 AS n")
    assert result_rows(console) == [(7,)]


def test_scrolling_a_table_while_the_server_is_down_shows_a_message_and_works_when_it_is_back(
        private_server, open_window, qtbot) -> None:
    db = Database(private_server.url, PoolOptions(connect_timeout=2)).open()
    make_sample(db, "rows_far_away", 50_000)
    db.dispose()
    window = open_window(private_server.url)
    tab = open_table(window, qtbot, "rows_far_away")
    qtbot.waitUntil(lambda: tab.data_tab is not None, timeout=10000)
    grid = tab.data_tab.model
    qtbot.waitUntil(lambda: grid.row_values(0) is not None, timeout=10000)

    private_server.stop()
    tab.data_tab.view.setFocus()
    qtbot.keyClick(tab.data_tab.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tab.data_tab.error.isVisible(), timeout=15000)
    assert "Cannot reach the database server" in tab.data_tab.error.text() or "lost" in tab.data_tab.error.text()
    _responsive(qtbot, 2)

    private_server.start()
    reload = next(b for b in tab.data_tab.findChildren(QToolButton) if b.toolTip() == "Reload rows")
    qtbot.mouseClick(reload, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: grid.rowCount() > 0, timeout=15000)
    qtbot.keyClick(tab.data_tab.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    last = grid.rowCount() - 1
    qtbot.waitUntil(lambda: grid.row_values(last) is not None, timeout=15000)
    assert not tab.data_tab.error.isVisible()
    assert QApplication.activeModalWidget() is None
