"""Odd values through the core, the command line and the grid: NULL, binary with NUL bytes, a 10 MB
text, text that is not UTF-8, a 1,000-column table, MySQL zero dates, DECIMAL(65,30), BIT, JSON and
spatial columns, PostgreSQL infinity, arrays and intervals. Each is shown readably (binary as hex,
never decoded as text), exported, and never fails the read of its table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

import pytest

from guiapp.core.connect.database import Database
from guiapp.core.data.paging import read_page
from guiapp.core.schema.catalog import catalog_for
from guiapp.core.values import to_display
from tests.conftest import BACKENDS, MYSQL_KINDS
from tests.helpers.cli import guiapp
from tests.helpers.gui import open_table

pytestmark = pytest.mark.gui


class Value(NamedTuple):
    id: str
    backends: tuple[str, ...]
    ddl: str           # creates table odd_values; its first column holds the value
    insert: str
    shown: str         # a regular expression the grid's text of the first cell must match fully


ALL = ("sqlite", "mysql", "postgresql")
BLOB = {"sqlite": "BLOB", "mysql": "LONGBLOB", "postgresql": "BYTEA"}
VALUES = [
    Value("null", ALL, "CREATE TABLE odd_values (v VARCHAR(10))", "INSERT INTO odd_values VALUES (NULL)", "NULL"),
    Value("blob-with-nul-bytes", ALL, "CREATE TABLE odd_values (v {blob})",
          "INSERT INTO odd_values VALUES ({nul_blob})", r"0x0041004200"),
    Value("ten-megabyte-text", ALL, "CREATE TABLE odd_values (v {text})",
          "INSERT INTO odd_values VALUES ({ten_mb})", r"x{100,200}….*"),
    Value("non-latin-and-emoji", ALL, "CREATE TABLE odd_values (v VARCHAR(40))",
          "INSERT INTO odd_values VALUES ('日本語 Ελληνικά 🎉')", "日本語 Ελληνικά 🎉"),
    Value("not-utf8-text", ("sqlite",), "CREATE TABLE odd_values (v TEXT)",
          "INSERT INTO odd_values VALUES (CAST(X'fffe41' AS TEXT))", r"0xfffe41"),
    Value("zero-datetime", ("mysql",), "CREATE TABLE odd_values (v DATETIME, d DATE)",
          "INSERT INTO odd_values VALUES ('0000-00-00 00:00:00', '0000-00-00')", r"0000-00-00 00:00:00"),
    Value("decimal-65-30", ("mysql", "postgresql"), "CREATE TABLE odd_values (v DECIMAL(65,30))",
          "INSERT INTO odd_values VALUES (12345678901234567890123456789012345.123456789012345678901234567890)",
          r"12345678901234567890123456789012345\.123456789012345678901234567890"),
    Value("bit", ("mysql",), "CREATE TABLE odd_values (v BIT(8))", "INSERT INTO odd_values VALUES (b'101')", r"0x05"),
    Value("json", ("mysql", "postgresql"), "CREATE TABLE odd_values (v JSON)",
          """INSERT INTO odd_values VALUES ('{"a": [1, 2], "b": null}')""", r'\{"a": \[1, 2\], "b": null\}'),
    Value("spatial-point", ("mysql",), "CREATE TABLE odd_values (v POINT)",
          "INSERT INTO odd_values VALUES (ST_GeomFromText('POINT(1 2)'))", r"0x[0-9a-f]{32}.*"),
    Value("time-beyond-a-day", ("mysql",), "CREATE TABLE odd_values (v TIME)",
          "INSERT INTO odd_values VALUES ('-838:59:59')", r"-838:59:59"),
    Value("infinite-timestamp", ("postgresql",), "CREATE TABLE odd_values (v TIMESTAMP, d DATE)",
          "INSERT INTO odd_values VALUES ('infinity', '-infinity')", r"infinity"),
    Value("timestamp-after-9999", ("postgresql",), "CREATE TABLE odd_values (v TIMESTAMP)",
          "INSERT INTO odd_values VALUES ('12000-01-01 00:00:00')", r"12000-01-01 00:00:00"),
    Value("array", ("postgresql",), "CREATE TABLE odd_values (v INTEGER[])",
          "INSERT INTO odd_values VALUES ('{1,2,NULL}')", r"\[1, 2, null\]|\[1, 2, None\]"),
    Value("numeric-nan", ("postgresql",), "CREATE TABLE odd_values (v NUMERIC)",
          "INSERT INTO odd_values VALUES ('NaN')", "NaN"),
    Value("thousand-columns", ALL,
          "CREATE TABLE odd_values (" + ", ".join(f"c{i} INTEGER" for i in range(1000)) + ")",
          "INSERT INTO odd_values (c0, c999) VALUES (7, 999)", "7"),
]


def _dialect(backend: str) -> str:
    """The SQL dialect of a test backend ("mysqlc" is MariaDB through the C driver)."""
    return "mysql" if backend in MYSQL_KINDS else backend


def _sql(text: str, backend: str) -> str:
    backend = _dialect(backend)
    ten_mb = {"sqlite": "replace(hex(zeroblob(5242880)), '0', 'x')", "mysql": "REPEAT('x', 10485760)",
              "postgresql": "repeat('x', 10485760)"}[backend]
    nul_blob = {"sqlite": "X'0041004200'", "mysql": "X'0041004200'", "postgresql": "'\\x0041004200'::bytea"}[backend]
    text_type = {"sqlite": "TEXT", "mysql": "LONGTEXT", "postgresql": "TEXT"}[backend]
    for name, sql in (("{blob}", BLOB[backend]), ("{text}", text_type), ("{ten_mb}", ten_mb), ("{nul_blob}", nul_blob)):
        text = text.replace(name, sql)
    return text


CASES = [pytest.param(value, backend, id=f"{backend}-{value.id}")
         for value in VALUES for backend in BACKENDS if _dialect(backend) in value.backends]


@pytest.fixture
def odd(request, case_backend: str) -> Database:
    return request.getfixturevalue(f"{case_backend}_db")


@pytest.fixture
def case_backend(request) -> str:
    return request.node.callspec.params["backend"]


def _fill(db: Database, value: Value, backend: str) -> None:
    with db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if _dialect(backend) == "mysql":
            conn.exec_driver_sql("SET SESSION sql_mode = ''")  # zero dates are what old MySQL data holds
        conn.exec_driver_sql(_sql(value.ddl, backend))
        conn.exec_driver_sql(_sql(value.insert, backend).replace("%", "%%"))


@pytest.mark.parametrize("value, backend", CASES)
def test_an_odd_value_is_read_shown_exported_and_browsed(value: Value, backend: str, odd: Database, open_window,
                                                         qtbot, tmp_path: Path) -> None:
    _fill(odd, value, backend)
    url = odd.url.render_as_string(hide_password=False)

    info = catalog_for(odd).table("odd_values")
    page = read_page(odd, info, 0, 10)
    assert len(page.rows) == 1 and len(page.rows[0]) == len(info.columns)
    assert re.fullmatch(value.shown, to_display(page.rows[0][0]), re.DOTALL), to_display(page.rows[0][0])[:300]

    for fmt in ("csv", "json", "sql"):
        done = guiapp("--url", url, "export", "odd_values", "-o", str(tmp_path / f"out.{fmt}"))
        assert done.returncode == 0 and done.stderr.startswith("Exported 1 row to "), done.stderr
    assert (tmp_path / "out.csv").stat().st_size > 0
    if value.id == "ten-megabyte-text":
        assert (tmp_path / "out.csv").stat().st_size > 5_000_000  # exported whole, only the grid abbreviates
    done = guiapp("--url", url, "query", "SELECT * FROM odd_values")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr

    window = open_window(url)
    tab = open_table(window, qtbot, "odd_values")
    qtbot.waitUntil(lambda: tab.data_tab is not None and tab.data_tab.model.row_values(0) is not None,
                    timeout=20000)
    model = tab.data_tab.model
    assert model.columnCount() == len(info.columns)
    shown = model.data(model.index(0, 0))
    assert re.fullmatch(value.shown, shown, re.DOTALL), shown[:300]
    assert not tab.data_tab.error.isVisible() and not tab.banner.isVisible()
