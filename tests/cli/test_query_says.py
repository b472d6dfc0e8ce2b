"""``guiapp query`` says what a script did: writes through functions, incomplete results, its own
transaction control."""

from __future__ import annotations


import pytest

from guiapp.core.connect.database import Database
from tests.conftest import MYSQL_KINDS
from tests.helpers.cli import guiapp


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)




def test_a_select_whose_function_writes_is_committed_as_other_writes(writing_function: Database) -> None:
    db = writing_function
    ran = guiapp("--url", _url(db), "query", "--format", "csv", "SELECT says_f() AS f")
    assert ran.returncode == 0, ran.stderr
    assert "SELECT wrote (a function it calls changed data): the change is kept or undone with the script's other changes" in ran.stderr
    assert "Commit" not in ran.stderr, ran.stderr
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


PIPED_MODELS = '''
from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Piped(Base):
    __tablename__ = "says_piped"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
'''


def test_guiapp_diff_piped_into_guiapp_query_runs_as_written(db: Database, tmp_path) -> None:
    models = tmp_path / "piped_models.py"
    models.write_text(PIPED_MODELS)
    printed = guiapp("--url", _url(db), "--models", str(models), "diff")
    assert printed.returncode == 1, printed.stderr
    ran = guiapp("--url", _url(db), "query", "-f", "-", input=printed.stdout)
    assert ran.returncode == 0, ran.stderr + "\n" + printed.stdout
    again = guiapp("--url", _url(db), "--models", str(models), "diff")
    assert again.returncode == 0 and again.stdout == "", again.stdout + again.stderr


def test_a_script_with_its_own_transaction_that_fails_leaves_nothing(db: Database) -> None:
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE says_own (n INTEGER)")
    script = "BEGIN;\nINSERT INTO says_own VALUES (1);\nINSERT INTO says_nowhere VALUES (1);\nCOMMIT;\n"
    ran = guiapp("--url", _url(db), "query", "-f", "-", input=script)
    assert ran.returncode == 1 and ran.stderr.strip().splitlines()[-1].startswith("Error: ")
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM says_own").scalar() == 0
    done = guiapp("--url", _url(db), "query", "-f", "-", input=script.replace("says_nowhere", "says_own"))
    assert done.returncode == 0, done.stderr
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM says_own").scalar() == 2


def test_ddl_in_a_script_is_committed_at_its_end_without_talk_of_a_commit_button(db: Database) -> None:
    ran = guiapp("--url", _url(db), "query", "CREATE TABLE says_made (n INTEGER)")
    assert ran.returncode == 0, ran.stderr
    assert "Commit" not in ran.stderr and "Rollback" not in ran.stderr, ran.stderr
    with db.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM says_made").scalar() == 0
