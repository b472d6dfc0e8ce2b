"""Odd values through the core, the command line and the grid: NULL, binary with NUL bytes, a 10 MB
text, text that is not UTF-8, a 1,000-column table, MySQL zero dates, DECIMAL(65,30), BIT, JSON and
spatial columns, PostgreSQL infinity, arrays and intervals. Each is shown readably (binary as hex,
never decoded as text), exported, and never fails the read of its table."""

from __future__ import annotations

import csv
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
    columns: tuple[str, ...]  # column definitions of table odd_values; the first holds the value
    row: tuple[str, ...]      # the SQL literal of each column, in order
    shown: str                # a regular expression the grid's text of the first cell must match fully

    def ddl(self, table: str = "odd_values") -> str:
        return f"CREATE TABLE {table} ({', '.join(self.columns)})"

    def insert(self) -> str:
        names = ", ".join(column.split()[0] for column in self.columns)
        return f"INSERT INTO odd_values ({names}) VALUES ({', '.join(self.row)})"


ALL = ("sqlite", "mysql", "postgresql")
BLOB = {"sqlite": "BLOB", "mysql": "LONGBLOB", "postgresql": "BYTEA"}
THOUSAND = tuple(f"c{i} INTEGER" for i in range(1000))
VALUES = [
    Value("null", ALL, ("v VARCHAR(10)",), ("NULL",), "NULL"),
    Value("blob-with-nul-bytes", ALL, ("v {blob}",), ("{nul_blob}",), r"0x0041004200"),
    Value("ten-megabyte-text", ALL, ("v {text}",), ("{ten_mb}",), r"x{100,200}….*"),
    Value("non-latin-and-emoji", ALL, ("v VARCHAR(40)",), ("'日本語 Ελληνικά 🎉'",), "日本語 Ελληνικά 🎉"),
    Value("not-utf8-text", ("sqlite",), ("v TEXT",), ("CAST(X'fffe41' AS TEXT)",), r"0xfffe41"),
    Value("zero-datetime", ("mysql",), ("v DATETIME", "d DATE"), ("'0000-00-00 00:00:00'", "'0000-00-00'"),
          r"0000-00-00 00:00:00"),
    Value("decimal-65-30", ("mysql", "postgresql"), ("v DECIMAL(65,30)",),
          ("12345678901234567890123456789012345.123456789012345678901234567890",),
          r"12345678901234567890123456789012345\.123456789012345678901234567890"),
    Value("bit", ("mysql",), ("v BIT(8)",), ("b'101'",), r"0x05"),
    Value("json", ("mysql", "postgresql"), ("v JSON",), ("""'{"a": [1, 2], "b": null}'""",),
          r'\{"a": \[1, 2\], "b": null\}'),
    Value("spatial-point", ("mysql",), ("v POINT",), ("ST_GeomFromText('POINT(1 2)')",), r"0x[0-9a-f]{32}.*"),
    Value("time-beyond-a-day", ("mysql",), ("v TIME",), ("'-838:59:59'",), r"-838:59:59"),
    Value("infinite-timestamp", ("postgresql",), ("v TIMESTAMP", "d DATE"), ("'infinity'", "'-infinity'"),
          r"infinity"),
    Value("timestamp-after-9999", ("postgresql",), ("v TIMESTAMP",), ("'12000-01-01 00:00:00'",),
          r"12000-01-01 00:00:00"),
    Value("array", ("postgresql",), ("v INTEGER[]",), ("'{1,2,NULL}'",), r"\[1, 2, null\]|\[1, 2, None\]"),
    Value("numeric-nan", ("postgresql",), ("v NUMERIC",), ("'NaN'",), "NaN"),
    Value("thousand-columns", ALL, THOUSAND, ("7", *("NULL",) * 998, "999"), "7"),
]
# Exported and queried by the command line in a table of its own: its shape is what is odd. Every other
# value is exported and queried in one row of one table per backend, a column (or two) each.
ALONE = {"thousand-columns"}


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


def _fill(db: Database, backend: str, ddl: str, insert: str) -> None:
    with db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if _dialect(backend) == "mysql":
            conn.exec_driver_sql("SET SESSION sql_mode = ''")  # zero dates are what old MySQL data holds
        conn.exec_driver_sql(_sql(ddl, backend))
        conn.exec_driver_sql(_sql(insert, backend).replace("%", "%%"))


def _all_in_one_row(backend: str) -> tuple[list[str], str, str]:
    """Every value of ``backend`` but those kept ALONE, as the columns of one row of table odd_every:
    the column names, its DDL and its INSERT."""
    columns, names, row = [], [], []
    for value in VALUES:
        if _dialect(backend) in value.backends and value.id not in ALONE:
            for column, literal in zip(value.columns, value.row):
                name, kind = column.split(" ", 1)
                names.append(f"{value.id.replace('-', '_')}_{name}")
                columns.append(f"{names[-1]} {kind}")
                row.append(literal)
    return (names, f"CREATE TABLE odd_every ({', '.join(columns)})",
            f"INSERT INTO odd_every ({', '.join(names)}) VALUES ({', '.join(row)})")


def _exported_and_queried(url: str, table: str, folder: Path) -> None:
    """``guiapp export`` writes the table's one row in each format; ``guiapp query`` prints it."""
    for fmt in ("csv", "json", "sql"):
        done = guiapp("--url", url, "export", table, "-o", str(folder / f"out.{fmt}"))
        assert done.returncode == 0 and done.stderr.startswith("Exported 1 row to "), done.stderr
    assert (folder / "out.csv").stat().st_size > 0
    done = guiapp("--url", url, "query", f"SELECT * FROM {table}")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_odd_value_is_exported_and_queried_by_the_command_line(backend: str, odd: Database,
                                                                     tmp_path: Path) -> None:
    """One table holding every odd value of the backend: one process per format, not one per value."""
    names, ddl, insert = _all_in_one_row(backend)
    _fill(odd, backend, ddl, insert)
    _exported_and_queried(odd.url.render_as_string(hide_password=False), "odd_every", tmp_path)
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as exported:
        assert next(csv.reader(exported)) == names  # every value's column, in order
    # the ten-megabyte text is exported whole, only the grid abbreviates
    assert (tmp_path / "out.csv").stat().st_size > 5_000_000


@pytest.mark.parametrize("value, backend", CASES)
def test_an_odd_value_is_read_shown_exported_and_browsed(value: Value, backend: str, odd: Database, open_window,
                                                         qtbot, tmp_path: Path) -> None:
    """Exported and queried here only if ALONE; the others by the test above, in one table."""
    _fill(odd, backend, value.ddl(), value.insert())
    url = odd.url.render_as_string(hide_password=False)

    info = catalog_for(odd).table("odd_values")
    page = read_page(odd, info, 0, 10)
    assert len(page.rows) == 1 and len(page.rows[0]) == len(info.columns)
    assert re.fullmatch(value.shown, to_display(page.rows[0][0]), re.DOTALL), to_display(page.rows[0][0])[:300]
    if value.id in ALONE:
        _exported_and_queried(url, "odd_values", tmp_path)

    window = open_window(url)
    tab = open_table(window, qtbot, "odd_values")
    qtbot.waitUntil(lambda: tab.data_tab is not None and tab.data_tab.model.row_values(0) is not None,
                    timeout=20000)
    model = tab.data_tab.model
    assert model.columnCount() == len(info.columns)
    shown = model.data(model.index(0, 0))
    assert re.fullmatch(value.shown, shown, re.DOTALL), shown[:300]
    assert not tab.data_tab.error.isVisible() and not tab.banner.isVisible()
