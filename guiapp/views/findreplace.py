"""Find and replace in a SQL editor (Ctrl+F, Ctrl+H): a small window that stays beside the editor."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (QCheckBox, QDialog, QGridLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QWidget)


class FindReplace(QDialog):
    """Find next (Enter), Replace, Replace all (one undo step), with or without matching case."""

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent or editor)
        self.setObjectName("findReplace")
        self.setWindowTitle("Find and replace")
        self.editor = editor
        self.find = QLineEdit(objectName="findText")
        self.replace = QLineEdit(objectName="replaceText")
        self.case = QCheckBox("Match case")
        self.status = QLabel(objectName="hint")
        self.next_button = QPushButton("Find next", default=True)
        self.replace_button = QPushButton("Replace")
        self.all_button = QPushButton("Replace all")
        self.next_button.clicked.connect(self.find_next)
        self.replace_button.clicked.connect(self.replace_one)
        self.all_button.clicked.connect(self.replace_all)
        self.find.returnPressed.connect(self.find_next)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("Find"), 0, 0)
        grid.addWidget(self.find, 0, 1)
        grid.addWidget(self.next_button, 0, 2)
        grid.addWidget(QLabel("Replace with"), 1, 0)
        grid.addWidget(self.replace, 1, 1)
        grid.addWidget(self.replace_button, 1, 2)
        grid.addWidget(self.case, 2, 1)
        grid.addWidget(self.all_button, 2, 2)
        grid.addWidget(self.status, 3, 0, 1, 3)

    def open_with_selection(self) -> None:
        """Show, with the editor's selected text (if any) to find."""
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find.setText(selected)
        self.show()
        self.raise_()
        self.find.setFocus()
        self.find.selectAll()

    def _flags(self) -> QTextDocument.FindFlag:
        return QTextDocument.FindFlag.FindCaseSensitively if self.case.isChecked() else QTextDocument.FindFlag(0)

    def find_next(self) -> bool:
        """Select the next match after the cursor, wrapping to the top once."""
        text = self.find.text()
        if not text:
            return False
        if self.editor.find(text, self._flags()):
            self.status.setText("")
            return True
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        found = self.editor.find(text, self._flags())
        self.status.setText("" if found else f"{text!r} is not in the text.")
        return found

    def _selection_matches(self) -> bool:
        selected = self.editor.textCursor().selectedText()
        text = self.find.text()
        return bool(text) and (selected == text if self.case.isChecked() else selected.lower() == text.lower())

    def replace_one(self) -> None:
        """Replace the selected match and go to the next one."""
        if self._selection_matches():
            self.editor.textCursor().insertText(self.replace.text())
        self.find_next()

    def replace_all(self) -> int:
        """Replace every match as one undo step; how many were replaced."""
        text = self.find.text()
        if not text:
            return 0
        document = self.editor.document()
        cursor = QTextCursor(document)
        count = 0
        edit = QTextCursor(document)
        edit.beginEditBlock()
        while True:
            cursor = document.find(text, cursor, self._flags())
            if cursor.isNull():
                break
            cursor.insertText(self.replace.text())
            count += 1
        edit.endEditBlock()
        self.status.setText(f"{count} replaced." if count else f"{text!r} is not in the text.")
        return count
