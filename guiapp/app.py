"""Composition root of the window: the bridge, the workspace, the main window.

The window shows first; SQLAlchemy loads and the database connects on a
worker afterwards, so start-up costs what a bare Qt window costs.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any

NO_DISPLAY = ("guiapp: no display is available (DISPLAY and WAYLAND_DISPLAY are not set), so the window "
              "cannot open. These commands work without one: guiapp tables, describe, models, create, drop, "
              "query, export (see guiapp --help).")


def missing_system_library() -> str | None:
    """One line naming a system library whose absence would make Qt abort, or None.

    Qt's X11 plugin needs several xcb libraries (libxcb-cursor, -icccm, -keysyms...)
    that desktops usually have and minimal systems do not; without them Qt aborts
    the process with a long message. Loading the plugin first tells which is missing.
    """
    import ctypes
    from pathlib import Path
    uses_x11 = (os.environ.get("QT_QPA_PLATFORM", "xcb").startswith("xcb")
                and bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY"))
    if not (sys.platform.startswith("linux") and uses_x11):
        return None
    import PySide6
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        library = Path(str(exc).split(":")[0].strip()).name
        packages = " ".join(dict.fromkeys([debian_package(library), *X11_PACKAGES]))
        return (f"guiapp: Qt cannot open a window on X11: the system library {library} is missing or "
                f"cannot be loaded (Debian/Ubuntu: apt install {packages}). The command-line commands "
                "work without it (see guiapp --help).")
    return None


# What Qt's X11 plugin loads that minimal systems lack, as Debian/Ubuntu name the packages.
X11_PACKAGES = ("libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0", "libxcb-render-util0",
                "libxcb-shape0", "libxkbcommon-x11-0", "libegl1")


def debian_package(library: str) -> str:
    """The Debian/Ubuntu package that holds a shared library, by Debian's naming rule: the soname's
    name in lower case and its major version ('libEGL.so.1' -> libegl1; a name ending in a digit takes a
    hyphen: 'libxkbcommon-x11.so.0' -> libxkbcommon-x11-0)."""
    name, _, version = library.partition(".so.")
    name, version = name.lower(), version.split(".")[0]
    if not version:
        return name
    return f"{name}-{version}" if name[-1:].isdigit() else f"{name}{version}"


def display_available() -> bool:
    """False where Qt would abort for want of a screen (Linux without X11 or Wayland)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


_connection_windows: list[Any] = []  # the windows opened on saved connections, kept alive while open


def connection_windows() -> list[Any]:
    """The windows opened from the Connections panel that are still open."""
    return list(_connection_windows)


def open_saved(saved: Any, models_spec: str | None, pool: dict[str, Any] | None = None) -> Any:
    """A saved connection in a window of its own, beside the others (the one already showing it is
    brought forward). Read-only connections are opened read-only, enforced by the database."""
    for window in _connection_windows:
        if window.state_key == saved.name:
            window.showNormal()
            window.raise_()
            window.activateWindow()
            return window
    options = {**(pool or {}), "read_only": True if saved.read_only else None, "ssh": saved.ssh}
    window = build(None, models_spec, options, saved=saved)
    _connection_windows.append(window)

    def closed() -> None:  # its connections and workers end with it; the others go on
        if window in _connection_windows:
            _connection_windows.remove(window)
        window.wait_for_consoles(10.0)
        window.workspace.close()
        window.workspace.bridge.close()
        window.deleteLater()
    window.closed.connect(closed)
    window.show()
    return window


def _to_open(url: str | None, saved: Any) -> str | None:
    """The URL the window will open once its panels exist (see ``start`` in ``build``), when it
    needs no password: what ``Workspace.list_names_early`` may read before that."""
    if saved is not None:
        return None if saved.needs_password else saved.url
    if url is not None:
        return url
    from guiapp.qt.settings import last_connection
    last, needs_password = last_connection()
    if last:
        return None if needs_password else last
    from guiapp.core.paths import demo_database_path, sqlite_url_for
    demo = demo_database_path()
    return sqlite_url_for(str(demo)) if demo.exists() else None  # made and filled on the first start


