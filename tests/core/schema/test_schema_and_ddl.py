"""Creating and dropping the demo models, their signals, the schema they leave, and blocked drops."""

from __future__ import annotations

import pytest

from guiapp import signals
from guiapp.core.connect.database import Database
from guiapp.core.schema.ddl import create_models, drop_models, drop_plan
from guiapp.core.errors import SchemaError
from guiapp.core.schema.modelstate import State, model_states
from guiapp.core.run.query import QuerySession
from guiapp.core.schema.catalog import catalog_for
from tests.helpers.signals import recording

DDL_SIGNALS = (signals.before_create, signals.table_created, signals.before_drop, signals.table_dropped)


def test_create_all_announces_each_table_once_in_fk_order(db: Database, models) -> None:
    with recording(*DDL_SIGNALS) as rec:
        created = create_models(db, models)
    assert set(created) == {"users", "books", "persons", "hobbies", "person_hobby"}
    assert sorted(rec.names("table-created")) == sorted(created)
    assert rec.names("before-create") == rec.names("table-created")
    order = rec.names("table-created")
    assert order.index("users") < order.index("books")
    assert all(kw["origin"] == "model" for _, kw in rec.events)
    # Creating again creates nothing and announces nothing.
    with recording(*DDL_SIGNALS) as again:
        assert create_models(db, models) == []
    assert again.events == []


def test_users_table_matches_the_declared_model(db: Database, models) -> None:
    create_models(db, models, ["User", "books"])
    cat = catalog_for(db)
    users = cat.table("users")
    assert [c.name for c in users.columns] == ["id", "name", "email", "ctime"]
    assert users.primary_key == ("id",)
    assert not users.column("name").nullable
    assert "VARCHAR(32)" in users.column("name").type.upper()
    indexes = {ix.name: ix for ix in users.indexes}
    assert indexes["ix_id_name"].columns == ("name", "email")
    assert "ix_users_name" in indexes
    uniques = {u.columns for u in users.uniques} | {ix.columns for ix in users.indexes if ix.unique}
    assert ("id", "name") in uniques and ("email",) in uniques
    books = cat.table("books")
    assert [(fk.columns, fk.referred_table) for fk in books.foreign_keys] == [(("user_id",), "users")]
    ddl = cat.ddl("users")
    assert "CREATE TABLE" in ddl.upper() and "uix_id_name" in ddl


def test_foreign_key_blocks_dropping_users_with_a_clear_message(db: Database, models) -> None:
    create_models(db, models)
    with pytest.raises(SchemaError) as err:
        drop_models(db, models, ["users"])
    message = str(err.value)
    assert message.startswith("Cannot drop users: books has a foreign key to it")
    assert "books.user_id" in message
    assert catalog_for(db).exists("users")  # nothing was dropped
    assert drop_models(db, models, ["books", "users"]) == ["books", "users"]


def test_drop_plan_names_tables_and_row_counts(db: Database, models) -> None:
    create_models(db, models)
    with db.begin() as conn:
        conn.exec_driver_sql("INSERT INTO users (id, name) VALUES (1, 'a'), (2, 'b')")
    plan = drop_plan(db, models)
    assert dict(plan.tables)["users"] == 2
    assert "users (2 rows)" in plan.describe()
    names = [name for name, _ in plan.tables]
    assert names.index("books") < names.index("users")


def test_drop_all_leaves_nothing_and_announces_each_once(db: Database, models) -> None:
    create_models(db, models)
    with recording(*DDL_SIGNALS) as rec:
        dropped = drop_models(db, models)
    assert sorted(dropped) == sorted(models.metadata.tables)
    assert sorted(rec.names("table-dropped")) == sorted(dropped)
    assert not any(catalog_for(db).exists(t) for t in models.metadata.tables)


def test_creating_a_model_whose_parent_is_missing_says_so(db: Database, models) -> None:
    with pytest.raises(SchemaError, match="Cannot create books: it has a foreign key to users"):
        create_models(db, models, ["Book"])


def test_unknown_model_name(db: Database, models) -> None:
    with pytest.raises(SchemaError, match="No declared model named 'Nope'"):
        create_models(db, models, ["Nope"])


