"""Fixtures that open the real window (offscreen) on the test database, and answer its dialogs.

The conftest of every folder of Qt tests imports them.
"""

from __future__ import annotations

from typing import Iterator

import pytest

from guiapp.core.connect.database import Database


@pytest.fixture
def open_window(qtbot):
    """A factory: open the window on a URL and wait until it is connected."""
    from guiapp.app import build
    windows = []

    def make(url: str | None, models_spec: str | None = None, connected: bool = True, pool: dict | None = None):
        window = build(url, models_spec, pool)
        window.show()  # closed below, not by qtbot: a question on close must find it alive
        windows.append(window)
        if connected:
            qtbot.waitUntil(lambda: window.workspace.db is not None, timeout=15000)
            qtbot.waitUntil(lambda: window.workspace.models is not None, timeout=15000)
        return window

    def close_all() -> None:
        import shiboken6
        from guiapp.app import connection_windows
        for extra in connection_windows():  # opened from the Connections panel: they clean up on close
            if shiboken6.isValid(extra):
                extra.force_close()
        while windows:
            window = windows.pop()
            if not shiboken6.isValid(window):
                continue
            window.close()  # a question about an open transaction is answered with Esc: force it
            if window.isVisible():
                window.force_close()
            window.wait_for_consoles(10)  # their rollback releases the locks the cleanup needs
            window.workspace.close()
            window.workspace.bridge.close()
            window.deleteLater()
        from guiapp.core.store.history import stop_recording
        stop_recording()  # the next test's window records again; a test without one sees no receiver

    from tests.conftest import BEFORE_CLEANUP
    BEFORE_CLEANUP.append(close_all)
    yield make
    close_all()
    if close_all in BEFORE_CLEANUP:
        BEFORE_CLEANUP.remove(close_all)


@pytest.fixture
def window(db: Database, open_window):
    """The window on the parametrised database (SQLite file or MariaDB)."""
    return open_window(db.url.render_as_string(hide_password=False))


@pytest.fixture(autouse=True)
def dialogs(qapp):
    """Every modal dialog is answered as a user would: by the button queued with
    ``dialogs.answer("Drop")``, or Esc when none was queued; ``dialogs.seen`` records each."""
    from tests.helpers.dialogs import DialogAnswerer
    answerer = DialogAnswerer()
    answerer.start()
    yield answerer
    answerer.stop()
