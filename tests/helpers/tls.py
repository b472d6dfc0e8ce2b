"""Certificates for the TLS tests, made with the openssl command: a CA, a server certificate for
127.0.0.1 and localhost, a client certificate, and a second CA that signed none of them."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Certs:
    ca: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path
    other_ca: Path


def _openssl(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def _ca(folder: Path, name: str) -> tuple[Path, Path]:
    key, cert = folder / f"{name}.key", folder / f"{name}.pem"
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
             "-keyout", str(key), "-out", str(cert))
    return cert, key


def _signed(folder: Path, name: str, cn: str, ca: tuple[Path, Path], san: str = "") -> tuple[Path, Path]:
    key, csr, cert = folder / f"{name}.key", folder / f"{name}.csr", folder / f"{name}.pem"
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={cn}", "-keyout", str(key), "-out", str(csr))
    extra = folder / f"{name}.ext"
    extra.write_text(f"subjectAltName={san}\n" if san else "basicConstraints=CA:FALSE\n")
    _openssl("x509", "-req", "-in", str(csr), "-CA", str(ca[0]), "-CAkey", str(ca[1]), "-CAcreateserial",
             "-days", "2", "-out", str(cert), "-extfile", str(extra))
    key.chmod(0o600)
    return cert, key


def make_certs(folder: Path) -> Certs:
    folder.mkdir(parents=True, exist_ok=True)
    ca = _ca(folder, "guiapp-test-ca")
    other = _ca(folder, "guiapp-other-ca")
    server = _signed(folder, "server", "localhost", ca, "IP:127.0.0.1,DNS:localhost")
    client = _signed(folder, "client", "tlsuser", ca)
    return Certs(ca[0], server[0], server[1], client[0], client[1], other[0])


def encrypted(conn) -> bool:
    """Whether this SQLAlchemy connection's session runs over TLS, as the server sees it."""
    if conn.dialect.name == "mysql":
        return bool(conn.exec_driver_sql("SHOW SESSION STATUS LIKE 'Ssl_cipher'").fetchone()[1])
    return bool(conn.exec_driver_sql("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").scalar())
