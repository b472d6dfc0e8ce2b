"""Connection profiles: the one place a URL with its password is parsed, shown, stored and opened.

A ConnectionProfile holds the parsed URL (password included: never print it), the pool
options and whether a missing SQLite file may be created. Everything shown or stored goes
through ``display`` or ``for_storage()``; the password stays in the URL object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL, make_url

from guiapp.core.errors import ConfigError
from guiapp.core.options import PoolOptions

if TYPE_CHECKING:
    from guiapp.core.database import Database


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
        from guiapp.core.database import Database
        return Database(self.url, self.options, create=self.create)

    def open(self) -> "Database":
        """The Database, connected once to prove the profile works (its pool closed if not)."""
        db = self.database()
        try:
            return db.open()
        except BaseException:
            db.dispose()
            raise


def parse_url(text: str | URL) -> URL:
    """An SQLAlchemy URL from user text, or a ConfigError saying what is wrong."""
    if isinstance(text, URL):
        return text
    text = (text or "").strip()
    if not text:
        raise ConfigError("No database URL given.")
    try:
        url = make_url(_encode_userinfo(text))
    except Exception as exc:  # ArgumentError, ValueError on a bad port
        hint = "dialect+driver://user:password@host:port/database"
        if "://" not in text:
            hint += f", or sqlite:///{text} for a SQLite file"
        raise ConfigError(f"Bad database URL {display_url_text(text)!r}: expected {hint}") from exc
    return url


def _encode_userinfo(text: str) -> str:
    """Percent-encode the user and password of a typed URL whose password holds a bare '@'.

    ``mysql://root:p@ss@host/db`` means the password ``p@ss``: the host follows the last '@'.
    """
    from urllib.parse import quote, unquote
    scheme, sep, rest = text.partition("://")
    if not sep:
        return text
    end = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    netloc = rest[:end]
    if netloc.count("@") < 2:
        return text
    userinfo, host = netloc.rsplit("@", 1)
    user, colon, password = userinfo.partition(":")
    encoded = quote(unquote(user), safe="") + (colon + quote(unquote(password), safe="") if colon else "")
    return f"{scheme}://{encoded}@{host}{rest[end:]}"


def url_secrets(url: URL) -> tuple[str, ...]:
    """Every secret a URL carries: its password and any ``?password=``-like parameter."""
    from guiapp.core.redact import SECRET_KEYS
    found = [url.password] if url.password else []
    for key, value in url.query.items():
        if key.lower() in SECRET_KEYS:
            found += [value] if isinstance(value, str) else list(value)
    return tuple(str(v) for v in found if v)


def url_for_storage(url: URL | str) -> str:
    """The URL without its password or secret parameters (removed, not masked): safe on disk."""
    from guiapp.core.redact import SECRET_KEYS
    url = parse_url(url)
    clean = URL.create(url.drivername, username=url.username, host=url.host, port=url.port,
                       database=url.database, query=url.query)
    secret = [k for k in clean.query if k.lower() in SECRET_KEYS]
    return clean.difference_update_query(secret).render_as_string(hide_password=False)


def display_url_text(text: str) -> str:
    """Best-effort password hiding on text that may not even parse as a URL."""
    from guiapp.core.redact import scrub
    return scrub(text)


def display_url(url: URL | str) -> str:
    """The URL as shown anywhere (titles, logs, errors): password hidden."""
    if isinstance(url, str):
        try:
            url = parse_url(url)
        except Exception:
            return display_url_text(url)
    from guiapp.core.redact import SECRET_KEYS
    secret = {k: "***" for k in url.query if k.lower() in SECRET_KEYS}
    if secret:
        url = url.update_query_dict(secret)
    return url.render_as_string(hide_password=True).replace("%2A%2A%2A", "***")
