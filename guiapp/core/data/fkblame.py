"""Which row a foreign key refused a commit for, and which table it concerns.

The database says only that a foreign key failed (and the batched statements hide which row
sent it). After the rollback, the rows the commit deleted or re-keyed are looked up in the
tables that point at them, and the values it wrote are looked up in the tables they point at,
so the message can name the row and the other table.
"""

from __future__ import annotations

from typing import Any, Iterator

import sqlalchemy as sa

from guiapp.core.connect.database import Database
from guiapp.core.data.edits import EditBuffer

_NOT_BLOCKING = ("CASCADE", "SET NULL", "SET DEFAULT")  # such a key does not refuse a delete


def _key_text(buffer: EditBuffer, key: tuple[Any, ...]) -> str:
    return ", ".join(f"{n}={v!r}" for n, v in zip(buffer.key_names, key))


def blame_foreign_key(db: Database, buffer: EditBuffer) -> str | None:
    """One sentence naming a row of ``buffer`` a foreign key refuses and the table it concerns,
    or None if none is found (the database's own message is then the best there is)."""
    from guiapp.core.schema.catalog import catalog_for
    info = buffer.info
    names = [c.name for c in info.columns]
    catalog = catalog_for(db)
    with db.connect() as conn:
        for other, fk in catalog.referencing(info.name):
            if (fk.ondelete or "").upper() in _NOT_BLOCKING:
                continue
            child = sa.table(other, *[sa.column(c) for c in fk.columns])
            for edit in buffer.edits.values():
                if not (edit.deleted or any(names[i] in fk.referred_columns for i in edit.new)):
                    continue
                values = [edit.old[names.index(c)] for c in fk.referred_columns]
                count = conn.execute(sa.select(sa.func.count()).select_from(child).where(
                    *[child.c[c] == v for c, v in zip(fk.columns, values)])).scalar()
                if count:
                    verb = "deleted" if edit.deleted else "changed"
                    return (f"{info.name} {_key_text(buffer, edit.key)} cannot be {verb}: {count} row"
                            f"{'s' if count != 1 else ''} of {other} still point at it "
                            f"({other}.{', '.join(fk.columns)}); change or delete them first.")
        for fk in info.foreign_keys:
            parent = sa.table(fk.referred_table, *[sa.column(c) for c in fk.referred_columns])
            for label, row in _written_rows(buffer, names):
                values = [row.get(c) for c in fk.columns]
                if any(v is None for v in values):
                    continue
                found = conn.execute(sa.select(sa.literal(1)).select_from(parent).where(
                    *[parent.c[c] == v for c, v in zip(fk.referred_columns, values)]).limit(1)).first()
                if found is None:
                    pairs = ", ".join(f"{c}={v!r}" for c, v in zip(fk.columns, values))
                    return f"{label}: {pairs} is not a row of {fk.referred_table} ({info.name}'s foreign key)."
    return None


def _written_rows(buffer: EditBuffer, names: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(how the user knows the row, its values after the commit) of every row written."""
    for edit in buffer.edits.values():
        if not edit.deleted and edit.new:
            values = dict(zip(names, edit.old))
            values.update({names[i]: v for i, v in edit.new.items()})
            yield f"{buffer.info.name} {_key_text(buffer, edit.key)}", values
    for n, row in enumerate(buffer.added, start=1):
        yield f"New row {n}", {names[i]: v for i, v in row.values.items()}
