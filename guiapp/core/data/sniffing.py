"""Read a CSV, TSV or JSON-lines file the way its author wrote it: encoding, delimiter, quote
and header detected from its first bytes, rows streamed, and a type guessed per column.

Only the standard library: ``csv.Sniffer`` for the dialect, BOMs and a strict UTF-8 try for
the encoding (a file that is not UTF-8 is most often Windows-1252 from a spreadsheet).
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator

from guiapp.core.errors import GuiappError

SAMPLE_BYTES = 256 * 1024
DELIMITERS = ",;\t|"
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")


class ImportError_(GuiappError):
    """A file that cannot be imported as it stands; the message names the line and column."""


@dataclass(frozen=True)
class FileFormat:
    """How a file is written. ``kind``: 'csv' (any delimiter) or 'jsonl'."""

    kind: str = "csv"
    encoding: str = "utf-8"
    delimiter: str = ","
    quotechar: str = '"'
    header: bool = True

    def with_(self, **changes: Any) -> "FileFormat":
        return replace(self, **changes)


def _encoding(head: bytes) -> str:
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return "utf-8"  # the sample cut a character in two
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def sniff(path: Path) -> FileFormat:
    """The format of ``path`` as far as its first bytes tell."""
    try:
        with open(path, "rb") as f:
            head = f.read(SAMPLE_BYTES)
    except OSError as exc:
        raise ImportError_(f"Cannot read {path}: {exc.strerror or exc}") from None
    if not head.strip():
        raise ImportError_(f"{path.name} is empty: there is nothing to import.")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportError_(f"{path.name} is not a text file (it holds NUL bytes).")
    encoding = _encoding(head)
    text = head.decode(encoding, errors="replace")
    if path.suffix.lower() in (".jsonl", ".ndjson") or text.lstrip().startswith("{"):
        return FileFormat(kind="jsonl", encoding=encoding)
    lines = text.splitlines()
    sample = "\n".join(lines[:50] if len(lines) > 1 else lines)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    quotechar = '"'
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        delimiter, quotechar = dialect.delimiter, dialect.quotechar or '"'
    except csv.Error:
        pass
    first = next(csv.reader(io.StringIO(sample), delimiter=delimiter, quotechar=quotechar), [])
    return FileFormat("csv", encoding, delimiter, quotechar, _looks_like_header(first))


def _looks_like_header(cells: list[str]) -> bool:
    """Most files start with column names: the first line is data only if a cell is empty,
    repeated, or a number (csv.Sniffer's vote guesses wrong on short files)."""
    names = [c.strip() for c in cells]
    if not names or any(not n for n in names) or len(set(names)) != len(names):
        return False
    for name in names:
        try:
            decimal.Decimal(name)
            return False
        except decimal.InvalidOperation:
            continue
    return True


def read_rows(path: Path, fmt: FileFormat) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """The column names, and (line number, values) for every data row, streamed.

    Values of a CSV are strings; those of JSON lines are what JSON holds. A file without a
    header names its columns column_1, column_2, ...
    """
    if fmt.kind == "jsonl":
        return _jsonl(path, fmt)
    f = _LineReader(path, fmt.encoding)
    reader = csv.reader(f, delimiter=fmt.delimiter, quotechar=fmt.quotechar)
    try:
        first = next(reader)
    except StopIteration:
        f.close()
        return [], iter(())
    except (UnicodeDecodeError, csv.Error) as exc:
        f.close()
        raise _read_error(path, 1, exc) from None
    names = [n.strip() or f"column_{i}" for i, n in enumerate(first, 1)] if fmt.header else \
        [f"column_{i}" for i in range(1, len(first) + 1)]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with f:
            if not fmt.header:
                yield 1, list(first)
            try:
                for row in reader:
                    if row or reader.line_num == 0:
                        yield reader.line_num, row
            except (UnicodeDecodeError, csv.Error) as exc:
                raise _read_error(path, reader.line_num + 1, exc) from None
    return names, rows()


class _LineReader:
    """The file's lines decoded one by one, so a byte that is not in the encoding is reported
    on its own line (a text file object decodes ahead by blocks)."""

    def __init__(self, path: Path, encoding: str) -> None:
        self.path = path
        self.encoding = encoding
        self.line = 0
        # UTF-16 cannot be split on b"\n": it is decoded as a stream.
        self._file: Any = (open(path, encoding=encoding, newline="") if encoding == "utf-16"
                           else open(path, "rb"))

    def __iter__(self) -> "_LineReader":
        return self

    def __next__(self) -> str:
        raw = next(self._file)
        self.line += 1
        if isinstance(raw, str):
            return raw
        try:
            return raw.decode(self.encoding if self.line == 1 or self.encoding != "utf-8-sig" else "utf-8")
        except UnicodeDecodeError:
            raise ImportError_(f"{self.path.name}, line {self.line}: the text is not {self.encoding}; "
                               "choose its encoding.") from None

    def __enter__(self) -> "_LineReader":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()


def _read_error(path: Path, line: int, exc: Exception) -> ImportError_:
    if isinstance(exc, UnicodeDecodeError):
        return ImportError_(f"{path.name}, line {line}: the text is not {exc.encoding}; choose its encoding.")
    return ImportError_(f"{path.name}, line {line}: {exc}.")


def _jsonl(path: Path, fmt: FileFormat) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    names: list[str] = []
    with _LineReader(path, fmt.encoding) as f:
        for n, line in zip(range(1000), f):
            if line.strip():
                obj = _json_line(path, n + 1, line)
                names += [k for k in obj if k not in names]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with _LineReader(path, fmt.encoding) as f:
            for number, line in enumerate(f, 1):
                if line.strip():
                    obj = _json_line(path, number, line)
                    extra = [k for k in obj if k not in names]
                    if extra:
                        raise ImportError_(f"{path.name}, line {number}: key {extra[0]!r} is not among the "
                                           f"columns of the first 1,000 lines.")
                    yield number, [obj.get(k) for k in names]
    return names, rows()


def _json_line(path: Path, number: int, line: str) -> dict[str, Any]:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{path.name}, line {number}: not JSON ({exc.msg}).") from None
    if not isinstance(obj, dict):
        raise ImportError_(f"{path.name}, line {number}: each line must be a JSON object.")
    return obj


def guess_type(values: list[Any]) -> str:
    """A column type for sample values: INTEGER, BIGINT, NUMERIC(p,s), BOOLEAN, DATE, DATETIME or TEXT."""
    present = [v for v in values if v not in (None, "")]
    if not present:
        return "TEXT"
    texts = [v if isinstance(v, str) else json.dumps(v) if isinstance(v, (dict, list)) else str(v)
             for v in present]
    if all(isinstance(v, bool) for v in present) or all(t.lower() in ("true", "false") for t in texts):
        return "BOOLEAN"
    try:
        ints = [int(t) for t in texts]
        return "INTEGER" if all(-2**31 <= i < 2**31 for i in ints) else "BIGINT"
    except ValueError:
        pass
    try:
        numbers = [decimal.Decimal(t) for t in texts]
        if all(n.is_finite() for n in numbers):
            scale = max(max(-n.as_tuple().exponent, 0) for n in numbers)  # type: ignore[operator]
            whole = max(len(str(abs(int(n)))) for n in numbers)
            return f"NUMERIC({max(whole + scale + 4, 10)}, {scale})"
    except decimal.InvalidOperation:
        pass
    for kind, parse in (("DATE", dt.date.fromisoformat), ("DATETIME", dt.datetime.fromisoformat)):
        try:
            for t in texts:
                parse(t)
            return kind
        except ValueError:
            continue
    return "TEXT"
