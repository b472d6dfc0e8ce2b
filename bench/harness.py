"""What every benchmark shares: the event-loop pump, a workspace, the raw driver, the results table."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any, Callable

from common import HERE

PAGE = 200
Row = dict[str, Any]


# -- helpers --------------------------------------------------------------------------------
def median(values: list[float]) -> float:
    return statistics.median(values)


def app() -> Any:
    from PySide6.QtWidgets import QApplication
    return QApplication.instance() or QApplication([])


def pump_until(cond: Callable[[], bool], timeout: float = 60.0, signal: Any = None) -> None:
    """Run the event loop until ``cond()``, idling in Qt's dispatcher as the real app does.

    A busy processEvents() loop would hold the GIL and starve the worker threads,
    measuring the benchmark instead of guiapp. ``signal`` (optional) wakes the check early.
    """
    from PySide6.QtCore import QEventLoop, QTimer
    app()
    end = time.monotonic() + timeout
    loop = QEventLoop()
    tick = QTimer(interval=2)
    tick.timeout.connect(lambda: cond() and loop.quit())
    if signal is not None:
        signal.connect(loop.quit)
    while not cond():
        if time.monotonic() > end:
            raise TimeoutError("benchmark step timed out")
        tick.start()
        loop.exec()
        tick.stop()
    if signal is not None:
        signal.disconnect(loop.quit)


def workspace_for(url: str) -> tuple[Any, Any]:
    from guiapp.core.connect.database import Database
    from guiapp.qt.bridge import SignalBridge
    from guiapp.qt.workspace import Workspace
    db = Database(url).open()
    ws = Workspace(SignalBridge())
    ws.db = db
    return ws, db


def raw_connection(url: str) -> Any:
    """A plain DBAPI connection, outside SQLAlchemy: the baseline's driver."""
    from sqlalchemy.engine import make_url
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        import sqlite3
        return sqlite3.connect(u.database, check_same_thread=False)
    import pymysql
    return pymysql.connect(host=u.host, port=u.port or 3306, user=u.username, password=u.password or "",
                           database=u.database)



def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import PySide6
    import sqlalchemy
    return (f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}, PySide6 {PySide6.__version__}, SQLAlchemy {sqlalchemy.__version__}")


def verdict(row: Row) -> str:
    target, value, ratio = row["target"], row["value"], row["ratio"]
    if target.startswith("("):
        return "-"
    checks = []
    for part in target.replace("and", ",").split(","):
        part = part.strip()
        bound = part.split()[1]
        number = float(bound.rstrip("x"))
        checks.append(ratio <= number if bound.endswith("x") else value <= number)
    return "met" if all(checks) else "MISSED"


def _earlier_rows(measured: list[Row]) -> list[str]:
    """Table lines of results.md for measurements this run did not repeat (--only), kept as they were."""
    path = HERE / "results.md"
    if not path.exists():
        return []
    done = {(r["db"], r["what"]) for r in measured}
    kept = []
    for line in path.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0] not in ("database", "---") and (cells[0], cells[1]) not in done:
            kept.append(line)
    return kept


def write_results(rows: list[Row], runs: int) -> None:
    earlier = _earlier_rows(rows)
    lines = [
        "# Benchmark results", "",
        f"Last run {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} on {machine()}; a row that run did not "
        "repeat (`--only`) keeps its earlier figure, and bench/notes.md says when each was measured.",
        f"Each figure is a median (of {runs} runs for the rows that run measured; notes.md gives the "
        "others'); the baseline ran in the same run. "
        "Regenerate with `python bench/run.py` (see bench/README.md).", "",
        "| database | measurement | guiapp | baseline | ratio | target | verdict |",
        "|---|---|---|---|---|---|---|",
    ] + earlier
    for r in rows:
        lines.append(f"| {r['db']} | {r['what']} | {r['value']:.1f} {r['unit']} | {r['baseline']:.1f} | "
                     f"{r['ratio']:.2f} | {r['target']} | {r['verdict']} |")
    notes = HERE / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    (HERE / "results.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {HERE / 'results.md'}")

