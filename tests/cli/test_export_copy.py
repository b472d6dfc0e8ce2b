"""A CSV export writes the same file whichever way its rows leave the database: PostgreSQL's COPY
(the command on the driver alone, or the window's pooled export) or the rows read one batch at a
time; on SQLite and MariaDB, where rows are the only way, the file is pinned byte for byte. Each
file imports back (``guiapp import --create``) to the cells it holds."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from guiapp.core.connect.database import Database
from guiapp.core.data.export import export, table_select
from guiapp.core.run.query import run_one
from tests.helpers.cli import guiapp

COLUMNS = ("t", "b", "arr", "words", "iv", "d", "ts", "tz", "n", "js", "jb", "f", "r", "flag")
PG_EDGE = [
    "CREATE TABLE edge (id INTEGER PRIMARY KEY, t TEXT, b BYTEA, arr INTEGER[], words TEXT[], iv INTERVAL, "
    "d DATE, ts TIMESTAMP, tz TIMESTAMPTZ, n NUMERIC, js JSON, jb JSONB, f FLOAT8, r REAL, flag BOOLEAN)",
    r"""INSERT INTO edge VALUES
 (1, '', '\x', '{}', '{}', '0', '2024-02-29', '2024-02-29 23:59:59.999999', '2024-02-29 12:00:00+05:30', 1.50,
  '{}', '{}', 1e-300, 1.5, true),
 (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (3, 'a "quoted", comma', '\x00ff0a0d5c22', '{1,NULL,-3}', '{"a b","",NULL,"q\"x","back\\slash","c,d"}',
  '1 year 2 mons 3 days 04:05:06.5', 'infinity', 'infinity', '-infinity', 100.000,
  '{"k": 1.10, "s": "x\ny"}', '{"k": 1.10, "z": [1, "two"]}', 'NaN', '-0', false),
 (4, E'line1\nline2\r\nline3\rend', '\x5c78', '{{1,2},{3,4}}', '{"ü","日本"}', '-1 mons +1 day', '0001-01-01 BC',
  '1999-12-31 24:00:00', '1970-01-01 00:00:00+00', -0.000001, '"plain"', 'null', 'Infinity', 'NaN', NULL),
 (5, E'tab\there\\back\\\\slash', '\x', '{2147483647}', '{"NULL"}', '00:00:00.000001', '9999-12-31',
  '294276-12-31 23:59:59', '2000-06-15 10:30:00.123456-07', 123456789012345678901234567890.123456789,
  '[]', '[]', '-Infinity', 3.4e38, true),
 (6, 'żółw 🐢 — ‘q’', '\x', '{}', '{""}', '-178000000 years', '2000-01-01', '2000-01-01',
  '2000-01-01 00:00:00+14', 'NaN', 'null', '"s\"t"', 2.2250738585072014e-308, 1e-45, false),
 (7, '\.', '\x', NULL, '{" lead"," "}', '1 day', '2000-01-01', '2000-01-01', 'infinity', 0, '1', '1.0',
  0.1, 0.1, true),
 (8, ' ', '\x', NULL, NULL, NULL, NULL, NULL, NULL, 1e-20, NULL, NULL, 1.7976931348623157e308, NULL, NULL),
 (9, '"', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 5e-324, NULL, NULL),
 (10, 'NULL', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 123456789.125, NULL, NULL)""",
]


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def _exec(db: Database, *statements: str) -> None:
    with db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT", no_parameters=True)
        for sql in statements:
            conn.exec_driver_sql(sql)


def _row_by_row(db: Database, table: str, target: Path) -> None:
    """The pooled export of ``table`` with a bound value COPY cannot take, so its rows are read."""
    unrenderable = sa.literal(b"\x00", sa.LargeBinary)
    export(db, table_select(db, table).where(unrenderable == unrenderable), target)


def _psql_copy(db: Database, sql: str, target: Path) -> None:
    u = db.url
    done = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", u.host, "-p", str(u.port or 5432),
                           "-U", u.username, "-d", u.database,
                           "-c", f"\\copy ({sql}) TO '{target}' WITH (FORMAT csv, HEADER)"],
                          capture_output=True, text=True, env={**os.environ, "PGPASSWORD": u.password or ""})
    assert done.returncode == 0, done.stderr


def test_postgresql_copy_and_rows_write_the_same_file_and_it_imports_back(postgresql_db: Database,
                                                                        tmp_path: Path) -> None:
    db = postgresql_db
    _exec(db, *PG_EDGE)
    copied = tmp_path / "copied.csv"
    done = guiapp("--url", _url(db), "export", "edge", "-o", str(copied))  # COPY on the driver alone
    assert done.returncode == 0, done.stderr
    data = copied.read_bytes()
    # The database's own client writes the same bytes.
    _psql_copy(db, f"SELECT id, {', '.join(COLUMNS)} FROM edge ORDER BY id", tmp_path / "psql.csv")
    assert (tmp_path / "psql.csv").read_bytes() == data
    # NULL is an empty field and '' is "", a lone \. is bare where other fields share its line.
    lines = data.decode().split("\n")
    assert lines[1].startswith('1,"",\\x,{},{},00:00:00,') and lines[2] == "2" + "," * len(COLUMNS)
    assert lines[9].startswith("7,\\.,\\x,,")
    # The window's export through COPY, the rows read one batch at a time, and a query: the same.
    export(db, table_select(db, "edge"), tmp_path / "pooled.csv")
    _row_by_row(db, "edge", tmp_path / "rows.csv")
    done = guiapp("--url", _url(db), "export", "--sql", "SELECT * FROM edge ORDER BY id", "-o",
                  str(tmp_path / "query.csv"))
    assert done.returncode == 0, done.stderr
    for name in ("pooled.csv", "rows.csv", "query.csv"):
        assert (tmp_path / name).read_bytes() == data, name
    # The file imports back to its cells: each cell's text, read as the column the import made.
    done = guiapp("--url", _url(db), "import", str(copied), "edge_back", "--create")
    assert done.returncode == 0, done.stderr
    kinds = dict(run_one(db, "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                             "WHERE attrelid = 'edge_back'::regclass AND attnum > 0"))
    differ = " OR ".join(f"CAST(CAST(e.{c} AS TEXT) AS {kinds[c]}) IS DISTINCT FROM k.{c}" for c in COLUMNS)
    assert run_one(db, f"SELECT count(*) FROM edge e FULL JOIN edge_back k USING (id) WHERE e.id IS NULL "
                       f"OR k.id IS NULL OR {differ}") == [(0,)]


# SQLite and MariaDB: the values both can hold, read as rows (their only way out).
D = decimal.Decimal
PLAIN_ROWS = list(zip(
    range(1, 11),
    ["", None, 'a "quoted", comma', "line1\nline2\r\nline3\rend", "tab\there\\back\\\\slash", "żółw 🐢 — ‘q’",
     "\\.", " ", '"', "NULL"],
    [b"", None, b"\x00\xff\n\r\\\"", b"\\x", b"b'x'", b"", None, b"\x80", b",", b"NULL"],
    [D("1.50"), None, D("100.000"), D("-0.000001"), D("123456789012345678901234567890.123456789"), D("0.5"),
     D("0.0000001"), D("-1"), None, D("7")],
    [1e-300, None, -0.0, 1.7976931348623157e308, 2.2250738585072014e-308, 0.1, 123456789.125, 1.5, -1e300, 3.0],
    [dt.date(2024, 2, 29), None, dt.date(1, 1, 1), dt.date(9999, 12, 31)] + [dt.date(2000, 1, 1)] * 6,
    [dt.datetime(2024, 2, 29, 23, 59, 59, 999999), None, dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59)]
    + [dt.datetime(2000, 1, 1, 12)] * 6,
))
PLAIN_HEAD = "id,t,b,n,f,d,ts\n"
PLAIN_TAIL = ("9,\"\"\"\",0x2c,,-1e+300,2000-01-01,2000-01-01 12:00:00\n"
              "10,NULL,0x4e554c4c,{seven},3.0,2000-01-01,2000-01-01 12:00:00\n")
PLAIN_FILES = {
    # SQLite keeps a DECIMAL column's values as integers or REALs (NUMERIC affinity), -0.0 as 0.
    "sqlite": ("1,\"\",0x,1.5,1e-300,2024-02-29,2024-02-29 23:59:59.999999\n"
               "2,,,,,,\n"
               "3,\"a \"\"quoted\"\", comma\",0x00ff0a0d5c22,100,0.0,0001-01-01,0001-01-01 00:00:00\n"
               "4,\"line1\nline2\r\nline3\rend\",0x5c78,-1e-06,1.7976931348623157e+308,9999-12-31,"
               "9999-12-31 23:59:59\n"
               "5,tab\there\\back\\\\slash,0x62277827,1.2345678901234568e+29,2.2250738585072014e-308,2000-01-01,"
               "2000-01-01 12:00:00\n"
               "6,żółw 🐢 — ‘q’,0x,0.5,0.1,2000-01-01,2000-01-01 12:00:00\n"
               "7,\\.,,1e-07,123456789.125,2000-01-01,2000-01-01 12:00:00\n"
               "8, ,0x80,-1,1.5,2000-01-01,2000-01-01 12:00:00\n" + PLAIN_TAIL.format(seven="7")),
    "mysql": ("1,\"\",0x,1.5000000000,1e-300,2024-02-29,2024-02-29 23:59:59.999999\n"
              "2,,,,,,\n"
              "3,\"a \"\"quoted\"\", comma\",0x00ff0a0d5c22,100.0000000000,0.0,0001-01-01,0001-01-01 00:00:00\n"
              "4,\"line1\nline2\r\nline3\rend\",0x5c78,-0.0000010000,1.7976931348623157e+308,9999-12-31,"
              "9999-12-31 23:59:59\n"
              "5,tab\there\\back\\\\slash,0x62277827,123456789012345678901234567890.1234567890,"
              "2.2250738585072014e-308,2000-01-01,2000-01-01 12:00:00\n"
              "6,żółw 🐢 — ‘q’,0x,0.5000000000,0.1,2000-01-01,2000-01-01 12:00:00\n"
              "7,\\.,,0.0000001000,123456789.125,2000-01-01,2000-01-01 12:00:00\n"
              "8, ,0x80,-1.0000000000,1.5,2000-01-01,2000-01-01 12:00:00\n" + PLAIN_TAIL.format(seven="7.0000000000")),
}


def _cells(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def _same_cell(a: str, b: str) -> bool:
    """The same text, or the same number written another way (100 and 100.0)."""
    if a == b:
        return True
    try:
        return D(a) == D(b)
    except decimal.InvalidOperation:
        return False


@pytest.mark.parametrize("name", ["sqlite", "mysql", "mysqlc"])
def test_sqlite_and_mariadb_rows_write_the_pinned_file_and_it_imports_back(name: str, tmp_path: Path,
                                                                         request: pytest.FixtureRequest) -> None:
    db: Database = request.getfixturevalue(f"{name}_db")
    kind = "DATETIME(6)" if db.dialect == "mysql" else "TIMESTAMP"
    _exec(db, f"CREATE TABLE edge (id INTEGER PRIMARY KEY, t VARCHAR(100), b BLOB, n DECIMAL(40,10), "
              f"f DOUBLE PRECISION, d DATE, ts {kind})")
    t = sa.table("edge", *[sa.column(c) for c in ("id", "t", "b", "n", "f", "d", "ts")])
    with db.begin() as conn:
        conn.execute(sa.insert(t), [dict(zip(("id", "t", "b", "n", "f", "d", "ts"), row)) for row in PLAIN_ROWS])
    target = tmp_path / "edge.csv"
    done = guiapp("--url", _url(db), "export", "edge", "-o", str(target))
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.decode() == PLAIN_HEAD + PLAIN_FILES[db.dialect]
    export(db, table_select(db, "edge"), tmp_path / "pooled.csv")
    assert (tmp_path / "pooled.csv").read_bytes() == data
    done = guiapp("--url", _url(db), "import", str(target), "edge_back", "--create")
    assert done.returncode == 0, done.stderr
    done = guiapp("--url", _url(db), "export", "edge_back", "-o", str(tmp_path / "back.csv"))
    assert done.returncode == 0, done.stderr
    back = (tmp_path / "back.csv").read_text(encoding="utf-8")
    assert back.startswith(PLAIN_HEAD + '1,"",') and "\n2,,,,,,\n" in back  # NULL and '' still apart
    for before, after in zip(_cells(target), _cells(tmp_path / "back.csv"), strict=True):
        assert all(_same_cell(a, b) for a, b in zip(before, after, strict=True)), (before, after)
