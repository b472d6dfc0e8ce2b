"""SQLite: a file, transactional DDL, interrupt() to cancel, rowid for keyless tables."""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator

from guiapp.core.backends.base import Backend, raw_sql
from guiapp.core.backends.sqlitefile import uses_wal
from guiapp.core.values import tolerant_text

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine

    from guiapp.core.backends.reflection import RawTable
    from guiapp.core.options import PoolOptions
    from guiapp.core.plan import PlanNode


def _writable_folder(path: str) -> bool:
    return os.access(os.path.dirname(os.path.abspath(path)), os.W_OK | os.X_OK)


def is_memory(url: "URL") -> bool:
    return url.database in (None, "", ":memory:") or str(url.database).startswith("file::memory:")


def _configure(dbapi_conn: Any, read_only: bool) -> None:
    """Every connection guiapp opens on a SQLite file, through the pool or not."""
    # SQLAlchemy's documented pysqlite recipe: the driver stops managing
    # transactions (it would COMMIT before every DDL statement) and guiapp
    # emits BEGIN itself, so CREATE / DROP / ALTER can be rolled back.
    dbapi_conn.isolation_level = None
    # Text that is not UTF-8 comes back as bytes instead of failing the read.
    dbapi_conn.text_factory = tolerant_text
    # An untrusted file may not run code: no extensions, and functions with side
    # effects are not callable from its views and triggers (trusted_schema).
    if hasattr(dbapi_conn, "enable_load_extension"):
        dbapi_conn.enable_load_extension(False)
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)  # Python 3.12+
    if defensive is not None and hasattr(dbapi_conn, "setconfig"):
        dbapi_conn.setconfig(defensive, True)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA trusted_schema=OFF")
    if read_only:
        cur.execute("PRAGMA query_only=ON")
    cur.close()


_TYPED_BEGIN = "guiapp.typed_begin"  # conn.info: the next BEGIN is typed by the user, not ours


