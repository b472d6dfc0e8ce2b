"""URLs as users type them and as guiapp shows and stores them: parsed, password hidden or removed.

The password stays in the URL object; what leaves it for a title, a log or a file goes
through display_url() or url_for_storage().
"""

from __future__ import annotations

from sqlalchemy.engine import URL, make_url

from guiapp.core.errors import ConfigError


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