def build(url: str | None, models_spec: str | None, pool: dict[str, Any] | None = None,
          saved: Any = None, before_start: Any = None) -> Any:
    """Create the bridge, workspace and main window (a QApplication must exist). Returns the window.
    ``saved``: a SavedConnection this window is for (its own window, beside the main one).
    ``before_start``: called once the window is painted, before it connects."""
    from guiapp.qt.bridge import SignalBridge
    from guiapp.views.mainwindow import MainWindow
    from guiapp.qt.workspace import Workspace

    bridge = SignalBridge()
    workspace = Workspace(bridge)
    bridge.setParent(workspace)
    workspace.pool_options = pool or {}
    from guiapp.qt.appearance import apply_appearance
    from guiapp.views.resources import style_sheet
    apply_appearance(workspace.preferences, style_sheet())
    workspace.preferencesChanged.connect(lambda preferences: apply_appearance(preferences, style_sheet()))
    window = MainWindow(workspace, state_key=saved.name if saved is not None else "")
    workspace.setParent(window)
    window.open_window = lambda chosen: open_saved(chosen, models_spec, pool)
    if saved is not None:
        window.show_connection(saved)
    # Once the window is painted, a SQLite file's names are read on a worker while the tree is built,
    # and it lists them; the connection, which loads SQLAlchemy, replaces them a moment later.
    window.painted.connect(lambda: workspace.list_names_early(_to_open(url, saved)))

    def start() -> None:
        # After the first paint: none of this is needed to show the window.
        if before_start is not None:
            before_start()
        from guiapp.core.store.history import record_queries
        from guiapp.qt.schemawatch import SchemaWatcher
        from guiapp.qt.settings import settings_problem
        problem = settings_problem()
        if problem:
            window.show_notice(problem)
        record_queries()  # every statement a console runs goes to the History panel's file
        SchemaWatcher(workspace, window)  # a child of the workspace: changes made elsewhere come in
        workspace.load_models(models_spec)
        if saved is not None:
            if saved.needs_password:  # from the system keyring, else the Connect dialog asks
                workspace.reopen(saved.url, ask=lambda: window.ask_password_for(saved.url))
            else:
                workspace.open_url(saved.url)
            return
        if url is not None:
            workspace.open_url(url)
            return
        # No URL given: reopen the database used last (the demo the first time). A database that
        # needs a password reopens with the one in the system keyring, or the Connect dialog asks.
        from guiapp.qt.settings import last_connection, last_ssh
        last, needs_password = last_connection()
        if last and last_ssh() and not workspace.pool_options.get("ssh"):
            workspace.pool_options = {**workspace.pool_options, "ssh": last_ssh()}  # through the same tunnel
        if last and needs_password:
            workspace.reopen(last, ask=lambda: window.ask_password_for(last))
        else:
            workspace.open_url(last or None)

    # Connect once the panels that listen exist (they are built after the first paint).
    window.panelsBuilt.connect(start)
    return window


def _skip_pyside_source_scan() -> None:
    """Tell PySide6 that the modules loaded so far, other than its own, do not use its ``__feature__``
    switches (``from __feature__ import snake_case``): no module of the standard library or of
    guiapp's dependencies does, and guiapp never does.

    PySide6 wraps ``import``: the first time an import statement names a module it has not
    classified, it reads that module's whole source (``inspect.getsource``) to look for "PySide6".
    guiapp's modules name ``typing``, ``os``, ``re``, ``enum``... on the way to the first paint, and
    reading those sources cost 20-45 ms of a 0.4 s start, and guiapp's own Qt modules 5-8 ms more.
    PySide6 itself would mark the first -1, "ignore this module", and the others 0, "uses PySide6,
    no feature"; they are marked so here without the reads. Where PySide6 keeps this table
    elsewhere (another version), nothing happens.
    """
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    for name in list(sys.modules):
        if not name.startswith(_PYSIDE_OWN):
            table.setdefault(name, -1)
    # guiapp's Qt packages use PySide6 without features: 0, what PySide6 concludes from their source.
    root = os.path.dirname(os.path.abspath(__file__))
    for package in ("qt", "views", "itemmodels"):
        for file in os.listdir(os.path.join(root, package)):
            if file.endswith(".py"):
                stem = file[:-3]
                table.setdefault(f"guiapp.{package}" if stem == "__init__" else f"guiapp.{package}.{stem}", 0)


