"""Create the benchmark tables: 1,000,000 and 10,000 users-like rows, in SQLite, MariaDB and PostgreSQL,
and schemas of 5,000 small tables in SQLite, MariaDB and PostgreSQL.

    .venv/bin/python bench/generate.py [--rows N] [--wide N]

Idempotent: a table that already holds the right number of rows is kept.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BIG, BIG_ROWS, DATA, POSTGRESQL_URL, SMALL, SMALL_ROWS, WIDE_TABLES, WIDE_URLS, urls  # noqa: E402

from guiapp.core.connect.database import Database  # noqa: E402
from guiapp.core.data.sampledata import make_sample  # noqa: E402


def ensure_database(url: str) -> None:
    """Create the URL's database if it is missing, through the server's default one."""
    from sqlalchemy.engine import make_url
    target = make_url(url)
    server = Database(target.set(database="" if target.get_backend_name() == "mysql" else "postgres"))
    with server.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        quoted = conn.dialect.identifier_preparer.quote(target.database)
        if target.get_backend_name() == "mysql":
            conn.exec_driver_sql(f"CREATE DATABASE IF NOT EXISTS {quoted}")
        elif not conn.exec_driver_sql("SELECT 1 FROM pg_database WHERE datname = %s",
                                      (target.database,)).first():
            conn.exec_driver_sql(f"CREATE DATABASE {quoted}")
    server.engine.dispose()


def make_wide(db: Database, count: int) -> int:
    """``count`` tables of 7 or 8 columns, each with a primary key, a unique column, an index and
    (but the first) a foreign key to the one before: the shape of a large application's schema.
    Returns how many were created (a table that exists is kept)."""
    import sqlalchemy as sa
    with db.connect() as conn:
        existing = set(sa.inspect(conn).get_table_names())
    md = sa.MetaData()
    for number in range(count):
        columns = [sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(80), nullable=False),
                   sa.Column("email", sa.String(120), unique=True), sa.Column("created", sa.DateTime),
                   sa.Column("score", sa.Numeric(10, 2)), sa.Column("active", sa.Boolean, server_default="1"),
                   sa.Column("note", sa.Text)]
        if number:
            columns.append(sa.Column("parent_id", sa.Integer, sa.ForeignKey(f"w{number - 1:05d}.id")))
        sa.Table(f"w{number:05d}", md, *columns, sa.Index(f"ix_w{number:05d}_name", "name"))
    missing = [t for t in md.sorted_tables if t.name not in existing]
    for start in range(0, len(missing), 500):  # PostgreSQL locks every table created in a transaction
        with db.engine.begin() as conn:
            md.create_all(conn, tables=missing[start:start + 500], checkfirst=False)
    return len(missing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=BIG_ROWS)
    parser.add_argument("--wide", type=int, default=WIDE_TABLES, help="tables in each wide schema (0: none)")
    args = parser.parse_args()
    DATA.mkdir(exist_ok=True)
    for name, url in WIDE_URLS.items() if args.wide else ():
        if name != "sqlite":
            ensure_database(url)
        db = Database(url, create=True)
        start = time.perf_counter()
        made = make_wide(db, args.wide)
        print(f"{name}: {args.wide:,} tables ready ({made:,} created) in {time.perf_counter() - start:.1f} s")
        db.engine.dispose()
    for name, url in {**urls(), "postgresql": POSTGRESQL_URL}.items():
        if name != "sqlite":
            ensure_database(url)
        db = Database(url, create=True)
        for table, rows in ((BIG, args.rows), (SMALL, SMALL_ROWS)):
            start = time.perf_counter()
            make_sample(db, table, rows)
            print(f"{name}: {table} with {rows:,} rows ready in {time.perf_counter() - start:.1f} s")
        db.engine.dispose()


if __name__ == "__main__":
    main()
