"""SQL syntax highlighting for editors, from pygments' SQL lexer."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from pygments.lexers.sql import MySqlLexer
from pygments.token import Comment, Keyword, Name, Number, Operator, String

_IN_COMMENT = 1


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


_STYLES = [
    (Comment, _format("#6a737d", italic=True)),
    (Keyword, _format("#1f4fb5", bold=True)),
    (Name.Builtin, _format("#7a3eb1")),
    (Name.Function, _format("#7a3eb1")),
    (String, _format("#a3411f")),
    (Number, _format("#0b7a5a")),
    (Operator, _format("#555f6d")),
    (Name.Quoted, _format("#5a3e00")),
]


class SqlHighlighter(QSyntaxHighlighter):
    """Colours keywords, strings, numbers and comments; /* */ comments may span lines."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._lexer = MySqlLexer(stripnl=False, ensurenl=False)
        self._comment = _format("#6a737d", italic=True)

    def _style(self, token: object) -> QTextCharFormat | None:
        for base, fmt in _STYLES:
            if token in base:  # pygments token containment: sub-types match
                return fmt
        return None

    def highlightBlock(self, text: str) -> None:
        start = 0
        if self.previousBlockState() == _IN_COMMENT:
            end = text.find("*/")
            if end < 0:
                self.setFormat(0, len(text), self._comment)
                self.setCurrentBlockState(_IN_COMMENT)
                return
            self.setFormat(0, end + 2, self._comment)
            start = end + 2
        self.setCurrentBlockState(0)
        pos = start
        for token, value in self._lexer.get_tokens(text[start:]):
            fmt = self._style(token)
            if fmt is not None:
                self.setFormat(pos, len(value), fmt)
            if token in Comment.Multiline and value.startswith("/*") and not value.endswith("*/"):
                self.setFormat(pos, len(text) - pos, self._comment)
                self.setCurrentBlockState(_IN_COMMENT)
                return
            pos += len(value)
