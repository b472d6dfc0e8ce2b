"""An imported file's values turned into their columns' types: one function per column, chosen once.

Every cell of a big import goes through here, so nothing is decided per cell that the column
already decides: each column gets a converter made for its type, limits and database, with a
fast path for the common value (text that fits, a whole number in range, a finite double) and
the full rules (``_cell``) for everything else, so an unusual value is judged, and refused,
exactly as a grid edit would be. A row leaves as a tuple in the table's column order.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from typing import Any, Callable, Sequence

from guiapp.core.errors import EditError
from guiapp.core.data.fitting import check_fits, column_limits, parse_cell
from guiapp.core.data.sniffing import ImportError_
from guiapp.core.schema.catalog import ColumnInfo

Cell = Callable[[Any], Any]
_FLOATING = frozenset({"FLOAT", "REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT4", "FLOAT8"})
_HEX = re.compile(r"(?:0x|\\x)((?:[0-9a-fA-F]{2})*)\Z")
_DATES = ("date", "datetime", "time")
_PARSE = {"date": dt.date.fromisoformat, "datetime": dt.datetime.fromisoformat}


def _bytes(text: str) -> bytes:
    """A binary value as exports write it (0x and hex; PostgreSQL's \\x and hex) as those bytes;
    any other text as its UTF-8 bytes (never handed to the driver as text to interpret)."""
    hexed = _HEX.match(text)
    return bytes.fromhex(hexed.group(1)) if hexed else text.encode("utf-8")


def _cell(col: ColumnInfo, db: Any) -> Cell:
    """The whole rule for one cell of ``col``: None (an unquoted empty CSV field, JSON null) is NULL;
    '' is the empty string in a text column and NULL in any other (no number or date is written as '')."""
    floating = col.kind == "number" and col.type.split("(")[0].strip().upper() in _FLOATING
    keep = db.backend.dates_as_text and col.kind in _DATES
    own_date_text = db.backend.own_date_text
    dialect = db.dialect

    def convert(raw: Any) -> Any:
        if raw is None or (raw == "" and col.kind != "text"):
            value = None
        elif isinstance(raw, str) and col.kind in _DATES and own_date_text(raw):
            value = raw  # infinity, BC, 24:00: the server reads its own text back
        elif isinstance(raw, str) and col.kind == "binary":
            value = _bytes(raw)
        elif isinstance(raw, str):
            value = parse_cell(col, raw)
            if floating and value is not None:
                value = float(value)  # rounded once, correctly, to the double the text names
            elif keep:
                value = raw.strip()  # checked above; stored as the file writes it
        elif isinstance(raw, (dict, list)):
            value = json.dumps(raw, ensure_ascii=False)
        elif col.kind == "text":
            value = json.dumps(raw) if isinstance(raw, bool) else str(raw)
        else:
            value = raw
        check_fits(col, value, dialect)
        return value
    return convert


def _text_most(col: ColumnInfo, db: Any) -> float:
    """The characters a text value of ``col`` may have and surely fit (inf: any number)."""
    limits = column_limits(col, db.dialect)
    most = limits.max_chars if limits.max_chars is not None else math.inf
    if limits.byte_limit is not None:
        most = min(most, limits.byte_limit[1] // 4)  # 4 bytes a character at most: surely fits
    return most


def column_converter(col: ColumnInfo, db: Any) -> Cell:
    """A function from a file value to ``col``'s value, raising EditError as ``_cell`` does."""
    slow = _cell(col, db)
    limits = column_limits(col, db.dialect)
    if col.kind == "text":
        most = _text_most(col, db)

        def text(raw: Any) -> Any:
            if raw.__class__ is str and len(raw) <= most:
                return raw
            return slow(raw)
        return text
    if col.kind == "integer":
        low, high = limits.int_range or (-math.inf, math.inf)

        def integer(raw: Any) -> Any:
            if raw.__class__ is str:
                try:
                    value = int(raw)  # strips blanks as the full rule does
                except ValueError:
                    return slow(raw)
                if low <= value <= high:
                    return value
            return slow(raw)
        return integer
    if col.kind == "number" and col.type.split("(")[0].strip().upper() in _FLOATING:
        def floating(raw: Any) -> Any:
            if raw.__class__ is str:
                try:
                    value = float(raw)
                except ValueError:
                    return slow(raw)
                if value != 0 and value - value == 0:  # finite, not 0: the text's own double
                    return value
            return slow(raw)
        return floating
    if col.kind in _PARSE and not db.backend.dates_as_text:
        parse = _PARSE[col.kind]

        def date(raw: Any) -> Any:
            if raw.__class__ is str:
                try:
                    value = parse(raw)  # takes no blanks: the text is exactly an ISO date
                except ValueError:
                    return slow(raw)
                if not getattr(value, "microsecond", 0):
                    return value
            return slow(raw)
        return date
    return slow


def _without_name(exc: EditError, col: ColumnInfo) -> str:
    """The message without the column's name in front: the import's message names it already."""
    text = str(exc)
    for prefix in (f"{col.name}: ", f"{col.name} "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def row_converter(columns: Sequence[ColumnInfo], positions: Sequence[int], db: Any,
                  source: str) -> Callable[[int, list[Any]], tuple[Any, ...]]:
    """A function from (line, file row) to the row to insert (a tuple in ``columns``' order),
    or ImportError_ naming the line and the first column whose value does not fit."""
    cells = [column_converter(c, db) for c in columns]
    pairs = list(zip(cells, positions))

    def explain(line: int, row: list[Any]) -> ImportError_:
        for col, (cell, pos) in zip(columns, pairs):
            try:
                cell(row[pos])
            except EditError as exc:
                return ImportError_(f"{source}, line {line}, column {col.name}: {_without_name(exc, col)}")
        raise AssertionError("a row failed, then every value fitted")  # pragma: no cover

    # One function for the row, written out as a tuple display (as dataclasses writes its __init__):
    # a text value that surely fits is taken in place, every other value goes through its column's
    # converter, with no loop and no call per text cell.
    values = []
    for i, (col, pos) in enumerate(zip(columns, positions)):
        if col.kind != "text":
            values.append(f"c{i}(row[{int(pos)}])")
            continue
        most = _text_most(col, db)
        fits = "" if most == math.inf else f" and len(v{i}) <= {int(most)}"
        values.append(f"(v{i} if (v{i} := row[{int(pos)}]).__class__ is str{fits} else c{i}(v{i}))")
    source_code = (f"def convert(line, row):\n    try:\n        return ({', '.join(values)},)\n"
                   "    except EditError:\n        raise explain(line, row) from None\n")
    scope: dict[str, Any] = {f"c{i}": cell for i, cell in enumerate(cells)}
    scope.update(EditError=EditError, explain=explain)
    exec(compile(source_code, f"<import of {source}>", "exec"), scope)
    return scope["convert"]


def _column_bytes(col: ColumnInfo, db: Any) -> float:
    """The most bytes a value of ``col`` can take in a statement (inf: no limit below the server's)."""
    if col.kind in ("integer", "number", "boolean") or (col.kind in _DATES and not db.backend.dates_as_text
                                                         and not db.backend.own_date_text("infinity")):
        return 64
    limits = column_limits(col, db.dialect)
    most = math.inf
    if limits.max_bytes is not None:
        most = (2 if col.kind == "binary" else 4) * limits.max_bytes
    if limits.byte_limit is not None:
        most = min(most, 2 * limits.byte_limit[1])
    return most


def size_check(columns: Sequence[ColumnInfo], db: Any, limit: int | None,
               source: str) -> Callable[[int, tuple[Any, ...]], None] | None:
    """A check refusing a row whose values alone exceed the statement size the server takes (it would
    drop the connection and name nothing), naming its largest column; None when no row of these
    columns can come near ``limit``. Bytes count twice: they travel escaped."""
    if not limit or sum(_column_bytes(c, db) for c in columns) + 1024 < limit:
        return None
    names = [c.name for c in columns]

    def check(line: int, values: tuple[Any, ...]) -> None:
        sizes = {name: (2 * len(v) if isinstance(v, (bytes, bytearray)) else 4 * len(v))
                 for name, v in zip(names, values) if isinstance(v, (str, bytes, bytearray))}
        if sum(sizes.values()) < limit:
            return
        sizes = {name: (len(v.encode("utf-8")) if isinstance(v, str) else 2 * len(v))
                 for name, v in zip(names, values) if isinstance(v, (str, bytes, bytearray))}
        if sum(sizes.values()) + 1024 >= limit:
            big = max(sizes, key=sizes.__getitem__)
            raise ImportError_(f"{source}, line {line}, column {big}: the row is about {sum(sizes.values()):,} "
                               f"bytes, more than the server takes in one statement ({limit:,}, its "
                               "max_allowed_packet).")
    return check


__all__ = ["column_converter", "row_converter", "size_check"]
