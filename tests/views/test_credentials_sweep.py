"""A distinctive password goes through every feature, then every file guiapp wrote and all it printed
or showed is searched for it: the window, the command line, exports, errors, settings, signals, logs."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from PySide6.QtCore import Qt

from guiapp.core.connect.database import Database
from guiapp.core.paths import data_dir
from tests.helpers.cli import guiapp
from tests.helpers.dialogs import choose_file
from tests.helpers.gui import open_table, run_in_console
from tests.helpers.workers import account

PASSWORD = "Qx@7731%Marmot;pw"  # an '@' and a '%' that a careless URL parser would split or decode
SWEEPER = account("sweeper")  # server-wide: one per pytest-xdist worker


@pytest.fixture
def sweeper(server_db: Database):
    """An account whose password is PASSWORD, on the parametrised server; dropped afterwards."""
    mysql = server_db.dialect == "mysql"
    with server_db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        run = conn.exec_driver_sql
        literal = PASSWORD.replace("%", "%%")
        if mysql:
            run(f"DROP USER IF EXISTS '{SWEEPER}'@'%%'")
            run(f"CREATE USER '{SWEEPER}'@'%%' IDENTIFIED BY '{literal}'")
            run(f"GRANT ALL ON `{server_db.url.database}`.* TO '{SWEEPER}'@'%%'")
        else:
            run(f"DROP ROLE IF EXISTS {SWEEPER}")
            run(f"CREATE ROLE {SWEEPER} LOGIN PASSWORD '{literal}'")
            run(f"GRANT CREATE, USAGE ON SCHEMA public TO {SWEEPER}")
            run(f'GRANT ALL ON DATABASE "{server_db.url.database}" TO {SWEEPER}')
        run("CREATE TABLE swept (id INTEGER PRIMARY KEY, note VARCHAR(40))")
        run("INSERT INTO swept VALUES (1, 'one'), (2, 'two')")
        run(f"GRANT ALL ON swept TO {SWEEPER}" if not mysql else "SELECT 1")
    url = server_db.url.set(username=SWEEPER, password=PASSWORD)
    yield url.render_as_string(hide_password=False)
    with server_db.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if mysql:
            conn.exec_driver_sql(f"DROP USER '{SWEEPER}'@'%%'")
        else:
            conn.exec_driver_sql(f"DROP OWNED BY {SWEEPER}")
            conn.exec_driver_sql(f"DROP ROLE {SWEEPER}")


def _forms(secret: str) -> set[str]:
    """The password as it could leak: as typed, URL-encoded, or half of it."""
    return {secret, quote(secret, safe=""), quote(secret), secret[:8], secret[-8:]}


def _hits(text: str) -> list[str]:
    return sorted(form for form in _forms(PASSWORD) if form in text)


def _files_written(*folders: Path) -> dict[Path, str]:
    return {p: p.read_bytes().decode("utf-8", "replace")
            for folder in folders for p in folder.rglob("*") if p.is_file()}


@pytest.mark.gui
def test_a_password_is_found_nowhere_after_every_feature_used_it(sweeper: str, open_window, qtbot, dialogs,
                                                                 tmp_path: Path) -> None:
    printed: list[str] = []
    exports = tmp_path / "exports"
    exports.mkdir()

    # -- the command line ---------------------------------------------------------------
    wrong = sweeper.replace(quote(PASSWORD, safe=""), quote(PASSWORD + "x", safe=""))
    assert wrong != sweeper
    runs = [
        guiapp("--url", sweeper, "tables"),
        guiapp("--url", sweeper, "describe", "swept"),
        guiapp("--url", sweeper, "models"),
        guiapp("--url", sweeper, "query", "SELECT note FROM swept ORDER BY id"),
        guiapp("--url", sweeper, "query", "SELEC broken"),
        guiapp("--url", sweeper, "query", "SELECT * FROM no_such_table"),
        guiapp("--url", sweeper, "export", "swept", "-o", str(exports / "swept.sql")),
        guiapp("--url", sweeper, "export", "swept", "-o", str(exports / "swept.csv")),
        guiapp("--url", sweeper, "--pool-timeout", "abc", "tables"),
        guiapp("--url", sweeper.replace("127.0.0.1", "127.0.0.1:1").replace(":1:", ":1"), "tables"),
        guiapp("--url", wrong, "tables"),
        guiapp("--url", sweeper, "tables", env={"GUIAPP_DEBUG": "1"}),
    ]
    assert runs[3].returncode == 0 and "two" in runs[3].stdout
    assert runs[4].returncode == 1 and runs[6].returncode == 0
    printed += [r.stdout + r.stderr for r in runs]

    # -- the window ---------------------------------------------------------------------
    window = open_window(sweeper)
    console = run_in_console(window, qtbot, "SELECT note FROM swept ORDER BY id")
    console = run_in_console(window, qtbot, "SELECT * FROM missing_here")
    assert "missing_here" in console.messages.toPlainText()
    page = open_table(window, qtbot, "swept")
    target = exports / "from-window.json"
    dialogs.answer(choose_file(str(target)))
    qtbot.waitUntil(lambda: page.data_tab is not None, timeout=10000)
    qtbot.mouseClick(page.data_tab.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=10000)
    printed += [window.windowTitle(), window.statusBar().currentMessage(), window.url_label.text(),
                console.messages.toPlainText(), " ".join(map(str, window.signals_view.model.events)),
                " ".join(map(str, dialogs.seen))]
    window.close()

    # -- a traceback in the log ---------------------------------------------------------
    from guiapp.core import logs
    logs.configure()
    Database(sweeper)  # known to the log, as every opened URL is
    try:
        raise RuntimeError(f"a bug while connecting to {sweeper} with {PASSWORD}")
    except RuntimeError:
        logging.getLogger("guiapp.test").exception("unexpected")
    for handler in logging.getLogger().handlers:
        handler.flush()

    written = _files_written(data_dir(), exports)
    assert (data_dir() / "settings.ini") in written and (data_dir() / logs.LOG_NAME) in written
    assert "RuntimeError" in written[data_dir() / logs.LOG_NAME]  # the traceback is there, its secret is not
    leaks = {str(path): _hits(text) for path, text in written.items() if _hits(text)}
    leaks.update({f"output {i}": _hits(text) for i, text in enumerate(printed) if _hits(text)})
    assert leaks == {}, leaks
    assert len(written) >= 5 and len(printed) >= 18  # log, settings, three exports


@pytest.fixture(autouse=True)
def _own_log_handlers():
    """The log handlers this test installs on the root logger go with it."""
    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in root.handlers[:]:
        if handler not in before:
            handler.close()
            root.removeHandler(handler)
    root.setLevel(logging.WARNING)
    os.environ.pop("GUIAPP_DEBUG", None)
