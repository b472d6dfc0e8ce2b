"""A commit never writes over a change another session made since the grid read the row: compared
exactly (case, trailing spaces, floats, JSON), for updates and deletes, on the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.helpers.grids import CTRL, click_cell, commit, people_rows, type_into
from tests.helpers.gui import focus, open_table

pytestmark = pytest.mark.gui


def _meanwhile(db, sql: str) -> None:
    """Another session changes the table between the grid's read and Ctrl+S."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql(sql)


@pytest.mark.parametrize("theirs", ["ada", "Ada "])
def test_a_case_or_trailing_space_change_by_someone_else_is_not_overwritten(grid, db, qtbot, theirs) -> None:
    _window, _page, tab = grid
    type_into(qtbot, tab, 0, 1, "Mine")
    _meanwhile(db, f"UPDATE people SET name = '{theirs}' WHERE id = 1")
    commit(qtbot, tab)
    assert "Nothing was saved" in tab.error.text() and f"name is now {theirs!r}" in tab.error.text()
    assert people_rows(db)[0] == (1, theirs, 36)
    assert tab.model.pending == "1 row edited"


def test_deleting_a_row_someone_else_changed_meanwhile_is_refused(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    click_cell(qtbot, tab, 1, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)
    assert tab.model.pending == "1 to delete"
    _meanwhile(db, "UPDATE people SET age = 86 WHERE id = 2")
    commit(qtbot, tab)
    assert "Nothing was saved" in tab.error.text() and "id=2" in tab.error.text()
    assert "age is now 86" in tab.error.text()
    assert people_rows(db)[1] == (2, "Grace", 86)


def test_deleting_an_unchanged_row_still_works(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    click_cell(qtbot, tab, 1, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert [r[0] for r in people_rows(db)] == [1, 3]


_MEASURES = {
    "sqlite": "CREATE TABLE measures (id INTEGER PRIMARY KEY, f REAL, doc JSON)",
    "mysql": "CREATE TABLE measures (id INTEGER PRIMARY KEY, f FLOAT, doc JSON)",
    "postgresql": "CREATE TABLE measures (id INTEGER PRIMARY KEY, f REAL, doc JSONB)",
}


@pytest.fixture
def measures(db, open_window, qtbot):
    """measures(id, f single-precision float, doc JSON) with one row, open in its grid."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql(_MEASURES[db.dialect])
        conn.exec_driver_sql("""INSERT INTO measures VALUES (1, 0.1, '{"a": 1}'), (2, 2.5, '[1, 2]')""")
    window = open_window(db.url.render_as_string(hide_password=False))
    page = open_table(window, qtbot, "measures")
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.row_values(1) is not None,
                    timeout=10000)
    focus(window, qtbot)
    page.data_tab.view.setFocus()
    return page.data_tab


def _measures(db) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT id, f FROM measures ORDER BY id")]


def test_a_float_changed_by_someone_else_is_not_overwritten_and_an_unchanged_one_saves(measures, db, qtbot) -> None:
    tab = measures
    type_into(qtbot, tab, 0, 1, "0.3")
    type_into(qtbot, tab, 1, 1, "3.5")
    _meanwhile(db, "UPDATE measures SET f = 0.2 WHERE id = 1")
    commit(qtbot, tab)
    assert "Nothing was saved" in tab.error.text() and "id=1" in tab.error.text()
    assert "id=2" not in tab.error.text()  # 0.1 as read from a single-precision column is no conflict
    assert [round(f, 3) for _i, f in _measures(db)] == [0.2, 2.5]


def test_a_json_value_changed_by_someone_else_is_not_overwritten(measures, db, qtbot) -> None:
    tab = measures
    type_into(qtbot, tab, 0, 2, '{"a": 3}')
    type_into(qtbot, tab, 1, 2, '[1, 2, 3]')
    _meanwhile(db, """UPDATE measures SET doc = '{"a": 2}' WHERE id = 1""")
    commit(qtbot, tab)
    assert "Nothing was saved" in tab.error.text() and "id=1" in tab.error.text()
    assert "id=2" not in tab.error.text()
    with db.engine.connect() as conn:
        docs = [r[0] for r in conn.exec_driver_sql("SELECT doc FROM measures ORDER BY id")]
    assert [d if isinstance(d, (dict, list)) else __import__("json").loads(d) for d in docs] == [{"a": 2}, [1, 2]]
