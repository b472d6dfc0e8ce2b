"""Import a CSV, TSV or JSON file into a new or an existing table, every row as written or nothing.

Rows stream from the file in batches into one transaction on a connection of the
import's own, so a million-row file takes the memory of one batch. Every value is
turned into its column's type and checked against it first (the same rules as a grid
edit); the first that does not fit stops the import, names its line and column, and
the transaction is rolled back. Cancel rolls back too. A file column the table lacks is
refused unless the caller asks to skip such columns. Where DDL commits at once (MySQL), a
new table is filled under a temporary name and renamed at the end, so a failed or killed
import leaves no table; the next import drops what a killed one left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from guiapp import signals
from guiapp.core.connect.database import Database
from guiapp.core.errors import EditError, GuiappError
from guiapp.core.data.fitting import check_fits, parse_cell
from guiapp.core.data.guessing import ColumnGuess
from guiapp.core.run.jobs import Job
from guiapp.core.schema.catalog import ColumnInfo, catalog_for
from guiapp.core.data.sniffing import FileFormat, ImportError_, read_rows

BATCH = 5000
Progress = Callable[[int, int], None]  # (rows imported, rows in the file or 0 when not known)
LEFTOVER = "_guiapp_import_"  # a new table's name while an import fills it, where DDL is not transactional

_KINDS = {"INTEGER": "integer", "BIGINT": "integer", "BOOLEAN": "boolean", "DATE": "date",
          "DATETIME": "datetime", "TEXT": "text"}


class UnknownColumnsError(ImportError_):
    """File columns the table lacks (a typo, most often); the front end names its option to skip them."""

    def __init__(self, message: str, columns: list[str]) -> None:
        super().__init__(message)
        self.columns = columns


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
    dropped: tuple[str, ...] = field(default=())  # tables a killed import had left, dropped first


@dataclass(frozen=True)
class Survey:
    """A whole file read once: a column type for each of its columns, and its number of rows."""

    columns: list[NewColumn]
    rows: int


def survey(path: Path, fmt: FileFormat, job: Job | None = None, db: Database | None = None) -> Survey:
    """Every row of ``path`` read, each column typed from all its values (see guessing) as ``db``
    can hold them."""
    names, rows = read_rows(path, fmt)
    guesses = [ColumnGuess() for _ in names]
    count = 0
    for _line, row in rows:
        for guess, value in zip(guesses, row):
            guess.add(value)
        count += 1
        if job is not None and not count % 10_000:
            job.check()
    digits = db.backend.exact_digits if db is not None else 65
    return Survey([NewColumn(name, g.type(digits)) for name, g in zip(names, guesses)], count)


def guess_columns(path: Path, fmt: FileFormat, db: Database | None = None) -> list[NewColumn]:
    """A column per file column, typed from all of its values."""
    return survey(path, fmt, db=db).columns


def sa_type(text: str, db: Database | None = None) -> Any:
    """The SQLAlchemy type for a NewColumn type text (TEXT, FLOAT, DATETIME as wide as ``db`` has)."""
    upper = " ".join(text.strip().upper().split())
    if db is not None and (wide := db.backend.import_type("FLOAT" if upper in ("REAL", "DOUBLE") else upper)):
        return wide
    if upper.startswith(("NUMERIC", "DECIMAL")):
        inner = upper[upper.find("(") + 1:upper.rfind(")")] if "(" in upper else ""
        try:
            parts = [int(p) for p in inner.split(",") if p.strip()] if inner else []
        except ValueError:
            parts = [-1]
        if len(parts) <= 2 and all(p >= 0 for p in parts):
            return sa.Numeric(*parts) if parts else sa.Numeric()
    simple = {"INTEGER": sa.Integer, "BIGINT": sa.BigInteger, "BOOLEAN": sa.Boolean, "DATE": sa.Date,
              "DATETIME": sa.DateTime, "TEXT": sa.Text, "FLOAT": sa.Double, "REAL": sa.Double, "DOUBLE": sa.Double}
    if upper in simple:
        return simple[upper]()
    if upper.startswith("VARCHAR(") and upper.endswith(")") and upper[8:-1].isdigit():
        return sa.String(int(upper[8:-1]))
    raise ImportError_(f"Unknown column type {text!r}: use INTEGER, BIGINT, NUMERIC(p, s), FLOAT, BOOLEAN, "
                       "DATE, DATETIME, VARCHAR(n) or TEXT.")


_FLOATING = frozenset({"FLOAT", "REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT4", "FLOAT8"})


def _column_info(col: NewColumn, db: Database) -> ColumnInfo:
    """The new column as the checks see it: its type as this database will declare it."""
    upper = " ".join(col.type.strip().upper().split())
    kind = _KINDS.get(upper) or ("number" if upper.startswith(("NUMERIC", "DECIMAL", "FLOAT", "REAL", "DOUBLE"))
                                 else "text")
    declared = str(sa_type(col.type, db).compile(dialect=db.engine.dialect))
    return ColumnInfo(name=col.name, type=declared, nullable=True, kind=kind)


def _converter(columns: Sequence[ColumnInfo], positions: Sequence[int], db: Database,
               source: str) -> Callable[[int, list[Any]], dict[str, Any]]:
    """A function from (line, file row) to the row to insert, or ImportError_ naming the cell.

    None (an unquoted empty CSV field, JSON null) is NULL; '' is the empty string in a text
    column and NULL in any other (no number or date is written as '')."""
    import json
    floating = [c.kind == "number" and c.type.split("(")[0].strip().upper() in _FLOATING for c in columns]
    as_text = [db.backend.dates_as_text and c.kind in ("date", "datetime", "time") for c in columns]
    dialect = db.dialect

    def convert(line: int, row: list[Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for col, pos, is_float, keep in zip(columns, positions, floating, as_text):
            raw = row[pos]
            try:
                if raw is None or (raw == "" and col.kind != "text"):
                    value = None
                elif isinstance(raw, str) and col.kind in ("date", "datetime", "time") \
                        and db.backend.own_date_text(raw):
                    value = raw  # infinity, BC, 24:00: the server reads its own text back
                elif isinstance(raw, str) and col.kind == "binary":
                    value = _bytes(raw)
                elif isinstance(raw, str):
                    value = parse_cell(col, raw)
                    if is_float and value is not None:
                        value = float(value)  # rounded once, correctly, to the double the text names
                    elif keep:
                        value = raw.strip()  # checked above; stored as the file writes it
                elif isinstance(raw, (dict, list)):
                    value = json.dumps(raw, ensure_ascii=False)
                elif col.kind == "text":
                    value = json.dumps(raw) if isinstance(raw, bool) else str(raw)
                else:
                    value = raw
                check_fits(col, value, dialect)
            except EditError as exc:
                raise ImportError_(f"{source}, line {line}, column {col.name}: {_without_name(exc, col)}") from None
            values[col.name] = value
        return values
    return convert


_HEX = re.compile(r"(?:0x|\\x)((?:[0-9a-fA-F]{2})*)\Z")


def _bytes(text: str) -> bytes:
    """A binary value as exports write it (0x and hex; PostgreSQL's \\x and hex) as those bytes;
    any other text as its UTF-8 bytes (never handed to the driver as text to interpret)."""
    hexed = _HEX.match(text)
    return bytes.fromhex(hexed.group(1)) if hexed else text.encode("utf-8")


def _check_size(values: dict[str, Any], limit: int, where: str) -> None:
    """Refuse a row whose values alone exceed the statement size the server takes (it would drop the
    connection and name nothing), naming its largest column. Bytes count twice: they travel escaped."""
    sizes = {name: (2 * len(v) if isinstance(v, (bytes, bytearray)) else 4 * len(v))
             for name, v in values.items() if isinstance(v, (str, bytes, bytearray))}
    if sum(sizes.values()) < limit:
        return
    sizes = {name: (len(v.encode("utf-8")) if isinstance(v, str) else 2 * len(v))
             for name, v in values.items() if isinstance(v, (str, bytes, bytearray))}
    if sum(sizes.values()) + 1024 >= limit:
        big = max(sizes, key=sizes.__getitem__)
        raise ImportError_(f"{where}, column {big}: the row is about {sum(sizes.values()):,} bytes, more than the "
                           f"server takes in one statement ({limit:,}, its max_allowed_packet).")


def _without_name(exc: EditError, col: ColumnInfo) -> str:
    """The message without the column's name in front: the import's message names it already."""
    text = str(exc)
    for prefix in (f"{col.name}: ", f"{col.name} "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def _split_name(db: Database, table: str) -> tuple[str | None, str]:
    """(schema, name) of a new table: 'sales.orders' is orders in schema sales if sales is one."""
    if "." in table:
        schema, name = table.split(".", 1)
        with db.connect() as conn:
            if schema in sa.inspect(conn).get_schema_names():
                return schema, name
    return None, table


def import_file(db: Database, path: Path | str, table: str, fmt: FileFormat, *,
                create: Sequence[NewColumn] | None = None, mapping: dict[str, str] | None = None,
                skip_unknown: bool = False, total: int = 0,
                job: Job | None = None, progress: Progress | None = None, batch: int = BATCH) -> ImportResult:
    """Import every row of ``path`` into ``table``: created from ``create`` when given, else an existing
    table whose columns the file's match by name (or by ``mapping``: file column -> table column).

    A file column the table lacks is refused (UnknownColumnsError) unless ``skip_unknown``;
    ``total``: the file's rows when the caller knows them, passed on to ``progress``."""
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
        schema, name = _split_name(db, table)
        columns = [_column_info(c, db) for c in create]  # type: ignore[union-attr]
        positions = list(range(len(columns)))
        if len(columns) != len(names):
            raise ImportError_(f"{path.name} has {len(names)} columns; the new table has {len(columns)}.")
    else:
        info = catalog.table(table)
        schema, name = info.schema, info.name
        columns_of = {c.name for c in info.columns}
        if mapping is None:
            mapping = {n: n for n in names if n in columns_of}
            lacking = [n for n in names if n not in columns_of]
            if lacking and not skip_unknown:
                listed = ", ".join(repr(n) for n in lacking[:5])
                raise UnknownColumnsError(
                    f"{path.name} has column{'s' if len(lacking) > 1 else ''} {listed} that {table} lacks.", lacking)
        unknown = [t for t in mapping.values() if t not in columns_of]
        if unknown:
            raise ImportError_(f"Table {table} has no column {unknown[0]!r}.")
        if not mapping:
            raise ImportError_(f"No column of {path.name} ({', '.join(names[:5])}) is a column of {table}: "
                               "map them, or use a header row with the table's column names.")
        columns = [info.column(t) for t in mapping.values()]
        positions = [names.index(f) for f in mapping]
    convert = _converter(columns, positions, db, path.name)
    staged = created and not db.backend.transactional_ddl
    dropped: list[str] = []
    made: list[str] = []  # the temporary name, once the CREATE has run

    def work(conn: Connection) -> int:
        into = name
        if staged:
            dropped.extend(_drop_leftovers(db, conn, schema))
            into = f"{LEFTOVER}{db.backend.server_id(conn.connection.dbapi_connection)}_{name}"[:64]
            if conn.in_transaction():
                conn.commit()  # reading the table names began one
        target = sa.table(into, *[sa.column(c.name) for c in columns], schema=schema)
        done = 0
        with conn.begin():
            if created:
                new_table = sa.Table(into, sa.MetaData(), *[sa.Column(c.name, sa_type(n.type, db))
                                                            for c, n in zip(columns, create)],  # type: ignore
                                     schema=schema)
                signals.before_create.send(db, table=table, origin="import")
                new_table.create(conn)
                made.append(into)
            limit = db.backend.statement_bytes(conn)
            lines: list[int] = []
            chunk: list[dict[str, Any]] = []
            for line, row in rows:
                chunk.append(convert(line, row))
                if limit:
                    _check_size(chunk[-1], limit, f"{path.name}, line {line}")
                lines.append(line)
                if len(chunk) >= batch:
                    done += _insert(conn, target, chunk, lines, job, path.name, db)
                    if progress is not None:
                        progress(done, total)
            if chunk:
                done += _insert(conn, target, chunk, lines, job, path.name, db)
                if progress is not None:
                    progress(done, total)
            job.check()
        if staged:  # the rows are committed under the temporary name: give the table its own
            conn.exec_driver_sql(db.backend.rename_table_sql(conn, schema, into, name))
            conn.commit()
        return done

    try:
        count = job.run(work)
    except BaseException:
        if staged and made:
            _drop_own(db, schema, made[0])
        raise
    if created:
        signals.table_created.send(db, table=table, origin="import")
        signals.schema_changed.send(db, tables=(table,))
    signals.rows_imported.send(db, table=table, rows=count, source=path.name)
    return ImportResult(table=table, rows=count, created=created, dropped=tuple(dropped))


def _insert(conn: Connection, target: Any, chunk: list[dict[str, Any]], lines: list[int], job: Job,
            source: str, db: Database) -> int:
    """Insert a batch; if the database refuses it (a duplicate key), find the row and name its line.
    A savepoint around the batch keeps the transaction usable for that search (PostgreSQL aborts it)."""
    job.check()
    try:
        with conn.begin_nested():
            conn.execute(target.insert(), chunk)
    except sa.exc.DBAPIError as exc:
        if job.cancelled or exc.connection_invalidated:
            raise
        for line, row in zip(lines, chunk):
            try:
                with conn.begin_nested():
                    conn.execute(target.insert(), [row])
            except sa.exc.DBAPIError as one:
                if job.cancelled or one.connection_invalidated:
                    raise
                raise ImportError_(f"{source}, line {line}: {db.error(one)}") from None
        # every row went in on its own: the batch as a whole was too big a statement
    n = len(chunk)
    chunk.clear()
    lines.clear()
    return n


def _drop_leftovers(db: Database, conn: Connection, schema: str | None) -> list[str]:
    """Drop the tables imports killed part-way left (their session is gone), saying which."""
    names = [n for n in sa.inspect(conn).get_table_names(schema=schema) if n.startswith(LEFTOVER)]
    if not names:
        return []
    live = db.backend.live_sessions(conn)
    if live is None:
        return []
    gone = []
    for n in names:
        owner = n[len(LEFTOVER):].split("_", 1)[0]
        if owner.isdigit() and int(owner) not in live:
            sa.Table(n, sa.MetaData(), schema=schema).drop(conn, checkfirst=True)
            gone.append(n)
    return gone


def _drop_own(db: Database, schema: str | None, name: str) -> None:
    """Drop the table this failed import made under its temporary name."""
    try:
        with db.connect() as conn:
            sa.Table(name, sa.MetaData(), schema=schema).drop(conn, checkfirst=True)
            conn.commit()
    except (GuiappError, sa.exc.SQLAlchemyError):
        pass  # the next import drops it: its session is gone by then


__all__ = ["ImportResult", "NewColumn", "Survey", "UnknownColumnsError", "guess_columns", "import_file",
           "survey"]
