"""The main window's menu bar: File, Query, Models, View, Help, each item with its shortcut and icon.

Only the menus' titles exist before the first paint: the items' classes (QAction, QKeySequence) and the
Help menu's boxes are loaded with the items, just after it (PySide6 builds a class's enums on its first
import: QAction's, QKeySequence's and ``html`` cost about 4 ms of a start).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from guiapp.views.resources import icon

if TYPE_CHECKING:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu


def add_action(window: Any, menu: QMenu, text: str, slot: Any, shortcut: Any = None,
               icon_name: str | None = None) -> QAction:
    """A menu item that calls ``slot`` (never with Qt's ``checked`` argument)."""
    from PySide6.QtGui import QAction
    action = QAction(icon(icon_name) if icon_name else QAction().icon(), text, window)
    if shortcut is not None:
        # The first shortcut set makes PySide6 create Qt's whole namespace of enums (about 40 ms): the
        # window shows first, and the keys are bound just after its first paint (bind_shortcuts).
        window.pending_shortcuts.append((action, shortcut))
    # triggered(bool) would pass `checked` into the slot's first parameter: never forward it.
    action.triggered.connect(lambda _checked=False: slot())
    menu.addAction(action)
    return action


def bind_shortcuts(window: Any) -> None:
    """Fill the menus and give their items their keys (called right after the window's first paint)."""
    from PySide6.QtGui import QKeySequence
    fill_menus(window)
    for action, shortcut in window.pending_shortcuts:
        if isinstance(shortcut, (list, tuple)):
            action.setShortcuts([QKeySequence(s) for s in shortcut])
        else:
            action.setShortcut(QKeySequence(shortcut))
    window.pending_shortcuts.clear()


def add_dock_toggles(window: Any) -> None:
    """View ▸ one check item per dock, to show or hide it."""
    for dock in (window.schema_dock, window.connections_dock, window.models_dock, window.signals_dock,
                 window.history_dock, window.snippets_dock):
        window.view_menu.addAction(dock.toggleViewAction())


def _preferences(window: Any) -> None:
    from guiapp.views.preferencesdialog import show_preferences
    show_preferences(window, window.workspace)


def make_menus(window: Any) -> None:
    """The menu bar and its menus' titles; their items come with the docks, right after the first
    paint (``fill_menus``): 27 actions and their icons are 4-5 ms the first frame does not show."""
    window.pending_shortcuts = []
    bar = window.menuBar()
    window.menu_list = [bar.addMenu(title) for title in ("&File", "&Query", "&Models", "&View", "&Help")]


def fill_menus(window: Any) -> None:
    """Every command of the window, with its shortcut (bound by ``bind_shortcuts``)."""
    file, query, models, view, help_menu = window.menu_list
    add_action(window, file, "&Connect…", window.show_connect_dialog, "Ctrl+O", "connect")
    add_action(window, file, "Open SQLite &file…", window.open_sqlite_file, "Ctrl+Shift+O", "database")
    add_action(window, file, "&New SQLite database…", window.new_sqlite_file, None, "database")
    add_action(window, file, "Open the &demo database", lambda: window.workspace.open_url(None), None, "database")
    file.addSeparator()
    add_action(window, file, "&Import file…", window.import_file, "Ctrl+I", "create")
    add_action(window, file, "&Export current table…", window.export_current, None, "export")
    file.addSeparator()
    add_action(window, file, "&Preferences…", lambda: _preferences(window), "Ctrl+,")
    add_action(window, file, "&Quit", window.close, "Ctrl+Q")

    add_action(window, query, "&New console", window.new_console, "Ctrl+T", "console")
    add_action(window, query, "&Run statement or selection", lambda: window.console_do("run_current"),
              ["Ctrl+Return", "Ctrl+Enter"], "run")
    add_action(window, query, "Run &all", lambda: window.console_do("run_all"),
              ["Ctrl+Shift+Return", "F9"], "run-all")
    stop = add_action(window, query, "&Stop", lambda: window.console_do("stop"), "Esc", "stop")
    add_action(window, query, "&Explain the statement", lambda: window.console_do("explain_current"), "Ctrl+E")
    add_action(window, query, "Save as s&nippet…", window.save_snippet, "Ctrl+Shift+S")
    query.addSeparator()
    commit = add_action(window, query, "&Commit", lambda: window.console_do("commit"), None, "commit")
    rollback = add_action(window, query, "R&ollback", lambda: window.console_do("rollback"), None, "rollback")
    window.query_actions = {"stop": stop, "commit": commit, "rollback": rollback}
    window.sync_query_actions()
    query.addSeparator()
    add_action(window, query, "Close &tab", lambda: window.close_tab(window.tabs.currentIndex()), "Ctrl+W")
    add_action(window, query, "Go &back", window.go_back, "Alt+Left")

    add_action(window, models, "Create &all", lambda: window.models and window.models.create_all(), None, "create-all")
    add_action(window, models, "&Drop all…", lambda: window.models and window.models.drop_all(), None, "drop-all")
    add_action(window, models, "&SQL to match the models…", lambda: window.models and window.models.show_sql(True))
    add_action(window, models, "&ER diagram of the models", lambda: window.open_diagram("models"))
    add_action(window, models, "&Refresh states", lambda: window.models and window.models.refresh(), None, "refresh")

    add_action(window, view, "&Refresh schema", lambda: window.schema and window.schema.refresh(), "F5", "refresh")
    add_action(window, view, "ER &diagram", lambda: window.open_diagram("database"), "Ctrl+Shift+D")
    view.addSeparator()
    window.view_menu = view  # the docks' toggles join it once the docks exist (add_dock_toggles)

    add_action(window, help_menu, "&Keyboard shortcuts", lambda: _help(window, "show_shortcuts"))
    add_action(window, help_menu, "&About guiapp", lambda: _help(window, "show_about"), None, "app")


def _help(window: Any, box: str) -> None:
    from guiapp.views import helpboxes
    getattr(helpboxes, box)(window)
