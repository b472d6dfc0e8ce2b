"""The plan of a statement as a tree: what the database would do, with its rows and costs.

SQLite's ``EXPLAIN QUERY PLAN``, MariaDB's ``EXPLAIN FORMAT=JSON`` and PostgreSQL's
``EXPLAIN (FORMAT JSON)`` all describe the statement without running it; each is turned
into the same :class:`PlanNode` tree. Other databases get their plain ``EXPLAIN`` rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from guiapp.core.backends.base import raw_sql
from guiapp.core.connect.database import Database
from guiapp.core.errors import QueryError
from guiapp.core.script import Statement

# What a planner plans: queries and data changes. ALTER, CREATE, SET... have no plan to show.
_PLANNED = frozenset({"SELECT", "WITH", "VALUES", "TABLE", "INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE"})


@dataclass
class PlanNode:
    """One step of a plan: what it does, on what, the rows and cost the planner expects."""

    step: str
    detail: str = ""
    rows: float | None = None
    cost: float | None = None
    children: list["PlanNode"] = field(default_factory=list)


def explain(db: Database, sql: str) -> list[PlanNode]:
    """The plan of ``sql`` on ``db`` (never run: EXPLAIN without ANALYZE); QueryError for a
    statement that has none, rather than an empty tree."""
    sql = sql.strip().rstrip(";")
    keyword = Statement(sql).keyword
    if keyword not in _PLANNED:
        raise QueryError(f"{keyword or 'This statement'} has no plan: Explain shows how the database would run "
                         "a query or a data change (SELECT, INSERT, UPDATE, DELETE).")
    nodes = _read_plan(db, sql)
    if not nodes:
        raise QueryError(f"The database has no plan to show for this {keyword}.")
    return nodes


def _read_plan(db: Database, sql: str) -> list[PlanNode]:
    with db.connect() as conn:
        if db.dialect == "sqlite":
            rows = raw_sql(conn, f"EXPLAIN QUERY PLAN {sql}").fetchall()
            return _sqlite(rows)
        if db.dialect == "mysql":
            text = raw_sql(conn, f"EXPLAIN FORMAT=JSON {sql}").scalar()
            return [_mysql(json.loads(text))]
        if db.dialect == "postgresql":
            doc = raw_sql(conn, f"EXPLAIN (FORMAT JSON) {sql}").scalar()
            doc = json.loads(doc) if isinstance(doc, str) else doc
            return [_postgresql(entry["Plan"]) for entry in doc]
        result = raw_sql(conn, f"EXPLAIN {sql}")
        return [PlanNode(" ".join(str(v) for v in row)) for row in result.fetchall()]


def _sqlite(rows: list[Any]) -> list[PlanNode]:
    """(id, parent, notused, detail) rows, children pointing at their parent's id."""
    nodes: dict[int, PlanNode] = {}
    roots: list[PlanNode] = []
    for node_id, parent, _unused, detail in rows:
        step, _, rest = str(detail).partition(" ")
        node = nodes[node_id] = PlanNode(step=step, detail=rest)
        (nodes[parent].children if parent in nodes else roots).append(node)
    return roots


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _mysql(doc: dict[str, Any]) -> PlanNode:
    """MariaDB's JSON plan: query blocks holding tables, nested loops, subqueries and sorts."""
    block = doc.get("query_block", doc)
    return _mysql_node("query_block", block)


def _mysql_node(name: str, body: Any) -> PlanNode:
    if not isinstance(body, dict):
        return PlanNode(step=name, detail=str(body))
    if name == "table" or "table_name" in body:
        detail = " ".join(str(body[k]) for k in ("table_name", "access_type", "key") if body.get(k))
        if body.get("attached_condition"):
            detail += f" where {body['attached_condition']}"
        node = PlanNode(step="table", detail=detail, rows=_number(body.get("rows")),
                        cost=_number(body.get("cost") or body.get("r_total_time_ms")))
    else:
        node = PlanNode(step=name, detail=f"select #{body['select_id']}" if "select_id" in body else "",
                        cost=_number(body.get("cost")))
    for key, value in body.items():
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, dict):
                continue
            # nested_loop holds [{"table": {...}}, ...]; a block holds "table": {...} directly
            for child_key, child in (item.items() if isinstance(value, list) else [(key, item)]):
                if isinstance(child, dict):
                    node.children.append(_mysql_node(child_key, child))
    return node


def _postgresql(plan: dict[str, Any]) -> PlanNode:
    detail = " ".join(str(plan[k]) for k in ("Relation Name", "Index Name", "Join Type") if plan.get(k))
    for key in ("Filter", "Index Cond", "Hash Cond", "Sort Key"):
        if plan.get(key):
            detail += f" {key.lower()}: {plan[key] if not isinstance(plan[key], list) else ', '.join(plan[key])}"
    return PlanNode(step=plan.get("Node Type", "?"), detail=detail.strip(), rows=_number(plan.get("Plan Rows")),
                    cost=_number(plan.get("Total Cost")),
                    children=[_postgresql(child) for child in plan.get("Plans", [])])
