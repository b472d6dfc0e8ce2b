"""Shared settings of the benchmark scripts."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SQLITE_URL = f"sqlite:///{DATA / 'bench.sqlite3'}"
# A database of its own, so the tests' `test` database stays as they expect it.
MYSQL_URL = os.environ.get("GUIAPP_BENCH_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/guiapp_bench")
BIG, SMALL = "bench_users", "bench_users_10k"
BIG_ROWS, SMALL_ROWS = 1_000_000, 10_000


def urls() -> dict[str, str]:
    return {"sqlite": SQLITE_URL, "mariadb": MYSQL_URL}
