"""Schema inspection: an Inspector turned into frozen dataclasses, cached per Database.

Views and the CLI get plain data, never Inspector objects. The cache drops what
a DDL signal says changed, so every front end sees the same fresh schema.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.schema import CreateIndex, CreateTable

from guiapp import signals
from guiapp.core.backends.base import quote_plain, raw_sql
from guiapp.core.backends.reflection import RawTable, gc_paused
from guiapp.core.connect.database import Database
from guiapp.core.errors import ConnectError, GuiappError, SchemaError


@dataclass(frozen=True)
class ColumnInfo:
    """One column. ``kind`` is the family of its values, for filters, editors and alignment:
    'integer', 'number', 'text', 'date', 'datetime', 'time', 'boolean', 'binary' or 'other'."""

    name: str
    type: str
    nullable: bool
    default: str | None = None
    autoincrement: bool = False
    primary_key: bool = False
    comment: str | None = None
    kind: str = "other"
    #: digits of a second a time or date-time column declares, as in TIME(3); None if it declares none.
    second_digits: int | None = None


@dataclass(frozen=True)
class IndexInfo:
    name: str
    columns: tuple[str, ...]
    unique: bool = False


@dataclass(frozen=True)
class UniqueInfo:
    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class ForeignKeyInfo:
    name: str
    columns: tuple[str, ...]
    referred_table: str
    referred_columns: tuple[str, ...]
    ondelete: str | None = None

    def describe(self) -> str:
        on = f" ON DELETE {self.ondelete}" if self.ondelete else ""
        return (f"({', '.join(self.columns)}) -> {self.referred_table}"
                f"({', '.join(self.referred_columns)}){on}")


@dataclass(frozen=True)
class TableInfo:
    """Everything the Structure tab and ``guiapp describe`` show about one table."""

    name: str
    kind: str  # "table" or "view"
    columns: tuple[ColumnInfo, ...]
    primary_key: tuple[str, ...] = ()
    indexes: tuple[IndexInfo, ...] = ()
    uniques: tuple[UniqueInfo, ...] = ()
    foreign_keys: tuple[ForeignKeyInfo, ...] = ()
    schema: str | None = None  # None: the connection's default schema

    @property
    def qualified(self) -> str:
        """The catalogue's key: 'table', or 'schema.table' outside the default schema."""
        return f"{self.schema}.{self.name}" if self.schema else self.name

    def column(self, name: str) -> ColumnInfo:
        for col in self.columns:
            if col.name == name:
                return col
        raise SchemaError(f"Table {self.name!r} has no column {name!r}.")


@dataclass(frozen=True)
class TableSummary:
    """One table or view in the list. ``name`` is the catalogue's key: the bare name in the
    default schema, 'schema.table' in another one (PostgreSQL schemas besides public)."""

    name: str
    kind: str  # "table" or "view"
    schema: str | None = None

    @property
    def table(self) -> str:
        return self.name[len(self.schema) + 1:] if self.schema else self.name


def _ident(value: Any) -> str:
    return "" if value is None else str(value)


def value_kind(type_: Any) -> str:
    """The family of a reflected SQLAlchemy type's values (see ColumnInfo.kind)."""
    import datetime as dt
    import decimal
    try:
        python = type_.python_type
    except Exception:  # NotImplementedError for NullType, JSON, arrays, vendor types
        return "other"
    for cls, kind in ((bool, "boolean"), (int, "integer"), (float, "number"), (decimal.Decimal, "number"),
                      (str, "text"), (bytes, "binary"), (dt.datetime, "datetime"), (dt.date, "date"),
                      (dt.time, "time")):
        if issubclass(python, cls):
            return kind
    return "other"


_type_facts: dict[Any, tuple[str, str]] = {}
#: the types of the read in progress, by identity (SQLite's reader shares one object per declared type)
_type_seen: dict[int, tuple[Any, tuple[str, str]]] = {}


def _type_text_and_kind(type_: Any) -> tuple[str, str]:
    """str(type_) and value_kind(type_), remembered: each str() builds a new dialect to compile
    with, and a catalogue of 5,000 tables has 40,000 columns but a few dozen distinct types."""
    same = _type_seen.get(id(type_))
    if same is not None and same[0] is type_:
        return same[1]
    facts = _type_facts_of(type_)
    _type_seen[id(type_)] = (type_, facts)  # the type is kept, so its id is not reused
    return facts


def _type_facts_of(type_: Any) -> tuple[str, str]:
    try:  # a type is its class and its attributes (length, collation, ...); repr() is slower than str()
        key: Any = (type_.__class__, tuple(sorted(vars(type_).items())))
        facts = _type_facts.get(key)
    except TypeError:  # an attribute that cannot be a key (an Enum's values, an ARRAY's item type)
        key, facts = None, None
    if facts is None:
        try:
            text = str(type_)
        except Exception:  # some reflected types cannot compile without a dialect
            text = type_.__class__.__name__
        facts = (text, value_kind(type_))
        if key is not None and len(_type_facts) < 10_000:
            _type_facts[key] = facts
    return facts


