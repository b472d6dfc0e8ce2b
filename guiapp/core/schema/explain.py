"""The plan of a statement, never run: the backend says how its database explains one."""

from __future__ import annotations

from guiapp.core.connect.database import Database
from guiapp.core.plan import PlanNode

__all__ = ["PlanNode", "explain"]


def explain(db: Database, sql: str) -> list[PlanNode]:
    """The plan of ``sql`` on ``db`` (EXPLAIN without ANALYZE)."""
    sql = sql.strip().rstrip(";")
    with db.connect() as conn:
        return db.backend.explain(conn, sql)
