"""Help ▸ Keyboard shortcuts lists every key the window answers to, read from its actions: with a table,
a console and the ER diagram open, each action's and shortcut's keys appear in the box. On the three
backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from tests.helpers.grids import people_table
from tests.helpers.gui import focus, open_table, trigger

pytestmark = pytest.mark.gui
NATIVE = QKeySequence.SequenceFormat.NativeText


def test_the_shortcuts_box_lists_every_key_of_the_open_window(db, open_window, qtbot, dialogs) -> None:
    people_table(db)
    window = open_window(db.url.render_as_string(hide_password=False))
    page = open_table(window, qtbot, "people")
    qtbot.waitUntil(lambda: page.data_tab is not None, timeout=10000)
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    focus(window, qtbot)
    trigger(window, "Help ▸ Keyboard shortcuts")
    box = dialogs.seen[-1]
    assert box.title == "Keyboard shortcuts"
    held = {s.toString(NATIVE) for a in window.findChildren(QAction) for s in a.shortcuts() if not s.isEmpty()}
    held |= {s.key().toString(NATIVE) for s in window.findChildren(QShortcut)}
    assert len(held) >= 25
    text = box.text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    missing = sorted(key for key in held if f"<b>{key}" not in text and f" or {key}" not in text)
    assert not missing, missing
    for words in ("Go to row", "Comment or uncomment lines", "Zoom in", "Delete rows", "Ctrl+Space"):
        assert words in text, words
