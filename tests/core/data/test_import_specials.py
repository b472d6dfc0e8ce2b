"""A NaN or an infinity the database cannot hold is refused naming its line and column, never
stored as something else: SQLite stores a NaN as NULL, MySQL has neither. Run as a user runs it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.helpers.cli import guiapp


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def _read(db, sql: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql))]


HOLDS = {"sqlite": {"Infinity", "-Infinity"}, "mysql": set(), "mysqlc": set(),
         "postgresql": {"NaN", "Infinity", "-Infinity"}}


@pytest.mark.parametrize("special", ["NaN", "Infinity", "-Infinity"])
def test_a_special_float_is_kept_or_refused_naming_line_and_column(db, tmp_path, request, special) -> None:
    kind = request.node.callspec.params["db"]
    double = "DOUBLE PRECISION" if kind != "sqlite" else "REAL"
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE TABLE floats (id INTEGER, x {double})")
        conn.exec_driver_sql("INSERT INTO floats VALUES (0, 0.5)")
    csv = tmp_path / "floats.csv"
    csv.write_text(f"id,x\n1,1.5\n2,{special}\n", encoding="utf-8")
    jsonl = tmp_path / "floats.jsonl"
    jsonl.write_text(f'{{"id": 1, "x": 1.5}}\n{{"id": 2, "x": {special}}}\n', encoding="utf-8")
    for path, line in ((csv, 3), (jsonl, 2)):
        done = guiapp("--url", _url(db), "import", str(path), "floats")
        if special in HOLDS[kind]:
            assert done.returncode == 0, done.stderr
            got = _read(db, "SELECT x FROM floats WHERE id = 2")
            assert len(got) == 1 and str(got[0][0]).lower() == str(float(special)).lower()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DELETE FROM floats WHERE id > 0")
            continue
        assert done.returncode == 1
        assert done.stderr.startswith(f"Error: {path.name}, line {line}, column x: "), done.stderr
        assert special in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert _read(db, "SELECT id, x FROM floats") == [(0, 0.5)]
        created = guiapp("--url", _url(db), "import", str(path), "floats_new", "--create")
        assert created.returncode == 1 and f"{path.name}, line {line}, column x: " in created.stderr, created.stderr
        assert not sa.inspect(db.engine).has_table("floats_new")


def test_json_nan_and_infinity_go_into_a_text_column_as_written(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE words (id INTEGER, t VARCHAR(20))")
    path = tmp_path / "words.jsonl"
    path.write_text('{"id": 1, "t": NaN}\n{"id": 2, "t": -Infinity}\n', encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "words")
    assert done.returncode == 0, done.stderr
    assert _read(db, "SELECT id, t FROM words ORDER BY id") == [(1, "NaN"), (2, "-Infinity")]
