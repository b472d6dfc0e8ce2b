"""From drift to SQL: what would make the database match the declared models.

alembic's autogenerate compares the live database with the models (restricted to the
declared tables, with the same default comparison as the Models panel, so dialect
noise is not a difference) and yields operations. They are rendered twice: as the SQL
this database would run (alembic's offline mode, for this dialect) and as the ``op.*``
lines of an alembic migration to paste into a project. Applying runs the SQL in order,
announced by ``before-migrate`` and ``after-migrate``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.operations import ops as alembic_ops

from guiapp import signals
from guiapp.core.backends.base import raw_sql
from guiapp.core.connect.database import Database
from guiapp.core.schema.modelload import DeclaredModels
from guiapp.core.schema.modelstate import comparison_options
from guiapp.core.script import split_script


@dataclass(frozen=True)
class Migration:
    """The statements that make the database match the models, and the same as alembic code."""

    sql: tuple[str, ...]
    script: str

    @property
    def empty(self) -> bool:
        return not self.sql


def _upgrade_ops(db: Database, models: DeclaredModels, tables: set[str] | None,
                 strict: bool) -> alembic_ops.UpgradeOps:
    declared = [t for t in models.metadata.sorted_tables if tables is None or t.name in tables]
    with db.connect() as conn:
        existing = set(sa.inspect(conn).get_table_names())
        if not any(t.name in existing for t in declared):
            # Nothing to compare: every table is new. (alembic would reflect the whole schema.)
            made: list[Any] = []
            for table in declared:
                made.append(alembic_ops.CreateTableOp.from_table(table))
                made += [alembic_ops.CreateIndexOp.from_index(ix) for ix in table.indexes]
            return alembic_ops.UpgradeOps(ops=made)
        ctx = MigrationContext.configure(conn, opts=comparison_options(models, {t.name for t in declared}, strict))
        try:
            return produce_migrations(ctx, models.metadata).upgrade_ops
        except Exception as exc:
            raise db.error(exc) from None


def _flatten(op: Any) -> list[Any]:
    if isinstance(op, alembic_ops.OpContainer):
        return [leaf for sub in op.ops for leaf in _flatten(sub)]
    return [op]


def _render_sql(upgrade: alembic_ops.UpgradeOps, db: Database) -> tuple[str, ...]:
    out = io.StringIO()
    ctx = MigrationContext.configure(dialect=db.engine.dialect,
                                     opts={"as_sql": True, "output_buffer": out, "literal_binds": True})
    operations = Operations(ctx)
    for op in _flatten(upgrade):
        operations.invoke(op)
    return tuple(s.sql.strip() for s in split_script(out.getvalue(), db.backend.flavour) if s.sql.strip())


def plan_migration(db: Database, models: DeclaredModels, tables: list[str] | None = None,
                   strict: bool = False) -> Migration:
    """What differs between ``models`` (or only ``tables`` of them) and ``db``, as SQL and alembic code
    (``strict``: the dialect's noise too, see comparison_options)."""
    upgrade = _upgrade_ops(db, models, set(tables) if tables else None, strict)
    if upgrade.is_empty():
        return Migration(sql=(), script="")
    script = render_python_code(upgrade, render_as_batch=db.dialect == "sqlite")
    return Migration(sql=_render_sql(upgrade, db), script=script)


def apply_migration(db: Database, migration: Migration) -> None:
    """Run the statements in order on one connection, in one transaction where the database allows
    (MySQL commits each DDL statement at once). ``after-migrate`` follows only success."""
    signals.before_migrate.send(db, statements=migration.sql)
    with db.connect() as conn:
        with conn.begin():
            for statement in migration.sql:
                raw_sql(conn, statement)  # as rendered: never %-formatted by the driver
    signals.schema_changed.send(db, tables=())
    signals.after_migrate.send(db, statements=migration.sql)
