"""Reading each database's EXPLAIN output into guiapp's one PlanNode tree.

SQLite's ``EXPLAIN QUERY PLAN`` rows, MariaDB's ``EXPLAIN FORMAT=JSON`` and PostgreSQL's
``EXPLAIN (FORMAT JSON)`` all describe a statement without running it.
"""

from __future__ import annotations

from typing import Any

from guiapp.core.plan import PlanNode, number


def sqlite_plan(rows: list[Any]) -> list[PlanNode]:
    """(id, parent, notused, detail) rows, children pointing at their parent's id."""
    nodes: dict[int, PlanNode] = {}
    roots: list[PlanNode] = []
    for node_id, parent, _unused, detail in rows:
        step, _, rest = str(detail).partition(" ")
        node = nodes[node_id] = PlanNode(step=step, detail=rest)
        (nodes[parent].children if parent in nodes else roots).append(node)
    return roots


def mysql_plan(doc: dict[str, Any]) -> PlanNode:
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
        node = PlanNode(step="table", detail=detail, rows=number(body.get("rows")),
                        cost=number(body.get("cost") or body.get("r_total_time_ms")))
    else:
        node = PlanNode(step=name, detail=f"select #{body['select_id']}" if "select_id" in body else "",
                        cost=number(body.get("cost")))
    for key, value in body.items():
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, dict):
                continue
            # nested_loop holds [{"table": {...}}, ...]; a block holds "table": {...} directly
            for child_key, child in (item.items() if isinstance(value, list) else [(key, item)]):
                if isinstance(child, dict):
                    node.children.append(_mysql_node(child_key, child))
    return node


def postgresql_plan(plan: dict[str, Any]) -> PlanNode:
    """One node of PostgreSQL's JSON plan, with its ``Plans`` as children."""
    detail = " ".join(str(plan[k]) for k in ("Relation Name", "Index Name", "Join Type") if plan.get(k))
    for key in ("Filter", "Index Cond", "Hash Cond", "Sort Key"):
        if plan.get(key):
            detail += f" {key.lower()}: {plan[key] if not isinstance(plan[key], list) else ', '.join(plan[key])}"
    return PlanNode(step=plan.get("Node Type", "?"), detail=detail.strip(), rows=number(plan.get("Plan Rows")),
                    cost=number(plan.get("Total Cost")),
                    children=[postgresql_plan(child) for child in plan.get("Plans", [])])
