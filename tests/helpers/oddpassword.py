"""A database user whose password holds every character a URL reads otherwise ('@', '/', ':', and a
'%' that encodes nothing), typed into a URL as it is, unencoded."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from tests.helpers.workers import account

PASSWORD = "Rp@Pw%7h/Q2:x"
# Any part of it that a wrong split would show (as the host, the database, the port).
FRAGMENTS = ("Rp@", "Pw%7h", "Pw", "%7h", "Q2")
USER = account("guiapp_odd")  # server-wide: one per pytest-xdist worker


def shows_no_part(text: str) -> bool:
    return not any(part in text for part in FRAGMENTS)


def typed_url(db, port: int | None = None) -> str:
    """The server's URL with the odd user and its password typed unencoded."""
    url = db.url
    return (f"{url.drivername}://{USER}:{PASSWORD}@{url.host}:{port or url.port}/{url.database}")


@contextmanager
def odd_user(db) -> Iterator[None]:
    """Make the user (MariaDB checks its password; the tests' PostgreSQL trusts local users) and drop it."""
    kind = db.dialect
    raw = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        if kind == "mysql":
            cur.execute(f"DROP USER IF EXISTS '{USER}'@'%'")
            cur.execute(f"CREATE USER '{USER}'@'%' IDENTIFIED BY '{PASSWORD}'")
            cur.execute(f"GRANT ALL ON `{db.url.database}`.* TO '{USER}'@'%'")
        else:
            cur.execute(f"DROP ROLE IF EXISTS {USER}")
            cur.execute(f"CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}'")
            cur.execute(f"GRANT ALL ON SCHEMA public TO {USER}")
            cur.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {USER}")
        raw.commit()
        yield
    finally:
        cur = raw.cursor()
        if kind == "mysql":
            cur.execute(f"DROP USER IF EXISTS '{USER}'@'%'")
        else:
            cur.execute(f"REASSIGN OWNED BY {USER} TO CURRENT_USER")
            cur.execute(f"DROP OWNED BY {USER}")
            cur.execute(f"DROP ROLE IF EXISTS {USER}")
        raw.commit()
        raw.close()
