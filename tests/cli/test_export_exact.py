"""``guiapp export`` as a user runs it writes what the database holds: NULL and '' apart in CSV,
PostgreSQL's own text for its values, every SQL value or a refusal naming its cell, a symlink
written through, --ddl without keys the source never numbered, and --sql only for queries."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from guiapp.core.connect.database import Database
from guiapp.core.run.query import run_one
from tests.helpers.cli import guiapp

TEXTS = [None, "", " ", "a\r\nb", "cr\ronly", "x,y", 'q"', "plain"]
CSV_TEXTS = ["", '""', " ", '"a\r\nb"', '"cr\ronly"', '"x,y"', '"q"""', "plain"]


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def _exec(db: Database, *statements: str) -> None:
    with db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for sql in statements:
            conn.exec_driver_sql(sql.replace("%", "%%") if db.dialect != "sqlite" else sql)


def _texts_table(db: Database, name: str = "texts", column: str = "t") -> None:
    _exec(db, f"CREATE TABLE {name} (id INTEGER PRIMARY KEY, {column} VARCHAR(20))")
    with db.begin() as conn:
        for i, text in enumerate(TEXTS, 1):
            conn.exec_driver_sql(f"INSERT INTO {name} (id, {column}) VALUES ({i}, {db.backend.literal(text)})")


