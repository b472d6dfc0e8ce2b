"""The window's docks and panels, built after its first paint: the schema tree first, listing the
names the workspace reads meanwhile (``Workspace.list_names_early``), painted at once; then the
menus' items and keys, the models panel, signals log, history, snippets, connections and the restored
consoles; the restored table tabs once connected (``WindowState``). The title names the file as soon
as the tree lists it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QDockWidget


class WindowPanels:
    """Mixed into the MainWindow (which provides ``workspace``, the docks' attributes, ``painted``,
    ``panelsBuilt`` and the slots the panels are wired to)."""

    def setVisible(self, visible: bool) -> None:
        """Shown (X maps the window here), then watched for its first paint. Not through an ``event()``
        override: Qt would call it for every event from the window's construction on, and the first
        makes PySide6 build QEvent's class and its 180 event types (about 5 ms) before the window shows."""
        super().setVisible(visible)
        if visible and not self.built and not self._build_scheduled and self._first_paint is None:
            self._first_paint = _FirstPaint(self)
            self.installEventFilter(self._first_paint)

    def _painted(self) -> None:
        """The turn of the event loop after the first paint (the window is on screen): the heavy part."""
        self.removeEventFilter(self._first_paint)
        if not self.built and not self._build_scheduled:
            self._build_scheduled = True
            self.painted.emit()
            self.build_panels()

    def build_panels(self) -> None:
        """Create the docks and the schema tree while the workspace reads the names (a file read, on a
        worker); show them as soon as they are listed (0.1 s at most); the other panels and the
        consoles on the next turn of the event loop after that (``panelsBuilt`` then)."""
        if self.built:
            return
        self.built = True
        self._make_docks()
        from guiapp.views.schematree import SchemaTree
        self.schema = SchemaTree(self.workspace)
        self.schema.tableActivated.connect(self.open_table)
        self.schema.exportRequested.connect(self.export_table)
        self.schema.dropRequested.connect(self.drop_table)
        self.schema.earlyNamesShown.connect(self._show_early_title)
        self.schema_dock.setWidget(self.schema)
        if self.workspace.reading_names:  # the tree lists them first (it listens before this)
            self.workspace.namesListed.connect(lambda *_: self._show_tree_first())
            QTimer.singleShot(100, self._show_tree_first)
        else:
            self._show_tree_first()

    def _show_tree_first(self) -> None:
        """Show, lay out and paint the docks and the tree now, not after the other panels are built:
        the next turn of the event loop would run their timer before painting. Posted events are what
        that turn would deliver first anyway (no input, no timers)."""
        if self._tree_shown:
            return
        self._tree_shown = True
        from PySide6.QtCore import QCoreApplication
        QCoreApplication.sendPostedEvents()
        self.repaint()
        if self.schema.early_display is not None:  # the tree lists the file's tables: the title names it
            self._show_early_title(self.schema.early_display)
        QTimer.singleShot(0, self._build_other_panels)

    def _build_other_panels(self) -> None:
        """The menus' items and keys, the models panel, signals log, history, snippets, connections and
        the restored consoles."""
        from guiapp.views.menus import add_dock_toggles, bind_shortcuts
        bind_shortcuts(self)  # after the tree: 27 actions, their icons and keys are not what the user waits for
        add_dock_toggles(self)
        from guiapp.views.connectionsdock import ConnectionsView
        from guiapp.views.historydock import HistoryView
        from guiapp.views.modelspanel import ModelsPanel
        from guiapp.views.signalsdock import SignalsView
        from guiapp.views.snippetsdock import SnippetsView
        from guiapp.views.sqlhighlight import warm_up
        self.models = ModelsPanel(self.workspace)
        self.signals_view = SignalsView(self.workspace)
        self.history = HistoryView(self.workspace)
        self.history.openRequested.connect(self.new_console)
        self.history_dock.setWidget(self.history)
        self.snippets = SnippetsView(self.workspace)
        self.snippets.insertRequested.connect(self.insert_snippet)
        self.snippets_dock.setWidget(self.snippets)
        self.connections = ConnectionsView(self.workspace)
        self.connections.openRequested.connect(self.open_connection)
        self.connections_dock.setWidget(self.connections)
        self.models_dock.setWidget(self.models)
        self.signals_dock.setWidget(self.signals_view)
        self.restore_consoles()
        warm_up()
        self.panelsBuilt.emit()

    # -- building ----------------------------------------------------------------------
    def _make_docks(self) -> None:
        """The docks, where the saved layout puts them (defaults: schema and connections left,
        models right, signals, history and snippets tabbed below)."""
        from PySide6.QtCore import Qt
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        area = Qt.DockWidgetArea
        self.schema_dock = self._dock("Schema", area.LeftDockWidgetArea)
        self.models_dock = self._dock("Models", area.RightDockWidgetArea)
        self.signals_dock = self._dock("Signals", area.BottomDockWidgetArea)
        self.history_dock = self._dock("History", area.BottomDockWidgetArea)
        self.snippets_dock = self._dock("Snippets", area.BottomDockWidgetArea)
        self.connections_dock = self._dock("Connections", area.LeftDockWidgetArea)
        self.splitDockWidget(self.schema_dock, self.connections_dock, Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.signals_dock, self.history_dock)
        self.tabifyDockWidget(self.history_dock, self.snippets_dock)
        self.signals_dock.raise_()
        self.resizeDocks([self.schema_dock, self.models_dock], [340, 320], Qt.Orientation.Horizontal)
        self.resizeDocks([self.signals_dock], [170], Qt.Orientation.Vertical)
        self.restore_dock_state()

    def _dock(self, title: str, area: Any) -> QDockWidget:
        from PySide6.QtWidgets import QDockWidget
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{title.lower()}Dock")
        self.addDockWidget(area, dock)
        return dock

    def _show_title(self, what: str) -> None:
        named = f"{self.connection_name}: " if self.connection_name else ""
        self.setWindowTitle(f"guiapp — {named}{what}")

    @Slot(str)
    def _show_early_title(self, display: str) -> None:
        """The tree lists the file's tables before the connection is made: the title names it too
        (once the tree is on screen: ``_show_tree_first`` calls this again after painting it)."""
        if self.workspace.db is None and self._tree_shown:
            self._title_before_early = self._title_before_early or self.windowTitle()
            self._show_title(display)


class _FirstPaint(QObject):
    """Tells the window of its first paint (``WindowPanels._painted``)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent
        if watched is self.parent() and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self.parent()._painted)  # type: ignore[attr-defined]  # not from inside its paint
        return False
