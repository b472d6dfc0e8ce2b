"""The plan of a statement, never run: the backend says how its database explains one."""

from __future__ import annotations

from guiapp.core.connect.database import Database
from guiapp.core.errors import QueryError
from guiapp.core.plan import PlanNode
from guiapp.core.script import Statement

__all__ = ["PlanNode", "explain"]

# What a planner plans: queries and data changes. ALTER, CREATE, SET... have no plan to show.
_PLANNED = frozenset({"SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE"})


def explain(db: Database, sql: str) -> list[PlanNode]:
    """The plan of ``sql`` on ``db`` (never run: EXPLAIN without ANALYZE); QueryError for a
    statement that has none, rather than an empty tree."""
    sql = sql.strip().rstrip(";")
    keyword = Statement(sql).keyword
    if keyword not in _PLANNED:
        raise QueryError(f"{keyword or 'This statement'} has no plan: Explain shows how the database would run "
                         "a query or a data change (SELECT, INSERT, UPDATE, DELETE).")
    with db.connect() as conn:
        nodes = db.backend.explain(conn, sql)
    if not nodes:
        raise QueryError(f"The database has no plan to show for this {keyword}.")
    return nodes
