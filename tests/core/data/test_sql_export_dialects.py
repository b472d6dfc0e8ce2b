"""``guiapp export TABLE -o f.sql --ddl --dialect X`` writes a file that X loads as it is: the table
is created with its types, key, defaults and indexes, and every cell comes back equal. All nine
pairs of SQLite, MariaDB and PostgreSQL, through the CLI as a user runs it."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
import sqlalchemy as sa

from guiapp.core.connect.database import Database
from tests.helpers.cli import guiapp

NOTES = ["it's", "back\\slash", "ends with \\", "two\nlines", "emoji 😀", "100% %s", "", None]


def _table() -> sa.Table:
    return sa.Table(
        "ported", sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(20), nullable=False, server_default="nobody", unique=True),
        sa.Column("active", sa.Boolean),
        sa.Column("score", sa.Numeric(10, 2)),
        sa.Column("born", sa.Date, index=True),
        sa.Column("seen", sa.DateTime),
        sa.Column("photo", sa.LargeBinary),
        sa.Column("note", sa.Text))


def _rows() -> list[dict]:
    rows = [{"id": i, "name": f"n{i}", "active": i % 2 == 0, "score": decimal.Decimal(f"{i}.25"),
             "born": dt.date(1990, 1, i), "seen": dt.datetime(2024, 2, 29, 12, i), "photo": bytes([i, 0, 255]),
             "note": note} for i, note in enumerate(NOTES, 1)]
    rows.append({"id": 20, "name": "nulls", "active": None, "score": None, "born": None, "seen": None,
                 "photo": None, "note": None})
    return rows


def _read(db: Database) -> list[tuple]:
    table = _table()
    with db.engine.connect() as conn:
        return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                for row in conn.execute(sa.select(table).order_by(table.c.id))]


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.mark.parametrize("target", ["sqlite", "mysql", "postgresql"])
def test_a_table_exported_for_another_database_loads_there(db, target, request, tmp_path) -> None:
    with db.engine.begin() as conn:
        _table().create(conn)
        conn.execute(_table().insert(), _rows())
    before = _read(db)
    path = tmp_path / "ported.sql"
    exported = guiapp("--url", _url(db), "export", "ported", "-o", str(path), "--ddl", "--dialect", target)
    assert exported.returncode == 0, exported.stderr
    text = path.read_text(encoding="utf-8")
    header = "SET NAMES utf8mb4;\n" if target == "mysql" else ""  # what the mysql client needs first
    assert text.startswith(f"{header}-- ported from {db.dialect}, rendered for {target}")
    if target == "sqlite":
        there = Database(f"sqlite:///{tmp_path / 'target.sqlite3'}", create=True).open()
    else:
        there = request.getfixturevalue(f"{target}_db")
        if there.dialect == db.dialect:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE ported")
    loaded = guiapp("--url", _url(there), "query", "-f", str(path))
    assert loaded.returncode == 0, loaded.stderr
    assert _read(there) == before
    with there.engine.begin() as conn:  # the key goes on from the last row, the default applies
        conn.exec_driver_sql("INSERT INTO ported (active) VALUES (NULL)")
        assert conn.exec_driver_sql("SELECT id, name FROM ported WHERE id > 20").one() == (21, "nobody")
    index_names = {ix["name"] for ix in sa.inspect(there.engine).get_indexes("ported")}
    assert "ix_ported_born" in index_names


def test_ddl_needs_a_table_and_a_sql_file(sqlite_db, tmp_path) -> None:
    url = _url(sqlite_db)
    with sqlite_db.engine.begin() as conn:
        _table().create(conn)
    as_csv = guiapp("--url", url, "export", "ported", "-o", str(tmp_path / "p.csv"), "--ddl")
    assert as_csv.returncode != 0 and "--ddl and --dialect shape SQL exports" in as_csv.stderr
    of_query = guiapp("--url", url, "export", "--sql", "SELECT 1", "-o", str(tmp_path / "q.sql"), "--ddl")
    assert of_query.returncode != 0 and "--ddl needs a table" in of_query.stderr
    assert len(as_csv.stderr.strip().splitlines()) == 1
