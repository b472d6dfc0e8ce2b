"""Measure guiapp against baselines run in the same process or run, and write bench/results.md.

    .venv/bin/python bench/run.py [--runs 5] [--only NAME ...] [--db sqlite|mariadb]

Each row is a median over --runs runs. Needs bench/generate.py first.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BIG, BIG_ROWS, DATA, HERE, SMALL, urls  # noqa: E402

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
    from guiapp.core.database import Database
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


# -- 1. open table to first page painted -------------------------------------------------------
def bench_first_page(url: str, runs: int) -> list[Row]:
    from PySide6.QtWidgets import QTableView

    from guiapp.core.schema import catalog_for
    from guiapp.itemmodels.tabledata import TableDataModel
    ws, db = workspace_for(url)
    raw = raw_connection(url)
    view = QTableView()
    view.resize(1000, 700)
    view.show()
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    cold, warm, base, base_painted = [], [], [], []
    for _ in range(runs + 1):  # the first round warms caches and is dropped
        start = time.perf_counter()
        cur = raw.cursor()
        cur.execute(f"SELECT id, name, email, ctime, score, note FROM {BIG} ORDER BY id LIMIT {PAGE}")
        rows = cur.fetchall()
        cur.close()
        base.append(time.perf_counter() - start)
        # Second baseline: the same rows through the raw driver into a bare Qt model, painted.
        bare = QStandardItemModel(len(rows), 6)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                bare.setItem(r, c, QStandardItem(str(v)))
        view.setModel(bare)
        view.viewport().repaint()
        base_painted.append(time.perf_counter() - start)
        for reflect, bucket in ((True, cold), (False, warm)):
            if reflect:
                catalog_for(db).invalidate()
            start = time.perf_counter()
            info = catalog_for(db).table(BIG)
            model = TableDataModel(ws.run, db, info)
            view.setModel(model)
            pump_until(lambda: model.row_values(0) is not None, signal=model.pageLoaded)
            view.viewport().repaint()
            bucket.append(time.perf_counter() - start)
            model.close()
            pump_until(lambda: not ws.tasks.busy)  # the background count must not overlap the next run
    base, cold, warm, base_painted = base[1:], cold[1:], warm[1:], base_painted[1:]
    raw.close()
    b, bp = median(base), median(base_painted)
    return [
        {"what": "open table, first page painted (schema known) vs raw query", "value": median(warm) * 1000,
         "unit": "ms", "baseline": b * 1000, "ratio": median(warm) / b, "target": "<= 50 ms and <= 2x raw"},
        {"what": "open table, first page painted (schema known) vs raw query + bare Qt model painted",
         "value": median(warm) * 1000, "unit": "ms", "baseline": bp * 1000, "ratio": median(warm) / bp,
         "target": "<= 50 ms and <= 2x raw"},
        {"what": "open table incl. reflecting it, vs raw query + bare Qt model painted",
         "value": median(cold) * 1000, "unit": "ms", "baseline": bp * 1000, "ratio": median(cold) / bp,
         "target": "<= 50 ms and <= 2x raw"},
    ]


# -- 2. RSS after scrolling the 1M-row table vs the 10k-row table --------------------------------
def rss_child(url: str, table: str) -> None:
    """Runs in a subprocess: print the RSS growth of opening and scrolling ``table`` top to bottom."""
    import psutil
    from PySide6.QtWidgets import QAbstractItemView, QTableView

    from guiapp.core.schema import catalog_for
    from guiapp.itemmodels.tabledata import TableDataModel
    ws, db = workspace_for(url)
    info = catalog_for(db).table(table)
    view = QTableView()
    view.resize(1000, 700)
    view.show()
    app().processEvents()
    before = psutil.Process().memory_info().rss
    model = TableDataModel(ws.run, db, info)
    view.setModel(model)
    pump_until(lambda: model.total[1] and model.row_values(0) is not None)
    total = model.total[0]
    step = PAGE * 10
    for row in list(range(0, total, step)) + [total - 1]:
        view.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        pump_until(lambda r=row: model.row_values(r) is not None)
    after = psutil.Process().memory_info().rss
    print(after - before, model.cached_rows)
    model.close()
    os._exit(0)


def bench_rss(url: str, runs: int) -> list[Row]:
    growth: dict[str, list[float]] = {BIG: [], SMALL: []}
    for _ in range(runs):
        for table in (BIG, SMALL):
            out = subprocess.run([sys.executable, __file__, "_rss", url, table], capture_output=True,
                                 text=True, timeout=900)
            if out.returncode != 0:
                raise RuntimeError(out.stderr[-800:])
            growth[table].append(int(out.stdout.split()[0]) / 2**20)
    big, small = median(growth[BIG]), median(growth[SMALL])
    return [{"what": f"RSS growth, scroll {BIG_ROWS:,} rows top to bottom (steps of {PAGE * 10:,})",
             "value": big - small, "unit": "MB more than 10k rows", "baseline": small,
             "ratio": big / small if small > 0 else float("nan"), "target": "<= 50 MB more"}]


# -- 3. export 1M rows to CSV vs a plain driver loop -----------------------------------------------
def bench_export(url: str, runs: int) -> list[Row]:
    from guiapp.core.database import Database
    from guiapp.core.export import export, table_select
    db = Database(url).open()
    ours, base = [], []
    target = DATA / "export.csv"
    for _ in range(runs):
        raw = raw_connection(url)
        start = time.perf_counter()
        if url.startswith("sqlite"):
            cur = raw.cursor()
        else:
            import pymysql.cursors
            cur = raw.cursor(pymysql.cursors.SSCursor)
        cur.execute(f"SELECT id, name, email, ctime, score, note FROM {BIG} ORDER BY id")
        with open(target, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow([d[0] for d in cur.description])
            while True:
                rows = cur.fetchmany(5000)
                if not rows:
                    break
                writer.writerows(rows)
        cur.close()
        raw.close()
        base.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = export(db, table_select(db, BIG), target)
        ours.append(time.perf_counter() - start)
        assert result.rows == BIG_ROWS, result.rows
    target.unlink(missing_ok=True)
    db.engine.dispose()
    return [{"what": f"export {BIG_ROWS:,} rows to CSV", "value": median(ours), "unit": "s",
             "baseline": median(base), "ratio": median(ours) / median(base), "target": "<= 1.2x"}]


# -- 4. cold start to a visible window vs a bare QMainWindow ----------------------------------------
FIRST_PAINT = (
    "import os, sys\n"
    "from PySide6.QtCore import QEvent, QObject\n"
    "class FirstPaint(QObject):\n"
    "    def eventFilter(self, obj, event):\n"
    "        if event.type() == QEvent.Type.Paint:\n"
    "            print('shown', flush=True); os._exit(0)\n"
    "        return False\n")
BARE = FIRST_PAINT + (
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([]); w = QMainWindow(); w.resize(1280, 800)\n"
    "f = FirstPaint(); w.installEventFilter(f); w.show(); app.exec()\n")
# The same path as `guiapp run`: the CLI module, then app.run_window's steps.
GUIAPP = FIRST_PAINT + (
    "import guiapp.cli\n"
    "from PySide6.QtWidgets import QApplication\n"
    "from guiapp.app import build\nfrom guiapp.views.resources import icon, style_sheet\n"
    "app = QApplication([]); app.setStyleSheet(style_sheet()); app.setWindowIcon(icon('app'))\n"
    "w = build({url!r}, None); f = FirstPaint(); w.installEventFilter(f); w.show(); app.exec()\n")
READY = (
    "import os, time\nstart = time.perf_counter()\n"
    "import guiapp.cli\n"
    "from PySide6.QtWidgets import QApplication\n"
    "from guiapp.app import build\nfrom guiapp.views.resources import icon, style_sheet\n"
    "app = QApplication([]); app.setStyleSheet(style_sheet()); app.setWindowIcon(icon('app'))\n"
    "w = build({url!r}, None); w.show()\n"
    "w.panelsBuilt.connect(lambda: (print('shown', flush=True), os._exit(0))); app.exec()\n")


def _time_to_shown(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(30)
    assert line.strip() == "shown", line
    return elapsed


def bench_cold_start(url: str, runs: int) -> list[Row]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GUIAPP_DATA_DIR": str(DATA / "coldstart")}
    ours, ready, base = [], [], []
    _time_to_shown(BARE, env)  # warm the OS file cache once
    for _ in range(runs):
        base.append(_time_to_shown(BARE, env))
        ours.append(_time_to_shown(GUIAPP.format(url=url), env))
        ready.append(_time_to_shown(READY.format(url=url), env))
    b = median(base)
    return [{"what": "cold start to a visible main window (first paint)", "value": median(ours) * 1000,
             "unit": "ms", "baseline": b * 1000, "ratio": median(ours) / b, "target": "<= 1.3x"},
            {"what": "cold start until every panel and the console exist", "value": median(ready) * 1000,
             "unit": "ms", "baseline": b * 1000, "ratio": median(ready) / b, "target": "(for information)"}]


# -- 5 and 6. a long query in the console: event-loop stalls, and Stop -------------------------------
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
    from guiapp.core.query import run_one
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
        pump_until(lambda: console._session is not None and console._session._running)
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


BENCHES: dict[str, Callable[[str, int], list[Row]]] = {
    "first_page": bench_first_page, "rss": bench_rss, "export": bench_export,
    "cold_start": bench_cold_start, "stall": bench_stall, "stop": bench_stop,
}


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES), default=None)
    parser.add_argument("--db", choices=sorted(urls()), nargs="*", default=None)
    args = parser.parse_args()
    app()
    rows: list[Row] = []
    for name in args.only or list(BENCHES):
        for db_name, url in urls().items():
            if args.db and db_name not in args.db:
                continue
            if name == "cold_start" and db_name != "sqlite":
                continue  # the window shows before it connects: the database does not matter
            started = time.perf_counter()
            for row in BENCHES[name](url, args.runs):
                row["db"] = "any" if name == "cold_start" else db_name
                row["verdict"] = verdict(row)
                rows.append(row)
                print(f"{row['db']:>8}  {row['what']:<62} {row['value']:>9.1f} {row['unit']:<22} "
                      f"baseline {row['baseline']:>9.1f}  ratio {row['ratio']:>5.2f}  {row['verdict']}"
                      f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    write_results(rows, args.runs)


def write_results(rows: list[Row], runs: int) -> None:
    lines = [
        "# Benchmark results", "",
        f"Measured {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} on {machine()}.",
        f"Each figure is the median of {runs} runs; the baseline ran in the same run. "
        "Regenerate with `python bench/run.py` (see bench/README.md).", "",
        "| database | measurement | guiapp | baseline | ratio | target | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['db']} | {r['what']} | {r['value']:.1f} {r['unit']} | {r['baseline']:.1f} | "
                     f"{r['ratio']:.2f} | {r['target']} | {r['verdict']} |")
    notes = HERE / "notes.md"
    if notes.exists():
        lines += ["", notes.read_text().strip()]
    (HERE / "results.md").write_text("\n".join(lines) + "\n")
    print(f"wrote {HERE / 'results.md'}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_rss":
        app()
        rss_child(sys.argv[2], sys.argv[3])
    else:
        main()
