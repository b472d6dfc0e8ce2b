"""Private MariaDB and PostgreSQL servers that a test may stop, kill and start again.

The shared servers serve every other test; a fault test needs its own, on its own port and data
folder, made from the same binaries the machine runs. Each starts in about a second.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

MARIADB = shutil.which("mariadbd") or "/usr/sbin/mariadbd"
MARIADB_INSTALL = shutil.which("mariadb-install-db") or shutil.which("mysql_install_db")
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None) if Path("/usr/lib/postgresql").exists() else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, up: bool, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                if up:
                    return
        except OSError:
            if not up:
                return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not go {'up' if up else 'down'} within {timeout} s")


def _run(cmd: list[str], **kw) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)
    if done.returncode:
        pytest.fail(f"{cmd[0]} failed ({done.returncode}): {done.stderr[-2000:]}")


class PrivateServer:
    """A server of our own: ``url``, ``stop()`` (a crash, by default), ``start()``, ``freeze()``."""

    name = ""
    url = ""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="guiapp-private-"))
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        raise NotImplementedError

    def _spawn(self, cmd: list[str], **kw) -> None:
        # A process group of its own, so that a crash or a freeze reaches every process of the server.
        with open(self.folder / "server.log", "ab") as log:
            self.process = subprocess.Popen(cmd, stdout=log, stderr=log, start_new_session=True, **kw)
        _wait_for_port(self.port, up=True)

    def _signal_all(self, sig: int) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)

    def stop(self, crash: bool = True) -> None:
        """Kill the server (``crash``) or shut it down cleanly; either way its port closes."""
        if self.process and self.process.poll() is None:
            if crash:
                self._signal_all(signal.SIGKILL)
            else:
                self._shut_down()
            self.process.wait(30)
        self.process = None
        _wait_for_port(self.port, up=False)

    #: the signal for a clean shutdown that does not wait for clients to leave.
    clean_stop = signal.SIGTERM

    def _shut_down(self) -> None:
        self.process.send_signal(self.clean_stop)

    def freeze(self) -> None:
        """Stop every process of the server without closing its sockets: a server that no longer answers."""
        self._signal_all(signal.SIGSTOP)

    def thaw(self) -> None:
        self._signal_all(signal.SIGCONT)

    def close(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()
        self.stop(crash=True)
        shutil.rmtree(self.folder, ignore_errors=True)


class ThroughDriver:
    """A private server reached through another driver: its own ``url``, everything else the server's."""

    def __init__(self, server: PrivateServer, url: str) -> None:
        self.server = server
        self.url = url

    def __getattr__(self, name: str):
        return getattr(self.server, name)


class PrivateMariaDB(PrivateServer):
    name = "MariaDB"
    kind = "mysql"

    def __init__(self) -> None:
        super().__init__()
        if not MARIADB_INSTALL:
            pytest.fail("mariadb-install-db is not installed; the fault tests need MariaDB's server binaries")
        # Temporary files in the server's own folder: two servers made at once (parallel workers)
        # in the shared /tmp once failed on each other's temporary tables.
        (self.folder / "tmp").mkdir()
        _run([MARIADB_INSTALL, "--no-defaults", f"--datadir={self.folder / 'data'}", "--user=root",
              "--auth-root-authentication-method=normal", "--skip-test-db", f"--tmpdir={self.folder / 'tmp'}"])
        self.url = f"mysql+pymysql://root@127.0.0.1:{self.port}/test"
        self.start()
        self.admin("CREATE DATABASE test", database=None)

    #: server options a subclass adds (TLS certificates)
    extra_options: tuple[str, ...] = ()

    def start(self) -> None:
        self._spawn(
            [MARIADB, "--no-defaults", f"--datadir={self.folder / 'data'}", f"--port={self.port}",
             "--bind-address=127.0.0.1", f"--socket={self.folder / 'sock'}", "--user=root",
             f"--pid-file={self.folder / 'pid'}", f"--log-error={self.folder / 'error.log'}",
             f"--tmpdir={self.folder / 'tmp'}",
             "--skip-log-bin", "--innodb-buffer-pool-size=16M", "--skip-name-resolve", *self.extra_options])

    def reset(self) -> None:
        """Back to a fresh server: no client session left (a killed client's statement may still run,
        and would look like the next test's), an empty test database, default settings."""
        import pymysql
        conn = pymysql.connect(host="127.0.0.1", port=self.port, user="root", autocommit=True)
        try:
            cur = conn.cursor()
            cur.execute("SELECT ID FROM information_schema.PROCESSLIST "
                        "WHERE ID <> CONNECTION_ID() AND COMMAND NOT IN ('Daemon', 'Binlog Dump')")
            for (session,) in cur.fetchall():
                try:
                    cur.execute(f"KILL {int(session)}")
                except pymysql.err.OperationalError:  # it ended meanwhile
                    pass
        finally:
            conn.close()
        self.admin("SET GLOBAL wait_timeout = DEFAULT", database=None)
        self.admin("DROP DATABASE IF EXISTS test", database=None)
        self.admin("CREATE DATABASE test", database=None)

    def busy(self, text: str = "") -> bool:
        """True while another session runs a statement (one that has reached the server) whose text
        holds ``text``: a driver's own first queries while it connects are not the statement."""
        import pymysql
        conn = pymysql.connect(host="127.0.0.1", port=self.port, user="root", autocommit=True)
        try:
            cur = conn.cursor()
            cur.execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                        "WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query' AND INFO LIKE %s", (f"%{text}%",))
            return cur.fetchone()[0] > 0
        finally:
            conn.close()

    def admin(self, sql: str, database: str | None = "test") -> None:
        """Run one statement as the administrator, on a connection of its own."""
        import pymysql
        conn = pymysql.connect(host="127.0.0.1", port=self.port, user="root", database=database, autocommit=True)
        try:
            conn.cursor().execute(sql)
        finally:
            conn.close()


