"""`guiapp sales.parquet`: the window opens the file as a table in an in-memory DuckDB, browsable
like any other, and refuses edits (the file is read where it lies)."""

from __future__ import annotations

from pathlib import Path

import duckdb  # the test extra installs guiapp[duckdb]
import pytest

from guiapp.launch import window_url
from tests.helpers.gui import open_table

pytestmark = pytest.mark.gui


def test_a_parquet_file_given_as_the_argument_opens_as_a_table(tmp_path: Path, open_window, qtbot) -> None:
    path = tmp_path / "sales.parquet"
    duckdb.sql(f"COPY (SELECT range AS id, 'item ' || range AS name FROM range(5000)) TO '{path}' (FORMAT parquet)")
    window_only, url = window_url([str(path)], {})
    assert window_only and url == f"duckdb:///{path}"
    window = open_window(url)
    assert "read-only" in window.windowTitle().lower() or window.workspace.db.options.read_only
    tab = open_table(window, qtbot, "sales")
    qtbot.waitUntil(lambda: tab.data_tab is not None, timeout=10000)
    grid = tab.data_tab.model
    qtbot.waitUntil(lambda: grid.row_values(0) is not None, timeout=10000)
    assert grid.row_values(0) == (0, "item 0")
    qtbot.waitUntil(lambda: grid.rowCount() == 5000, timeout=10000)
