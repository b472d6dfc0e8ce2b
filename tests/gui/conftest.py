"""Fixtures that open the real window (offscreen) on the test database."""

from __future__ import annotations

from typing import Iterator

import pytest

from guiapp.core.database import Database


@pytest.fixture
def open_window(qtbot):
    """A factory: open the window on a URL and wait until it is connected."""
    from guiapp.app import build
    from guiapp.views.resources import style_sheet
    windows = []

    def make(url: str | None, models_spec: str | None = None, connected: bool = True):
        from PySide6.QtWidgets import QApplication
        QApplication.instance().setStyleSheet(style_sheet())
        window = build(url, models_spec)
        window.show()  # closed below, not by qtbot: a question on close must find it alive
        windows.append(window)
        if connected:
            qtbot.waitUntil(lambda: window.workspace.db is not None, timeout=15000)
            qtbot.waitUntil(lambda: window.workspace.models is not None, timeout=15000)
        return window

    yield make
    import shiboken6
    for window in windows:
        if not shiboken6.isValid(window):
            continue
        window.close()  # a question about an open transaction is answered with Esc: force it
        if window.isVisible():
            window.force_close()
        window.workspace.close()
        window.workspace.bridge.close()
        window.deleteLater()


@pytest.fixture
def window(open_window, db: Database):
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
