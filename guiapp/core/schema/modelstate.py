"""Declared models versus the database: missing, present, or present but different.

The differences come from alembic's ``compare_metadata``, restricted to the
declared tables so the user's other tables are never reported as "removed".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Callable

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from guiapp.core.connect.database import Database
from guiapp.core.schema.defaults import default_display, defaults_differ, model_default_text
from guiapp.core.schema.modelload import DeclaredModels


class State(enum.Enum):
    MISSING = "missing"
    PRESENT = "present"
    DIFFERS = "differs"


@dataclass(frozen=True)
class ModelState:
    """One declared table and how the database compares to it."""

    table: str
    label: str
    state: State
    differences: tuple[str, ...] = ()


def _type_text(t: Any) -> str:
    try:
        return str(t)
    except Exception:
        return t.__class__.__name__


def _cols(obj: Any) -> str:
    return ", ".join(c.name for c in getattr(obj, "columns", ()))


_MISSING = "is missing from the database"
_EXTRA = "is in the database but not in the model"
_OBJECT_NAMES = {"index": "index", "constraint": "unique constraint", "fk": "foreign key"}


def _describe(diff: Any, show_default: Callable[[Any], str]) -> tuple[str, str]:
    """(table name, one line) for one alembic diff entry; ``show_default`` writes a server default
    as the user reads it."""
    if isinstance(diff, list):  # modify_* come grouped per column
        lines = [_describe(d, show_default) for d in diff]
        return lines[0][0], "; ".join(text for _t, text in lines)
    op = diff[0]
    if op in ("modify_type", "modify_nullable", "modify_default", "modify_comment"):
        _op, _schema, table, column, _existing, db_value, model_value = diff
        what = {"modify_type": "type", "modify_nullable": "nullable",
                "modify_default": "default", "modify_comment": "comment"}[op]
        if op == "modify_type":
            db_value, model_value = _type_text(db_value), _type_text(model_value)
        elif op == "modify_default":
            db_value, model_value = show_default(db_value), show_default(model_value)
        return table, f"column {column}: {what} is {db_value} in the database, {model_value} in the model"
    verb, _, kind = op.partition("_")  # add_index -> ("add", "index")
    where = _MISSING if verb == "add" else _EXTRA
    if kind == "column":
        return diff[2], f"column {diff[3].name} {where}"
    if kind in _OBJECT_NAMES:
        obj = diff[1]
        name = f" {obj.name}" if kind != "fk" else ""
        target = f" -> {obj.referred_table.name}" if kind == "fk" and verb == "add" else ""
        return obj.table.name, f"{_OBJECT_NAMES[kind]}{name} ({_cols(obj)}){target} {where}"
    if op in ("add_table", "remove_table"):
        return diff[1].name, op.replace("_", " ")
    table = next((getattr(x, "name", None) for x in diff[1:] if hasattr(x, "name")), "?")
    return str(table), " ".join(str(x) for x in diff[:1])


def _compare_server_default(escapes: bool, strict: bool) -> Any:
    """alembic's compare_server_default hook: True when the server default really differs, the
    model's default written by this dialect first (so ``false()`` is ``0`` where the database
    has no boolean), dialect noise never a difference."""

    def compare(ctx: Any, _inspected_column: Any, metadata_column: Any, inspected_default: Any,
                _metadata_default: Any, _rendered_metadata_default: Any) -> bool:
        # alembic's rendered form has its quotes stripped, which would turn 'draft' into an
        # identifier: the model's own DefaultClause is compiled instead.
        db_text = inspected_default if isinstance(inspected_default, str) or inspected_default is None \
            else model_default_text(inspected_default, ctx.dialect)
        model_text = model_default_text(metadata_column.server_default, ctx.dialect)
        return defaults_differ(db_text, model_text, escapes, strict)

    return compare


def comparison_options(db: Database, models: DeclaredModels, tables: set[str] | None = None,
                       strict: bool = False) -> dict[str, Any]:
    """alembic's options for comparing the models (or only ``tables`` of them) with a database:
    only declared tables count (the user's other tables are never "removed"), and a server
    default that means the same is no difference. ``strict`` keeps the dialect's noise: a type
    written differently (MySQL's INTEGER(11), TINYINT(1) for a Boolean) and a default written
    differently (a quoted number, now() for current_timestamp()); a default that means another
    value differs either way, so the two never disagree on it. Shared by the states and the
    migration SQL."""
    declared = set(models.metadata.tables) if tables is None else set(tables)

    def include_name(name: str | None, type_: str, parent: Any) -> bool:
        if type_ == "table":
            return name in declared
        return True

    def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        return type_ != "table" or name in declared

    return {"compare_type": _compare_type_text if strict else True,
            "compare_server_default": _compare_server_default(db.backend.default_backslash_escapes, strict),
            "include_name": include_name, "include_object": include_object,
            "target_metadata": models.metadata}


def _compare_type_text(ctx: Any, _inspected_column: Any, _metadata_column: Any, inspected_type: Any,
                       metadata_type: Any) -> bool | None:
    """Strict: two types differ when this dialect writes them differently."""
    try:
        written = [" ".join(t.compile(dialect=ctx.dialect).upper().split()) for t in (inspected_type, metadata_type)]
    except Exception:  # a type this dialect cannot write: alembic's own comparison decides
        return None
    return written[0] != written[1]


def model_states(db: Database, models: DeclaredModels, strict: bool = False) -> list[ModelState]:
    """The state of every declared table, in creation (foreign-key) order (``strict``: see
    comparison_options)."""
    declared = set(models.metadata.tables)
    with db.connect() as conn:
        existing = set(sa.inspect(conn).get_table_names())
        ctx = MigrationContext.configure(conn, opts=comparison_options(db, models, strict=strict))
        try:
            # None of the models exists: nothing to compare. (alembic would pass SQLAlchemy an empty
            # list of tables to reflect, which reads as "every table": 30 s on 5,000 SQLite tables.)
            diffs = compare_metadata(ctx, models.metadata) if existing & declared else []
        except Exception as exc:  # reflection of an odd type must not hide the states
            diffs = []
            unknown = str(db.error(exc))
        else:
            unknown = ""
    by_table: dict[str, list[str]] = {}
    escapes = db.backend.default_backslash_escapes

    def show_default(default: Any) -> str:
        text = default if isinstance(default, str) else model_default_text(default, db.engine.dialect)
        return default_display(text, escapes)

    for diff in diffs:
        table, text = _describe(diff, show_default)
        by_table.setdefault(table, []).append(text)

    states = []
    for table in models.metadata.sorted_tables:
        name = table.name
        if name not in existing:
            states.append(ModelState(name, models.label(name), State.MISSING))
        else:
            found = tuple(by_table.get(name, ()))
            if unknown:
                found += (f"could not compare: {unknown}",)
            states.append(ModelState(name, models.label(name),
                                     State.DIFFERS if found else State.PRESENT, found))
    return states


def tables_only_in_database(db: Database, models: DeclaredModels) -> list[str]:
    """The database's tables that no model declares: named to the user, never dropped unasked."""
    with db.connect() as conn:
        return sorted(set(sa.inspect(conn).get_table_names()) - set(models.metadata.tables))
