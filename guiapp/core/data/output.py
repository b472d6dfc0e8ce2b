"""Stream result rows to a text stream as an aligned table, CSV, JSON or SQL INSERTs.

Every writer takes batches, so a million-row result never sits in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
from itertools import chain
from typing import Any, Callable, Iterable, Sequence, TextIO

from guiapp.core.values import to_display, to_json, to_text

Rows = Iterable[Sequence[Any]]
FORMATS = ("table", "csv", "json", "sql")


class TableWriter:
    """An aligned text table; widths are taken from the first batch, later cells are cut to fit."""

    MAX_WIDTH = 60

    def __init__(self, out: TextIO, columns: Sequence[str]) -> None:
        self.out = out
        self.columns = list(columns)
        self.widths: list[int] | None = None
        self.count = 0

    def _line(self, cells: Sequence[str]) -> str:
        assert self.widths is not None
        parts = []
        for cell, width in zip(cells, self.widths):
            if len(cell) > width:
                cell = cell[: max(width - 1, 0)] + "…"
            parts.append(cell.ljust(width))
        return " | ".join(parts).rstrip()

    def write(self, batch: Sequence[Sequence[Any]]) -> None:
        cells = [[to_display(v, self.MAX_WIDTH) for v in row] for row in batch]
        if self.widths is None:
            self.widths = [min(max([len(c)] + [len(r[i]) for r in cells]), self.MAX_WIDTH)
                           for i, c in enumerate(self.columns)]
            self.out.write(self._line(self.columns) + "\n")
            self.out.write("-+-".join("-" * w for w in self.widths) + "\n")
        for row in cells:
            self.out.write(self._line(row) + "\n")
        self.count += len(batch)

    def close(self) -> None:
        if self.widths is None:
            self.write([])
        self.out.write(f"({self.count:,} row{'s' if self.count != 1 else ''})\n")


# Types the csv module writes exactly as to_text() would: str(datetime) is its
# isoformat(" "), str(Decimal) is exact. Anything else (bytes above all) is converted.
_NATIVE = frozenset({str, int, float, type(None), bool, dt.datetime, dt.date, dt.time, decimal.Decimal})


class CsvWriter:
    """CSV with NULL as ''. Rows go to the csv module as they are unless a column holds
    values it would render wrongly (bytes, dates): only those columns are converted."""

    def __init__(self, out: TextIO, columns: Sequence[str]) -> None:
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(columns)
        self.count = 0

    def write(self, batch: Sequence[Sequence[Any]]) -> None:
        if not batch:
            return
        # Every value's type, checked in C and without transposing the batch: most batches hold
        # only native types (a sixth of an export's time before). Only a batch that does not is
        # looked at column by column.
        if _NATIVE.issuperset(map(type, chain.from_iterable(batch))):
            odd = []
        else:
            odd = [i for i, col in enumerate(zip(*batch)) if not set(map(type, col)) <= _NATIVE]
        if odd:
            rows = [list(row) for row in batch]
            for row in rows:
                for i in odd:
                    row[i] = to_text(row[i])
            self.writer.writerows(rows)
        else:
            self.writer.writerows(batch)
        self.count += len(batch)

    def close(self) -> None:
        pass


class JsonWriter:
    """A JSON array of objects, written one row at a time."""

    def __init__(self, out: TextIO, columns: Sequence[str]) -> None:
        self.out = out
        self.columns = list(columns)
        self.count = 0
        out.write("[")

    def write(self, batch: Sequence[Sequence[Any]]) -> None:
        for row in batch:
            sep = ",\n " if self.count else "\n "
            self.out.write(sep + json.dumps({c: to_json(v) for c, v in zip(self.columns, row)},
                                            ensure_ascii=False))
            self.count += 1

    def close(self) -> None:
        self.out.write("\n]\n" if self.count else "]\n")


class SqlWriter:
    """INSERT statements, 100 rows each, for the target database: identifiers quoted by
    ``quote`` and every value rendered by ``literal`` with that database's own escaping
    (a backend's ``literal``), so a crafted cell can never end its string early."""

    def __init__(self, out: TextIO, columns: Sequence[str], table: str = "result",
                 quote: Callable[[str], str] | None = None,
                 literal: Callable[[Any], str] | None = None,
                 convert: Callable[[Sequence[Any]], Sequence[Any]] | None = None) -> None:
        from guiapp.core.backends import Backend
        self.out = out
        self.convert = convert  # values read untyped, made what the column holds (0/1 -> booleans)
        q = quote or (lambda s: '"' + s.replace('"', '""') + '"')
        self.literal = literal or Backend().literal
        self.head = f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) VALUES\n"
        self.count = 0

    def write(self, batch: Sequence[Sequence[Any]]) -> None:
        for start in range(0, len(batch), 100):
            chunk = batch[start:start + 100]
            if self.convert is not None:
                chunk = [self.convert(row) for row in chunk]
            values = ",\n".join("(" + ", ".join(self.literal(v) for v in row) + ")" for row in chunk)
            self.out.write(self.head + values + ";\n")
        self.count += len(batch)

    def close(self) -> None:
        pass


def make_writer(fmt: str, out: TextIO, columns: Sequence[str], **kw: Any) -> Any:
    """A writer for ``fmt`` (one of FORMATS)."""
    if fmt == "table":
        return TableWriter(out, columns)
    if fmt == "csv":
        return CsvWriter(out, columns)
    if fmt == "json":
        return JsonWriter(out, columns)
    if fmt == "sql":
        return SqlWriter(out, columns, **kw)
    raise ValueError(f"Unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
