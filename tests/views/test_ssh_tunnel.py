"""Connecting through an SSH tunnel from the window, as a user does: the Connect dialog's "SSH tunnel
via" names a Host of the ssh config (here with ProxyJump), the status bar shows the tunnel, the grid
and a console both go through it; a key's passphrase typed once is kept in the system keyring, and
a refused key is a message in the dialog. Against a real sshd, on MariaDB and PostgreSQL."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from guiapp.core.connect.tunnel import KEYRING_SERVICE
from tests.helpers.gui import focus, run_in_console
from tests.helpers.sshd import PASSPHRASE

pytestmark = pytest.mark.gui


def connect_through(qtbot, url: str, alias: str, secret: str = "", outcome: list | None = None,
                    expect: str = "SSH tunnel"):
    def fill(dialog) -> None:
        dialog.url.setText(url)
        dialog.ssh.setText(alias)
        if secret:
            dialog.ssh_secret.setFocus()
            qtbot.keyClicks(dialog.ssh_secret, secret)
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        if outcome is not None:  # a failure keeps the dialog open: read it, then close it
            qtbot.waitUntil(lambda: expect in dialog.message.text(), timeout=20000)
            outcome.append(dialog.message.text())
            dialog.reject()
    fill.__name__ = f"connect through {alias}"
    return fill


@pytest.fixture
def window(sqlite_db, open_window):
    """A window on a SQLite file, from which the user connects to a server behind the bastion."""
    return open_window(sqlite_db.url.render_as_string())


def test_connect_through_a_jump_host_and_work(window, server_db, ssh_aliases, dialogs, qtbot) -> None:
    url = server_db.url.render_as_string(hide_password=False)
    with server_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE behind (id INTEGER PRIMARY KEY, name VARCHAR(10))")
        conn.exec_driver_sql("INSERT INTO behind VALUES (1, 'far')")
    focus(window, qtbot)
    before = window.workspace.db
    dialogs.answer(connect_through(qtbot, url, "guiapp-inner"))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace.db is not before and window.workspace.db is not None, timeout=20000)
    db = window.workspace.db
    assert db.tunnel is not None and db.tunnel.up
    qtbot.waitUntil(lambda: window.tunnel_label.text() == "SSH via guiapp-inner: up", timeout=5000)
    console = run_in_console(window, qtbot, "SELECT name FROM behind")
    assert "1 row" in console.messages.toPlainText()


def test_a_passphrase_typed_once_is_kept_in_the_keyring(window, server_db, ssh_aliases, memory_keyring,
                                                        dialogs, qtbot) -> None:
    url = server_db.url.render_as_string(hide_password=False)
    refused: list[str] = []
    focus(window, qtbot)
    dialogs.answer(connect_through(qtbot, url, "guiapp-locked", outcome=refused))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(refused), timeout=25000)
    assert "Permission denied" in refused[0] and "passphrase" in refused[0]
    focus(window, qtbot)
    before = window.workspace.db
    dialogs.answer(connect_through(qtbot, url, "guiapp-locked", secret=PASSPHRASE))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace.db is not before and window.workspace.db is not None, timeout=20000)
    qtbot.waitUntil(lambda: memory_keyring.items.get((KEYRING_SERVICE, "guiapp-locked")) == PASSPHRASE,
                    timeout=5000)  # kept on a worker: the keyring may be slow to answer
    assert PASSPHRASE not in window.windowTitle() + window.url_label.text()


def test_an_alias_that_ssh_would_read_as_an_option_is_refused(window, server_db, ssh_aliases, dialogs, qtbot,
                                                              tmp_path) -> None:
    marker = tmp_path / "ran"
    refused: list[str] = []
    focus(window, qtbot)
    dialogs.answer(connect_through(qtbot, server_db.url.render_as_string(hide_password=False),
                                   f"-oProxyCommand=touch {marker}", outcome=refused, expect="SSH"))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(refused), timeout=25000)
    assert "starts with '-'" in refused[0], refused[0]
    assert not marker.exists()
    assert window.workspace.db.dialect == "sqlite"
