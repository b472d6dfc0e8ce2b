"""Export streams a table to CSV, JSON or SQL that matches it row for row; cancel leaves no file."""

from __future__ import annotations

import csv
import json
import threading

import pytest

from guiapp.core.connect.database import Database
from guiapp.core.errors import ExportError, QueryCancelledError
from guiapp.core.data.export import export, table_select
from guiapp.core.run.jobs import Job
from guiapp.core.run.query import QuerySession, run_one
from guiapp.core.values import to_text

ROWS = 30_000


@pytest.fixture
def sample(db: Database, kept_samples) -> Database:
    kept_samples(db, "export_rows", ROWS)  # the tests read it, and only it
    return db


def test_csv_export_matches_the_table_row_for_row(sample: Database, tmp_path) -> None:
    path = tmp_path / "rows.csv"
    seen: list[int] = []
    result = export(sample, table_select(sample, "export_rows"), path, batch=4000,
                    progress=lambda rows, _total: seen.append(rows))
    assert result.rows == ROWS
    assert seen[0] == 4000 and seen[-1] == ROWS  # written in batches
    expected = run_one(sample, "SELECT id, name, email, ctime, score, note FROM export_rows ORDER BY id")
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        assert next(reader) == ["id", "name", "email", "ctime", "score", "note"]
        for got, want in zip(reader, expected, strict=True):
            assert got == [to_text(v) for v in want]


def test_json_and_sql_exports(sample: Database, tmp_path) -> None:
    rows = export(sample, "SELECT id, note FROM export_rows WHERE id <= 10 ORDER BY id", tmp_path / "a.json")
    assert rows.rows == 10
    data = json.loads((tmp_path / "a.json").read_text())
    assert data[0] == {"id": 1, "note": "note 1"} and data[4] == {"id": 5, "note": None}
    export(sample, "SELECT id, note FROM export_rows WHERE id <= 3 ORDER BY id", tmp_path / "a.sql",
           table_name="copy_rows")
    script = (tmp_path / "a.sql").read_text()
    session = QuerySession(sample, autocommit=True)
    list(session.run("CREATE TABLE copy_rows (id INTEGER PRIMARY KEY, note VARCHAR(64))"))
    list(session.run(script))
    assert run_one(sample, "SELECT id, note FROM copy_rows ORDER BY id") == [(1, "note 1"), (2, "note 2"), (3, "note 3")]
    session.close()


def test_cancelled_export_leaves_no_file(sample: Database, tmp_path) -> None:
    path = tmp_path / "cancelled.csv"
    job = Job(sample)

    def progress(rows: int, _total: int | None) -> None:
        if rows >= 2000:
            threading.Thread(target=job.cancel).start()
            threading.Event().wait(0.2)

    with pytest.raises(QueryCancelledError):
        export(sample, table_select(sample, "export_rows"), path, batch=1000, progress=progress, job=job)
    assert not path.exists()
    assert not list(tmp_path.glob("*.part"))
    assert sample.pool_status().checked_out == 0
    assert run_one(sample, "SELECT 1") == [(1,)]


def test_unknown_format_is_refused(sample: Database, tmp_path) -> None:
    with pytest.raises(ExportError, match="use .csv, .json or .sql"):
        export(sample, "SELECT 1", tmp_path / "x.xlsx")


def test_grid_export_keeps_the_grids_sort_and_filter(sample: Database, tmp_path) -> None:
    from guiapp.core.data.paging import TablePager, View
    from guiapp.core.schema.catalog import catalog_for
    view = View().with_sort("score", True).with_filter("id", "<= 100")
    query = TablePager(sample, catalog_for(sample).table("export_rows"), view).all_rows_query()
    export(sample, query, tmp_path / "view.csv")
    with open(tmp_path / "view.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 100
    keys = [(int(r["score"]), int(r["id"])) for r in rows]
    assert keys == sorted(keys, reverse=True)


def test_export_replaces_only_regular_files_and_keeps_their_mode(sqlite_db: Database, tmp_path) -> None:
    import os
    import stat
    private = tmp_path / "private.csv"
    private.write_text("old")
    private.chmod(0o600)
    export(sqlite_db, "SELECT 1 AS one", private)
    assert private.read_text().splitlines() == ["one", "1"]
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    fresh = tmp_path / "fresh.csv"
    export(sqlite_db, "SELECT 1 AS one", fresh)
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    device_link = tmp_path / "null.csv"
    device_link.symlink_to("/dev/null")
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    for target in (fifo, device_link, folder):
        with pytest.raises(ExportError, match="not a regular file"):
            export(sqlite_db, "SELECT 1 AS one", target)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and device_link.is_symlink()
    assert not list(tmp_path.glob(".*.part"))
