"""Responsiveness while a query runs, and how fast Stop ends it."""

from __future__ import annotations

import threading
import time
from typing import Any

from harness import Row, median, pump_until, raw_connection, workspace_for


def _long_sql(url: str, seconds: float) -> str:
    if url.startswith("sqlite"):
        import sqlite3
        con = sqlite3.connect(":memory:")
        start = time.perf_counter()
        n = 2_000_000
        con.execute(f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {n}) "
                    "SELECT count(*) FROM c").fetchone()
        rate = n / (time.perf_counter() - start)
        return (f"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {int(rate * seconds)}) "
                "SELECT count(*) FROM c")
    return f"SELECT SLEEP({seconds})"


class StallMeter:
    """A 5 ms timer on the GUI thread; the longest gap between ticks, less the interval, is the stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self.tick)
        self.last = time.perf_counter()
        self.worst = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last - 0.005)
        self.last = now

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        return max(self.worst, 0.0)


def bench_stall(url: str, runs: int, seconds: float = 10.0) -> list[Row]:
    from guiapp.views.console import ConsoleTab
    ws, _db = workspace_for(url)
    console = ConsoleTab(ws)
    console.resize(900, 600)
    console.show()
    sql = _long_sql(url, seconds)
    meter = StallMeter()
    idle, busy = [], []
    for _ in range(runs):
        meter.start()
        end = time.perf_counter() + 1.0
        pump_until(lambda: time.perf_counter() > end)
        idle.append(meter.stop())
        console.editor.setPlainText(sql)
        meter.start()
        console.run_all()
        pump_until(lambda: not console.busy, timeout=seconds * 4)
        busy.append(meter.stop())
    console.shutdown()
    return [{"what": f"longest GUI stall while a {seconds:.0f} s query runs", "value": median(busy) * 1000,
             "unit": "ms", "baseline": median(idle) * 1000, "ratio": median(busy) / max(median(idle), 1e-6),
             "target": "<= 50 ms"}]


def _server_has(db: Any, marker: str) -> bool:
    from guiapp.core.run.query import run_one
    rows = run_one(db, "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                       f"WHERE INFO LIKE '%{marker}%' AND INFO NOT LIKE '%PROCESSLIST%'")
    return bool(rows[0][0])


def bench_stop(url: str, runs: int) -> list[Row]:
    from guiapp.views.console import ConsoleTab
    ws, db = workspace_for(url)
    console = ConsoleTab(ws)
    console.show()
    mysql = not url.startswith("sqlite")
    marker = "guiapp_stop_bench"
    sql = f"SELECT SLEEP(60) AS {marker}" if mysql else _long_sql(url, 60)
    ours, base = [], []
    for _ in range(runs):
        console.editor.setPlainText(sql)
        console.run_all()
        pump_until(lambda: console.busy)
        if mysql:
            pump_until(lambda: _server_has(db, marker))
        else:
            time.sleep(0.2)
        start = time.perf_counter()
        console.stop()
        pump_until(lambda: not console.busy)
        if mysql:
            pump_until(lambda: not _server_has(db, marker))
        ours.append(time.perf_counter() - start)
        base.append(_raw_cancel(url, sql, marker))
    console.shutdown()
    return [{"what": "Stop to query gone on the server and console usable", "value": median(ours) * 1000,
             "unit": "ms", "baseline": median(base) * 1000, "ratio": median(ours) / median(base),
             "target": "<= 500 ms"}]


def _raw_cancel(url: str, sql: str, marker: str) -> float:
    """Baseline: the driver alone, cancelling from a second thread (KILL QUERY or interrupt())."""
    raw = raw_connection(url)
    done = threading.Event()

    def run() -> None:
        cur = raw.cursor()
        try:
            cur.execute(sql)
            cur.fetchall()
        except Exception:
            pass
        done.set()

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.5)
    start = time.perf_counter()
    if url.startswith("sqlite"):
        raw.interrupt()
    else:
        side = raw_connection(url)
        side.cursor().execute(f"KILL QUERY {raw.thread_id()}")
        side.close()
    done.wait(30)
    elapsed = time.perf_counter() - start
    worker.join()
    raw.close()
    return elapsed
