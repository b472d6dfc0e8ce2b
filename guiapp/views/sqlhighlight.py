"""SQL syntax highlighting for editors, from pygments' MySQL lexer.

Building the lexer compiles about a hundred regular expressions (150 ms), so it
is built once, on a worker thread, after the window shows; editors are plain
text until then and recolour themselves when it is ready.
"""

from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import (QColor, QFont, QGuiApplication, QPalette, QSyntaxHighlighter, QTextCharFormat,
                           QTextDocument)

from guiapp.core.run.worker import in_background

_IN_COMMENT = 1


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


class _LexerHolder(QObject):
    """Builds the shared lexer off the GUI thread and tells every highlighter when it is ready."""

    ready = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.lexer: Any = None
        self.light: list[tuple[Any, QTextCharFormat]] = []
        self.dark: list[tuple[Any, QTextCharFormat]] = []
        self.comment_token: Any = None
        self._started = False
        self._highlighters: "weakref.WeakSet[SqlHighlighter]" = weakref.WeakSet()
        self.ready.connect(self._rehighlight_all)
        app = QGuiApplication.instance()
        if app is not None:  # the theme changed (Preferences): recolour with the other set
            app.paletteChanged.connect(lambda _palette: self._rehighlight_all())

    @property
    def styles(self) -> list[tuple[Any, QTextCharFormat]]:
        dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
        return self.dark if dark else self.light

    def want(self, highlighter: "SqlHighlighter") -> None:
        self._highlighters.add(highlighter)

    def start(self) -> None:
        if not self._started:
            self._started = True
            in_background("guiapp-lexer", self._build)

    def _build(self) -> None:
        from pygments.lexers.sql import MySqlLexer
        from pygments.token import Comment, Keyword, Name, Number, Operator, String
        lexer = MySqlLexer(stripnl=False, ensurenl=False)
        list(lexer.get_tokens("SELECT 1"))  # compiles the token regexes here, not on first paint
        self.light = [
            (Comment, _format("#6a737d", italic=True)), (Keyword, _format("#1f4fb5", bold=True)),
            (Name.Builtin, _format("#7a3eb1")), (Name.Function, _format("#7a3eb1")),
            (String, _format("#a3411f")), (Number, _format("#0b7a5a")),
            (Operator, _format("#555f6d")), (Name.Quoted, _format("#5a3e00")),
        ]
        self.dark = [  # the same roles, light enough to read on the dark theme's background
            (Comment, _format("#8b949e", italic=True)), (Keyword, _format("#79b8ff", bold=True)),
            (Name.Builtin, _format("#d2a8ff")), (Name.Function, _format("#d2a8ff")),
            (String, _format("#ffab70")), (Number, _format("#56d4bc")),
            (Operator, _format("#b0b8c4")), (Name.Quoted, _format("#e3c27a")),
        ]
        self.comment_token = Comment
        self.lexer = lexer
        self.ready.emit()

    @Slot()
    def _rehighlight_all(self) -> None:
        import shiboken6
        for highlighter in list(self._highlighters):
            if shiboken6.isValid(highlighter):  # its editor may be gone while Python still holds it
                highlighter.rehighlight()


_holder: _LexerHolder | None = None


def _lexer_holder() -> _LexerHolder:
    global _holder
    if _holder is None:
        _holder = _LexerHolder()
    return _holder


def warm_up() -> None:
    """Start building the lexer (the window calls this once it has painted)."""
    _lexer_holder().start()


class SqlHighlighter(QSyntaxHighlighter):
    """Colours keywords, strings, numbers and comments; /* */ comments may span lines."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._holder = _lexer_holder()
        self._comment = _format("#6a737d", italic=True)
        self._holder.want(self)  # coloured once warm_up() has built the lexer

    def _style(self, token: object) -> QTextCharFormat | None:
        for base, fmt in self._holder.styles:
            if token in base:  # pygments token containment: sub-types match
                return fmt
        return None

    def highlightBlock(self, text: str) -> None:
        lexer = self._holder.lexer
        if lexer is None:
            return
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
        multiline = self._holder.comment_token.Multiline
        for token, value in lexer.get_tokens(text[start:]):
            fmt = self._style(token)
            if fmt is not None:
                self.setFormat(pos, len(value), fmt)
            if token in multiline and value.startswith("/*") and not value.endswith("*/"):
                self.setFormat(pos, len(text) - pos, self._comment)
                self.setCurrentBlockState(_IN_COMMENT)
                return
            pos += len(value)
