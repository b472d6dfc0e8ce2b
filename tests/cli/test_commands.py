"""The ``guiapp`` command as a user runs it: real processes, real databases, exit codes and stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from guiapp.core.connect.database import Database
from guiapp.core.schema.ddl import create_models
from tests.helpers.cli import guiapp


@pytest.fixture
def url(db: Database) -> str:
    """The URL of the parametrised database (SQLite file or MariaDB)."""
    return db.url.render_as_string(hide_password=False)


# A test's data is set up and read back here, in-process; the command under test is the process it
# starts (each start costs most of a CPU-second). The database fixtures drop what a test leaves.
def run_sql(db: Database, *statements: str) -> None:
    with db.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def count_rows(db: Database, table: str) -> int:
    with db.connect() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()


def table_names(db: Database) -> set[str]:
    with db.connect() as conn:
        return set(sa.inspect(conn).get_table_names())


def test_done_when_create_tables_query_drop(url: str) -> None:
    before = guiapp("--url", url, "tables", "--names").stdout.split()
    created = guiapp("--url", url, "create", "--all")
    assert created.returncode == 0, created.stderr
    assert "users" in created.stdout and "books" in created.stdout
    tables = guiapp("--url", url, "tables")
    assert tables.returncode == 0, tables.stderr
    assert "users  (table, 4 columns)" in tables.stdout
    assert "ix_id_name (name, email)" in tables.stdout
    assert "uix_id_name (id, name)" in tables.stdout
    assert "(user_id) -> users(id)" in tables.stdout
    selected = guiapp("--url", url, "query", "SELECT 1 AS one")
    assert selected.returncode == 0 and selected.stdout.splitlines()[:3] == ["one", "---", "1"]
    dropped = guiapp("--url", url, "drop", "--all", "--yes")
    assert dropped.returncode == 0, dropped.stderr
    assert guiapp("--url", url, "tables", "--names").stdout.split() == before


def test_drop_asks_naming_tables_and_rows_and_keeps_them_without_yes(url: str, db: Database, models) -> None:
    create_models(db, models, ["users"])
    run_sql(db, "INSERT INTO users (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')")
    refused = guiapp("--url", url, "drop", "users", input="n\n")
    assert refused.returncode == 1
    assert "Drop users (3 rows)" in refused.stderr
    assert "Nothing dropped" in refused.stderr
    no_stdin = subprocess.run([sys.executable, "-m", "guiapp", "--url", url, "drop", "users"],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True)
    assert no_stdin.returncode == 1
    assert "users" in table_names(db) and count_rows(db, "users") == 3
    accepted = guiapp("--url", url, "drop", "users", input="y\n")
    assert accepted.returncode == 0 and "Dropped users." in accepted.stdout


def test_foreign_key_blocks_drop_on_the_command_line(url: str) -> None:
    guiapp("--url", url, "create", "--all")
    out = guiapp("--url", url, "drop", "User", "--yes")
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "Error: Cannot drop users: books has a foreign key to it (books.user_id -> users). "
        "Drop books first, or drop them together."]


def test_query_formats_and_script_from_stdin(url: str, db: Database) -> None:
    blob = "BYTEA" if db.dialect == "postgresql" else "BLOB"
    photo = db.backend.literal(bytes([1, 2]))
    script = f"CREATE TABLE pets (id INTEGER PRIMARY KEY, name VARCHAR(20), photo {blob});\n" \
             f"INSERT INTO pets VALUES (1, 'Rex, the dog', NULL), (2, 'Tom \"cat\"', {photo});\n"
    assert guiapp("--url", url, "query", "-", input=script).returncode == 0
    as_csv = guiapp("--url", url, "query", "--format", "csv", "SELECT * FROM pets ORDER BY id")
    assert as_csv.stdout.splitlines() == ["id,name,photo", '1,"Rex, the dog",', '2,"Tom ""cat""",0x0102']
    as_json = guiapp("--url", url, "query", "--format", "json", "SELECT id, name FROM pets ORDER BY id")
    assert json.loads(as_json.stdout) == [{"id": 1, "name": "Rex, the dog"}, {"id": 2, "name": 'Tom "cat"'}]
    assert "2 rows" in as_json.stderr


def test_query_rollback_is_a_dry_run(url: str, db: Database) -> None:
    run_sql(db, "CREATE TABLE t1 (a INTEGER)")
    assert guiapp("--url", url, "query", "--rollback", "INSERT INTO t1 VALUES (1)").returncode == 0
    assert count_rows(db, "t1") == 0


