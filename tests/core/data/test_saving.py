"""Grid edits written in one transaction, on the three databases: conflicts, refusals, values that
do not fit, and the row signals around them."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
import sqlalchemy as sa

from guiapp import signals
from guiapp.core.data.edits import EditBuffer, edit_key, read_only_reason
from guiapp.core.errors import EditConflictError, EditError, EditRefusedError, QueryError, ReadOnlyError
from guiapp.core.data.saving import save_edits
from guiapp.core.schema.catalog import catalog_for
from tests.helpers.signals import recording


def _people(db) -> None:
    md = sa.MetaData()
    sa.Table("people", md,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("name", sa.String(10), nullable=False),
             sa.Column("age", sa.SmallInteger),
             sa.Column("score", sa.Numeric(5, 2)),
             sa.Column("born", sa.Date),
             sa.Column("city", sa.String(20), nullable=False, server_default="Lyon"))
    with db.engine.begin() as conn:
        md.create_all(conn)
        conn.execute(md.tables["people"].insert(), [
            {"id": 1, "name": "Ada", "age": 36, "score": decimal.Decimal("1.50"), "born": dt.date(1815, 12, 10)},
            {"id": 2, "name": "Grace", "age": 85, "score": None, "born": None},
            {"id": 3, "name": "Linus", "age": 20, "score": None, "born": None}])


def _rows(db) -> dict[int, tuple]:
    with db.engine.connect() as conn:
        return {r[0]: tuple(r) for r in conn.exec_driver_sql("SELECT id, name, age, city FROM people")}


def _buffer(db) -> tuple[EditBuffer, dict[int, tuple]]:
    info = catalog_for(db).table("people")
    with db.engine.connect() as conn:
        read = {r[0]: tuple(r) for r in conn.execute(
            sa.text("SELECT id, name, age, score, born, city FROM people"))}
    return EditBuffer(info, edit_key(info)), read


def test_update_insert_and_delete_commit_together_and_are_announced(db) -> None:
    _people(db)
    buffer, read = _buffer(db)
    buffer.set_value(read[1], 1, "Ada L.")
    buffer.delete(read[3])
    new = buffer.add_row()
    buffer.set_added_value(new, 0, 4)
    buffer.set_added_value(new, 1, "Edsger")
    with recording(signals.row_saving, signals.row_saved, signals.row_deleting, signals.row_deleted) as rec:
        report = save_edits(db, buffer)
    assert _rows(db) == {1: (1, "Ada L.", 36, "Lyon"), 2: (2, "Grace", 85, "Lyon"), 4: (4, "Edsger", None, "Lyon")}
    assert (report.updated, report.inserted, report.deleted) == (1, 1, 1)
    assert any(s.startswith("UPDATE") and "Ada L." in s for s in report.statements)
    assert any(s.startswith("DELETE") for s in report.statements)
    names = [name for name, _kw in rec.events]
    # Everything is announced before anything is written, and saved only after the commit.
    assert names.index("row-saved") > max(i for i, n in enumerate(names) if n.endswith("ing"))
    saved = [kw for name, kw in rec.events if name == "row-saved"]
    assert {"table": "people", "key": {"id": 1}, "old": {"name": "Ada"}, "new": {"name": "Ada L."}} in saved
    deleted = [kw for name, kw in rec.events if name == "row-deleted"]
    assert deleted[0]["key"] == {"id": 3} and deleted[0]["old"]["name"] == "Linus"


def test_a_row_changed_elsewhere_is_a_conflict_and_nothing_is_written(db) -> None:
    _people(db)
    buffer, read = _buffer(db)
    buffer.set_value(read[1], 1, "Mine")
    buffer.set_value(read[2], 2, 86)
    with db.engine.begin() as conn:  # a colleague, between our read and our commit
        conn.exec_driver_sql("UPDATE people SET name = 'Theirs' WHERE id = 1")
    with pytest.raises(EditConflictError) as caught:
        save_edits(db, buffer)
    assert "id=1" in str(caught.value) and "name is now 'Theirs'" in str(caught.value)
    assert len(caught.value.rows) == 1
    assert _rows(db)[1][1] == "Theirs" and _rows(db)[2][2] == 85  # the other edit was not written either


def test_a_row_deleted_elsewhere_is_a_conflict(db) -> None:
    _people(db)
    buffer, read = _buffer(db)
    buffer.set_value(read[2], 1, "Hopper")
    buffer.delete(read[3])
    with db.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM people WHERE id IN (2, 3)")
    with pytest.raises(EditConflictError) as caught:
        save_edits(db, buffer)
    assert len(caught.value.rows) == 2
    assert all("deleted by someone else" in r for r in caught.value.rows)


def test_editing_a_column_someone_else_did_not_touch_is_no_conflict(db) -> None:
    _people(db)
    buffer, read = _buffer(db)
    buffer.set_value(read[1], 2, 37)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE people SET name = 'Augusta' WHERE id = 1")
    save_edits(db, buffer)
    assert _rows(db)[1] == (1, "Augusta", 37, "Lyon")


def test_a_receiver_refuses_and_nothing_is_written(db) -> None:
    _people(db)
    buffer, read = _buffer(db)
    buffer.set_value(read[2], 1, "G.")
    buffer.delete(read[1])

    def frozen(sender, **kw) -> None:
        if kw["table"] == "people" and "name" in kw["new"]:
            raise ValueError("names of people are frozen")

    signals.row_saving.connect(frozen)
    try:
        with pytest.raises(EditRefusedError, match="names of people are frozen"):
            save_edits(db, buffer)
    finally:
        signals.row_saving.disconnect(frozen)
    assert set(_rows(db)) == {1, 2, 3} and _rows(db)[2][1] == "Grace"


@pytest.mark.parametrize("column, value, message", [
    (1, "Maximilian!", "at most 10 characters"),
    (1, None, "NOT NULL"),
    (2, 40000, "out of range"),
    (3, decimal.Decimal("1234.5"), "at most 3 digits before the decimal point"),
    (3, decimal.Decimal("1.234"), "keeps 2 decimal places"),
])
def test_a_value_that_does_not_fit_is_refused_before_any_sql(db, column, value, message) -> None:
    _people(db)
    buffer, read = _buffer(db)
    buffer.set_value(read[1], column, value)
    with recording(signals.row_saving) as rec, pytest.raises(EditError, match=message):
        save_edits(db, buffer)
    assert rec.events == []
    assert _rows(db)[1] == (1, "Ada", 36, "Lyon")


def test_a_new_row_without_a_required_value_is_refused(db) -> None:
    _people(db)
    buffer, _read = _buffer(db)
    buffer.add_row()
    with pytest.raises(EditError, match="New row 1: name is NOT NULL and has no default"):
        save_edits(db, buffer)


def test_a_database_error_rolls_everything_back(db) -> None:
    _people(db)
    buffer, read = _buffer(db)
    buffer.set_value(read[1], 1, "Changed")
    new = buffer.add_row()
    buffer.set_added_value(new, 0, 2)  # the key of Grace: a duplicate
    buffer.set_added_value(new, 1, "Dup")
    with pytest.raises(QueryError) as caught:
        save_edits(db, buffer)
    assert str(caught.value).startswith("Nothing was saved: ") and "Traceback" not in str(caught.value)
    assert _rows(db)[1][1] == "Ada"


def test_a_read_only_connection_writes_nothing(tmp_path) -> None:
    from guiapp.core.connect.database import Database, PoolOptions
    path = tmp_path / "ro.sqlite3"
    _people(Database(f"sqlite:///{path}", create=True).open())
    db = Database(f"sqlite:///{path}", PoolOptions(read_only=True)).open()
    buffer, read = _buffer(db)
    buffer.set_value(read[1], 1, "X")
    with pytest.raises(ReadOnlyError):
        save_edits(db, buffer)


def test_which_tables_can_be_edited(db) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE keyless (a INTEGER, b INTEGER)")
        conn.exec_driver_sql("CREATE TABLE natural_key (code VARCHAR(5) NOT NULL, n INTEGER, UNIQUE (code))")
        conn.exec_driver_sql("CREATE TABLE nullable_unique (code VARCHAR(5), UNIQUE (code))")
        conn.exec_driver_sql("CREATE VIEW keyless_view AS SELECT a FROM keyless")
    catalog = catalog_for(db)
    assert edit_key(catalog.table("natural_key")) == ("code",)
    assert read_only_reason(catalog.table("natural_key"), None) is None
    assert "no primary key and no unique key of NOT NULL columns" in read_only_reason(catalog.table("keyless"), None)
    assert edit_key(catalog.table("nullable_unique")) is None
    assert "is a view" in read_only_reason(catalog.table("keyless_view"), None)
