"""A value typed into a grid cell, turned into its column's type and checked before any SQL runs.

The declared type is the contract: a string longer than VARCHAR(n), a number outside
TINYINT, too many digits for DECIMAL(p, s) or NULL in a NOT NULL column is refused
with a sentence naming the column, on every database. (SQLite would store it anyway,
MySQL might cut it in non-strict mode, PostgreSQL would round the decimals: each
changes the user's data silently.)
"""

from __future__ import annotations

import decimal
import re
from typing import Any

from guiapp.core.errors import EditError, QueryError
from guiapp.core.paging import typed_value
from guiapp.core.schema import ColumnInfo

_INT_BITS = {"TINYINT": 8, "SMALLINT": 16, "INT2": 16, "SMALLSERIAL": 16, "MEDIUMINT": 24,
             "INT": 32, "INTEGER": 32, "INT4": 32, "SERIAL": 32,
             "BIGINT": 64, "INT8": 64, "BIGSERIAL": 64}
_LENGTH = re.compile(r"^(?:N?VARCHAR|CHARACTER VARYING|N?CHAR|CHARACTER|VARBINARY|BINARY|BIT VARYING)"
                     r"\s*\((\d+)\)")
_NUMERIC = re.compile(r"^(?:NUMERIC|DECIMAL|DEC)\s*\((\d+)(?:\s*,\s*(\d+))?\)")
# MySQL's TEXT and BLOB families hold a number of bytes, not of characters.
_MYSQL_BYTES = {"TINYTEXT": 255, "TEXT": 65_535, "MEDIUMTEXT": 16_777_215,
                "TINYBLOB": 255, "BLOB": 65_535, "MEDIUMBLOB": 16_777_215}


def parse_cell(column: ColumnInfo, text: str) -> Any:
    """The user's text as a value of ``column``'s kind (text and unknown kinds stay text)."""
    if column.kind in ("text", "other", "binary"):
        return text
    try:
        return typed_value(column.kind, text)
    except QueryError as exc:
        raise EditError(f"{column.name}: {exc}") from None


def check_fits(column: ColumnInfo, value: Any, dialect: str) -> None:
    """Raise EditError if ``value`` does not fit ``column`` as declared; None is checked too."""
    if value is None:
        if not column.nullable:
            raise EditError(f"{column.name} is NOT NULL: it needs a value.")
        return
    declared = column.type.upper()
    base = declared.split("(")[0].split()[0] if declared else ""
    if isinstance(value, int) and not isinstance(value, bool) and column.kind == "integer":
        _check_integer(column, value, base, declared, dialect)
    elif isinstance(value, str) and (m := _LENGTH.match(declared)) and column.kind != "binary":
        if len(value) > int(m.group(1)):
            raise EditError(f"{column.name} holds at most {int(m.group(1)):,} characters; "
                            f"this value has {len(value):,}.")
    elif isinstance(value, (bytes, bytearray)) and (m := _LENGTH.match(declared)):
        if len(value) > int(m.group(1)):
            raise EditError(f"{column.name} holds at most {int(m.group(1)):,} bytes; "
                            f"this value has {len(value):,}.")
    elif isinstance(value, decimal.Decimal) and (m := _NUMERIC.match(declared)) and value.is_finite():
        _check_decimal(column, value, int(m.group(1)), int(m.group(2) or 0))
    if dialect == "mysql" and base in _MYSQL_BYTES and isinstance(value, (str, bytes, bytearray)):
        size = len(value.encode("utf-8")) if isinstance(value, str) else len(value)
        if size > _MYSQL_BYTES[base]:
            raise EditError(f"{column.name} ({base}) holds at most {_MYSQL_BYTES[base]:,} bytes; "
                            f"this value has {size:,}.")


def _check_integer(column: ColumnInfo, value: int, base: str, declared: str, dialect: str) -> None:
    # SQLite's INTEGER is 64-bit (a rowid); a narrower declared type is still the model's contract.
    bits = 64 if dialect == "sqlite" and base in ("INT", "INTEGER") else _INT_BITS.get(base, 64)
    if "UNSIGNED" in declared:
        low, high = 0, 2 ** bits - 1
    else:
        low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    if not low <= value <= high:
        raise EditError(f"{column.name} ({column.type}) holds whole numbers from {low:,} to {high:,}; "
                        f"{value:,} is out of range.")


def _check_decimal(column: ColumnInfo, value: decimal.Decimal, precision: int, scale: int) -> None:
    exponent = value.as_tuple().exponent
    decimals = max(-exponent, 0) if isinstance(exponent, int) else 0
    if decimals > scale and value != value.quantize(decimal.Decimal(1).scaleb(-scale)):
        raise EditError(f"{column.name} ({column.type}) keeps {scale} decimal places; "
                        f"{value} has {decimals}: round it first.")
    whole = len(str(abs(int(value)))) if abs(value) >= 1 else 0
    if whole > precision - scale:
        raise EditError(f"{column.name} ({column.type}) holds at most {precision - scale} digits "
                        f"before the decimal point; {value} has {whole}.")