def test_describe_shows_columns_and_ddl(url: str, db: Database, models) -> None:
    create_models(db, models, ["users"])
    out = guiapp("--url", url, "describe", "users")
    assert out.returncode == 0, out.stderr
    assert "Table users" in out.stdout
    assert "name   | VARCHAR(32)" in out.stdout
    assert "CREATE TABLE" in out.stdout.upper()


def test_models_lists_state(url: str) -> None:
    out = guiapp("--url", url, "models")
    assert out.returncode == 0
    assert "User (users)" in out.stdout and "missing" in out.stdout


@pytest.mark.parametrize("args, message", [
    (["--url", "notaurl", "tables"], "Error: Bad database URL 'notaurl'"),
    (["--url", "mysql+pymysql://root:Hunter2pw@127.0.0.1:1/test", "tables"], "Error: Cannot reach the database server"),
    (["--url", "nosuch://x", "tables"], "Error: Unknown database dialect"),
    (["describe", "no_such_table"], "Error: No table or view named 'no_such_table'"),
    (["query", "SELEC 1"], "Error: "),
    (["create"], "Error: Name the models to create"),
    (["--models", "no_such_module_xyz", "models"], "Error: Cannot import models module 'no_such_module_xyz'"),
])
def test_bad_input_is_one_line_on_stderr_and_non_zero(args: list[str], message: str) -> None:
    out = guiapp(*args)
    assert out.returncode != 0
    last = out.stderr.strip().splitlines()[-1]
    assert last.startswith(message), out.stderr
    assert "Traceback" not in out.stderr
    assert "Hunter2pw" not in out.stderr + out.stdout


def test_wrong_password_never_printed(mysql_db: Database) -> None:
    url = mysql_db.url.set(password="Sw0rdfish!").render_as_string(hide_password=False)
    out = guiapp("--url", url, "tables")
    assert out.returncode == 1
    assert out.stderr.startswith("Error: Access denied")
    assert "Sw0rdfish" not in out.stderr


def test_default_is_the_demo_database_filled_on_first_run(tmp_path: Path) -> None:
    env = {"GUIAPP_DATA_DIR": str(tmp_path)}
    out = guiapp("query", "--format", "csv", "SELECT count(*) AS n FROM users", env=env)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.split()[1]) >= 200
    assert (tmp_path / "demo.sqlite3").exists()


def test_user_commands_with_options_from_the_models_module(tmp_path: Path) -> None:
    module = tmp_path / "shop_models.py"
    module.write_text('''
from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
import click
from guiapp.cli import command, option, pass_database

class Base(DeclarativeBase):
    pass

class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)

@command()
@option("-n", "--name", required=True, help="Who to greet.")
@option("--times", type=int, default=1)
@pass_database
def greet(db, name, times):
    """Greet someone from the database."""
    for _ in range(times):
        click.echo(f"hello {name} from {db.dialect}")


@command()
def whereami():
    """Use the database of the command's context, as Flask's current_app."""
    from guiapp import current_database
    click.echo(f"on {current_database.dialect}, {len(current_database.engine.dialect.name)} letters")
''')
    out = guiapp("--models", str(module), "greet", "-n", "Ada", "--times", "2")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["hello Ada from sqlite"] * 2
    listed = guiapp("--models", str(module), "--help")
    assert "greet" in listed.stdout
    models = guiapp("--models", str(module), "models")
    assert "Order (orders)" in models.stdout
    assert guiapp("--models", str(module), "whereami").stdout == "on sqlite, 6 letters\n"
    missing = guiapp("--models", str(module), "greet")
    assert missing.returncode == 2 and "Missing option '-n'" in missing.stderr


def test_export_command_streams_a_table(url: str, db: Database, tmp_path: Path) -> None:
    from guiapp.core.data.sampledata import make_sample
    make_sample(db, "cli_export", 5000)
    target = tmp_path / "out.csv"
    out = guiapp("--url", url, "export", "cli_export", "-o", str(target))
    assert out.returncode == 0, out.stderr
    assert "Exported 5,000 rows" in out.stderr
    lines = target.read_text().splitlines()
    assert len(lines) == 5001 and lines[1].startswith("1,Alan 1,user1@example.org,")


