"""TLS for MariaDB/MySQL and PostgreSQL: a mode, a CA file, a client certificate and its key, written
into the URL as the driver's own parameters (so a stored or saved URL keeps them; they are paths,
not secrets):

- PyMySQL: ``ssl_ca``, ``ssl_cert``, ``ssl_key``, ``ssl_check_hostname``;
- psycopg: ``sslmode``, ``sslrootcert``, ``sslcert``, ``sslkey``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from guiapp.core.errors import ConfigError

MODES = ("off", "require", "verify-ca", "verify-full")
MODE_TEXT = {"off": "Off (the server's default)", "require": "Required, certificate not checked",
             "verify-ca": "Verify the server's certificate (CA)", "verify-full": "Verify the CA and the host name"}
_MYSQL_KEYS = ("ssl_ca", "ssl_cert", "ssl_key", "ssl_check_hostname")
_PG_KEYS = ("sslmode", "sslrootcert", "sslcert", "sslkey")


@dataclass(frozen=True)
class TlsOptions:
    mode: str = "off"
    ca: str = ""
    cert: str = ""
    key: str = ""

    def checked(self) -> "TlsOptions":
        """The options, or a ConfigError naming what is missing or not a file."""
        if self.mode not in MODES:
            raise ConfigError(f"Unknown TLS mode {self.mode!r}: one of {', '.join(MODES)}.")
        if self.mode in ("verify-ca", "verify-full") and not self.ca:
            raise ConfigError("Verifying the server's certificate needs the CA file that signed it.")
        if bool(self.cert) != bool(self.key):
            raise ConfigError("A client certificate needs its key file too (and the key its certificate).")
        for label, path in (("CA file", self.ca), ("client certificate", self.cert), ("client key", self.key)):
            if path and not Path(path).expanduser().is_file():
                raise ConfigError(f"The {label} {path} does not exist or is not a file.")
        return self


def with_tls(url: URL, tls: TlsOptions) -> URL:
    """``url`` with ``tls`` as its driver's parameters (earlier TLS parameters replaced)."""
    tls = tls.checked()
    backend = url.get_backend_name()
    if tls.mode == "off" and not tls.cert:
        return url.difference_update_query(_MYSQL_KEYS + _PG_KEYS)
    path = {name: str(Path(value).expanduser().resolve()) if value else ""
            for name, value in (("ca", tls.ca), ("cert", tls.cert), ("key", tls.key))}
    if backend in ("mysql", "mariadb"):
        query = {"ssl_check_hostname": "true" if tls.mode == "verify-full" else "false"}
        query.update({f"ssl_{k}": v for k, v in path.items() if v})
        return url.difference_update_query(_MYSQL_KEYS).update_query_dict(query)
    if backend == "postgresql":
        query = {"sslmode": tls.mode if tls.mode != "off" else "prefer"}
        query.update({pg: path[k] for k, pg in (("ca", "sslrootcert"), ("cert", "sslcert"), ("key", "sslkey"))
                      if path[k]})
        return url.difference_update_query(_PG_KEYS).update_query_dict(query)
    raise ConfigError(f"TLS options are for MariaDB, MySQL and PostgreSQL; {backend} does not take them.")


def tls_of(url: URL) -> TlsOptions:
    """The TLS options a URL carries (for a dialog filled in from a stored URL)."""
    q = url.query
    if url.get_backend_name() in ("mysql", "mariadb"):
        if not any(k in q for k in _MYSQL_KEYS):
            return TlsOptions()
        mode = "verify-full" if str(q.get("ssl_check_hostname", "")).lower() == "true" else (
            "verify-ca" if q.get("ssl_ca") else "require")
        return TlsOptions(mode, str(q.get("ssl_ca", "")), str(q.get("ssl_cert", "")), str(q.get("ssl_key", "")))
    if url.get_backend_name() == "postgresql" and "sslmode" in q:
        mode = str(q["sslmode"])
        return TlsOptions(mode if mode in MODES else "off", str(q.get("sslrootcert", "")),
                          str(q.get("sslcert", "")), str(q.get("sslkey", "")))
    return TlsOptions()
