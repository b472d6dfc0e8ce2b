"""A commit that waits on another session: killed by the server it keeps every pending edit, says
why in one sentence, and a second Ctrl+S writes them; closing meanwhile waits for it, on every backend."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from tests.conftest import SERVERS
from tests.helpers.grids import CTRL, commit, people_rows, type_into
from tests.helpers.gui import focus

pytestmark = pytest.mark.gui


def _blocked_writer(db, conn):
    """The id of the session waiting on the row lock (the grid's commit), or None."""
    if db.dialect == "postgresql":
        return conn.exec_driver_sql(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
            "AND query LIKE 'UPDATE%%'").scalar()
    return conn.exec_driver_sql(
        "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE 'UPDATE%%' "
        "AND id <> CONNECTION_ID()").scalar()


@pytest.mark.parametrize("db", SERVERS, indirect=True)  # a SQLite file has no server to go away
def test_a_commit_killed_by_the_server_keeps_the_edits_and_can_be_sent_again(grid, db, qtbot) -> None:
    window, _page, tab = grid
    type_into(qtbot, tab, 0, 1, "Ada L.")
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
    type_into(qtbot, tab, 3, 1, "Edsger")
    holder = db.engine.connect()
    # autocommit: PostgreSQL keeps one pg_stat_activity snapshot for a whole transaction
    killer = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        tx = holder.begin()
        holder.exec_driver_sql("SELECT * FROM people WHERE id = 1 FOR UPDATE").all()
        focus(window, qtbot)
        tab.view.setFocus()
        qtbot.keyClick(tab.view, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda: _blocked_writer(db, killer) is not None, timeout=15000)
        victim = _blocked_writer(db, killer)
        killer.exec_driver_sql(f"SELECT pg_terminate_backend({victim})" if db.dialect == "postgresql"
                               else f"KILL {victim}")
        qtbot.waitUntil(lambda: not tab.model.saving, timeout=15000)
        tx.rollback()
    finally:
        holder.close()
        killer.close()
    assert tab.error.isVisible() and "Nothing was saved" in tab.error.text()
    assert "Traceback" not in tab.error.text() and "\n" not in tab.error.text().strip()
    assert tab.model.pending == "1 row edited, 1 new"
    assert people_rows(db) == [(1, "Ada", 36), (2, "Grace", 85), (3, "Linus", 20)]
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert people_rows(db) == [(1, "Ada L.", 36), (2, "Grace", 85), (3, "Linus", 20), (4, "Edsger", None)]


class _RowLock:
    """Another session holding a lock the grid's commit has to wait for, until ``release()``."""

    def __init__(self, db) -> None:
        if db.dialect == "sqlite":
            import sqlite3
            self.conn = sqlite3.connect(db.url.database, isolation_level=None)
            self.conn.execute("BEGIN IMMEDIATE")
            self.release = lambda: (self.conn.execute("ROLLBACK"), self.conn.close())
        else:
            self.conn = db.engine.connect()
            tx = self.conn.begin()
            self.conn.exec_driver_sql("SELECT * FROM people WHERE id = 1 FOR UPDATE").all()
            self.release = lambda: (tx.rollback(), self.conn.close())


@pytest.mark.parametrize("how", ["close tab", "close window"])
def test_closing_while_a_commit_runs_waits_for_it_and_never_says_discarded(grid, db, qtbot, dialogs, how) -> None:
    import shiboken6
    window, page, tab = grid
    type_into(qtbot, tab, 0, 1, "Ada L.")
    lock = _RowLock(db)
    try:
        focus(window, qtbot)
        tab.view.setFocus()
        qtbot.keyClick(tab.view, Qt.Key.Key_S, CTRL)
        assert tab.model.saving
        dialogs.answer("Discard")  # were the question asked, Discard would close over a write under way
        if how == "close tab":
            qtbot.keyClick(window, Qt.Key.Key_W, CTRL)
        else:
            window.close()
        assert not dialogs.seen  # nothing to answer: the edits are already being written
        assert window.isVisible() and shiboken6.isValid(page) and window.tabs.indexOf(page) >= 0
        assert "people is still committing" in window.statusBar().currentMessage()
    finally:
        lock.release()
    qtbot.waitUntil(lambda: not tab.model.saving, timeout=30000)
    assert not tab.error.isVisible(), tab.error.text()
    assert people_rows(db)[0] == (1, "Ada L.", 36)
    if how == "close tab":
        qtbot.keyClick(window, Qt.Key.Key_W, CTRL)  # now nothing is pending: it closes without asking
        qtbot.waitUntil(lambda: not shiboken6.isValid(page) or window.tabs.indexOf(page) == -1, timeout=5000)
    else:
        window.close()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert not dialogs.seen
