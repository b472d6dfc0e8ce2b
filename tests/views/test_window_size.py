"""The window keeps the size the user gives it, down to 900x600: opening a table, a console and the ER
diagram never widens or heightens it, no button's text is elided, and every console command shows (none
hidden behind a "››" menu). On the three backends."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QToolButton

from tests.helpers.grids import people_table
from tests.helpers.gui import focus, open_table

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier
SMALL = QSize(900, 600)


def squeezed(window) -> list[str]:
    """The shown buttons narrower than their text needs (Qt elides a tool button's text: "A…w")."""
    return [f"{button.text()!r}: {button.width()} < {button.sizeHint().width()}"
            for button in window.findChildren(QAbstractButton)
            if button.isVisible() and button.text() and button.width() < button.sizeHint().width()]


def settle() -> None:
    """Deliver the layout requests waiting (nothing to wait for: the point is that nothing changes)."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()


def open_diagram(window, qtbot):
    """View ▸ ER diagram by its keys, Ctrl+Shift+D; the tab once drawn."""
    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL | Qt.KeyboardModifier.ShiftModifier)
    diagram = window.tabs.currentWidget()
    qtbot.waitUntil(lambda: getattr(diagram, "diagram", None) is not None, timeout=15000)
    qtbot.waitUntil(lambda: "foreign key" in diagram.status.text(), timeout=5000)
    settle()
    return diagram


def show_tab(window, qtbot, tab) -> None:
    """Click the tab's title, as a user switches tabs."""
    bar = window.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(window.tabs.indexOf(tab)).center())
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is tab, timeout=5000)
    settle()


def test_a_900_by_600_window_keeps_its_size_and_every_control_readable(db, open_window, qtbot) -> None:
    people_table(db)
    window = open_window(db.url.render_as_string(hide_password=False))
    window.resize(SMALL)
    qtbot.waitUntil(lambda: window.size() == SMALL, timeout=5000)

    page = open_table(window, qtbot, "people")
    qtbot.waitUntil(lambda: page.data_tab is not None and page.data_tab.model.rowCount() == 3, timeout=10000)
    show_tab(window, qtbot, page)
    assert window.size() == SMALL and not squeezed(window), squeezed(window)

    focus(window, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_T, CTRL)  # a console
    console = window.current_console()
    show_tab(window, qtbot, console)
    assert window.size() == SMALL and not squeezed(window), squeezed(window)
    for action in (console.commit_action, console.rollback_action, console.run_all_action):
        buttons = [b for b in console.toolbar.findChildren(QToolButton) if b.defaultAction() is action]
        assert buttons and buttons[0].isVisible(), action.text()

    open_diagram(window, qtbot)
    assert window.size() == SMALL and not squeezed(window), squeezed(window)


def test_opening_the_er_diagram_keeps_the_window_width(db, open_window, qtbot) -> None:
    """Its one-line caption (the database, the counts, the hints) once widened the window to fit."""
    people_table(db)
    window = open_window(db.url.render_as_string(hide_password=False))
    window.resize(SMALL)
    qtbot.waitUntil(lambda: window.size() == SMALL, timeout=5000)
    open_diagram(window, qtbot)
    assert window.size() == SMALL