class SQLiteBackend(Backend):
    name = "sqlite"
    label = "SQLite file"
    file_based = True
    wide_integers = frozenset({"INT", "INTEGER"})
    cancel_rolls_back_transaction = True
    true_literal = "1"
    false_literal = "0"
    exact_digits = 15  # NUMERIC affinity keeps 15 significant digits of a REAL
    dates_as_text = True
    lost_floats = frozenset({"NaN"})

    def engine_kwargs(self, url: "URL", opts: "PoolOptions") -> dict[str, Any]:
        connect_args = self.connect_args(url, opts)
        if is_memory(url):
            # One in-memory database must be one connection, or each thread sees its own.
            import sqlalchemy as sa
            return {"poolclass": sa.pool.StaticPool, "connect_args": connect_args}
        kwargs = super().engine_kwargs(url, opts)
        kwargs["pool_pre_ping"] = False  # a file cannot "go away" between checkouts
        if opts.read_only and url.database and not str(url.database).startswith("file:"):
            # Opened with mode=ro: SQLite itself refuses every write, whatever is typed.
            from urllib.parse import quote
            path = os.path.abspath(str(url.database))
            uri = f"file:{quote(path)}?mode=ro"
            if uses_wal(path) and not _writable_folder(path):
                # A WAL file needs its -shm beside it, even to read; where none can be made
                # (read-only media, another user's folder) it is read as a fixed snapshot.
                uri += "&immutable=1"
            args = kwargs.pop("connect_args")
            kwargs["creator"] = lambda: sqlite3.connect(uri, uri=True, **args)
        return kwargs

    def connect_args(self, url: "URL", opts: "PoolOptions") -> dict[str, Any]:
        # Worker threads share the pool; a sqlite3 connection is used by one thread at a time.
        return {"check_same_thread": False, "timeout": max(opts.connect_timeout, 1)}

    def install(self, engine: "Engine", opts: "PoolOptions") -> None:
        read_only = opts.read_only
        import decimal
        import sqlite3

        from sqlalchemy import event  # here: a command-line export reads SQLite without SQLAlchemy
        # A Decimal typed into a grid or read from a CSV is bound as its exact text; the column's
        # NUMERIC affinity stores it as a number (sqlite3 refuses Decimal otherwise).
        sqlite3.register_adapter(decimal.Decimal, str)
        # A time typed into a grid (or a filter) is stored as SQLite's own time text, HH:MM:SS[.ffffff]
        # (sqlite3 has no adapter for it and refused the commit).
        import datetime
        sqlite3.register_adapter(datetime.time, datetime.time.isoformat)

        @event.listens_for(engine, "connect")
        def _setup(dbapi_conn: Any, _record: Any) -> None:
            _configure(dbapi_conn, read_only)

        @event.listens_for(engine, "begin")
        def _begin(conn: "Connection") -> None:
            if conn.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
                return
            if conn.info.pop(_TYPED_BEGIN, False):
                return  # the statement about to run is the user's own BEGIN: it opens the transaction
            dbapi = conn.connection.dbapi_connection
            if dbapi.isolation_level is not None:  # reset to "" by a return from AUTOCOMMIT
                dbapi.isolation_level = None
            conn.exec_driver_sql("BEGIN")

    @contextmanager
    def typed_begin(self, conn: "Connection") -> Iterator[None]:
        conn.info[_TYPED_BEGIN] = True  # the begin listener above lets the user's BEGIN open it
        try:
            yield
        finally:
            conn.info.pop(_TYPED_BEGIN, None)

    def where(self, url: "URL") -> str:
        return url.database or ":memory:"

    def check_target(self, url: "URL", create: bool) -> None:
        from guiapp.core.errors import ConfigError
        if not is_memory(url) and os.path.isdir(str(url.database)):
            raise ConfigError(f"{url.database} is a folder, not a SQLite file.")
        missing = self.missing_file(url)
        if missing and not create:
            raise ConfigError(f"The SQLite file {missing} does not exist. Check the path, or choose to "
                              "create a new database.")

    @contextmanager
    def bulk_read(self, dbapi_conn: Any) -> Iterator[None]:
        # The C decoder, not tolerant_text: a Python call per text value costs 40% of an export.
        dbapi_conn.text_factory = str
        try:
            yield
        except Exception as exc:
            if "Could not decode to UTF-8" in str(getattr(exc, "orig", None) or exc):
                from guiapp.core.errors import UndecodableTextError
                raise UndecodableTextError(str(exc)) from None
            raise
        finally:
            dbapi_conn.text_factory = tolerant_text

    def read_only_reason(self, url: "URL") -> str | None:
        path = str(url.database)
        if is_memory(url) or path.startswith("file:") or not os.path.isfile(path):
            return None
        if not os.access(path, os.W_OK):
            return f"the file {path} cannot be written"
        if not _writable_folder(path):
            return f"its folder {os.path.dirname(os.path.abspath(path))} cannot be written (SQLite keeps its journal there)"
        return None

    def missing_file(self, url: "URL") -> str | None:
        path = str(url.database)
        if is_memory(url) or path.startswith("file:"):
            return None
        return None if os.path.exists(path) else path

    def one_connection(self, url: "URL") -> bool:
        return is_memory(url)

    def cancel(self, url: "URL", engine: "Engine", dbapi_conn: Any, server_id: int | None) -> bool:
        dbapi_conn.interrupt()  # safe from another thread
        return True

    def schema_version(self, conn: "Connection") -> Any:
        # Bumped by SQLite itself on every schema change, by any connection or process.
        return raw_sql(conn, "PRAGMA schema_version").scalar()

    def estimate_rows(self, conn: "Connection", name: str, kind: str) -> int | None:
        # max(rowid) is an index seek; exact for append-only tables, an estimate otherwise.
        if kind != "table":
            return None
        import sqlalchemy as sa
        quoted = conn.dialect.identifier_preparer.quote_identifier(name)
        try:
            row = conn.exec_driver_sql(f"SELECT max(rowid) FROM {quoted}").fetchone()
        except sa.exc.DBAPIError:
            return None  # WITHOUT ROWID tables
        return int(row[0] or 0)

    def reflect(self, conn: "Connection", names: list[str], schema: str | None,
                views: bool) -> dict[str, "RawTable"]:
        """SQLAlchemy reads each table's CREATE statement from sqlite_master (a full scan each time)
        three times per table, for key, constraint and foreign key names. The pragma table functions
        give the same facts for every table in one query each; only tables whose CREATE statement
        names a constraint, or whose foreign key leaves its columns implicit, still go through
        SQLAlchemy one by one, for those names."""
        if views or schema is not None:
            return super().reflect(conn, names, schema, views)
        from guiapp.core.errors import UndecodableTextError
        try:
            with self.bulk_read(conn.connection.dbapi_connection):
                return self._reflect_tables(conn, names)
        except UndecodableTextError:  # a name or default that is not UTF-8: SQLAlchemy copes with it
            return super().reflect(conn, names, schema, views)

    def _reflect_tables(self, conn: "Connection", names: list[str]) -> dict[str, "RawTable"]:
        from guiapp.core.backends.reflection import RawTable, assemble
        wanted = set(names)
        exact = {name for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table'") if name in wanted and
            "CONSTRAINT" in (sql or "").upper()}
        columns = self._columns(conn, wanted, exact)
        indexes: dict[str, dict[str, dict[str, Any]]] = {}
        for table, index, unique, column in conn.exec_driver_sql(
                "SELECT m.name, l.name, l.\"unique\", i.name FROM sqlite_master m, pragma_index_list(m.name) l, "
                "pragma_index_info(l.name) i WHERE m.type = 'table' AND l.name NOT LIKE 'sqlite_autoindex%' "
                "AND l.partial = 0 ORDER BY m.name, l.seq DESC, i.seqno"):
            if table in wanted:
                indexes.setdefault(table, {}).setdefault(index, {
                    "name": index, "column_names": [], "unique": unique, "dialect_options": {}}
                )["column_names"].append(column)
        for (table,) in conn.exec_driver_sql(
                "SELECT DISTINCT m.name FROM sqlite_master m, pragma_index_list(m.name) l "
                "WHERE m.type = 'table' AND l.partial = 1"):
            exact.add(table)  # SQLAlchemy reads a partial index's WHERE from its CREATE INDEX
        uniques: dict[str, dict[str, list[str]]] = {}
        for table, index, column in conn.exec_driver_sql(
                "SELECT m.name, l.name, i.name FROM sqlite_master m, pragma_index_list(m.name) l, "
                "pragma_index_info(l.name) i WHERE m.type = 'table' AND l.origin = 'u' "
                "ORDER BY m.name, l.seq DESC, i.seqno"):
            if table in wanted:
                uniques.setdefault(table, {}).setdefault(index, []).append(column)
        foreign: dict[str, dict[int, dict[str, Any]]] = {}
        for table, number, referred, column, to, on_delete in conn.exec_driver_sql(
                "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_delete FROM sqlite_master m, "
                "pragma_foreign_key_list(m.name) f WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq"):
            if table not in wanted:
                continue
            if to is None:
                exact.add(table)  # REFERENCES t without columns: SQLAlchemy finds t's key
            fk = foreign.setdefault(table, {}).setdefault(number, {
                "name": None, "constrained_columns": [], "referred_schema": None, "referred_table": referred,
                "referred_columns": [], "options": {} if on_delete == "NO ACTION" else {"ondelete": on_delete}})
            fk["constrained_columns"].append(column)
            fk["referred_columns"].append(to)
        def build(name: str, cols: list[dict[str, Any]]) -> RawTable:
            return RawTable(
                columns=cols,
                primary_key=[c["name"] for c in sorted(cols, key=lambda c: c.get("primary_key") or 0)
                             if c.get("primary_key")],
                indexes=list(indexes.get(name, {}).values()),
                uniques=[{"name": None, "column_names": cols_} for cols_ in uniques.get(name, {}).values()],
                foreign_keys=list(foreign.get(name, {}).values()))
        return assemble(conn, names, exact, columns, build)

    @staticmethod
    def _columns(conn: "Connection", wanted: set[str], exact: set[str]) -> dict[str, list[dict[str, Any]]]:
        """Every wanted table's columns from one pragma query, each turned into SQLAlchemy's own
        column dict by the dialect's own code. A table with generated columns is added to ``exact``
        (SQLAlchemy reads their expressions from its CREATE statement), as is every table when
        this SQLAlchemy no longer has that code."""
        describe = getattr(conn.dialect, "_get_column_info", None)
        if describe is None:
            exact.update(wanted)
            return {}
        columns: dict[str, list[dict[str, Any]]] = {}
        types: dict[str, Any] = {}  # one type object per declared type: 40,000 columns, a few dozen types
        for table, name, type_, notnull, default, pk, hidden in conn.exec_driver_sql(
                "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
                "FROM sqlite_master m, pragma_table_xinfo(m.name) p WHERE m.type = 'table' ORDER BY m.name, p.cid"):
            if table not in wanted or table in exact:
                continue
            if hidden:
                exact.add(table)
                continue
            column = describe(name, type_.upper(), not notnull, default, pk, False, False, None)
            column["type"] = types.setdefault(type_.upper(), column["type"])
            columns.setdefault(table, []).append(column)
        return columns

    def ddl(self, conn: "Connection", name: str, kind: str) -> str | None:
        rows = conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 0 ELSE 1 END, name",
            (name,)).fetchall()
        return "\n".join(r[0].strip() + ";" for r in rows)

    def numbers_key(self, primary_key: tuple[str, ...], column: str, declared: str) -> bool:
        return tuple(primary_key) == (column,) and declared.upper() == "INTEGER"

    def pseudo_key(self, kind: str) -> str | None:
        return "rowid" if kind == "table" else None

    def string_literal(self, text: str) -> str:
        # sqlite3 refuses statements holding NUL, and a CR would not survive a script read
        # in text mode: such text goes as UTF-8 bytes turned back into TEXT.
        if "\x00" in text or "\r" in text:
            return f"CAST(X'{text.encode('utf-8', 'surrogatepass').hex()}' AS TEXT)"
        return super().string_literal(text)

    def float_literal(self, value: float) -> str:
        # SQLite reads a number too large for a double as infinity, and holds no NaN (it stores NULL).
        if value in (float("inf"), float("-inf")):
            return "9e999" if value > 0 else "-9e999"
        return super().float_literal(value)

    def numbered_keys(self, conn: "Connection", table: str, autoincrement: list[str]) -> set[str]:
        # A lone key declared exactly INTEGER is the rowid (outside WITHOUT ROWID tables): SQLite
        # numbers rows that come without one. The catalogue's types are normalised (INT reads
        # INTEGER), so the declaration is read here.
        keys = [(r[1], r[2]) for r in conn.exec_driver_sql(
            "SELECT * FROM pragma_table_info(?) WHERE pk > 0", (table,)).fetchall()]
        sql = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                   (table,)).scalar() or ""
        numbered = set(autoincrement)
        if len(keys) == 1 and keys[0][1].strip().upper() == "INTEGER" and "WITHOUT ROWID" not in sql.upper():
            numbered.add(keys[0][0])
        return numbered

    def explain(self, conn: "Connection", sql: str) -> list["PlanNode"]:
        from guiapp.core.backends.plans import sqlite_plan
        return sqlite_plan(raw_sql(conn, f"EXPLAIN QUERY PLAN {sql}").fetchall())

    # -- a command-line export without SQLAlchemy ---------------------------------------------------
    def direct_connect(self, url: Any, read_only: bool, timeout: float) -> Any:
        """A plain ``sqlite:///FILE`` URL (no query string) of a file that exists, opened as
        the pool opens it; None for anything else (the pooled path then says what is wrong)."""
        from urllib.parse import unquote
        url = url.text
        prefix = "sqlite:///"
        if not url.startswith(prefix) or "?" in url or "#" in url:
            return None
        path = unquote(url[len(prefix):])
        if is_memory_path(path) or path.startswith("file:") or not os.path.isfile(path):
            return None
        conn = sqlite3.connect(path, check_same_thread=False, timeout=max(timeout, 1))
        _configure(conn, read_only)
        return conn

    def direct_table_sql(self, dbapi_conn: Any, table: str) -> str | None:
        """SELECT of every column of ``table`` in key order (as table_select), or None if no
        table or view has exactly that name here."""
        rows = dbapi_conn.execute("SELECT name, pk FROM pragma_table_info(?) ORDER BY cid", (table,)).fetchall()
        if not rows:
            return None
        quote = _quote_name
        keys = [name for name, pk in sorted((r for r in rows if r[1]), key=lambda r: r[1])]
        sql = f"SELECT {', '.join(quote(r[0]) for r in rows)} FROM {quote(table)}"
        return sql + (f" ORDER BY {', '.join(map(quote, keys))}" if keys else "")

    def stop_direct(self, dbapi_conn: Any) -> None:
        dbapi_conn.interrupt()

    def same_as_read(self, column: Any, value: Any, info: Any) -> Any:
        """SQLite's = is exact for every value it stores; text compares byte for byte even in a
        column declared COLLATE NOCASE."""
        return column.collate("BINARY") == value if info.kind == "text" else column == value

    def plain_values(self) -> bool:
        return True  # sqlite3 knows five types, and guiapp registers no converters

    # -- making the database match the models ------------------------------------------------------
    alters_by_recreating = True

    def migration_envelope(self, recreates: bool) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        if not recreates:
            return super().migration_envelope(recreates)
        # SQLite's own recipe for changing a table: with foreign keys on, dropping the old table
        # would delete (or cascade to) the rows that point at it, and PRAGMA foreign_keys does
        # nothing inside a transaction. legacy_alter_table keeps the views that name the table
        # from failing the rename. foreign_key_check lists any row the new table leaves dangling.
        return (("PRAGMA foreign_keys=OFF", "PRAGMA legacy_alter_table=ON", "BEGIN"),
                ("PRAGMA foreign_key_check", "COMMIT", "PRAGMA legacy_alter_table=OFF", "PRAGMA foreign_keys=ON"),
                ("ROLLBACK", "PRAGMA legacy_alter_table=OFF", "PRAGMA foreign_keys=ON"))

    def recreated_extras(self, conn: "Connection", table: str) -> list[str]:
        # DROP TABLE drops the table's triggers with it.
        rows = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                                    "AND sql IS NOT NULL ORDER BY name", (table,)).fetchall()
        return [row[0] for row in rows]


def _quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def is_memory_path(path: str) -> bool:
    return path in ("", ":memory:") or path.startswith("file::memory:")

