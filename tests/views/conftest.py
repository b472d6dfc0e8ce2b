"""Qt tests: the window fixtures, the dialog answerer, and a table open in its grid."""

import pytest

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

