"""Render guiapp's main views to PNGs in docs/ (offscreen; no display needed).

    .venv/bin/python docs/make_screenshots.py

Uses a fresh demo database in a temporary data directory, so your own settings
and files are untouched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["GUIAPP_DATA_DIR"] = tempfile.mkdtemp(prefix="guiapp-shots-")

from PySide6.QtWidgets import QApplication  # noqa: E402

from guiapp.app import build  # noqa: E402
from guiapp.views.resources import icon, style_sheet  # noqa: E402

DOCS = Path(__file__).resolve().parent


def pump(app: QApplication, until, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not until():
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the window")
        app.processEvents()
        time.sleep(0.01)


def settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setStyleSheet(style_sheet())
    app.setWindowIcon(icon("app"))
    window = build(None, None)
    window.resize(1400, 860)
    window.show()
    ws = window.workspace
    pump(app, lambda: ws.db is not None and ws.models is not None)

    # A model that differs, so the panel shows all three states.
    from guiapp.core.run.query import QuerySession
    session = QuerySession(ws.db, autocommit=True)
    list(session.run("ALTER TABLE hobbies ADD COLUMN colour VARCHAR(10); DROP TABLE person_hobby"))
    session.close()
    pump(app, lambda: window.models.states().get("hobbies") == "differs")
    pump(app, lambda: "users" in window.schema.table_names())

    def users_item():
        folder = window.schema._tables_folder
        return next(folder.child(i) for i in range(folder.childCount()) if folder.child(i).text(0) == "users")

    settle(app)
    pump(app, lambda: not ws.tasks.busy)
    users_item().setExpanded(True)
    pump(app, lambda: users_item().child(0).text(0) == "Columns")
    window.open_table("users")
    page = window.tabs.currentWidget()
    pump(app, lambda: page.data_tab is not None and page.data_tab.model.row_values(0) is not None)
    settle(app)
    window.grab().save(str(DOCS / "window-table.png"))

    # Edits held until Commit: a changed cell, a row to delete, a new row with its defaults.
    model = page.data_tab.model
    page.data_tab.show_where((("id", "<= 8"),))  # a few rows, so the new one shows below them
    pump(app, lambda: model.total == (8, True) and model.row_values(7) is not None)
    names = [c.name for c in page.data_tab.info.columns]
    text_column = next(i for i, c in enumerate(page.data_tab.info.columns) if c.kind == "text")
    model.setData(model.index(0, text_column), "Ada Lovelace")
    model.delete_rows([2])
    new = model.add_row()
    model.setData(model.index(new.row(), names.index("name") if "name" in names else text_column), "Edsger")
    page.data_tab.view.setCurrentIndex(new)
    settle(app)
    page.grab().save(str(DOCS / "grid-editing.png"))
    model.discard_all()
    page.data_tab.show_where(())

    from guiapp.views.importdialog import ImportDialog
    sample = Path(os.environ["GUIAPP_DATA_DIR"]) / "sales 2024.csv"
    sample.write_text("region;amount;day;paid\nNorth;12.50;2024-01-02;true\nSouth;7;2024-01-03;false\n"
                      "East;3.25;2024-02-01;true\n", encoding="utf-8")
    dialog = ImportDialog(ws, sample, window.schema.base_table_names(), None, window)
    dialog.show()
    settle(app)
    dialog.grab().save(str(DOCS / "import-dialog.png"))
    dialog.close()

    tree = window.models.tree
    for i in range(tree.topLevelItemCount()):
        if tree.topLevelItem(i).data(0, 256) == "hobbies":
            tree.setCurrentItem(tree.topLevelItem(i))
    settle(app)
    window.models_dock.grab().save(str(DOCS / "models-panel.png"))

    console = window.consoles()[0]
    window.tabs.setCurrentWidget(console)
    console.editor.setPlainText(
        "-- Ctrl+Enter runs the statement under the cursor\n"
        "SELECT u.id, u.name, count(b.id) AS books\n"
        "FROM users u LEFT JOIN books b ON b.user_id = u.id\n"
        "GROUP BY u.id, u.name\nORDER BY books DESC, u.id\nLIMIT 50;\n")
    console.run_all()
    pump(app, lambda: not console.busy and console._models)
    settle(app)
    window.grab().save(str(DOCS / "window-console.png"))
    window.signals_dock.grab().save(str(DOCS / "signals-dock.png"))
    shoot_comforts(app, window, console)
    shoot_connections(app, window)
    console.editor.clear()
    window.close()
    print(f"wrote {', '.join(p.name for p in sorted(DOCS.glob('*.png')))}")
    return 0


def shoot_comforts(app: QApplication, window, console) -> None:
    """The diagram, a chart, the plan, autocomplete with the history, and the migration SQL."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QPushButton
    chart_button = console.results.widget(1).findChild(QPushButton, "resultChart")
    chart_button.click()
    settle(app)
    console.grab().save(str(DOCS / "chart.png"))

    console.editor.setPlainText("SELECT u.name, b.title FROM users u JOIN books b ON b.user_id = u.id\n"
                                "WHERE u.id < 20 ORDER BY b.title;")
    console.explain_current()
    pump(app, lambda: console.results.tabText(console.results.currentIndex()) == "Plan")
    settle(app)
    console.grab().save(str(DOCS / "explain.png"))

    window.history_dock.raise_()
    console.editor.setPlainText("SELECT u.n\nFROM users u")
    cursor = console.editor.textCursor()
    cursor.setPosition(len("SELECT u.n"))
    console.editor.setTextCursor(cursor)
    console.editor.setFocus()
    console.completer.show(force=True)
    pump(app, lambda: console.completer.completer.popup().isVisible())
    settle(app, 1.0)
    shot = window.grab()  # the popup is a window of its own: paint it where it shows
    popup = console.completer.completer.popup()
    from PySide6.QtGui import QPainter
    painter = QPainter(shot)
    painter.drawPixmap(window.mapFromGlobal(popup.mapToGlobal(popup.rect().topLeft())), popup.grab())
    painter.end()
    shot.save(str(DOCS / "autocomplete-history.png"))
    console.completer.completer.popup().hide()

    diagram = window.open_diagram("database")
    pump(app, lambda: diagram.diagram is not None)
    settle(app)
    window.tabs.grab().save(str(DOCS / "erd.png"))

    from guiapp.views.migrationdialog import MigrationDialog
    dialog = MigrationDialog(window.workspace, window.workspace.models, None, window)
    dialog.show()
    pump(app, lambda: dialog.migration is not None)
    settle(app)
    dialog.grab().save(str(DOCS / "migration-dialog.png"))
    dialog.close()

    from guiapp.views.preferencesdialog import PreferencesDialog
    preferences = PreferencesDialog(window.workspace, window)
    preferences.show()
    settle(app)
    preferences.grab().save(str(DOCS / "preferences.png"))
    QTimer.singleShot(0, preferences.close)
    settle(app)


