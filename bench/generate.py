"""Create the benchmark tables: 1,000,000 and 10,000 users-like rows, in SQLite and in MariaDB.

    .venv/bin/python bench/generate.py [--rows N]

Idempotent: a table that already holds the right number of rows is kept.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BIG, BIG_ROWS, DATA, SMALL, SMALL_ROWS, urls  # noqa: E402

from guiapp.core.database import Database  # noqa: E402
from guiapp.core.sampledata import make_sample  # noqa: E402


def ensure_database(url: str) -> None:
    """CREATE DATABASE IF NOT EXISTS for the URL's database, through the server's default one."""
    from sqlalchemy.engine import make_url
    target = make_url(url)
    server = Database(target.set(database=""))
    with server.connect() as conn:
        quoted = conn.dialect.identifier_preparer.quote(target.database)
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
            f"CREATE DATABASE IF NOT EXISTS {quoted}")
    server.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=BIG_ROWS)
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    for name, url in urls().items():
        if name == "mariadb":
            ensure_database(url)
        db = Database(url, create=True)
        for table, rows in ((BIG, args.rows), (SMALL, SMALL_ROWS)):
            start = time.perf_counter()
            make_sample(db, table, rows)
            print(f"{name}: {table} with {rows:,} rows ready in {time.perf_counter() - start:.1f} s")
        db.engine.dispose()


if __name__ == "__main__":
    main()
