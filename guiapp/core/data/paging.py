"""Read any window of a table without reading what comes before it, where a key allows.

The data grid asks for rows [offset, offset + limit) under a sort and filters.
The pager picks the cheapest query that answers:

* keyset seek, ``WHERE key > :last ORDER BY key LIMIT n``, when the row just
  before the window is known (scrolling);
* key arithmetic, ``WHERE key >= :min + offset``, when the integer key is dense
  (max - min + 1 == count, learnt from the background count) and the view is
  unsorted and unfiltered (jumps such as Ctrl+End or "go to row 900,000");
* a deferred join, ``JOIN (SELECT key ... LIMIT n OFFSET o)``, which skips rows
  on the key alone, for sorted or filtered jumps;
* plain LIMIT/OFFSET for tables without a key (views, heap tables).

Sorting and filters always run in SQL with bound parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from guiapp.core.run.cancel import RunningStatement
from guiapp.core.connect.database import Database
from guiapp.core.schema.catalog import TableInfo

_OPERATOR = re.compile(r"^\s*(<=|>=|!=|<>|=|<|>)\s*(.*)$", re.DOTALL)


@dataclass(frozen=True)
class View:
    """Sort and filters of one grid: what rows, in what order."""

    sort: tuple[str, bool] | None = None           # (column, descending)
    filters: tuple[tuple[str, str], ...] = ()      # (column, text) pairs

    def with_sort(self, column: str | None, descending: bool = False) -> "View":
        return View(None if column is None else (column, descending), self.filters)

    def with_filter(self, column: str, text: str) -> "View":
        rest = tuple((c, t) for c, t in self.filters if c != column)
        return View(self.sort, rest + (((column, text),) if text.strip() else ()))


@dataclass
class Page:
    """Rows [offset, offset + len(rows)) and how they were read."""

    offset: int
    rows: list[tuple[Any, ...]]
    method: str
    last_key: tuple[Any, ...] | None = None


@dataclass
class KeyStats:
    """Learnt in the background with the exact count; enables key arithmetic."""

    count: int
    min_key: int | None = None
    max_key: int | None = None

    @property
    def dense(self) -> bool:
        return (self.min_key is not None and self.max_key is not None
                and self.max_key - self.min_key + 1 == self.count)


_TRUE = {"1", "true", "t", "yes", "y", "on"}
_FALSE = {"0", "false", "f", "no", "n", "off"}


def typed_value(kind: str, text: str, column_name: str = "") -> Any:
    """The user's filter text as a value of the column's kind, or a QueryError saying why not.

    Bound values typed as the column let every database compare them (PostgreSQL
    has no ``integer >= varchar``), and a typo is named instead of sent.
    """
    import datetime as dt
    import decimal
    from guiapp.core.errors import QueryError
    text = text.strip()
    what = f"Filter on {column_name}: " if column_name else ""
    try:
        if kind == "integer":
            return int(text)
        if kind == "number":
            return decimal.Decimal(text) if text.lower() not in ("nan", "inf", "-inf") else float(text)
        if kind == "boolean":
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            raise ValueError(text)
        if kind == "datetime":
            return dt.datetime.fromisoformat(text)
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "time":
            return dt.time.fromisoformat(text)
    except (ValueError, decimal.InvalidOperation):
        expected = {"integer": "a whole number", "number": "a number", "boolean": "true or false",
                    "datetime": "a date and time like 2024-01-31 12:00", "date": "a date like 2024-01-31",
                    "time": "a time like 12:30"}[kind]
        raise QueryError(f"{what}{text!r} is not {expected}.") from None
    return text


def filter_clause(column: sa.ColumnElement[Any], text: str, kind: str = "text",
                  column_name: str = "") -> sa.ColumnElement[bool]:
    """A WHERE clause for a user's filter text, values always bound and typed as the column.

    '=5', '>= 10', '!=x', '<>x' compare; 'NULL' / '!NULL' test NULL; anything
    else is a case-insensitive 'contains'.
    """
    stripped = text.strip()
    if stripped.upper() in ("NULL", "IS NULL"):
        return column.is_(None)
    if stripped.upper() in ("!NULL", "NOT NULL", "IS NOT NULL"):
        return column.is_not(None)
    m = _OPERATOR.match(stripped)
    if m:
        op, value = m.group(1), m.group(2).strip()
        if kind == "text":
            bound = sa.literal(value, sa.String)
        elif kind in ("binary", "other"):
            # Compared as text: a value of an unknown type is never sent as another type.
            column, bound = sa.cast(column, sa.String), sa.literal(value, sa.String)
        else:
            bound = sa.literal(typed_value(kind, value, column_name))
        return {"=": column == bound, "<": column < bound, ">": column > bound,
                "<=": column <= bound, ">=": column >= bound,
                "!=": column != bound, "<>": column != bound}[op]
    escaped = stripped.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return sa.cast(column, sa.String).ilike(f"%{escaped}%", escape="\\")


@dataclass
class TablePager:
    """Builds and runs the page queries of one table under one View."""

    db: Database
    info: TableInfo
    view: View = field(default_factory=View)
    key_stats: KeyStats | None = None

    def __post_init__(self) -> None:
        self.table = sa.table(self.info.name, *[sa.column(c.name) for c in self.info.columns],
                              schema=self.info.schema)
        self.columns = [c.name for c in self.info.columns]
        self.key_names: list[str] = list(self.info.primary_key)
        self.rowid = False
        pseudo = self.db.backend.pseudo_key(self.info.kind)
        if not self.key_names and pseudo is not None:
            self.key_names, self.rowid = [pseudo], True
        self.keys = [sa.column(k) if self.rowid else self.table.c[k] for k in self.key_names]
        self._key_positions = ([self.columns.index(k) for k in self.key_names]
                               if self.key_names and not self.rowid else [])

    # -- query parts --------------------------------------------------------------
    @property
    def has_key(self) -> bool:
        return bool(self.keys)

    def _where(self) -> list[sa.ColumnElement[bool]]:
        return [filter_clause(self.table.c[col], text, self.info.column(col).kind, col)
                for col, text in self.view.filters]

    def _sorted_by_key(self) -> bool | None:
        """None if the sort is not the key order; else True when descending."""
        if self.view.sort is None:
            return False
        column, desc = self.view.sort
        if len(self.key_names) == 1 and column == self.key_names[0]:
            return desc
        return None

    def _order(self) -> list[sa.ColumnElement[Any]]:
        order: list[sa.ColumnElement[Any]] = []
        desc = False
        if self.view.sort is not None:
            column, desc = self.view.sort
            col = self.table.c[column]
            order.append(col.desc() if desc else col.asc())
        order += [k.desc() if desc else k.asc() for k in self.keys]
        return order

    def _select(self) -> sa.Select[Any]:
        cols = [self.table.c[c] for c in self.columns]
        if self.rowid:
            cols.append(sa.column("rowid"))
        return sa.select(*cols).select_from(self.table).where(*self._where())

    # -- reading ------------------------------------------------------------------
    def all_rows_query(self) -> sa.Select[Any]:
        """Every row under this view's sort and filters, in grid order (for export)."""
        stmt = sa.select(*[self.table.c[c] for c in self.columns]).select_from(self.table)
        return stmt.where(*self._where()).order_by(*self._order())

    def count_query(self) -> sa.Select[Any]:
        return sa.select(sa.func.count()).select_from(self.table).where(*self._where())

    def read(self, conn: Connection, offset: int, limit: int,
             after: tuple[Any, ...] | None = None) -> Page:
        """Rows [offset, offset + limit). ``after``: the key of row offset - 1, if known."""
        by_key = self._sorted_by_key()
        stmt = self._select()
        if self.has_key and by_key is not None and after is not None:
            key = sa.tuple_(*self.keys) if len(self.keys) > 1 else self.keys[0]
            bound = sa.tuple_(*[sa.literal(v) for v in after]) if len(self.keys) > 1 else after[0]
            stmt = stmt.where(key < bound if by_key else key > bound).order_by(*self._order()).limit(limit)
            method = "keyset"
        elif (self.has_key and by_key is not None and not self.view.filters and not self.rowid
              and self.key_stats is not None and self.key_stats.dense and len(self.keys) == 1):
            stats = self.key_stats
            assert stats.min_key is not None and stats.max_key is not None
            if by_key:
                stmt = stmt.where(self.keys[0] <= stats.max_key - offset)
            else:
                stmt = stmt.where(self.keys[0] >= stats.min_key + offset)
            stmt = stmt.order_by(*self._order()).limit(limit)
            method = "key arithmetic"
        elif self.has_key and offset > 0 and not self.rowid:
            inner = (sa.select(*self.keys).select_from(self.table).where(*self._where())
                     .order_by(*self._order()).limit(limit).offset(offset).subquery("k"))
            join_on = sa.and_(*[self.table.c[k] == inner.c[k] for k in self.key_names])
            stmt = (sa.select(*[self.table.c[c] for c in self.columns])
                    .select_from(self.table.join(inner, join_on)).order_by(*self._order()))
            method = "deferred join"
        else:
            stmt = stmt.order_by(*self._order()).limit(limit).offset(offset)
            method = "offset" if offset else "first page"
        # At most `limit` rows. Columns are untyped, so SQLAlchemy has nothing to convert:
        # read the DBAPI cursor directly and skip building Row objects.
        result = conn.execute(stmt)
        try:
            rows = [tuple(r) for r in result.cursor.fetchall()]
        finally:
            result.close()
        last_key = None
        if rows and self.has_key:
            last = rows[-1]
            last_key = (last[-1],) if self.rowid else tuple(last[i] for i in self._key_positions)
        if self.rowid:
            rows = [r[:-1] for r in rows]
        return Page(offset=offset, rows=rows, method=method, last_key=last_key)

    def learn_keys(self, conn: Connection) -> KeyStats:
        """Exact count (under the filters), and min/max of an integer key for arithmetic jumps."""
        count = int(conn.execute(self.count_query()).scalar() or 0)
        stats = KeyStats(count=count)
        if len(self.keys) == 1 and not self.view.filters and not self.rowid:
            key = self.keys[0]
            row = conn.execute(sa.select(sa.func.min(key), sa.func.max(key)).select_from(self.table)).one()
            if all(isinstance(v, int) for v in row):
                stats.min_key, stats.max_key = row
        return stats


