"""Cold start to a visible window against a bare PySide6 window."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from common import DATA
from harness import Row, median


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


def bench_cold_start(url: str, runs: int) -> list[Row]:
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
    return [{"what": "cold start to a visible main window (first paint)", "value": median(ours) * 1000,
             "unit": "ms", "baseline": b * 1000, "ratio": median(ours) / b, "target": "<= 1.3x"},
            {"what": "cold start until every panel and the console exist", "value": median(ready) * 1000,
             "unit": "ms", "baseline": b * 1000, "ratio": median(ready) / b, "target": "(for information)"}]


# -- 5 and 6. a long query in the console: event-loop stalls, and Stop -------------------------------
