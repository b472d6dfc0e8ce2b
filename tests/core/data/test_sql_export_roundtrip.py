"""A SQL export loads back into the database cell for cell, and a crafted cell stays data.

Each backend gets values that break naive quoting: quotes, backslashes (MySQL reads
``\\'`` as an escaped quote), a trailing backslash, NUL, CR LF, tabs, characters
beyond the BMP, percent signs, binary, NULL, DECIMAL(65,30), dates and JSON. The
file is loaded by ``guiapp query -f``, the way a user would load it.
"""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
import sqlalchemy as sa

from guiapp.core.connect.database import Database
from guiapp.core.data.export import export, table_select
from guiapp.core.run.query import run_one
from tests.helpers.cli import guiapp

CRAFTED = [
    "it's",
    "back\\slash",
    "ends with a backslash\\",
    "\\'); DROP TABLE rt_victim; -- ",
    "x\\', 1); DROP TABLE rt_victim; --",
    "\\n and \\t are not newlines, \\u00e9 is not é",
    "line one\nline two",
    "windows\r\nline",
    "tab\there",
    "emoji 😀 and 𝄞 beyond the BMP",
    "100% sure, %s and %(x)s and {0}",
    "",
    None,
]
NUL_TEXT = "before\x00after"


def _table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "rt", metadata,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("txt", sa.Text),
        sa.Column("bin", sa.LargeBinary),
        sa.Column("amount", sa.Numeric(65, 30)),
        sa.Column("d", sa.Date),
        sa.Column("ts", sa.DateTime),
        sa.Column("js", sa.JSON),
    )


@pytest.fixture
def crafted(db: Database) -> Database:
    metadata = sa.MetaData()
    table = _table(metadata)
    victim = sa.Table("rt_victim", metadata, sa.Column("id", sa.Integer, primary_key=True))
    texts = CRAFTED + ([NUL_TEXT] if db.dialect != "postgresql" else [])  # PostgreSQL text holds no NUL
    rows = [{"id": i, "txt": text, "bin": None, "amount": None, "d": None, "ts": None, "js": None}
            for i, text in enumerate(texts, 1)]
    rows.append({"id": 100, "txt": "values", "bin": bytes(range(256)) + b"'\\\x00",
                 "amount": decimal.Decimal("12345678901234567890123456789012345.123456789012345678901234567891"),
                 "d": dt.date(1999, 12, 31), "ts": dt.datetime(2024, 2, 29, 23, 59, 58),
                 "js": {"quote": "it's", "slash": "a\\b", "list": [1, 2.5, None], "nested": {"ü": True}}})
    rows.append({"id": 101, "txt": None, "bin": b"", "amount": decimal.Decimal("-0.000000000000000000000000000001"),
                 "d": dt.date(1, 1, 1), "ts": dt.datetime(1970, 1, 1), "js": ["x\\'y", "%s"]})
    with db.begin() as conn:
        table.create(conn)
        victim.create(conn)
        conn.execute(table.insert(), rows)
    return db


def _cells(db: Database) -> list[tuple]:
    return run_one(db, "SELECT id, txt, bin, amount, d, ts, js FROM rt ORDER BY id")


def test_sql_export_loads_back_cell_for_cell(crafted: Database, tmp_path) -> None:
    before = _cells(crafted)
    path = tmp_path / "rt.sql"
    result = export(crafted, table_select(crafted, "rt"), path, table_name="rt")
    assert result.rows == len(before)
    run_one(crafted, "DELETE FROM rt")
    url = crafted.url.render_as_string(hide_password=False)
    loaded = guiapp("--url", url, "query", "-f", str(path))
    assert loaded.returncode == 0, loaded.stderr
    after = _cells(crafted)
    assert [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in after] == \
        [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in before]
    assert "rt_victim" in guiapp("--url", url, "tables", "--names").stdout.split()


@pytest.mark.parametrize("rows", [0, 1])
def test_empty_and_one_row_tables_export_in_every_format(db: Database, tmp_path, rows: int) -> None:
    metadata = sa.MetaData()
    table = sa.Table("tiny", metadata, sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                     sa.Column("name", sa.String(20)))
    with db.begin() as conn:
        table.create(conn)
        if rows:
            conn.execute(table.insert(), [{"id": 1, "name": "only"}])
    for suffix in ("csv", "json", "sql"):
        result = export(db, table_select(db, "tiny"), tmp_path / f"tiny.{suffix}")
        assert result.rows == rows
        assert (tmp_path / f"tiny.{suffix}").exists()
    assert (tmp_path / "tiny.csv").read_text().splitlines() == ["id,name"] + (["1,only"] if rows else [])
