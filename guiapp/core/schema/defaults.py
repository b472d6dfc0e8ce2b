"""Server defaults compared by what they mean: the database's text against the model's, exactly.

The database hands a default back in its own spelling: ``'draft'::character varying``
(PostgreSQL), ``'draft'`` or ``current_timestamp()`` (MariaDB), ``('draft')`` or ``0`` for
``false()`` (SQLite). A model's default is compiled for the same dialect before it is
compared, so ``sa.false()`` is ``0`` where the database has no boolean and ``false`` where
it has one. Numbers compare as decimals, never as floats: 9007199254740993 is not
9007199254740992.
"""

from __future__ import annotations

import decimal
import re
from typing import Any

from guiapp.core.schema.sqltext import plain_dialect

_CAST = re.compile(r"::[\w ]+(?:\[\])?|\bcollate\s+\S+", re.IGNORECASE)
_NOW = frozenset({"now()", "current_timestamp()", "current_timestamp", "localtimestamp", "localtimestamp()",
                  "transaction_timestamp()", "statement_timestamp()"})
_TRUTH = {"true": "1", "false": "0"}


def _unquote(body: str, quote: str, backslash_escapes: bool) -> str:
    """A quoted literal's value: doubled quotes undone, and backslash escapes where the database
    reads them (MariaDB writes a default of a\\b as ``'a\\\\b'``)."""
    out, i = [], 0
    while i < len(body):
        char = body[i]
        if char == quote and body[i + 1:i + 2] == quote:
            out.append(quote)
            i += 2
        elif char == "\\" and backslash_escapes and i + 1 < len(body):
            nxt = body[i + 1]
            out.append({"n": "\n", "r": "\r", "t": "\t", "0": "\x00", "Z": "\x1a", "b": "\b"}.get(nxt, nxt))
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def normalise_default(text: str | None, backslash_escapes: bool = False) -> str | None:
    """A server default as a comparable value: quotes, casts, parentheses and case removed.

    ``s:`` a string (exact, case kept), ``n:`` a number (as an exact decimal), ``f:now`` the
    current time however it is spelt, ``x:`` any other expression (lowered, spaces removed);
    None for no default (or NULL). ``backslash_escapes``: the database reads a backslash in a
    string literal as an escape (MariaDB).
    """
    if text is None:
        return None
    value = _CAST.sub("", str(text)).strip()
    while len(value) >= 2 and value[0] == "(" and value[-1] == ")":
        value = value[1:-1].strip()
    value = _CAST.sub("", value).strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return "s:" + _unquote(value[1:-1], value[0], backslash_escapes)
    lowered = value.lower()
    if lowered in ("null", ""):
        return None
    if lowered in _NOW:
        return "f:now"
    number = _decimal(_TRUTH.get(lowered, value))
    if number is not None:
        return "n:" + number
    return "x:" + lowered.replace(" ", "")


def _decimal(text: str) -> str | None:
    """``text`` as a canonical exact decimal (``1.50`` and ``1.5`` alike), or None."""
    try:
        number = decimal.Decimal(text.strip())
    except (decimal.InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    return format(number.normalize(), "f") if number else "0"


def model_default_text(default: Any, dialect: Any) -> str | None:
    """The SQL text of a model's server default (a DefaultClause, a text() or other clause, a
    string, or None), as ``dialect`` writes it in DDL."""
    value = getattr(default, "arg", default)
    if value is None:
        return None
    if isinstance(value, str):
        import sqlalchemy as sa
        value = sa.literal(value, sa.String())  # quoted (and escaped) as this database reads it
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return text
    try:
        return str(value.compile(dialect=plain_dialect(dialect), compile_kwargs={"literal_binds": True}))
    except Exception:  # an expression this dialect cannot write: compared as Python prints it
        return str(value)


def defaults_differ(db_text: str | None, model_text: str | None, backslash_escapes: bool = False,
                    strict: bool = False) -> bool:
    """True when the database's default and the model's (both SQL text of that database) mean
    different values. ``strict``: also when they are only written differently, a number quoted
    on one side (MariaDB unquotes them) or the current time spelt ``now()`` and
    ``current_timestamp()``."""
    if strict and normalise_default(db_text, backslash_escapes) == "f:now" == \
            normalise_default(model_text, backslash_escapes):
        return _spelling(db_text) != _spelling(model_text)
    if db_text is not None and ("nextval(" in db_text.lower() or "auto_increment" in db_text.lower()):
        return False  # a serial / identity default belongs to the key, not to the model's intent
    db_value = normalise_default(db_text, backslash_escapes)
    model_value = normalise_default(model_text, backslash_escapes)
    if db_value is not None and model_value is not None and db_value[:2] != model_value[:2] and not strict:
        # 's:7' against 'n:7': a quoted number is still that number (MariaDB unquotes them)
        db_number, model_number = _decimal(db_value[2:]), _decimal(model_value[2:])
        if db_number is not None and model_number is not None:
            return db_number != model_number
    return db_value != model_value


def _spelling(text: str | None) -> str:
    """How a default is written, without outer parentheses, case or spaces."""
    value = "".join((text or "").split()).lower()
    while value.startswith("(") and value.endswith(")"):
        value = value[1:-1]
    return value


def default_display(text: str | None, backslash_escapes: bool = False) -> str:
    """A server default as a user reads it: 'draft', 0, now(), or none."""
    normal = normalise_default(text, backslash_escapes)
    if normal is None:
        return "none"
    if normal.startswith("s:"):
        return "'" + normal[2:].replace("'", "''") + "'"
    return _CAST.sub("", text or "").strip("() ")
