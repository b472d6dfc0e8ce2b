"""Values written as SQL literals that a database reads back as the same value (dumps, copied rows).

Standard SQL here; a backend overrides what its database reads otherwise (MySQL's backslashes,
SQLite's integers for booleans, PostgreSQL's special floats).
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
import uuid
from typing import Any

from guiapp.core.values import timedelta_text


class SqlLiterals:
    """The literal-writing part of a Backend (mixed into it)."""

    name = "generic"
    #: the keyword that makes an SQL dump's INSERTs valid for this backend ('TRUE'/'1').
    true_literal = "TRUE"
    false_literal = "FALSE"

    def literal(self, value: Any) -> str:
        """``value`` as an SQL literal that this backend reads back as the same value."""
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return self.true_literal if value else self.false_literal
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            return self.float_literal(value)
        if isinstance(value, decimal.Decimal):
            return self.decimal_literal(value)
        if isinstance(value, (bytes, bytearray, memoryview)):
            return self.bytes_literal(bytes(value))
        if isinstance(value, dt.datetime):
            return self.string_literal(value.isoformat(sep=" "))
        if isinstance(value, (dt.date, dt.time)):
            return self.string_literal(value.isoformat())
        if isinstance(value, dt.timedelta):
            return self.string_literal(timedelta_text(value))
        if isinstance(value, uuid.UUID):
            return self.string_literal(str(value))
        if isinstance(value, (dict, list)):
            return self.string_literal(json.dumps(value, ensure_ascii=False))
        return self.string_literal(str(value))

    def string_literal(self, text: str) -> str:
        """Standard SQL: quotes doubled, every other character as it is."""
        return "'" + text.replace("'", "''") + "'"

    def bytes_literal(self, data: bytes) -> str:
        return "X'" + data.hex() + "'"

    def float_literal(self, value: float) -> str:
        if math.isnan(value) or math.isinf(value):
            # Most databases hold neither: refuse (the caller names the cell), never write NULL.
            raise ValueError(f"{self.name} has no value {_special_number(value)}")
        if value == 0 and math.copysign(1, value) < 0:
            return "-0e0"  # -0.0 would be read as the decimal 0, which has no sign
        return repr(value)

    def decimal_literal(self, value: decimal.Decimal) -> str:
        if not value.is_finite():
            raise ValueError(f"{self.name} has no value {_special_number(value)}")
        # Never 1.5E-7: MySQL reads a number with an exponent as a double and loses digits.
        return format(value, "f")


def _special_number(value: Any) -> str:
    """'NaN', 'Infinity' or '-Infinity', for messages."""
    text = str(value).lower()
    return "NaN" if "nan" in text else ("-Infinity" if text.startswith("-") else "Infinity")

