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
    is the same command printing the names only (process start, connect, one catalogue query).
    MariaDB twice: through PyMySQL, and on a ``mysql://`` URL, the C driver guiapp[mysql-c] adds."""
    from sqlalchemy.engine import make_url
    rows: list[Row] = []
    runs_of = [(db_name, url, "") for db_name, url in WIDE_URLS.items()]
    runs_of.append(("mariadb", make_url(WIDE_URLS["mariadb"]).set(drivername="mysql")
                    .render_as_string(hide_password=False), ", C driver"))
    for db_name, url, driver in runs_of:
        full = median([_timed("--url", url, "tables") for _ in range(runs)])
        names = median([_timed("--url", url, "tables", "--names") for _ in range(runs)])
        rows.append({"db": db_name,
                     "what": f"guiapp tables, {WIDE_TABLES:,} tables{driver} (baseline: names only)",
                     "value": full * 1000, "unit": "ms", "baseline": names * 1000, "ratio": full / names,
                     "target": "<= 1500 ms"})
    return rows
