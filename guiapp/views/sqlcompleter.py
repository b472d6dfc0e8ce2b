"""Autocomplete in the SQL console: keywords, tables, and the columns of the tables the text names.

Ctrl+Space offers completions at once; typing three letters of a word offers them too. After
``table.`` or ``alias.`` only that table's columns are offered (aliases from ``FROM t a`` /
``JOIN t AS a``). Everything comes from the catalogue's cache, read on a worker, never a query per
keystroke; the schema signals refresh it.
"""

from __future__ import annotations

import re
from typing import Any
from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QCompleter

from guiapp.qt.workspace import Workspace, debounce

KEYWORDS = sorted("""SELECT FROM WHERE AND OR NOT IN IS NULL LIKE BETWEEN EXISTS AS ON JOIN LEFT RIGHT INNER OUTER
FULL CROSS GROUP BY ORDER HAVING LIMIT OFFSET DISTINCT UNION ALL INSERT INTO VALUES UPDATE SET DELETE CREATE
TABLE VIEW INDEX UNIQUE PRIMARY KEY FOREIGN REFERENCES DROP ALTER ADD COLUMN DEFAULT CHECK CONSTRAINT CASE
WHEN THEN ELSE END COUNT SUM AVG MIN MAX COALESCE CAST BEGIN COMMIT ROLLBACK TRUNCATE EXPLAIN WITH ASC DESC
TRUE FALSE INTEGER TEXT VARCHAR NUMERIC DECIMAL BOOLEAN DATE TIMESTAMP""".split())
_WORD = re.compile(r"[\w$]*$")
_QUALIFIED = re.compile(r"([\w$]+)\.([\w$]*)$")
_NAMED = re.compile(r"\b(?:FROM|JOIN|UPDATE|INTO)\s+[`\"\[]?([\w$.]+)[`\"\]]?(?:\s+(?:AS\s+)?([\w$]+))?",
                    re.IGNORECASE)
MIN_TYPED = 3
_POPUP_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape)


