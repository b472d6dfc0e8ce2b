"""Read JSON for an import: a JSON array of objects (what guiapp's own export writes) or JSON
Lines (one object a line), streamed, every object with the first one's keys.

Numbers with a fraction or an exponent are kept as their text (``JsonNumber``), so a decimal is
never rounded through a float on its way into a NUMERIC column, and a column's type can be
guessed from how its numbers are written. Any other JSON shape is refused with a sentence.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any, Iterator

from guiapp.core.data.sniffing import FileFormat, ImportError_, LineReader

CHUNK = 1 << 20
_WHITESPACE = " \t\r\n"


class JsonNumber(str):
    """A JSON number with a fraction or an exponent, as written in the file."""


# NaN and Infinity (not JSON, but Python and others write them) are kept as written too.
_DECODER = json.JSONDecoder(parse_float=JsonNumber, parse_constant=JsonNumber)


def read_json(path: Path, fmt: FileFormat) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    """The keys of the first object, and (line, values) for every object; an object whose keys
    differ from the first one's is refused naming its line."""
    objects = _array(path, fmt.encoding) if fmt.kind == "json" else _lines(path, fmt.encoding)
    try:
        first = next(objects)
    except StopIteration:
        return [], iter(())
    names = list(first[1])

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            yield first[0], [first[1][k] for k in names]
            for line, obj in objects:
                if len(obj) != len(names) or any(k not in obj for k in names):
                    raise ImportError_(f"{path.name}, line {line}: {_difference(names, obj)}; every object "
                                       "must have the keys of the first one.")
                yield line, [obj[k] for k in names]
        finally:
            objects.close()
    return names, rows()


def _difference(names: list[str], obj: dict[str, Any]) -> str:
    extra = [k for k in obj if k not in names]
    if extra:
        return f"key {extra[0]!r} is not in the first object"
    missing = [k for k in names if k not in obj]
    return f"the object has no key {missing[0]!r}"


def _lines(path: Path, encoding: str) -> Iterator[tuple[int, dict[str, Any]]]:
    with LineReader(path, encoding) as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                try:
                    obj = _DECODER.decode(line)
                except json.JSONDecodeError as exc:
                    if number == 1:
                        raise ImportError_(f"{path.name} is neither JSON Lines (one object a line) nor a JSON "
                                           f"array of objects: line 1 is not JSON ({exc.msg}).") from None
                    raise ImportError_(f"{path.name}, line {number}: not JSON ({exc.msg}).") from None
                if not isinstance(obj, dict):
                    raise ImportError_(f"{path.name}, line {number}: each line must be a JSON object.")
                yield number, obj


class _Text:
    """The file's text decoded a chunk at a time, with the line number of its first character."""

    def __init__(self, path: Path, encoding: str) -> None:
        self.path = path
        self.encoding = encoding
        self.file = open(path, "rb")
        self.decoder = codecs.getincrementaldecoder(encoding)("strict")
        self.text = ""
        self.pos = 0
        self.line = 1  # the line of text[0]
        self.eof = False
        self.more()
        if self.text.startswith("\ufeff"):
            self.pos = 1  # a byte order mark is never data

    def more(self) -> bool:
        """Read on; False at the end of the file."""
        if self.eof:
            return False
        chunk = self.file.read(CHUNK)
        self.eof = not chunk
        try:
            text = self.decoder.decode(chunk, final=self.eof)
        except UnicodeDecodeError as exc:
            line = self.line + self.text.count("\n") + chunk[:exc.start].count(b"\n")
            raise ImportError_(f"{self.path.name}, line {line}: the text is not {self.encoding}; "
                               "choose its encoding.") from None
        self.line += self.text.count("\n", 0, self.pos)
        self.text = self.text[self.pos:] + text
        self.pos = 0
        return bool(chunk)

    def line_at(self, pos: int) -> int:
        return self.line + self.text.count("\n", 0, pos)

    def skip_space(self) -> str:
        """The next character that is not white space ('' at the end of the file)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def close(self) -> None:
        self.file.close()


def _array(path: Path, encoding: str) -> Iterator[tuple[int, dict[str, Any]]]:
    text = _Text(path, encoding)
    shape = (f"{path.name} is neither a JSON array of objects (what guiapp exports) nor JSON Lines "
             "(one object a line)")
    try:
        if text.skip_space() != "[":
            raise ImportError_(f"{shape}.")
        text.pos += 1
        number = 0
        while True:
            c = text.skip_space()
            if c == "]" and number == 0:
                text.pos += 1
                break
            while True:
                try:
                    obj, end = _DECODER.raw_decode(text.text, text.pos)
                    break
                except json.JSONDecodeError as exc:
                    if text.more():
                        continue
                    raise ImportError_(f"{path.name}, line {text.line_at(exc.pos)}: not JSON ({exc.msg}).") from None
            number += 1
            line = text.line_at(text.pos)
            if not isinstance(obj, dict):
                raise ImportError_(f"{shape}: item {number:,} (line {line}) is not an object.")
            text.pos = end
            yield line, obj
            c = text.skip_space()
            if c == ",":
                text.pos += 1
                continue
            if c == "]":
                text.pos += 1
                break
            raise ImportError_(f"{path.name}, line {text.line_at(text.pos)}: expected ',' or ']' after an object.")
        if text.skip_space():
            raise ImportError_(f"{path.name}, line {text.line_at(text.pos)}: text after the end of the array.")
    finally:
        text.close()


__all__ = ["JsonNumber", "read_json"]
