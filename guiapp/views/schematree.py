"""The schema tree: tables and views, expanding lazily to columns, indexes, constraints and foreign keys.

Listens to the Workspace and the bridge; never refreshed by another widget. At start-up it lists a
SQLite file's names as soon as the workspace has read them, before the connection exists; the
connection's catalogue then replaces them (same names, same order), and what the user opened or
expanded meanwhile follows.

Signals:
    tableActivated(str): the user opened a table or view (click, double-click, Enter).
    exportRequested(str), dropRequested(str): context-menu actions on a table.
    earlyNamesShown(str): the names read at start-up are listed, for the database shown as the text.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLineEdit, QMenu, QToolButton, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from guiapp.views.resources import icon
from guiapp.qt.workspace import Workspace, debounce

KIND_ROLE = Qt.ItemDataRole.UserRole
NAME_ROLE = Qt.ItemDataRole.UserRole + 1
_PLACEHOLDER = "loading…"


class _Listed(NamedTuple):
    """A name read at start-up, shaped like the catalogue's TableSummary (the default schema only)."""

    name: str
    kind: str
    schema: None = None

    @property
    def table(self) -> str:
        return self.name


class SchemaTree(QWidget):
    """Filterable tree of the open database's tables and views."""

    tableActivated = Signal(str)
    exportRequested = Signal(str)
    dropRequested = Signal(str)
    earlyNamesShown = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.filter = QLineEdit(placeholderText="Filter tables…", clearButtonEnabled=True)
        self.filter.textChanged.connect(self._apply_filter)
        refresh = QToolButton(icon=icon("refresh"), toolTip="Refresh the schema (F5 in the tree)", autoRaise=True)
        refresh.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter)
        top.addWidget(refresh)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Name", "Details"])
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.itemExpanded.connect(self._expanded)
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemActivated.connect(self._activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree)
        self._tables_folder = self._views_folder = None
        self._folders: list[QTreeWidgetItem] = []
        self._filtered = False
        self.early_display: str | None = None  # the database whose start-up names are listed, if any
        self._opened_early: str | None = None  # a table the user opened before the connection came
        self._later = debounce(self, 80, lambda: self._load(fresh=False))
        workspace.databaseChanged.connect(self._database_changed)
        workspace.namesListed.connect(self._names_listed)
        workspace.connectFailed.connect(self._connect_failed)
        workspace.bridge.schemaNews.connect(self._schema_changed)
        if workspace.early_names is not None:  # read while the window was being built
            self._names_listed(*workspace.early_names)

    # -- listening ------------------------------------------------------------------
    @Slot(str, object)
    def _names_listed(self, display: str, names: list[tuple[str, str]] | None) -> None:
        if names is None or self.workspace.db is not None:
            return  # not readable at once, or connected meanwhile: the catalogue's names are on their way
        self._show_names([_Listed(name, kind) for name, kind in names])
        self.early_display = display
        self.earlyNamesShown.emit(display)

    @Slot(str)
    def _connect_failed(self, _text: str) -> None:
        if self.workspace.db is None and self.early_display is not None:
            self.early_display = self._opened_early = None  # the window says why; nothing is listed
            self.tree.clear()
            self._folders = []
            self._tables_folder = self._views_folder = None

    @Slot(object)
    def _database_changed(self, db: Any) -> None:
        if self.early_display is None or db is None:  # names listed at start-up stay until the catalogue's come
            self.early_display = None
            self.tree.clear()
            self._folders = []
            self._tables_folder = self._views_folder = None
        self._load(fresh=False)  # the connect read the names on its worker: use them

    @Slot(object, str, tuple, str)
    def _schema_changed(self, db: Any, _change: str, _tables: tuple, _origin: str) -> None:
        if self.workspace.is_current(db):
            self._later()  # the catalogue has already forgotten what the signal says changed

    # -- loading --------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        """Read the schema again (View ▸ Refresh schema): what another program changed shows."""
        self._load(fresh=True)

    def _load(self, fresh: bool) -> None:
        db = self.workspace.db
        if db is None:
            return

        def work() -> Any:
            from guiapp.core.schema.catalog import catalog_for
            cat = catalog_for(db)
            if fresh:
                cat.invalidate()
            return cat.names()

        self.workspace.run(work, group=f"tree:{id(self)}", on_done=self._show_loaded, owner=self)

    def _show_loaded(self, summaries: list[Any]) -> None:
        """The catalogue's names; a table opened from the start-up list is opened now."""
        self.early_display = None
        self._show_names(summaries)
        opened, self._opened_early = self._opened_early, None
        if opened is not None and self.item_for(opened) is not None:
            self.tableActivated.emit(opened)

    def _items(self) -> list[QTreeWidgetItem]:
        return [folder.child(i) for folder in self._folders for i in range(folder.childCount())]

    def table_names(self) -> list[str]:
        """Names shown now (tables and views; 'schema.table' outside the default schema)."""
        return [item.data(0, NAME_ROLE) for item in self._items()]

    def base_table_names(self) -> list[str]:
        """Names of the tables shown now, without the views (what rows can be written to)."""
        return [item.data(0, NAME_ROLE) for item in self._items() if item.data(0, KIND_ROLE) == "table"]

    def item_for(self, name: str) -> QTreeWidgetItem | None:
        """The tree item of a table or view, if shown."""
        return next((item for item in self._items() if item.data(0, NAME_ROLE) == name), None)

    def _show_names(self, summaries: list[Any]) -> None:
        expanded = {self.tree.topLevelItem(i).child(j).data(0, NAME_ROLE)
                    for i in range(self.tree.topLevelItemCount())
                    for j in range(self.tree.topLevelItem(i).childCount())
                    if self.tree.topLevelItem(i).child(j).isExpanded()}
        self.tree.clear()
        tables = [s for s in summaries if s.kind == "table" and s.schema is None]
        views = [s for s in summaries if s.kind == "view" and s.schema is None]
        self._tables_folder = self._folder(f"Tables ({len(tables)})")
        self._views_folder = self._folder(f"Views ({len(views)})") if views else None
        groups = [(self._tables_folder, tables), (self._views_folder, views)]
        for schema in dict.fromkeys(s.schema for s in summaries if s.schema is not None):
            members = [s for s in summaries if s.schema == schema]
            groups.append((self._folder(f"Schema {schema} ({len(members)})"), members))
        self._folders = [folder for folder, _items in groups if folder is not None]
        for folder, items in groups:
            if folder is None:
                continue
            children = []
            for summary in items:  # added at once below: one insertion, not one per table
                item = QTreeWidgetItem([summary.table, summary.kind])
                item.setIcon(0, icon(summary.kind))
                item.setData(0, NAME_ROLE, summary.name)
                item.setData(0, KIND_ROLE, summary.kind)
                item.setToolTip(0, f"{summary.kind} {summary.name}: click to open")
                item.addChild(QTreeWidgetItem([_PLACEHOLDER]))
                children.append(item)
            folder.addChildren(children)
            folder.setExpanded(True)
        for child in self._items():
            if child.data(0, NAME_ROLE) in expanded:
                child.setExpanded(True)
        self._apply_filter(self.filter.text())

    def _folder(self, title: str) -> QTreeWidgetItem:
        folder = QTreeWidgetItem(self.tree, [title])
        folder.setIcon(0, icon("folder"))
        folder.setFlags(Qt.ItemFlag.ItemIsEnabled)
        return folder

    @Slot(QTreeWidgetItem)
    def _expanded(self, item: QTreeWidgetItem) -> None:
        name = item.data(0, NAME_ROLE)
        if not name or item.data(0, KIND_ROLE) not in ("table", "view"):
            return
        if item.childCount() != 1 or item.child(0).text(0) != _PLACEHOLDER:
            return
        db = self.workspace.db
        if db is None:
            return  # listed at start-up: filled once connected (the expansion is kept)

        def work() -> Any:
            from guiapp.core.schema.catalog import catalog_for
            return catalog_for(db).table(name)

        def failed(error: Exception) -> None:
            if item.childCount() == 1 and item.child(0).text(0) == _PLACEHOLDER:
                item.child(0).setText(0, str(error))

        self.workspace.run(work, on_done=lambda info: self._fill(item, info), on_error=failed, owner=self)

    def _fill(self, item: QTreeWidgetItem, info: Any) -> None:
        try:
            item.takeChildren()
        except RuntimeError:  # the tree was rebuilt meanwhile
            return
        columns = QTreeWidgetItem(item, ["Columns", str(len(info.columns))])
        columns.setIcon(0, icon("folder"))
        for col in info.columns:
            flags = [col.type, "PK" if col.primary_key else "", "" if col.nullable else "NOT NULL"]
            child = QTreeWidgetItem(columns, [col.name, "  ".join(f for f in flags if f)])
            child.setIcon(0, icon("key" if col.primary_key else "column"))
            child.setToolTip(0, f"{col.name}: {child.text(1)}")
            child.setToolTip(1, child.text(1))
        columns.setExpanded(True)
        sections = [
            ("Indexes", "index", [(ix.name, ("UNIQUE " if ix.unique else "") + ", ".join(ix.columns))
                                  for ix in info.indexes]),
            ("Unique constraints", "unique", [(u.name or "(unnamed)", ", ".join(u.columns)) for u in info.uniques]),
            ("Foreign keys", "foreignkey", [(fk.name or "(unnamed)", fk.describe()) for fk in info.foreign_keys]),
        ]
        for title, icon_name, rows in sections:
            if not rows:
                continue
            folder = QTreeWidgetItem(item, [title, str(len(rows))])
            folder.setIcon(0, icon("folder"))
            for name, detail in rows:
                child = QTreeWidgetItem(folder, [name, detail])
                child.setIcon(0, icon(icon_name))
                child.setToolTip(0, f"{name}: {detail}")
                child.setToolTip(1, detail)

    # -- interaction ------------------------------------------------------------------
    @Slot(str)
    def _apply_filter(self, text: str) -> None:
        needle = text.strip().lower()
        if not needle and not self._filtered:
            return  # nothing hidden, nothing to hide: 5,000 tables cost nothing here
        self._filtered = bool(needle)
        for child in self._items():
            child.setHidden(bool(needle) and needle not in child.data(0, NAME_ROLE).lower())

    @Slot(QTreeWidgetItem)
    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        if item.data(0, KIND_ROLE) not in ("table", "view"):
            return
        if self.workspace.db is None:  # listed at start-up: opened as soon as the connection is made
            self._opened_early = item.data(0, NAME_ROLE)
            return
        self.tableActivated.emit(item.data(0, NAME_ROLE))

    def context_menu_for(self, item: QTreeWidgetItem) -> QMenu | None:
        """The right-click menu of a table or view item (None for folders and details)."""
        if item is None or item.data(0, KIND_ROLE) not in ("table", "view") or self.workspace.db is None:
            return None
        name = item.data(0, NAME_ROLE)
        menu = QMenu(self)
        menu.addAction(icon("table"), "Open", lambda: self.tableActivated.emit(name))
        menu.addAction("Copy name", lambda: QGuiApplication.clipboard().setText(name))
        menu.addAction(icon("export"), "Export…", lambda: self.exportRequested.emit(name))
        menu.addSeparator()
        if item.data(0, KIND_ROLE) == "table":
            menu.addAction(icon("drop"), f"Drop table {name}…", lambda: self.dropRequested.emit(name))
        return menu

    def _context_menu(self, pos: Any) -> None:
        menu = self.context_menu_for(self.tree.itemAt(pos))
        if menu is not None:
            menu.exec(self.tree.viewport().mapToGlobal(pos))
            menu.deleteLater()
