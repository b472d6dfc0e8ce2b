"""The grid: first page painted, and memory while scrolling a million rows."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import BIG, BIG_ROWS, SMALL
from harness import PAGE, Row, app, median, pump_until, raw_connection, workspace_for


# What the grid's first page reads, as the raw driver runs it for the baselines.
FIRST_PAGE_SQL = f"SELECT id, name, email, ctime, score, note FROM {BIG} ORDER BY id LIMIT {PAGE}"


# -- 1. open table to first page painted -------------------------------------------------------
def bench_first_page(url: str, runs: int) -> list[Row]:
    from guiapp.core.schema.catalog import catalog_for
    from guiapp.itemmodels.tabledata import TableDataModel
    from guiapp.views.gridutil import grid_view
    ws, db = workspace_for(url)
    raw = raw_connection(url)
    view = grid_view("dataGrid")  # the grid as guiapp builds it: 31 rows of 22 px in view, row numbers
    view.resize(1000, 700)
    view.show()
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    cold, warm, base, base_painted, python_painted = [], [], [], [], []
    for _ in range(runs + 1):  # the first round warms caches and is dropped
        start = time.perf_counter()
        cur = raw.cursor()
        cur.execute(FIRST_PAGE_SQL)
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
        # Third, for information: the same rows in the plainest Python model, painted. What any
        # PySide grid pays: Qt asks data() for 7 roles of every visible cell, each a call into Python.
        start = time.perf_counter()
        cur = raw.cursor()
        cur.execute(FIRST_PAGE_SQL)
        view.setModel(_plain_model(cur.fetchall()))
        cur.close()
        view.viewport().repaint()
        python_painted.append(time.perf_counter() - start)
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
    b, bp, pp = median(base), median(base_painted), median(python_painted[1:])
    return [
        {"what": "open table, first page painted (schema known) vs raw query", "value": median(warm) * 1000,
         "unit": "ms", "baseline": b * 1000, "ratio": median(warm) / b, "target": "<= 50 ms and <= 2x raw"},
        {"what": "open table, first page painted (schema known) vs raw query + bare Qt model painted",
         "value": median(warm) * 1000, "unit": "ms", "baseline": bp * 1000, "ratio": median(warm) / bp,
         "target": "<= 50 ms and <= 1.5x"},
        {"what": "open table, first page painted (schema known) vs raw query + plainest Python model painted",
         "value": median(warm) * 1000, "unit": "ms", "baseline": pp * 1000, "ratio": median(warm) / pp,
         "target": "(for information)"},
        {"what": "open table incl. reflecting it, vs raw query + bare Qt model painted",
         "value": median(cold) * 1000, "unit": "ms", "baseline": bp * 1000, "ratio": median(cold) / bp,
         "target": "<= 50 ms and <= 2x raw"},
    ]


def _plain_model(rows: list[tuple]) -> Any:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex

    class PlainModel(QAbstractTableModel):
        def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
            return len(rows)

        def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
            return 6

        def data(self, index: QModelIndex, role: int = 0) -> Any:
            return str(rows[index.row()][index.column()]) if role == 0 else None  # DisplayRole
    return PlainModel()


# -- 2. RSS after scrolling the 1M-row table vs the 10k-row table --------------------------------
def rss_child(url: str, table: str) -> None:
    """Runs in a subprocess: print the RSS growth of opening and scrolling ``table`` top to bottom."""
    import psutil
    from PySide6.QtWidgets import QAbstractItemView, QTableView

    from guiapp.core.schema.catalog import catalog_for
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
            out = subprocess.run([sys.executable, str(Path(__file__).with_name("run.py")), "_rss", url, table], capture_output=True,
                                 text=True, timeout=900)
            if out.returncode != 0:
                raise RuntimeError(out.stderr[-800:])
            growth[table].append(int(out.stdout.split()[0]) / 2**20)
    big, small = median(growth[BIG]), median(growth[SMALL])
    return [{"what": f"RSS growth, scroll {BIG_ROWS:,} rows top to bottom (steps of {PAGE * 10:,})",
             "value": big - small, "unit": "MB more than 10k rows", "baseline": small,
             "ratio": big / small if small > 0 else float("nan"), "target": "<= 50 MB more"}]
