"""guiapp diff prints SQL that the database's own client (sqlite3, mysql, psql) runs as printed: after it,
diff finds nothing and every row is where it was. Every kind of drift, and a table of types and
defaults; tables only in the database are named, and dropped only when asked. On every backend."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from tests.helpers import drift
from tests.helpers.cli import guiapp
from tests.helpers.clients import run_script


def _url(db) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.fixture
def clean_types(db):
    drift.forget_types(db)
    yield
    drift.forget_types(db)


def test_every_kind_of_drift_is_fixed_by_the_printed_sql_and_no_row_is_lost(db, tmp_path, clean_types) -> None:
    models = drift.make_drift(db, tmp_path)
    printed = guiapp("--url", _url(db), "--models", str(models), "diff")
    assert printed.returncode == 1, printed.stderr
    sql = printed.stdout
    assert "%%" not in sql and "per%cent" in sql
    assert "ALTER COLUMN" not in sql or not db.backend.alters_by_recreating  # SQLite has none
    ran = run_script(db.url, sql)
    assert ran.returncode == 0, ran.stderr + "\n" + sql
    again = guiapp("--url", _url(db), "--models", str(models), "diff")
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout == ""
    assert drift.rows(db) == drift.EXPECTED  # foreign keys on: nothing cascaded, the view still reads
    with db.engine.connect() as conn:
        inspector = sa.inspect(conn)
        assert [c["name"] for c in inspector.get_columns("drift_widgets")].count("gone") == 0
        assert {i["name"] for i in inspector.get_indexes("drift_widgets")} >= {"ix_drift_widgets_label"}
        assert "ix_drift_widgets_note" not in {i["name"] for i in inspector.get_indexes("drift_widgets")}
        assert [fk["referred_table"] for fk in inspector.get_foreign_keys("drift_widgets")] == ["drift_owners"]
        assert [fk["options"].get("ondelete", "").upper() for fk in inspector.get_foreign_keys("drift_parts")
                ] == ["CASCADE"]


def test_a_failing_script_leaves_the_table_and_its_rows_as_they_were(db, tmp_path, clean_types) -> None:
    """A widget whose code is taken twice: the unique constraint cannot be made, and the script stops
    with nothing changed where DDL is transactional (SQLite, PostgreSQL)."""
    models = drift.make_drift(db, tmp_path)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE drift_widgets SET code = 'same'")
    printed = guiapp("--url", _url(db), "--models", str(models), "diff")
    ran = run_script(db.url, printed.stdout)
    assert ran.returncode != 0
    if db.backend.transactional_ddl:
        with db.engine.connect() as conn:
            names = [c["name"] for c in sa.inspect(conn).get_columns("drift_widgets")]
            assert "gone" in names and "added" not in names
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM drift_parts").scalar() == 3
            if db.backend.alters_by_recreating:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


# Each type with a server default, and another default for it: the first must compare as equal to
# what the database made of it, the second as different. (name, type, default, another default)
CASES = [
    ("flag", "sa.Boolean()", "sa.false()", "sa.true()"),
    ("big", "sa.BigInteger()", "'9007199254740993'", "'9007199254740992'"),
    ("price", "sa.Numeric(12, 2)", "'1.50'", "'1.25'"),
    ("ratio", "sa.Float()", "sa.text('0.5')", "sa.text('0.25')"),
    ("neg", "sa.Integer()", "sa.text('-1')", "sa.text('1')"),
    ("quoted", "sa.String(20)", "\"it's\"", "'its'"),
    ("percent", "sa.String(20)", "'100%'", "'100 %'"),
    ("backslash", "sa.String(20)", "'a\\\\b'", "'a/b'"),
    ("empty", "sa.String(20)", "''", "'x'"),
    ("day", "sa.Date()", "'2024-01-31'", "'2024-02-01'"),
    ("stamp", "sa.DateTime()", "sa.func.now()", "sa.text(\"'2000-01-01 00:00:00'\")"),
    ("stamp_text", "sa.DateTime()", "sa.text('CURRENT_TIMESTAMP')", "sa.text(\"'2000-01-01 00:00:00'\")"),
    ("mood", "sa.Enum('calm', 'busy', name='drift_mood')", "'calm'", "'busy'"),
]
# Defaults that no database spells its own way: not even --strict may report them.
SPELT_AS_DECLARED = {"flag", "quoted", "percent", "backslash", "empty", "day", "mood"}
VALUES = {"flag": False, "big": 9007199254740993, "neg": -1, "quoted": "it's", "percent": "100%",
          "backslash": "a\\b", "empty": "", "mood": "calm"}


def _defaults_changed(script: str) -> set[str]:
    """The columns whose server default an alembic migration changes."""
    blocks = re.split(r"alter_column\(", script)[1:]
    return {re.match(r"(?:'\w+',\s*)?'(\w+)'", block).group(1) for block in blocks
            if re.search(r"(?<!existing_)server_default=", block)}


def _defaults_models(folder, which: int) -> str:
    columns = "\n".join(f"    sa.Column({name!r}, {kind}, server_default={case[which]})," for name, kind, *case in CASES)
    path = folder / f"defaults_{which}.py"
    path.write_text(f"import sqlalchemy as sa\n\nmetadata = sa.MetaData()\nsa.Table(\n    'drift_defaults', metadata,\n"
                    f"    sa.Column('id', sa.Integer, primary_key=True),\n{columns}\n)\n", encoding="utf-8")
    return str(path)


def test_types_and_defaults_compare_exactly_and_their_sql_runs_as_printed(db, tmp_path, clean_types) -> None:
    declared, other = _defaults_models(tmp_path, 0), _defaults_models(tmp_path, 1)
    created = guiapp("--url", _url(db), "--models", declared, "diff")
    assert created.returncode == 1 and "CREATE TABLE drift_defaults" in created.stdout, created.stderr
    ran = run_script(db.url, created.stdout)
    assert ran.returncode == 0, ran.stderr + created.stdout
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO drift_defaults (id) VALUES (1)")
        row = conn.exec_driver_sql("SELECT * FROM drift_defaults").mappings().one()
    assert {name: row[name] for name in VALUES} == VALUES  # the defaults as declared: no % doubled

    same = guiapp("--url", _url(db), "--models", declared, "diff")
    assert same.returncode == 0 and same.stdout == "", same.stdout  # none of them is noise
    strict = guiapp("--url", _url(db), "--models", declared, "diff", "--strict", "--alembic")
    assert not _defaults_changed(strict.stdout) & SPELT_AS_DECLARED, strict.stdout

    changed = guiapp("--url", _url(db), "--models", other, "diff", "--alembic")
    assert changed.returncode == 1
    assert _defaults_changed(changed.stdout) == {name for name, *_ in CASES}, changed.stdout  # …992 too
    printed = guiapp("--url", _url(db), "--models", other, "diff")
    ran = run_script(db.url, printed.stdout)
    assert ran.returncode == 0, ran.stderr + printed.stdout
    after = guiapp("--url", _url(db), "--models", other, "diff")
    assert after.returncode == 0, after.stdout
    with db.engine.connect() as conn:
        kept = conn.exec_driver_sql("SELECT * FROM drift_defaults").mappings().one()
    assert {name: kept[name] for name in VALUES} == VALUES  # the row as it was


def test_tables_only_in_the_database_are_named_and_dropped_only_when_asked(db, tmp_path, models) -> None:
    from guiapp.core.schema.ddl import create_models
    create_models(db, models)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE drift_stranger (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("INSERT INTO drift_stranger VALUES (1), (2)")
    named = guiapp("--url", _url(db), "diff")
    assert named.returncode == 0 and named.stdout == "", named.stdout
    assert "Only in the database" in named.stderr and "drift_stranger" in named.stderr
    dropping = guiapp("--url", _url(db), "diff", "--drop-extra")
    assert dropping.returncode == 1
    assert "DROP TABLE drift_stranger;" in dropping.stdout
    assert "DROP TABLE users" not in dropping.stdout
    only_users = guiapp("--url", _url(db), "diff", "users", "--drop-extra")
    assert only_users.returncode == 0 and "drift_stranger" not in only_users.stdout + only_users.stderr
    ran = run_script(db.url, dropping.stdout)
    assert ran.returncode == 0, ran.stderr
    after = guiapp("--url", _url(db), "diff")
    assert after.returncode == 0 and "Only in the database" not in after.stderr
    helped = guiapp("diff", "--help")
    assert "only in the" in " ".join(helped.stdout.split()) and "--drop-extra" in helped.stdout
