"""How an import's rows reach a table: one INSERT run through the driver's executemany.

The generic way, mixed into every Backend; PostgreSQL's COPY is in pgcopy, chosen by its backend.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


class BulkRows:
    """The row-inserting part of a Backend (mixed into it)."""

    def insert_sql(self, conn: "Connection", schema: str | None, table: str, columns: list[str]) -> str | None:
        """``INSERT INTO table (columns) VALUES (?, ...)`` in the driver's own placeholders, for
        executemany with tuples; None if the driver takes only named parameters."""
        q = conn.dialect.identifier_preparer  # doubles '%' where the driver formats parameters in
        style = conn.dialect.paramstyle
        marks = {"qmark": lambda i: "?", "format": lambda i: "%s", "pyformat": lambda i: "%s",
                 "numeric": lambda i: f":{i}", "numeric_dollar": lambda i: f"${i}"}.get(style)
        if marks is None:
            return None
        prefix = q.quote_schema(schema) + "." if schema else ""
        return (f"INSERT INTO {prefix}{q.quote(table)} ({', '.join(q.quote(c) for c in columns)}) "
                f"VALUES ({', '.join(marks(i) for i in range(1, len(columns) + 1))})")

    def bulk_insert(self, conn: "Connection", schema: str | None, table: str, columns: list[str],
                    rows: Iterable[tuple[Any, ...]]) -> int:
        """Insert ``rows`` (tuples in ``columns``' order, already typed and checked) in the open
        transaction of ``conn``, the fastest way the driver has; the number inserted. Here: the
        driver's executemany of one INSERT (PyMySQL and mysqlclient send multi-row INSERTs, sqlite3
        steps one prepared statement). A refused row raises the driver's error, wrapped by SQLAlchemy."""
        batch = rows if isinstance(rows, list) else list(rows)
        if not batch:
            return 0
        sql = self.insert_sql(conn, schema, table, columns)
        if sql is not None:
            conn.exec_driver_sql(sql, batch)
        else:
            import sqlalchemy as sa
            target = sa.table(table, *[sa.column(c) for c in columns], schema=schema)
            conn.execute(target.insert(), [dict(zip(columns, row)) for row in batch])
        return len(batch)
