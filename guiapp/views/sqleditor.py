"""The console's SQL editor: highlighting, a monospace font, and a mark on the line of an error."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeyEvent, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from guiapp.views.sqlhighlight import SqlHighlighter

_POPUP_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape)


class SqlEditor(QPlainTextEdit):
    """A plain-text SQL editor with highlighting and a monospace font."""

    #: the completion popup, once one is attached: while it shows, Enter, Tab and Esc are its keys
    popup: QWidget | None = None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sqlEditor")
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.setFont(font)
        self.setTabStopDistance(4 * self.fontMetrics().horizontalAdvance(" "))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setPlaceholderText("Type SQL here. Ctrl+Enter runs the statement under the cursor "
                                "(or the selection), Ctrl+Shift+Enter runs everything, Esc stops.")
        self.highlighter = SqlHighlighter(self.document())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QCompleter hands the popup's keys to this editor first: leave it those that choose or close.
        if self.popup is not None and self.popup.isVisible() and event.key() in _POPUP_KEYS:
            event.ignore()
            return
        super().keyPressEvent(event)

    def mark_line(self, line: int | None) -> None:
        """Highlight a 1-based line (an error), or clear the mark."""
        if line is None:
            self.setExtraSelections([])
            return
        block = self.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return
        sel = QTextEdit.ExtraSelection()
        sel.format.setBackground(QColor("#fde1dd"))
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.cursor = QTextCursor(block)
        self.setExtraSelections([sel])
        self.setTextCursor(QTextCursor(block))
        self.centerCursor()
