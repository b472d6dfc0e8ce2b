"""``guiapp query`` says what a script did: writes through functions, incomplete results, its own
transaction control."""

from __future__ import annotations

from typing import Iterator

import pytest

from guiapp.core.connect.database import Database
from tests.conftest import MYSQL_KINDS
from tests.helpers.cli import guiapp
from tests.views.test_console_says import WRITING_FUNCTION


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.fixture(params=[*MYSQL_KINDS, "postgresql"])
def writing_function(request: pytest.FixtureRequest) -> Iterator[Database]:
    db = request.getfixturevalue(f"{request.param}_db")
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE says_t (n INTEGER)")
        conn.exec_driver_sql(WRITING_FUNCTION[db.dialect])
    yield db
    with db.begin() as conn:
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS says_f")


def test_a_select_whose_function_writes_is_committed_as_other_writes(writing_function: Database) -> None:
    db = writing_function
    ran = guiapp("--url", _url(db), "query", "--format", "csv", "SELECT says_f() AS f")
    assert ran.returncode == 0, ran.stderr
    assert "SELECT wrote (a function it calls changed data)" in ran.stderr
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM says_t").scalar() == 1
    dry = guiapp("--url", _url(db), "query", "--rollback", "SELECT says_f() AS f")
    assert dry.returncode == 0, dry.stderr
    assert "-- rolled back: nothing was changed" in dry.stderr
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM says_t").scalar() == 1


@pytest.mark.parametrize("kind", MYSQL_KINDS)
def test_a_server_warning_about_the_rows_is_printed_even_without_timings(request, kind: str) -> None:
    from tests.views.test_console_says import CAPPED
    db = request.getfixturevalue(f"{kind}_db")
    ran = guiapp("--url", _url(db), "query", "--no-timing", "--format", "csv", CAPPED)
    assert ran.returncode == 0, ran.stderr
    assert len(ran.stdout.splitlines()) == 1002
    assert ran.stderr.splitlines() == [
        "-- Statement 1: Warning 1931: Query execution was interrupted. The query exceeded "
        "max_recursive_iterations = 1000. The query result may be incomplete"]
