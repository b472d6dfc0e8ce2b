"""PostgreSQL: pg_cancel_backend to cancel, cursors that live in transactions, E'' strings."""

from __future__ import annotations

import decimal
import math
import re
from typing import TYPE_CHECKING, Any, Iterable

from guiapp.core.backends.base import Backend, dbapi_scalar, quote_plain, raw_sql
from guiapp.core.backends.sidecalls import install_bounded_ping, run_on_side_connection
from guiapp.core.script import POSTGRESQL

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine

    from guiapp.core.backends.reflection import RawTable
    from guiapp.core.options import PoolOptions
    from guiapp.core.plan import PlanNode


# Types whose Python value leaves as exactly what the server holds, per export format; every other
# type leaves as the server's own text (what COPY writes): arrays as {1,2}, intervals as 1 mon,
# infinity, TIME 24:00:00, JSON as its text. CSV keeps none: its file is COPY's, byte for byte.
_TYPED_IN_EXPORTS = {
    "csv": frozenset(),
    "json": frozenset({"int2", "int4", "int8", "oid", "float4", "float8", "bool"}),
    "sql": frozenset({"int2", "int4", "int8", "oid", "float4", "float8", "bool", "numeric", "bytea"}),
}


_EXPORT_SETTINGS = ("SELECT set_config('DateStyle', 'ISO', true), set_config('IntervalStyle', 'postgres', true), "
                    "set_config('bytea_output', 'hex', true), set_config('extra_float_digits', '1', true)")


