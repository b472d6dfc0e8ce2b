"""Read a CSV, TSV or JSON file the way its author wrote it: encoding, delimiter, quote and
header detected from its first bytes, and rows streamed exactly as written.

Only the standard library: ``csv.Sniffer`` for the dialect, BOMs and a strict UTF-8 try for
the encoding (a file that is not UTF-8 is most often Windows-1252 from a spreadsheet; one
holding both UTF-8 and other bytes is refused at the first line that is not UTF-8, never
read as mojibake). As in PostgreSQL's CSV, an unquoted empty field is NULL and ``""`` is the
empty string, and a row with more or fewer fields than the header is refused.
"""

from __future__ import annotations

import csv
import decimal
import io
import itertools
import re
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterator, Sequence

from guiapp.core.errors import GuiappError

SAMPLE_BYTES = 256 * 1024
DELIMITERS = ",;\t|"
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1")
_MULTIBYTE_UTF8 = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


class ImportError_(GuiappError):
    """A file that cannot be imported as it stands; the message names the line and column."""


@dataclass(frozen=True)
class FileFormat:
    """How a file is written. ``kind``: 'csv' (any delimiter), 'json' (an array of objects) or 'jsonl'."""

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
    if _MULTIBYTE_UTF8.search(head):
        return "utf-8"  # UTF-8 text with a stray byte: reading it stops at that byte's line
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
    start = text.lstrip("\ufeff \t\r\n")[:1]
    if path.suffix.lower() in (".jsonl", ".ndjson") or start == "{":
        return FileFormat(kind="jsonl", encoding=encoding)
    if path.suffix.lower() == ".json" or start == "[":
        return FileFormat(kind="json", encoding=encoding)
    lines = text.splitlines()
    sample = "\n".join(lines[:50] if len(lines) > 1 else lines)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    quotechar = '"'
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
        delimiter, quotechar = dialect.delimiter, dialect.quotechar or '"'
    except csv.Error:
        pass
    csv.field_size_limit(sys.maxsize)  # as read_rows: a field of the sample may be long
    reader = csv.reader(io.StringIO(sample), delimiter=delimiter, quotechar=quotechar)
    first = next(reader, [])
    try:
        second = next(reader, [])
    except csv.Error:  # the sample cut a quoted field short: only the first line tells
        second = []
    return FileFormat("csv", encoding, delimiter, quotechar, _looks_like_header(first, second))


def _looks_like_header(cells: list[str], below: Sequence[str] = ()) -> bool:
    """Most files start with column names: the first line is data only if a cell is empty or a
    number (csv.Sniffer's vote guesses wrong on short files), or repeats another and the line
    ``below`` it gives no sign of being data under names (a number under a word). A header that
    repeats a name is then refused by ``read_rows``, naming it, rather than imported as a row."""
    names = [c.strip() for c in cells]
    if not names or any(not n for n in names) or any(_is_number(n) for n in names):
        return False
    if len(set(names)) != len(names):
        return any(_is_number(v.strip()) for v in below[:len(names)])
    return True


def _is_number(text: str) -> bool:
    try:
        decimal.Decimal(text)
        return True
    except decimal.InvalidOperation:
        return False


def read_rows(path: Path, fmt: FileFormat) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """The column names, and (line number, values) for every data row, streamed.

    Values of a CSV are strings, or None for an unquoted empty field; those of JSON are what
    JSON holds. A file without a header names its columns column_1, column_2, ...
    """
    if fmt.kind in ("json", "jsonl"):
        from guiapp.core.data.jsonreading import read_json
        return read_json(path, fmt)
    csv.field_size_limit(sys.maxsize)  # a field is as long as the database lets it be, not 131,072
    f = LineReader(path, fmt.encoding)
    reader = csv.reader(f, delimiter=fmt.delimiter, quotechar=fmt.quotechar)
    try:
        first = next(reader)
    except StopIteration:
        f.close()
        return [], iter(())
    except (UnicodeDecodeError, csv.Error) as exc:
        f.close()
        raise _read_error(path, reader.line_num, exc) from None
    names = [n.strip() or f"column_{i}" for i, n in enumerate(first, 1)] if fmt.header else \
        [f"column_{i}" for i in range(1, len(first) + 1)]
    repeated = _first_repeated(names)
    if repeated:
        f.close()
        name, fields = repeated
        raise ImportError_(f"{path.name}, line 1: the header names the column '{name}' twice (fields "
                           f"{fields[0]} and {fields[1]}). Nothing was imported; rename one, or, if the first "
                           "line is data, import without a header.")
    width = len(names)

    def values(row: list[str], line: int) -> list[Any]:
        """The row with each unquoted empty field as None (NULL)."""
        if "" not in row:
            return row
        text = f.text(line, reader.line_num)
        if fmt.quotechar not in text:
            return [None if v == "" else v for v in row]  # nothing quoted: every empty field is NULL
        quoted = _quoted_fields(text, fmt.delimiter, fmt.quotechar)
        return [None if v == "" and not (i < len(quoted) and quoted[i]) else v for i, v in enumerate(row)]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with f:
            if not fmt.header:
                yield 1, values(first, 1)
            line = f.keep_from = reader.line_num + 1  # where the next record starts
            try:
                for row in reader:
                    if len(row) == width and "" not in row:
                        yield line, row
                    elif row or width == 1:  # a blank line between rows of several columns holds no row
                        if not row:
                            row = [""]  # one column: a blank line is a NULL (as guiapp's export writes it)
                        if len(row) != width:
                            raise ImportError_(f"{path.name}, line {line}: {len(row)} "
                                               f"field{'s' if len(row) != 1 else ''} where the header has {width}.")
                        yield line, values(row, line)
                    line = f.keep_from = reader.line_num + 1
            except (UnicodeDecodeError, csv.Error) as exc:
                raise _read_error(path, reader.line_num, exc) from None
    return names, rows()


