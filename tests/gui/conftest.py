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
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        if connected:
            qtbot.waitUntil(lambda: window.workspace.db is not None, timeout=15000)
            qtbot.waitUntil(lambda: window.workspace.models is not None, timeout=15000)
        return window

    yield make
    for window in windows:
        for console in window.consoles():
            console._in_transaction = False  # teardown: no "roll back and quit?" question
        window.close()
        window.workspace.close()
        window.workspace.bridge.close()


@pytest.fixture
def window(open_window, db: Database):
    """The window on the parametrised database (SQLite file or MariaDB)."""
    return open_window(db.url.render_as_string(hide_password=False))


@pytest.fixture
def confirm(monkeypatch) -> Iterator[list[str]]:
    """Answer 'Drop' to every drop confirmation, recording what it named."""
    asked: list[str] = []

    def fake(parent, plan_text: str, where: str) -> bool:
        asked.append(plan_text)
        return True

    monkeypatch.setattr("guiapp.views.modelspanel.confirm_drop", fake)
    yield asked


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch):
    """A modal box in a test would hang it: answer 'No' and record the question instead."""
    from PySide6.QtWidgets import QMessageBox
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.No

    def note(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", note)
    monkeypatch.setattr(QMessageBox, "information", note)
    return asked
