"""The ER diagram tab: the reflected schema or the declared models as boxes and lines; zoom (Ctrl+wheel,
Ctrl++ / Ctrl+- / Ctrl+0), pan (drag), find (Ctrl+F, Enter for the next match), double-click to open a
table, Export… to SVG or PNG. A diagram of the database redraws itself when the schema changes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence, QPainter, QWheelEvent
from PySide6.QtWidgets import (QFileDialog, QGraphicsScene, QGraphicsView, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QToolButton, QVBoxLayout, QWidget)

from guiapp.qt.appearance import colour
from guiapp.qt.workspace import Workspace, debounce
from guiapp.views.erdscene import TableBox, box_sizes, boxes, build_scene, write_image


class DiagramView(QGraphicsView):
    """Drag to pan, Ctrl+wheel to zoom around the pointer, double-click a box to open its table."""

    tableActivated = Signal(str)

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("erdView")
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.05 <= scale <= 6:
            self.scale(factor, factor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
        else:
            super().wheelEvent(event)

    def mouseDoubleClickEvent(self, event: Any) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, TableBox):
            item = item.parentItem()
        if isinstance(item, TableBox):
            self.tableActivated.emit(item.table.name)
        else:
            super().mouseDoubleClickEvent(event)


class ErdTab(QWidget):
    """``source`` is "database" (reflected, follows the schema signals) or "models" (the declared
    metadata, follows a models reload). Signals: tableActivated(name), drawn() after each layout."""

    tableActivated = Signal(str)
    drawn = Signal()

    def __init__(self, workspace: Workspace, source: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("erd")
        self.workspace = workspace
        self.source = source
        self.title = "ER diagram" if source == "database" else "ER diagram: models"
        self.diagram: Any = None
        self._fitted = False
        self._match = -1
        self.scene = QGraphicsScene(self)
        self.view = DiagramView(self.scene)
        self.view.tableActivated.connect(self.tableActivated)
        self.search = QLineEdit(placeholderText="Find a table (Enter: next match)", objectName="erdSearch",
                                clearButtonEnabled=True)
        self.search.textChanged.connect(lambda _text: self.find())
        self.search.returnPressed.connect(self.next_match)
        self.status = QLabel("Reading the schema…", objectName="hint", wordWrap=True)  # never widens the window
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the whole diagram as SVG or PNG")
        self.export_button.clicked.connect(lambda: self.export())
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        for text, tip, keys, slot in (("−", "Zoom out", "Ctrl+-", lambda: self.view.zoom(1 / 1.25)),
                                      ("+", "Zoom in", "Ctrl++", lambda: self.view.zoom(1.25)),
                                      ("Fit", "Show the whole diagram", "Ctrl+0", self.fit)):
            action = QAction(text, self, shortcut=QKeySequence(keys), toolTip=f"{tip} ({keys})")
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.addAction(action)
            button = QToolButton()
            button.setDefaultAction(action)
            bar.addWidget(button)
        find = QAction("Find", self, shortcut=QKeySequence("Ctrl+F"))
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(lambda _checked=False: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(find)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

        self._reload_later = debounce(self, 300, self.reload)
        # Bound methods, not lambdas: Qt drops the connections when the tab is closed and deleted.
        if source == "database":
            bridge = workspace.bridge
            bridge.schemaNews.connect(self._schema_news)
            workspace.databaseChanged.connect(self._source_changed)
        else:
            workspace.modelsChanged.connect(self._source_changed)
        self.reload()

    @Slot(object, str, tuple, str)
    def _schema_news(self, db: Any, _change: str, _tables: tuple, _origin: str) -> None:
        if self.workspace.is_current(db):
            self._reload_later()

    @Slot(object)
    def _source_changed(self, _what: Any) -> None:
        self._reload_later()

    # -- reading and drawing --------------------------------------------------------
    def reload(self) -> None:
        """Read the tables (on a worker), measure the boxes here, lay them out on a worker, draw."""
        from guiapp.core.schema import erd
        db, models = self.workspace.db, self.workspace.models
        if self.source == "database":
            if db is None:
                self.status.setText("Not connected.")
                return
            from guiapp.core.schema.catalog import catalog_for

            def read() -> Any:
                return erd.from_catalog(catalog_for(db), db.display)
        else:
            if models is None:
                self.status.setText("No models are loaded (start guiapp with --models, or use the demo models).")
                return

            def read() -> Any:
                return erd.from_metadata(models.metadata, models.source)

        def measured(diagram: Any) -> None:
            sizes = box_sizes(diagram)
            self.workspace.run(lambda: erd.layout(diagram, lambda t: sizes[t.name]),
                               group=f"erd-layout-{id(self)}", owner=self, on_done=self._draw,
                               on_error=self._failed)
        self.workspace.run(read, group=f"erd-read-{id(self)}", owner=self, on_done=measured, on_error=self._failed)

    def _draw(self, diagram: Any) -> None:
        self.diagram = diagram
        build_scene(diagram, self.scene)
        tables, keys = len(diagram.tables), len(diagram.links)
        self.status.setText(f"{diagram.title}: {tables} table{'s' if tables != 1 else ''}, "
                            f"{keys} foreign key{'s' if keys != 1 else ''}. Drag to move around, "
                            "Ctrl+wheel to zoom, double-click a table to open it.")
        if not self._fitted:
            self._fitted = True
            self.fit()
        self.find()
        self.drawn.emit()

    def _failed(self, error: Any) -> None:
        self.status.setText(f"Could not draw the diagram: {error}")

    def fit(self) -> None:
        """The whole diagram in view, but never larger than life."""
        self.view.resetTransform()
        rect = self.scene.sceneRect()
        if rect.width() > self.view.viewport().width() or rect.height() > self.view.viewport().height():
            self.view.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    # -- finding --------------------------------------------------------------------
    def matches(self) -> list[TableBox]:
        return [box for box in boxes(self.scene) if box.found]

    def find(self) -> None:
        """Mark the tables whose name holds the search text, and show the first."""
        text = self.search.text().strip().lower()
        for box in boxes(self.scene):
            box.found = bool(text) and text in box.table.name.lower()
            box.update()
        self._match = -1
        found = self.matches()
        if text:
            self.search.setToolTip(f"{len(found)} table{'s' if len(found) != 1 else ''} match")
            self.search.setStyleSheet("" if found else f"background: {colour('failing')};")
            if found:
                self.next_match()
        else:
            self.search.setStyleSheet("")

    def next_match(self) -> None:
        found = self.matches()
        if not found:
            return
        self._match = (self._match + 1) % len(found)
        box = found[self._match]
        self.scene.clearSelection()
        box.setSelected(True)
        self.view.centerOn(box)

    # -- export ---------------------------------------------------------------------
    def export(self) -> None:
        """Ask where, then write the whole diagram (the suffix chooses SVG or PNG)."""
        if self.diagram is None:
            return
        path, _filter = QFileDialog.getSaveFileName(self, "Export diagram", "schema.svg",
                                                    "SVG image (*.svg);;PNG image (*.png)")
        if not path:
            return
        from guiapp.core.errors import GuiappError
        try:
            written = write_image(self.scene, path)
        except GuiappError as exc:
            QMessageBox.warning(self, "Export diagram", str(exc))
            return
        self.workspace.message.emit(f"Diagram saved to {written}.")
