"""A statement's plan as a tree: what the database would do, with its rows and costs.

Each backend reads its own EXPLAIN output into this one shape (``Backend.explain``), so the
plan view and the command line draw every database's plan the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class PlanNode:
    """One step of a plan: what it does, on what, the rows and cost the planner expects."""

    step: str
    detail: str = ""
    rows: float | None = None
    cost: float | None = None
    children: list["PlanNode"] = field(default_factory=list)


def number(value: Any) -> float | None:
    """A planner's figure as a float, or None where it gives none."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
