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