def _column(raw: dict[str, Any], name: str, pk: tuple[str, ...]) -> ColumnInfo:
    """``raw`` as reflected; ``name`` its name made exact. Runs 40,000 times for 5,000 tables."""
    type_ = raw["type"]
    type_text, kind = _type_text_and_kind(type_)
    if type_.__class__.__name__ == "NullType":  # a vendor type SQLAlchemy does not know (POINT)
        type_text = "(a type SQLAlchemy does not know: see the DDL)"
    default = raw.get("default")
    return ColumnInfo(name=name, type=type_text, nullable=bool(raw.get("nullable", True)),
                      default=None if default is None else str(default),
                      autoincrement=raw.get("autoincrement", False) is True, primary_key=name in pk,
                      comment=raw.get("comment"), kind=kind,
                      second_digits=_second_digits(type_) if kind in ("datetime", "time") else None)


def _second_digits(type_: Any) -> int | None:
    """The declared fractional-second precision (the type's text leaves it out: DATETIME(3) prints
    DATETIME). SQLAlchemy spells it ``precision`` for PostgreSQL and ``fsp`` for MySQL."""
    for name in ("precision", "fsp"):
        value = getattr(type_, name, None)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _table_info(name: str, kind: str, raw: RawTable, schema: str | None = None,
                fix: Any = lambda n: n) -> TableInfo:
    """``fix`` makes a reflected column name exact (Backend.reflected_identifier)."""
    pk = tuple(fix(c) for c in raw.primary_key)
    columns = tuple(_column(c, fix(c["name"]), pk) for c in raw.columns)
    if kind == "view":
        return TableInfo(name=name, kind=kind, columns=columns, schema=schema)
    indexes = tuple(IndexInfo(_ident(i.get("name")), tuple(fix(c) for c in i["column_names"] if c),
                              bool(i.get("unique"))) for i in raw.indexes)
    uniques = tuple(UniqueInfo(_ident(u.get("name")), tuple(u["column_names"])) for u in raw.uniques)
    fks = tuple(ForeignKeyInfo(_ident(f.get("name")), tuple(f["constrained_columns"]),
                               f["referred_table"], tuple(f["referred_columns"]),
                               (f.get("options") or {}).get("ondelete"))
                for f in raw.foreign_keys)
    return TableInfo(name=name, kind=kind, columns=columns, primary_key=pk, indexes=indexes,
                     uniques=uniques, foreign_keys=fks, schema=schema)


