"""Cold start: the installed ``guiapp`` console script, started as users start it, until X reports its
window mapped on Xvfb, against a bare PySide6 window started in the same run, alternately.

Four starts are timed: ``guiapp`` (reopening the database used last), ``guiapp FILE``, ``guiapp --url
URL``, and a relaunch that restores a table tab and two consoles. The in-process first paint,
offscreen, stays as a figure for information.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import CHINOOK, DATA, MYSQL_URL
from harness import Row, median
import xwindow

TARGET = "<= 1.3x"


def chinook_url() -> str:
    from generate import make_chinook
    make_chinook(CHINOOK)
    return f"sqlite:///{CHINOOK}"


def _data_dir(home: Path) -> Path:
    """Where guiapp keeps its files for a user whose home is ``home`` (XDG_DATA_HOME set below it)."""
    return home / ".local" / "share" / "guiapp"


def remember_as_last(home: Path, url: str) -> None:
    """Make ``url`` the database ``home``'s user used last (what a plain ``guiapp`` reopens)."""
    previous = os.environ.get("GUIAPP_DATA_DIR")
    os.environ["GUIAPP_DATA_DIR"] = str(_data_dir(home))
    try:
        from guiapp.qt.settings import remember_last
        remember_last(url, False, "")
    finally:
        os.environ.pop("GUIAPP_DATA_DIR") if previous is None else os.environ.__setitem__("GUIAPP_DATA_DIR", previous)


def leave_tabs_open(home: Path, url: str) -> None:
    """Use guiapp as a user would, offscreen: open ``url``, open the Track table and a second console,
    type in both consoles, close the window. Its next start restores all of that."""
    from harness import app, pump_until
    previous = os.environ.get("GUIAPP_DATA_DIR")
    os.environ["GUIAPP_DATA_DIR"] = str(_data_dir(home))
    try:
        app()
        from guiapp.app import build
        window = build(url, None)
        window.resize(1280, 800)
        window.show()
        pump_until(lambda: window.workspace.db is not None and bool(window.consoles()), timeout=60)
        window.open_table("Track")
        window.consoles()[0].editor.setPlainText("SELECT * FROM Track WHERE Milliseconds > 300000")
        window.new_console("SELECT ArtistId, count(*) FROM Album GROUP BY ArtistId")
        pump_until(lambda: not window.workspace.tasks.busy, timeout=60)
        window.close()
        window.wait_for_consoles(10)
        window.workspace.close()
        window.deleteLater()
    finally:
        os.environ.pop("GUIAPP_DATA_DIR") if previous is None else os.environ.__setitem__("GUIAPP_DATA_DIR", previous)


def _fresh_copy(home: Path) -> Path:
    """A copy of a prepared home, so that every run starts from the same files."""
    copy = Path(tempfile.mkdtemp(prefix="guiapp-home-"))
    shutil.copytree(home, copy, dirs_exist_ok=True)
    return copy


