"""The window's start-up as a user sees it: a SQLite file's tables listed before the connection is made
(SQLAlchemy not even loaded), restored tabs filling in after, and a bad file still one clear message."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from PySide6.QtCore import QEvent, QObject

from tests.helpers.grids import people_table
from tests.helpers.gui import open_table

pytestmark = pytest.mark.gui

# Starts guiapp as `guiapp FILE` does, with SQLAlchemy held back until the tree lists the file's
# tables: they can only come from the early read. Then, as a user would, a click on a table before
# the connection is made; once connected, its tab opens. Prints what it saw, as JSON.
HELD_BACK = r"""
import json, os, sys, threading
hold = threading.Event()

class HoldSQLAlchemy:
    def find_spec(self, name, path=None, target=None):
        if name == "sqlalchemy":
            hold.wait(30)
        return None

sys.meta_path.insert(0, HoldSQLAlchemy())
from PySide6.QtCore import QTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication(["guiapp"])
seen = {}

def look():
    windows = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow"]
    if not windows:
        return
    window = windows[0]
    if "names" not in seen and window.schema is not None and window.schema.table_names():
        seen.update(names=window.schema.table_names(), title=window.windowTitle(),
                    connected=window.workspace.db is not None, sqlalchemy="sqlalchemy" in sys.modules,
                    click="click" in sys.modules)
        tree = window.schema.tree
        QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         tree.visualItemRect(window.schema.item_for("Track")).center())
        hold.set()
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    if "names" in seen and window.workspace.db is not None and "Track" in tabs:
        seen.update(tabs=tabs, connected_title=window.windowTitle())
        print(json.dumps(seen), flush=True)
        os._exit(0)

timer = QTimer(interval=5)
timer.timeout.connect(look)
timer.start()
QTimer.singleShot(60000, lambda: (print(json.dumps(seen), flush=True), os._exit(1)))
sys.argv = ["guiapp", sys.argv[1]]
from guiapp.launch import main
main()
"""


def test_a_sqlite_files_tables_are_listed_before_sqlalchemy_loads(tmp_path) -> None:
    path = tmp_path / "music.sqlite"
    raw = sqlite3.connect(path)
    raw.executescript("CREATE TABLE Track (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE Album (id INTEGER);"
                      "CREATE VIEW Longest AS SELECT * FROM Track; INSERT INTO Track VALUES (1, 'Intro');")
    raw.close()
    # As a user starts it: no GUIAPP_* option in the environment (the tests' server URLs are not options,
    # but the launcher leaves any such variable to the command line to read).
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUIAPP_TEST_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run([sys.executable, "-c", HELD_BACK, str(path)], capture_output=True, text=True, env=env,
                         timeout=120)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert out.returncode == 0, (seen, out.stderr[-2000:])
    assert seen["names"] == ["Album", "Track", "Longest"]
    assert not seen["connected"] and not seen["sqlalchemy"]
    assert not seen["click"]  # `guiapp FILE` opens the window without loading the command line
    assert seen["title"] == f"guiapp — sqlite:///{path}" == seen["connected_title"]  # no change when connected
    assert "Track" in seen["tabs"]  # clicked before the connection: opened once connected


def test_a_relaunch_lists_the_tables_first_and_then_restores_the_tabs(open_window, sqlite_db, qtbot) -> None:
    people_table(sqlite_db)
    url = sqlite_db.url.render_as_string()
    first = open_window(url)
    open_table(first, qtbot, "people")
    first.consoles()[0].editor.setPlainText("SELECT name FROM people")
    first.close()

    second = open_window(url, connected=False)  # shown, not yet painted: the event loop has not run
    seen: dict[str, object] = {}

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                seen.setdefault("tabs at the first paint", second.tabs.count())
            return False
    first_paint = FirstPaint()
    second.installEventFilter(first_paint)

    def tab_shown(_index: int) -> None:
        if getattr(second.tabs.currentWidget(), "name", None) == "people":
            seen.setdefault("tree when the table tab came", second.schema.table_names() if second.schema else [])
    second.tabs.currentChanged.connect(tab_shown)
    qtbot.waitUntil(lambda: "tree when the table tab came" in seen and bool(second.consoles()), timeout=15000)
    assert seen["tabs at the first paint"] == 0
    assert seen["tree when the table tab came"] == ["people"]
    assert [c.editor.toPlainText() for c in second.consoles()] == ["SELECT name FROM people"]


@pytest.mark.parametrize("content", [b"this is not a SQLite database " * 300, b"SQLite format 3\x00" + bytes(4000)])
def test_a_corrupt_file_is_one_clear_message_and_lists_nothing(open_window, tmp_path, qtbot, dialogs,
                                                                content: bytes) -> None:
    path = tmp_path / "broken.sqlite"
    path.write_bytes(content)
    window = open_window(f"sqlite:///{path}", connected=False)
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15000)
    assert "not a database" in window.banner.text() or "malformed" in window.banner.text()
    assert window.banner.text().count("Could not connect") == 1
    assert window.windowTitle() == "guiapp"
    assert window.schema is not None and window.schema.table_names() == []
    assert dialogs.seen == []  # no dialog, no traceback: the banner says it
    assert path.read_bytes() == content  # read, never repaired or rewritten


def test_a_locked_file_is_one_clear_message_then_opens_once_free(open_window, tmp_path, qtbot, dialogs) -> None:
    path = tmp_path / "busy.sqlite"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE jobs (id INTEGER PRIMARY KEY)")
    holder.execute("BEGIN EXCLUSIVE")  # another program writing, for as long as it likes
    try:
        window = open_window(f"sqlite:///{path}", connected=False, pool={"connect_timeout": 1})
        qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15000)
        assert "locked" in window.banner.text().lower()
        assert window.windowTitle() == "guiapp" and window.schema.table_names() == []
        assert dialogs.seen == []
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    window.workspace.open_url(f"sqlite:///{path}")  # File ▸ Open again, now that it is free
    qtbot.waitUntil(lambda: window.schema.table_names() == ["jobs"], timeout=15000)
    assert not window.banner.isVisible()
