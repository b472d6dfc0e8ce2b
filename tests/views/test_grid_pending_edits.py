"""Pending grid edits survive what should not touch them: Esc in a cell editor, and the paths
that would close them (another database, a closed tab, the window) ask first, on the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.helpers.grids import click_cell, commit, people_rows, shown, type_into, wait_editor_closed

pytestmark = pytest.mark.gui


def test_esc_in_a_cell_editor_cancels_only_that_cell(grid, db, qtbot) -> None:
    _window, _page, tab = grid
    type_into(qtbot, tab, 0, 1, "Ada L.")
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)
    type_into(qtbot, tab, 3, 1, "Edsger")
    assert tab.model.pending == "1 row edited, 1 new"
    click_cell(qtbot, tab, 1, 2)
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "99")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    wait_editor_closed(qtbot, tab)
    assert shown(tab, 1, 2) == "85"  # the cell being typed is as it was
    assert tab.model.pending == "1 row edited, 1 new"  # every other edit is kept
    assert tab.model.rowCount() == 4 and shown(tab, 0, 1) == "Ada L." and shown(tab, 3, 1) == "Edsger"
    commit(qtbot, tab)
    assert not tab.error.isVisible(), tab.error.text()
    assert people_rows(db) == [(1, "Ada L.", 36), (2, "Grace", 85), (3, "Linus", 20), (4, "Edsger", None)]
