"""Write a grid's pending edits in one transaction, or nothing at all.

Order: every value is checked against its column; ``row-saving`` and ``row-deleting``
receivers may refuse; then one transaction runs the DELETEs, UPDATEs and INSERTs.
Each UPDATE is guarded by the key and by the old values of the columns it edits, each DELETE by
every value of the row, compared exactly as the database compares (the backend's ``same_as_read``:
bytes for text on MariaDB, whose collations ignore case and trailing spaces, the column's own type
for floats and JSON), so a row that another session changed or deleted since the grid read it matches nothing:
the transaction is rolled back and the user is told which rows conflict (optimistic
locking, as ORMs do with a version column, but on the values themselves).
Only after the commit are ``row-saved`` and ``row-deleted`` sent.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from typing import Any, Iterator

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from guiapp import signals
from guiapp.core.connect.database import Database
from guiapp.core.data.edits import EditBuffer, RowEdit, own_value
from guiapp.core.errors import EditConflictError, EditError, EditRefusedError, GuiappError, ReadOnlyError
from guiapp.core.data.fitting import check_fits

SHOWN_CHARS = 400  # of one statement in the messages (a 10 MB value is not echoed whole)
SHOWN_STATEMENTS = 50  # statements written out in the messages; the rest are counted (rendering costs)


@dataclass(frozen=True)
class SaveReport:
    """What a commit wrote: counts, and the statements as the user reads them."""

    updated: int
    inserted: int
    deleted: int
    statements: tuple[str, ...]

    def summary(self) -> str:
        return (f"Committed: {self.updated} updated, {self.inserted} inserted, "
                f"{self.deleted} deleted.")


def describe_key(names: tuple[str, ...], key: tuple[Any, ...]) -> str:
    return ", ".join(f"{n}={v!r}" for n, v in zip(names, key))


class _Writer:
    def __init__(self, db: Database, buffer: EditBuffer) -> None:
        self.db = db
        self.buffer = buffer
        self.info = info = buffer.info
        self.columns = info.columns
        self.table = sa.table(info.name, *[sa.column(c.name) for c in info.columns], schema=info.schema)
        self.backend = db.backend
        # Whether the database can compare each column's values (asked once: a grid may hold 100k edits).
        self.comparable = [self._guard(i, sa.bindparam("probe")) is not None for i in range(len(info.columns))]
        self.statements: list[str] = []
        self.unshown = 0
        self.mismatched = False  # a batch matched fewer rows than it was sent

    def _key_where(self, key: tuple[Any, ...]) -> list[sa.ColumnElement[bool]]:
        return [self.table.c[n] == v for n, v in zip(self.buffer.key_names, key)]

    def guarded(self, edit: RowEdit) -> list[int]:
        """The columns whose values as read a write of this row checks: those it edits, or every
        column of a row to delete; columns this database cannot compare are left out."""
        columns = range(len(self.columns)) if edit.deleted else sorted(edit.new)
        return [i for i in columns if self.comparable[i]]

    def _guard(self, i: int, value: Any) -> Any:
        """The condition that column ``i`` still holds ``value`` (a bound parameter) exactly."""
        column = self.columns[i]
        return self.backend.same_as_read(self.table.c[column.name], value, column)

    def _guards(self, edit: RowEdit) -> list[Any]:
        where = []
        for i in self.guarded(edit):
            old, c = edit.old[i], self.table.c[self.columns[i].name]
            where.append(c.is_(None) if old is None else self._guard(i, sa.bindparam(f"g{i}", old)))
        return where

    def _show(self, stmt: Any, conn: Connection) -> None:
        if len(self.statements) >= SHOWN_STATEMENTS:
            self.unshown += 1
            return
        try:
            text = str(stmt.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        except Exception:  # a value with no literal form (bytes on some dialects): show parameters
            compiled = stmt.compile(dialect=conn.dialect)
            text = f"{compiled}  -- {compiled.params!r}"
        text = " ".join(text.split())
        self.statements.append(text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…")

    def _update_stmt(self, edit: RowEdit) -> Any:
        """The UPDATE of one row, guarded by its key and the old values of the columns it edits."""
        where = self._key_where(edit.key) + self._guards(edit)
        values = {self.columns[i].name: v for i, v in edit.new.items()}
        return sa.update(self.table).where(*where).values(values)

    def _delete_stmt(self, edit: RowEdit) -> Any:
        """The DELETE of one row, guarded by its key and every value it had when read."""
        return sa.delete(self.table).where(*self._key_where(edit.key), *self._guards(edit))

    def update(self, conn: Connection, edit: RowEdit) -> str | None:
        """Run the guarded UPDATE; a conflict's description if it matched no row."""
        stmt = self._update_stmt(edit)
        self._show(stmt, conn)
        if conn.execute(stmt).rowcount == 1:
            return None
        return self._why_missing(conn, edit)

    def delete(self, conn: Connection, edit: RowEdit) -> str | None:
        stmt = self._delete_stmt(edit)
        self._show(stmt, conn)
        if conn.execute(stmt).rowcount == 1:
            return None
        return self._why_missing(conn, edit)

    def write_batched(self, conn: Connection, edits: list[RowEdit]) -> bool:
        """Every UPDATE and DELETE, one executemany per shape; False (``mismatched``) as soon as a
        batch matches fewer rows than it was sent: the caller rolls back and names the conflicts."""
        groups: dict[tuple[Any, ...], list[RowEdit]] = {}
        for edit in edits:
            guards = tuple((i, edit.old[i] is None) for i in self.guarded(edit))
            shape = (("delete",), guards) if edit.deleted else (tuple(sorted(edit.new)), guards)
            groups.setdefault(shape, []).append(edit)
        keys = self.buffer.key_names
        for (columns, guards), group in groups.items():
            where = [self.table.c[n] == sa.bindparam(f"k{j}") for j, n in enumerate(keys)]
            for i, is_null in guards:
                c = self.table.c[self.columns[i].name]
                where.append(c.is_(None) if is_null else self._guard(i, sa.bindparam(f"o{i}")))
            params = [{**{f"k{j}": v for j, v in enumerate(e.key)},
                       **{f"o{i}": e.old[i] for i, is_null in guards if not is_null},
                       **({} if e.deleted else {f"n{i}": e.new[i] for i in columns})} for e in group]
            if columns == ("delete",):
                stmt: Any = sa.delete(self.table).where(*where)
            else:
                stmt = sa.update(self.table).where(*where).values(
                    {self.columns[i].name: sa.bindparam(f"n{i}") for i in columns})
            for edit in group:  # what the messages show: each row's own statement
                if len(self.statements) >= SHOWN_STATEMENTS:
                    self.unshown += len(group) - group.index(edit)
                    break
                self._show(self._delete_stmt(edit) if edit.deleted else self._update_stmt(edit), conn)
            if conn.execute(stmt, params).rowcount != len(group):
                self.mismatched = True
                return False
        return True

    def insert(self, conn: Connection, values: dict[int, Any]) -> None:
        stmt = sa.insert(self.table).values({self.columns[i].name: v for i, v in values.items()})
        self._show(stmt, conn)
        conn.execute(stmt)

    def _why_missing(self, conn: Connection, edit: RowEdit) -> str:
        key = describe_key(self.buffer.key_names, edit.key)
        guarded = self.guarded(edit)
        names = [self.columns[i].name for i in guarded]
        now = conn.execute(sa.select(*[self.table.c[n] for n in names] or [sa.literal(1)])
                           .where(*self._key_where(edit.key))).first()
        if now is None:
            return f"{key}: deleted by someone else"
        changed = [f"{n} is now {v!r}" for n, v, i in zip(names, now, guarded)
                   if not _same_as_read(v, edit.old[i])]
        return f"{key}: changed by someone else ({'; '.join(changed) or 'values differ'})"


