"""A value typed into a grid cell, turned into its column's type and checked before any SQL runs.

The declared type is the contract: a string longer than VARCHAR(n), a number outside
TINYINT, too many digits for DECIMAL(p, s) or NULL in a NOT NULL column is refused
with a sentence naming the column, on every database. (SQLite would store it anyway,
MySQL might cut it in non-strict mode, PostgreSQL would round the decimals: each
changes the user's data silently.)
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import math
import re
from dataclasses import dataclass
from typing import Any

from guiapp.core.errors import EditError, QueryError
from guiapp.core.data.paging import typed_value
from guiapp.core.schema.catalog import ColumnInfo

_FLOATING = frozenset({"FLOAT", "DOUBLE", "REAL", "FLOAT4", "FLOAT8"})
_INT_BITS = {"TINYINT": 8, "SMALLINT": 16, "INT2": 16, "SMALLSERIAL": 16, "MEDIUMINT": 24,
             "INT": 32, "INTEGER": 32, "INT4": 32, "SERIAL": 32,
             "BIGINT": 64, "INT8": 64, "BIGSERIAL": 64}
_LENGTH = re.compile(r"^(?:N?VARCHAR|CHARACTER VARYING|N?CHAR|CHARACTER|VARBINARY|BINARY|BIT VARYING)"
                     r"\s*\((\d+)\)")
_SECONDS = re.compile(r"^(?:DATETIME|TIMESTAMP|TIME)\s*(?:\((\d+)\))?")
_NUMERIC = re.compile(r"^(?:NUMERIC|DECIMAL|DEC)\s*\((\d+)(?:\s*,\s*(\d+))?\)")


def parse_cell(column: ColumnInfo, text: str) -> Any:
    """The user's text as a value of ``column``'s kind (text and unknown kinds stay text)."""
    if column.kind in ("text", "other", "binary"):
        return text
    try:
        value = typed_value(column.kind, text)
    except QueryError as exc:
        raise EditError(f"{column.name}: {exc}") from None
    if isinstance(value, decimal.Decimal) and column.type.upper().split("(")[0].split(" ")[0] in _FLOATING:
        # A floating column gets a float: a Decimal is sent as a decimal literal, which MariaDB cuts
        # to 38 places (1e-300 was stored as 0).
        as_float = float(value)
        # Infinity typed as such stays infinity (whether the database stores it is check_fits' to say);
        # a finite number beyond the type, or so small that it would be 0, is refused.
        if value.is_finite() and (math.isinf(as_float) or (as_float == 0 and value != 0)):
            raise EditError(f"{column.name} ({column.type}): {text.strip()} is out of its range.")
        return as_float
    return value


@dataclass(frozen=True)
class _Limits:
    """What a declared type allows, worked out once per column (imports check every cell)."""

    int_range: tuple[int, int] | None = None
    max_chars: int | None = None
    max_bytes: int | None = None
    numeric: tuple[int, int] | None = None
    byte_limit: tuple[str, int] | None = None
    second_digits: int | None = None
    lost_floats: frozenset[str] = frozenset()
    label: str = ""


@functools.lru_cache(maxsize=4096)
def _limits(column: ColumnInfo, dialect: str) -> _Limits:
    from guiapp.core.backends import backend_for
    backend = backend_for(dialect)
    declared = column.type.upper()
    base = declared.split("(")[0].split()[0] if declared else ""
    int_range = None
    if column.kind == "integer":
        # A narrower declared type is the model's contract, unless the database widens it (SQLite's rowid).
        bits = 64 if base in backend.wide_integers else _INT_BITS.get(base, 64)
        int_range = ((0, 2 ** bits - 1) if "UNSIGNED" in declared
                     else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1))
    length = _LENGTH.match(declared)
    numeric = _NUMERIC.match(declared)
    seconds = _SECONDS.match(declared) if column.kind in ("datetime", "time") else None
    if seconds is not None:
        declared_digits = column.second_digits if column.second_digits is not None else seconds.group(1)
        second_digits = int(declared_digits) if declared_digits is not None else backend.second_digits
    return _Limits(
        int_range=int_range,
        max_chars=int(length.group(1)) if length and column.kind != "binary" else None,
        max_bytes=int(length.group(1)) if length else None,
        numeric=(int(numeric.group(1)), int(numeric.group(2) or 0)) if numeric else None,
        byte_limit=(base, backend.byte_limits[base]) if base in backend.byte_limits else None,
        second_digits=second_digits if seconds is not None else None,
        lost_floats=backend.lost_floats, label=backend.label)


column_limits = _limits  # for an import's converters, which read them once per column


def check_fits(column: ColumnInfo, value: Any, dialect: str) -> None:
    """Raise EditError if ``value`` does not fit ``column`` as declared; None is checked too."""
    if value is None:
        if not column.nullable:
            raise EditError(f"{column.name} is NOT NULL: it needs a value.")
        return
    limits = _limits(column, dialect)
    if isinstance(value, int) and not isinstance(value, bool):
        if limits.int_range is not None and not limits.int_range[0] <= value <= limits.int_range[1]:
            low, high = limits.int_range
            raise EditError(f"{column.name} ({column.type}) holds whole numbers from {low:,} to {high:,}; "
                            f"{value:,} is out of range.")
    elif isinstance(value, str):
        if limits.max_chars is not None and len(value) > limits.max_chars:
            raise EditError(f"{column.name} holds at most {limits.max_chars:,} characters; "
                            f"this value has {len(value):,}.")
    elif isinstance(value, (bytes, bytearray)):
        if limits.max_bytes is not None and len(value) > limits.max_bytes:
            raise EditError(f"{column.name} holds at most {limits.max_bytes:,} bytes; "
                            f"this value has {len(value):,}.")
    elif isinstance(value, decimal.Decimal) and limits.numeric is not None and value.is_finite():
        _check_decimal(column, value, *limits.numeric)
    elif isinstance(value, (dt.datetime, dt.time)) and limits.second_digits is not None and value.microsecond:
        digits = len(f"{value.microsecond:06d}".rstrip("0"))
        if digits > limits.second_digits:
            keeps = ("whole seconds" if not limits.second_digits
                     else f"{limits.second_digits} digits of a second")
            # The database would round (PostgreSQL, MySQL) or cut (MariaDB) the rest away.
            raise EditError(f"{column.name} ({column.type}) keeps {keeps}; {value} has {digits}: round it first.")
    if isinstance(value, (float, decimal.Decimal)) and limits.lost_floats and not _finite(value):
        special = "NaN" if value != value else ("-Infinity" if value < 0 else "Infinity")
        if special in limits.lost_floats:
            raise EditError(f"{column.name}: {limits.label} cannot store {special}.")
    if limits.byte_limit is not None and isinstance(value, (str, bytes, bytearray)):
        base, most = limits.byte_limit
        if len(value) * (4 if isinstance(value, str) else 1) > most:  # cheap first: 4 bytes a character at most
            size = len(value.encode("utf-8")) if isinstance(value, str) else len(value)
            if size > most:
                raise EditError(f"{column.name} ({base}) holds at most {most:,} bytes; this value has {size:,}.")


def _finite(value: float | decimal.Decimal) -> bool:
    return value.is_finite() if isinstance(value, decimal.Decimal) else math.isfinite(value)


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
