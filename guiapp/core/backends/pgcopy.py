"""PostgreSQL's bulk path for imports: rows streamed through ``COPY ... FROM STDIN`` (psycopg 3)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def copy_rows(conn: "Connection", schema: str | None, table: str, columns: list[str],
              rows: Iterable[tuple[Any, ...]]) -> int | None:
    """Write ``rows`` into the table with COPY in text format, in the open transaction of ``conn``;
    the number written, or None (nothing read from ``rows``) when the driver is not psycopg 3.

    Text format: psycopg writes each value as its text (NULL as \\N, tab, newline and backslash
    escaped) and the server parses it as the column's type, its own forms (infinity, BC) too. A row
    the server refuses raises SQLAlchemy's DBAPIError, as an INSERT would; an error raised while
    ``rows`` is read (a cancel, a value that does not fit) ends the COPY with CopyFail and is raised
    as it is: nothing of this COPY stays."""
    dbapi_conn = conn.connection.dbapi_connection
    if getattr(dbapi_conn, "pgconn", None) is None or not hasattr(dbapi_conn, "cursor"):
        return None
    import sqlalchemy as sa
    from psycopg import Error

    from guiapp.core.backends.postgresql import _quote_name
    target = (_quote_name(schema) + "." if schema else "") + _quote_name(table)
    sql = f"COPY {target} ({', '.join(map(_quote_name, columns))}) FROM STDIN"
    done = 0
    try:
        with dbapi_conn.cursor() as cur, cur.copy(sql) as copy:
            write = copy.write_row
            for row in rows:
                write(row)
                done += 1
    except Error as exc:
        raise sa.exc.DBAPIError.instance(sql, None, exc, Error, connection_invalidated=bool(
            getattr(dbapi_conn, "broken", False) or dbapi_conn.closed)) from None
    return done
