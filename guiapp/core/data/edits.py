"""Grid edits held until Commit or Revert: which rows can be edited, and what changed.

Edits are kept by the row's key as it was read, not by its position, so a lazy
grid can evict pages, sort or filter while edits wait, and the edited rows keep
their new values wherever they appear. Nothing here talks to a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guiapp.core.schema.catalog import ColumnInfo, TableInfo


def edit_key(info: TableInfo) -> tuple[str, ...] | None:
    """The columns that name one row: the primary key, else a unique key of NOT NULL columns."""
    if info.kind != "table":
        return None
    if info.primary_key:
        return tuple(info.primary_key)
    not_null = {c.name for c in info.columns if not c.nullable}
    candidates = [u.columns for u in info.uniques] + [ix.columns for ix in info.indexes if ix.unique]
    for columns in sorted(candidates, key=len):
        if columns and set(columns) <= not_null:
            return tuple(columns)
    return None


def read_only_reason(info: TableInfo, read_only_database: str | None) -> str | None:
    """Why this table's rows cannot be edited in the grid, or None if they can."""
    if read_only_database is not None:
        return read_only_database
    if info.kind != "table":
        return f"{info.name} is a view: its rows are read-only here."
    if edit_key(info) is None:
        return (f"{info.name} has no primary key and no unique key of NOT NULL columns, so a row "
                "cannot be told apart from an identical one: its rows are read-only here.")
    return None


def own_value(info: TableInfo, column: ColumnInfo, dialect: str) -> str | None:
    """What a new row's column gets when the user leaves it empty: '(auto)', '(default …)',
    or None when it gets nothing (NULL, or refused if NOT NULL)."""
    from guiapp.core.backends import backend_for
    if column.autoincrement or backend_for(dialect).numbers_key(info.primary_key, column.name, column.type):
        return "(auto)"
    if column.default is not None:
        return f"(default {column.default})"
    return None


def same_value(a: Any, b: Any) -> bool:
    """Equal as the database would store them (None only equals None)."""
    if a is None or b is None:
        return a is b
    try:
        return bool(a == b)
    except Exception:
        return False


@dataclass
class RowEdit:
    """An existing row: its values as read, the columns given new values, or deleted."""

    key: tuple[Any, ...]
    old: tuple[Any, ...]
    new: dict[int, Any] = field(default_factory=dict)
    deleted: bool = False


@dataclass
class NewRow:
    """A row to insert: the columns the user gave (the others take their defaults)."""

    values: dict[int, Any] = field(default_factory=dict)


class EditBuffer:
    """Every pending change to one table, until it is saved or reverted."""

    def __init__(self, info: TableInfo, key: tuple[str, ...]) -> None:
        self.info = info
        self.key_names = key
        names = [c.name for c in info.columns]
        self.key_positions = tuple(names.index(k) for k in key)
        self.edits: dict[tuple[Any, ...], RowEdit] = {}
        self.added: list[NewRow] = []

    # -- reading -------------------------------------------------------------------
    def __bool__(self) -> bool:
        return bool(self.edits or self.added)

    def key_of(self, row: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(row[i] for i in self.key_positions)

    def edit_of(self, row: tuple[Any, ...]) -> RowEdit | None:
        """The pending change of a row as read, if any (fast when nothing is pending)."""
        return self.edits.get(self.key_of(row)) if self.edits else None

    def summary(self) -> str:
        """'2 rows edited, 1 new, 1 to delete' (empty when nothing is pending)."""
        edited = sum(1 for e in self.edits.values() if not e.deleted)
        deleted = len(self.edits) - edited
        parts = [f"{edited} row{'s' if edited != 1 else ''} edited" if edited else "",
                 f"{len(self.added)} new" if self.added else "",
                 f"{deleted} to delete" if deleted else ""]
        return ", ".join(p for p in parts if p)

    # -- changing ------------------------------------------------------------------
    def set_value(self, row: tuple[Any, ...], column: int, value: Any) -> None:
        """Give an existing row's cell a new value (its old value again undoes the edit)."""
        key = self.key_of(row)
        edit = self.edits.get(key) or RowEdit(key=key, old=tuple(row))
        if same_value(value, edit.old[column]):
            edit.new.pop(column, None)
        else:
            edit.new[column] = value
        if edit.new or edit.deleted:
            self.edits[key] = edit
        else:
            self.edits.pop(key, None)

    def set_added_value(self, index: int, column: int, value: Any) -> None:
        self.added[index].values[column] = value

    def add_row(self) -> int:
        """A new empty row; its index among the new rows."""
        self.added.append(NewRow())
        return len(self.added) - 1

    def delete(self, row: tuple[Any, ...]) -> None:
        key = self.key_of(row)
        edit = self.edits.get(key) or RowEdit(key=key, old=tuple(row))
        edit.deleted = True
        self.edits[key] = edit

    def undelete(self, row: tuple[Any, ...]) -> None:
        edit = self.edits.get(self.key_of(row))
        if edit is not None:
            edit.deleted = False
            if not edit.new:
                del self.edits[edit.key]

    def forget(self, key: tuple[Any, ...]) -> None:
        """Drop every pending change of one row (its edits and its deletion mark)."""
        self.edits.pop(key, None)

    def rebase(self, key: tuple[Any, ...], now: tuple[Any, ...]) -> None:
        """Keep mine: the row's values as they are now become the ones the commit checks, so it
        writes over the other session's change (and still refuses any change made after this)."""
        edit = self.edits.get(key)
        if edit is not None:
            edit.old = tuple(now)
            edit.new = {i: v for i, v in edit.new.items() if not same_value(v, now[i])}
            if not edit.new and not edit.deleted:
                del self.edits[key]

    def remove_added(self, indexes: list[int]) -> None:
        for i in sorted(set(indexes), reverse=True):
            del self.added[i]

    def clear(self) -> None:
        self.edits.clear()
        self.added.clear()

    def snapshot(self) -> "EditBuffer":
        """A copy for the worker that saves, so the grid may go on while it runs."""
        copy = EditBuffer(self.info, self.key_names)
        copy.edits = {k: RowEdit(e.key, e.old, dict(e.new), e.deleted) for k, e in self.edits.items()}
        copy.added = [NewRow(dict(r.values)) for r in self.added]
        return copy
