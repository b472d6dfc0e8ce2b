"""An SSH tunnel to a database behind a bastion, through the system's own ``ssh``: so the user's
``~/.ssh/config`` is honoured as it is (Host aliases, ProxyJump, ProxyCommand, IdentityFile, the
agent), which no Python SSH library does in full.

``ssh -N -L 127.0.0.1:<free port>:<db host>:<db port> <alias>`` runs for as long as the Database
lives. A key passphrase or SSH password saved in the system keyring reaches ssh through
``SSH_ASKPASS`` (a tiny script that prints it; it is never written to a file); a host-key question
is refused, not answered. Every new pooled connection first makes sure the tunnel is up, so a
dropped tunnel is started again when the pool reconnects. ``tunnel-changed`` announces its state.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import stat
import subprocess
import threading
import time
import weakref

from guiapp import signals
from guiapp.core.errors import ConfigError, ConnectError
from guiapp.core.paths import data_dir

KEYRING_SERVICE = "guiapp-ssh"  # keyring entries: (service, SSH alias) -> passphrase or password
_ASKPASS = """#!/bin/sh
# guiapp's answer to ssh's questions: the saved secret for a passphrase or password, never "yes".
case "$1" in *yes/no*|*fingerprint*) exit 1 ;; esac
[ -n "$GUIAPP_SSH_SECRET" ] || exit 1
printf '%s\\n' "$GUIAPP_SSH_SECRET"
"""


def ssh_config_file() -> str | None:
    """An ssh config file to use instead of ~/.ssh/config (GUIAPP_SSH_CONFIG), or None."""
    return os.environ.get("GUIAPP_SSH_CONFIG") or None


_typed: dict[str, str] = {}  # secrets typed in this session, for machines without a keyring


def saved_secret(alias: str) -> str | None:
    """The passphrase or password for ``alias``: typed in this session, else saved in the keyring."""
    from guiapp.core.connect.keychain import secret
    return _typed.get(alias) or secret(KEYRING_SERVICE, alias)


def use_secret(alias: str, value: str) -> None:
    """Use ``value`` for ``alias`` from now on, in this process (memory only: at once, on any thread)."""
    _typed[alias] = value


def save_secret(alias: str, value: str) -> bool:
    """Use ``value`` for ``alias`` from now on, and keep it in the system keyring; False where there
    is none (then it lasts until guiapp ends, and is asked for again next time). The keyring may
    take its time (a D-Bus service, an unlock prompt): call it off the GUI thread."""
    from guiapp.core.connect.keychain import keep_secret
    use_secret(alias, value)
    return keep_secret(KEYRING_SERVICE, alias, value)


def _askpass_script() -> str:
    path = data_dir() / "ssh-askpass.sh"
    if not path.exists() or path.read_text(encoding="utf-8") != _ASKPASS:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_ASKPASS, encoding="utf-8")
    path.chmod(stat.S_IRWXU)
    return str(path)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ssh runs in a session of its own (a Ctrl-C in the terminal is guiapp's to handle), so it would
# outlive a guiapp that exits without closing its database: every tunnel still running ends with it.
_running: "weakref.WeakSet[SshTunnel]" = weakref.WeakSet()


@atexit.register
def _stop_every_tunnel() -> None:
    for tunnel in list(_running):
        tunnel._stop()  # no signal: the views that would hear it are gone by now


class SshTunnel:
    """A forward from 127.0.0.1:``local_port`` to ``host``:``port`` as seen from ``alias``."""

    def __init__(self, alias: str, host: str, port: int, timeout: float = 10.0, owner: object = None) -> None:
        if alias.startswith("-"):  # ssh would read it as an option (-oProxyCommand=... runs a command)
            raise ConfigError(f"The SSH alias {alias!r} starts with '-', which ssh reads as an option: "
                              "name a Host of your ssh config.")
        if shutil.which("ssh") is None:
            raise ConnectError("An SSH tunnel needs the ssh command (OpenSSH), and it is not installed.")
        self.alias, self.host, self.port, self.timeout = alias, host, port, timeout
        self.owner = owner  # the sender of tunnel-changed (the Database)
        self.local_port = 0
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._closed = False

    @property
    def up(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def ensure(self) -> int:
        """The local port, starting (or restarting) ssh when it is not running."""
        with self._lock:
            if self._closed:
                raise ConnectError(f"The SSH tunnel through {self.alias} was closed.")
            if not self.up:
                restarting = self._process is not None
                self._start(restarting)
            return self.local_port

    def _start(self, restarting: bool) -> None:
        self.local_port = _free_port()
        command = ["ssh", "-N", "-L", f"127.0.0.1:{self.local_port}:{self.host}:{self.port}",
                   "-o", "ExitOnForwardFailure=yes", "-o", "ServerAliveInterval=15", "-o", "ServerAliveCountMax=3",
                   "-o", "ConnectTimeout=" + str(max(1, int(self.timeout)))]
        if ssh_config_file():
            command += ["-F", ssh_config_file()]  # type: ignore[list-item]
        command += ["--", self.alias]  # the destination, never an option
        env = {**os.environ, "SSH_ASKPASS": _askpass_script(), "SSH_ASKPASS_REQUIRE": "force",
               "DISPLAY": os.environ.get("DISPLAY", ":0"), "GUIAPP_SSH_SECRET": saved_secret(self.alias) or ""}
        signals.tunnel_changed.send(self.owner, state="reconnecting" if restarting else "connecting",
                                    alias=self.alias, local_port=self.local_port)
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.PIPE, env=env, start_new_session=True)
        _running.add(self)
        deadline = time.monotonic() + self.timeout + 5
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise self._failed()
            try:
                with socket.create_connection(("127.0.0.1", self.local_port), timeout=0.5):
                    signals.tunnel_changed.send(self.owner, state="up", alias=self.alias, local_port=self.local_port)
                    return
            except OSError:
                time.sleep(0.05)
        self._stop()
        raise ConnectError(f"The SSH tunnel through {self.alias} did not open within {self.timeout:g} s.")

    def _failed(self) -> ConnectError:
        """ssh ended: its last words, as one sentence the user can act on."""
        assert self._process is not None
        said = (self._process.stderr.read() if self._process.stderr else b"").decode("utf-8", "replace")
        lines = [line.strip() for line in said.splitlines() if line.strip() and not line.startswith("Warning:")]
        last = lines[-1] if lines else f"ssh exited with status {self._process.returncode}"
        signals.tunnel_changed.send(self.owner, state="down", alias=self.alias, local_port=self.local_port)
        hint = ""
        if "Permission denied" in last:
            hint = (" The server refused the key (or the password): check IdentityFile for this host in your "
                    "ssh config, and save the key's passphrase if it has one.")
        elif "Host key verification failed" in last:
            hint = f" Connect once with `ssh {self.alias}` in a terminal to check and trust the host's key."
        elif "Could not resolve hostname" in last:
            hint = " Is the alias spelled as in your ssh config?"
        return ConnectError(f"SSH tunnel through {self.alias}: {last}.{hint}".replace("..", "."))

    def _stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(3)
            except subprocess.TimeoutExpired:
                self._process.kill()
        if self._process is not None and self._process.stderr:
            self._process.stderr.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            was_up = self.up
            self._stop()
        if was_up:
            signals.tunnel_changed.send(self.owner, state="closed", alias=self.alias, local_port=self.local_port)

