"""Per-database facts live in guiapp/core/backends/: nothing else compares a dialect or driver name.

A comparison such as ``db.dialect == "mysql"``, ``name in ("mysql", "mariadb")`` or a table keyed by
dialect names outside the backends is how per-database knowledge leaks into the rest of the code; this
walks every module's syntax tree and names each such place, so the rule holds after the next feature.
"""

from __future__ import annotations

import ast
from pathlib import Path

import guiapp

NAMES = {"sqlite", "mysql", "mariadb", "postgresql", "postgres", "duckdb", "oracle", "mssql",
         "pymysql", "mysqldb", "mysqlclient", "psycopg", "psycopg2", "pysqlite", "asyncpg"}
PACKAGE = Path(guiapp.__file__).parent
HOME = PACKAGE / "core" / "backends"


def _is_name(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.lower() in NAMES


def _names_in(node: ast.AST) -> bool:
    """A constant dialect name, or a tuple/list/set/dict holding one (as keys)."""
    if _is_name(node):
        return True
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return any(_is_name(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return any(k is not None and _is_name(k) for k in node.keys)
    return False


def dialect_comparisons(path: Path) -> list[str]:
    """Each line of ``path`` that compares with, or keys a table by, a dialect or driver name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and any(_names_in(n) for n in [node.left, *node.comparators]):
            found.append(node.lineno)
        elif isinstance(node, ast.Dict) and _names_in(node):
            found.append(node.lineno)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "Choice" \
                and any(_names_in(a) for a in node.args):
            found.append(node.lineno)
    rel = path.relative_to(PACKAGE.parent)
    return [f"{rel}:{line}" for line in sorted(set(found))]


def test_no_dialect_or_driver_name_is_compared_outside_the_backends() -> None:
    offenders = [hit for path in sorted(PACKAGE.rglob("*.py")) if HOME not in path.parents
                 for hit in dialect_comparisons(path)]
    assert offenders == [], "ask the backend instead of comparing its name:\n" + "\n".join(offenders)


def test_the_scan_finds_a_comparison_where_one_is_written(tmp_path: Path) -> None:
    """The rule is only as good as its scan: each form of comparison is caught."""
    module = PACKAGE / "_scan_probe.py"
    module.write_text('if db.dialect == "mysql": pass\n'
                      'x = name in ("sqlite", "other")\n'
                      'PORTS = {"postgresql": 5432}\n'
                      'y = "fine" == z\n', encoding="utf-8")
    try:
        assert [hit.rsplit(":", 1)[1] for hit in dialect_comparisons(module)] == ["1", "2", "3"]
    finally:
        module.unlink()
