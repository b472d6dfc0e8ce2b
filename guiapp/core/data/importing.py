"""Import a CSV, TSV or JSON-lines file into a new or an existing table, all or nothing.

Rows stream from the file in batches into one transaction on a connection of the
import's own, so a million-row file takes the memory of one batch. Every value is
turned into its column's type and checked against it first (the same rules as a grid
edit); the first that does not fit stops the import, names its line and column, and
the transaction is rolled back. Cancel rolls back too. A table the import created is
dropped again if it fails (MySQL commits DDL at once, so a rollback alone would leave it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from guiapp import signals
from guiapp.core.connect.database import Database
from guiapp.core.errors import EditError, GuiappError
from guiapp.core.data.fitting import check_fits, parse_cell
from guiapp.core.run.jobs import Job
from guiapp.core.schema.catalog import ColumnInfo, catalog_for
from guiapp.core.data.sniffing import FileFormat, ImportError_, guess_type, read_rows

BATCH = 5000
Progress = Callable[[int, int], None]  # (rows imported, bytes read of the file's size) – approximate

_KINDS = {"INTEGER": "integer", "BIGINT": "integer", "BOOLEAN": "boolean", "DATE": "date",
          "DATETIME": "datetime", "TEXT": "text"}


@dataclass(frozen=True)
class NewColumn:
    """A column of a table the import creates: its name and a type such as INTEGER or NUMERIC(12, 2)."""

    name: str
    type: str


@dataclass(frozen=True)
class ImportResult:
    table: str
    rows: int
    created: bool


def guess_columns(path: Path, fmt: FileFormat, sample: int = 1000) -> list[NewColumn]:
    """A column per file column, typed from the first ``sample`` rows."""
    names, rows = read_rows(path, fmt)
    values: list[list[Any]] = [[] for _ in names]
    for n, (_line, row) in enumerate(rows):
        if n >= sample:
            break
        for i, v in enumerate(row[:len(names)]):
            values[i].append(v)
    if hasattr(rows, "close"):
        rows.close()  # type: ignore[union-attr]
    return [NewColumn(name, guess_type(vals)) for name, vals in zip(names, values)]


def sa_type(text: str) -> Any:
    """The SQLAlchemy type for a NewColumn type text."""
    upper = text.strip().upper()
    if upper.startswith(("NUMERIC", "DECIMAL")):
        inner = upper[upper.find("(") + 1:upper.rfind(")")] if "(" in upper else ""
        parts = [int(p) for p in inner.split(",") if p.strip()] if inner else []
        return sa.Numeric(*parts) if parts else sa.Numeric()
    simple = {"INTEGER": sa.Integer, "BIGINT": sa.BigInteger, "BOOLEAN": sa.Boolean, "DATE": sa.Date,
              "DATETIME": sa.DateTime, "TEXT": sa.Text, "FLOAT": sa.Float, "REAL": sa.Float}
    if upper in simple:
        return simple[upper]()
    if upper.startswith("VARCHAR(") and upper.endswith(")"):
        return sa.String(int(upper[8:-1]))
    raise ImportError_(f"Unknown column type {text!r}: use INTEGER, BIGINT, NUMERIC(p, s), FLOAT, BOOLEAN, "
                       "DATE, DATETIME, VARCHAR(n) or TEXT.")


def _column_info(col: NewColumn) -> ColumnInfo:
    upper = col.type.strip().upper()
    kind = _KINDS.get(upper) or ("number" if upper.startswith(("NUMERIC", "DECIMAL", "FLOAT", "REAL"))
                                 else "text")
    return ColumnInfo(name=col.name, type=upper, nullable=True, kind=kind)


def _converter(columns: Sequence[ColumnInfo], positions: Sequence[int], dialect: str,
               source: str) -> Callable[[int, list[Any]], dict[str, Any]]:
    """A function from (line, file row) to the row to insert, or ImportError_ naming the cell."""
    import json

    def convert(line: int, row: list[Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for col, pos in zip(columns, positions):
            raw = row[pos] if pos < len(row) else None
            try:
                if raw is None or (raw == "" and (col.nullable or col.kind != "text")):
                    value = None
                elif isinstance(raw, str):
                    value = parse_cell(col, raw)
                elif isinstance(raw, (dict, list)):
                    value = json.dumps(raw, ensure_ascii=False)
                elif col.kind == "text":
                    value = str(raw)
                else:
                    value = raw
                check_fits(col, value, dialect)
            except EditError as exc:
                raise ImportError_(f"{source}, line {line}, column {col.name}: {_without_name(exc, col)}") from None
            values[col.name] = value
        return values
    return convert


def _without_name(exc: EditError, col: ColumnInfo) -> str:
    """The message without the column's name in front: the import's message names it already."""
    text = str(exc)
    for prefix in (f"{col.name}: ", f"{col.name} "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def import_file(db: Database, path: Path | str, table: str, fmt: FileFormat, *,
                create: Sequence[NewColumn] | None = None, mapping: dict[str, str] | None = None,
                job: Job | None = None, progress: Progress | None = None, batch: int = BATCH) -> ImportResult:
    """Import every row of ``path`` into ``table``: created from ``create`` when given, else an existing
    table whose columns the file's match by name (or by ``mapping``: file column -> table column)."""
    path = Path(path)
    job = job or Job(db)
    names, rows = read_rows(path, fmt)
    if not names:
        raise ImportError_(f"{path.name} has no rows to import.")
    catalog = catalog_for(db)
    created = create is not None
    if created:
        if catalog.exists(table):
            raise ImportError_(f"Table {table} exists already: import into it, or choose another name.")
        columns = [_column_info(c) for c in create]  # type: ignore[union-attr]
        positions = list(range(len(columns)))
        if len(columns) != len(names):
            raise ImportError_(f"{path.name} has {len(names)} columns; the new table has {len(columns)}.")
    else:
        info = catalog.table(table)
        columns_of = {c.name for c in info.columns}
        wanted = mapping if mapping is not None else {n: n for n in names if n in columns_of}
        unknown = [t for t in wanted.values() if t not in columns_of]
        if unknown:
            raise ImportError_(f"Table {table} has no column {unknown[0]!r}.")
        if not wanted:
            raise ImportError_(f"No column of {path.name} ({', '.join(names[:5])}) is a column of {table}: "
                               "map them, or use a header row with the table's column names.")
        columns = [info.column(t) for t in wanted.values()]
        positions = [names.index(f) for f in wanted]
    convert = _converter(columns, positions, db.dialect, path.name)
    size = max(path.stat().st_size, 1)
    target = sa.table(table, *[sa.column(c.name) for c in columns])
    new_table = (sa.Table(table, sa.MetaData(), *[sa.Column(c.name, sa_type(n.type)) for c, n in zip(columns, create)])
                 if created else None)  # type: ignore[arg-type]

    made: list[bool] = []  # the CREATE ran: a failure must take the table away again

    def work(conn: Connection) -> int:
        done = 0
        with conn.begin():
            if new_table is not None:
                signals.before_create.send(db, table=table, origin="import")
                new_table.create(conn)
                made.append(True)
            chunk: list[dict[str, Any]] = []
            for line, row in rows:
                chunk.append(convert(line, row))
                if len(chunk) >= batch:
                    done += _insert(conn, target, chunk, job)
                    if progress is not None:
                        progress(done, size)
            if chunk:
                done += _insert(conn, target, chunk, job)
            job.check()
        return done

    try:
        count = job.run(work)
    except BaseException:
        if made and db.dialect == "mysql":
            _drop_quietly(db, table)  # MySQL committed the CREATE: leave the database as it was
        raise
    if created:
        signals.table_created.send(db, table=table, origin="import")
        signals.schema_changed.send(db, tables=(table,))
    signals.rows_imported.send(db, table=table, rows=count, source=path.name)
    return ImportResult(table=table, rows=count, created=created)


def _insert(conn: Connection, target: Any, chunk: list[dict[str, Any]], job: Job) -> int:
    job.check()
    conn.execute(target.insert(), chunk)
    n = len(chunk)
    chunk.clear()
    return n


def _drop_quietly(db: Database, table: str) -> None:
    try:
        with db.connect() as conn:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {db.engine.dialect.identifier_preparer.quote(table)}")
            conn.commit()
    except GuiappError:
        pass


__all__ = ["ImportResult", "NewColumn", "guess_columns", "import_file"]
