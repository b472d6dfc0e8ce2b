"""Generate a large ``users``-like table for benchmarks and big-table tests.

Columns: id (PK), name, email, ctime, score, note (about one in five NULL).
Rows are made in Python and inserted in batches with executemany, which
PyMySQL turns into multi-row INSERTs.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterator

import sqlalchemy as sa

from guiapp.core.connect.database import Database

BATCH = 10_000
_NAMES = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Ken", "Dennis", "Guido", "Linus",
          "Margaret", "Frances", "John", "Niklaus", "Leslie", "Radia", "Tim", "Bjarne", "Anders", "Sophie"]
_START = dt.datetime(2020, 1, 1)


def sample_table(name: str, metadata: sa.MetaData | None = None) -> sa.Table:
    return sa.Table(
        name, metadata or sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("email", sa.String(64)),
        sa.Column("ctime", sa.DateTime),
        sa.Column("score", sa.Integer),
        sa.Column("note", sa.String(64)),
    )


def sample_row(i: int) -> tuple:
    """Row ``i`` (1-based), the same on every run and every database."""
    return (i, f"{_NAMES[i % len(_NAMES)]} {i}", f"user{i}@example.org",
            _START + dt.timedelta(minutes=i), (i * 7919) % 1000,
            None if i % 5 == 0 else f"note {i % 97}")


def _batches(rows: int) -> Iterator[list[tuple]]:
    for start in range(1, rows + 1, BATCH):
        yield [sample_row(i) for i in range(start, min(start + BATCH, rows + 1))]


def make_sample(db: Database, name: str, rows: int, *, replace: bool = False) -> sa.Table:
    """Create table ``name`` with ``rows`` sample rows (kept if it already has exactly that many)."""
    table = sample_table(name)
    with db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        exists = sa.inspect(conn).has_table(name)
        if exists and not replace:
            count = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()
            if count == rows:
                return table
        if exists:
            table.drop(conn)
        table.create(conn)
    mark = "?" if db.engine.dialect.paramstyle == "qmark" else "%s"
    placeholders = ", ".join([mark] * 6)
    quoted = db.engine.dialect.identifier_preparer.quote(name)
    sql = f"INSERT INTO {quoted} (id, name, email, ctime, score, note) VALUES ({placeholders})"
    with db.begin() as conn:
        raw = conn.connection.dbapi_connection
        cur = raw.cursor()
        for batch in _batches(rows):
            cur.executemany(sql, batch)
        cur.close()
    with db.connect() as conn:
        db.backend.analyze(conn.execution_options(isolation_level="AUTOCOMMIT"), name)
    return table