def test_raw_sql_create_table_is_announced_once_and_refreshes_the_cache(db: Database) -> None:
    cat = catalog_for(db)
    assert not cat.exists("raw_made")  # fills the cache
    session = QuerySession(db, autocommit=True)
    with recording(*DDL_SIGNALS) as rec:
        odd = db.engine.dialect.identifier_preparer.quote("odd name")
        list(session.run(f"CREATE TABLE raw_made (id INTEGER PRIMARY KEY, {odd} VARCHAR(10))"))
    assert rec.names("table-created") == ["raw_made"]
    assert rec.names("before-create") == ["raw_made"]
    assert rec.events[-1][1]["origin"] == "sql"
    assert cat.exists("raw_made")  # the signal dropped the stale cache
    assert [c.name for c in cat.table("raw_made").columns] == ["id", "odd name"]
    with recording(*DDL_SIGNALS) as rec:
        list(session.run("DROP TABLE raw_made"))
    assert rec.names("table-dropped") == ["raw_made"]
    assert not cat.exists("raw_made")
    session.close()


def test_model_states_do_not_read_tables_that_no_model_declares(db: Database, models) -> None:
    """A big database without the models (the demo ones on a user's own database): the states
    come from the list of tables, not from reading every table there."""
    import sqlalchemy as sa
    with db.begin() as conn:
        for number in range(40):
            conn.exec_driver_sql(f"CREATE TABLE stranger_{number} (id INTEGER PRIMARY KEY, x INTEGER)")
    statements: list[str] = []

    def record(_conn, _cursor, sql, *_rest) -> None:
        statements.append(sql)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        states = model_states(db, models)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    assert all(s.state is State.MISSING for s in states)
    assert not any("stranger_" in sql for sql in statements), statements[:5]


def test_model_state_missing_present_and_differs(db: Database, models) -> None:
    states = {s.table: s for s in model_states(db, models)}
    assert states["users"].state is State.MISSING
    create_models(db, models)
    states = {s.table: s for s in model_states(db, models)}
    assert all(s.state is State.PRESENT for s in states.values()), states
    with db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.exec_driver_sql("ALTER TABLE hobbies ADD COLUMN colour VARCHAR(10)")
        conn.exec_driver_sql("DROP INDEX ix_id_name ON users" if db.dialect == "mysql"
                             else "DROP INDEX ix_id_name")
    states = {s.table: s for s in model_states(db, models)}
    assert states["hobbies"].state is State.DIFFERS
    assert any("colour" in d and "not in the model" in d for d in states["hobbies"].differences)
    assert states["users"].state is State.DIFFERS
    assert any("ix_id_name" in d and "missing from the database" in d for d in states["users"].differences)
    assert states["books"].state is State.PRESENT


def test_estimate_and_exact_counts(db: Database, models) -> None:
    create_models(db, models, ["users"])
    with db.begin() as conn:
        conn.exec_driver_sql("INSERT INTO users (id, name) VALUES " +
                             ", ".join(f"({i}, 'n{i}')" for i in range(1, 51)))
    cat = catalog_for(db)
    assert cat.count_rows("users") == 50
    estimate = cat.estimate_rows("users")
    assert estimate is None or 0 <= estimate <= 100
    with pytest.raises(SchemaError, match="No table or view named 'USERS'.*did you mean 'users'"):
        cat.count_rows("USERS")


def _defaults_models(default: str) -> "DeclaredModels":
    import sqlalchemy as sa
    from guiapp.core.schema.modelload import DeclaredModels
    metadata = sa.MetaData()
    sa.Table("posts", metadata, sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("status", sa.String(20), server_default=default),
             sa.Column("score", sa.Integer, server_default=sa.text("0")),
             sa.Column("created", sa.DateTime, server_default=sa.func.now()))
    return DeclaredModels("defaults", metadata, {"posts": "Post"})


def test_a_changed_server_default_is_drift_and_an_unchanged_one_is_not(db: Database) -> None:
    declared = _defaults_models("draft")
    create_models(db, declared)
    [state] = model_states(db, declared)
    assert state.state is State.PRESENT, state.differences  # quoting and casts are not drift
    [state] = model_states(db, _defaults_models("published"))
    assert state.state is State.DIFFERS
    assert [d for d in state.differences if "default" in d] == [
        "column status: default is 'draft' in the database, 'published' in the model"], state.differences
