"""Create and drop declared models, in foreign-key order, and say what blocks a drop."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

import sqlalchemy as sa

from guiapp.core.connect.database import Database
from guiapp.core.errors import SchemaError
from guiapp.core.schema.modelload import DeclaredModels
from guiapp.core.schema.catalog import catalog_for


@dataclass(frozen=True)
class DropPlan:
    """What a drop would destroy: existing tables in drop order, with their row counts."""

    tables: tuple[tuple[str, int], ...]

    def describe(self) -> str:
        """'users (300 rows), books (512 rows)', for a confirmation prompt."""
        return ", ".join(f"{name} ({rows:,} row{'s' if rows != 1 else ''})" for name, rows in self.tables)


@contextmanager
def _autocommit(db: Database) -> Iterator[sa.Connection]:
    """A connection where each DDL statement commits at once.

    So the ``table_created`` / ``table_dropped`` a MetaData event sends is true
    for every other connection the moment a receiver hears it (SQLite's DDL is
    transactional; MySQL's commits implicitly anyway).
    """
    with db.connect() as conn:
        yield conn.execution_options(isolation_level="AUTOCOMMIT")


def _selected(models: DeclaredModels, names: list[str] | None) -> list[sa.Table]:
    """Declared tables named by table or class name (all when ``names`` is empty), sorted by FK order."""
    if not names:
        return list(models.metadata.sorted_tables)
    wanted = {models.resolve(n) for n in names}
    return [t for t in models.metadata.sorted_tables if t.name in wanted]


@dataclass(frozen=True)
class CreatePlan:
    """What a create would add: the missing tables in creation order, and what else is there.

    Attributes:
        tables: declared tables that do not exist yet, parents first.
        other_tables: how many tables the database holds that are not declared models
            (a database full of other tables and none of these models may be the wrong one).
        declared_present: how many declared tables already exist.
    """

    tables: tuple[str, ...]
    other_tables: int = 0
    declared_present: int = 0

    @property
    def looks_foreign(self) -> bool:
        """True when the database holds other tables and none of the declared ones."""
        return self.other_tables > 0 and self.declared_present == 0


def create_plan(db: Database, models: DeclaredModels, names: list[str] | None = None) -> CreatePlan:
    """The declared tables a create would add (all if ``names`` is empty), without creating them.

    Raises SchemaError if a table needs another table that neither exists nor is being created.
    """
    tables = _selected(models, names)
    cat = catalog_for(db)
    existing = {t.name for t in cat.names(refresh=True) if t.kind == "table"}
    planned = {t.name for t in tables}
    for table in tables:
        if table.name in existing:
            continue
        needs = sorted({fk.column.table.name for fk in table.foreign_keys} - existing - planned)
        if needs:
            raise SchemaError(f"Cannot create {table.name}: it has a foreign key to "
                              f"{', '.join(needs)}, which does not exist. Create {', '.join(needs)} first.")
    declared = set(models.metadata.tables)
    return CreatePlan(tables=tuple(t.name for t in tables if t.name not in existing),
                      other_tables=len(existing - declared), declared_present=len(existing & declared))


def create_models(db: Database, models: DeclaredModels, names: list[str] | None = None) -> list[str]:
    """Create the named declared tables (all if none) that do not exist yet.

    Returns the names actually created. Each one is announced by ``table_created``
    through the MetaData events. Raises SchemaError if a table needs another
    table that neither exists nor is being created.
    """
    plan = create_plan(db, models, names)
    todo = [models.metadata.tables[name] for name in plan.tables]
    cat = catalog_for(db)
    if todo:
        with _autocommit(db) as conn:
            models.metadata.create_all(conn, tables=todo, checkfirst=True)
    cat.invalidate([t.name for t in todo])
    return [t.name for t in todo]


def drop_plan(db: Database, models: DeclaredModels, names: list[str] | None = None) -> DropPlan:
    """The existing tables a drop would remove, with row counts; SchemaError if blocked.

    A drop is blocked when a table outside the drop has a foreign key to one inside it.
    """
    tables = _selected(models, names)
    cat = catalog_for(db)
    existing = {t.name for t in cat.names(refresh=True)}
    doomed = [t.name for t in reversed(tables) if t.name in existing]
    doomed_set = set(doomed)
    for name in doomed:
        blockers = [(other, fk) for other, fk in cat.referencing(name) if other not in doomed_set]
        if blockers:
            details = "; ".join(f"{other}.{', '.join(fk.columns)} -> {name}" for other, fk in blockers)
            others = sorted({other for other, _fk in blockers})
            raise SchemaError(
                f"Cannot drop {name}: {', '.join(others)} "
                f"{'has a foreign key' if len(others) == 1 else 'have foreign keys'} to it ({details}). "
                f"Drop {', '.join(others)} first, or drop them together.")
    return DropPlan(tuple((name, cat.count_rows(name)) for name in doomed))


def drop_models(db: Database, models: DeclaredModels, names: list[str] | None = None) -> list[str]:
    """Drop the named declared tables (all if none) that exist, dependents first.

    Returns the names dropped; each is announced by ``table_dropped``. Raises
    SchemaError, before dropping anything, if a foreign key blocks the drop.
    """
    plan = drop_plan(db, models, names)
    todo = [models.metadata.tables[name] for name, _rows in plan.tables]
    if todo:
        with _autocommit(db) as conn:
            models.metadata.drop_all(conn, tables=todo, checkfirst=True)
    catalog_for(db).invalidate([t.name for t in todo])
    return [t.name for t in todo]


def drop_table(db: Database, name: str) -> None:
    """Drop any table (a model's or not), announced like DDL typed in a console."""
    from guiapp.core.run.query import QuerySession
    session = QuerySession(db, autocommit=True)
    try:
        session.execute(f"DROP TABLE {catalog_for(db).quoted(name)}")
    finally:
        session.close()


__all__ = ["CreatePlan", "drop_table", "DropPlan", "create_models", "create_plan", "drop_models", "drop_plan"]
