"""URLs as users type them and as guiapp shows and stores them: parsed, password hidden or removed.

The password stays in the URL object; what leaves it for a title, a log or a file goes
through display_url() or url_for_storage().
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, quote, unquote

from guiapp.core.errors import ConfigError

if TYPE_CHECKING:  # SQLAlchemy is imported where a URL object is made: the direct export needs none
    from sqlalchemy.engine import URL


def parse_url(text: str | URL) -> URL:
    """An SQLAlchemy URL from user text, or a ConfigError saying what is wrong."""
    from sqlalchemy.engine import URL, make_url
    if isinstance(text, URL):
        return text
    text = (text or "").strip()
    if not text:
        raise ConfigError("No database URL given.")
    try:
        url = make_url(split_url(text).encoded)
    except Exception as exc:  # ArgumentError, ValueError on a bad port
        hint = "dialect+driver://user:password@host:port/database"
        if "://" not in text:
            hint += f", or sqlite:///{text} for a SQLite file"
        raise ConfigError(f"Bad database URL {display_url_text(text)!r}: expected {hint}") from exc
    return url


# A host (a name, an address, or [an IPv6 address]) and a port, then the database, the query or the end.
_HOST = re.compile(r"(?:\[[^\]/?@\s]*\]|[^/?@\[\]:\s]*)(?::(\d*))?(?=[/?]|$)")
# "?name=": the query string has begun, so an '@' after this belongs to a parameter (a file path).
_QUERY_BEGUN = re.compile(r"\?[\w.-]+=")


@dataclass(frozen=True)
class UrlText:
    """A typed URL split where the user means it: the password runs to the LAST '@' before the host.

    The one place that decides where a password ends; SQLAlchemy's parser and the drivers' own are
    given the result (user and password percent-encoded), never the text as typed.
    """

    text: str
    scheme: str
    user: str | None = None
    password: str | None = None
    location: str = ""  # host:port/database?query, as typed

    @property
    def encoded(self) -> str:
        """The URL with its user and password percent-encoded: any parser reads them as they are."""
        if self.user is None:
            return self.text
        password = "" if self.password is None else ":" + quote(self.password, safe="")
        return f"{self.scheme}://{quote(self.user, safe='')}{password}@{self.location}"

    def _host_port(self) -> tuple[str | None, int | None, str]:
        match = _HOST.match(self.location)
        if match is None:
            return None, None, self.location
        host = self.location[:match.start(1) - 1 if match.group(1) is not None else match.end()].strip("[]")
        port = int(match.group(1)) if match.group(1) else None
        return host or None, port, self.location[match.end():]

    @property
    def has_server(self) -> bool:
        """True if a host (or none), a port (or none), then the database or query follow the '@'."""
        return bool(self.scheme) and _HOST.match(self.location) is not None

    @property
    def host(self) -> str | None:
        return self._host_port()[0]

    @property
    def port(self) -> int | None:
        return self._host_port()[1]

    @property
    def database(self) -> str | None:
        path = self._host_port()[2].partition("?")[0]
        return unquote(path[1:]) if path.startswith("/") and len(path) > 1 else None

    @property
    def query(self) -> dict[str, str]:
        return dict(parse_qsl(self._host_port()[2].partition("?")[2]))


def split_url(text: str) -> UrlText:
    """``text`` split into scheme, user, password and the rest (see UrlText); no SQLAlchemy needed."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        return UrlText(text, "", location=text)
    at = _host_at(rest)
    if at is None:
        return UrlText(text, scheme, location=rest)
    user, colon, password = rest[:at].partition(":")
    return UrlText(text, scheme, unquote(user), unquote(password) if colon else None, rest[at + 1:])


def _host_at(rest: str) -> int | None:
    """Where the '@' before the host is: the last one a host follows, outside the query string."""
    if rest.startswith("/"):  # no server at all: sqlite:///path/with@sign.db
        return None
    candidates = [i for i in range(len(rest) - 1, -1, -1) if rest[i] == "@" and _HOST.match(rest, i + 1)]
    for i in candidates:
        if not _QUERY_BEGUN.search(rest, 0, i):
            return i
    return candidates[0] if candidates else None


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
    from sqlalchemy.engine import URL

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
