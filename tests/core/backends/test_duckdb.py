"""DuckDB files, and Parquet / CSV / JSON files opened as tables in an in-memory DuckDB, through the
command line as a process: listed, described, queried, exported, imported elsewhere, never written."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import duckdb  # the test extra installs guiapp[duckdb]
import pytest

from guiapp.core.connect.database import Database
from tests.helpers.cli import guiapp




@pytest.fixture
def shop_file(tmp_path: Path) -> str:
    path = tmp_path / "shop.duckdb"
    conn = duckdb.connect(str(path))
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL UNIQUE)")
    conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES customers(id), "
                 "total DECIMAL(10,2), placed TIMESTAMP)")
    conn.execute("CREATE INDEX ix_orders_total ON orders(total)")
    conn.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace')")
    conn.execute("INSERT INTO orders VALUES (10, 1, 12.50, '2026-01-02 03:04:05'), (11, 2, NULL, NULL)")
    conn.close()
    return str(path)


@pytest.fixture
def data_files(tmp_path: Path) -> dict[str, Path]:
    files = {"parquet": tmp_path / "sales.parquet", "csv": tmp_path / "sales.csv", "json": tmp_path / "sales.json"}
    query = "SELECT range AS id, 'item ' || range AS name, range * 1.5 AS price FROM range(1000)"
    duckdb.sql(f"COPY ({query}) TO '{files['parquet']}' (FORMAT parquet)")
    duckdb.sql(f"COPY ({query}) TO '{files['csv']}' (HEADER)")
    duckdb.sql(f"COPY ({query}) TO '{files['json']}' (FORMAT json, ARRAY true)")
    return files


def test_a_duckdb_file_lists_describes_and_queries_its_tables(shop_file: str) -> None:
    url = f"duckdb:///{shop_file}"
    tables = guiapp("--url", url, "tables")
    assert tables.returncode == 0, tables.stderr
    assert "customers  (table, 2 columns)" in tables.stdout
    assert "orders  (table, 4 columns)" in tables.stdout
    assert "(customer_id) -> customers(id)" in tables.stdout and "ix_orders_total (total)" in tables.stdout
    described = guiapp("--url", url, "describe", "orders")
    assert described.returncode == 0 and "NUMERIC(10, 2)" in described.stdout and "PRI" in described.stdout
    query = guiapp("--url", url, "query", "SELECT name FROM customers ORDER BY id")
    assert query.returncode == 0 and query.stdout.split()[2:4] == ["Ada", "Grace"]


@pytest.mark.parametrize("kind", ["parquet", "csv", "json"])
def test_a_data_file_opens_as_a_table_named_after_it_and_stays_unwritten(kind: str, data_files, tmp_path) -> None:
    path = data_files[kind]
    before = path.read_bytes()
    url = f"duckdb:///{path}"
    listed = guiapp("--url", url, "tables", "--names")
    assert listed.returncode == 0 and listed.stdout.split() == ["sales"], listed.stderr
    summed = guiapp("--url", url, "query", "SELECT count(*) AS n, sum(price) AS total FROM sales")
    assert summed.returncode == 0 and "1000" in summed.stdout and "749250" in summed.stdout
    refused = guiapp("--url", url, "query", "DROP VIEW sales")
    assert refused.returncode == 1 and "data file, read where it lies" in refused.stderr
    assert path.read_bytes() == before


def test_a_data_file_exports_and_imports_into_another_database(data_files, db: Database, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    exported = guiapp("--url", f"duckdb:///{data_files['parquet']}", "export", "sales", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(out.open(newline="")))
    assert len(rows) == 1000 and rows[3] == {"id": "3", "name": "item 3", "price": "4.5"}
    target = db.url.render_as_string(hide_password=False)
    imported = guiapp("--url", target, "import", str(out), "duck_sales", "--create")
    assert imported.returncode == 0, imported.stderr
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*), max(name) FROM duck_sales").one() == (1000, "item 999")


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    done = guiapp("--url", f"duckdb:///{tmp_path / 'nowhere.parquet'}", "tables")
    assert done.returncode == 1 and "does not exist" in done.stderr


def test_without_the_extra_the_message_says_which_to_install(tmp_path: Path, data_files) -> None:
    (tmp_path / "duckdb_engine.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'duckdb_engine'\", name='duckdb_engine')\n")
    done = guiapp("--url", f"duckdb:///{data_files['csv']}", "tables",
                  env={"PYTHONPATH": str(tmp_path)})
    assert done.returncode == 1
    assert done.stderr.strip() == ("Error: The database driver is not installed: duckdb_engine "
                                   "(pip install 'guiapp[duckdb]')")


def test_json_lines_open_too(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "kind": "click"}) for i in range(5)) + "\n")
    done = guiapp("--url", f"duckdb:///{path}", "query", "SELECT count(*) FROM events")
    assert done.returncode == 0 and "5" in done.stdout, done.stderr