class PostgreSQLBackend(Backend):
    name = "postgresql"
    label = "PostgreSQL"
    default_port = 5432
    driver_packages = {"psycopg": "'guiapp[postgresql]'", "psycopg2": "psycopg2-binary"}
    flavour = POSTGRESQL
    second_digits = 6

    def connect_args(self, url: "URL", opts: "PoolOptions") -> dict[str, Any]:
        return {"connect_timeout": opts.connect_timeout}

    # libpq refuses a server without TLS in every mode but prefer, and verifies what sslmode says.
    tls_keys = ("sslmode", "sslrootcert", "sslcert", "sslkey")

    def tls_query(self, mode: str, files: dict[str, str]) -> dict[str, str]:
        query = {"sslmode": mode if mode != "off" else "prefer"}
        query.update({pg: files[k] for k, pg in (("ca", "sslrootcert"), ("cert", "sslcert"), ("key", "sslkey"))
                      if files.get(k)})
        return query

    def tls_in(self, url: "URL") -> tuple[str, str, str, str] | None:
        q = url.query
        if "sslmode" not in q:
            return None
        mode = str(q["sslmode"])
        return (mode if mode in ("require", "verify-ca", "verify-full") else "off", str(q.get("sslrootcert", "")),
                str(q.get("sslcert", "")), str(q.get("sslkey", "")))

    def install(self, engine: "Engine", opts: "PoolOptions") -> None:
        self.side_timeout = opts.connect_timeout
        install_bounded_ping(self, engine, opts.connect_timeout)
        from sqlalchemy import event
        if engine.dialect.driver == "psycopg":
            @event.listens_for(engine, "connect")
            def _tolerant_dates(dbapi_conn: Any, _record: Any) -> None:
                _register_tolerant_date_loaders(dbapi_conn.adapters)
        if not opts.read_only:
            return

        @event.listens_for(engine, "connect")
        def _read_only(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")  # refused by the server
            cur.close()
            if getattr(dbapi_conn, "autocommit", True) is False:
                dbapi_conn.commit()

    def server_id(self, dbapi_conn: Any) -> int | None:
        try:
            return int(dbapi_scalar(dbapi_conn, "SELECT pg_backend_pid()"))
        finally:
            if getattr(dbapi_conn, "autocommit", True) is False:
                dbapi_conn.rollback()  # leave no transaction open behind the pool's back

    def cancel(self, url: "URL", engine: "Engine", dbapi_conn: Any, server_id: int | None) -> bool:
        if server_id is None:
            return False
        run_on_side_connection(self, url, engine, f"SELECT pg_cancel_backend({int(server_id)})",
                               self.side_timeout)
        return True

    def side_connect_args(self, timeout: float) -> dict[str, Any]:
        return {"connect_timeout": max(1, int(timeout))}

    def socket_fd(self, dbapi_conn: Any) -> int | None:
        pgconn = getattr(dbapi_conn, "pgconn", None)  # psycopg 3; psycopg2 has fileno()
        if pgconn is not None:
            return pgconn.socket
        fileno = getattr(dbapi_conn, "fileno", None)
        return fileno() if callable(fileno) else None

    def stream_needs_transaction(self) -> bool:
        return True

    def writes_before(self, conn: "Connection") -> Any:
        return True  # nothing to read first: a transaction that wrote has a transaction id

    def wrote_since(self, conn: "Connection", before: Any) -> bool:
        try:
            return conn.exec_driver_sql("SELECT txid_current_if_assigned() IS NOT NULL").scalar() is True
        except Exception:
            return False

    def schema_version(self, conn: "Connection") -> Any:
        # Every relation of the user's schemas with the transaction that last wrote its pg_class row:
        # CREATE, ALTER (columns, type, rename), DROP and CREATE INDEX all change it; reading rows does not.
        return raw_sql(conn, (
            "SELECT md5(string_agg(c.oid::text || ':' || c.xmin::text, ',' ORDER BY c.oid)) "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind IN ('r', 'v', 'm', 'p', 'i', 'f') "
            "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"
        )).scalar()

    def estimate_rows(self, conn: "Connection", name: str, kind: str) -> int | None:
        import sqlalchemy as sa
        row = conn.execute(sa.text(
            "SELECT c.reltuples::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = :t AND n.nspname = current_schema()"), {"t": name}).fetchone()
        return None if row is None or row[0] < 0 else int(row[0])

    def reflect(self, conn: "Connection", names: list[str], schema: str | None,
                views: bool) -> dict[str, "RawTable"]:
        """Tables from pg_catalog in three queries of guiapp's own (see pgcatalog); views through
        SQLAlchemy, which reads their columns in one query."""
        from guiapp.core.backends import pgcatalog
        if views or not pgcatalog.can_read(conn.dialect):
            return super().reflect(conn, names, schema, views)
        return pgcatalog.reflect_postgresql_tables(conn, names, schema)

    def other_schemas(self, conn: "Connection") -> list[str]:
        import sqlalchemy as sa
        rows = conn.execute(sa.text(
            "SELECT nspname FROM pg_namespace WHERE nspname <> current_schema() "
            "AND nspname NOT IN ('information_schema', 'pg_catalog', 'pg_toast') "
            "AND nspname NOT LIKE 'pg_temp_%' AND nspname NOT LIKE 'pg_toast_temp_%' "
            "AND has_schema_privilege(nspname, 'USAGE') ORDER BY nspname")).fetchall()
        return [r[0] for r in rows]

    def analyze(self, conn: "Connection", table: str) -> None:
        raw_sql(conn, f"ANALYZE {quote_plain(conn.dialect, table)}")

    def same_as_read(self, column: Any, value: Any, info: Any) -> Any:
        """A real as the single-precision value it holds; json and jsonb by what they mean, as jsonb
        (json has no '=')."""
        import sqlalchemy as sa
        from sqlalchemy.dialects.postgresql import JSONB
        type_ = info.type.upper()
        if type_ in ("JSON", "JSONB"):
            return sa.cast(column, JSONB) == sa.cast(sa.type_coerce(value, JSONB), JSONB)
        if type_ in ("REAL", "FLOAT4"):
            return column == sa.cast(value, sa.REAL)
        return None if info.kind == "other" else column == value

    def string_literal(self, text: str) -> str:
        if "\\" in text or "\r" in text:
            # An escape string: backslashes doubled, CR spelled out so no reader can fold CR LF.
            body = text.replace("\\", "\\\\").replace("'", "''").replace("\r", "\\r")
            return "E'" + body + "'"
        return super().string_literal(text)

    def bytes_literal(self, data: bytes) -> str:
        return "'\\x" + data.hex() + "'::bytea"

    def own_date_text(self, text: str) -> bool:
        return bool(_OWN_DATE.match(text.strip()))

    def float_literal(self, value: float) -> str:
        if math.isnan(value):
            return "'NaN'::float8"
        if math.isinf(value):
            return "'Infinity'::float8" if value > 0 else "'-Infinity'::float8"
        if value == 0 and math.copysign(1, value) < 0:
            return "'-0'::float8"  # -0.0 would be read as numeric, whose zero has no sign
        return repr(value)

    def decimal_literal(self, value: decimal.Decimal) -> str:
        if value.is_nan():
            return "'NaN'::numeric"
        if value.is_infinite():
            return "'Infinity'::numeric" if value > 0 else "'-Infinity'::numeric"
        return format(value, "f")

    numbering_apart = True

    def move_numbering_past(self, table: str, key: str, quoted_key: str) -> str:
        return (f"SELECT setval(pg_get_serial_sequence({self.literal(table)}, {self.literal(key)}), "
                f"COALESCE(MAX({quoted_key}), 1)) FROM {table};\n")

    def explain(self, conn: "Connection", sql: str) -> list["PlanNode"]:
        import json

        from guiapp.core.backends.plans import postgresql_plan
        doc = raw_sql(conn, f"EXPLAIN (FORMAT JSON) {sql}").scalar()
        doc = json.loads(doc) if isinstance(doc, str) else doc
        return [postgresql_plan(entry["Plan"]) for entry in doc]

    # -- exports -------------------------------------------------------------------------------
    def prepare_export(self, conn: "Connection") -> None:
        # For this transaction only: the text forms that any session reads back as the same value.
        conn.execution_options(no_parameters=True, stream_results=False).exec_driver_sql(_EXPORT_SETTINGS).close()

    def exact_values(self, cursor: Any, fmt: str) -> None:
        """Load every type but those of _TYPED_IN_EXPORTS[fmt] as the server's text, on this cursor only."""
        adapters = getattr(cursor, "adapters", None)
        if adapters is None:  # not psycopg 3
            return
        from psycopg.postgres import types
        from psycopg.types.string import TextLoader
        typed = _TYPED_IN_EXPORTS[fmt]
        for info in types:
            if info.name not in typed:
                adapters.register_loader(info.oid, TextLoader)
            if info.array_oid:
                adapters.register_loader(info.array_oid, TextLoader)

    def copy_csv(self, dbapi_conn: Any, sql: str, write: Any, progress: Any, every: int = 5000) -> int | None:
        """``COPY (sql) TO STDOUT WITH (FORMAT csv, HEADER)`` into ``write``, read straight from
        libpq (psycopg's Copy object costs twice the server's time on a million rows).
        ``progress(rows)`` is called every ``every`` rows and may raise to stop."""
        pgconn = getattr(dbapi_conn, "pgconn", None)
        if pgconn is None:
            return None
        from psycopg import errors, pq
        encoding = dbapi_conn.info.encoding
        cur = dbapi_conn.cursor()  # in the open transaction (psycopg begins one): SET LOCAL holds
        cur.execute(_EXPORT_SETTINGS)
        cur.close()
        blocking, pgconn.nonblocking = pgconn.nonblocking, 0
        try:
            pgconn.send_query(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)".encode(encoding))
            first = pgconn.get_result()
            if first is None or first.status != pq.ExecStatus.COPY_OUT:
                _drain(pgconn)
                raise errors.error_from_result(first, encoding=encoding) if first is not None else \
                    errors.OperationalError("COPY did not start")
            # Rows go from libpq to the file in C (map, takewhile, islice, join): a Python loop
            # per row would cost as much as the server's whole COPY. Progress between slices.
            from collections import deque
            from itertools import islice, repeat, takewhile
            from operator import itemgetter
            # A row is never empty (it ends in a newline); the end of the COPY is (-1, b"").
            rows = takewhile(len, map(itemgetter(1), map(pgconn.get_copy_data, repeat(0))))
            # 100 rows (about 10 kB) joined make one write: writing costs a fifth less than a write
            # per row (measured in instructions).
            chunks = iter(lambda: b"".join(islice(rows, 100)), b"")
            done = 0
            try:
                deque(map(write, islice(rows, 1)), maxlen=0)  # the header
                while sum(map(write, islice(chunks, max(every // 100, 1)))):
                    done += every
                    progress(done)
            except BaseException:
                _abandon_copy(dbapi_conn, pgconn)
                raise
            last = _drain(pgconn)
            if last is None or last.status != pq.ExecStatus.COMMAND_OK:
                raise errors.error_from_result(last, encoding=encoding) if last is not None else \
                    errors.OperationalError("COPY ended without a result")
            return int(last.command_tuples or 0)
        finally:
            try:
                pgconn.nonblocking = blocking
            except Exception:
                pass  # the connection is gone: the error that says so is on its way up

    def direct_connect(self, url: Any, read_only: bool, timeout: float) -> Any:
        if url.scheme not in ("postgresql", "postgresql+psycopg") or not url.has_server or "#" in url.location \
                or "," in url.location.partition("/")[0]:
            return None
        import psycopg
        kwargs: dict[str, Any] = dict(url.query)
        for key, value in (("host", url.host), ("port", url.port), ("dbname", url.database),
                           ("user", url.user or None), ("password", url.password)):
            if value is not None:
                kwargs[key] = value
        conn = psycopg.connect(connect_timeout=max(1, int(timeout)), **kwargs)
        if read_only:
            conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            conn.commit()
        return conn

    def direct_table_sql(self, dbapi_conn: Any, table: str) -> str | None:
        # The relation the name finds on the search path, as the catalogue finds it; its columns
        # in order and its primary key in key order.
        rows = dbapi_conn.execute(
            "SELECT a.attname, array_position(i.indkey::int2[], a.attnum) FROM pg_attribute a "
            "LEFT JOIN pg_index i ON i.indrelid = a.attrelid AND i.indisprimary "
            "WHERE a.attrelid = to_regclass(quote_ident(%s)) AND a.attnum > 0 AND NOT a.attisdropped "
            "ORDER BY a.attnum", (table,)).fetchall()
        dbapi_conn.rollback()
        if not rows:
            return None
        quote = _quote_name
        keys = [name for name, position in sorted((r for r in rows if r[1] is not None), key=lambda r: r[1])]
        sql = f"SELECT {', '.join(quote(r[0]) for r in rows)} FROM {quote(table)}"
        return sql + (f" ORDER BY {', '.join(map(quote, keys))}" if keys else "")

    def stop_direct(self, dbapi_conn: Any) -> None:
        cancel = getattr(dbapi_conn, "cancel_safe", None) or dbapi_conn.cancel
        cancel()

    def direct_lost(self, dbapi_conn: Any) -> bool:
        return bool(getattr(dbapi_conn, "broken", False) or getattr(dbapi_conn, "closed", False))

    # -- making the database match the models ------------------------------------------------------
    def types_for_new_column(self, conn: "Connection", column: Any, dialect: Any, made: set[str]) -> list[str]:
        # alembic's add_column does not create an enum type (create_table does).
        import sqlalchemy as sa
        kind = column.type
        if not isinstance(kind, sa.Enum) or not kind.native_enum or not kind.name or kind.name in made:
            return []
        made.add(kind.name)
        if any(e["name"] == kind.name for e in sa.inspect(conn).get_enums(schema=kind.schema)):
            return []
        from sqlalchemy.dialects.postgresql.named_types import CreateEnumType
        return [str(CreateEnumType(kind.dialect_impl(dialect)).compile(dialect=dialect))]

    # -- rows an import inserts ---------------------------------------------------------------------
    def bulk_insert(self, conn: "Connection", schema: str | None, table: str, columns: list[str],
                    rows: Iterable[tuple[Any, ...]]) -> int:
        """COPY ... FROM STDIN in text format (see pgcopy), rows sent as they come, so the server
        parses while the next ones are read; executemany where the driver is not psycopg 3."""
        from guiapp.core.backends.pgcopy import copy_rows
        done = copy_rows(conn, schema, table, columns, rows)
        return done if done is not None else super().bulk_insert(conn, schema, table, columns, rows)


def _quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _abandon_copy(dbapi_conn: Any, pgconn: Any) -> None:
    """Stop a COPY we no longer read (cancelled, or the file failed) and leave the connection usable."""
    try:
        dbapi_conn.cancel()
        while pgconn.get_copy_data(0)[0] > 0:
            pass
        _drain(pgconn)
    except Exception:
        pass  # the caller's error says what went wrong; the pool checks the connection


# What the server writes for dates and times Python has no value for, and reads back.
_OWN_DATE = re.compile(r"(?i)-?infinity\Z|.*\sBC\Z|[0-9]{5,}-|24:00(:00(\.0+)?)?([+-][0-9:]+)?\Z")


def _drain(pgconn: Any) -> Any:
    """Every result left on the connection (so that it is ready for the next statement); the last."""
    last = None
    while (result := pgconn.get_result()) is not None:
        last = result
    return last


def _register_tolerant_date_loaders(adapters: Any) -> None:
    """Dates Python cannot hold (infinity, -infinity, BC, after the year 9999, a TIME of 24:00:00)
    come back as the server's text instead of failing the whole read; the rest stay dates."""
    from psycopg import DataError
    from psycopg.types import datetime as pg_datetime

    for name, base in (("date", pg_datetime.DateLoader), ("timestamp", pg_datetime.TimestampLoader),
                       ("timestamptz", pg_datetime.TimestamptzLoader), ("time", pg_datetime.TimeLoader),
                       ("timetz", pg_datetime.TimetzLoader)):
        class Tolerant(base):  # type: ignore[misc, valid-type]
            def load(self, data: Any) -> Any:
                try:
                    return super().load(data)
                except DataError:
                    return bytes(data).decode()
        adapters.register_loader(name, Tolerant)
