"""The schema tree on 5,000 tables: from connected to every name shown and painted."""

from __future__ import annotations

import time

from common import WIDE_TABLES, WIDE_URLS
from harness import Row, app, median, pump_until


def _guiapp_tree(url: str) -> float:
    from guiapp.app import build
    window = build(url, None)
    window.resize(1280, 800)
    connected: list[float] = []
    window.workspace.databaseChanged.connect(lambda db: db is not None and connected.append(time.perf_counter()))
    window.show()
    pump_until(lambda: bool(connected) and window.schema is not None
               and len(window.schema.table_names()) >= WIDE_TABLES, timeout=120)
    window.schema.tree.viewport().repaint()
    elapsed = time.perf_counter() - connected[0]
    pump_until(lambda: not window.workspace.tasks.busy, timeout=120)  # nothing left to slow the next run
    window.workspace.close()
    window.close()
    window.deleteLater()
    return elapsed


def _bare_tree(url: str) -> float:
    """Baseline: the names through SQLAlchemy's Inspector into a bare QTreeWidget, painted."""
    import sqlalchemy as sa
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem
    engine = sa.create_engine(url)
    with engine.connect():
        pass  # connected: the clock starts here, as it does for the window
    start = time.perf_counter()
    with engine.connect() as conn:
        names = sorted(sa.inspect(conn).get_table_names())
    tree = QTreeWidget()
    tree.resize(300, 800)
    folder = QTreeWidgetItem(tree, [f"Tables ({len(names)})"])
    for name in names:
        QTreeWidgetItem(folder, [name, "table"])
    folder.setExpanded(True)
    tree.show()
    tree.viewport().repaint()
    elapsed = time.perf_counter() - start
    tree.close()
    engine.dispose()
    return elapsed


def bench_tree(_url: str, runs: int) -> list[Row]:
    app()
    rows: list[Row] = []
    for db_name, url in WIDE_URLS.items():
        ours = median([_guiapp_tree(url) for _ in range(runs)])
        bare = median([_bare_tree(url) for _ in range(runs)])
        rows.append({"db": db_name, "what": f"schema tree, {WIDE_TABLES:,} names shown after connect",
                     "value": ours * 1000, "unit": "ms", "baseline": bare * 1000, "ratio": ours / bare,
                     "target": "<= 300 ms"})
    return rows