def test_ctrl_c_cancels_the_query_on_the_server(mysql_db: Database) -> None:
    import signal
    import time
    from guiapp.core.run.query import run_one
    url = mysql_db.url.render_as_string(hide_password=False)
    proc = subprocess.Popen([sys.executable, "-m", "guiapp", "--url", url, "query", "SELECT SLEEP(30) AS guiapp_ctrl_c"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    probe = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND INFO LIKE 'SELECT SLEEP(30) AS guiapp_ctrl_c%'"
    deadline = time.monotonic() + 15
    while run_one(mysql_db, probe) != [(1,)]:
        assert time.monotonic() < deadline, "the query never started"
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=10)
    assert time.monotonic() - started < 5
    assert proc.returncode == 1
    assert err.strip().splitlines()[-1] == "Error: Query cancelled."
    assert run_one(mysql_db, probe) == [(0,)]


@pytest.mark.parametrize("command", [["tables"], ["describe", "users"], ["models"], ["query", "SELECT 1"],
                                     ["export", "users", "-o", "out.csv"]])
def test_a_mistyped_sqlite_path_is_reported_and_never_created(tmp_path, command: list[str]) -> None:
    missing = tmp_path / "typo.sqlite3"
    out = guiapp("--url", f"sqlite:///{missing}", *command)
    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        f"Error: The SQLite file {missing} does not exist. Check the path, or choose to create a new database."]
    assert not missing.exists()


def test_create_may_make_a_new_sqlite_file_and_says_so(tmp_path) -> None:
    path = tmp_path / "fresh.sqlite3"
    out = guiapp("--url", f"sqlite:///{path}", "create", "--all")
    assert out.returncode == 0, out.stderr
    assert f"Created the SQLite file {path}." in out.stderr
    created = Database(f"sqlite:///{path}").open()
    try:
        assert "users" in table_names(created)
    finally:
        created.engine.dispose()


def test_an_empty_url_and_a_bare_path_are_explained(tmp_path) -> None:
    empty = guiapp("--url", "", "tables")
    assert empty.returncode == 1 and empty.stderr.strip() == "Error: No database URL given."
    bare = guiapp("--url", "app.db", "tables")
    assert bare.returncode == 1 and "sqlite:///app.db" in bare.stderr


def test_a_sqlite_file_argument_opens_the_window_on_it(tmp_path) -> None:
    from guiapp.cli import _file_as_url
    path = tmp_path / "mine.db"
    assert _file_as_url([str(path)]) == ["--url", f"sqlite:///{path}", "run"]
    assert _file_as_url(["--models", "m.py", str(path)]) == ["--models", "m.py", "--url", f"sqlite:///{path}", "run"]
    assert _file_as_url(["tables"]) == ["tables"]
    assert _file_as_url(["query", "x.db"]) == ["query", "x.db"]


def test_dry_run_refuses_what_it_cannot_undo(url: str, db: Database) -> None:
    run_sql(db, "CREATE TABLE dry (a INTEGER)")
    script = "INSERT INTO dry VALUES (1);\nCOMMIT;\nINSERT INTO dry VALUES (2);"
    out = guiapp("--url", url, "query", "--rollback", script)
    assert out.returncode == 1
    assert "--rollback cannot undo statement 2 (line 2, COMMIT)" in out.stderr and "Nothing was run" in out.stderr
    ddl = guiapp("--url", url, "query", "--rollback", "INSERT INTO dry VALUES (3); CREATE TABLE dry2 (a INTEGER)")
    if db.backend.transactional_ddl:  # SQLite and PostgreSQL undo DDL: a true dry run
        assert ddl.returncode == 0, ddl.stderr
        assert "rolled back" in ddl.stderr
        assert "dry2" not in table_names(db)
    else:  # MySQL commits DDL at once: refused before anything runs
        assert ddl.returncode == 1 and "(line 1, CREATE)" in ddl.stderr
    assert count_rows(db, "dry") == 0


def test_an_unencoded_at_sign_in_a_password_is_never_shown_as_a_host() -> None:
    out = guiapp("--url", "mysql+pymysql://root:p@ssw0rd@127.0.0.1:1/test", "tables")
    assert out.returncode == 1 and "Cannot reach the database server (127.0.0.1:1)" in out.stderr
    assert "ssw0rd" not in out.stderr + out.stdout
    query = guiapp("--url", "mysql+pymysql://root@127.0.0.1:1/test?password=Qu3ryPw", "tables")
    assert query.returncode == 1 and "Qu3ryPw" not in query.stderr + query.stdout


def test_a_script_file_keeps_cr_lf_inside_its_strings(url: str, tmp_path) -> None:
    script = tmp_path / "crlf.sql"
    script.write_bytes(b"CREATE TABLE crlf (s VARCHAR(20));\r\nINSERT INTO crlf VALUES ('a\r\nb');\r\n")
    assert guiapp("--url", url, "query", "-f", str(script)).returncode == 0
    out = guiapp("--url", url, "query", "--format", "json", "SELECT s FROM crlf")
    assert json.loads(out.stdout) == [{"s": "a\r\nb"}]


