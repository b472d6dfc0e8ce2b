"""A real OpenSSH server on 127.0.0.1 for the tunnel tests, and an ssh config file (given to guiapp
through GUIAPP_SSH_CONFIG, as ~/.ssh/config would be) with the aliases the tests use:

- guiapp-bastion: the server, with a key it accepts;
- guiapp-inner: the same server reached through guiapp-bastion (ProxyJump);
- guiapp-wrongkey: a key the server does not accept;
- guiapp-locked: an accepted key protected by the passphrase PASSPHRASE.

The server is Debian's openssh-server; where it is missing and the tests run as root, it is installed
with apt-get (the project's own files install it; .ci/run does so before the tests)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.system import ensure_debian_package

SSHD = "/usr/sbin/sshd"
PASSPHRASE = "open sesame"


def ensure_installed() -> None:
    ensure_debian_package(SSHD, "openssh-server")
    ensure_debian_package("ssh-keygen", "openssh-client")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _keygen(path: Path, passphrase: str = "") -> None:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", passphrase, "-C", path.name, "-f", str(path)],
                   check=True, capture_output=True)


@dataclass
class Sshd:
    port: int
    config: Path  # the client's ssh config file
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def start(folder: Path) -> Sshd:
    ensure_installed()
    for name in ("host", "client", "wrong"):
        _keygen(folder / name)
    _keygen(folder / "locked", PASSPHRASE)
    (folder / "authorized_keys").write_text((folder / "client.pub").read_text() + (folder / "locked.pub").read_text())
    port = _free_port()
    (folder / "sshd_config").write_text(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {folder / 'host'}
PidFile {folder / 'sshd.pid'}
AuthorizedKeysFile {folder / 'authorized_keys'}
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowTcpForwarding yes
LogLevel ERROR
""")
    host_key = (folder / "host.pub").read_text().split()
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n")
    user = os.environ.get("USER") or "root"
    common = (f"  HostName 127.0.0.1\n  Port {port}\n  User {user}\n  IdentitiesOnly yes\n  IdentityAgent none\n"
              f"  UserKnownHostsFile {folder / 'known_hosts'}\n  StrictHostKeyChecking yes\n")
    (folder / "ssh_config").write_text(
        f"Host guiapp-bastion\n{common}  IdentityFile {folder / 'client'}\n\n"
        f"Host guiapp-inner\n{common}  IdentityFile {folder / 'client'}\n  ProxyJump guiapp-bastion\n\n"
        f"Host guiapp-wrongkey\n{common}  IdentityFile {folder / 'wrong'}\n\n"
        f"Host guiapp-locked\n{common}  IdentityFile {folder / 'locked'}\n")
    for key in ("client", "wrong", "locked"):
        (folder / key).chmod(0o600)
    Path("/run/sshd").mkdir(parents=True, exist_ok=True)  # sshd's privilege separation directory
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(folder / "sshd_config")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sshd did not start: {process.stderr.read().decode()[-500:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return Sshd(port, folder / "ssh_config", process)
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("sshd did not listen within 15 s")
