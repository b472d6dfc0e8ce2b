"""Applying the SQL that makes the database match the models: a change that existing rows break is refused
and undone; SQLite's tables made anew keep their triggers; the connection is left as it was."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from guiapp.core.errors import GuiappError
from guiapp.core.schema.migrating import apply_migration, plan_migration
from guiapp.core.schema.modelload import load_models
from tests.helpers import drift


@pytest.fixture
def drifted(db, tmp_path):
    drift.forget_types(db)
    yield load_models(str(drift.make_drift(db, tmp_path)))
    drift.forget_types(db)


def test_a_foreign_key_that_rows_break_is_refused_and_nothing_changes(db, drifted) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE drift_widgets SET owner_id = 99 WHERE id = 2")  # no owner 99
    before = drift.rows_and_columns(db)
    plan = plan_migration(db, drifted)
    with pytest.raises(GuiappError) as refused:
        apply_migration(db, plan)
    assert "\n" not in str(refused.value) and "Traceback" not in str(refused.value)
    if db.backend.transactional_ddl:
        assert drift.rows_and_columns(db) == before
    if db.backend.alters_by_recreating:
        assert "foreign_key_check" in str(refused.value) and "drift_widgets" in str(refused.value)
        for _ in range(3):  # every pooled connection still enforces foreign keys
            with db.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA legacy_alter_table").scalar() == 0


def test_a_table_made_anew_keeps_its_triggers(sqlite_db, tmp_path) -> None:
    db = sqlite_db
    models = load_models(str(drift.make_drift(db, tmp_path)))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE drift_log (widget_id INTEGER)")
        conn.exec_driver_sql("CREATE TRIGGER drift_logged AFTER INSERT ON drift_widgets "
                             "BEGIN INSERT INTO drift_log VALUES (new.id); END")
    plan = plan_migration(db, models)
    assert any("CREATE TRIGGER drift_logged" in s for s in plan.sql)
    apply_migration(db, plan)
    assert plan_migration(db, models).empty
    with db.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO drift_widgets (id, code, label) VALUES (3, 'w3', 'l3')")
        assert conn.exec_driver_sql("SELECT widget_id FROM drift_log").scalars().all() == [3]
    assert drift.rows(db)["parts"] == drift.PARTS


def test_the_plan_names_tables_only_in_the_database_and_drops_them_only_when_asked(db, models) -> None:
    from guiapp.core.schema.ddl import create_models
    create_models(db, models)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE drift_stranger (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE TABLE drift_stranger_child (id INTEGER PRIMARY KEY, "
                             "up INTEGER REFERENCES drift_stranger (id))")
        conn.exec_driver_sql("INSERT INTO drift_stranger VALUES (1)")
        conn.exec_driver_sql("INSERT INTO drift_stranger_child VALUES (1, 1), (2, 1)")
    kept = plan_migration(db, models)
    assert kept.empty and kept.only_in_database == ("drift_stranger", "drift_stranger_child")
    dropping = plan_migration(db, models, drop_extra=True)
    assert dropping.dropped == (("drift_stranger_child", 2), ("drift_stranger", 1))  # what points first
    apply_migration(db, dropping)
    after = plan_migration(db, models)
    assert after.empty and after.only_in_database == ()
