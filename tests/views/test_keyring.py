"""A database that needs a password reopens with the one in the system keyring; a refused one is
forgotten and the user is asked."""

from __future__ import annotations

import pytest

from guiapp.core.connect.database import Database
from guiapp.core.connect.urls import url_for_storage
from tests.helpers import workers
from tests.helpers.dialogs import relaunch_asking_for_a_password

pytestmark = pytest.mark.gui
PASSWORD = "Kr-9x!pw"
KR_USER = workers.account("guiapp_kr")  # server-wide: one per pytest-xdist worker


@pytest.fixture
def account(mysql_db: Database):
    with mysql_db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql(f"DROP USER IF EXISTS '{KR_USER}'@'%%'")
        conn.exec_driver_sql(f"CREATE USER '{KR_USER}'@'%%' IDENTIFIED BY '{PASSWORD}'")
        conn.exec_driver_sql(f"GRANT ALL ON `{mysql_db.url.database}`.* TO '{KR_USER}'@'%%'")
    yield mysql_db.url.set(username=KR_USER, password=PASSWORD)
    with mysql_db.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(f"DROP USER '{KR_USER}'@'%%'")


def test_a_relaunch_uses_the_kept_password_without_asking(account, memory_keyring, open_window, qtbot,
                                                          dialogs) -> None:
    first = open_window(account.render_as_string(hide_password=False))
    stored = url_for_storage(account)
    qtbot.waitUntil(lambda: ("guiapp", stored) in memory_keyring.items, timeout=5000)
    first.close()
    second = open_window(None)  # no --url: the last database, with the kept password
    assert second.workspace.db.url.username == KR_USER and dialogs.seen == []
    assert memory_keyring.items[("guiapp", stored)] == PASSWORD


def test_a_kept_password_the_server_refuses_is_forgotten_and_the_user_asked(account, memory_keyring, open_window,
                                                                           qtbot, dialogs) -> None:
    from guiapp.qt.settings import remember_last
    stored = url_for_storage(account)
    memory_keyring.items[("guiapp", stored)] = "an-old-password"
    remember_last(stored, had_password=True)
    window, asked = relaunch_asking_for_a_password(dialogs, open_window, qtbot)
    assert asked == stored and window.workspace.db is None
    qtbot.waitUntil(lambda: ("guiapp", stored) not in memory_keyring.items, timeout=5000)
