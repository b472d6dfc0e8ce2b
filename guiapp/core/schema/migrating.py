"""From drift to SQL: what would make the database match the declared models.

alembic's autogenerate compares the live database with the models (restricted to the
declared tables, with the same default comparison as the Models panel, so dialect
noise is not a difference) and yields operations. They are rendered twice: as the SQL
this database runs as printed (see migrationsql) and as the ``op.*`` lines of an alembic
migration to paste into a project. Tables only in the database are named, and dropped
only when asked. Applying runs exactly the printed SQL in order, announced by
``before-migrate`` and ``after-migrate``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import produce_migrations, render_python_code
from alembic.migration import MigrationContext
from alembic.operations import ops as alembic_ops

from guiapp import signals
from guiapp.core.backends.base import raw_sql
from guiapp.core.connect.database import Database
from guiapp.core.errors import SchemaError
from guiapp.core.schema.migrationsql import RenderedSql, name_foreign_keys, render_sql
from guiapp.core.schema.modelload import DeclaredModels
from guiapp.core.schema.modelstate import comparison_options


@dataclass(frozen=True)
class Migration:
    """The statements that make the database match the models, and the same as alembic code.

    ``only_in_database``: tables no model declares (named, left alone unless ``dropped``);
    ``dropped``: those the plan drops, with their row counts.
    """

    rendered: RenderedSql
    script: str
    only_in_database: tuple[str, ...] = ()
    dropped: tuple[tuple[str, int], ...] = ()
    changes: int = field(default=0)

    @property
    def sql(self) -> tuple[str, ...]:
        """Every statement, as printed and as Apply runs it (a transaction around them where the
        database allows)."""
        return self.rendered.statements

    @property
    def empty(self) -> bool:
        return not self.rendered.changes


def _declared_ops(declared: list[sa.Table]) -> list[Any]:
    """Every declared table made anew, with its indexes (when none of them exists yet)."""
    made: list[Any] = []
    for table in declared:
        made.append(alembic_ops.CreateTableOp.from_table(table))
        made += [alembic_ops.CreateIndexOp.from_index(ix) for ix in table.indexes]
    return made


def _drop_ops(conn: Any, names: list[str]) -> tuple[list[Any], tuple[tuple[str, int], ...]]:
    """Tables only in the database dropped, those that point at others first, with row counts."""
    reflected = sa.MetaData()
    reflected.reflect(conn, only=names)
    order = list(reversed(reflected.sorted_tables))
    quote = conn.dialect.identifier_preparer.quote
    counts = tuple((t.name, int(conn.exec_driver_sql(f"SELECT COUNT(*) FROM {quote(t.name)}").scalar() or 0))
                   for t in order)
    return [alembic_ops.DropTableOp.from_table(t) for t in order], counts


def plan_migration(db: Database, models: DeclaredModels, tables: list[str] | None = None,
                   strict: bool = False, drop_extra: bool = False) -> Migration:
    """What differs between ``models`` (or only ``tables`` of them) and ``db``, as SQL and alembic code
    (``strict``: the dialect's noise too, see comparison_options). Tables no model declares are
    named in ``only_in_database`` when every model is compared, and dropped if ``drop_extra``."""
    declared = [t for t in models.metadata.sorted_tables if not tables or t.name in tables]
    with db.connect() as conn:
        try:
            existing = set(sa.inspect(conn).get_table_names())
            extra = sorted(existing - set(models.metadata.tables)) if not tables else []
            if not any(t.name in existing for t in declared):
                # Nothing to compare: every table is new. (alembic would reflect the whole schema.)
                operations = _declared_ops(declared)
            else:
                opts = comparison_options(db, models, {t.name for t in declared}, strict)
                context = MigrationContext.configure(conn, opts=opts)
                operations = list(produce_migrations(context, models.metadata).upgrade_ops.ops)
            dropped: tuple[tuple[str, int], ...] = ()
            if drop_extra and extra:
                drops, dropped = _drop_ops(conn, extra)
                operations += drops
            upgrade = alembic_ops.UpgradeOps(ops=operations)
            if upgrade.is_empty():
                return Migration(RenderedSql(()), "", tuple(extra))
            if db.backend.alters_by_recreating:
                name_foreign_keys(operations)  # before the alembic code too: batch mode needs the names
            script = render_python_code(upgrade, render_as_batch=db.backend.alters_by_recreating)
            rendered = render_sql(db, conn, operations)
        except Exception as exc:
            raise db.error(exc) from None
    return Migration(rendered, script, tuple(extra), dropped, len(rendered.changes))


def apply_migration(db: Database, migration: Migration) -> None:
    """Run the printed statements in order on one connection, as a client would run them: the
    transaction is theirs (MySQL commits each DDL statement at once). A failure runs the undo
    statements, so the database is left as it was where it can be. ``after-migrate`` follows
    only success."""
    rendered = migration.rendered
    signals.before_migrate.send(db, statements=migration.sql)
    with db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        try:
            for statement in (*rendered.before, *rendered.changes):
                raw_sql(conn, statement)  # as rendered: never %-formatted by the driver
            for statement in rendered.after:
                result = raw_sql(conn, statement)
                broken = result.fetchall() if result.returns_rows else []
                if broken:  # e.g. rows whose foreign key would point at nothing
                    first = ", ".join(str(v) for v in broken[0])
                    raise SchemaError(f"Not applied: {statement} found {len(broken)} problem"
                                      f"{'s' if len(broken) != 1 else ''} (first: {first}); nothing was changed.")
        except Exception as exc:
            for statement in rendered.undo:
                try:
                    raw_sql(conn, statement)
                except Exception:  # nothing to roll back: the failure was outside the transaction
                    pass
            signals.schema_changed.send(db, tables=())
            raise (exc if isinstance(exc, SchemaError) else db.error(exc)) from None
    signals.schema_changed.send(db, tables=())
    signals.after_migrate.send(db, statements=migration.sql)
