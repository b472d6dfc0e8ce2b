"""A field larger than MySQL takes in one statement (max_allowed_packet) is refused naming its line
and column; the server would drop the connection and the message would name nothing. Other
databases take it. Run as a user runs it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.helpers.cli import guiapp


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.mark.parametrize("kind", ["mysql", "mysqlc"])
def test_a_field_over_max_allowed_packet_is_refused_naming_line_and_column(kind, request, tmp_path) -> None:
    db = request.getfixturevalue(f"{kind}_db")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE huge (id INTEGER, t LONGTEXT)")
        conn.exec_driver_sql("INSERT INTO huge VALUES (0, 'kept')")
        limit = int(conn.exec_driver_sql("SELECT @@max_allowed_packet").scalar())
    path = tmp_path / "huge.csv"
    path.write_text(f"id,t\n1,short\n2,{'x' * (limit + 1)}\n3,end\n", encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "huge", timeout=180)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: huge.csv, line 3, column t: "), done.stderr
    assert "max_allowed_packet" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    with db.engine.connect() as conn:
        assert [tuple(r) for r in conn.execute(sa.text("SELECT id, t FROM huge"))] == [(0, "kept")]
    created = guiapp("--url", _url(db), "import", str(path), "huge_new", "--create", timeout=180)
    assert created.returncode == 1 and "huge.csv, line 3, column t: " in created.stderr, created.stderr
    assert not sa.inspect(db.engine).has_table("huge_new")


def test_a_large_field_under_the_limit_imports_whole(db, tmp_path) -> None:
    with db.engine.begin() as conn:
        text = "LONGTEXT" if db.backend.name == "mysql" else "TEXT"
        conn.exec_driver_sql(f"CREATE TABLE large (id INTEGER, t {text})")
    path = tmp_path / "large.csv"
    path.write_text("id,t\n1," + "\U0001f600" * 2_000_000 + "\n", encoding="utf-8")
    done = guiapp("--url", _url(db), "import", str(path), "large", timeout=180)
    assert done.returncode == 0, done.stderr
    with db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT t FROM large")).scalar() == "\U0001f600" * 2_000_000
