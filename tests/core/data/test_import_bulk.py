"""The bulk path of imports (COPY on PostgreSQL, the driver's executemany elsewhere): every value as
written, a refused row named by its line in any batch, and a cancel in the middle of a COPY."""

from __future__ import annotations

import csv
import threading
import time

import pytest
import sqlalchemy as sa

from guiapp.core.data.importing import import_file
from guiapp.core.data.sniffing import ImportError_, sniff
from guiapp.core.errors import QueryCancelledError
from guiapp.core.run.jobs import Job
from tests.helpers.cli import guiapp

ODD_TEXTS = ["tab\there", "new\nline", "cr\rreturn", "crlf\r\nend", "back\\slash", "\\N", "\\.", "\\",
             'quote " and \'single\'', "comma, semicolon; pipe|", "", " ", "ünïcødé ✓ 𝄞", "\\x41", "NULL", "\\\\N"]


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def _read(db, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def test_a_duplicate_key_in_the_third_batch_is_named_by_its_line(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE keyed (id INTEGER PRIMARY KEY, v VARCHAR(10))")
        conn.exec_driver_sql("INSERT INTO keyed VALUES (0, 'kept')")
    path = tmp_path / "dups.csv"
    ids = list(range(1, 14)) + [3, 14]  # batches of 5: the second 3 is in the third, on line 15
    path.write_text("id,v\n" + "".join(f"{i},v{i}\n" for i in ids), encoding="utf-8")
    with pytest.raises(ImportError_, match=r"^dups\.csv, line 15: "):
        import_file(db, path, "keyed", sniff(path), batch=5)
    assert _read(db, "SELECT id, v FROM keyed") == [(0, "kept")]
    path.write_text("id,v\n" + "".join(f"{i},v{i}\n" for i in range(1, 16)), encoding="utf-8")
    assert import_file(db, path, "keyed", sniff(path), batch=5).rows == 15  # the transaction was left usable


def test_null_and_the_empty_string_stay_apart_and_odd_text_is_kept_byte_for_byte(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE texts (id INTEGER PRIMARY KEY, t TEXT, v VARCHAR(40))")
    path = tmp_path / "texts.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("id,t,v\n1,,\n")  # unquoted empty fields: NULL
        f.write('2,"",""\n')  # quoted: the empty string
        writer = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL)
        for i, text in enumerate(ODD_TEXTS, 3):
            writer.writerow([i, text, text])
    done = guiapp("--url", _url(db), "import", str(path), "texts")
    assert done.returncode == 0, done.stderr
    assert _read(db, "SELECT id, t, v FROM texts ORDER BY id") == [
        (1, None, None), (2, "", ""), *[(i, t, t) for i, t in enumerate(ODD_TEXTS, 3)]]


def test_bytes_that_look_like_escapes_go_in_as_those_bytes(db, tmp_path) -> None:
    kind = {"postgresql": "BYTEA"}.get(db.dialect, "BLOB")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE blobs (id INTEGER PRIMARY KEY, b {kind})")
    values = [b"\\N", b"\t\n\r\\", b"\x00\xff\x5c\x78", b"", bytes(range(256))]
    path = tmp_path / "blobs.csv"
    path.write_text("id,b\n" + "".join(f"{i},0x{v.hex()}\n" for i, v in enumerate(values)) + "99,\n",
                    encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "blobs")
    assert done.returncode == 0, done.stderr
    got = [(i, bytes(b) if b is not None else None) for i, b in _read(db, "SELECT id, b FROM blobs ORDER BY id")]
    assert got == [*enumerate(values), (99, None)]


def _copying(db, table: str) -> bool:
    """A COPY into ``table`` is running on another session."""
    return _read(db, f"SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'COPY %{table}%' "
                     "AND state = 'active' AND pid <> pg_backend_pid()")[0][0] > 0


def test_a_cancel_during_a_copy_leaves_the_table_as_it_was(postgresql_db, tmp_path) -> None:
    db = postgresql_db
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE copied (id INTEGER PRIMARY KEY, name TEXT)")
        conn.exec_driver_sql("INSERT INTO copied VALUES (0, 'kept')")
    path = tmp_path / "many.csv"
    path.write_text("id,name\n" + "".join(f"{i},name {i}\n" for i in range(1, 600_001)), encoding="utf-8")
    job = Job(db)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            import_file(db, path, "copied", sniff(path), job=job, batch=10**9)  # the whole file: one COPY
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    end = time.monotonic() + 60
    while not _copying(db, "copied"):
        assert worker.is_alive(), failure
        assert time.monotonic() < end, "the COPY never started"
    assert job.cancel()  # the COPY's statement was running: the server was asked to stop it
    worker.join(60)
    assert not worker.is_alive() and len(failure) == 1 and isinstance(failure[0], QueryCancelledError), failure
    assert _read(db, "SELECT id, name FROM copied") == [(0, "kept")]
    assert _read(db, "SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE 'COPY %copied%' "
                     "AND state = 'active'") == [(0,)]
