"""The catalogue read in bulk tells the same story as SQLAlchemy's Inspector asked table by table.

A schema of 5,000 tables is read in a few catalogue queries (SQLite: pragma table functions), so
these tests hold that path to SQLAlchemy's own answer on a schema with every shape a key can
take: composite keys, named and unnamed constraints, ON DELETE, generated columns, partial
indexes, odd identifiers and a view.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from guiapp.core.connect.database import Database
from guiapp.core.schema.catalog import TableInfo, catalog_for
from tests.conftest import MYSQL_KINDS

ODD = 'we ird "name'


def _create_schema(db: Database) -> None:
    md = sa.MetaData()
    sa.Table("rf_parent", md,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("code", sa.String(20), nullable=False),
             sa.Column("name", sa.String(80), server_default="nobody"),
             sa.Column("score", sa.Numeric(10, 2)),
             sa.UniqueConstraint("code"),
             sa.Index("ix_rf_parent_name", "name"))
    sa.Table("rf_pair", md,
             sa.Column("a", sa.Integer, primary_key=True, autoincrement=False),
             sa.Column("b", sa.String(10), primary_key=True),
             sa.Column("parent_id", sa.Integer, sa.ForeignKey("rf_parent.id", ondelete="CASCADE")),
             sa.Column("active", sa.Boolean, nullable=False),
             sa.Index("ix_rf_pair_active", "active", "b", unique=True))
    sa.Table("rf_generated", md,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("n", sa.Integer),
             sa.Column("twice", sa.Integer, sa.Computed("n * 2", persisted=True)))
    sa.Table("rf_named", md,
             sa.Column("id", sa.Integer, primary_key=True),
             sa.Column("a", sa.Integer), sa.Column("b", sa.String(10)),
             sa.Column("born", sa.Date),
             sa.ForeignKeyConstraint(["a", "b"], ["rf_pair.a", "rf_pair.b"], name="fk_rf_named_pair"),
             sa.UniqueConstraint("born", "b", name="uq_rf_named_born"))
    sa.Table(ODD, md,
             sa.Column("sp ace", sa.Integer, primary_key=True),
             sa.Column("x", sa.Text),
             sa.Index("ix odd partial", "x", sqlite_where=sa.text("x IS NOT NULL"),
                      postgresql_where=sa.text("x IS NOT NULL")))
    md.create_all(db.engine)
    q = db.engine.dialect.identifier_preparer.quote
    with db.engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE VIEW rf_view AS SELECT id, code FROM {q('rf_parent')}")


def _inspected(db: Database, name: str, view: bool) -> dict[str, Any]:
    """What SQLAlchemy's Inspector says of one table, in the shape guiapp shows it."""
    with db.engine.connect() as conn:
        insp = sa.inspect(conn)
        columns = [(c["name"], str(c["type"]), bool(c.get("nullable", True)),
                    None if c.get("default") is None else str(c["default"])) for c in insp.get_columns(name)]
        if view:
            return {"columns": columns}
        return {
            "columns": columns,
            "primary_key": list(insp.get_pk_constraint(name)["constrained_columns"]),
            "indexes": sorted((i["name"], tuple(c for c in i["column_names"] if c), bool(i["unique"]))
                              for i in insp.get_indexes(name)),
            "uniques": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(name)),
            "foreign_keys": sorted((f.get("name") or "", tuple(f["constrained_columns"]), f["referred_table"],
                                    tuple(f["referred_columns"]), (f.get("options") or {}).get("ondelete"))
                                   for f in insp.get_foreign_keys(name)),
        }


def _shown(info: TableInfo) -> dict[str, Any]:
    columns = [(c.name, c.type, c.nullable, c.default) for c in info.columns]
    if info.kind == "view":
        return {"columns": columns}
    return {
        "columns": columns,
        "primary_key": list(info.primary_key),
        "indexes": sorted((i.name, i.columns, i.unique) for i in info.indexes),
        "uniques": sorted(u.columns for u in info.uniques),
        "foreign_keys": sorted((f.name, f.columns, f.referred_table, f.referred_columns, f.ondelete)
                               for f in info.foreign_keys),
    }


def test_every_table_read_in_bulk_matches_the_inspector_table_by_table(db: Database) -> None:
    _create_schema(db)
    read = {summary.name: info for summary, info in catalog_for(db).tables()}
    names = ["rf_parent", "rf_pair", "rf_named", "rf_generated", ODD, "rf_view"]
    assert all(isinstance(read[name], TableInfo) for name in names), read
    for name in names:
        assert _shown(read[name]) == _inspected(db, name, view=name == "rf_view"), name
    pair = read["rf_pair"]
    assert pair.primary_key == ("a", "b")
    assert pair.foreign_keys[0].ondelete == "CASCADE"
    assert any(u.name == "uq_rf_named_born" for u in read["rf_named"].uniques) or db.dialect == "mysql"


