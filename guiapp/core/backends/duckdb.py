"""DuckDB (``duckdb:///file.duckdb`` through duckdb-engine), and data files opened as tables.

duckdb-engine speaks PostgreSQL's dialect, but DuckDB has no ``pg_collation`` or ``regclass``, so
SQLAlchemy's reflection fails on it: the catalogue is read here from DuckDB's own table functions
(``duckdb_columns()``, ``duckdb_constraints()``, ``duckdb_indexes()``), one query each for all tables.

A Parquet, CSV or JSON file given as the database (``guiapp data.parquet``) opens an in-memory
database holding one view over the file, named after it: browsed, filtered, queried and exported
where it lies, never copied, never written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guiapp.core.backends.base import Backend, raw_sql
from guiapp.core.backends.datafiles import DATA_FILES

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection

    from guiapp.core.backends.reflection import RawTable
    from guiapp.core.options import PoolOptions

_SIZED = re.compile(r"^(\w+(?: \w+)*)\s*\((\d+)(?:\s*,\s*(\d+))?\)$")


def data_file(url: "URL") -> str | None:
    """The data file a ``duckdb:///`` URL names in place of a database, or None."""
    path = str(url.database or "")
    return path if Path(path).suffix.lower() in DATA_FILES else None


def _type(name: str) -> Any:
    """The SQLAlchemy type of a DuckDB type name ('DECIMAL(10,2)', 'TIMESTAMP WITH TIME ZONE', ...)."""
    import sqlalchemy as sa
    sized = _SIZED.match(name)
    base, size = (sized.group(1), sized) if sized else (name, None)
    base = base.upper()
    if base in ("DECIMAL", "NUMERIC"):
        return sa.Numeric(int(size.group(2)), int(size.group(3) or 0)) if size else sa.Numeric()
    if base in ("VARCHAR", "TEXT", "STRING"):
        return sa.String(int(size.group(2))) if size else sa.String()
    simple = {"BOOLEAN": sa.Boolean, "TINYINT": sa.SmallInteger, "SMALLINT": sa.SmallInteger,
              "INTEGER": sa.Integer, "BIGINT": sa.BigInteger, "UTINYINT": sa.SmallInteger,
              "USMALLINT": sa.Integer, "UINTEGER": sa.BigInteger, "FLOAT": sa.Float, "REAL": sa.Float,
              "DOUBLE": sa.Double, "BLOB": sa.LargeBinary, "DATE": sa.Date, "TIME": sa.Time,
              "TIMESTAMP": sa.DateTime, "INTERVAL": sa.Interval, "UUID": sa.Uuid, "JSON": sa.JSON}
    if base in simple:
        return simple[base]()
    if base in ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"):
        return sa.DateTime(timezone=True)
    if base in ("HUGEINT", "UBIGINT", "UHUGEINT"):
        return sa.Numeric(39, 0)
    return sa.types.NullType()  # lists, structs, maps, enums: shown as text, never edited by type


