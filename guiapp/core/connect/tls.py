"""TLS for MariaDB/MySQL and PostgreSQL: a mode, a CA file, a client certificate and its key, written
into the URL as the driver's own parameters (so a stored or saved URL keeps them; they are paths,
not secrets). Which parameters, and how each driver is made to honour the mode, is the backend's
(``tls_query``, ``tls_in``): MariaDB's ``ssl_ca``… and PostgreSQL's ``sslmode``….
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL

from guiapp.core.backends import backend_for
from guiapp.core.errors import ConfigError

MODES = ("off", "require", "verify-ca", "verify-full")
MODE_TEXT = {"off": "Off (the server's default)", "require": "Required, certificate not checked",
             "verify-ca": "Verify the server's certificate (CA)", "verify-full": "Verify the CA and the host name"}


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
        return self.files_checked()

    def files_checked(self) -> "TlsOptions":
        """The options, or a ConfigError naming the first file that is missing or cannot be read
        (a driver would only say "No such file or directory", or nothing, and not which)."""
        for label, path in (("CA file", self.ca), ("client certificate", self.cert), ("client key", self.key)):
            if not path:
                continue
            file = Path(path).expanduser()
            if not file.is_file():
                raise ConfigError(f"The {label} {path} does not exist or is not a file.")
            try:
                with open(file, "rb"):
                    pass
            except OSError as exc:
                raise ConfigError(f"The {label} {path} cannot be read: {exc.strerror}.") from None
        return self


def with_tls(url: URL, tls: TlsOptions) -> URL:
    """``url`` with ``tls`` as its driver's parameters (earlier TLS parameters replaced)."""
    tls = tls.checked()
    backend = backend_for(url.get_backend_name())
    if not backend.tls_keys:
        raise ConfigError(f"TLS options are for MariaDB, MySQL and PostgreSQL; {url.get_backend_name()} "
                          "does not take them.")
    url = url.difference_update_query(backend.tls_keys)
    if tls.mode == "off" and not tls.cert:
        return url
    files = {name: str(Path(value).expanduser().resolve()) if value else ""
             for name, value in (("ca", tls.ca), ("cert", tls.cert), ("key", tls.key))}
    return url.update_query_dict(backend.tls_query(tls.mode, files))


def tls_of(url: URL) -> TlsOptions:
    """The TLS options a URL carries (for a dialog filled in from a stored URL)."""
    found = backend_for(url.get_backend_name()).tls_in(url)
    return TlsOptions(*found) if found else TlsOptions()
