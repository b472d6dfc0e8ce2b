"""The console's SQL editor: highlighting, a monospace font, a mark on the line of an error, and
Ctrl+/ (comment or uncomment lines), Ctrl+Shift+F (format the selection or the whole text) and
Ctrl+F / Ctrl+H (find and replace)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from guiapp.qt.appearance import current_colours
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
        self.finder: QWidget | None = None
        for text, keys, slot in (("Comment or uncomment lines", "Ctrl+/", self.toggle_comment),
                                 ("Format SQL", "Ctrl+Shift+F", self.format_sql),
                                 ("Find and replace…", "Ctrl+F", self.find_and_replace),
                                 ("Replace…", "Ctrl+H", self.find_and_replace)):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, do=slot: do())
            self.addAction(action)

    def _selected_lines(self) -> QTextCursor:
        """A cursor over the whole lines the selection touches (the current line without one)."""
        cursor = self.textCursor()
        start, end = sorted((cursor.selectionStart(), cursor.selectionEnd()))
        lines = QTextCursor(self.document())
        lines.setPosition(start)
        lines.movePosition(QTextCursor.MoveOperation.StartOfBlock)
        lines.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        if cursor.hasSelection() and lines.positionInBlock() == 0 and end > start:
            lines.movePosition(QTextCursor.MoveOperation.PreviousCharacter, QTextCursor.MoveMode.KeepAnchor)
        lines.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        return lines

    def toggle_comment(self) -> None:
        """'-- ' before each line, or taken away if every non-empty line has one (one undo step)."""
        lines = self._selected_lines()
        text = lines.selectedText().replace("\u2029", "\n")
        rows = text.split("\n")
        filled = [r for r in rows if r.strip()]
        if filled and all(r.lstrip().startswith("--") for r in filled):
            rows = [r.replace("-- ", "", 1) if r.lstrip().startswith("-- ") else r.replace("--", "", 1)
                    for r in rows]
        else:
            rows = ["-- " + r if r.strip() else r for r in rows]
        lines.insertText("\n".join(rows))

    def find_and_replace(self) -> None:
        """The Find and replace window of this editor (one, kept), with the selection to find."""
        from guiapp.views.findreplace import FindReplace
        if self.finder is None:
            self.finder = FindReplace(self, self.window())
        self.finder.open_with_selection()

    def format_sql(self) -> None:
        """Reindent the selection (or everything) with keywords in upper case (one undo step)."""
        import sqlparse
        cursor = self.textCursor()
        if not cursor.hasSelection():
            cursor.select(QTextCursor.SelectionType.Document)
        text = cursor.selectedText().replace("\u2029", "\n")
        formatted = sqlparse.format(text, reindent=True, keyword_case="upper")
        if formatted != text:
            cursor.insertText(formatted)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # QCompleter hands the popup's keys to this editor first: leave it those that choose or close.
        if self.popup is not None and self.popup.isVisible() and event.key() in _POPUP_KEYS:
            event.ignore()
            return
        super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """A theme change recolours the failing line's mark, which would otherwise keep the old theme's."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.extraSelections():
            marks = self.extraSelections()
            for mark in marks:
                mark.format.setBackground(current_colours()["failing"])
            self.setExtraSelections(marks)

    def mark_line(self, line: int | None) -> None:
        """Highlight a 1-based line (an error), or clear the mark."""
        if line is None:
            self.setExtraSelections([])
            return
        block = self.document().findBlockByNumber(line - 1)
        if not block.isValid():
            return
        sel = QTextEdit.ExtraSelection()
        sel.format.setBackground(current_colours()["failing"])
        sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        sel.cursor = QTextCursor(block)
        self.setExtraSelections([sel])
        self.setTextCursor(QTextCursor(block))
        self.centerCursor()
