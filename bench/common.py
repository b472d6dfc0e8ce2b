"""Shared settings of the benchmark scripts."""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SQLITE_URL = f"sqlite:///{DATA / 'bench.sqlite3'}"
# A database of its own, so the tests' `test` database stays as they expect it.
MYSQL_URL = os.environ.get("GUIAPP_BENCH_MYSQL_URL", "mysql+pymysql://root@127.0.0.1:3306/guiapp_bench")
# The size of the Chinook sample database: the file the start-up rows open (bench/generate.py).
CHINOOK = DATA / "chinook.sqlite"
BIG, SMALL = "bench_users", "bench_users_10k"
BIG_ROWS, SMALL_ROWS = 1_000_000, 10_000


# PostgreSQL holds the 1M-row table for the export benchmark against psql (generate.py makes it).
POSTGRESQL_URL = os.environ.get("GUIAPP_BENCH_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/guiapp_bench")


def urls() -> dict[str, str]:
    return {"sqlite": SQLITE_URL, "mariadb": MYSQL_URL}

# Schemas of many small tables, for the catalogue benchmarks.
WIDE_TABLES = 5_000
WIDE_URLS = {
    "sqlite": f"sqlite:///{DATA / 'wide.sqlite3'}",
    "mariadb": os.environ.get("GUIAPP_BENCH_MYSQL_WIDE_URL", "mysql+pymysql://root@127.0.0.1:3306/guiapp_bench_wide"),
    "postgresql": os.environ.get("GUIAPP_BENCH_PG_WIDE_URL", "postgresql+psycopg://root@127.0.0.1:5432/guiapp_bench_wide"),
}
