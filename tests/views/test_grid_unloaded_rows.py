"""Acting on selected rows of a big table never acts on only the loaded part of the selection
without saying so: rows not read yet are named, and nothing is marked, on every backend."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from tests.helpers.grids import CTRL, SHIFT, click_cell
from tests.helpers.gui import focus, open_table

pytestmark = pytest.mark.gui

ROWS = 1500


@pytest.fixture
def many(db, open_window, qtbot):
    """numbers(id, n) with 1,500 rows, open in its grid, its first page shown."""
    md = sa.MetaData()
    table = sa.Table("numbers", md, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                     sa.Column("n", sa.Integer))
    with db.engine.begin() as conn:
        md.create_all(conn)
        conn.execute(table.insert(), [{"id": i, "n": i} for i in range(1, ROWS + 1)])
    window = open_window(db.url.render_as_string(hide_password=False))
    page = open_table(window, qtbot, "numbers")
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.row_values(0) is not None,
                    timeout=10000)
    tab = page.data_tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == ROWS, timeout=15000)
    focus(window, qtbot)
    tab.view.setFocus()
    return tab


def _count(db) -> int:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("SELECT COUNT(*) FROM numbers").scalar()


@pytest.mark.parametrize("keys", [(Qt.Key.Key_Delete, CTRL), (Qt.Key.Key_N, CTRL | SHIFT)],
                         ids=["delete", "set-null"])
def test_selecting_every_row_and_acting_never_marks_only_the_loaded_ones(many, db, qtbot, keys) -> None:
    tab = many
    assert not all(tab.model.row_loaded(r) for r in range(ROWS))  # a lazy grid: most rows unread
    tab.view.setCurrentIndex(tab.model.index(0, 1))
    qtbot.keyClick(tab.view, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(tab.view, *keys)
    assert tab.model.pending == ""  # not 200 of the 1,500 chosen
    assert "Nothing was" in tab.error.text() and f"rows 201–{ROWS:,} of the selection are not loaded yet" \
        in tab.error.text()
    click_cell(qtbot, tab, 1, 1)  # one loaded row still works
    qtbot.keyClick(tab.view, *keys)
    assert tab.model.pending in ("1 to delete", "1 row edited")
    assert _count(db) == ROWS
