"""`guiapp import --create`: column types from the whole file, so that what guiapp exports from any
backend imports into every backend; a killed import leaves no table; progress on a terminal."""

from __future__ import annotations

import datetime as dt
import decimal
import os
import pty
import random
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

from tests.helpers.cli import guiapp

LEFTOVER = "_guiapp_import_"


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def _read(db, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


def _same(value):
    """A value as the databases' answers can be compared: numbers exactly, times as text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return decimal.Decimal(repr(value)).normalize()
    if isinstance(value, (int, decimal.Decimal)):
        return decimal.Decimal(value).normalize()
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == " " and value[13] == ":":
        value = dt.datetime.fromisoformat(value)  # SQLite's text for a DATETIME: the same time as the others'
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def test_types_come_from_every_row_so_a_float_at_line_3146_still_fits(db, tmp_path) -> None:
    rng = random.Random(22)
    values = [repr(rng.random()) for _ in range(3144)] + ["1.234e-20", "0.5"]
    path = tmp_path / "floats.csv"
    path.write_text("x\n" + "\n".join(values) + "\n", encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "floats", "--create")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == "Columns: x FLOAT"
    assert sorted(r[0] for r in _read(db, "SELECT x FROM floats")) == sorted(float(v) for v in values)
    mixed = tmp_path / "mixed.csv"
    mixed.write_text("id,code,price,when\n" + "".join(f"{i},0{i},{i}.50,2024-01-0{1 + i % 9}\n"
                                                         for i in range(1500)) + "1500,x,12345.125,\n",
                     encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(mixed), "mixed", "--create")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == "Columns: id INTEGER, code TEXT, price NUMERIC(12, 3), when DATE"
    assert _read(db, "SELECT code, price FROM mixed WHERE id = 1500") == [("x", decimal.Decimal("12345.125"))]


def _digits(got, expected):
    """Digits SQLite's NUMERIC would round (more than 15) are kept as TEXT: compare them as numbers."""
    return decimal.Decimal(got).normalize() if isinstance(got, str) and isinstance(expected, decimal.Decimal) \
        else got


def _source(db) -> list[tuple]:
    table = sa.Table("src", sa.MetaData(), sa.Column("id", sa.Integer), sa.Column("big", sa.BigInteger),
                     sa.Column("dbl", sa.Double), sa.Column("dec", sa.Numeric(30, 20)),
                     sa.Column("name", sa.String(40)), sa.Column("note", sa.Text), sa.Column("day", sa.Date),
                     sa.Column("at", sa.DateTime), sa.Column("yes", sa.Boolean))
    rows = [dict(id=1, big=2**63 - 1, dbl=0.1234567890123456, dec=decimal.Decimal("12345.67890123456789012345"),
                 name="", note='say "hi", \\ ok', day=dt.date(2024, 2, 29), at=dt.datetime(2024, 1, 2, 3, 4, 5),
                 yes=True),
            dict(id=2, big=-2**63, dbl=1e-20, dec=decimal.Decimal(0), name=None, note="two\r\nlines\tand tab",
                 day=None, at=None, yes=False),
            dict(id=3, big=None, dbl=None, dec=None, name="  ", note="", day=dt.date(1, 1, 1),
                 at=dt.datetime(1999, 12, 31, 23, 59, 59), yes=None)]
    with db.engine.begin() as conn:
        table.create(conn)
        conn.execute(table.insert(), rows)
    return _read(db, "SELECT * FROM src ORDER BY id")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_what_any_backend_exports_imports_with_create_on_every_backend(db, request, tmp_path, fmt) -> None:
    expected = [tuple(map(_same, row)) for row in _source(db)]
    out = tmp_path / f"src.{fmt}"
    done = guiapp("--url", _url(db), "export", "src", "-o", str(out))
    assert done.returncode == 0, done.stderr
    for target in ("sqlite", "mysql", "postgresql"):
        into = request.getfixturevalue(f"{target}_db")
        done = guiapp("--url", _url(into), "import", str(out), "back", "--create")
        assert done.returncode == 0, (target, done.stderr)
        got = [tuple(map(_same, row)) for row in _read(into, "SELECT * FROM back ORDER BY id")]
        got = [tuple(_digits(g, e) for g, e in zip(row, want)) for row, want in zip(got, expected)]
        assert got == expected, (target, done.stderr.splitlines()[0])
        with into.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE back")


def _wait(condition, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.1)


def _filling(db) -> bool:
    """The import is inserting rows (its new table made, its transaction open)."""
    if db.backend.transactional_ddl:
        return _read(db, "SELECT COUNT(*) FROM pg_stat_activity WHERE (query LIKE 'INSERT INTO%big%' "
                         "OR query LIKE 'COPY %big%') AND pid <> pg_backend_pid()")[0][0] > 0
    return any(n.startswith(LEFTOVER) or n == "big" for n in sa.inspect(db.engine).get_table_names())


def test_a_create_killed_part_way_leaves_no_table(server_db, tmp_path) -> None:
    db = server_db
    path = tmp_path / "big.csv"
    path.write_text("n,name\n" + "".join(f"{i},name {i}\n" for i in range(600_000)), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "guiapp", "--url", _url(db), "import", str(path), "big",
                             "--create"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        _wait(lambda: _filling(db) or proc.poll() is not None)
        assert proc.poll() is None, "the import ended before it could be killed"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not sa.inspect(db.engine).has_table("big")
    left = [n for n in sa.inspect(db.engine).get_table_names() if n.startswith(LEFTOVER)]
    if left:  # MySQL: the temporary table stays until the killed session is gone and the next import runs
        owner = int(left[0][len(LEFTOVER):].split("_")[0])
        _wait(lambda: _read(db, f"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = {owner}")
              == [(0,)])
    small = tmp_path / "small.csv"
    small.write_text("n\n1\n", encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(small), "small", "--create")
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("Dropped")] == [
        f"Dropped {n}, left behind by an import that was stopped." for n in left]
    assert not [n for n in sa.inspect(db.engine).get_table_names() if n.startswith(LEFTOVER)]
    assert not sa.inspect(db.engine).has_table("big")


def _on_a_terminal(*args: str) -> str:
    """Run guiapp with stderr on a terminal, as a user sees it; what it wrote there."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "guiapp", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(60)
    os.close(master)
    return seen.decode()


def test_progress_shows_rows_done_and_the_total_on_a_terminal(db, tmp_path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("n\n" + "".join(f"{i}\n" for i in range(12_000)), encoding="utf-8")
    seen = _on_a_terminal("--url", _url(db), "import", str(path), "counted", "--create")
    assert "\r12,000 of 12,000 rows" in seen, seen
    assert "Imported 12,000 rows into counted (created)." in seen
    seen = _on_a_terminal("--url", _url(db), "import", str(path), "counted")
    assert "\r12,000 rows" in seen, seen
    assert _read(db, "SELECT COUNT(*) FROM counted") == [(24_000,)]