def x_rows(runs: int) -> list[Row]:
    """The cold-start rows on Xvfb (see the module docstring)."""
    missing = xwindow.missing()
    script = xwindow.guiapp_script()
    if missing or script is None:
        print(f"cold start on X skipped: {missing or 'the guiapp console script is not installed beside this Python'}")
        return []
    url = chinook_url()
    homes = Path(tempfile.mkdtemp(prefix="guiapp-bench-homes-"))
    last, fresh, relaunch = homes / "last", homes / "fresh", homes / "relaunch"
    for home in (last, fresh, relaunch):
        home.mkdir()
    remember_as_last(last, url)
    leave_tabs_open(relaunch, url)
    starts = {  # row text: (command, prepared home)
        "`guiapp` (reopens the database used last)": ([script], last),
        "`guiapp FILE` (a SQLite file)": ([script, str(CHINOOK)], fresh),
        "`guiapp --url URL` (MariaDB)": ([script, "--url", MYSQL_URL], fresh),
        "relaunch restoring a table tab and two consoles (`guiapp`)": ([script], relaunch),
    }
    bare: list[float] = []
    bare_cpu: list[float] = []
    mapped: dict[str, list[float]] = {what: [] for what in starts}
    cpu: dict[str, list[float]] = {what: [] for what in starts}
    print(f"  cold start on X: {xwindow.load()} before", flush=True)
    cache = str(homes / "cache")  # fontconfig's and the like, warm after the first round, as on a desktop
    with xwindow.xvfb() as display:
        base_home = homes / "bare"
        base_home.mkdir()
        bare_env = xwindow.x_environment(display, str(base_home), cache)
        for round_ in range(runs + 1):  # round 0 warms the file cache and writes bytecode: not counted
            timing = xwindow.time_window(xwindow.bare_command(), bare_env)
            if round_:
                bare.append(timing.mapped)
                bare_cpu.append(timing.cpu_mapped or 0.0)
            for what, (command, home) in starts.items():
                run_home = _fresh_copy(home)
                timing = xwindow.time_window(command, xwindow.x_environment(display, str(run_home), cache))
                shutil.rmtree(run_home, ignore_errors=True)
                if round_:
                    mapped[what].append(timing.mapped)
                    cpu[what].append(timing.cpu_mapped or 0.0)
    print(f"  cold start on X: {xwindow.load()} after", flush=True)
    shutil.rmtree(homes, ignore_errors=True)
    b, b_cpu = median(bare), median(bare_cpu)
    for what in starts:  # for the notes: CPU time moves much less with the machine's load
        print(f"  CPU time until mapped, {what}: {median(cpu[what]) * 1000:.0f} ms against {b_cpu * 1000:.0f} ms "
              f"({median(cpu[what]) / b_cpu if b_cpu else 0:.2f}x)", flush=True)
    return [{"what": f"cold start to the window mapped on X, {what}, vs a bare PySide6 window",
             "value": median(times) * 1000, "unit": "ms", "baseline": b * 1000, "ratio": median(times) / b,
             "target": TARGET} for what, times in mapped.items()]


# -- for information: the first paint in-process, offscreen -------------------------------------------
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
# The same path as `guiapp` with no arguments: its entry module, then app.run_window's steps (the
# style sheet and theme are applied by build()).
GUIAPP = FIRST_PAINT + (
    "import guiapp.launch\n"
    "from PySide6.QtWidgets import QApplication\n"
    "from guiapp.app import build\nfrom guiapp.views.resources import icon\n"
    "app = QApplication([]); app.setWindowIcon(icon('app'))\n"
    "w = build({url!r}, None); f = FirstPaint(); w.installEventFilter(f); w.show(); app.exec()\n")
READY = (
    "import os, time\nstart = time.perf_counter()\n"
    "import guiapp.launch\n"
    "from PySide6.QtWidgets import QApplication\n"
    "from guiapp.app import build\nfrom guiapp.views.resources import icon\n"
    "app = QApplication([]); app.setWindowIcon(icon('app'))\n"
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


def offscreen_rows(url: str, runs: int) -> list[Row]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GUIAPP_DATA_DIR": str(DATA / "coldstart")}
    # As installed, guiapp starts from its compiled bytecode, as PySide6 does here: a shell that
    # forbids writing it would have every start compile guiapp's modules anew (about 30 ms).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ours, ready, base = [], [], []
    _time_to_shown(BARE, env)  # warm the OS file cache once
    _time_to_shown(READY.format(url=url), env)  # and write guiapp's bytecode, as a first start does
    for _ in range(runs):
        base.append(_time_to_shown(BARE, env))
        ours.append(_time_to_shown(GUIAPP.format(url=url), env))
        ready.append(_time_to_shown(READY.format(url=url), env))
    b = median(base)
    return [{"what": "cold start to a visible main window (first paint, offscreen, in-process)",
             "value": median(ours) * 1000, "unit": "ms", "baseline": b * 1000, "ratio": median(ours) / b,
             "target": "(for information)"},
            {"what": "cold start until every panel and the console exist", "value": median(ready) * 1000,
             "unit": "ms", "baseline": b * 1000, "ratio": median(ready) / b, "target": "(for information)"}]


def bench_cold_start(url: str, runs: int) -> list[Row]:
    return x_rows(runs) + offscreen_rows(url, runs)