def test_csv_writes_null_as_nothing_and_the_empty_string_quoted(db: Database, tmp_path: Path) -> None:
    _texts_table(db)
    target = tmp_path / "texts.csv"
    done = guiapp("--url", _url(db), "export", "texts", "-o", str(target))
    assert done.returncode == 0, done.stderr
    expected = "id,t\n" + "".join(f"{i},{cell}\n" for i, cell in enumerate(CSV_TEXTS, 1))
    assert target.read_bytes().decode() == expected
    # The command runs on the driver alone where it can; the window's pooled export writes the same.
    from guiapp.core.data.export import export, table_select
    export(db, table_select(db, "texts"), tmp_path / "pooled.csv")
    assert (tmp_path / "pooled.csv").read_bytes() == target.read_bytes()
    # A query goes through the same writer (on PostgreSQL, COPY as well).
    done = guiapp("--url", _url(db), "export", "--sql", "SELECT t FROM texts ORDER BY id", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().decode() == "t\n" + "".join(f"{cell}\n" for cell in CSV_TEXTS)


def test_json_keeps_null_and_the_empty_string_apart(db: Database, tmp_path: Path) -> None:
    _texts_table(db)
    target = tmp_path / "texts.json"
    assert guiapp("--url", _url(db), "export", "texts", "-o", str(target)).returncode == 0
    assert [row["t"] for row in json.loads(target.read_text(encoding="utf-8"))] == TEXTS


PG_ODD = ("CREATE TABLE pg_odd (id INTEGER PRIMARY KEY, arr INTEGER[], words TEXT[], flag BOOLEAN, "
          "f FLOAT8, months INTERVAL, span INTERVAL, t TIME, ts TIMESTAMP, d DATE, js JSONB, n NUMERIC)")
PG_ROW = ("INSERT INTO pg_odd VALUES (1, '{1,2,NULL}', '{\"a b\",\"\",NULL}', true, 'infinity', "
          "'1 month', '1 day 02:03:04', '24:00:00', 'infinity', '-infinity', '{\"k\": 1.10}', 'NaN')")
PG_TEXT = ["1", "{1,2,NULL}", '{"a b","",NULL}', "t", "Infinity", "1 mon", "1 day 02:03:04", "24:00:00",
           "infinity", "-infinity", '{"k": 1.10}', "NaN"]


def test_postgresql_values_leave_as_the_servers_text(postgresql_db: Database, tmp_path: Path) -> None:
    _exec(postgresql_db, PG_ODD, PG_ROW, "INSERT INTO pg_odd (id) VALUES (2)")
    url = _url(postgresql_db)
    target = tmp_path / "odd.csv"
    done = guiapp("--url", url, "export", "pg_odd", "-o", str(target))
    assert done.returncode == 0, done.stderr
    import csv
    with open(target, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[1] == PG_TEXT
    assert rows[2] == ["2"] + [""] * (len(PG_TEXT) - 1)
    # The row-by-row writer (a query COPY cannot take) writes the same file.
    copied = target.read_bytes()
    from guiapp.core.data.export import export
    from guiapp.core.data.paging import TablePager, View
    from guiapp.core.schema.catalog import catalog_for
    import sqlalchemy as sa
    pager = TablePager(postgresql_db, catalog_for(postgresql_db).table("pg_odd"), View().with_filter("id", "<= 2"))
    unrenderable = sa.literal(b"\x00", sa.LargeBinary)  # no literal form: the rows are read, not COPYed
    export(postgresql_db, pager.all_rows_query().where(unrenderable == unrenderable), target)
    assert target.read_bytes() == copied
    target = tmp_path / "odd.json"
    assert guiapp("--url", url, "export", "pg_odd", "-o", str(target)).returncode == 0
    first = json.loads(target.read_text(encoding="utf-8"))[0]
    assert first == {"id": 1, "arr": "{1,2,NULL}", "words": '{"a b","",NULL}', "flag": True, "f": "Infinity",
                     "months": "1 mon", "span": "1 day 02:03:04", "t": "24:00:00", "ts": "infinity",
                     "d": "-infinity", "js": '{"k": 1.10}', "n": "NaN"}
    shown = guiapp("--url", url, "query", "SELECT t FROM pg_odd WHERE id = 1")
    assert shown.returncode == 0 and "24:00:00" in shown.stdout, shown.stderr


def test_a_postgresql_sql_export_loads_back_through_psql(postgresql_db: Database, tmp_path: Path) -> None:
    _exec(postgresql_db, PG_ODD, PG_ROW, "INSERT INTO pg_odd (id) VALUES (2)")
    target = tmp_path / "odd.sql"
    done = guiapp("--url", _url(postgresql_db), "export", "pg_odd", "-o", str(target))
    assert done.returncode == 0, done.stderr
    before = run_one(postgresql_db, "SELECT pg_odd::text FROM pg_odd ORDER BY id")
    _exec(postgresql_db, "DELETE FROM pg_odd")
    _psql(postgresql_db, target)
    assert run_one(postgresql_db, "SELECT pg_odd::text FROM pg_odd ORDER BY id") == before


def _psql(db: Database, script: Path) -> None:
    u = db.url
    loaded = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", u.host, "-p", str(u.port or 5432),
                             "-U", u.username, "-d", u.database, "-f", str(script)],
                            capture_output=True, text=True, env={**os.environ, "PGPASSWORD": u.password or ""})
    assert loaded.returncode == 0, loaded.stderr


def test_sqlite_infinity_loads_back_and_a_database_without_it_is_refused(sqlite_db: Database, tmp_path: Path) -> None:
    import sqlite3
    _exec(sqlite_db, "CREATE TABLE floats (id INTEGER PRIMARY KEY, v REAL)",
          "INSERT INTO floats VALUES (1, 9e999), (2, -9e999), (3, 1.5)")
    target = tmp_path / "floats.sql"
    done = guiapp("--url", _url(sqlite_db), "export", "floats", "-o", str(target))
    assert done.returncode == 0, done.stderr
    fresh = sqlite3.connect(tmp_path / "fresh.sqlite3")
    fresh.execute("CREATE TABLE floats (id INTEGER PRIMARY KEY, v REAL)")
    fresh.executescript(target.read_text())
    assert fresh.execute("SELECT v FROM floats ORDER BY id").fetchall() == [(float("inf"),), (float("-inf"),), (1.5,)]
    target.write_text("the earlier file")
    refused = guiapp("--url", _url(sqlite_db), "export", "floats", "-o", str(target), "--dialect", "mysql")
    assert refused.returncode == 1
    assert refused.stderr.strip() == ("Error: Row 1, column v cannot be written as SQL: mysql has no value "
                                      "Infinity. Nothing was exported.")
    assert target.read_text() == "the earlier file"


