"""A table's grid as a user reads it: the row count says "1 row", and Ctrl+End widens the columns the
user left alone to the long values at the end of the table. On the three backends."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from tests.helpers.grids import CTRL
from tests.helpers.gui import focus, open_table, trigger

pytestmark = pytest.mark.gui
LONG = "a note written at the very end of the table"


def test_one_filtered_row_is_counted_as_one_row(grid, qtbot) -> None:
    _window, _page, tab = grid
    qtbot.keyClicks(tab.filters.edits[1], "Ada")
    qtbot.waitUntil(lambda: tab.model.total == (1, True), timeout=10000)
    qtbot.waitUntil(lambda: tab.count.text() == "1 row (filtered)", timeout=5000)


def test_ctrl_end_widens_the_columns_to_the_last_rows(window, db, qtbot) -> None:
    md = sa.MetaData()
    notes = sa.Table("long_tail", md, sa.Column("id", sa.Integer, primary_key=True), sa.Column("note", sa.String(80)),
                     sa.Column("kept", sa.String(80)))
    md.create_all(db.engine)
    with db.engine.begin() as conn:
        conn.execute(notes.insert(), [{"id": i, "note": LONG if i > 990 else "x", "kept": LONG if i > 990 else "y"}
                                      for i in range(1, 1001)])
    trigger(window, "View ▸ Refresh schema")
    page = open_table(window, qtbot, "long_tail")
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.total == (1000, True), timeout=10000)
    tab = page.data_tab
    header = tab.view.horizontalHeader()
    header.resizeSection(2, 70)  # the user's own width for "kept": it stays
    before = tab.view.columnWidth(1)
    assert before < tab.view.fontMetrics().horizontalAdvance(LONG)
    focus(window, qtbot)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_End, CTRL)
    qtbot.waitUntil(lambda: tab.model.row_values(999) is not None, timeout=10000)
    qtbot.waitUntil(lambda: tab.view.columnWidth(1) >= tab.view.fontMetrics().horizontalAdvance(LONG), timeout=5000)
    assert tab.view.columnWidth(2) == 70


def _misplaced(tab) -> list[int]:
    """The columns whose filter box is not under the column, as wide as it."""
    header, view = tab.view.horizontalHeader(), tab.view
    offset = max(view.viewport().x(), view.verticalHeader().width() + view.frameWidth())
    return [i for i, edit in enumerate(tab.filters.edits)
            if (edit.x(), edit.width()) != (offset + header.sectionViewportPosition(i), header.sectionSize(i))]


def test_the_filter_boxes_stay_under_their_columns_of_a_wide_table(window, db, qtbot) -> None:
    """A 300-column table opens with each box under its column (fitting resizes every column in
    turn), and they follow a column the user widens and the grid scrolled sideways."""
    columns = [sa.Column("id", sa.Integer, primary_key=True)] + [sa.Column(f"c{i}", sa.Integer) for i in range(299)]
    wide = sa.Table("wide_filters", sa.MetaData(), *columns)
    wide.create(db.engine)
    with db.engine.begin() as conn:
        conn.execute(wide.insert(), [{"id": n, **{f"c{i}": n * 1000 + i for i in range(299)}} for n in range(1, 4)])
    trigger(window, "View ▸ Refresh schema")
    page = open_table(window, qtbot, "wide_filters")
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.total == (3, True), timeout=10000)
    tab = page.data_tab
    assert len(tab.filters.edits) == 300
    qtbot.waitUntil(lambda: not _misplaced(tab), timeout=5000)
    tab.view.horizontalHeader().resizeSection(1, 200)  # what dragging the header's edge does
    qtbot.waitUntil(lambda: not _misplaced(tab), timeout=5000)
    tab.view.horizontalScrollBar().setValue(tab.view.horizontalScrollBar().maximum() // 2)
    assert not _misplaced(tab)  # at once: the boxes scroll with the grid
