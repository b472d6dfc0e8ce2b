"""A SQL export loads back through the database's own client (Python's sqlite3 module, the
``mysql`` and ``psql`` command lines) into a fresh table, every cell identical to the source.

Each backend gets a table of odd values (NULL, '', whitespace, quotes, backslashes, CR LF,
tabs, text beyond the BMP, NUL in binary, DECIMAL(65,30), integers at 2^63, dates at the
edges, booleans, JSON; on PostgreSQL arrays, intervals of months, infinity and TIME 24:00),
always, plus rows drawn by hypothesis: a few examples of up to a dozen rows each.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from guiapp.core.connect.database import Database
from guiapp.core.data.export import export, table_select

# Few examples, and no shrinking (each step runs a client process): a failure shows its whole example.
# GUIAPP_TEST_EXAMPLES asks for more, for a longer search by hand.
EXAMPLES = settings(max_examples=int(os.environ.get("GUIAPP_TEST_EXAMPLES", "8")), deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ODD_TEXTS = [None, "", "   ", "\t", "it's", 'say "hi"', "back\\slash", "ends\\", "\\'); DROP TABLE x; --",
             "cr\r\nlf", "cr\ronly", "tab\there", "emoji 😀 𝄞", "100% %s {0}"]
BIG = 2 ** 63 - 1
SMALL = -(2 ** 63)


def _no_nul(text: str | None) -> str | None:
    return None if text is None else text.replace("\x00", "")


# -- SQLite ----------------------------------------------------------------------------------------
SQLITE_DDL = "CREATE TABLE {} (id INTEGER PRIMARY KEY, t TEXT, b BLOB, r REAL, i INTEGER)"
SQLITE_ROW = st.tuples(st.none() | st.text(), st.none() | st.binary(max_size=40),
                       st.none() | st.floats(allow_nan=False), st.none() | st.integers(SMALL, BIG))


def _sqlite_odd() -> list[tuple]:
    rows: list[tuple] = [(t, None, None, None) for t in ODD_TEXTS + ["nul\x00inside"]]
    rows += [(None, b"\x00A\x00", float("inf"), BIG), (None, b"", float("-inf"), SMALL), (None, None, -0.0, 0),
             (None, bytes(range(256)), 5e-324, -1), (None, None, 1.7976931348623157e308, 2 ** 62)]
    return rows


def _sqlite_round_trip(db: Database, rows: list[tuple], tmp_path: Path) -> None:
    with db.begin() as conn:
        conn.exec_driver_sql("DELETE FROM src")
        conn.connection.dbapi_connection.cursor().executemany(
            "INSERT INTO src VALUES (?, ?, ?, ?, ?)", [(i, *row) for i, row in enumerate(rows, 1)])
    path = tmp_path / "src.sql"
    export(db, table_select(db, "src"), path, table_name="dst")
    fresh = sqlite3.connect(tmp_path / "fresh.sqlite3")
    fresh.execute("DROP TABLE IF EXISTS dst")
    fresh.execute(SQLITE_DDL.format("dst"))
    with open(path, encoding="utf-8", newline="") as f:
        fresh.executescript(f.read())
    fresh.commit()
    query = "SELECT id, t, b, r, i, typeof(t), typeof(b), typeof(r), typeof(i) FROM {} ORDER BY id"
    source = sqlite3.connect(db.url.database)
    assert fresh.execute(query.format("dst")).fetchall() == source.execute(query.format("src")).fetchall()
    fresh.close()
    source.close()


def test_sqlite_odd_values_load_back_through_sqlite3(sqlite_db: Database, tmp_path: Path) -> None:
    sqlite_db.engine.dispose()
    with sqlite3.connect(sqlite_db.url.database) as raw:
        raw.execute(SQLITE_DDL.format("src"))
    _sqlite_round_trip(sqlite_db, _sqlite_odd(), tmp_path)


@EXAMPLES
@given(rows=st.lists(SQLITE_ROW, min_size=1, max_size=12))
def test_sqlite_drawn_values_load_back_through_sqlite3(sqlite_db: Database, tmp_path: Path, rows) -> None:
    with sqlite3.connect(sqlite_db.url.database) as raw:
        raw.execute(SQLITE_DDL.format("src").replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
    _sqlite_round_trip(sqlite_db, rows, tmp_path)


# -- MariaDB ---------------------------------------------------------------------------------------
MYSQL_DDL = ("CREATE TABLE {} (id INT PRIMARY KEY, t LONGTEXT, v VARCHAR(40), b LONGBLOB, d DECIMAL(65,30), "
             "bi BIGINT, f DOUBLE, ts DATETIME(6), dd DATE, tm TIME(6), js JSON, flag BOOLEAN) "
             "CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
DEC = st.decimals(min_value=-(10 ** 35) + 1, max_value=10 ** 35 - 1, places=30, allow_nan=False, allow_infinity=False)
MYSQL_ROW = st.tuples(
    st.none() | st.text(), st.none() | st.text(max_size=40), st.none() | st.binary(max_size=40), st.none() | DEC,
    st.none() | st.integers(SMALL, BIG), st.none() | st.floats(allow_nan=False, allow_infinity=False),
    st.none() | st.datetimes(dt.datetime(1000, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59, 999999)),
    st.none() | st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31)),
    st.none() | st.timedeltas(-dt.timedelta(hours=838, minutes=59, seconds=59),
                              dt.timedelta(hours=838, minutes=59, seconds=59)),
    st.none() | st.dictionaries(st.text(max_size=5), st.integers(SMALL, BIG) | st.text(max_size=5),
                                max_size=3).map(lambda d: json.dumps(d, ensure_ascii=False)),
    st.none() | st.booleans())


def _mysql_odd() -> list[tuple]:
    rows: list[tuple] = [(t, t, None, None, None, None, None, None, None, None, None) for t in ODD_TEXTS]
    rows.append(("nul\x00inside", "x\x1ay", b"\x00A\x00\\'", decimal.Decimal("9" * 35 + "." + "9" * 30), BIG,
                 1.7976931348623157e308, dt.datetime(9999, 12, 31, 23, 59, 59, 999999), dt.date(1000, 1, 1),
                 dt.timedelta(hours=-838, minutes=-59, seconds=-59), '{"q": "it\'s \\\\ \\"x\\"", "n": null}', True))
    rows.append(("", "  ", b"", decimal.Decimal("-0." + "0" * 29 + "1"), SMALL, 5e-324,
                 dt.datetime(1000, 1, 1), dt.date(9999, 12, 31), dt.timedelta(microseconds=1), "[]", False))
    return rows


def _mysql_round_trip(db: Database, rows: list[tuple], tmp_path: Path) -> None:
    with db.begin() as conn:
        conn.exec_driver_sql("DELETE FROM src")
        conn.exec_driver_sql("DELETE FROM dst")
        cur = conn.connection.dbapi_connection.cursor()
        cur.executemany("INSERT INTO src VALUES (" + ", ".join(["%s"] * 12) + ")",
                        [(i, *row) for i, row in enumerate(rows, 1)])
    path = tmp_path / "src.sql"
    export(db, table_select(db, "src"), path, table_name="dst")
    u = db.url
    with open(path, "rb") as script:
        loaded = subprocess.run(["mysql", f"--host={u.host}", f"--port={u.port or 3306}", f"--user={u.username}",
                                 u.database], stdin=script, capture_output=True,
                                env={**os.environ, "MYSQL_PWD": u.password or ""})
    assert loaded.returncode == 0, loaded.stderr.decode()
    _same_rows(db, "SELECT * FROM {} ORDER BY id")


def _same_rows(db: Database, query: str) -> None:
    with db.connect() as conn:
        source = conn.exec_driver_sql(query.format("src")).fetchall()
        copied = conn.exec_driver_sql(query.format("dst")).fetchall()
    assert copied == source


@pytest.fixture
def mysql_tables(request) -> Callable[[], Database]:
    def make() -> Database:
        db = request.getfixturevalue("mysql_db" if request.node.callspec.params["kind"] == "mysql" else "mysqlc_db")
        with db.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            for name in ("src", "dst"):
                conn.exec_driver_sql(MYSQL_DDL.format(name).replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
        return db
    return make


@pytest.mark.parametrize("kind", ["mysql", "mysqlc"])
def test_mariadb_odd_values_load_back_through_the_mysql_client(mysql_tables, kind: str, tmp_path: Path) -> None:
    _mysql_round_trip(mysql_tables(), _mysql_odd(), tmp_path)


@pytest.mark.parametrize("kind", ["mysql", "mysqlc"])
@EXAMPLES
@given(rows=st.lists(MYSQL_ROW, min_size=1, max_size=12))
def test_mariadb_drawn_values_load_back_through_the_mysql_client(mysql_tables, kind: str, tmp_path: Path,
                                                                  rows) -> None:
    _mysql_round_trip(mysql_tables(), rows, tmp_path)


# -- PostgreSQL ------------------------------------------------------------------------------------
PG_COLUMNS = [("t", "text"), ("b", "bytea"), ("n", "numeric"), ("bi", "bigint"), ("f", "float8"), ("r", "real"),
              ("ts", "timestamp"), ("tz", "timestamptz"), ("d", "date"), ("tm", "time"), ("iv", "interval"),
              ("arr", "integer[]"), ("tarr", "text[]"), ("js", "jsonb"), ("flag", "boolean")]
PG_DDL = "CREATE TABLE {} (id integer PRIMARY KEY, " + ", ".join(f"{c} {t}" for c, t in PG_COLUMNS) + ")"
PG_TEXT = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))
PG_ROW = st.tuples(
    st.none() | PG_TEXT, st.none() | st.binary(max_size=40),
    st.none() | st.decimals(allow_nan=False, allow_infinity=False).map(str) | st.sampled_from(["NaN", "Infinity"]),
    st.none() | st.integers(SMALL, BIG), st.none() | st.floats().map(repr).map(
        lambda r: {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}.get(r, r)),
    st.none() | st.floats(width=32).map(repr).map(
        lambda r: {"inf": "Infinity", "-inf": "-Infinity", "nan": "NaN"}.get(r, r)),
    st.none() | st.sampled_from(["infinity", "-infinity", "4713-01-01 00:00:00 BC"])
    | st.datetimes(dt.datetime(1, 1, 1)).map(str),
    st.none() | st.datetimes(dt.datetime(1, 1, 2)).map(lambda v: f"{v}+05:30"),
    st.none() | st.sampled_from(["infinity", "-infinity", "0044-03-15 BC"]) | st.dates().map(str),
    st.none() | st.just("24:00:00") | st.times().map(str),
    st.none() | st.builds(lambda m, d, us: f"{m} mons {d} days {us} microseconds",
                          st.integers(-10000, 10000), st.integers(-10000, 10000), st.integers(-10 ** 12, 10 ** 12)),
    st.none() | st.lists(st.none() | st.integers(-(2 ** 31), 2 ** 31 - 1), max_size=4).map(
        lambda v: "{" + ",".join("NULL" if x is None else str(x) for x in v) + "}"),
    st.none() | st.lists(st.none() | PG_TEXT.filter(lambda s: s.upper() != "NULL"), max_size=3).map(
        lambda v: "{" + ",".join("NULL" if x is None else '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"'
                                 for x in v) + "}"),
    st.none() | st.dictionaries(PG_TEXT.filter(lambda s: "\\u0000" not in s), st.integers() | PG_TEXT | st.none(),
                                max_size=3).map(lambda d: json.dumps(d, ensure_ascii=False)),
    st.none() | st.booleans())


def _pg_odd() -> list[tuple]:
    rows: list[tuple] = [(_no_nul(t),) + (None,) * 14 for t in ODD_TEXTS]
    rows.append(("x", b"\x00A\x00\\", "9" * 35 + "." + "9" * 30, BIG, "Infinity", "-Infinity", "infinity",
                 "-infinity", "infinity", "24:00:00", "1 mon", "{1,NULL,-2147483648}", '{"a b","",NULL,"\\\\","\\""}',
                 '{"n": 1.10, "big": 123456789012345678901234567890, "s": "é\\u0001"}', True))
    rows.append(("", b"", "NaN", SMALL, "NaN", "5e-45", "4713-01-01 00:00:00 BC", "294276-12-31 23:59:59.999999+00",
                 "5874897-12-31", "00:00:00", "-1 years -2 mons +3 days -04:05:06.000007", "{}", "{}", "[]", False))
    return rows


def _pg_round_trip(db: Database, rows: list[tuple], tmp_path: Path) -> None:
    placeholders = ", ".join(["%s"] + [f"%s::{t}" for _c, t in PG_COLUMNS])
    with db.begin() as conn:
        conn.exec_driver_sql("DELETE FROM src")
        conn.exec_driver_sql("DELETE FROM dst")
        cur = conn.connection.dbapi_connection.cursor()
        cur.executemany(f"INSERT INTO src VALUES ({placeholders})", [(i, *row) for i, row in enumerate(rows, 1)])
    path = tmp_path / "src.sql"
    export(db, table_select(db, "src"), path, table_name="dst")
    u = db.url
    loaded = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", u.host, "-p", str(u.port or 5432),
                             "-U", u.username, "-d", u.database, "-f", str(path)], capture_output=True, text=True,
                            env={**os.environ, "PGPASSWORD": u.password or ""})
    assert loaded.returncode == 0, loaded.stderr
    # Whole rows as the server's text: every cell, exactly, under the session's settings.
    _same_rows(db, "SELECT x::text FROM {} x ORDER BY id")


@pytest.fixture
def pg_tables(postgresql_db: Database) -> Database:
    with postgresql_db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for name in ("src", "dst"):
            conn.exec_driver_sql(PG_DDL.format(name).replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
    return postgresql_db


def test_postgresql_odd_values_load_back_through_psql(pg_tables: Database, tmp_path: Path) -> None:
    _pg_round_trip(pg_tables, _pg_odd(), tmp_path)


@EXAMPLES
@given(rows=st.lists(PG_ROW, min_size=1, max_size=12))
def test_postgresql_drawn_values_load_back_through_psql(pg_tables: Database, tmp_path: Path, rows) -> None:
    _pg_round_trip(pg_tables, rows, tmp_path)