class PrivatePostgreSQL(PrivateServer):
    name = "PostgreSQL"
    kind = "postgresql"
    clean_stop = signal.SIGINT  # "fast" shutdown; SIGTERM waits for every client to disconnect

    def __init__(self) -> None:
        super().__init__()
        if PG_BIN is None:
            pytest.fail("PostgreSQL's server binaries are not installed; the fault tests need them")
        # PostgreSQL refuses to run as root: it runs as the postgres user, who owns its data folder.
        shutil.chown(self.folder, "postgres")
        os.chmod(self.folder, 0o700)
        _run([str(PG_BIN / "initdb"), "-D", str(self.folder / "data"),
              "-A", "trust", "-U", "root", "--no-sync"], user="postgres", group="postgres", cwd=self.folder)
        self.url = f"postgresql+psycopg://root@127.0.0.1:{self.port}/test"
        self.start()
        self.admin("CREATE DATABASE test", database="postgres")

    def start(self) -> None:
        self._spawn(
            [str(PG_BIN / "postgres"), "-D", str(self.folder / "data"),
             "-p", str(self.port), "-k", str(self.folder), "-c", "listen_addresses=127.0.0.1",
             "-c", "fsync=off"], user="postgres", group="postgres")
        self._wait_ready()

    def _wait_ready(self) -> None:
        """The port opens before the server accepts sessions: wait until one succeeds."""
        deadline = time.monotonic() + 30
        while True:
            try:
                self.admin("SELECT 1", database="postgres")
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def reset(self) -> None:
        """Back to a fresh server: an empty test database, default settings."""
        self.admin("ALTER SYSTEM RESET ALL", database="postgres")
        self.admin("SELECT pg_reload_conf()", database="postgres")
        self.admin("DROP DATABASE IF EXISTS test WITH (FORCE)", database="postgres")
        self.admin("CREATE DATABASE test", database="postgres")

    def _signal_all(self, sig: int) -> None:
        # Each PostgreSQL backend calls setsid(): it leaves the postmaster's process group, so the
        # postmaster and its children are signalled one by one.
        if self.process is None or self.process.poll() is not None:
            return
        main = self.process.pid
        children = subprocess.run(["pgrep", "-P", str(main)], capture_output=True, text=True).stdout.split()
        for pid in [main, *map(int, children)]:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def busy(self, text: str = "") -> bool:
        """True while another session runs a statement (one that has reached the server; a
        streamed read shows as its FETCH) whose text holds ``text``."""
        import psycopg
        with psycopg.connect(host="127.0.0.1", port=self.port, user="root", dbname="postgres",
                             autocommit=True, connect_timeout=3) as conn:
            row = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                               "AND backend_type = 'client backend' AND state = 'active' "
                               "AND (query ILIKE %s OR query ILIKE 'FETCH %%')", (f"%{text}%",)).fetchone()
            return row[0] > 0

    def admin(self, sql: str, database: str = "test") -> None:
        import psycopg
        with psycopg.connect(host="127.0.0.1", port=self.port, user="root", dbname=database,
                             autocommit=True, connect_timeout=3) as conn:
            conn.execute(sql)


class TlsMariaDB(PrivateMariaDB):
    """A MariaDB that speaks TLS with ``certs``; the user tlsuser must show a client certificate."""

    def __init__(self, certs) -> None:
        self.certs = certs
        self.extra_options = (f"--ssl-ca={certs.ca}", f"--ssl-cert={certs.server_cert}",
                              f"--ssl-key={certs.server_key}")
        super().__init__()
        self.admin("CREATE USER tlsuser@'%' REQUIRE X509", database=None)
        self.admin("GRANT ALL ON test.* TO tlsuser@'%'", database=None)


class TlsPostgreSQL(PrivatePostgreSQL):
    """A PostgreSQL that speaks TLS with ``certs``; the user tlsuser must come over TLS with a client
    certificate signed by the CA (root, the administrator, may come in plain)."""

    def __init__(self, certs) -> None:
        self.certs = certs
        super().__init__()
        self.admin("CREATE ROLE tlsuser LOGIN", database="postgres")
        self.admin("GRANT ALL ON DATABASE test TO tlsuser", database="postgres")

    def start(self) -> None:
        data = self.folder / "data"
        owned = {}
        for name in ("ca", "server_cert", "server_key"):  # the server reads them as postgres, key 0600
            target = self.folder / f"{name}.pem"
            shutil.copy(getattr(self.certs, name), target)
            shutil.chown(target, "postgres")
            target.chmod(0o600)
            owned[name] = target
        (data / "pg_hba.conf").write_text(
            "local all all trust\n"
            "hostssl all tlsuser 127.0.0.1/32 trust clientcert=verify-ca\n"
            "hostnossl all tlsuser 127.0.0.1/32 reject\n"
            "host all all 127.0.0.1/32 trust\n")
        self._spawn(
            [str(PG_BIN / "postgres"), "-D", str(data), "-p", str(self.port), "-k", str(self.folder),
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "ssl=on",
             "-c", f"ssl_cert_file={owned['server_cert']}", "-c", f"ssl_key_file={owned['server_key']}",
             "-c", f"ssl_ca_file={owned['ca']}"], user="postgres", group="postgres")
        self._wait_ready()


class PlainMariaDB(PrivateMariaDB):
    """A MariaDB that does not speak TLS at all (MariaDB 11.4 and later would make a certificate
    of its own unless told)."""

    extra_options = ("--skip-ssl",)
