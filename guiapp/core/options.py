"""Pool and connection settings: plain values shared by the Database and every backend."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class PoolOptions:
    """Pool and connection settings. Defaults suit a production MySQL behind a firewall."""

    pool_size: int = 5
    max_overflow: int = 0
    pool_timeout: float = 30
    pool_recycle: int = 3600
    pool_pre_ping: bool = True
    connect_timeout: int = 5
    #: refuse every write, enforced by the database itself (SQLite mode=ro and query_only,
    #: a read-only session on MySQL/MariaDB and PostgreSQL), not only by guiapp
    read_only: bool = False
    #: an ssh destination (a Host alias of ~/.ssh/config, or user@host) to reach the server through:
    #: an SSH tunnel run by the system's ssh
    ssh: str = ""

    def with_overrides(self, **changes: Any) -> "PoolOptions":
        """A copy with every non-None keyword applied."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
