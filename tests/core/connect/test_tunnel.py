"""SSH tunnels through the system's ssh, against a real sshd on 127.0.0.1 (tests/helpers/sshd.py):
a Host alias, a jump host (ProxyJump), a wrong key, a key whose passphrase is in the keyring, and a
dropped tunnel that comes back when the pool reconnects. On MariaDB and PostgreSQL."""

from __future__ import annotations

import pytest

from guiapp import signals
from guiapp.core.errors import ConfigError, ConnectError
from guiapp.core.options import PoolOptions
from guiapp.core.connect.profiles import ConnectionProfile
from guiapp.core.connect.tunnel import KEYRING_SERVICE
from tests.helpers.sshd import PASSPHRASE
from tests.helpers.signals import recording


def _through(server_db, alias: str):
    options = PoolOptions(ssh=alias, connect_timeout=5)
    return ConnectionProfile.from_text(server_db.url.render_as_string(hide_password=False), options).database()


@pytest.mark.parametrize("alias", ["guiapp-bastion", "guiapp-inner"])
def test_a_database_is_reached_through_an_alias_and_a_jump_host(server_db, ssh_aliases, alias) -> None:
    db = _through(server_db, alias)
    try:
        with recording(signals.tunnel_changed) as seen:
            db.open()
        with db.connect() as conn:
            assert conn.exec_driver_sql("SELECT 1 + 1").scalar() == 2
        assert db.tunnel.up and db.tunnel.local_port != server_db.url.port
        assert [kw["state"] for _name, kw in seen.events] == ["connecting", "up"]
        assert all(kw["alias"] == alias for _name, kw in seen.events)
    finally:
        db.dispose()
    assert not db.tunnel.up  # closed with the pool


def test_a_wrong_key_is_one_clear_sentence(server_db, ssh_aliases) -> None:
    db = _through(server_db, "guiapp-wrongkey")
    try:
        with pytest.raises(ConnectError) as failed:
            db.open()
    finally:
        db.dispose()
    message = str(failed.value)
    assert message.startswith("SSH tunnel through guiapp-wrongkey: ") and "Permission denied" in message
    assert "IdentityFile" in message and "\n" not in message


def test_a_key_passphrase_comes_from_the_keyring(server_db, ssh_aliases, memory_keyring) -> None:
    db = _through(server_db, "guiapp-locked")
    try:
        with pytest.raises(ConnectError, match="Permission denied"):
            db.open()  # no passphrase saved: refused, never a prompt on a terminal
    finally:
        db.dispose()
    memory_keyring.set_password(KEYRING_SERVICE, "guiapp-locked", PASSPHRASE)
    db = _through(server_db, "guiapp-locked")
    try:
        with db.connect() as conn:
            assert conn.exec_driver_sql("SELECT 3").scalar() == 3
    finally:
        db.dispose()


def test_a_dropped_tunnel_comes_back_with_the_pool(server_db, ssh_aliases) -> None:
    db = _through(server_db, "guiapp-bastion")
    try:
        db.open()
        first_port = db.tunnel.local_port
        db.tunnel._process.kill()  # the tunnel drops (a laptop sleeps, the bastion restarts ssh)
        db.tunnel._process.wait(5)
        with recording(signals.tunnel_changed) as seen:
            with db.connect() as conn:  # pre-ping finds the pooled connection dead and makes another
                assert conn.exec_driver_sql("SELECT 4").scalar() == 4
        assert [kw["state"] for _name, kw in seen.events] == ["reconnecting", "up"]
        assert db.tunnel.up and first_port > 0
    finally:
        db.dispose()


def test_an_unknown_alias_and_a_sqlite_file_are_refused_plainly(server_db, sqlite_db, ssh_aliases) -> None:
    db = _through(server_db, "no-such-alias-anywhere")
    try:
        with pytest.raises(ConnectError, match="SSH tunnel through no-such-alias-anywhere: .*resolve"):
            db.open()
    finally:
        db.dispose()
    with pytest.raises(ConfigError, match="a database file is opened where it is"):
        ConnectionProfile.from_text(str(sqlite_db.url), PoolOptions(ssh="guiapp-bastion")).database()