def _same_as_read(now: Any, old: Any) -> bool:
    if isinstance(now, decimal.Decimal) or isinstance(old, decimal.Decimal):
        try:
            return decimal.Decimal(str(now)) == decimal.Decimal(str(old))
        except Exception:
            return False
    return now == old


def current_rows(db: Database, buffer: EditBuffer, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], Any]:
    """Each row as the database holds it now, by key (None for a row deleted meanwhile)."""
    table = sa.table(buffer.info.name, *[sa.column(c.name) for c in buffer.info.columns],
                     schema=buffer.info.schema)
    found: dict[tuple[Any, ...], Any] = {}
    with db.connect() as conn:
        for key in keys:
            where = [table.c[n] == v for n, v in zip(buffer.key_names, key)]
            row = conn.execute(sa.select(table).where(*where)).first()
            found[key] = tuple(row) if row is not None else None
    return found


def _integrity(exc: BaseException | None) -> bool:
    """Whether a constraint refused the write (the driver's error may be wrapped in ours)."""
    seen = 0
    while exc is not None and seen < 5:
        if isinstance(exc, sa.exc.IntegrityError):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


def _blame(db: Database, buffer: EditBuffer) -> str | None:
    """The row and the other table a foreign key refused, if that is what failed."""
    from guiapp.core.data.fkblame import blame_foreign_key
    try:
        return blame_foreign_key(db, buffer)
    except Exception:  # looking did not work out: the database's own message stands
        return None


