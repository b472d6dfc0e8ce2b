"""The main window: schema tree, table and console tabs, models panel, signals dock, status bar.

The window wires widgets to the Workspace and the bridge; widgets refresh
themselves from signals and never call each other to refresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QTimer, Signal, Slot
# Dialogs and docks are imported where they are used, after the first paint: importing a Qt class
# makes PySide6 build its enums (QMessageBox's three cost 1.7 ms of a 140 ms start).
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from guiapp.views.leaving import Leave, Leaving
from guiapp.views.resources import icon
from guiapp.views.menus import make_menus
from guiapp.views.tableactions import TableActions
from guiapp.views.statusfigures import StatusFigures
from guiapp.views.tooltabs import ToolTabs
from guiapp.views.windowpanels import WindowPanels
from guiapp.views.windowstate import WindowState
from guiapp.qt.workspace import Workspace, debounce

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent


def _is_console(widget: Any) -> bool:
    return widget is not None and widget.objectName() == "console"


class MainWindow(Leaving, TableActions, ToolTabs, StatusFigures, WindowState, WindowPanels, QMainWindow):
    """guiapp's window.

    Signals:
        painted(): the window's first paint.
        panelsBuilt(): the docks' panels and consoles exist (just after the first paint).
    """

    painted = Signal()
    panelsBuilt = Signal()
    closed = Signal()

    def __init__(self, workspace: Workspace, state_key: str = "") -> None:
        super().__init__()
        self.workspace = workspace
        self.state_key = state_key  # "": the main window; else the saved connection it shows
        self.open_window: Any = None  # set by the app: opens a SavedConnection in a window of its own
        self.connection_name = ""  # the saved connection this window was opened on, if any
        self.setWindowTitle("guiapp")
        self.setWindowIcon(icon("app"))
        self.resize(1280, 800)
        self._restored_for: str | None = None
        self._title_before_early = ""
        self._console_count = 0
        self._closed_consoles: list[Any] = []
        self._back: list[tuple[Any, int, int]] = []  # (table page, row, column) a foreign key was followed from
        self._forced = False
        self._left: Leave | None = None  # answered and settled: the close goes ahead

        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(lambda _index: self.sync_query_actions())
        self.banner = QLabel(objectName="errorBanner", wordWrap=True)
        self.banner.hide()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)

        # The docks come right after the first paint (with their panels): Qt's namespace of enums,
        # which a dock area needs, costs about 40 ms to create, and the window shows without it.
        self.schema_dock = self.models_dock = self.signals_dock = self.history_dock = None  # type: ignore[assignment]
        self.snippets_dock = self.connections_dock = None  # type: ignore[assignment]
        self.schema: Any = None
        self.models: Any = None
        self.signals_view: Any = None
        self.history: Any = None
        self.snippets: Any = None
        self.connections: Any = None
        self.built = False
        self._build_scheduled = False
        self._first_paint: Any = None  # watches for the first paint (WindowPanels.setVisible)
        self._tree_shown = False

        self.url_label = QLabel("Not connected")
        self.pool_label = QLabel("")
        self.pool_label.setToolTip("Connection pool: in use / size, and overflow")
        self.tunnel_label = QLabel("", objectName="tunnelState")
        self.tunnel_label.hide()
        self.statusBar().addPermanentWidget(self.tunnel_label)
        self.statusBar().addPermanentWidget(self.url_label)
        self.statusBar().addPermanentWidget(self.pool_label)
        make_menus(self)

        self._save_consoles_later = debounce(self, 250, self.save_consoles)
        workspace.leaving = self._leave_database
        workspace.connecting.connect(self._connecting)
        workspace.databaseChanged.connect(self._database_changed)
        workspace.connectFailed.connect(self._connect_failed)
        workspace.modelsFailed.connect(self._models_failed)
        workspace.message.connect(self._message)
        workspace.bridge.poolChanged.connect(self._pool_changed)
        workspace.bridge.poolWaiting.connect(self._pool_waiting)
        workspace.bridge.tunnelChanged.connect(self._tunnel_changed)
        self._pool_timer = QTimer(self, interval=1000)
        self._pool_timer.timeout.connect(lambda: self._pool_changed(self.workspace.db))
        self._pool_timer.start()
        self.restore_layout()

    # -- tabs ---------------------------------------------------------------------------
    @Slot(str)
    def open_table(self, name: str) -> None:
        from guiapp.views.tablepage import TablePage  # loads the grid code once connected
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if isinstance(page, TablePage) and page.name == name and page.db is self.workspace.db:
                self.tabs.setCurrentIndex(i)
                return
        if self.workspace.db is None:
            return
        page = TablePage(self.workspace, name)
        index = self.tabs.addTab(page, icon("table"), name)
        page.titleChanged.connect(lambda title, p=page: self.tabs.setTabText(self.tabs.indexOf(p), title))
        page.followRequested.connect(self.follow_link)
        self.tabs.setCurrentIndex(index)
        self.save_layout()

    def new_console(self, text: str = "") -> Any:
        from guiapp.views.console import ConsoleTab
        self._console_count += 1
        console = ConsoleTab(self.workspace, f"Console {self._console_count}")
        console.editor.setPlainText(text)
        console.textEdited.connect(self._save_consoles_later)
        console.actionsChanged.connect(self.sync_query_actions)
        index = self.tabs.addTab(console, icon("console"), console.title)
        self.tabs.setCurrentIndex(index)
        console.editor.setFocus()
        return console

    def consoles(self) -> list[Any]:
        return [w for i in range(self.tabs.count()) if _is_console(w := self.tabs.widget(i))]

    def current_console(self) -> Any:
        widget = self.tabs.currentWidget()
        return widget if _is_console(widget) else None

    def sync_query_actions(self) -> None:
        """Query ▸ Stop, Commit and Rollback as the current console offers them: off when nothing
        runs, nothing is open, or no console is in front."""
        console = self.current_console()
        for name, action in getattr(self, "query_actions", {}).items():
            action.setEnabled(console is not None and getattr(console, f"{name}_action").isEnabled())

    def console_do(self, what: str) -> None:
        """Query menu: do ``what`` (run_current, stop, commit, ...) in the console in front; Run opens one."""
        console = self.current_console()
        if console is None:
            if what in ("run_current", "run_all"):
                self.new_console()
            return
        getattr(console, what)()

    @Slot(int)
    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is None:
            return
        leave = self.ask_to_leave([widget], "Close tab", "Closing this tab")
        if leave is None:
            return
        self.finish(leave, lambda: self._remove_tab(widget, leave.commit))

    def _remove_tab(self, widget: Any, commit: bool) -> None:
        index = self.tabs.indexOf(widget)
        if index < 0:
            return
        if _is_console(widget):
            widget.shutdown(commit=commit and widget.in_transaction)
        elif hasattr(widget, "close_page"):
            widget.close_page()
        self.tabs.removeTab(index)
        widget.deleteLater()
        self.save_consoles()
        self.save_layout()

    # -- connecting -----------------------------------------------------------------------
    def show_connect_dialog(self) -> None:
        from guiapp.views.connectdialog import ConnectDialog
        ConnectDialog(self.workspace, self).exec()

    def ask_password_for(self, url: str) -> None:
        """The Connect dialog, filled in with ``url``, asking for its password."""
        from guiapp.views.connectdialog import ConnectDialog
        dialog = ConnectDialog(self.workspace, self)
        dialog.url.setText(url)
        dialog.message.setText("Type the password to reopen this database. guiapp keeps it only in the "
                               "system keyring, where there is one, never in its own files.")
        dialog.url_password.setFocus()
        dialog.exec()

    _SQLITE_FILTER = "SQLite databases (*.sqlite *.sqlite3 *.db *.db3 *.s3db *.sl3);;All files (*)"

    def open_sqlite_file(self) -> None:
        """Pick an existing SQLite file and open it."""
        from PySide6.QtWidgets import QFileDialog
        from guiapp.core.paths import sqlite_url_for
        path, _ = QFileDialog.getOpenFileName(self, "Open SQLite file", "", self._SQLITE_FILTER)
        if path:
            self.workspace.open_url(sqlite_url_for(path), on_error=self._open_failed)

    def new_sqlite_file(self) -> None:
        """Choose where a new, empty SQLite database goes, and open it."""
        from PySide6.QtWidgets import QFileDialog
        from guiapp.core.paths import sqlite_url_for
        path, _ = QFileDialog.getSaveFileName(self, "New SQLite database", "new.sqlite3", self._SQLITE_FILTER)
        if path:
            self.workspace.open_url(sqlite_url_for(path), create=True, on_error=self._open_failed)

    def _open_failed(self, error: Exception) -> None:
        from PySide6.QtWidgets import QMessageBox
        from guiapp.core.errors import ConnectCancelledError
        if isinstance(error, ConnectCancelledError):
            return  # the user chose to stay: the status bar says so
        QMessageBox.warning(self, "Open database", str(error))

    @Slot(str)
    def _connecting(self, where: str) -> None:
        self.statusBar().clearMessage()  # an earlier failure is no longer news
        self.url_label.setText(f"Connecting to {where}…")

    @Slot(object)
    def _database_changed(self, db: Any) -> None:
        from guiapp.views.tablepage import TablePage
        self.banner.hide()
        for i in range(self.tabs.count() - 1, -1, -1):
            page = self.tabs.widget(i)
            if isinstance(page, TablePage) and page.db is not db:
                page.close_page()
                self.tabs.removeTab(i)
                page.deleteLater()
        display = db.display if db is not None else "Not connected"
        read_only = " (read-only)" if db is not None and db.options.read_only else ""
        self._show_title(display + read_only)
        self.url_label.setText(display + read_only)
        self.url_label.setToolTip(db.read_only_note if db is not None else "")
        if db is not None and db.tunnel is not None:
            self._show_tunnel(db.tunnel.alias, "up" if db.tunnel.up else "down", db.tunnel.local_port)
        else:
            self.tunnel_label.hide()
        self._pool_changed(db)
        if db is not None and self._restored_for != display:
            self._restored_for = display
            # After every listener of this change (the tree lists the tables first): the tabs fill in.
            QTimer.singleShot(0, lambda: self._restore_tables(db, display))

    @Slot(str)
    def _connect_failed(self, text: str) -> None:
        if self.workspace.db is None:
            if self._title_before_early:  # it named the file whose tables were listed early
                self.setWindowTitle(self._title_before_early)
            self.url_label.setText("Not connected")
            self.banner.setText(f"Could not connect: {text}  Use File ▸ Connect… (Ctrl+O) to try another database.")
            self.banner.show()
        self.statusBar().showMessage(text, 10000)

    @Slot(str)
    def _models_failed(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    @Slot(str)
    def _message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_notice(self, text: str) -> None:
        """A lasting line in the status bar, for what stays true all session (settings not saved)."""
        label = QLabel(text, objectName="notice")
        label.setToolTip(text)
        self.statusBar().addWidget(label, 1)

    def force_close(self) -> None:
        """Close without asking: open transactions are rolled back (for a session that must end)."""
        self._forced = True
        self.close()

    def wait_for_consoles(self, seconds: float) -> None:
        """Let consoles finish their last commit or rollback before the process ends."""
        for console in self._closed_consoles:
            console.wait_closed(seconds)

    def closeEvent(self, event: QCloseEvent) -> None:
        from guiapp.views.tablepage import TablePage
        leave = self._left
        if leave is None and not self._forced:
            leave = self.ask_to_leave([self.tabs.widget(i) for i in range(self.tabs.count())], "Quit",
                                      "Closing the window")
            if leave is None:
                event.ignore()
                return
            if leave.must_wait:  # the grids commit on workers: close once they have
                event.ignore()
                self.finish(leave, lambda: (setattr(self, "_left", leave), self.close()))
                return
        commit = leave is not None and leave.commit
        self.save_consoles()
        self.save_layout()
        self._closed_consoles = self.consoles()
        for console in self._closed_consoles:
            console.shutdown(commit=commit and console.in_transaction)
        for i in range(self.tabs.count()):
            page = self.tabs.widget(i)
            if isinstance(page, TablePage):
                page.close_page()
        self._pool_timer.stop()
        super().closeEvent(event)
        self.closed.emit()
