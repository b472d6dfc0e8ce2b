"""Connection profiles: the one place a URL with its password is parsed, shown, stored and opened.

A ConnectionProfile holds the parsed URL (password included: never print it), the pool
options and whether a missing SQLite file may be created. Everything shown or stored goes
through ``display`` or ``for_storage()``; the password stays in the URL object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL

from guiapp.core.errors import ConfigError
from guiapp.core.options import PoolOptions
from guiapp.core.connect.urls import display_url, parse_url, url_for_storage, url_secrets

if TYPE_CHECKING:
    from guiapp.core.connect.database import Database


@dataclass(frozen=True)
class ConnectionProfile:
    """What to connect to, and how. Build one with from_text() or from_fields()."""

    url: URL
    options: PoolOptions = field(default_factory=PoolOptions)
    create: bool = False  # a SQLite file that does not exist may be made
    name: str = ""

    @classmethod
    def from_text(cls, text: str | URL, options: PoolOptions | None = None, *, password: str | None = None,
                  create: bool = False, name: str = "") -> "ConnectionProfile":
        """From a typed URL; ``password``, typed apart from it, goes into the URL object."""
        url = parse_url(text)
        if password:
            url = url.set(password=password)
        return cls(url, options or PoolOptions(), create, name)

    @classmethod
    def from_fields(cls, drivername: str, *, host: str = "", port: int | None = None, user: str = "",
                    password: str = "", database: str = "", options: PoolOptions | None = None,
                    create: bool = False) -> "ConnectionProfile":
        """From a form's fields; a bad value is a ConfigError that says which."""
        if port is not None and not 0 <= port <= 65535:
            raise ConfigError(f"Bad connection details: port {port} is not between 1 and 65535.")
        try:
            url = URL.create(drivername, username=user or None, password=password or None, host=host or None,
                             port=port or None, database=database or None)
        except Exception as exc:  # URL.create rejects odd field values
            raise ConfigError(f"Bad connection details: {exc}") from None
        return cls(url, options or PoolOptions(), create)

    @property
    def display(self) -> str:
        """The URL as shown anywhere (titles, logs, errors): password hidden."""
        return display_url(self.url)

    def for_storage(self) -> str:
        """The URL without its password or secret parameters: safe on disk."""
        return url_for_storage(self.url)

    @property
    def secrets(self) -> tuple[str, ...]:
        return url_secrets(self.url)

    def missing_file(self) -> str | None:
        """The SQLite file this profile names, if it does not exist yet."""
        from guiapp.core.backends import backend_for
        return backend_for(self.url.get_backend_name()).missing_file(self.url)

    def database(self) -> "Database":
        """The Database, not yet connected."""
        from guiapp.core.connect.database import Database
        return Database(self.url, self.options, create=self.create)

    def open(self) -> "Database":
        """The Database, connected once to prove the profile works (its pool closed if not)."""
        db = self.database()
        try:
            return db.open()
        except BaseException:
            db.dispose()
            raise
