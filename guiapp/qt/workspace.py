"""The window's shared state: the open Database, the declared models, the worker pool and the bridge.

Widgets receive the Workspace, listen to its signals and to the bridge, and
submit their database work through ``workspace.tasks``. Nothing here imports
SQLAlchemy at module level, so the window can show before it loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from guiapp.qt.bridge import SignalBridge
from guiapp.qt.tasks import TaskRunner

if TYPE_CHECKING:
    from guiapp.core.connect.database import Database
    from guiapp.core.errors import GuiappError
    from guiapp.core.schema.modelload import DeclaredModels


class Workspace(QObject):
    """What every view shares.

    Signals:
        connecting(str): a connection attempt started (URL with password hidden).
        databaseChanged(object): the open Database changed (None when closed).
        connectFailed(str): the last attempt failed, with a message safe to show.
        modelsChanged(object): the DeclaredModels were (re)loaded.
        modelsFailed(str): the --models module could not be loaded.
        message(str): a short status line for the status bar.
        closing(): the window is going away: whatever holds a connection of its own lets it go.
        preferencesChanged(object): the user saved new Preferences (also in ``preferences``).
        namesListed(str, object): a SQLite file's (name, kind) pairs, read at start-up before the
            connection exists (also in ``early_names``; None if it could not be read at once), with
            the URL as the window will show it.
    """

    connecting = Signal(str)
    databaseChanged = Signal(object)
    connectFailed = Signal(str)
    modelsChanged = Signal(object)
    modelsFailed = Signal(str)
    message = Signal(str)
    closing = Signal()
    preferencesChanged = Signal(object)
    namesListed = Signal(str, object)

    def __init__(self, bridge: SignalBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.tasks = TaskRunner(self)
        self.db: Database | None = None
        self.models: DeclaredModels | None = None
        self.models_spec: str | None = None
        self.pool_options: dict[str, Any] = {}  # PoolOptions overrides, applied on the worker
        self.early_names: tuple[str, list[tuple[str, str]]] | None = None  # see list_names_early
        self.reading_names = False  # list_names_early is under way
        # Set by the window: asked before connecting elsewhere closes this database's tabs; it calls
        # ``proceed`` (after committing or discarding what they hold) or ``cancelled``.
        self.leaving: Callable[[Callable[[], None], Callable[[], None]], None] | None = None
        from guiapp.qt.settings import load_preferences
        self.preferences = load_preferences()

    # -- work ------------------------------------------------------------------
    def run(self, fn: Callable[[], Any], *, group: str | None = None,
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[["GuiappError"], None] | None = None, owner: QObject | None = None,
            on_stale: Callable[[Any], None] | None = None) -> int:
        """Submit ``fn`` to a worker. Errors arrive as a GuiappError (a bug as a BugError, already
        logged), never a traceback dialog; without ``on_error`` they go to the status bar."""
        def failed(error: "GuiappError") -> None:
            if on_error is not None:
                on_error(error)
            else:
                self.message.emit(str(error))
        from guiapp.core.connect.context import in_database_context
        return self.tasks.submit(in_database_context(fn, self.db), group=group, on_done=on_done,
                                 on_error=failed, owner=owner, on_stale=on_stale)

    def is_current(self, db: Any) -> bool:
        """True when a signal's sender is the Database this window shows."""
        return db is not None and db is self.db

    # -- connecting ---------------------------------------------------------------
    def open_url(self, url: str | None, on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[["GuiappError"], None] | None = None, create: bool = False) -> None:
        """Connect to a URL typed or remembered (None: the demo database), off the GUI thread.
        ``create``: a SQLite file that does not exist is created (otherwise that is an error)."""
        def database() -> Any:
            from guiapp.core.connect.profiles import ConnectionProfile
            options = self.options()
            if not url:
                from guiapp.core.data.demo import open_demo
                return open_demo(options)
            return ConnectionProfile.from_text(url, options, create=create).database()
        self._open(database, "the demo database" if not url else None, on_done, on_error, demo=not url)

    def list_names_early(self, url: str | None) -> None:
        """Read the table names of the SQLite file ``url`` names on a worker, with the standard sqlite3
        module, while SQLAlchemy is not even loaded: the schema tree lists them at once and the
        connection's catalogue replaces them. ``namesListed`` tells when the read is over (with None
        for a file that cannot be read at once: the connection says why). Nothing for other URLs."""
        from guiapp.core.backends import sqlitefile
        path = sqlitefile.file_of_url(url)
        if path is None or url is None:
            return
        display = sqlitefile.display_of_url(url)
        self.reading_names = True

        def listed(names: list[tuple[str, str]] | None) -> None:
            self.reading_names = False
            if names is not None and self.db is None:  # else the connection came first, with its own
                self.early_names = (display, names)
            self.namesListed.emit(display, names if self.early_names is not None else None)
        self.tasks.submit(lambda: sqlitefile.read_names(path), on_done=listed, on_error=lambda _e: listed(None),
                          owner=self)

    def reopen(self, stored_url: str, ask: Callable[[], None]) -> None:
        """Reopen a database that needs a password: with the one kept in the system keyring,
        else (none kept, or the server refused it) by calling ``ask``."""
        def found(password: str | None) -> None:
            if not password:
                ask()
                return
            from guiapp.core.connect.profiles import ConnectionProfile

            def refused(_error: Any) -> None:
                from guiapp.core.connect import keychain
                self.run(lambda: keychain.forget(stored_url))
                ask()
            options = self.options()
            self.open_profile(ConnectionProfile.from_text(stored_url, options, password=password), on_error=refused)

        from guiapp.core.connect import keychain
        self.run(lambda: keychain.password_for(stored_url), on_done=found, on_error=lambda _e: ask(), owner=self)

    def options(self, **overrides: Any) -> Any:
        """The PoolOptions for a new connection: the preferences' pool defaults, then the command
        line's pool settings, then ``overrides`` (None values ignored at each step)."""
        from guiapp.core.options import PoolOptions
        return (PoolOptions().with_overrides(**self.preferences.pool_defaults())
                .with_overrides(**self.pool_options).with_overrides(**overrides))

    def set_preferences(self, preferences: Any) -> None:
        """Store the user's new preferences and tell every view (the pool ones apply to the next
        connection)."""
        from guiapp.qt.settings import save_preferences
        save_preferences(preferences)
        self.preferences = preferences
        self.preferencesChanged.emit(preferences)

    def open_profile(self, profile: Any, on_done: Callable[[Any], None] | None = None,
                     on_error: Callable[["GuiappError"], None] | None = None) -> None:
        """Connect to a ConnectionProfile (from the Connect dialog) off the GUI thread."""
        self._open(profile.database, profile.display, on_done, on_error)

    def _open(self, make_database: Callable[[], Any], where: str | None, on_done: Callable[[Any], None] | None,
              on_error: Callable[["GuiappError"], None] | None, demo: bool = False) -> None:
        """On success the URL (without its password) is remembered as the one to reopen next time."""
        def work() -> Any:
            from guiapp.core.schema.catalog import catalog_for
            db = make_database()
            try:
                db.open()
                catalog_for(db).names()  # warm the cache on the worker
            except BaseException:
                db.dispose()
                raise
            return db

        def done(db: Any) -> None:
            from guiapp.qt.settings import remember_last
            from guiapp.core.connect.urls import url_for_storage, url_secrets
            remember_last("" if demo else url_for_storage(db.url), bool(url_secrets(db.url)), db.options.ssh)
            if db.url.password:
                from guiapp.core.connect import keychain
                self.run(lambda: keychain.remember(db.url))  # in the system keyring, if there is one
            from guiapp.core.connect.context import set_database
            old, self.db = self.db, db
            set_database(db)  # current_database in slots and receivers on the GUI thread
            self.databaseChanged.emit(db)
            note = f". {db.read_only_note}" if db.read_only_note else ""
            self.message.emit(f"Connected to {db.display}{note}")
            if old is not None and old is not db:
                self.run(old.dispose)
            if on_done is not None:
                on_done(db)

        def failed(error: "GuiappError") -> None:
            self.connectFailed.emit(str(error))
            if on_error is not None:
                on_error(error)

        def start() -> None:
            self.connecting.emit(where or "the database")
            # A newer attempt replaced this one: close the pool it opened, off the GUI thread.
            self.run(work, group="connect", on_done=done, on_error=failed, owner=self,
                     on_stale=lambda db: self.run(db.engine.dispose))

        def cancelled() -> None:
            from guiapp.core.errors import ConnectCancelledError
            text = f"Still connected to {self.db.display}: its edits and transactions are kept." if self.db else ""
            self.message.emit(text)
            if on_error is not None:
                on_error(ConnectCancelledError(text))

        if self.db is not None and self.leaving is not None:
            self.leaving(start, cancelled)
        else:
            start()

    def load_models(self, spec: str | None) -> None:
        """Load the declared models on a worker (importing a user module may be slow)."""
        self.models_spec = spec

        def work() -> Any:
            from guiapp.core.schema.modelload import load_models
            return load_models(spec)

        def done(models: Any) -> None:
            self.models = models
            self.modelsChanged.emit(models)

        self.run(work, group="models", on_done=done, on_error=lambda error: self.modelsFailed.emit(str(error)), owner=self)

    def close(self) -> None:
        self.closing.emit()
        self.tasks.shutdown()
        if self.db is not None:
            self.db.dispose()
            self.db = None


def debounce(parent: QObject, ms: int, fn: Callable[[], None]) -> Callable[[], None]:
    """A callable that runs ``fn`` once, ``ms`` after the last of a burst of calls."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    timer.timeout.connect(fn)
    return timer.start
