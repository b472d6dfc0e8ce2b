"""A commit never writes over a change another session made since the grid read the row: compared
exactly (case, trailing spaces, floats, JSON), for updates and deletes, on the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.helpers.grids import CTRL, click_cell, commit, open_grid, people_rows, type_into
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
    return open_grid(db, open_window, qtbot, "measures", 1)


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


def _conflict_on_ada(db, qtbot, tab) -> None:
    """Ada edited here and by someone else, Grace edited here only, a new row: Ctrl+S is refused."""
    type_into(qtbot, tab, 0, 1, "Mine")
    type_into(qtbot, tab, 1, 2, "86")
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
    type_into(qtbot, tab, 3, 1, "Edsger")
    _meanwhile(db, "UPDATE people SET name = 'Theirs' WHERE id = 1")
    commit(qtbot, tab)
    assert "Nothing was saved" in tab.error.text() and "Keep mine" in tab.error.text()
    assert tab.model.pending == "2 rows edited, 1 new"


def test_keep_mine_writes_over_theirs_and_keeps_every_other_edit(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    _conflict_on_ada(db, qtbot, tab)
    click_cell(qtbot, tab, 0, 1)
    tab.editing.keep_mine.trigger()  # the grid's context menu item
    qtbot.waitUntil(lambda: not tab.error.isVisible(), timeout=10000)
    assert tab.model.pending == "2 rows edited, 1 new"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert people_rows(db) == [(1, "Mine", 36), (2, "Grace", 86), (3, "Linus", 20), (4, "Edsger", None)]


def test_take_theirs_drops_only_that_rows_edit_and_shows_theirs(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    _conflict_on_ada(db, qtbot, tab)
    click_cell(qtbot, tab, 0, 1)
    tab.editing.take_theirs.trigger()  # the grid's context menu item
    qtbot.waitUntil(lambda: tab.model.index(0, 1).data() == "Theirs", timeout=10000)
    assert tab.model.pending == "1 row edited, 1 new"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert people_rows(db) == [(1, "Theirs", 36), (2, "Grace", 86), (3, "Linus", 20), (4, "Edsger", None)]


def test_reload_after_a_conflict_does_not_send_the_stale_edit_blindly(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    _conflict_on_ada(db, qtbot, tab)
    from PySide6.QtWidgets import QToolButton
    reload_button = next(b for b in tab.findChildren(QToolButton) if b.toolTip() == "Reload rows")
    qtbot.mouseClick(reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.row_values(0) is not None, timeout=10000)
    assert tab.model.index(0, 1).data() == "Mine" and tab.model.pending == "2 rows edited, 1 new"
    commit(qtbot, tab)
    assert "Nothing was saved" in tab.error.text() and "name is now 'Theirs'" in tab.error.text()
    assert people_rows(db)[0] == (1, "Theirs", 36)


def test_one_row_can_be_undeleted_and_one_reverted_by_keys(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    type_into(qtbot, tab, 0, 1, "Mine")
    type_into(qtbot, tab, 2, 2, "21")
    for row in (1, 2):
        click_cell(qtbot, tab, row, 1)
        qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)
    assert tab.model.pending == "1 row edited, 2 to delete"
    click_cell(qtbot, tab, 2, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL | Qt.KeyboardModifier.ShiftModifier)  # undelete
    assert tab.model.pending == "2 rows edited, 1 to delete"
    assert not tab.model.index(2, 1).data(Qt.ItemDataRole.FontRole) or \
        not tab.model.index(2, 1).data(Qt.ItemDataRole.FontRole).strikeOut()
    click_cell(qtbot, tab, 0, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_Z, CTRL)  # revert this row only
    assert tab.model.index(0, 1).data() == "Ada" and tab.model.pending == "1 row edited, 1 to delete"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert people_rows(db) == [(1, "Ada", 36), (3, "Linus", 21)]


@pytest.fixture
def owners(db, open_window, qtbot):
    """people (see people_table) and pets pointing at Grace, and a window to open either in."""
    from tests.helpers.grids import people_table
    people_table(db)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE pets (id INTEGER PRIMARY KEY, owner_id INTEGER NOT NULL "
                             "REFERENCES people (id), name VARCHAR(20))")
        conn.exec_driver_sql("INSERT INTO pets VALUES (1, 2, 'Rex')")
    return open_window(db.url.render_as_string(hide_password=False))


def _grid_of(window, qtbot, name: str):
    page = open_table(window, qtbot, name)
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.row_values(0) is not None,
                    timeout=10000)
    focus(window, qtbot)
    page.data_tab.view.setFocus()
    return page.data_tab


def test_a_delete_a_foreign_key_refuses_names_the_row_and_the_referencing_table(owners, db, qtbot) -> None:
    tab = _grid_of(owners, qtbot, "people")
    click_cell(qtbot, tab, 1, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)
    commit(qtbot, tab)
    assert tab.error.text() == ("Nothing was saved: people id=2 cannot be deleted: 1 row of pets still point "
                                "at it (pets.owner_id); change or delete them first.")
    assert [r[0] for r in people_rows(db)] == [1, 2, 3]


def test_a_new_row_pointing_at_no_row_names_it_and_the_referenced_table(owners, db, qtbot) -> None:
    tab = _grid_of(owners, qtbot, "pets")
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
    type_into(qtbot, tab, 1, 0, "5")
    type_into(qtbot, tab, 1, 1, "99")
    commit(qtbot, tab)
    assert tab.error.text() == ("Nothing was saved: New row 1: owner_id=99 is not a row of people "
                                "(pets's foreign key).")


@pytest.mark.parametrize("first", ["delete", "edit"])
def test_a_row_may_take_the_key_of_a_row_deleted_in_the_same_commit(grid, db, qtbot, first) -> None:
    _window, _page, tab = grid
    if first == "edit":
        type_into(qtbot, tab, 0, 0, "2")  # Ada takes Grace's id...
    click_cell(qtbot, tab, 1, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)  # ...and Grace (id 2) goes, in either order
    if first == "delete":
        type_into(qtbot, tab, 0, 0, "2")
    assert tab.model.pending == "1 row edited, 1 to delete"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert people_rows(db) == [(2, "Ada", 36), (3, "Linus", 20)]
