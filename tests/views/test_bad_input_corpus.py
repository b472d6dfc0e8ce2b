"""The bad-input corpus: every case through the core, the command line and the window.

Each case asserts a clear, specific message; that the CLI answers with one line on stderr and a
non-zero exit, or the window with a message and a console that still runs the next statement; and
that the database is unchanged.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import NamedTuple

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from guiapp.core.connect.database import Database
from guiapp.core.errors import GuiappError
from guiapp.core.run.query import QuerySession
from guiapp.core.schema.catalog import catalog_for
from tests.helpers.cli import guiapp
from tests.helpers.gui import focus, result_rows, run_in_console

pytestmark = pytest.mark.gui


class Case(NamedTuple):
    id: str
    text: str
    message: str  # a regular expression the message must match


# -- SQL typed by the user (on SQLite, MariaDB and PostgreSQL) ---------------------------------------
SQL_CASES = [
    Case("syntax-error", "SELEC 1", r"syntax error"),
    Case("missing-table", "SELECT * FROM no_such_table", r"no such table|doesn't exist|does not exist"),
    Case("missing-column", "SELECT no_such_column FROM corpus_guard",
         r"no such column|Unknown column|does not exist"),
    Case("missing-function", "SELECT no_such_function(1)",
         r"no such function|FUNCTION \w+.no_such_function does not exist|function no_such_function.* does not exist"),
    Case("unterminated-string", "SELECT 'abc", r"string that opens on line 1 is never closed"),
    Case("unterminated-comment", "SELECT 1 /* never closed", r"comment that opens on line 1 is never closed"),
    Case("unterminated-quoted-name", 'SELECT 1;\nSELECT "abc',
         r"(string|quoted name) that opens on line 2 is never closed"),
    Case("comments-only", "-- just a note\n/* and this */", r"Nothing to run"),
    Case("duplicate-key", "INSERT INTO corpus_guard VALUES (1, 'again')",
         r"UNIQUE constraint failed|Duplicate entry|duplicate key value"),
    Case("not-null", "INSERT INTO corpus_guard (id, v) VALUES (9, NULL)",
         r"NOT NULL constraint failed|cannot be null|null value in column"),
    Case("wrong-type", "INSERT INTO corpus_guard VALUES ('abc', 'x')",
         r"datatype mismatch|Incorrect integer value|invalid input syntax for type integer"),
    Case("error-on-line-3", "INSERT INTO corpus_guard VALUES (7, 'seven');\n\nSELECT * FROM nowhere",
         r"no such table|doesn't exist|does not exist"),
    Case("drop-missing-table", "DROP TABLE no_such_table",
         r"no such table|Unknown table|does not exist"),
    Case("reserved-word-unquoted", "CREATE TABLE select (a INTEGER)", r"syntax error"),
    Case("foreign-key", "INSERT INTO corpus_child VALUES (1, 999)",
         r"FOREIGN KEY constraint failed|foreign key constraint fails|violates foreign key constraint"),
]


@pytest.fixture
def guarded(db: Database):
    """Two tables with known rows; the snapshot a refused statement must leave as it was."""
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE corpus_guard (id INTEGER PRIMARY KEY, v VARCHAR(20) NOT NULL)")
        conn.exec_driver_sql("INSERT INTO corpus_guard VALUES (1, 'one'), (2, 'two'), (3, 'three')")
        conn.exec_driver_sql("CREATE TABLE corpus_child (id INTEGER PRIMARY KEY, "
                             "guard_id INTEGER REFERENCES corpus_guard (id))")
    return db


def snapshot(db: Database) -> tuple:
    with db.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, v FROM corpus_guard ORDER BY id").fetchall()
        children = conn.exec_driver_sql("SELECT COUNT(*) FROM corpus_child").scalar()
    return sorted(t.name for t in catalog_for(db).names(refresh=True)), [tuple(r) for r in rows], children


def url_of(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


@pytest.mark.parametrize("case", SQL_CASES, ids=lambda c: c.id)
def test_sql_through_the_core(guarded: Database, case: Case) -> None:
    before = snapshot(guarded)
    session = QuerySession(guarded)
    with pytest.raises(GuiappError) as raised:
        for result in session.run(case.text):
            result.fetch()
    assert re.search(case.message, str(raised.value)), str(raised.value)
    if case.id == "error-on-line-3":
        assert raised.value.line == 3
    session.rollback()
    session.close()
    assert snapshot(guarded) == before
    assert guarded.pool_status().checked_out == 0


@pytest.mark.parametrize("case", SQL_CASES, ids=lambda c: c.id)
def test_sql_through_the_command_line(guarded: Database, case: Case) -> None:
    before = snapshot(guarded)
    done = guiapp("--url", url_of(guarded), "query", "--", case.text)
    assert done.returncode == 1, done.stderr
    errors = [line for line in done.stderr.splitlines() if not line.startswith("-- ")]  # progress lines
    assert len(errors) == 1 and errors[0].startswith("Error: "), done.stderr
    assert re.search(case.message, errors[0]), errors[0]
    assert "Traceback" not in done.stderr
    assert snapshot(guarded) == before


@pytest.mark.parametrize("case", SQL_CASES, ids=lambda c: c.id)
def test_sql_through_the_window(guarded: Database, case: Case, open_window, qtbot, dialogs) -> None:
    before = snapshot(guarded)
    window = open_window(url_of(guarded))
    if case.id == "drop-missing-table":
        dialogs.answer("Run")  # the question that names what DROP destroys
    console = run_in_console(window, qtbot, case.text)
    shown = console.messages.toPlainText()
    assert re.search(case.message, shown), shown
    assert "Traceback" not in shown
    if console.in_transaction:  # the INSERT before the failing line waits for a decision
        rollback = next(b for b in console.findChildren(QToolButton) if b.defaultAction() is console.rollback_action)
        qtbot.mouseClick(rollback, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not console.in_transaction and not console.busy, timeout=10000)
    assert snapshot(guarded) == before
    console = run_in_console(window, qtbot, "SELECT COUNT(*) FROM corpus_guard")  # the console goes on
    assert result_rows(console) == [(3,)]


def test_an_empty_editor_says_there_is_nothing_to_run(sqlite_db: Database, open_window, qtbot) -> None:
    window = open_window(url_of(sqlite_db))
    console = run_in_console(window, qtbot, "SELECT 1")
    console.editor.clear()
    focus(window, qtbot)
    console.editor.setFocus()
    qtbot.keyClick(console.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert console.status.text() == "Nothing to run: the editor is empty."
    done = guiapp("--url", url_of(sqlite_db), "query", "")
    assert done.returncode == 1 and done.stderr.strip() == (
        "Error: Nothing to run: the script is empty or holds only comments.")


# -- connection URLs ------------------------------------------------------------------------------------
URL_CASES = [
    Case("empty", "", r"No database URL|empty|Type a database URL"),
    Case("not-a-url", "not a url", r"Bad database URL|not a database URL|does not exist"),
    Case("unknown-dialect", "nosuchdb://host/db", r"Unknown database dialect.*nosuchdb"),
    Case("unknown-driver", "mysql+nosuchdriver://root@127.0.0.1/test", r"Unknown database dialect.*nosuchdriver"),
    Case("missing-driver-module", "mysql+mysqlconnector://root@127.0.0.1/test",
         r"driver is not installed: mysql.*pip install mysql-connector-python"),
    Case("port-out-of-range", "mysql+pymysql://root@127.0.0.1:99999/test", r"port|Bad database URL|Cannot reach"),
    Case("port-not-a-number", "mysql+pymysql://root@127.0.0.1:abc/test", r"Bad database URL"),
    Case("closed-port-mysql", "mysql+pymysql://root@127.0.0.1:1/test",
         r"Cannot reach the database server \(127.0.0.1:1\)"),
    Case("closed-port-postgresql", "postgresql+psycopg://root@127.0.0.1:1/test",
         r"Cannot reach the database server \(127.0.0.1:1\)"),
    Case("unknown-host", "mysql+pymysql://root@no-such-host.invalid/test",
         r"Cannot reach the database server \(no-such-host.invalid"),
    Case("wrong-password", "mysql+pymysql://root:not-the-password@127.0.0.1:3306/test",
         r"Access denied: wrong user name or password"),
    Case("unknown-user-mysql", "mysql+pymysql://nobody_here@127.0.0.1:3306/test", r"Access denied"),
    Case("missing-database-mysql", "mysql+pymysql://root@127.0.0.1:3306/no_such_database",
         r"Unknown database.*no_such_database"),
    Case("missing-database-postgresql", "postgresql+psycopg://root@127.0.0.1:5432/no_such_database",
         r'database "no_such_database" does not exist'),
    Case("unknown-role-postgresql", "postgresql+psycopg://nobody_here@127.0.0.1:5432/test",
         r'role "nobody_here" does not exist'),
    Case("missing-sqlite-file", "sqlite:////no/such/folder/app.db", r"The SQLite file /no/such/folder/app.db does not exist"),
    Case("sqlite-folder", "sqlite:////tmp", r"/tmp is a folder, not a SQLite file"),
    Case("bad-charset", "mysql+pymysql://root@127.0.0.1:3306/test?charset=no_such_charset",
         r"charset|character set|no_such_charset"),
]


@pytest.mark.parametrize("case", URL_CASES, ids=lambda c: c.id)
def test_a_url_through_the_core(case: Case) -> None:
    with pytest.raises(GuiappError) as raised:
        Database(case.text).open()
    assert re.search(case.message, str(raised.value)), str(raised.value)
    assert "not-the-password" not in str(raised.value)


@pytest.mark.parametrize("case", URL_CASES, ids=lambda c: c.id)
def test_a_url_through_the_command_line(case: Case) -> None:
    done = guiapp("--url", case.text, "tables")
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and re.search(case.message, lines[0]), done.stderr
    assert "not-the-password" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize("case", URL_CASES, ids=lambda c: c.id)
def test_a_url_through_the_connect_dialog(case: Case, sqlite_db: Database, open_window, qtbot) -> None:
    from guiapp.views.connectdialog import ConnectDialog
    window = open_window(url_of(sqlite_db))
    dialog = ConnectDialog(window.workspace, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.url, case.text)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message.text() != "" and "Connecting" not in dialog.message.text()
                    and "Testing" not in dialog.message.text(), timeout=15000)
    assert re.search(case.message, dialog.message.text()), dialog.message.text()
    assert "not-the-password" not in dialog.message.text()
    assert window.workspace.db is not None and window.workspace.db.url == sqlite_db.url  # still connected
    dialog.reject()
    console = run_in_console(window, qtbot, "SELECT 5")
    assert result_rows(console) == [(5,)]


# -- files that are not what they seem ---------------------------------------------------------------
def _not_sqlite(path: Path) -> None:
    path.write_text("name,age\nada,36\n")


def _truncated(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (a TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)
    conn.commit()
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 3])


def _corrupt_header(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (a TEXT)")
    conn.commit()
    conn.close()
    data = bytearray(path.read_bytes())
    data[16:18] = b"\x00\x03"  # a page size SQLite never writes
    path.write_bytes(bytes(data))


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 40)


FILE_CASES = [
    ("not-sqlite", _not_sqlite, r"not a SQLite database|file is not a database"),
    ("truncated", _truncated, r"damaged|malformed|not a database"),
    ("corrupt-header", _corrupt_header, r"damaged|malformed|not a database"),
    ("garbage", _garbage, r"not a SQLite database|file is not a database"),
]


@pytest.mark.parametrize("make, message", [c[1:] for c in FILE_CASES], ids=[c[0] for c in FILE_CASES])
def test_a_file_that_is_not_a_good_sqlite_database(tmp_path: Path, make, message: str, open_window, qtbot) -> None:
    path = tmp_path / "suspect.db"
    make(path)
    original = path.read_bytes()
    with pytest.raises(GuiappError, match=message):
        db = Database(f"sqlite:///{path}").open()
        catalog_for(db).names(refresh=True)
    done = guiapp("--url", f"sqlite:///{path}", "tables")
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert re.search(message, done.stderr), done.stderr
    window = open_window(f"sqlite:///{path}", connected=False)
    qtbot.waitUntil(lambda: re.search(message, window.statusBar().currentMessage() + window.banner.text())
                    is not None, timeout=10000)
    assert path.read_bytes() == original  # nothing was "repaired" or written


def test_an_empty_database_file_opens_with_no_tables(tmp_path: Path, open_window, qtbot) -> None:
    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    done = guiapp("--url", f"sqlite:///{path}", "tables")
    assert done.returncode == 0, done.stderr
    window = open_window(f"sqlite:///{path}")
    assert window.schema.table_names() == []
    assert result_rows(run_in_console(window, qtbot, "SELECT 1")) == [(1,)]
