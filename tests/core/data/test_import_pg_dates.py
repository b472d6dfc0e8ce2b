"""PostgreSQL's own text for dates and times Python has no value for (infinity, BC, TIME 24:00:00,
as its export writes them) imports back into the same columns: the round trip keeps every cell.
Run as a user runs it."""

from __future__ import annotations

import pytest

from tests.helpers.cli import guiapp


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_infinity_bc_and_24_00_export_and_import_back_unchanged(postgresql_db, tmp_path, suffix) -> None:
    db = postgresql_db
    url = db.url.render_as_string(hide_password=False)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE pdates (id int, d date, ts timestamp, tz timestamptz, t time)")
        conn.exec_driver_sql("INSERT INTO pdates VALUES (1, 'infinity', '-infinity', 'infinity', '24:00:00'), "
                             "(2, '0044-03-15 BC', '4713-01-01 BC', '2000-01-01 00:00:00+00', '00:00:01'), "
                             "(3, '12345-01-01', NULL, '-infinity', NULL)")
        conn.exec_driver_sql("CREATE TABLE pdates2 (LIKE pdates)")
    out, again = tmp_path / f"pdates.{suffix}", tmp_path / f"pdates2.{suffix}"
    assert guiapp("--url", url, "export", "pdates", "-o", str(out)).returncode == 0
    done = guiapp("--url", url, "import", str(out), "pdates2")
    assert done.returncode == 0, done.stderr
    assert guiapp("--url", url, "export", "pdates2", "-o", str(again)).returncode == 0
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    with db.engine.connect() as conn:
        same = conn.exec_driver_sql("SELECT count(*) FROM pdates a JOIN pdates2 b ON a.id = b.id AND "
                                    "a.d IS NOT DISTINCT FROM b.d AND a.ts IS NOT DISTINCT FROM b.ts AND "
                                    "a.tz IS NOT DISTINCT FROM b.tz AND a.t IS NOT DISTINCT FROM b.t").scalar()
    assert same == 3


def test_a_date_that_is_not_one_is_still_refused_naming_its_cell(postgresql_db, tmp_path) -> None:
    url = postgresql_db.url.render_as_string(hide_password=False)
    with postgresql_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE pday (id int, d date)")
    path = tmp_path / "pday.csv"
    path.write_text("id,d\n1,2024-01-31\n2,infinite\n", encoding="utf-8")
    done = guiapp("--url", url, "import", str(path), "pday")
    assert (done.returncode, done.stderr.strip()) == (
        1, "Error: pday.csv, line 3, column d: 'infinite' is not a date like 2024-01-31.")
