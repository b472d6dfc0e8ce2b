"""In the window, current_database is the database it shows: in jobs, and in slots on the GUI thread."""

from __future__ import annotations

import pytest

from guiapp.core.connect.context import current_database
from guiapp.core.connect.database import Database
from tests.helpers.gui import run_in_console

pytestmark = pytest.mark.gui


def test_jobs_and_receivers_see_the_window_database(db: Database, open_window, qtbot) -> None:
    window = open_window(db.url.render_as_string(hide_password=False))
    seen: dict[str, str] = {}
    window.workspace.run(lambda: current_database.display, on_done=lambda d: seen.__setitem__("job", d))
    window.workspace.bridge.queryFinished.connect(lambda *_: seen.__setitem__("slot", current_database.display))
    run_in_console(window, qtbot, "SELECT 1")
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == {"job": db.display, "slot": db.display}