def test_an_export_to_a_symlink_writes_its_target_and_keeps_the_link(sqlite_db: Database, tmp_path: Path) -> None:
    real = tmp_path / "data" / "real.csv"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    done = guiapp("--url", _url(sqlite_db), "export", "--sql", "SELECT 1 AS one", "-o", str(link))
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "one\n1\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.rglob("*.csv")) == ["link.csv", "real.csv"]
    assert not list(tmp_path.rglob("*.part"))
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    refused = guiapp("--url", _url(sqlite_db), "export", "--sql", "SELECT 1 AS one", "-o", str(dangling))
    assert refused.returncode == 1 and "which does not exist" in refused.stderr
    assert dangling.is_symlink() and not (tmp_path / "nowhere.csv").exists()


@pytest.mark.parametrize("target", ["mysql", "postgresql"])
def test_ddl_numbers_keys_only_where_the_source_did(db: Database, target: str, tmp_path: Path) -> None:
    key = "INT" if db.dialect == "sqlite" else "INTEGER"  # SQLite's INTEGER PRIMARY KEY is the rowid
    _exec(db, f"CREATE TABLE plain_key (id {key} NOT NULL PRIMARY KEY, v VARCHAR(10))")
    out = tmp_path / "plain.sql"
    done = guiapp("--url", _url(db), "export", "plain_key", "-o", str(out), "--ddl", "--dialect", target)
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert "SERIAL" not in text.upper() and "AUTO_INCREMENT" not in text.upper(), text
    assert "setval" not in text


def test_query_table_says_when_it_cut_a_cell(sqlite_db: Database) -> None:
    long = "x" * 70
    shown = guiapp("--url", _url(sqlite_db), "query", f"SELECT '{long}' AS v, 'short' AS w UNION ALL SELECT 'a', 'b'")
    assert shown.returncode == 0, shown.stderr
    assert long not in shown.stdout
    assert shown.stdout.splitlines()[-1] == ("(2 rows; 1 cell cut to fit, ending in …: "
                                             "--format csv or json shows every value whole)")
    whole = guiapp("--url", _url(sqlite_db), "query", "SELECT 'short' AS v")
    assert whole.stdout.splitlines()[-1] == "(1 row)"


@pytest.mark.parametrize("sql", ["CREATE TABLE made_by_export (a INTEGER)",
                                 "SELECT 1; CREATE TABLE made_by_export (a INTEGER)"])
def test_export_refuses_a_statement_that_returns_no_rows_before_running_it(db: Database, sql: str,
                                                                           tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    done = guiapp("--url", _url(db), "export", "--sql", sql, "-o", str(target))
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Nothing was run." in done.stderr, done.stderr
    assert not target.exists()
    with db.connect() as conn:  # read in-process: the export is the command under test
        assert "made_by_export" not in sa.inspect(conn).get_table_names()


def test_ctrl_c_during_a_postgresql_copy_leaves_the_earlier_file(postgresql_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "big.csv"
    target.write_text("the earlier file")
    sql = "SELECT g, repeat('x', 200) AS pad FROM generate_series(1, 20000000) g"
    proc = subprocess.Popen([sys.executable, "-m", "guiapp", "--url", _url(postgresql_db), "export", "--sql", sql,
                             "-o", str(target)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not any(p.stat().st_size > 1_000_000 for p in tmp_path.glob(".*.part")):
        assert proc.poll() is None and time.monotonic() < deadline, "the export never got under way"
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1 and err.strip().splitlines()[-1] == "Error: Query cancelled.", err
    assert target.read_text() == "the earlier file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv"]
    probe = "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY (SELECT g, repeat%' AND pid <> pg_backend_pid()"
    assert run_one(postgresql_db, probe) == [(0,)]
