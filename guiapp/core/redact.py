"""Hide passwords in any text before it is shown, logged or stored. No heavy imports."""

from __future__ import annotations

import re
from typing import Iterable

# Query parameters that carry a secret (psycopg and PyMySQL read ?password=).
SECRET_KEYS = ("password", "passwd", "pwd", "sslpassword", "secret", "token", "api_key", "apikey")
# The password runs to the LAST '@' that a host follows (as connect/urls.py splits a URL): an unencoded
# '@', '/' or ':' inside it stays hidden. What ends a URL in a sentence (a space, a quote) ends it here.
_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s'\"]*:)([^\s'\"]*)(@)"
                              r"(?=(?:\[[^\]/?@\s]*\]|[^/?@\[\]:\s'\"]*)(?::\d*)?(?:[/?'\"\s]|$))")
_SECRET_IN_QUERY = re.compile(r"([?&](?:" + "|".join(SECRET_KEYS) + r")=)[^&\s#'\"]*", re.IGNORECASE)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """Hide passwords in ``text``: any ``user:secret@`` URL part, any ``?password=`` and any known secret."""
    text = _PASSWORD_IN_URL.sub(r"\1***\3", text)
    text = _SECRET_IN_QUERY.sub(r"\1***", text)
    # Longest first: a short secret inside a longer one must not leave the longer one half shown.
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


# A password written into a statement: MySQL's IDENTIFIED BY / PASSWORD('...') / SET PASSWORD = '...',
# PostgreSQL's [ENCRYPTED] PASSWORD '...'.
_PASSWORD_IN_SQL = re.compile(
    r"(\bIDENTIFIED\s+(?:WITH\s+\S+\s+)?(?:BY|AS)\s+|\bPASSWORD\s*(?:=\s*)?(?:\w*PASSWORD\s*)?(?:\(\s*)?)"
    r"('(?:[^'\\]|''|\\.)*'|\"(?:[^\"\\]|\"\"|\\.)*\")", re.IGNORECASE)


def scrub_sql(sql: str) -> str:
    """``sql`` with the passwords it sets hidden (for the history file): ``IDENTIFIED BY '***'``."""
    return _PASSWORD_IN_SQL.sub(r"\1'***'", sql)