class DuckDBBackend(Backend):
    name = "duckdb"
    label = "DuckDB file"
    file_based = True
    driver_packages = {"duckdb": "'guiapp[duckdb]'", "duckdb_engine": "'guiapp[duckdb]'"}
    dialect_package = "'guiapp[duckdb]'"

    # -- opening a file, or a data file as a table -----------------------------------------
    def engine_kwargs(self, url: "URL", opts: "PoolOptions") -> dict[str, Any]:
        import sqlalchemy as sa
        path = data_file(url)
        if path is None:
            kwargs = super().engine_kwargs(url, opts)
            if opts.read_only:
                kwargs.setdefault("connect_args", {})["read_only"] = True
            return kwargs

        def connect() -> Any:
            import duckdb
            from duckdb_engine import ConnectionWrapper  # what the dialect expects of a connection
            conn = duckdb.connect(":memory:")
            reader = DATA_FILES[Path(path).suffix.lower()]
            name = Path(path).stem.replace('"', '""')
            literal = "'" + path.replace("'", "''") + "'"  # a view's definition cannot take a parameter
            conn.execute(f'CREATE VIEW "{name}" AS SELECT * FROM {reader}({literal})')
            return ConnectionWrapper(conn)
        # One in-memory database must be one connection, or each thread sees its own.
        return {"poolclass": sa.pool.StaticPool, "creator": connect}

    def check_target(self, url: "URL", create: bool) -> None:
        from guiapp.core.errors import ConfigError
        path = str(url.database or "")
        if path in ("", ":memory:"):
            return
        if os.path.isdir(path):
            raise ConfigError(f"{path} is a folder, not a DuckDB or data file.")
        if not os.path.exists(path) and (data_file(url) or not create):
            raise ConfigError(f"The file {path} does not exist. Check the path.")

    def missing_file(self, url: "URL") -> str | None:
        path = str(url.database or "")
        return None if path in ("", ":memory:") or os.path.exists(path) else path

    def read_only_reason(self, url: "URL") -> str | None:
        path = data_file(url)
        return f"{path} is a data file, read where it lies" if path else None

    def one_connection(self, url: "URL") -> bool:
        return data_file(url) is not None or str(url.database or "") in ("", ":memory:")

    # -- the catalogue ---------------------------------------------------------------------
    def reflect(self, conn: "Connection", names: list[str], schema: str | None,
                views: bool) -> dict[str, "RawTable"]:
        import sqlalchemy as sa

        from guiapp.core.backends.reflection import RawTable
        where = "schema_name = coalesce(?, current_schema()) AND database_name = current_database()"
        wanted = set(names)
        found: dict[str, RawTable] = {}
        for table, column, data_type, nullable, default in conn.exec_driver_sql(
                "SELECT table_name, column_name, data_type, is_nullable, column_default FROM duckdb_columns() "
                f"WHERE {where} ORDER BY table_name, column_index", (schema,)).fetchall():
            if table in wanted:
                found.setdefault(table, RawTable(columns=[], primary_key=[])).columns.append(
                    {"name": column, "type": _type(data_type), "nullable": bool(nullable),
                     "default": default, "autoincrement": False})
        for name in names:
            if name not in found:
                raise sa.exc.NoSuchTableError(name)
        if views:
            return found
        for table, kind, columns, referred, referred_columns, constraint in conn.exec_driver_sql(
                "SELECT table_name, constraint_type, constraint_column_names, referenced_table, "
                f"referenced_column_names, constraint_name FROM duckdb_constraints() WHERE {where}",
                (schema,)).fetchall():
            raw = found.get(table)
            if raw is None:
                continue
            if kind == "PRIMARY KEY":
                raw.primary_key = list(columns)
            elif kind == "UNIQUE":
                raw.uniques.append({"name": constraint, "column_names": list(columns)})
            elif kind == "FOREIGN KEY":
                raw.foreign_keys.append({"name": constraint, "constrained_columns": list(columns),
                                         "referred_schema": None, "referred_table": referred,
                                         "referred_columns": list(referred_columns), "options": {}})
        for table, index, unique, expressions in conn.exec_driver_sql(
                f"SELECT table_name, index_name, is_unique, expressions FROM duckdb_indexes() WHERE {where}",
                (schema,)).fetchall():
            if table in found:
                columns = [c.strip().strip('"') for c in str(expressions).strip("[]").split(",") if c.strip()]
                found[table].indexes.append({"name": index, "column_names": columns, "unique": bool(unique),
                                             "dialect_options": {}})
        return found

    def schema_version(self, conn: "Connection") -> Any:
        return tuple(conn.exec_driver_sql(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() ORDER BY ALL").fetchall())

    def estimate_rows(self, conn: "Connection", name: str, kind: str) -> int | None:
        if kind != "table":
            return None
        return conn.exec_driver_sql("SELECT estimated_size FROM duckdb_tables() WHERE table_name = ?",
                                    (name,)).scalar()

    def ddl(self, conn: "Connection", name: str, kind: str) -> str | None:
        source = "duckdb_views() WHERE view_name" if kind == "view" else "duckdb_tables() WHERE table_name"
        row = conn.exec_driver_sql(f"SELECT sql FROM {source} = ?", (name,)).fetchone()
        return row[0] if row else None

    def explain(self, conn: "Connection", sql: str) -> list[Any]:
        from guiapp.core.plan import PlanNode
        rows = raw_sql(conn, f"EXPLAIN {sql}").fetchall()
        return [PlanNode(step=str(row[0]), detail=str(row[-1])) for row in rows]
