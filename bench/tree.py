"""The schema tree: a Chinook-sized SQLite file opened until its tables are listed, as users start it,
against DB Browser for SQLite opening the same file (whole processes on Xvfb, alternately); and, in
process, from connected to 5,000 names shown and painted.

``guiapp FILE`` names the file in its title once the tree lists the file's tables (the same step
that fills the tree sets it); DB Browser for SQLite names it once it has opened the file and read
its schema. Both are read from X, as PropertyNotify events on the window's title.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import xwindow
from common import CHINOOK, WIDE_TABLES, WIDE_URLS
from harness import Row, app, median, pump_until
from startup import _fresh_copy, chinook_url, leave_tabs_open


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


def x_rows(runs: int) -> list[Row]:
    """Open a SQLite file until its tables are listed: ``guiapp FILE``, and a relaunch of ``guiapp``
    that restores a table tab and two consoles, each against ``sqlitebrowser FILE``."""
    missing = xwindow.missing()
    script = xwindow.guiapp_script()
    if missing or script is None or xwindow.SQLITEBROWSER is None:
        why = missing or ("the guiapp console script is not installed beside this Python" if script is None
                          else "DB Browser for SQLite is not installed (apt-get install sqlitebrowser)")
        print(f"open-to-tables rows skipped: {why}")
        return []
    url = chinook_url()
    homes = Path(tempfile.mkdtemp(prefix="guiapp-bench-homes-"))
    fresh, relaunch, anchor = homes / "fresh", homes / "relaunch", homes / "sqlitebrowser"
    for home in (fresh, relaunch, anchor):
        home.mkdir()
    leave_tabs_open(relaunch, url)
    starts = {
        "`guiapp FILE` until the schema tree lists its tables": ([script, str(CHINOOK)], fresh),
        "relaunch restoring a table tab and two consoles, until the tree lists the tables":
            ([script], relaunch),
    }
    ours: dict[str, list[float]] = {what: [] for what in starts}
    theirs: list[float] = []
    cpu: dict[str, list[float]] = {what: [] for what in [*starts, "sqlitebrowser"]}
    print(f"  open to tables on X: {xwindow.load()} before", flush=True)
    cache = str(homes / "cache")  # fontconfig's and the like, warm after the first round, as on a desktop
    with xwindow.xvfb() as display:
        for round_ in range(runs + 1):  # round 0 warms the file cache and writes bytecode: not counted
            # A home of its own each time: killed, it leaves its settings' lock file behind, and the next
            # start can wait seconds for it.
            run_home = _fresh_copy(anchor)
            timing = xwindow.time_window([xwindow.SQLITEBROWSER, str(CHINOOK)],
                                         xwindow.x_environment(display, str(run_home), cache), title_part=CHINOOK.name)
            shutil.rmtree(run_home, ignore_errors=True)
            if round_:
                theirs.append(timing.titled)
                cpu["sqlitebrowser"].append(timing.cpu_titled or 0.0)
            for what, (command, home) in starts.items():
                run_home = _fresh_copy(home)
                timing = xwindow.time_window(command, xwindow.x_environment(display, str(run_home), cache),
                                             title_part=CHINOOK.name)
                shutil.rmtree(run_home, ignore_errors=True)
                if round_:
                    ours[what].append(timing.titled)
                    cpu[what].append(timing.cpu_titled or 0.0)
    print(f"  open to tables on X: {xwindow.load()} after", flush=True)
    shutil.rmtree(homes, ignore_errors=True)
    anchor_time = median(theirs)
    for what, times in cpu.items():  # for the notes: CPU time moves much less with the machine's load
        print(f"  CPU time until the tables are listed, {what}: {median(times) * 1000:.0f} ms", flush=True)
    return [{"db": "sqlite", "what": f"{what} (11 Chinook-sized tables), vs DB Browser for SQLite showing the file",
             "value": median(times) * 1000, "unit": "ms", "baseline": anchor_time * 1000,
             "ratio": median(times) / anchor_time, "target": "<= 1.5x"} for what, times in ours.items()]


def bench_open_tables(_url: str, runs: int) -> list[Row]:
    """``--only open_tables``: the Chinook-sized file opened until its tables are listed (see above)."""
    return x_rows(runs)


def bench_tree(_url: str, runs: int) -> list[Row]:
    rows: list[Row] = []
    app()
    for db_name, url in WIDE_URLS.items():
        ours = median([_guiapp_tree(url) for _ in range(runs)])
        bare = median([_bare_tree(url) for _ in range(runs)])
        rows.append({"db": db_name, "what": f"schema tree, {WIDE_TABLES:,} names shown after connect",
                     "value": ours * 1000, "unit": "ms", "baseline": bare * 1000, "ratio": ours / bare,
                     "target": "<= 300 ms"})
    return rows