def test_one_table_asked_for_alone_reads_as_it_does_in_bulk(db: Database) -> None:
    _create_schema(db)
    bulk = {summary.name: info for summary, info in catalog_for(db).tables()}
    catalog_for(db).invalidate()
    for name in ("rf_parent", "rf_pair", "rf_named", "rf_generated", ODD, "rf_view"):
        assert catalog_for(db).table(name) == bulk[name], name


def test_a_column_declared_unique_is_shown_on_sqlite(sqlite_db: Database) -> None:
    """SQLAlchemy's SQLite reflection misses UNIQUE written on the column itself; guiapp shows it."""
    with sqlite_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE rf_inline (id INTEGER PRIMARY KEY, email TEXT UNIQUE)")
    info = catalog_for(sqlite_db).table("rf_inline")
    assert [u.columns for u in info.uniques] == [("email",)]


def test_a_broken_view_is_reported_and_every_other_table_still_read(sqlite_db: Database) -> None:
    with sqlite_db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE rf_gone (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE TABLE rf_kept (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE VIEW rf_broken AS SELECT id FROM rf_gone")
        conn.exec_driver_sql("CREATE VIEW rf_fine AS SELECT id FROM rf_kept")
        conn.exec_driver_sql("DROP TABLE rf_gone")
    read = {summary.name: info for summary, info in catalog_for(sqlite_db).tables()}
    assert isinstance(read["rf_kept"], TableInfo) and isinstance(read["rf_fine"], TableInfo)
    assert not isinstance(read["rf_broken"], TableInfo) and "rf_gone" in str(read["rf_broken"])


MARIADB_TABLES = [
    "CREATE TABLE rf_wide (id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY, "
    "small TINYINT(1) NOT NULL DEFAULT 0, big BIGINT ZEROFILL, price DECIMAL(12,3) DEFAULT 1.500, "
    "kind ENUM('a','b c','d''e') NOT NULL DEFAULT 'a', tags SET('x','y'), "
    "said VARCHAR(40) DEFAULT 'it''s' COMMENT 'a \"quoted\" comment', body TEXT, "
    "`odd``tick` INT, stamp TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), "
    "touched TIMESTAMP NULL ON UPDATE CURRENT_TIMESTAMP, "
    "day DATE, bits BIT(5), raw VARBINARY(16), f DOUBLE, "
    "KEY ix_prefix (said(10), body(20)), FULLTEXT KEY ft_body (body), UNIQUE KEY uq_pair (big, `odd``tick`))",
    "CREATE TABLE rf_child (id INT PRIMARY KEY, wide_id INT UNSIGNED, "
    "CONSTRAINT fk_child_wide FOREIGN KEY (wide_id) REFERENCES rf_wide (id) ON DELETE SET NULL ON UPDATE CASCADE)",
    "CREATE TABLE rf_collated (id INT PRIMARY KEY, name VARCHAR(10) CHARACTER SET latin1 COLLATE latin1_bin)",
]


@pytest.mark.parametrize("kind", MYSQL_KINDS)
def test_mariadb_read_from_information_schema_matches_what_sqlalchemy_parses(request, kind: str) -> None:
    """guiapp reads MariaDB's catalogue from information_schema in four queries; SQLAlchemy parses
    SHOW CREATE TABLE of each table. Both must tell the same: types, defaults, comments, prefix and
    FULLTEXT indexes, unique keys, foreign-key rules, odd names."""
    db: Database = request.getfixturevalue(f"{kind}_db")
    with db.engine.begin() as conn:
        for ddl in MARIADB_TABLES:
            conn.exec_driver_sql(ddl)
    names = ["rf_wide", "rf_child", "rf_collated"]
    statements: list[str] = []
    with db.connect() as conn:
        sa.event.listen(conn, "before_cursor_execute", lambda *args: statements.append(args[2]))
        bulk = db.backend.reflect(conn, names, None, False)
        # One SHOW CREATE TABLE only: the table whose column has a collation of its own.
        assert [s for s in statements if s.startswith("SHOW CREATE")] == ["SHOW CREATE TABLE `rf_collated`"]
        statements.clear()
        insp = sa.inspect(conn)
        for name in names:
            raw = bulk[name]
            assert [_column_facts(c) for c in raw.columns] == [_column_facts(c) for c in insp.get_columns(name)]
            assert raw.primary_key == insp.get_pk_constraint(name)["constrained_columns"]
            assert raw.indexes == insp.get_indexes(name), name
            assert [(u["name"], u["column_names"]) for u in raw.uniques] == \
                [(u["name"], [c.replace("``", "`") for c in u["column_names"]])
                 for u in insp.get_unique_constraints(name)]
            assert raw.foreign_keys == insp.get_foreign_keys(name)
    info = catalog_for(db).table("rf_child")
    assert info.foreign_keys[0].ondelete == "SET NULL"


def _column_facts(column: dict[str, Any]) -> tuple:
    return (column["name"], repr(column["type"]), column["nullable"], column.get("default"),
            column.get("autoincrement"), column.get("comment"), column.get("computed"))
