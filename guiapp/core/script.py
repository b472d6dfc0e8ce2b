"""Split an SQL script into statements, around strings, comments, blocks and DELIMITER lines.

One linear scanner, with no token limit (a mysqldump multi-row INSERT of megabytes
is one statement), that reads strings the way the target database does: a
backslash escapes a quote only on MySQL/MariaDB (and in PostgreSQL's E'...'
strings); ``$tag$ ... $tag$`` is a PostgreSQL string; ``#`` starts a MySQL
comment. Semicolons inside ``CREATE TRIGGER / PROCEDURE / FUNCTION`` bodies
(BEGIN ... END) do not split. The mysql client's ``DELIMITER`` directive is
honoured, and every statement keeps its line number so errors point at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DELIMITER = re.compile(r"^[ \t]*DELIMITER[ \t]+(\S+)[ \t]*$", re.IGNORECASE | re.MULTILINE)
_READ_ONLY = {"SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "PRAGMA", "WITH", "VALUES", "HELP", "TABLE"}
_WORD = re.compile(r"[^\W\d][\w$]*")  # any letter, not only ASCII: é starts a word too
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")
_ROUTINE = re.compile(r"CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?(?:TEMP(?:ORARY)?\s+)?"
                      r"(?:TRIGGER|PROCEDURE|FUNCTION|EVENT)\b", re.IGNORECASE)
_STRINGS_AND_COMMENTS = re.compile(r"'(?:[^'\\]|\\.|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|--[^\n]*|/\*.*?\*/",
                                   re.DOTALL)
_LITERALS_AND_COMMENTS = re.compile(r"'(?:[^'\\]|\\.|'')*'|--[^\n]*|/\*.*?\*/", re.DOTALL)
_WRITES = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE)\b", re.IGNORECASE)
_NAME = r"((?:`[^`]*`|\"[^\"]*\"|\[[^\]]*\]|[\w$.]+)(?:\s*,\s*(?:`[^`]*`|\"[^\"]*\"|[\w$.]+))*)"
_DROP = re.compile(r"^DROP\s+(TABLE|VIEW|DATABASE|SCHEMA|INDEX)\s+(?:IF\s+EXISTS\s+)?" + _NAME, re.IGNORECASE)
_TRUNCATE = re.compile(r"^TRUNCATE\s+(?:TABLE\s+)?" + _NAME, re.IGNORECASE)
_DELETE = re.compile(r"^(?:WITH\b.*?\)\s*)?DELETE\s+(?:\w+\s+)*?FROM\s+" + _NAME, re.IGNORECASE)
_UPDATE = re.compile(r"^(?:WITH\b.*?\)\s*)?UPDATE\s+(?:LOW_PRIORITY\s+|IGNORE\s+|ONLY\s+)*" + _NAME, re.IGNORECASE)
_WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)
_OBJECTS = {"TABLE", "VIEW", "DATABASE", "SCHEMA", "INDEX"}
# (statement, how to name what it destroys, harmless when it has a WHERE)
_DESTRUCTIVE = [(_DROP, "DROP {0} {1}", False), (_TRUNCATE, "TRUNCATE {0} (every row)", False),
                (_DELETE, "DELETE every row of {0}", True), (_UPDATE, "UPDATE every row of {0}", True)]
_ANALYZE = re.compile(r"^\s*EXPLAIN\s*(?:\(\s*)?ANALY[SZ]E\b", re.IGNORECASE)
_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|#[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)
_LEADING_LINE_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$))*")
_LEADING_LINE_COMMENTS_HASH = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|#[^\n]*(?:\n|$))*")


@dataclass(frozen=True)
class Flavour:
    """How a database reads strings and comments.

    Attributes:
        backslash_escapes: ``\\'`` inside '...' and "..." is an escaped quote (MySQL).
        hash_comments: ``#`` starts a comment to the end of the line (MySQL).
        double_quote_strings: "..." is a string, not an identifier (MySQL).
        dollar_quotes: ``$tag$...$tag$`` strings and E'...' escape strings (PostgreSQL).
    """

    backslash_escapes: bool = False
    hash_comments: bool = False
    double_quote_strings: bool = False
    dollar_quotes: bool = False


STANDARD = Flavour()
MYSQL = Flavour(backslash_escapes=True, hash_comments=True, double_quote_strings=True)
POSTGRESQL = Flavour(dollar_quotes=True)


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
    #: what the statement leaves open at the end of the script ('string', 'comment', ...), or ''.
    unterminated: str = ""
    #: the script line where that unterminated string or comment opens.
    unterminated_line: int = 0

    @property
    def keyword(self) -> str:
        """The first keyword, upper-cased ('SELECT', 'CREATE', ...), after any comments."""
        body = _LEADING_COMMENTS.sub("", self.sql, count=1).lstrip("( \t\r\n")
        m = _WORD.match(body)
        return m.group(0).upper() if m else ""

    @property
    def is_read_only(self) -> bool:
        """True for statements that cannot change data or schema (best effort).

        A WITH whose body writes (``WITH gone AS (DELETE ... RETURNING *) SELECT ...``)
        is a write: its changes must wait for Commit like any other.
        """
        if self.keyword not in _READ_ONLY:
            return False
        if self.keyword in ("WITH", "EXPLAIN"):
            code = _STRINGS_AND_COMMENTS.sub(" ", self.sql)
            return not _WRITES.search(code) or (self.keyword == "EXPLAIN" and not _ANALYZE.search(code))
        return True

    @property
    def is_ddl(self) -> bool:
        return self.keyword in {"CREATE", "DROP", "ALTER", "RENAME", "TRUNCATE"}

    @property
    def destroys(self) -> str | None:
        """What the statement destroys, in words ('DROP TABLE users', 'every row of books'),
        or None: DROP, TRUNCATE, and DELETE or UPDATE without WHERE ask first."""
        code = " ".join(_LITERALS_AND_COMMENTS.sub(" ", self.sql).split())  # quoted names stay
        has_where = bool(_WHERE.search(code))
        for pattern, words, unless_where in _DESTRUCTIVE:
            m = pattern.match(code)
            if m and not (unless_where and has_where):
                return words.format(*(g.upper() if g.isalpha() and g.upper() in _OBJECTS else g
                                      for g in m.groups()))
        return None


class _Scanner:
    """Finds the statement boundaries of one DELIMITER segment."""

    def __init__(self, text: str, delimiter: str, flavour: Flavour) -> None:
        self.text = text
        self.delimiter = delimiter
        self.flavour = flavour
        #: (offset, what) of a string or comment the text never closes.
        self.left_open: tuple[int, str] | None = None

    def _open_until_end(self, at: int, what: str) -> int:
        self.left_open = (at, what)
        return len(self.text)

    def pieces(self) -> list[tuple[int, str]]:
        """(offset, text) of every piece between delimiters, blank ones included."""
        text, n, delim, fl = self.text, len(self.text), self.delimiter, self.flavour
        pieces: list[tuple[int, str]] = []
        start = i = 0
        depth = 0          # BEGIN/CASE nesting inside a routine body
        routine: bool | None = None  # decided at the first word of each statement
        while i < n:
            ch = text[i]
            if ch == "'" or (ch == '"' and fl.double_quote_strings):
                escapes = fl.backslash_escapes or (fl.dollar_quotes and self._e_prefix(i))
                i = self._skip_quoted(i, ch, escapes, "string")
                continue
            if ch in '"`':
                i = self._skip_quoted(i, ch, False, "quoted name")
                continue
            if ch == "-" and text.startswith("--", i) or (ch == "#" and fl.hash_comments):
                end = text.find("\n", i)
                i = n if end < 0 else end
                continue
            if ch == "/" and text.startswith("/*", i):
                end = text.find("*/", i + 2)
                i = self._open_until_end(i, "comment") if end < 0 else end + 2
                continue
            if ch == "$" and fl.dollar_quotes and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                m = _DOLLAR_TAG.match(text, i)
                if m:
                    end = text.find(m.group(0), m.end())
                    i = self._open_until_end(i, "dollar-quoted string") if end < 0 else end + len(m.group(0))
                    continue
            m = _WORD.match(text, i) if (ch.isalpha() or ch == "_") else None
            if m is not None:
                if routine is None:
                    routine = bool(_ROUTINE.match(text, i))
                if routine and delim == ";":
                    depth = self._nesting(m.group(0).upper(), m.end(), depth)
                i = m.end()
                continue
            if text.startswith(delim, i) and depth <= 0:
                pieces.append((start, text[start:i]))
                i += len(delim)
                start, depth, routine = i, 0, None
                continue
            i += 1
        pieces.append((start, text[start:]))
        return pieces

    def _e_prefix(self, quote_at: int) -> bool:
        """True if the quote opens a PostgreSQL escape string (E'...')."""
        if quote_at == 0 or self.text[quote_at - 1] not in "eE":
            return False
        return quote_at < 2 or not (self.text[quote_at - 2].isalnum() or self.text[quote_at - 2] == "_")

    def _skip_quoted(self, i: int, quote: str, escapes: bool, what: str) -> int:
        """The index just past the string or quoted identifier opening at ``i``."""
        text, n = self.text, len(self.text)
        j = i + 1
        while j < n:
            c = text[j]
            if escapes and c == "\\":
                j += 2
                continue
            if c == quote:
                if j + 1 < n and text[j + 1] == quote:  # a doubled quote stays inside
                    j += 2
                    continue
                return j + 1
            j += 1
        return self._open_until_end(i, what)

    def _nesting(self, word: str, after: int, depth: int) -> int:
        """BEGIN and CASE open a block; END closes one (END IF / END LOOP close nothing here)."""
        if word in ("BEGIN", "CASE"):
            nxt = _WORD.match(self.text, after + len(self.text[after:]) - len(self.text[after:].lstrip()))
            if word == "BEGIN" and nxt and nxt.group(0).upper() in ("TRANSACTION", "WORK"):
                return depth
            return depth + 1
        if word == "END":
            rest = self.text[after:]
            nxt = _WORD.match(self.text, after + len(rest) - len(rest.lstrip()))
            if nxt and nxt.group(0).upper() in ("IF", "LOOP", "WHILE", "REPEAT", "FOR"):
                return depth
            return max(depth - 1, 0)
        return depth


def _is_blank(sql: str) -> bool:
    return not _LEADING_COMMENTS.sub("", sql, count=1).strip()


def split_script(text: str, flavour: Flavour = STANDARD) -> list[Statement]:
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
        scanner = _Scanner(segment, delim, flavour)
        pieces = scanner.pieces()
        for at, piece in pieces:
            if _is_blank(piece) and not (scanner.left_open and (at, piece) == pieces[-1]):
                continue
            # A comment left after the previous delimiter belongs to no statement: drop it
            # (a /* */ comment stays: MySQL reads /*! ... */ and hints as code).
            comments = _LEADING_LINE_COMMENTS_HASH if flavour.hash_comments else _LEADING_LINE_COMMENTS
            lead = comments.match(piece).end()  # type: ignore[union-attr]
            start = offset + at + lead
            line = text.count("\n", 0, start) + 1
            left_open = scanner.left_open if (at, piece) == pieces[-1] else None
            statements.append(Statement(
                sql=piece[lead:].strip(), line=line, number=len(statements) + 1,
                unterminated=left_open[1] if left_open else "",
                unterminated_line=text.count("\n", 0, offset + left_open[0]) + 1 if left_open else 0))
    return statements


def script_statements(text: str, flavour: Flavour = STANDARD) -> list[Statement]:
    """The statements of a script about to run, or a ScriptError that says why none should:
    the script is empty, or a string or comment is never closed (the server would read the
    rest of the script as part of it, or run a statement cut short)."""
    from guiapp.core.errors import ScriptError
    statements = split_script(text, flavour)
    if not statements:
        raise ScriptError("Nothing to run: the script is empty or holds only comments.")
    last = statements[-1]
    if last.unterminated:
        raise ScriptError(f"The {last.unterminated} that opens on line {last.unterminated_line} is never "
                          f"closed (statement {last.number}). Nothing was run.", line=last.unterminated_line)
    return statements
