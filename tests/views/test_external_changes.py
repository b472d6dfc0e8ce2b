"""Changes made by another process reach the open window by themselves, announced with origin 'external';
guiapp's own changes are not announced twice. On the three backends."""

from __future__ import annotations

import pytest

from tests.helpers.gui import open_table, run_in_console

pytestmark = pytest.mark.gui


def _external(window) -> list[tuple[str, dict]]:
    seen: list[tuple[str, dict]] = []
    window.workspace.bridge.signalSent.connect(
        lambda name, _sender, kw: seen.append((name, kw)) if kw.get("origin") == "external" else None)
    return seen


def _watcher(window, qtbot):
    from guiapp.qt.schemawatch import SchemaWatcher
    qtbot.waitUntil(lambda: window.workspace.findChild(SchemaWatcher) is not None, timeout=10000)
    return window.workspace.findChild(SchemaWatcher)


def test_a_table_created_altered_and_dropped_elsewhere_reaches_the_window(window, db, qtbot) -> None:
    watcher = _watcher(window, qtbot)
    qtbot.waitUntil(lambda: watcher.looks >= 1, timeout=10000)
    seen = _external(window)
    with db.engine.begin() as conn:  # another process: the test's own engine, not the window's
        conn.exec_driver_sql("CREATE TABLE made_elsewhere (id INTEGER PRIMARY KEY, a INTEGER)")
    qtbot.waitUntil(lambda: "made_elsewhere" in window.schema.table_names(), timeout=8000)
    assert ("table-created", {"table": "made_elsewhere", "origin": "external"}) in seen
    page = open_table(window, qtbot, "made_elsewhere")
    qtbot.waitUntil(lambda: page.data_tab is not None, timeout=10000)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE made_elsewhere ADD COLUMN b INTEGER")
    qtbot.waitUntil(lambda: page.data_tab is not None
                    and [c.name for c in page.data_tab.info.columns] == ["id", "a", "b"], timeout=8000)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE made_elsewhere")
    qtbot.waitUntil(lambda: "made_elsewhere" not in window.schema.table_names(), timeout=8000)
    assert ("table-dropped", {"table": "made_elsewhere", "origin": "external"}) in seen
    assert page.banner.isVisible() and "was dropped" in page.banner.text()


def test_guiapps_own_changes_are_announced_once(window, db, qtbot) -> None:
    qtbot.waitUntil(lambda: window.schema is not None, timeout=10000)
    seen = _external(window)
    created: list[str] = []
    window.workspace.bridge.schemaNews.connect(
        lambda _db, change, tables, _origin: created.extend(tables) if change == "created" else None)
    console = run_in_console(window, qtbot, "CREATE TABLE made_here (id INTEGER PRIMARY KEY);\nCOMMIT;")
    assert "Error" not in console.messages.toPlainText()
    qtbot.waitUntil(lambda: "made_here" in window.schema.table_names(), timeout=8000)
    watcher = _watcher(window, qtbot)
    looked = watcher.looks
    qtbot.waitUntil(lambda: watcher.looks >= looked + 2, timeout=8000)  # it saw the version move
    assert created.count("made_here") == 1 and seen == []