def _first_repeated(names: list[str]) -> tuple[str, tuple[int, int]] | None:
    """The first name given twice, and the two fields (from 1) that give it."""
    seen: dict[str, int] = {}
    for field, name in enumerate(names, 1):
        if name in seen:
            return name, (seen[name], field)
        seen[name] = field
    return None


def _quoted_fields(text: str, delimiter: str, quotechar: str) -> list[bool]:
    """Whether each field of one CSV record is quoted (the csv module does not say)."""
    flags: list[bool] = []
    i, n = 0, len(text)
    while True:
        quoted = i < n and text[i] == quotechar
        flags.append(quoted)
        if quoted:
            i += 1
            while i < n:
                if text[i] == quotechar:
                    if i + 1 < n and text[i + 1] == quotechar:
                        i += 2
                        continue
                    i += 1
                    break
                i += 1
        while i < n and text[i] != delimiter and text[i] not in "\r\n":
            i += 1
        if i < n and text[i] == delimiter:
            i += 1
            continue
        return flags


class LineReader:
    """The file's lines, decoded a block at a time and cut at line ends only, for the csv module to
    read in C. A byte that is not in the encoding is reported on its own line, once the lines before
    it are read. A byte order mark is dropped whatever the encoding; ``text(first, last)`` gives the
    lines of a record still kept (those from ``keep_from`` on, and the block they are in)."""

    BLOCK = 1 << 20

    def __init__(self, path: Path, encoding: str) -> None:
        self.path = path
        self.encoding = "utf-8" if encoding.lower().replace("_", "-") in ("utf-8-sig", "utf8-sig") else encoding
        self.keep_from = 1
        self._blocks: list[tuple[int, list[str]]] = []  # (the number of its first line, its lines)
        # UTF-16 cannot be split on b"\n": it is decoded as a stream.
        self._file: Any = (open(path, encoding=encoding, newline="") if encoding.lower().startswith("utf-16")
                           else open(path, "rb"))
        # a classic Mac file: each line ends in CR alone
        self._end = "\r" if not isinstance(self._file, io.TextIOBase) and _cr_lines(self._file) else "\n"
        self._lines = itertools.chain.from_iterable(self._read())

    def __iter__(self) -> Iterator[str]:
        return self._lines

    def _read(self) -> Iterator[list[str]]:
        binary = not isinstance(self._file, io.TextIOBase)
        end: Any = self._end.encode() if binary else self._end
        rest, line = end[:0], 1
        while True:
            chunk = self._file.read(self.BLOCK)
            data = rest + chunk
            cut = data.rfind(end) + 1 if chunk else len(data)
            if not data:
                return
            if not cut:
                rest = data  # no line end in a whole block yet: a long line
                continue
            piece, rest = data[:cut], data[cut:]
            if binary:
                try:
                    text = piece.decode(self.encoding)
                except UnicodeDecodeError as exc:
                    good = piece.rfind(end, 0, exc.start) + 1
                    if good:
                        yield self._keep(line, piece[:good].decode(self.encoding))
                    raise ImportError_(f"{self.path.name}, line {line + piece.count(end, 0, good)}: the text is "
                                       f"not {self.encoding}; choose its encoding.") from None
            else:
                text = piece
            lines = self._keep(line, text)
            line += len(lines)
            yield lines

    def _keep(self, line: int, text: str) -> list[str]:
        if line == 1 and text.startswith("\ufeff"):
            text = text[1:]
        if self._end == "\n":  # split in C: at LF alone, or as a text stream splits (UTF-16)
            lines = list(io.StringIO(text, newline="" if isinstance(self._file, io.TextIOBase) else "\n"))
        else:
            parts = text.split(self._end)
            lines = [p + self._end for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        blocks = self._blocks
        while blocks and blocks[0][0] + len(blocks[0][1]) <= self.keep_from:
            del blocks[0]  # a record before keep_from is never asked for again
        blocks.append((line, lines))
        return lines

    def text(self, first: int, last: int) -> str:
        """Lines ``first`` to ``last`` (counted from 1), joined as the file has them."""
        out: list[str] = []
        for start, lines in self._blocks:
            if start <= last and first < start + len(lines):
                out.extend(lines[max(first - start, 0):last - start + 1])
        return "".join(out)

    def __enter__(self) -> "LineReader":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()


def _cr_lines(f: Any) -> bool:
    """Whether the file's lines end in CR alone: more lone CRs than LFs in its first bytes (a quoted
    value may hold either). The file is rewound after looking."""
    head = f.read(SAMPLE_BYTES)
    f.seek(0)
    lf = head.count(b"\n")
    return head.count(b"\r") - head.count(b"\r\n") > lf


def _read_error(path: Path, line: int, exc: Exception) -> ImportError_:
    if isinstance(exc, UnicodeDecodeError):
        return ImportError_(f"{path.name}, line {line}: the text is not {exc.encoding}; choose its encoding.")
    if "new-line character seen in unquoted field" in str(exc):
        return ImportError_(f"{path.name}, line {line}: a line break (CR) inside an unquoted field; quote the "
                            "field, or save the file with one kind of line end.")
    return ImportError_(f"{path.name}, line {line}: {exc}.")
