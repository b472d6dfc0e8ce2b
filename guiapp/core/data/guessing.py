"""A column type for a new table, guessed from every value of a file's column.

Every row is looked at, not a sample: a column whose 3,146th value has more decimals than the
first thousand still gets a type that holds it. Numbers written the way floats print (many
significant digits, an exponent, NaN) become FLOAT, decimals written with a fixed number of places
NUMERIC(p, s) wide enough for all of them, and anything in doubt TEXT, which holds every value as
written (a zip code 01234 stays text: an integer would drop its zero).
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from typing import Any

_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+\Z")
_FLOAT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?[eE][-+]?[0-9]+\Z")
_SPECIAL = frozenset({"nan", "inf", "-inf", "infinity", "-infinity"})
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?\Z")
# The widest NUMERIC every database here takes (MySQL: 65 digits, 30 after the point).
MAX_PRECISION, MAX_SCALE = 65, 30
_BOOLEANS = frozenset({"true", "false", "t", "f"})  # as written by JSON, Python, and PostgreSQL's CSV
FLOAT_DIGITS = 15  # more significant digits than a double keeps exactly


class ColumnGuess:
    """What the values of one column seen so far could all be."""

    def __init__(self) -> None:
        self.seen = 0
        self.boolean = self.integer = self.number = self.date = self.datetime = True
        self.low = self.high = 0
        self.whole = self.scale = 0
        self.float_like = False  # an exponent, NaN, or more digits than NUMERIC should guess
        self.floats_only = True  # every number with a point prints as a float would

    def add(self, value: Any) -> None:
        if value is None or value == "":
            return
        self.seen += 1
        if isinstance(value, bool):
            self.integer = self.number = self.date = self.datetime = False
            return
        self.boolean = self.boolean and isinstance(value, str) and value.lower() in _BOOLEANS
        if isinstance(value, (dict, list)) or not isinstance(value, (str, int)):
            self.integer = self.number = self.date = self.datetime = False
            return
        text = value if isinstance(value, str) else str(value)
        if self.integer or self.number:
            self._number(text)
        if self.date:
            self.date = bool(_DATE.match(text)) and _parses(dt.date.fromisoformat, text)
        if self.datetime:
            self.datetime = bool(_DATETIME.match(text) or _DATE.match(text)) and _parses(dt.datetime.fromisoformat,
                                                                                        text)

    def _number(self, text: str) -> None:
        if _INTEGER.match(text):
            n = int(text)
            self.low, self.high = min(self.low, n), max(self.high, n)
            self.whole = max(self.whole, len(text.lstrip("-")))
            return
        self.integer = False
        if text.lower() in _SPECIAL:
            self.float_like = True
            return
        if not (_DECIMAL.match(text) or _FLOAT.match(text)):
            self.number = False
            return
        value = decimal.Decimal(text)
        sign, digits, exponent = value.as_tuple()
        assert isinstance(exponent, int)
        self.scale = max(self.scale, -exponent)
        self.whole = max(self.whole, len(digits) + exponent)
        if not _float_printed(text, value):
            self.floats_only = False  # written as a decimal is (1.50, 12 digits past a double's): NUMERIC
        elif "e" in text or len(digits) > FLOAT_DIGITS:
            self.float_like = True  # as Python and PostgreSQL print a double (a Decimal writes E)

    def type(self, exact_digits: int = MAX_PRECISION) -> str:
        """INTEGER, BIGINT, NUMERIC(p, s), FLOAT, BOOLEAN, DATE, DATETIME or TEXT (``exact_digits``:
        the most digits the database's NUMERIC keeps; TEXT keeps longer numbers exactly)."""
        most = min(exact_digits, MAX_PRECISION)
        if not self.seen:
            return "TEXT"
        if self.boolean:
            return "BOOLEAN"
        if self.integer:
            if -2**31 <= self.low and self.high < 2**31:
                return "INTEGER"
            if -2**63 <= self.low and self.high < 2**63:
                return "BIGINT"
            return f"NUMERIC({self.whole}, 0)" if self.whole <= most else "TEXT"
        if self.number:
            fits = self.scale <= MAX_SCALE and self.whole + self.scale <= most
            if self.floats_only and (self.float_like or not fits):
                return "FLOAT"
            if fits:
                precision = min(max(self.whole + self.scale + 4, 10), most)
                return f"NUMERIC({precision}, {self.scale})"
            return "TEXT"
        if self.date:
            return "DATE"
        if self.datetime:
            return "DATETIME"
        return "TEXT"


def _float_printed(text: str, value: decimal.Decimal) -> bool:
    """The text is a double as a database or Python prints it: the same number once read as a
    double, and no trailing zero after the point but that of "3.0"."""
    mantissa = text.split("e")[0].split("E")[0]
    fraction = mantissa.partition(".")[2]
    if fraction.endswith("0") and fraction != "0":
        return False
    number = float(text)  # shortest digits (Python, PostgreSQL 12+) or all 17 (extra_float_digits=3)
    return decimal.Decimal(repr(number)) == value or decimal.Decimal(format(number, ".17g")) == value


def _parses(parse: Any, text: str) -> bool:
    try:
        parse(text)
        return True
    except ValueError:
        return False


def guess_type(values: list[Any]) -> str:
    """The type for a list of values (see ColumnGuess)."""
    guess = ColumnGuess()
    for v in values:
        guess.add(v)
    return guess.type()


__all__ = ["ColumnGuess", "guess_type"]