def paint_popup(shot, origin_widget, popup) -> None:
    """Paint a popup (a window of its own) into a grab of ``origin_widget`` where it shows."""
    from PySide6.QtGui import QPainter
    painter = QPainter(shot)
    painter.drawPixmap(origin_widget.mapFromGlobal(popup.mapToGlobal(popup.rect().topLeft())), popup.grab())
    painter.end()


def shoot_connections(app: QApplication, window) -> None:
    """The grid's context menu on a foreign key; saved connections; the Connect dialog's SSH and TLS."""
    from PySide6.QtWidgets import QMenu
    window.open_table("books")
    page = window.tabs.currentWidget()
    pump(app, lambda: page.data_tab is not None and page.data_tab.model.row_values(3) is not None)
    tab = page.data_tab
    column = [c.name for c in tab.info.columns].index("user_id")
    tab.view.setCurrentIndex(tab.model.index(2, column))
    tab.view.selectionModel().select(tab.model.index(2, column), tab.view.selectionModel().SelectionFlag.Select)
    settle(app)
    menu = QMenu(tab.view)
    menu.addActions(tab.view.actions())
    rect = tab.view.visualRect(tab.model.index(2, column))
    menu.popup(tab.view.viewport().mapToGlobal(rect.center()))
    settle(app)
    shot = page.grab()
    paint_popup(shot, page, menu)
    shot.save(str(DOCS / "grid-menu.png"))
    menu.close()

    from guiapp.core.connect.connections import ConnectionStore, SavedConnection
    store = ConnectionStore()
    store.save(SavedConnection("demo", f"sqlite:///{window.workspace.db.url.database}", "#2f7d4f"))
    store.save(SavedConnection("orders (production)", "mysql+pymysql://report@db.internal:3306/orders",
                               "#b03a2e", read_only=True, needs_password=True, ssh="bastion"))
    store.save(SavedConnection("analytics", "postgresql+psycopg://me@10.0.4.12/analytics?sslmode=verify-full",
                               "#2f5d8a", ssh="analytics-jump"))
    pump(app, lambda: len(window.connections.names()) == 3)
    settle(app)
    window.grab().save(str(DOCS / "connections.png"))

    from guiapp.views.connectdialog import ConnectDialog
    dialog = ConnectDialog(window.workspace, window)
    dialog.url.setText("mysql+pymysql://report@db.internal:3306/orders")
    dialog.ssh.setText("bastion")
    dialog.tls_mode.setCurrentIndex(dialog.tls_mode.findData("verify-full"))
    dialog.tls_files["ca"].setText("~/certs/company-ca.pem")
    dialog.show()
    settle(app)
    dialog.grab().save(str(DOCS / "connect-dialog.png"))
    dialog.close()


if __name__ == "__main__":
    sys.exit(main())
