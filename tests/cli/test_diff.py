"""guiapp diff: the SQL or the alembic migration that makes the database match the models, with an exit
status a CI job can use; and applying it, announced by before-migrate / after-migrate. Three backends."""

from __future__ import annotations

import sqlalchemy as sa

from guiapp import signals
from guiapp.core.schema.migrating import apply_migration, plan_migration
from tests.helpers.cli import guiapp
from tests.helpers.drift import dropping_colour
from tests.helpers.clients import run_script
from tests.helpers.signals import recording


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


def test_missing_tables_print_their_create_statements_which_then_match(db, tmp_path) -> None:
    first = guiapp("--url", _url(db), "diff")
    assert first.returncode == 1
    assert "CREATE TABLE users" in first.stdout and "CREATE TABLE person_hobby" in first.stdout
    assert first.stderr.strip().endswith("would make the database match the models.")
    loaded = run_script(db.url, first.stdout)  # as printed, by the database's own client
    assert loaded.returncode == 0, loaded.stderr
    again = guiapp("--url", _url(db), "diff")
    assert again.returncode == 0, again.stdout  # no dialect noise (display widths, TINYINT(1), defaults)
    assert again.stdout == "" and "matches the models" in again.stderr


def test_drift_is_shown_as_sql_and_as_an_alembic_migration(db, models) -> None:
    from guiapp.core.schema.ddl import create_models
    create_models(db, models)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("ALTER TABLE hobbies ADD COLUMN colour VARCHAR(10)")
    sql = guiapp("--url", _url(db), "diff")
    assert sql.returncode == 1
    assert dropping_colour(db) in sql.stdout
    assert "CREATE TABLE hobbies" not in sql.stdout and "CREATE TABLE users" not in sql.stdout  # none made anew
    script = guiapp("--url", _url(db), "diff", "--alembic")
    assert script.returncode == 1 and "drop_column(" in script.stdout and "'colour'" in script.stdout
    only_users = guiapp("--url", _url(db), "diff", "users")
    assert only_users.returncode == 0
    unknown = guiapp("--url", _url(db), "diff", "nosuch")
    assert unknown.returncode == 2 and len(unknown.stderr.strip().splitlines()) == 1  # not 1: "differs"
    assert "'nosuch' is not a table of the models" in unknown.stderr


def test_applying_the_plan_makes_the_database_match_and_is_announced(db, models) -> None:
    from guiapp.core.schema.ddl import create_models
    create_models(db, models)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DROP INDEX ix_users_name" + (" ON users" if db.dialect == "mysql" else ""))
        conn.exec_driver_sql("ALTER TABLE hobbies ADD COLUMN colour VARCHAR(10)")
    plan = plan_migration(db, models)
    assert any(s.startswith("CREATE INDEX ix_users_name") for s in plan.sql), plan.sql
    with recording(signals.before_migrate, signals.after_migrate, signals.schema_changed) as rec:
        apply_migration(db, plan)
    names = [name for name, _kw in rec.events]
    assert names[0] == "before-migrate" and names[-1] == "after-migrate"
    assert rec.events[0][1]["statements"] == plan.sql
    assert plan_migration(db, models).empty
    assert "colour" not in {c["name"] for c in sa.inspect(db.engine).get_columns("hobbies")}


def test_a_database_that_cannot_be_reached_is_exit_status_2_not_a_difference() -> None:
    done = guiapp("--url", "mysql+pymysql://root@127.0.0.1:1/test", "--connect-timeout", "2", "diff")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("Error: ")


def test_strict_reports_what_only_the_dialect_writes_differently(db, models) -> None:
    from guiapp.core.schema.ddl import create_models
    create_models(db, models)
    assert guiapp("--url", _url(db), "diff").returncode == 0
    strict = guiapp("--url", _url(db), "diff", "--strict")
    if db.dialect == "mysql":  # MariaDB writes INTEGER(11) and current_timestamp()
        assert strict.returncode == 1
        assert "ALTER TABLE users MODIFY id INTEGER NOT NULL AUTO_INCREMENT;" in strict.stdout
    else:
        assert strict.returncode == 0, strict.stdout

