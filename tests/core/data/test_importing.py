"""Importing CSV, TSV and JSON lines, all or nothing, on the three databases, through the CLI as users
run it and through the core the window uses."""

from __future__ import annotations

import datetime as dt
import decimal
import threading
import tracemalloc

import pytest
import sqlalchemy as sa

from guiapp import signals
from guiapp.core.errors import QueryCancelledError
from guiapp.core.data.importing import NewColumn, guess_columns, import_file
from guiapp.core.run.jobs import Job
from guiapp.core.data.sniffing import FileFormat, ImportError_, sniff
from tests.helpers.cli import guiapp
from tests.helpers.signals import recording

PEOPLE_CSV = 'name,age,born,score,active\nAda,36,1815-12-10,1.5,true\nGrace,85,1906-12-09,2.25,false\n' \
             '"Quote, ""Q""",,,,\n'


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def _read(db, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def _typed(db) -> list[tuple]:
    table = sa.Table("folks", sa.MetaData(), sa.Column("name", sa.Text), sa.Column("age", sa.Integer),
                     sa.Column("born", sa.Date), sa.Column("score", sa.Numeric(10, 2)),
                     sa.Column("active", sa.Boolean))
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.select(table).order_by(table.c.name))]


def test_guiapp_import_create_types_each_column_from_the_file(db, tmp_path) -> None:
    path = tmp_path / "folks.csv"
    path.write_text(PEOPLE_CSV, encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "folks", "--create")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "Imported 3 rows into folks (created)."
    assert _typed(db) == [("Ada", 36, dt.date(1815, 12, 10), decimal.Decimal("1.50"), True),
                          ("Grace", 85, dt.date(1906, 12, 9), decimal.Decimal("2.25"), False),
                          ('Quote, "Q"', None, None, None, None)]


def test_a_bad_value_imports_nothing_and_names_its_line_and_column(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE folks (name VARCHAR(10) NOT NULL, age INTEGER)")
        conn.exec_driver_sql("INSERT INTO folks VALUES ('kept', 1)")
    path = tmp_path / "bad.csv"
    path.write_text("name,age\n" + "".join(f"n{i},{i}\n" for i in range(7000)) + "Zed,many\n", encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "folks")
    assert done.returncode == 1
    assert done.stderr.strip() == "Error: bad.csv, line 7002, column age: 'many' is not a whole number."
    assert _read(db, "SELECT name, age FROM folks") == [("kept", 1)]  # the first 7,000 rows were rolled back
    too_long = tmp_path / "long.csv"
    too_long.write_text("name\nMaximilian Longname\n", encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(too_long), "folks")
    assert "long.csv, line 2, column name: holds at most 10 characters" in done.stderr


def test_a_failed_create_leaves_no_table(db, tmp_path) -> None:
    path = tmp_path / "half.csv"
    path.write_text("n\n" + "".join(f"{i}\n" for i in range(1500)) + "x\n", encoding="utf-8")
    columns = [NewColumn("n", "INTEGER")]
    with pytest.raises(ImportError_, match="line 1502, column n"):
        import_file(db, path, "half", sniff(path), create=columns)
    assert not sa.inspect(db.engine).has_table("half")


def test_tsv_json_lines_encodings_and_no_header(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE folks (name VARCHAR(20), age INTEGER)")
    tsv = tmp_path / "a.tsv"
    tsv.write_text("name\tage\ntab\t1\n", encoding="utf-8")
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text('{"name": "json", "age": 2}\n\n{"age": 3, "name": null}\n', encoding="utf-8")
    latin = tmp_path / "c.csv"
    latin.write_bytes("name;age\nCéline;4\n".encode("cp1252"))
    bare = tmp_path / "d.csv"
    bare.write_text("nohead,5\n", encoding="utf-8")
    assert sniff(latin) == FileFormat("csv", "cp1252", ";", '"', True)
    assert sniff(bare).header is False
    for path in (tsv, jsonl, latin):
        assert guiapp("--url", _url(db), "import", str(path), "folks").returncode == 0
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE pairs (column_1 VARCHAR(20), column_2 INTEGER)")
    assert guiapp("--url", _url(db), "import", str(bare), "pairs").returncode == 0
    assert _read(db, "SELECT name, age FROM folks ORDER BY age") == [
        ("tab", 1), ("json", 2), (None, 3), ("Céline", 4)]
    assert _read(db, "SELECT column_1, column_2 FROM pairs") == [("nohead", 5)]
    wrong = guiapp("--url", _url(db), "import", str(latin), "folks", "--encoding", "utf-8")
    assert wrong.returncode == 1 and "line 2: the text is not utf-8; choose its encoding" in wrong.stderr


def test_cancel_leaves_the_table_as_it_was_and_rows_are_announced_only_on_success(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE folks (name VARCHAR(20), age INTEGER)")
    path = tmp_path / "many.csv"
    path.write_text("name,age\n" + "".join(f"n{i},{i}\n" for i in range(200_000)), encoding="utf-8")
    job = Job(db)
    started = threading.Event()

    def progress(rows: int, _size: int) -> None:
        started.set()
        if rows >= 20_000:
            job.cancel()

    with recording(signals.rows_imported) as rec, pytest.raises(QueryCancelledError):
        import_file(db, path, "folks", sniff(path), job=job, progress=progress)
    assert started.is_set() and rec.events == []
    assert _read(db, "SELECT COUNT(*) FROM folks") == [(0,)]
    with recording(signals.rows_imported) as rec:
        result = import_file(db, path, "folks", sniff(path))
    assert result.rows == 200_000
    assert rec.events == [("rows-imported", {"table": "folks", "rows": 200_000, "source": "many.csv"})]


def test_a_large_file_imports_in_the_memory_of_a_batch(db, tmp_path) -> None:
    path = tmp_path / "big.csv"
    with open(path, "w", encoding="utf-8") as f:
        f.write("id,name,note\n")
        for i in range(100_000):
            f.write(f"{i},name {i},{'x' * 40}\n")
    columns = guess_columns(path, sniff(path))
    assert [c.type for c in columns] == ["INTEGER", "TEXT", "TEXT"]
    tracemalloc.start()
    try:
        result = import_file(db, path, "big", sniff(path), create=columns)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.rows == 100_000
    assert peak < 30 * 2**20, f"{peak / 2**20:.0f} MB"  # the file's rows as dicts would take ~70 MB
    assert _read(db, "SELECT COUNT(*), MAX(id) FROM big") == [(100_000, 99_999)]
