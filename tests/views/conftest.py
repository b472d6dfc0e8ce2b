"""Qt tests: the window fixtures, the dialog answerer, a table open in its grid, and a console beside it."""

import pytest
from PySide6.QtCore import Qt

from tests.helpers.grids import people_table
from tests.helpers.gui import focus, open_table
from tests.helpers.qtfixtures import dialogs, open_window, window  # noqa: F401


@pytest.fixture
def grid(db, open_window, qtbot):  # noqa: F811 (open_window is the fixture imported above)
    """The people table open in the window, its first page shown, the grid focused."""
    people_table(db)
    shown = open_window(db.url.render_as_string(hide_password=False))
    page = open_table(shown, qtbot, "people")
    qtbot.waitUntil(lambda: page.data_tab is not None, timeout=10000)
    tab = page.data_tab
    qtbot.waitUntil(lambda: tab.model.row_values(2) is not None, timeout=10000)
    focus(shown, qtbot)
    tab.view.setFocus()
    return shown, page, tab



@pytest.fixture
def people_console(db, open_window, qtbot):  # noqa: F811 (open_window is the fixture imported above)
    """The window on a database holding the people table, with its console shown, empty and focused."""
    people_table(db)
    shown = open_window(db.url.render_as_string(hide_password=False))
    if not shown.consoles():
        qtbot.keyClick(shown, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    console = shown.consoles()[0]
    shown.tabs.setCurrentWidget(console)
    focus(shown, qtbot)
    console.editor.clear()
    console.editor.setFocus()
    return shown, console
