"""A table's grid driven as a user does: the people table, clicking and typing into cells, Ctrl+S."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from tests.helpers.gui import focus, open_table


def open_grid(db, open_window, qtbot, table: str, last_row: int):
    """A window on ``db`` with ``table`` open, rows up to ``last_row`` loaded, the grid focused: its data tab."""
    window = open_window(db.url.render_as_string(hide_password=False))
    page = open_table(window, qtbot, table)
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.row_values(last_row) is not None,
                    timeout=10000)
    focus(window, qtbot)
    page.data_tab.view.setFocus()
    return page.data_tab


CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def people_table(db) -> None:
    """people(id, name VARCHAR(10) NOT NULL, age, notes, photo) with Ada, Grace and Linus."""
    md = sa.MetaData()
    sa.Table("people", md,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("name", sa.String(10), nullable=False),
             sa.Column("age", sa.Integer),
             sa.Column("notes", sa.Text),
             sa.Column("photo", sa.LargeBinary))
    with db.engine.begin() as conn:
        md.create_all(conn)
        conn.execute(md.tables["people"].insert(), [
            {"name": "Ada", "age": 36}, {"name": "Grace", "age": 85}, {"name": "Linus", "age": 20}])


def people_rows(db) -> list[tuple]:
    """(id, name, age) of every person, as the database holds them now."""
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT id, name, age FROM people ORDER BY id")]


def click_cell(qtbot, tab, row: int, column: int) -> None:
    rect = tab.view.visualRect(tab.model.index(row, column))
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def type_into(qtbot, tab, row: int, column: int, text: str, finish=Qt.Key.Key_Return) -> None:
    """Click the cell, press F2, replace what is there with ``text``, and press Enter."""
    click_cell(qtbot, tab, row, column)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, (QLineEdit, QPlainTextEdit)), editor
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, finish)
    wait_editor_closed(qtbot, tab)


def wait_editor_closed(qtbot, tab) -> None:
    """The delegate keeps what was typed on the next turn of the event loop, as Qt does."""
    from PySide6.QtWidgets import QAbstractItemView
    qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState, timeout=5000)


def shown(tab, row: int, column: int) -> str:
    return tab.model.index(row, column).data()


def commit(qtbot, tab) -> None:
    """Ctrl+S, and wait for the commit to come back."""
    focus(tab.window(), qtbot)  # a dialog just closed leaves no window active offscreen
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not tab.model.saving, timeout=15000)
