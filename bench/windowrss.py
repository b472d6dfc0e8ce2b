"""RSS of the whole window with the 1M-row table open in a tab, against a bare PySide6 window showing
an empty grid: what a user's machine pays to have guiapp open on a big table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from common import BIG, DATA
from harness import Row, median

BARE = (
    "import os, psutil\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow, QTableView\n"
    "app = QApplication([]); w = QMainWindow(); w.resize(1280, 800); w.setCentralWidget(QTableView())\n"
    "w.show(); [app.processEvents() for _ in range(20)]\n"
    "print(psutil.Process().memory_info().rss, flush=True); os._exit(0)\n")


def window_child(url: str) -> None:
    """Runs in a subprocess: the real window on ``url`` with the big table open, first page shown."""
    import psutil
    from harness import app, pump_until
    from guiapp.app import build
    from guiapp.views.resources import style_sheet
    app().setStyleSheet(style_sheet())
    window = build(url, None)
    window.resize(1280, 800)
    window.show()
    pump_until(lambda: window.workspace.db is not None and window.built, timeout=60)
    window.open_table(BIG)
    page = window.tabs.currentWidget()
    pump_until(lambda: page.data_tab is not None and page.data_tab.model.row_values(0) is not None, timeout=60)
    for _ in range(20):
        app().processEvents()
    print(psutil.Process().memory_info().rss, flush=True)
    os._exit(0)


def _rss(args: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GUIAPP_DATA_DIR": str(DATA / "windowrss")}
    out = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, env=env)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-800:])
    return int(out.stdout.split()[-1]) / 2**20


def bench_window_rss(url: str, runs: int) -> list[Row]:
    ours = [_rss([str(Path(__file__).with_name("run.py")), "_window_rss", url]) for _ in range(runs)]
    bare = [_rss(["-c", BARE]) for _ in range(runs)]
    return [{"what": "RSS of the window with the 1,000,000-row table open (vs a bare window and grid)",
             "value": median(ours), "unit": "MB", "baseline": median(bare),
             "ratio": median(ours) / median(bare), "target": "(for information)"}]