class StreamCursor:
    """Pages of a table without a key, read forward from one server-side cursor.

    Without a key there is nothing to seek on, so reading on from where the last
    page ended is the cheapest way to scroll: every row is read once. A jump back,
    or far ahead, reopens the cursor at the new offset. While open, the cursor
    holds a pooled connection of its own; ``close()`` gives it back (discarding
    it if rows were left unread, rather than draining them).
    """

    SKIP_LIMIT = 20_000  # read and drop at most this many rows to move forward

    def __init__(self, pager: TablePager) -> None:
        self.pager = pager
        self._conn: Connection | None = None
        self._result: Any = None
        self.statement = RunningStatement(pager.db)
        self.position = 0
        self.exhausted = False

    def read(self, offset: int, limit: int) -> Page:
        self.statement.arm()  # a new page: from now a Cancel stops it, an earlier one is forgotten
        method = "server-side cursor"
        if (self._result is None or offset < self.position
                or offset - self.position > self.SKIP_LIMIT):
            self._open(offset)
            method = "server-side cursor (reopened)"
        try:
            while self.position < offset and not self.exhausted:
                skipped = self._result.fetchmany(min(offset - self.position, 5000))
                self.position += len(skipped)
                self.exhausted = not skipped
            rows = [] if self.exhausted else [tuple(r) for r in self._result.fetchmany(limit)]
        except Exception as exc:
            self.close(broken=True)
            raise self.pager.db.error(exc) from None
        self.position += len(rows)
        self.exhausted = self.exhausted or len(rows) < limit
        return Page(offset=offset, rows=rows, method=method)

    def cancel(self) -> bool:
        """Stop the statement streaming now, from another thread (like Job.cancel)."""
        return self.statement.cancel_quietly()

    def cancel_async(self) -> None:
        self.statement.cancel_async()

    def _open(self, offset: int) -> None:
        self.close()
        stmt = self.pager._select().order_by(*self.pager._order())
        if offset:
            stmt = stmt.offset(offset)
        try:
            self._conn = self.pager.db.checkout()
            self.statement.attach(self._conn)
            self._result = self._conn.execution_options(stream_results=True, max_row_buffer=1000).execute(stmt)
        except Exception as exc:
            self.close(broken=True)
            raise self.pager.db.error(exc) from None
        self.position, self.exhausted = offset, False

    def close(self, broken: bool = False) -> None:
        conn, self._conn, self._result = self._conn, None, None
        self.statement.detach()
        if conn is None:
            return
        try:
            if broken or not self.exhausted:
                conn.invalidate()  # unread rows: dropping the connection beats reading them all
            conn.close()
        except Exception:
            pass


def read_page(db: Database, info: TableInfo, offset: int, limit: int, view: View = View(),
              after: Sequence[Any] | None = None) -> Page:
    """One page, on its own connection (for scripts and tests; the grid uses a RowLoader)."""
    pager = TablePager(db, info, view)
    with db.connect() as conn:
        return pager.read(conn, offset, limit, tuple(after) if after is not None else None)
