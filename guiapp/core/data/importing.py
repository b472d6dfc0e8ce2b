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

from dataclasses import dataclass, field
from pathlib import Path
from itertools import chain, islice
from typing import Any, Callable, Iterator, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from guiapp import signals
from guiapp.core.connect.database import Database
from guiapp.core.errors import GuiappError
from guiapp.core.data.converting import row_converter, size_check
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


def _column_info(col: NewColumn, db: Database) -> ColumnInfo:
    """The new column as the checks see it: its type as this database will declare it."""
    upper = " ".join(col.type.strip().upper().split())
    kind = _KINDS.get(upper) or ("number" if upper.startswith(("NUMERIC", "DECIMAL", "FLOAT", "REAL", "DOUBLE"))
                                 else "text")
    declared = str(sa_type(col.type, db).compile(dialect=db.engine.dialect))
    return ColumnInfo(name=col.name, type=declared, nullable=True, kind=kind)


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
    convert = row_converter(columns, positions, db, path.name)
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
        names = [c.name for c in columns]
        done = 0
        with conn.begin():
            if created:
                new_table = sa.Table(into, sa.MetaData(), *[sa.Column(c.name, sa_type(n.type, db))
                                                            for c, n in zip(columns, create)],  # type: ignore
                                     schema=schema)
                signals.before_create.send(db, table=table, origin="import")
                new_table.create(conn)
                made.append(into)
            check = size_check(columns, db, db.backend.statement_bytes(conn), path.name)
            lines: list[int] = []
            chunk: list[tuple[Any, ...]] = []

            def converted(piece: Iterator[tuple[int, list[Any]]]) -> Iterator[tuple[Any, ...]]:
                """The batch's rows converted as the insert takes them, each kept with its line."""
                for line, row in piece:
                    values = convert(line, row)
                    if check is not None:
                        check(line, values)
                    chunk.append(values)
                    lines.append(line)
                    if not len(chunk) % 1000:
                        job.check()  # a cancel stops a COPY under way too
                    yield values

            source = iter(rows)
            while (first := next(piece := islice(source, batch), None)) is not None:
                job.check()
                done += _insert(conn, (schema, into, names), converted(chain([first], piece)), chunk, lines,
                                path.name, db, job)
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


def _insert(conn: Connection, into: tuple[str | None, str, list[str]], rows: Iterator[tuple[Any, ...]],
            chunk: list[tuple[Any, ...]], lines: list[int], source: str, db: Database, job: Job) -> int:
    """Insert a batch through the backend's bulk path; if the database refuses it (a duplicate key),
    find the row and name its line. A savepoint around the batch keeps the transaction usable for
    that search (PostgreSQL aborts it). ``rows`` fills ``chunk`` and ``lines`` as it is read."""
    bulk = db.backend.bulk_insert
    try:
        with conn.begin_nested():
            bulk(conn, *into, rows)
    except sa.exc.DBAPIError as exc:
        if job.cancelled or exc.connection_invalidated:
            raise
        for _ in rows:
            pass  # the rest of the batch, if the server stopped it part-way, is searched too
        for line, row in zip(lines, chunk):
            try:
                with conn.begin_nested():
                    bulk(conn, *into, [row])
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
