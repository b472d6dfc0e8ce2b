"""Split an SQL script into statements, around strings, comments and DELIMITER lines.

sqlparse does the ';' splitting (it knows strings, comments and BEGIN...END
blocks); this module adds the mysql client's ``DELIMITER`` directive and keeps
each statement's line number so errors can point at the right line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlparse

_DELIMITER = re.compile(r"^[ \t]*DELIMITER[ \t]+(\S+)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_READ_ONLY = {"SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "PRAGMA", "WITH", "VALUES", "HELP"}


@dataclass(frozen=True)
class Statement:
    """One statement of a script.

    Attributes:
        sql: the text sent to the server, without the trailing delimiter.
        line: the 1-based line of the script where it starts.
        number: its 1-based position in the script.
    """

    sql: str
    line: int = 1
    number: int = 1

    @property
    def keyword(self) -> str:
        """The first keyword, upper-cased ('SELECT', 'CREATE', ...)."""
        stripped = sqlparse.format(self.sql, strip_comments=True).strip()
        m = re.match(r"[A-Za-z]+", stripped)
        return m.group(0).upper() if m else ""

    @property
    def is_read_only(self) -> bool:
        """True for statements that cannot change data or schema (best effort)."""
        return self.keyword in _READ_ONLY

    @property
    def is_ddl(self) -> bool:
        return self.keyword in {"CREATE", "DROP", "ALTER", "RENAME", "TRUNCATE"}


def _is_blank(sql: str) -> bool:
    return not sqlparse.format(sql, strip_comments=True).strip().strip(";").strip()


def _strip_tail(sql: str) -> str:
    """Drop the trailing ';' and any comment after it ('SELECT 1; -- note' -> 'SELECT 1')."""
    tokens = list(sqlparse.parse(sql)[0].flatten()) if sql else []
    while tokens and (tokens[-1].is_whitespace or tokens[-1].ttype in sqlparse.tokens.Comment
                      or tokens[-1].ttype in sqlparse.tokens.Comment.Single
                      or (tokens[-1].ttype is sqlparse.tokens.Punctuation and tokens[-1].value == ";")):
        tokens.pop()
    return "".join(t.value for t in tokens).strip()


def _split_custom(segment: str, delimiter: str) -> list[tuple[int, str]]:
    """(offset, text) pieces of ``segment`` split on ``delimiter`` outside quotes and comments."""
    pieces: list[tuple[int, str]] = []
    start = i = 0
    quote = ""
    n = len(segment)
    while i < n:
        ch = segment[i]
        if quote:
            if ch == "\\" and quote != "`":
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif segment.startswith("--", i) or ch == "#":
            end = segment.find("\n", i)
            i = n if end < 0 else end
            continue
        elif segment.startswith("/*", i):
            end = segment.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        elif segment.startswith(delimiter, i):
            pieces.append((start, segment[start:i]))
            i += len(delimiter)
            start = i
            continue
        i += 1
    pieces.append((start, segment[start:]))
    return pieces


def _split_default(segment: str) -> list[tuple[int, str]]:
    pieces: list[tuple[int, str]] = []
    cursor = 0
    for piece in sqlparse.split(segment):
        at = segment.find(piece, cursor)
        if at < 0:  # sqlparse normalised something; fall back to the running cursor
            at = cursor
        pieces.append((at, piece))
        cursor = at + len(piece)
    return pieces


def split_script(text: str) -> list[Statement]:
    """Every non-empty statement of ``text``, with its starting line."""
    statements: list[Statement] = []
    delimiter = ";"
    pos = 0
    segments: list[tuple[int, str, str]] = []  # (offset, text, delimiter)
    for m in _DELIMITER.finditer(text):
        segments.append((pos, text[pos:m.start()], delimiter))
        delimiter = m.group(1)
        pos = m.end()
    segments.append((pos, text[pos:], delimiter))

    for offset, segment, delim in segments:
        pieces = _split_default(segment) if delim == ";" else _split_custom(segment, delim)
        for at, piece in pieces:
            if _is_blank(piece):
                continue
            lead = len(piece) - len(piece.lstrip())
            start = offset + at + lead
            sql = piece.strip()
            if delim == ";":
                sql = _strip_tail(sql)
            line = text.count("\n", 0, start) + 1
            statements.append(Statement(sql=sql, line=line, number=len(statements) + 1))
    return statements
