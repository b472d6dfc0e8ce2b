"""Every colour guiapp paints over the theme reads: a changed cell, a new row, a deleted row and the line of a
failing statement keep their text at a contrast of 4.5:1 or more, in the light theme and in the dark one,
chosen in Preferences as a user does. On the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from guiapp.qt.appearance import INK_HUES, MARK_HUES, contrast, dark_palette, theme_colours
from tests.helpers.grids import CTRL, click_cell, type_into
from tests.helpers.gui import choose_in, focus, run_in_console

pytestmark = pytest.mark.gui
TEXT, BASE = QPalette.ColorRole.Text, QPalette.ColorRole.Base


def choose_theme(window, qtbot, dialogs, text: str) -> None:
    """File ▸ Preferences… (Ctrl+,), the theme chosen with the keyboard, OK."""
    def answer(dialog) -> None:
        choose_in(qtbot, dialog.theme, text)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    focus(window, qtbot)
    dialogs.answer(answer)
    qtbot.keyClick(window, Qt.Key.Key_Comma, CTRL)
    assert QApplication.instance().property("guiappTheme") == text.lower()


def test_pending_edit_marks_and_a_failing_line_read_in_both_themes(grid, qtbot, dialogs) -> None:
    window, _page, tab = grid
    type_into(qtbot, tab, 0, 1, "Ada L.")  # changed
    click_cell(qtbot, tab, 2, 1)
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)  # deleted
    qtbot.keyClick(tab.view, Qt.Key.Key_Insert)  # new, its cells left to their defaults
    assert all(part in tab.model.pending for part in ("1 new", "1 to delete")), tab.model.pending
    cells = {"changed": (0, 1), "deleted": (2, 1), "new": (3, 1), "new, left to its default": (3, 2)}
    console = run_in_console(window, qtbot, "SELECT 1;\nSELECT * FROM no_such_table_here;")
    for theme in ("Light", "Dark"):
        choose_theme(window, qtbot, dialogs, theme)
        text = tab.view.palette().color(TEXT)
        for what, (row, column) in cells.items():
            index = tab.model.index(row, column)
            background = index.data(Qt.ItemDataRole.BackgroundRole).color()
            ink = index.data(Qt.ItemDataRole.ForegroundRole)
            ink = text if ink is None else ink.color()
            assert contrast(ink, background) >= 4.5, (theme, what, ink.name(), background.name())
        failing = console.editor.extraSelections()
        assert failing, "the failing statement's line is marked"
        line = failing[0].format.background().color()
        assert contrast(console.editor.palette().color(TEXT), line) >= 4.5, (theme, line.name())


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_theme_colour_reads_against_what_it_meets(qapp, palette: str) -> None:
    """The table of colours itself: each background under the palette's Text, each ink on its Base."""
    chosen = dark_palette() if palette == "dark" else QPalette(QColor("#efefef"))  # Qt's light palette
    colours = theme_colours(chosen)
    assert set(colours) == set(MARK_HUES) | set(INK_HUES)
    for name in MARK_HUES:
        assert contrast(colours[name], chosen.color(TEXT)) >= 4.5, name
    for name in INK_HUES:
        assert contrast(colours[name], chosen.color(BASE)) >= 4.5, name
    assert contrast(colours["null"], colours["new"]) >= 4.5
