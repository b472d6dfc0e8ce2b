"""Faults at the edges of the window: what stands in the data directory."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest


@pytest.mark.timeout(60)
def test_a_fifo_in_place_of_settings_ini_neither_hangs_the_window_nor_is_replaced(sqlite_db, open_window,
                                                                                   qtbot) -> None:
    settings_ini = Path(os.environ["GUIAPP_DATA_DIR"]) / "settings.ini"
    os.mkfifo(settings_ini)
    window = open_window(sqlite_db.url.render_as_string(hide_password=False))
    assert window.isVisible()
    from PySide6.QtWidgets import QLabel

    def notice() -> str:
        label = window.statusBar().findChild(QLabel, "notice")
        return label.text() if label is not None and label.isVisible() else ""
    qtbot.waitUntil(lambda: "is not a file, so guiapp left it alone" in notice(), timeout=10000)
    window.close()
    assert stat.S_ISFIFO(settings_ini.stat().st_mode)