def check_edits(buffer: EditBuffer, dialect: str) -> None:
    """Refuse, before any SQL, a value that does not fit or a new row missing a required value."""
    info = buffer.info
    columns = info.columns
    for edit in buffer.edits.values():
        for i, value in edit.new.items():
            check_fits(columns[i], value, dialect)
    for n, row in enumerate(buffer.added, start=1):
        for i, value in row.values.items():
            check_fits(columns[i], value, dialect)
        for i, col in enumerate(columns):
            if i not in row.values and not col.nullable and own_value(info, col, dialect) is None:
                raise EditError(f"New row {n}: {col.name} is NOT NULL and has no default: it needs a value.")


def _row_news(buffer: EditBuffer) -> Iterator[tuple[bool, dict[str, Any]]]:
    """(deleting, keywords) of the row signals for every change: table, key, old (and new)."""
    names = [c.name for c in buffer.info.columns]
    table = buffer.info.qualified
    for edit in buffer.edits.values():
        key = dict(zip(buffer.key_names, edit.key))
        if edit.deleted:
            yield True, {"table": table, "key": key, "old": dict(zip(names, edit.old))}
        else:
            yield False, {"table": table, "key": key, "old": {names[i]: edit.old[i] for i in edit.new},
                          "new": {names[i]: v for i, v in edit.new.items()}}
    for row in buffer.added:
        new = {names[i]: v for i, v in row.values.items()}
        yield False, {"table": table, "key": {k: new[k] for k in buffer.key_names if k in new}, "old": {},
                      "new": new}


def _announce_before(db: Database, buffer: EditBuffer) -> None:
    """row-saving / row-deleting for every change; a receiver that raises refuses them all."""
    try:
        for deleting, news in _row_news(buffer):
            (signals.row_deleting if deleting else signals.row_saving).send(db, **news)
    except Exception as exc:
        raise EditRefusedError(f"Nothing was saved: {exc}") from None


def _announce_after(db: Database, buffer: EditBuffer) -> None:
    for deleting, news in _row_news(buffer):
        (signals.row_deleted if deleting else signals.row_saved).send(db, **news)


def save_edits(db: Database, buffer: EditBuffer) -> SaveReport:
    """Write every pending change of ``buffer`` in one transaction, or raise and write nothing."""
    if db.options.read_only:
        raise ReadOnlyError(db.read_only_note or "This connection is read-only: nothing was written.")
    check_edits(buffer, db.dialect)
    _announce_before(db, buffer)
    # Deletes first, whatever order they were made in: a row may take the key (or a unique value)
    # of a row deleted in the same commit.
    edits = sorted(buffer.edits.values(), key=lambda e: not e.deleted)
    updated = sum(1 for e in edits if not e.deleted)
    deleted = len(edits) - updated
    conflicts: list[str] = []
    conflicting: list[tuple[Any, ...]] = []
    try:
        # Rows of the same shape go as one executemany; if fewer rows matched than were sent, some
        # changed meanwhile: everything is rolled back and done again row by row to name them.
        writer = _Writer(db, buffer)
        with db.connect() as conn, conn.begin() as tx:
            if writer.write_batched(conn, edits):
                for row in buffer.added:
                    writer.insert(conn, row.values)
            else:
                tx.rollback()
        if writer.mismatched:
            writer = _Writer(db, buffer)
            with db.connect() as conn, conn.begin() as tx:
                for edit in edits:
                    problem = writer.delete(conn, edit) if edit.deleted else writer.update(conn, edit)
                    if problem is not None:
                        conflicts.append(problem)
                        conflicting.append(edit.key)
                if conflicts:
                    tx.rollback()
                else:  # the difference went away meanwhile: this pass has written the edits
                    for row in buffer.added:
                        writer.insert(conn, row.values)
    except Exception as exc:  # the transaction was rolled back: say so with the database's reason
        error = exc if isinstance(exc, GuiappError) else db.error(exc)
        blamed = _blame(db, buffer) if _integrity(exc) else None
        error.message = f"Nothing was saved: {blamed or error.message}"
        raise error from None
    if conflicts:
        count = len(conflicts)
        raise EditConflictError(
            f"Nothing was saved: {count} row{'s' if count != 1 else ''} of {buffer.info.name} changed "
            f"on the server since they were read: " + "; ".join(conflicts) + ". Right-click each: Keep mine "
            "(write over theirs) or Take theirs.", rows=tuple(conflicts), keys=tuple(conflicting))
    _announce_after(db, buffer)
    shown = writer.statements + ([f"-- and {writer.unshown:,} more statements like these"] if writer.unshown else [])
    return SaveReport(updated=updated, inserted=len(buffer.added), deleted=deleted, statements=tuple(shown))
