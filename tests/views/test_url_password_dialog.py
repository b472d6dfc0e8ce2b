"""A password typed unencoded into the Connect dialog's URL ('@', '/', ':' and '%' in it) is the
password the user meant, through every driver: Connect opens the database as that user, and neither
the dialog's message, the title nor the status bar shows any part of it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.helpers.gui import focus
from tests.helpers.oddpassword import USER, odd_user, shows_no_part, typed_url

pytestmark = pytest.mark.gui


def type_and_connect(qtbot, url: str, outcome: list | None = None):
    def answer(dialog) -> None:
        dialog.url.setFocus()
        qtbot.keyClicks(dialog.url, url)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        if outcome is not None:
            qtbot.waitUntil(lambda: "Connecting" not in dialog.message.text() and bool(dialog.message.text()),
                            timeout=15000)
            outcome.append(dialog.message.text())
            dialog.reject()
    answer.__name__ = "type the URL and Connect"
    return answer


def test_connect_with_a_password_typed_unencoded(sqlite_db, server_db, open_window, dialogs, qtbot) -> None:
    window = open_window(sqlite_db.url.render_as_string())
    refused: list[str] = []
    focus(window, qtbot)
    dialogs.answer(type_and_connect(qtbot, typed_url(server_db, port=1), refused))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(refused), timeout=20000)
    assert "127.0.0.1" in refused[0] and shows_no_part(refused[0]), refused[0]

    with odd_user(server_db):
        focus(window, qtbot)
        dialogs.answer(type_and_connect(qtbot, typed_url(server_db)))
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.workspace.db.dialect != "sqlite", timeout=20000)
        db = window.workspace.db
        with db.connect() as conn:
            assert USER in str(conn.exec_driver_sql("SELECT CURRENT_USER").scalar())
        shown = window.windowTitle() + window.statusBar().currentMessage() + db.display
        assert f"{USER}:***@127.0.0.1" in db.display
        assert shows_no_part(shown), shown
        db.dispose()
