"""PostgreSQL: pg_cancel_backend to cancel, cursors that live in transactions, E'' strings."""

from __future__ import annotations

import decimal
import math
from typing import TYPE_CHECKING, Any

from guiapp.core.backends.base import (Backend, dbapi_scalar, install_bounded_ping, quote_plain, raw_sql,
                                       run_on_side_connection)
from guiapp.core.script import POSTGRESQL

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Connection, Engine

    from guiapp.core.backends.reflection import RawTable
    from guiapp.core.options import PoolOptions


class PostgreSQLBackend(Backend):
    name = "postgresql"
    flavour = POSTGRESQL

    def connect_args(self, url: "URL", opts: "PoolOptions") -> dict[str, Any]:
        return {"connect_timeout": opts.connect_timeout}

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

    def string_literal(self, text: str) -> str:
        if "\\" in text or "\r" in text:
            # An escape string: backslashes doubled, CR spelled out so no reader can fold CR LF.
            body = text.replace("\\", "\\\\").replace("'", "''").replace("\r", "\\r")
            return "E'" + body + "'"
        return super().string_literal(text)

    def bytes_literal(self, data: bytes) -> str:
        return "'\\x" + data.hex() + "'::bytea"

    def float_literal(self, value: float) -> str:
        if math.isnan(value):
            return "'NaN'::float8"
        if math.isinf(value):
            return "'Infinity'::float8" if value > 0 else "'-Infinity'::float8"
        return repr(value)

    def decimal_literal(self, value: decimal.Decimal) -> str:
        if value.is_nan():
            return "'NaN'::numeric"
        if value.is_infinite():
            return "'Infinity'::numeric" if value > 0 else "'-Infinity'::numeric"
        return str(value)


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


def _register_tolerant_date_loaders(adapters: Any) -> None:
    """Dates Python cannot hold (infinity, -infinity, BC, after the year 9999) come back as
    the server's text instead of failing the whole read; the rest stay dates."""
    from psycopg import DataError
    from psycopg.types import datetime as pg_datetime

    for name, base in (("date", pg_datetime.DateLoader), ("timestamp", pg_datetime.TimestampLoader),
                       ("timestamptz", pg_datetime.TimestamptzLoader)):
        class Tolerant(base):  # type: ignore[misc, valid-type]
            def load(self, data: Any) -> Any:
                try:
                    return super().load(data)
                except DataError:
                    return bytes(data).decode()
        adapters.register_loader(name, Tolerant)