@pytest.mark.parametrize("statement", ["INSERT INTO guarded VALUES (2)", "DELETE FROM guarded",
                                       "DROP TABLE guarded", "CREATE TABLE sneaky (a INTEGER)"])
def test_read_only_refuses_every_write(url: str, db: Database, statement: str) -> None:
    run_sql(db, "CREATE TABLE guarded (a INTEGER)", "INSERT INTO guarded VALUES (1)")
    out = guiapp("--url", url, "--read-only", "query", statement)
    assert out.returncode == 1 and "This connection is read-only" in out.stderr
    assert guiapp("--url", url, "--read-only", "query", "--format", "csv", "SELECT a FROM guarded").stdout.split() == ["a", "1"]
    tables = table_names(db)
    assert "guarded" in tables and "sneaky" not in tables


def test_read_only_is_enforced_by_the_database_itself(db: Database) -> None:
    from guiapp.core.connect.database import Database as Db, PoolOptions
    from guiapp.core.errors import ReadOnlyError
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE guarded_raw (a INTEGER)")
    guarded = Db(db.url, PoolOptions(read_only=True))
    try:
        with pytest.raises(ReadOnlyError, match="read-only"):
            with guarded.begin() as conn:  # past guiapp's own check: straight to the server
                conn.exec_driver_sql("INSERT INTO guarded_raw VALUES (1)")
        with guarded.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM guarded_raw").scalar() == 0
    finally:
        guarded.dispose()


def _on_a_terminal(args: list[str], answer: str) -> subprocess.CompletedProcess:
    """Run guiapp with a terminal as standard input, typing ``answer``."""
    import pty
    master, slave = pty.openpty()
    os.write(master, answer.encode())
    try:
        return subprocess.run([sys.executable, "-m", "guiapp", *args], stdin=slave, capture_output=True,
                              text=True, timeout=60)
    finally:
        os.close(master)
        os.close(slave)


def test_query_on_a_terminal_asks_before_destroying(url: str, db: Database) -> None:
    run_sql(db, "CREATE TABLE kept (n INTEGER)", "INSERT INTO kept VALUES (1)")
    refused = _on_a_terminal(["--url", url, "query", "DELETE FROM kept"], "n\n")
    assert refused.returncode == 1 and "statement 1: DELETE every row of kept" in refused.stderr
    assert "Nothing was run" in refused.stderr
    assert count_rows(db, "kept") == 1
    accepted = _on_a_terminal(["--url", url, "query", "DELETE FROM kept"], "y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert count_rows(db, "kept") == 0


@pytest.mark.parametrize("backend", ["sqlite", "mysql"])  # PostgreSQL never leaves a view broken
def test_one_broken_view_does_not_hide_the_other_tables(request, backend: str) -> None:
    db = request.getfixturevalue(f"{backend}_db")
    with db.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE base_rows (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE TABLE other_rows (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE VIEW broken_view AS SELECT id FROM base_rows")
        conn.exec_driver_sql("DROP TABLE base_rows")
    out = guiapp("--url", db.url.render_as_string(hide_password=False), "tables")
    assert out.returncode == 0, out.stderr
    assert "other_rows  (table, 1 columns)" in out.stdout
    assert "broken_view  (view, cannot be read:" in out.stdout
    assert "could not be read" in out.stderr


def test_sigterm_during_an_export_leaves_no_partial_file(sqlite_db: Database, tmp_path) -> None:
    from guiapp.core.data.sampledata import make_sample
    make_sample(sqlite_db, "big_export", 400_000)
    target = tmp_path / "out" / "big.csv"
    target.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "guiapp", "--url", sqlite_db.url.render_as_string(),
                             "export", "big_export", "-o", str(target)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(3000):  # until the partial file exists, then stop it the way a service manager does
        if list(target.parent.glob("*.part")):
            break
        try:
            proc.wait(timeout=0.01)
            break
        except subprocess.TimeoutExpired:
            continue
    assert proc.poll() is None, "the export ended before it could be stopped"
    proc.terminate()
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode != 0 and "Traceback" not in err, err
    assert list(target.parent.iterdir()) == [], err


def test_sigterm_closes_the_window_and_the_process_ends(tmp_path) -> None:
    """`kill` (a logout, a service manager) ends `guiapp`: the window closes without a question."""
    import os
    import signal
    import subprocess
    import sys
    import time
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", GUIAPP_DATA_DIR=str(tmp_path))
    process = subprocess.Popen([sys.executable, "-m", "guiapp"], env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not (tmp_path / "demo.sqlite3").exists():  # the window is up and has opened its database
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the window never opened the demo database"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _out, err = process.communicate(timeout=15)
    assert "Traceback" not in err, err