_PYSIDE_OWN = ("PySide6", "shiboken6", "shibokensupport", "__feature__", "signature_bootstrap")


#: fontconfig's library as Linux and the BSDs name it; Qt's xcb, Wayland and offscreen platforms load it
FONTCONFIG = "libfontconfig.so.1"


def read_font_configuration_meanwhile(library: str = FONTCONFIG) -> threading.Thread | None:
    """Have fontconfig read its configuration on another thread, before Qt asks for it.

    The first text Qt lays out (the menu bar, the status bar) makes it call ``FcInit`` on the GUI
    thread: /etc/fonts parsed and the font caches mapped, 27.7 million instructions of guiapp's
    start that a bare window showing no text never pays. Started before PySide6 is imported, the
    same call runs on the other core meanwhile (ctypes lets go of the GIL), and Qt's ``FcInit`` finds
    it done. fontconfig sets its configuration atomically, so two calls at once cost time, never
    correctness. Where the library is missing (not Linux, a minimal system), nothing happens."""
    if not (sys.platform.startswith("linux") or "bsd" in sys.platform):
        return None

    def load() -> None:
        import ctypes
        try:
            ctypes.CDLL(library).FcInit()
        except (OSError, AttributeError):
            pass  # no fontconfig: Qt uses its own font database, as before
    thread = threading.Thread(target=load, name="guiapp-fonts", daemon=True)
    thread.start()
    return thread


def _configure_logs() -> None:
    from guiapp.core import logs
    logs.configure(bool(os.environ.get("GUIAPP_DEBUG")))


def _close_on_sigterm(window: Any) -> None:
    """SIGTERM (a logout, `kill`) ends the window without questions: open transactions roll back.
    The command line's handler raises KeyboardInterrupt, which a Qt slot would swallow. Python runs
    the handler between any two bytecodes (inside an import, a slot): it only asks the event loop
    to close the window on its next turn."""
    import signal

    from PySide6.QtCore import QTimer
    signal.signal(signal.SIGTERM, lambda _signum, _frame: QTimer.singleShot(0, window.force_close))


def run_window(url: str | None, models_spec: str | None, pool: dict[str, Any] | None = None) -> int:
    """Open the window and run until it closes. Returns the exit status."""
    if not display_available():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    read_font_configuration_meanwhile()
    # The Qt-free modules the first frame needs, loaded before PySide6 wraps imports (see below).
    import guiapp.core.backends.sqlitefile, guiapp.core.paths, guiapp.core.run.worker  # noqa: E401,F401
    import guiapp.core.store.preferences, guiapp.signals  # noqa: E401,F401
    missing = missing_system_library()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication
    _skip_pyside_source_scan()

    from guiapp.views.resources import icon

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("guiapp")
    app.setOrganizationName("guiapp")
    app.setWindowIcon(icon("app"))

    def after_first_paint() -> None:
        # Neither is needed before (logging.handlers alone costs 15-30 ms): no database is touched
        # until then, and a SIGTERM before it simply ends the process, which holds nothing yet.
        _configure_logs()
        _close_on_sigterm(window)
    window = build(url, models_spec, pool, before_start=after_first_paint)
    window.show()
    status = app.exec()
    window.wait_for_consoles(10.0)
    window.workspace.close()
    window.workspace.bridge.close()
    return int(status)


def write_diagram(diagram: Any, output: Any) -> Any:
    """``guiapp erd``: lay out and draw an ER diagram into an SVG or PNG file with the window's own
    drawing, on no screen at all (the offscreen platform). Returns the path written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from guiapp.core.schema.erd import layout
    from guiapp.views.erdscene import box_sizes, build_scene, write_image
    if QApplication.instance() is None:
        write_diagram.app = QApplication(["guiapp"])  # type: ignore[attr-defined]  # fonts need one, kept alive
    sizes = box_sizes(diagram)
    layout(diagram, lambda t: sizes[t.name])
    return write_image(build_scene(diagram), output)
