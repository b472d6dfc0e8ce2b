"""A database that has drifted from its models in every way `guiapp diff` fixes, with rows to keep.

The tables as they were (made with SQLAlchemy, so alike on every backend) and a models file as
they are now: a column's type widened, NOT NULL dropped, a server default added (with ``%`` and
quotes in another), a column added (an enum: PostgreSQL needs its type made first) and one dropped,
an index added and one dropped, a unique constraint and a foreign key added. Another table points
at the changed one with ON DELETE CASCADE, and a view reads it: making the table anew (SQLite)
must neither cascade to those rows nor break the view.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

OLD = sa.MetaData()
sa.Table("drift_owners", OLD, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String(40)))
sa.Table("drift_widgets", OLD,
         sa.Column("id", sa.Integer, primary_key=True),
         sa.Column("code", sa.String(20), nullable=False),
         sa.Column("note", sa.String(30), nullable=False),
         sa.Column("qty", sa.Integer, nullable=False),
         sa.Column("owner_id", sa.Integer),
         sa.Column("gone", sa.String(10)),
         sa.Column("label", sa.String(20), nullable=False),
         sa.Index("ix_drift_widgets_note", "note"))
sa.Table("drift_parts", OLD, sa.Column("id", sa.Integer, primary_key=True),
         sa.Column("widget_id", sa.ForeignKey("drift_widgets.id", ondelete="CASCADE"), nullable=False))

NEW_MODELS = '''
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


class Owner(Base):
    __tablename__ = "drift_owners"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(40))


class Widget(Base):
    __tablename__ = "drift_widgets"
    __table_args__ = (sa.UniqueConstraint("code", name="uq_drift_widgets_code"),)
    id = sa.Column(sa.Integer, primary_key=True)
    code = sa.Column(sa.String(60), nullable=False)
    note = sa.Column(sa.String(30), nullable=True)
    qty = sa.Column(sa.Integer, nullable=False, server_default="7")
    owner_id = sa.Column(sa.ForeignKey("drift_owners.id"))
    label = sa.Column(sa.String(20), nullable=False, index=True)
    added = sa.Column(sa.String(30), server_default="per%cent 'quoted'")
    mood = sa.Column(sa.Enum("calm", "busy", name="drift_mood"), server_default="calm")


class Part(Base):
    __tablename__ = "drift_parts"
    id = sa.Column(sa.Integer, primary_key=True)
    widget_id = sa.Column(sa.ForeignKey("drift_widgets.id", ondelete="CASCADE"), nullable=False)
'''

WIDGETS = [(1, "w1", "n1", 3, 1, "x", "l1"), (2, "w2", "n2", 4, None, "y", "l2")]
PARTS = [(10, 1), (11, 1), (12, 2)]


def make_drift(db, folder: Path) -> Path:
    """Make the old tables with rows and a view on ``db``; return the file of the new models."""
    OLD.create_all(db.engine)
    with db.engine.begin() as conn:
        conn.execute(OLD.tables["drift_owners"].insert(), [{"id": 1, "name": "ada"}])
        conn.execute(OLD.tables["drift_widgets"].insert(), [dict(zip(
            ("id", "code", "note", "qty", "owner_id", "gone", "label"), row)) for row in WIDGETS])
        conn.execute(OLD.tables["drift_parts"].insert(), [{"id": i, "widget_id": w} for i, w in PARTS])
        conn.exec_driver_sql("CREATE VIEW drift_labels AS SELECT id, label FROM drift_widgets")
    path = folder / "drift_models.py"
    path.write_text(NEW_MODELS, encoding="utf-8")
    return path


def rows(db) -> dict[str, list[tuple]]:
    """What the tables hold now, in key order (the columns kept, and the added ones)."""
    with db.engine.connect() as conn:
        return {
            "widgets": [tuple(r) for r in conn.exec_driver_sql(
                "SELECT id, code, note, qty, owner_id, label, added, mood FROM drift_widgets ORDER BY id")],
            "parts": [tuple(r) for r in conn.exec_driver_sql("SELECT id, widget_id FROM drift_parts ORDER BY id")],
            "owners": [tuple(r) for r in conn.exec_driver_sql("SELECT id, name FROM drift_owners ORDER BY id")],
            "view": [tuple(r) for r in conn.exec_driver_sql("SELECT id, label FROM drift_labels ORDER BY id")],
        }


def rows_and_columns(db) -> tuple[dict[str, list[tuple]], list[str]]:
    """Before the change: the rows the old tables hold, and the changed table's columns."""
    with db.engine.connect() as conn:
        columns = [c["name"] for c in sa.inspect(conn).get_columns("drift_widgets")]
        held = {name: [tuple(r) for r in conn.exec_driver_sql(f"SELECT * FROM {name} ORDER BY id")]
                for name in ("drift_owners", "drift_widgets", "drift_parts")}
    return held, columns


EXPECTED = {
    "widgets": [(i, code, note, qty, owner, label, "per%cent 'quoted'", "calm")
                for i, code, note, qty, owner, _gone, label in WIDGETS],
    "parts": PARTS,
    "owners": [(1, "ada")],
    "view": [(1, "l1"), (2, "l2")],
}


def forget_types(db) -> None:
    """PostgreSQL keeps an enum type after its tables are dropped: drop it too."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TYPE IF EXISTS drift_mood CASCADE")


def dropping_colour(db) -> str:
    """How the SQL drops hobbies.colour: SQLite makes the table anew without it (batch mode)."""
    if db.backend.alters_by_recreating:
        return "INSERT INTO _alembic_tmp_hobbies (id, name) SELECT hobbies.id, hobbies.name"
    return "ALTER TABLE hobbies DROP COLUMN colour;"
