"""TLS to MariaDB and PostgreSQL servers of the tests' own that speak it (certificates made with
openssl): verifying the CA and the host name, a client certificate the server requires, a CA that
did not sign the server's certificate, and options that cannot work, each a plain sentence."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from guiapp.core.errors import ConfigError, GuiappError
from guiapp.core.connect.profiles import ConnectionProfile
from guiapp.core.connect.tls import TlsOptions, tls_of, with_tls
from tests.helpers.tls import encrypted


def _open(url: str, tls: TlsOptions, user: str = "tlsuser"):
    target = make_url(url).set(username=user)
    return ConnectionProfile.from_text(with_tls(target, tls)).open()


def test_verified_with_a_client_certificate(tls_server) -> None:
    server, certs = tls_server
    db = _open(server.url, TlsOptions("verify-full", str(certs.ca), str(certs.client_cert), str(certs.client_key)))
    try:
        with db.connect() as conn:
            assert encrypted(conn)
    finally:
        db.dispose()
    assert tls_of(db.url) == TlsOptions("verify-full", str(certs.ca), str(certs.client_cert), str(certs.client_key))


def test_required_without_checking_encrypts(tls_server) -> None:
    server, _certs = tls_server
    db = _open(server.url, TlsOptions("require"), user="root")
    try:
        with db.connect() as conn:
            assert encrypted(conn)
    finally:
        db.dispose()


def test_a_ca_that_did_not_sign_the_server_is_refused(tls_server) -> None:
    server, certs = tls_server
    with pytest.raises(GuiappError) as refused:
        _open(server.url, TlsOptions("verify-ca", str(certs.other_ca), str(certs.client_cert), str(certs.client_key)))
    message = str(refused.value)
    assert message.startswith("The server's TLS certificate was not accepted") and "\n" not in message


def test_a_user_that_needs_a_client_certificate_is_refused_without_one(tls_server) -> None:
    server, certs = tls_server
    with pytest.raises(GuiappError) as refused:
        _open(server.url, TlsOptions("verify-full", str(certs.ca)))
    if server.kind == "postgresql":
        assert str(refused.value).startswith("The server requires a client certificate for this user")
    else:  # MariaDB only says that tlsuser (REQUIRE X509) was refused
        assert "Access denied for user 'tlsuser'" in str(refused.value)


def test_options_that_cannot_work_say_why(tmp_path) -> None:
    url = make_url("mysql+pymysql://root@127.0.0.1/test")
    with pytest.raises(ConfigError, match="needs the CA file"):
        with_tls(url, TlsOptions("verify-ca"))
    with pytest.raises(ConfigError, match="needs its key file"):
        with_tls(url, TlsOptions("require", cert=str(tmp_path / "c.pem")))
    with pytest.raises(ConfigError, match="does not exist"):
        with_tls(url, TlsOptions("verify-ca", ca=str(tmp_path / "nope.pem")))
    with pytest.raises(ConfigError, match="sqlite does not take them"):
        with_tls(make_url("sqlite:///x.db"), TlsOptions("require"))
    assert with_tls(with_tls(url, TlsOptions("require")), TlsOptions()) == url  # off removes them again
