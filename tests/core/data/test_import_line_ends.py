"""A CSV whose lines end in CR alone (as spreadsheets on the classic Mac save it) imports like any
other, a CR inside quotes kept, and its line numbers are right; a stray CR outside quotes is named
in words. Run as a user runs it, on every backend."""

from __future__ import annotations

import sqlalchemy as sa

from tests.helpers.cli import guiapp


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def _read(db, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def test_a_file_with_cr_line_ends_imports_every_row_as_written(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE mac (id INTEGER, t VARCHAR(20))")
    path = tmp_path / "mac.csv"
    path.write_bytes(b'id,t\r1,"x\ry"\r2,\r3,""\r')
    done = guiapp("--url", _url(db), "import", str(path), "mac")
    assert done.returncode == 0, done.stderr
    assert _read(db, "SELECT id, t FROM mac ORDER BY id") == [(1, "x\ry"), (2, None), (3, "")]
    created = guiapp("--url", _url(db), "import", str(path), "mac_new", "--create")
    assert created.returncode == 0, created.stderr
    assert _read(db, "SELECT id, t FROM mac_new ORDER BY id") == [(1, "x\ry"), (2, None), (3, "")]
    ragged = tmp_path / "ragged.csv"
    ragged.write_bytes(b'id,t\r1,a\r2,b\r4\r5,c\r')
    done = guiapp("--url", _url(db), "import", str(ragged), "mac")
    assert (done.returncode, done.stderr.strip()) == (1, "Error: ragged.csv, line 4: 1 field where the header has 2.")
    assert _read(db, "SELECT COUNT(*) FROM mac") == [(3,)]


def test_a_stray_cr_outside_quotes_is_named_in_words(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE stray (id INTEGER, t VARCHAR(20))")
    path = tmp_path / "stray.csv"
    path.write_bytes(b"id,t\n1,a\n2,x\ry\n")
    done = guiapp("--url", _url(db), "import", str(path), "stray")
    assert (done.returncode, done.stderr.strip()) == (
        1, "Error: stray.csv, line 3: a line break (CR) inside an unquoted field; quote the field, or save the "
           "file with one kind of line end.")
    assert _read(db, "SELECT COUNT(*) FROM stray") == [(0,)]
