"""`guiapp tables` on a schema of 5,000 tables against listing the names alone, on each backend."""

from __future__ import annotations

import subprocess
import sys
import time

from common import WIDE_TABLES, WIDE_URLS
from harness import Row, median


def _timed(*args: str) -> float:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "guiapp", *args], capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-800:])
    return time.perf_counter() - start


def bench_catalogue(_url: str, runs: int) -> list[Row]:
    """Every table's columns, keys, indexes, constraints and foreign keys, printed; the baseline
    is the same command printing the names only (process start, connect, one catalogue query)."""
    rows: list[Row] = []
    for db_name, url in WIDE_URLS.items():
        full = median([_timed("--url", url, "tables") for _ in range(runs)])
        names = median([_timed("--url", url, "tables", "--names") for _ in range(runs)])
        rows.append({"db": db_name, "what": f"guiapp tables, {WIDE_TABLES:,} tables (baseline: names only)",
                     "value": full * 1000, "unit": "ms", "baseline": names * 1000, "ratio": full / names,
                     "target": "<= 1500 ms"})
    return rows
