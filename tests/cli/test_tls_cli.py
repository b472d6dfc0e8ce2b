"""TLS from the command line, as a user types it: a URL with the driver's TLS parameters, through every
driver (PyMySQL, mysqlclient, psycopg) and every mode. Against a server that speaks TLS the session is
encrypted, as the server itself reports it; against one that does not, guiapp refuses in one sentence
and exits non-zero: no mode ever falls back to plain text."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from guiapp.core.connect.tls import TlsOptions, with_tls
from tests.helpers.cli import guiapp

MODES = ("require", "verify-ca", "verify-full")
# The cipher of this session as the server sees it: empty or NULL when it is plain text.
CIPHER_SQL = {"mysql": "SHOW SESSION STATUS LIKE 'Ssl_cipher'",
              "postgresql": "SELECT 'cipher', cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()"}


def tls_url(server, certs, mode: str) -> str:
    tls = TlsOptions(mode, "" if mode == "require" else str(certs.ca))
    return with_tls(make_url(server.url), tls).render_as_string(hide_password=False)


@pytest.mark.parametrize("mode", MODES)
def test_every_mode_gets_an_encrypted_session(tls_server, mode: str) -> None:
    server, certs = tls_server
    done = guiapp("--url", tls_url(server, certs, mode), "query", "--format", "csv", CIPHER_SQL[server.kind])
    assert done.returncode == 0, done.stderr
    name, cipher = done.stdout.splitlines()[1].split(",", 1)
    assert cipher.strip(), f"{mode} through {server.url.split(':')[0]} is plain text"


@pytest.mark.parametrize("mode", MODES)
def test_a_server_without_tls_is_refused_in_one_sentence(plain_server, mode: str) -> None:
    server, certs = plain_server
    done = guiapp("--url", tls_url(server, certs, mode), "query", "--format", "csv", CIPHER_SQL[server.kind])
    assert done.returncode != 0, f"{mode} connected in plain text: {done.stdout}"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "does not offer TLS" in lines[0] and "not connected" in lines[0], lines[0]
    assert done.stdout == ""


FILE_PARAMETERS = {"mysql": ("ssl_ca", "ssl_cert", "ssl_key"), "postgresql": ("sslrootcert", "sslcert", "sslkey")}
LABELS = ("CA file", "client certificate", "client key")


@pytest.mark.parametrize("which", [0, 1, 2], ids=LABELS)
def test_a_missing_tls_file_is_named(tls_server, tmp_path, which: int) -> None:
    server, certs = tls_server
    files = [str(certs.ca), str(certs.client_cert), str(certs.client_key)]
    files[which] = str(tmp_path / "gone.pem")
    query = "&".join(f"{name}={path}" for name, path in zip(FILE_PARAMETERS[server.kind], files))
    extra = "sslmode=verify-full&" if server.kind == "postgresql" else ""
    done = guiapp("--url", f"{server.url}?{extra}{query}", "query", "SELECT 1")
    assert done.returncode != 0
    assert done.stderr.strip() == f"Error: The {LABELS[which]} {files[which]} does not exist or is not a file."


def test_an_unreadable_tls_file_is_named(tls_server, tmp_path) -> None:
    server, certs = tls_server
    unreadable = tmp_path / "ca.pem"
    unreadable.write_bytes(certs.ca.read_bytes())
    unreadable.chmod(0)
    name = FILE_PARAMETERS[server.kind][0]
    extra = "sslmode=verify-full&" if server.kind == "postgresql" else ""
    # root reads any file: without the capability that lets it, as any other user
    done = guiapp("--url", f"{server.url}?{extra}{name}={unreadable}", "query", "SELECT 1",
                  wrapper=["setpriv", "--bounding-set", "-dac_override,-dac_read_search"])
    assert done.returncode != 0
    assert done.stderr.strip() == f"Error: The CA file {unreadable} cannot be read: Permission denied."


@pytest.mark.parametrize("plain_server", ["mysqlc"], indirect=True)  # ssl_mode is mysqlclient's own parameter
@pytest.mark.parametrize("named", ["REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"])
def test_mysqlclients_own_ssl_mode_is_enforced_too(plain_server, named: str) -> None:
    server, certs = plain_server
    ca = "" if named == "REQUIRED" else f"&ssl_ca={certs.ca}"
    done = guiapp("--url", f"{server.url}?ssl_mode={named}{ca}", "query", "SELECT 1")
    assert done.returncode != 0, f"ssl_mode={named} connected in plain text"
    assert "does not offer TLS" in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize("plain_server", ["mysql"], indirect=True)
def test_ssl_mode_through_pymysql_says_what_to_write_instead(plain_server) -> None:
    server, _certs = plain_server
    done = guiapp("--url", f"{server.url}?ssl_mode=REQUIRED", "query", "SELECT 1")
    assert done.returncode != 0
    assert done.stderr.strip().startswith("Error: ssl_mode is mysqlclient's parameter; through PyMySQL give ssl_ca")
