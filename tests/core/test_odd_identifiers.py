"""Odd table and column names are quoted everywhere: schema, DDL, counts, pages, filters, export."""

from __future__ import annotations

import csv

import pytest

from guiapp.core.connect.database import Database
from guiapp.core.data.export import export, table_select
from guiapp.core.data.paging import View, read_page
from guiapp.core.schema.catalog import catalog_for

ODD_NAMES = [('odd name; "x"', "sp ace"), ("pct%name", "back`tick"), ("quote'd.dot", "100%"),
             ("naïve ☃", "名前"), ("select", "from")]


@pytest.fixture(params=ODD_NAMES, ids=["semicolon-quote", "percent-backtick", "apostrophe-dot",
                                       "non-latin", "reserved-words"])
def odd(db: Database, request: pytest.FixtureRequest) -> Database:
    global ODD_TABLE, ODD_COLUMN
    ODD_TABLE, ODD_COLUMN = request.param
    from guiapp.core.backends.base import quote_plain

    def q(name: str) -> str:
        return quote_plain(db.engine.dialect, name)

    with db.begin() as conn:
        conn = conn.execution_options(no_parameters=True)  # the SQL holds a literal %
        conn.exec_driver_sql(f"CREATE TABLE {q(ODD_TABLE)} (id INTEGER PRIMARY KEY, {q(ODD_COLUMN)} VARCHAR(20))")
        conn.exec_driver_sql(f"INSERT INTO {q(ODD_TABLE)} VALUES (1, 'a''b'), (2, NULL), (3, '%_')")
    return db


def test_odd_names_work_end_to_end(odd: Database, tmp_path) -> None:
    cat = catalog_for(odd)
    info = cat.table(ODD_TABLE)
    assert [c.name for c in info.columns] == ["id", ODD_COLUMN]
    assert cat.count_rows(ODD_TABLE) == 3
    assert ODD_COLUMN.replace("`", "``") in cat.ddl(ODD_TABLE) or ODD_COLUMN in cat.ddl(ODD_TABLE)
    assert cat.estimate_rows(ODD_TABLE) is None or cat.estimate_rows(ODD_TABLE) >= 0
    page = read_page(odd, info, 0, 10)
    assert [tuple(r) for r in page.rows] == [(1, "a'b"), (2, None), (3, "%_")]
    filtered = read_page(odd, info, 0, 10, View().with_filter(ODD_COLUMN, "%_"))
    assert [r[0] for r in filtered.rows] == [3]  # % and _ are matched literally
    path = tmp_path / "odd.csv"
    export(odd, table_select(odd, ODD_TABLE), path)
    with open(path, newline="") as f:
        assert list(csv.reader(f)) == [["id", ODD_COLUMN], ["1", "a'b"], ["2", ""], ["3", "%_"]]
