"""A result set turned into numbers a chart can draw. No Qt: which columns can be plotted, and each
chosen column as floats (NULL and values that are not numbers become gaps), with dates as seconds
and text on the X axis as categories."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Sequence

KINDS = ("Line", "Bar", "Scatter")


@dataclass(frozen=True)
class Axis:
    """X values as floats; ``kind`` is 'number', 'time' (seconds since the epoch, UTC) or 'category'
    (0, 1, 2… with ``labels``)."""
    values: list[float]
    kind: str
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]  # NaN where the cell is NULL or not a number


def as_number(value: Any) -> float | None:
    """A cell as a float, or None when it is not a number (booleans count as 0 and 1)."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


def as_time(value: Any) -> float | None:
    """A date or timestamp as seconds; ISO text too ('2024-01-31', '2024-01-31 12:00:00'), since SQLite
    keeps dates as text."""
    if isinstance(value, str) and 10 <= len(value) <= 32 and value[:4].isdigit() and value[4:5] == "-":
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return moment.timestamp()
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.timezone.utc).timestamp()
    return None


def numeric_columns(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[int]:
    """Columns whose non-NULL cells (of the first 1,000 rows) are all numbers: what a Y axis can take."""
    found = []
    sample = rows[:1000]
    for i, _name in enumerate(columns):
        cells = [row[i] for row in sample if row[i] is not None]
        if cells and all(as_number(cell) is not None for cell in cells):
            found.append(i)
    return found


def x_axis(rows: Sequence[Sequence[Any]], column: int | None) -> Axis:
    """``column`` as the X axis: numbers, times, or categories (any other value, as text). None: the
    row number."""
    if column is None:
        return Axis([float(i + 1) for i in range(len(rows))], "number")
    cells = [row[column] for row in rows]
    present = [c for c in cells if c is not None]
    if present and all(as_number(c) is not None for c in present):
        return Axis([_or_nan(as_number(c)) for c in cells], "number")
    if present and all(as_time(c) is not None for c in present):
        return Axis([_or_nan(as_time(c)) for c in cells], "time")
    labels = tuple("NULL" if c is None else str(c) for c in cells)
    return Axis([float(i) for i in range(len(cells))], "category", labels)


def series(columns: Sequence[str], rows: Sequence[Sequence[Any]], chosen: Sequence[int]) -> list[Series]:
    return [Series(columns[i], [_or_nan(as_number(row[i])) for row in rows]) for i in chosen]


def _or_nan(value: float | None) -> float:
    return math.nan if value is None else value