class SqlCompleter(QObject):
    """The completion popup of one SQL editor."""

    def __init__(self, editor: Any, workspace: Workspace) -> None:
        super().__init__(editor)
        self.editor = editor
        self.workspace = workspace
        self.tables: list[str] = []
        self.columns: dict[str, list[str]] = {}
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(editor)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.activated.connect(self._insert)
        editor.popup = self.completer.popup()  # the editor leaves the popup its Enter, Tab and Esc
        self.completer.popup().installEventFilter(self)
        self._typed = False
        self._asked = False  # Ctrl+Space found nothing yet: columns on their way may answer it
        editor.installEventFilter(self)
        editor.textChanged.connect(self._text_changed)
        self._reload = debounce(self, 200, self.load_names)
        # Bound methods, not lambdas: Qt drops them when the console (and this completer) goes.
        workspace.databaseChanged.connect(self._schema_moved)
        workspace.bridge.schemaNews.connect(self._schema_moved)
        self.load_names()

    def _schema_moved(self, *_args: Any) -> None:
        self._reload()

    # -- what can be offered (read on a worker, from the catalogue's cache) -----------------
    def load_names(self) -> None:
        db = self.workspace.db
        self.columns.clear()
        if db is None:
            self.tables = []
            return

        def names() -> list[str]:
            from guiapp.core.schema.catalog import catalog_for  # SQLAlchemy: on the worker, never while the window builds
            return [t.name for t in catalog_for(db).names()]
        self.workspace.run(names, group=f"complete:{id(self)}", on_done=self._names,
                           on_error=lambda _error: None, owner=self)

    def _names(self, names: list[str]) -> None:
        self.tables = names

    def _want_columns(self, tables: list[str]) -> None:
        db = self.workspace.db
        missing = [t for t in tables if t not in self.columns and t in self.tables]
        if db is None or not missing:
            return
        for name in missing:
            self.columns[name] = []  # asked for: not again on the next keystroke

        def columns() -> dict[str, list[str]]:
            from guiapp.core.schema.catalog import catalog_for
            return {n: [c.name for c in catalog_for(db).table(n).columns] for n in missing}
        self.workspace.run(columns, on_done=self._got_columns, on_error=lambda _error: None, owner=self)

    def _got_columns(self, found: dict[str, list[str]]) -> None:
        self.columns.update(found)
        if self.completer.popup().isVisible() or self._asked:
            self.show(force=True)  # the columns the user asked for came after the question

    # -- showing -------------------------------------------------------------------------------
    def _named(self) -> dict[str, str]:
        """alias or table -> table, for the tables the editor's text names."""
        named: dict[str, str] = {}
        for table, alias in _NAMED.findall(self.editor.toPlainText()):
            table = table.split(".")[-1]
            named[table.lower()] = table
            if alias and alias.upper() not in KEYWORDS:
                named[alias.lower()] = table
        return named

    def _schemas(self) -> dict[str, str]:
        """lower-case name -> name of the schemas besides the default one (their tables are listed
        as schema.table)."""
        return {t.split(".", 1)[0].lower(): t.split(".", 1)[0] for t in self.tables if "." in t}

    def _before_cursor(self) -> str:
        cursor = self.editor.textCursor()
        return cursor.block().text()[:cursor.positionInBlock()]

    def show(self, force: bool = False) -> None:
        """Offer what fits the word being typed; ``force`` (Ctrl+Space) even for one letter or none."""
        before = self._before_cursor()
        named = self._named()
        qualified = _QUALIFIED.search(before)
        schemas = self._schemas()
        if qualified and not qualified.group(2):  # just after "alias." or "schema.": offer at once
            qualifier = qualified.group(1).lower()
            force = force or qualifier in named or qualifier in schemas or any(
                t.lower() == qualifier for t in self.tables)
        if qualified and qualified.group(1).lower() in schemas and qualified.group(1).lower() not in named:
            prefix = schemas[qualified.group(1).lower()] + "."  # schema.: that schema's tables
            words = [t[len(prefix):] for t in self.tables if t.startswith(prefix)]
            typed = qualified.group(2)
        elif qualified:
            table = named.get(qualified.group(1).lower(), qualified.group(1))
            self._want_columns([table])
            words, typed = self.columns.get(table, []), qualified.group(2)
        else:
            typed = _WORD.search(before).group(0)  # type: ignore[union-attr]
            tables = sorted(set(named.values()))
            self._want_columns(tables)
            words = (KEYWORDS + list(schemas.values()) + self.tables
                     + [c for t in tables for c in self.columns.get(t, [])])
        self._asked = force
        if not force and len(typed) < MIN_TYPED:
            self.completer.popup().hide()
            return
        self.model.setStringList(sorted(set(words), key=str.lower))
        self.completer.setCompletionPrefix(typed)
        if self.completer.completionCount() and force:
            self._asked = False
        if self.completer.completionCount() == 0 or (
                self.completer.completionCount() == 1 and self.completer.currentCompletion() == typed):
            self.completer.popup().hide()
            return
        rect = self.editor.cursorRect()
        rect.setWidth(self.completer.popup().sizeHintForColumn(0) + 30)
        self.completer.complete(rect)
        self.completer.popup().setCurrentIndex(self.completer.completionModel().index(0, 0))

    def _partial(self) -> str:
        """The part of the word before the cursor that a completion replaces."""
        before = self._before_cursor()
        qualified = _QUALIFIED.search(before)
        return qualified.group(2) if qualified else _WORD.search(before).group(0)  # type: ignore[union-attr]

    def _insert(self, word: str) -> None:
        cursor = self.editor.textCursor()
        typed = len(self._partial())
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, typed)
        cursor.insertText(word)
        self.editor.setTextCursor(cursor)

    # -- keys ----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.editor:
            # The popup's own keys come before any window shortcut (Esc is also Stop, Ctrl+Enter Run).
            if event.type() == QEvent.Type.ShortcutOverride and event.key() in _POPUP_KEYS:
                event.accept()
                return True
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Space and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self.show(force=True)
                return True
            self._typed = bool(event.text()) and event.text().isprintable()
        return super().eventFilter(watched, event)

    def _text_changed(self) -> None:
        """Typing (not a text set by the program) offers completions after three letters; with the
        popup open (the popup hands its typing to the editor), the offers follow what is typed."""
        if self.completer.popup().isVisible():
            self.show(force=True)
        elif self._typed and self.editor.hasFocus():
            self._typed = False
            self.show()

