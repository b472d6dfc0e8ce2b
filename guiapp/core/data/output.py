"""Stream result rows to a text stream as an aligned table, CSV, JSON or SQL INSERTs.

Every writer takes batches, so a million-row result never sits in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
from itertools import chain, repeat
from operator import contains
from typing import Any, Callable, Iterable, Sequence, TextIO

from guiapp.core.errors import ExportError
from guiapp.core.values import BINARY_PREVIEW, is_binary, to_display, to_json, to_text

Rows = Iterable[Sequence[Any]]
FORMATS = ("table", "csv", "json", "sql")


class TableWriter:
    """An aligned text table; widths are taken from the first batch, later cells are cut to fit.
    Every cut cell ends with '…', and the closing line says how many were cut."""

    MAX_WIDTH = 60

    def __init__(self, out: TextIO, columns: Sequence[str], hint: str = "") -> None:
        self.out = out
        self.columns = list(columns)
        self.widths: list[int] | None = None
        self.count = 0
        self.cut = 0
        self.hint = hint  # how to see the values whole, said when a cell was cut

    def _line(self, cells: Sequence[str], whole: Sequence[bool] = ()) -> str:
        assert self.widths is not None
        parts = []
        for i, (cell, width) in enumerate(zip(cells, self.widths)):
            if len(cell) > width:
                cell = cell[: max(width - 1, 0)] + "…"
                self.cut += 1
            elif whole and not whole[i]:
                self.cut += 1  # shortened to the preview already
            parts.append(cell.ljust(width))
        return " | ".join(parts).rstrip()

    def write(self, batch: Sequence[Sequence[Any]]) -> None:
        cells = [[to_display(v, self.MAX_WIDTH) for v in row] for row in batch]
        # to_display shortens long text and binary to a preview: count those as cut too.
        whole = [[_shown_whole(v, self.MAX_WIDTH) for v in row] for row in batch]
        if self.widths is None:
            self.widths = [min(max([len(c)] + [len(r[i]) for r in cells]), self.MAX_WIDTH)
                           for i, c in enumerate(self.columns)]
            self.out.write(self._line(self.columns) + "\n")
            self.cut = 0  # a long column name is no cell
            self.out.write("-+-".join("-" * w for w in self.widths) + "\n")
        for row, kept in zip(cells, whole):
            self.out.write(self._line(row, kept) + "\n")
        self.count += len(batch)

    def close(self) -> None:
        if self.widths is None:
            self.write([])
        note = ""
        if self.cut:
            note = f"; {self.cut:,} cell{'s' if self.cut != 1 else ''} cut to fit, ending in …" + \
                (f": {self.hint}" if self.hint else "")
        self.out.write(f"({self.count:,} row{'s' if self.count != 1 else ''}{note})\n")


def _shown_whole(value: Any, limit: int) -> bool:
    """True if to_display(value, limit) is the whole value, not a preview of it."""
    if value is None or isinstance(value, (int, float)):
        return True
    if is_binary(value):
        return len(value) <= BINARY_PREVIEW
    return len(value if isinstance(value, str) else to_text(value)) <= limit


# Types the csv module writes exactly as to_text() would: str(datetime) is its
# isoformat(" "), str(Decimal) is exact (a batch where it wrote an exponent is written again,
# see CsvWriter). Anything else (bytes above all) is converted.
_NATIVE = frozenset({str, int, float, type(None), bool, dt.datetime, dt.date, dt.time, decimal.Decimal})


def _field_text(value: Any) -> str:
    """A value's CSV text: to_text's, but a Decimal in positional notation with its scale, as the
    database writes it (MariaDB's DECIMAL(20,10) zero is 0.0000000000, which str() makes 0E-10)."""
    return format(value, "f") if isinstance(value, decimal.Decimal) else to_text(value)


def csv_field(value: Any, alone: bool = False) -> str:
    """One CSV field as PostgreSQL's COPY writes it: NULL an empty field, the empty string ``""``,
    and text holding a comma, a quote, CR or LF quoted (quotes doubled); ``\\.`` too where it is
    ``alone`` on its line (a row of one column), where a reader would take it for the end of data."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else _field_text(value)
    if not text or any(c in text for c in ',"\r\n') or (alone and text == "\\."):
        return '"' + text.replace('"', '""') + '"'
    return text


class CsvWriter:
    """CSV as PostgreSQL's COPY writes it (``csv_field``), so NULL and '' read back apart.

    Rows go to the csv module as they are, in C, unless a batch holds what it would write
    differently: values it renders wrongly (bytes, durations) are converted in their columns
    only, and a batch holding '' or a CR (which the csv module leaves unquoted under Python
    3.11), or a NULL alone on its row, is written field by field instead.

    ``bytes_only``: the driver returns nothing but int, float, str, bytes and None (SQLite),
    so no batch is searched for other types: bytes show in the written text as b'...', and
    only a batch whose text holds b' or b" is looked at again (a sixth of the writing saved)."""

    def __init__(self, out: TextIO, columns: Sequence[str], bytes_only: bool = False) -> None:
        self.out = out
        self.lines = _Lines()
        self.writer = csv.writer(self.lines, lineterminator="\n")
        # The csv module writes a row of one NULL as "" (so that it is no blank line), and a
        # lone \\. bare: not ours.
        self.one_column = len(columns) == 1
        self.bytes_only = bytes_only
        out.write(",".join(csv_field(c, self.one_column) for c in columns) + "\n")
        self.count = 0

    def write(self, batch: Sequence[Sequence[Any]]) -> None:
        if not batch:
            return
        text = self._as_is(batch) if self.bytes_only else None
        if text is None:
            text = self._checked(batch)
        self.out.write(text)
        self.count += len(batch)

    def _as_is(self, batch: Sequence[Sequence[Any]]) -> str | None:
        """The batch through the csv module unchanged, or None if it holds bytes, '' or CR."""
        if any(map(contains, batch, repeat(""))) or (self.one_column and _odd_alone(batch)):
            return None  # row by row: 30% cheaper than one chain over the batch's values
        text = self._csv(batch)
        # A quote character alone is found at memchr's speed; only a batch holding one is searched
        # for b' or b" (searching every batch cost 3% of what the csv module's writing costs).
        if "\r" in text or ("'" in text and "b'" in text) or ('"' in text and 'b"' in text):
            return None
        return text

    def _checked(self, batch: Sequence[Sequence[Any]]) -> str:
        # Every value's type, checked in C and without transposing the batch: most batches hold
        # only native types. Only a batch that does not is looked at column by column.
        types = set(map(type, chain.from_iterable(batch)))
        if _NATIVE.issuperset(types):
            rows: Sequence[Sequence[Any]] = batch
        else:
            odd = [i for i, col in enumerate(zip(*batch)) if not set(map(type, col)) <= _NATIVE]
            rows = [list(row) for row in batch]
            for row in rows:
                for i in odd:
                    if row[i] is not None:  # NULL stays NULL, never ''
                        row[i] = _field_text(row[i])
        if (str in types and "" in chain.from_iterable(rows)) or (self.one_column and _odd_alone(rows)):
            return _by_field(rows, self.one_column)
        text = self._csv(rows)
        if decimal.Decimal in types and ("E-" in text or "E+" in text):
            # A Decimal the csv module wrote with an exponent (rare): its cells again, positional.
            rows = [[_field_text(v) if type(v) is decimal.Decimal else v for v in row] for row in rows]
            text = self._csv(rows)
        return _by_field(rows, self.one_column) if "\r" in text else text  # a CR the csv module left bare

    def _csv(self, rows: Sequence[Sequence[Any]]) -> str:
        try:
            self.writer.writerows(rows)
            return "".join(self.lines)
        finally:
            self.lines.clear()

    def close(self) -> None:
        pass


class _Lines(list):  # type: ignore[type-arg]
    """What the csv module writes a batch to: its lines, joined once. A StringIO there cost a
    quarter of a SQLite export's writing: after the first getvalue() and truncate() it holds
    every character in four bytes and converts each batch twice."""

    write = list.append


def _by_field(rows: Sequence[Sequence[Any]], one_column: bool) -> str:
    if one_column:
        return "".join(csv_field(row[0], True) + "\n" for row in rows)
    return "".join(",".join(map(csv_field, row)) + "\n" for row in rows)


def _odd_alone(rows: Sequence[Sequence[Any]]) -> bool:
    """Whether a batch of one column holds a NULL or a lone \\., which the csv module writes
    otherwise than COPY does."""
    return None in chain.from_iterable(rows) or "\\." in chain.from_iterable(rows)


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
        self.columns = list(columns)
        self.head = f"INSERT INTO {q(table)} ({', '.join(q(c) for c in columns)}) VALUES\n"
        self.count = 0

    def write(self, batch: Sequence[Sequence[Any]]) -> None:
        for start in range(0, len(batch), 100):
            chunk = batch[start:start + 100]
            if self.convert is not None:
                chunk = [self.convert(row) for row in chunk]
            try:
                values = ",\n".join("(" + ", ".join(self.literal(v) for v in row) + ")" for row in chunk)
            except ValueError:
                raise self._refusal(chunk, self.count + start) from None
            self.out.write(self.head + values + ";\n")
        self.count += len(batch)

    def _refusal(self, chunk: Sequence[Sequence[Any]], before: int) -> ExportError:
        """Name the first cell of ``chunk`` that has no literal the target reads back as itself."""
        for number, row in enumerate(chunk, before + 1):
            for column, value in zip(self.columns, row):
                try:
                    self.literal(value)
                except ValueError as exc:
                    return ExportError(f"Row {number:,}, column {column} cannot be written as SQL: {exc}. "
                                       "Nothing was exported.")
        return ExportError(f"A row after row {before:,} cannot be written as SQL. Nothing was exported.")

    def close(self) -> None:
        pass


def make_writer(fmt: str, out: TextIO, columns: Sequence[str], **kw: Any) -> Any:
    """A writer for ``fmt`` (one of FORMATS)."""
    if fmt == "table":
        return TableWriter(out, columns, **kw)
    if fmt == "csv":
        return CsvWriter(out, columns, **kw)
    if fmt == "json":
        return JsonWriter(out, columns)
    if fmt == "sql":
        return SqlWriter(out, columns, **kw)
    raise ValueError(f"Unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
