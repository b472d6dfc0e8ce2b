"""TLS from the Connect dialog, as a user sets it: the mode and the CA file, client certificate and key
chosen, then Connect; the session is encrypted, and a wrong CA is a message in the dialog. Against
servers of the tests' own that speak TLS, MariaDB (through PyMySQL and mysqlclient) and PostgreSQL,
and against servers that do not, which every mode refuses."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy.engine import make_url

from tests.helpers.tls import encrypted
from tests.helpers.gui import focus

pytestmark = pytest.mark.gui


def fill(qtbot, url: str, mode: str, files: dict, outcome: list | None = None, expect: str = "certificate"):
    def answer(dialog) -> None:
        dialog.url.setText(url)
        dialog.tls_mode.setFocus()
        qtbot.keyClick(dialog.tls_mode, Qt.Key.Key_Home)
        while dialog.tls_mode.currentData() != mode:
            qtbot.keyClick(dialog.tls_mode, Qt.Key.Key_Down)
        for key, path in files.items():
            dialog.tls_files[key].setFocus()
            qtbot.keyClicks(dialog.tls_files[key], str(path))
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        if outcome is not None:
            qtbot.waitUntil(lambda: expect in dialog.message.text(), timeout=15000)
            outcome.append(dialog.message.text())
            dialog.reject()
    answer.__name__ = f"TLS {mode}"
    return answer


def test_connect_with_tls_and_a_client_certificate(sqlite_db, open_window, tls_server, dialogs, qtbot) -> None:
    server, certs = tls_server
    window = open_window(sqlite_db.url.render_as_string())
    url = make_url(server.url).set(username="tlsuser").render_as_string(hide_password=False)
    refused: list[str] = []
    focus(window, qtbot)
    dialogs.answer(fill(qtbot, url, "verify-ca", {"ca": certs.other_ca, "cert": certs.client_cert,
                                                  "key": certs.client_key}, refused))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(refused), timeout=20000)
    assert refused[0].startswith("The server's TLS certificate was not accepted")
    assert window.workspace.db.dialect == "sqlite"  # nothing changed

    focus(window, qtbot)
    dialogs.answer(fill(qtbot, url, "verify-full", {"ca": certs.ca, "cert": certs.client_cert,
                                                    "key": certs.client_key}))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace.db.dialect != "sqlite", timeout=20000)
    with window.workspace.db.connect() as conn:
        assert encrypted(conn)


@pytest.mark.parametrize("mode", ["require", "verify-ca", "verify-full"])
def test_every_mode_refuses_a_server_without_tls(sqlite_db, open_window, plain_server, dialogs, qtbot,
                                                 mode: str) -> None:
    server, certs = plain_server
    window = open_window(sqlite_db.url.render_as_string())
    refused: list[str] = []
    focus(window, qtbot)
    dialogs.answer(fill(qtbot, server.url, mode, {"ca": certs.ca} if mode != "require" else {}, refused,
                        expect="TLS"))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(refused), timeout=20000)
    assert "does not offer TLS" in refused[0] and "not connected" in refused[0], refused[0]
    assert "\n" not in refused[0]
    assert window.workspace.db.dialect == "sqlite"  # still the database it was on


def test_a_missing_tls_file_in_the_url_is_named(sqlite_db, open_window, tls_server, dialogs, qtbot, tmp_path) -> None:
    server, certs = tls_server
    window = open_window(sqlite_db.url.render_as_string())
    gone = tmp_path / "gone.pem"
    query = f"sslmode=verify-ca&sslrootcert={gone}" if server.kind == "postgresql" else f"ssl_ca={gone}"
    refused: list[str] = []
    focus(window, qtbot)
    dialogs.answer(fill(qtbot, f"{server.url}?{query}", "off", {}, refused, expect="gone.pem"))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(refused), timeout=20000)
    assert refused[0] == f"The CA file {gone} does not exist or is not a file."
    assert window.workspace.db.dialect == "sqlite"
