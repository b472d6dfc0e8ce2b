"""A table's CREATE statement and values rendered for another database, so a SQL export
of a SQLite table loads into MariaDB or PostgreSQL as it is (and the other way round).

Types go through SQLAlchemy's generic types (``as_generic``), then the target's own
compiler; defaults are kept when they mean the same everywhere (literals, the current
time) and dropped otherwise, with a comment saying so. Foreign keys are left out: the
tables they point to may not exist on the target; the comment lists them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex, CreateTable

from guiapp.core.backends import BUILT_IN, Backend, backend_for
from guiapp.core.backends.base import quote_plain
from guiapp.core.connect.database import Database
from guiapp.core.errors import ConfigError

_STRING_DEFAULT = re.compile(r"^\(?('(?:[^']|'')*')\)?(?:::[\w\s]+(?:\[\])?)?$")
_NUMBER_DEFAULT = re.compile(r"^\(?(-?\d+(?:\.\d+)?)\)?(?:::[\w\s]+)?$")
_NOW = {"current_timestamp", "current_timestamp()", "now()", "localtimestamp", "(datetime('now'))",
        "datetime('now')"}


@dataclass(frozen=True)
class Target:
    """A database to render for: its SQLAlchemy dialect and guiapp backend (literals)."""

    name: str
    dialect: Any
    backend: Backend

    def quote(self, name: str) -> str:
        return quote_plain(self.dialect, name)


def target_for(name: str) -> Target:
    """The Target called ``name``: one of the built-in backends (or another name of one)."""
    backend = backend_for(name)
    if backend.name not in BUILT_IN:
        raise ConfigError(f"Unknown SQL dialect {name!r}: use one of {', '.join(BUILT_IN)}.")
    return Target(backend.name, backend.sa_dialect(), backend)


def _portable_type(type_: Any, target: Target) -> Any:
    """The column type as the target understands it: generic first, then as reflected, else TEXT."""
    candidates = []
    try:
        generic = type_.as_generic()
        if getattr(generic, "collation", None):
            generic.collation = None  # a MySQL collation means nothing elsewhere
        candidates.append(generic)
    except NotImplementedError:
        pass
    candidates.append(type_)
    for candidate in candidates:
        try:
            candidate.compile(dialect=target.dialect)
            return candidate
        except Exception:
            continue
    return sa.Text()


def _portable_default(text: str | None) -> tuple[Any, bool]:
    """(server_default for the target or None, whether a default was dropped)."""
    if text is None:
        return None, False
    stripped = text.strip()
    if stripped.upper() == "NULL":
        return None, False
    if stripped.lower() in _NOW:
        return sa.text("CURRENT_TIMESTAMP"), False
    for pattern in (_STRING_DEFAULT, _NUMBER_DEFAULT):
        m = pattern.match(stripped)
        if m:
            return sa.text(m.group(1)), False
    return None, True


def portable_table(db: Database, name: str, target: Target) -> tuple[sa.Table, list[str]]:
    """The table rebuilt for ``target``, and notes on what could not be carried over."""
    from guiapp.core.schema.catalog import catalog_for
    info = catalog_for(db).table(name)
    with db.connect() as conn:
        source = sa.Table(info.name, sa.MetaData(), autoload_with=conn, schema=info.schema)
    notes: list[str] = []
    columns = []
    numbered = _numbered_keys(db, info)
    for col in source.columns:
        column = info.column(col.name)
        default, dropped = _portable_default(column.default)
        # A key gets SERIAL / AUTO_INCREMENT only where the source numbers rows itself.
        assigned = column.name in numbered
        if dropped and not assigned:
            notes.append(f"default of {col.name} ({column.default}) left out: "
                         f"it is particular to {db.dialect}")
        columns.append(sa.Column(col.name, _portable_type(col.type, target), nullable=col.nullable,
                                 primary_key=col.primary_key, server_default=default,
                                 autoincrement=True if assigned else False))
    table = sa.Table(info.name, sa.MetaData(), *columns)
    for unique in info.uniques:
        table.append_constraint(sa.UniqueConstraint(*unique.columns, name=unique.name or None))
    constrained = {tuple(u.columns) for u in info.uniques}
    for ix in info.indexes:
        if ix.unique and tuple(ix.columns) in constrained:
            continue  # the index behind a UNIQUE constraint (MySQL and PostgreSQL report both)
        if all(c in table.c for c in ix.columns) and ix.columns:
            sa.Index(ix.name, *[table.c[c] for c in ix.columns], unique=ix.unique)
    for fk in info.foreign_keys:
        notes.append(f"foreign key {fk.describe()} left out: create {fk.referred_table} first, "
                     "then add it")
    return table, notes


def _numbered_keys(db: Database, info: Any) -> set[str]:
    """The key columns the source database numbers itself."""
    auto = [c.name for c in info.columns if c.primary_key and c.autoincrement]
    with db.connect() as conn:
        return db.backend.numbered_keys(conn, info.name, auto) & set(info.primary_key)


def create_statements(db: Database, name: str, target: Target) -> str:
    """CREATE TABLE and CREATE INDEX for ``target``, with the notes as SQL comments."""
    table, notes = portable_table(db, name, target)
    parts = [f"-- {name} from {db.dialect}, rendered for {target.name}"]
    parts += [f"-- {note}" for note in notes]
    parts.append(str(CreateTable(table).compile(dialect=target.dialect)).strip() + ";")
    parts += [str(CreateIndex(ix).compile(dialect=target.dialect)).strip() + ";" for ix in table.indexes]
    return "\n".join(parts) + "\n\n"


def value_casts(db: Database, name: str) -> Callable[[tuple[Any, ...]], tuple[Any, ...]] | None:
    """Turn values read without types into what their column holds (SQLite's 0/1 booleans
    into True/False, which PostgreSQL wants), or None when nothing needs it."""
    from guiapp.core.schema.catalog import catalog_for
    info = catalog_for(db).table(name)
    booleans = [i for i, c in enumerate(info.columns) if c.kind == "boolean"]
    if not booleans:
        return None

    def cast(row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for i in booleans:
            if isinstance(values[i], int) and not isinstance(values[i], bool):
                values[i] = bool(values[i])
        return tuple(values)
    return cast


def sequence_fix(db: Database, name: str, target: Target) -> str:
    """After INSERTs with explicit keys, a target whose numbering lives apart (a PostgreSQL serial's
    sequence) must move it past them; the target's backend says how."""
    from guiapp.core.schema.catalog import catalog_for
    if not target.backend.numbering_apart:
        return ""
    info = catalog_for(db).table(name)
    if len(info.primary_key) != 1:
        return ""
    key = info.column(info.primary_key[0])
    if key.kind != "integer" or key.name not in _numbered_keys(db, info):
        return ""
    return target.backend.move_numbering_past(target.quote(info.name), key.name, target.quote(key.name))