class Catalog:
    """Cached schema of one Database, refreshed on demand and on DDL signals.

    Thread-safe: workers fill it, the GUI reads it.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._names: list[TableSummary] | None = None
        self._by_name: dict[str, TableSummary] = {}
        self._tables: dict[str, TableInfo] = {}
        for sig in (signals.schema_changed, signals.table_created, signals.table_dropped):
            sig.connect(self._on_change, sender=db)

    def _on_change(self, _sender: Any, **kw: Any) -> None:
        tables = kw.get("tables") or ((kw["table"],) if "table" in kw else ())
        self.invalidate(tables)

    def invalidate(self, tables: tuple[str, ...] | list[str] = ()) -> None:
        """Forget the list of tables, and the named tables (all of them if none named)."""
        with self._lock:
            self._names = None
            if tables:
                for t in tables:
                    self._tables.pop(t, None)
            else:
                self._tables.clear()

    def names(self, refresh: bool = False) -> list[TableSummary]:
        """Tables then views, each sorted by name."""
        with self._lock:
            if self._names is not None and not refresh:
                return list(self._names)
        with self.db.connect() as conn:
            insp = sa.inspect(conn)
            tables = [TableSummary(n, "table") for n in sorted(insp.get_table_names())]
            views = [TableSummary(n, "view") for n in sorted(insp.get_view_names())]
            for schema in self.db.backend.other_schemas(conn):
                tables += [TableSummary(f"{schema}.{n}", "table", schema)
                           for n in sorted(insp.get_table_names(schema=schema))]
                views += [TableSummary(f"{schema}.{n}", "view", schema)
                          for n in sorted(insp.get_view_names(schema=schema))]
        with self._lock:
            self._names = tables + views
            self._by_name = {t.name: t for t in self._names}
            return list(self._names)

    def summary(self, name: str) -> TableSummary:
        """The list entry of a table or view (SchemaError naming it if there is none)."""
        self.names()
        with self._lock:
            found = self._by_name.get(name)
        if found is not None:
            return found
        self.kind(name)  # raises, with a hint
        raise AssertionError("unreachable")

    def quoted(self, name: str) -> str:
        """The table's name quoted for SQL sent as it is (raw_sql, the console), schema-qualified
        where it needs to be."""
        summary = self.summary(name)
        dialect = self.db.engine.dialect
        return (quote_plain(dialect, summary.schema) + "." if summary.schema else "") + \
            quote_plain(dialect, summary.table)

    def exists(self, name: str) -> bool:
        self.names()
        with self._lock:
            return name in self._by_name

    def kind(self, name: str) -> str:
        if self.exists(name):
            return self.summary(name).kind
        known = self.names()
        hint = ""
        lowered = [t.name for t in known if t.name.lower() == name.lower()]
        if lowered:
            hint = f" (did you mean {lowered[0]!r}?)"
        raise SchemaError(f"No table or view named {name!r} in {self.db.display}{hint}.")

    def table(self, name: str, refresh: bool = False) -> TableInfo:
        """Columns, keys, indexes, constraints and foreign keys of one table or view."""
        with self._lock:
            if name in self._tables and not refresh:
                return self._tables[name]
        summary = self.summary(name)
        with self.db.connect() as conn:
            info = self._reflect(conn, [summary])[name]
        with self._lock:
            self._tables[name] = info
        return info

    def tables(self) -> list[tuple[TableSummary, TableInfo | GuiappError]]:
        """Every table and view with its structure, read in bulk (a few catalogue queries per schema,
        not five per table), or the error that kept one from being read (a view whose table was
        dropped), so one broken view never hides the others."""
        summaries = self.names()
        with self._lock:
            missing = [t for t in summaries if t.name not in self._tables]
        groups: dict[tuple[str | None, str], list[TableSummary]] = {}
        for t in missing:
            groups.setdefault((t.schema, t.kind), []).append(t)
        errors: dict[str, GuiappError] = {}
        for group in groups.values():
            try:
                with self.db.connect() as conn:
                    read = self._reflect(conn, group)
            except ConnectError:
                raise  # the server, not one table: trying each table would only fail 5,000 times
            except GuiappError:
                read = {}
                for t in group:  # one of them cannot be read: find which, one at a time
                    try:
                        with self.db.connect() as conn:
                            read.update(self._reflect(conn, [t]))
                    except GuiappError as exc:
                        errors[t.name] = exc
            with self._lock:
                self._tables.update(read)
        with self._lock:
            return [(t, errors.get(t.name) or self._tables.get(t.name) or SchemaError(
                f"{t.name} changed while it was read: refresh.")) for t in summaries]

    def _reflect(self, conn: Any, group: list[TableSummary]) -> dict[str, TableInfo]:
        """``group``: tables (or views) of one schema."""
        first = group[0]
        fix = self.db.backend.reflected_identifier
        try:
            with gc_paused():
                raw = self.db.backend.reflect(conn, [t.table for t in group], first.schema, first.kind == "view")
                return {t.name: _table_info(t.table, t.kind, raw[t.table], t.schema, fix) for t in group}
        finally:
            _type_seen.clear()  # it holds this read's type objects: let them go

    def all_tables(self) -> list[TableInfo]:
        """Every table and view; the first error met, if one cannot be read."""
        found = []
        for _summary, info in self.tables():
            if isinstance(info, GuiappError):
                raise info
            found.append(info)
        return found

    def referencing(self, name: str) -> list[tuple[str, ForeignKeyInfo]]:
        """(table, foreign key) pairs of every other table whose foreign key points at ``name``."""
        found = []
        for t, info in self.tables():
            if t.kind != "table" or t.name == name or t.schema is not None or isinstance(info, GuiappError):
                continue
            for fk in info.foreign_keys:
                if fk.referred_table == name:
                    found.append((t.name, fk))
        return found

    def ddl(self, name: str) -> str:
        """The CREATE statement as the server reports it (or as SQLAlchemy renders it)."""
        summary = self.summary(name)
        with self.db.connect() as conn:
            own = self.db.backend.ddl(conn, name, summary.kind) if summary.schema is None else None
            if own is not None:
                return own
            table = sa.Table(summary.table, sa.MetaData(), autoload_with=conn, schema=summary.schema)
            parts = [str(CreateTable(table).compile(dialect=conn.dialect)).strip() + ";"]
            parts += [str(CreateIndex(ix).compile(dialect=conn.dialect)).strip() + ";"
                      for ix in table.indexes]
            return "\n".join(parts)

    def estimate_rows(self, name: str) -> int | None:
        """A cheap row count estimate from the server's statistics (None if it has none)."""
        summary = self.summary(name)
        if summary.schema is not None:
            return None
        with self.db.connect() as conn:
            return self.db.backend.estimate_rows(conn, name, summary.kind)

    def count_rows(self, name: str) -> int:
        """The exact row count (a full scan on big tables: run it in the background)."""
        quoted = self.quoted(name)
        with self.db.connect() as conn:
            return int(raw_sql(conn, f"SELECT COUNT(*) FROM {quoted}").scalar() or 0)


_catalog_lock = threading.Lock()


def catalog_for(db: Database) -> Catalog:
    """The one Catalog of ``db``, so every front end shares its cache."""
    with _catalog_lock:
        cat = db.__dict__.get("_catalog")
        if cat is None:
            cat = db.__dict__["_catalog"] = Catalog(db)
        return cat
