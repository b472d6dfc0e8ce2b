"""`flask guiapp`: guiapp's commands on a Flask app's own database and Flask-SQLAlchemy models,
run as users run them (the `flask` command of the environment, as a process), on every backend."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from guiapp.core.connect.database import Database

APP = str(Path(__file__).resolve().parents[1] / "flaskapp" / "shop.py")
FLASK = str(Path(sys.executable).with_name("flask"))


def flask(*args: str, url: str | None, **env: str) -> subprocess.CompletedProcess[str]:
    """``flask --app tests/flaskapp/shop.py ARGS`` with the shop on ``url``."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("SHOP_")}
    environ.update(env)
    if url is not None:
        environ["SHOP_DATABASE_URL"] = url
    return subprocess.run([FLASK, "--app", APP, *args], capture_output=True, text=True, timeout=120,
                          env=environ, stdin=subprocess.DEVNULL)


@pytest.fixture
def url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_diff_is_clean_after_create_and_not_after_an_alter(url: str, db: Database) -> None:
    created = flask("guiapp", "create", "--all", url=url)
    assert created.returncode == 0, created.stderr
    assert "shop_customers" in created.stdout and "shop_purchases" in created.stdout
    clean = flask("guiapp", "diff", url=url)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    with db.connect() as conn:
        conn.execute(sa.text("ALTER TABLE shop_customers ADD COLUMN nickname VARCHAR(20)"))
        conn.commit()
    drifted = flask("guiapp", "diff", url=url)
    assert drifted.returncode == 1, drifted.stdout + drifted.stderr
    assert "shop_customers" in drifted.stdout  # the extra column goes (SQLite: by copying the table)


def test_the_commands_show_the_apps_models_and_database(url: str, db: Database) -> None:
    with db.begin() as conn:  # the shop's tables (`flask guiapp create` has tests of its own above and below)
        conn.exec_driver_sql("CREATE TABLE shop_customers (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL)")
        conn.exec_driver_sql("CREATE TABLE shop_purchases (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL "
                             "REFERENCES shop_customers (id), total NUMERIC(10, 2))")
    models = flask("guiapp", "models", url=url)
    assert models.returncode == 0, models.stderr
    assert "Customer (shop_customers)" in models.stdout and "Purchase (shop_purchases)" in models.stdout
    tables = flask("guiapp", "tables", "--names", url=url)
    assert {"shop_customers", "shop_purchases"} <= set(tables.stdout.split())
    helped = flask("guiapp", "--help", url=url)
    assert helped.returncode == 0 and "Usage: flask guiapp" in helped.stdout


def test_a_receiver_in_the_app_runs_inside_its_application_context(url: str) -> None:
    created = flask("guiapp", "create", "--all", url=url)
    assert created.returncode == 0, created.stderr
    assert "shop saw shop_customers created: hello from the shop" in created.stderr


def test_flask_lists_the_command() -> None:
    listed = flask("--help", url="sqlite://")
    assert listed.returncode == 0 and "guiapp" in listed.stdout


@pytest.mark.parametrize(("args", "env", "message"), [
    (["guiapp", "tables"], {}, "has no SQLALCHEMY_DATABASE_URI"),
    (["guiapp", "--bind", "nosuch", "tables"], {"SHOP_DATABASE_URL": "sqlite://"}, "has no bind 'nosuch'"),
    (["guiapp", "tables"], {"SHOP_DATABASE_URL": "mysql+mysqlconnector://root@127.0.0.1/none"},
     "driver is not installed"),
])
def test_an_app_without_a_usable_database_says_why(args: list[str], env: dict[str, str], message: str) -> None:
    done = flask(*args, url=None, **env)
    assert done.returncode != 0
    assert message in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_an_app_that_cannot_be_imported_says_so(tmp_path: Path) -> None:
    broken = tmp_path / "broken.py"
    broken.write_text("import no_such_module_here\n")
    done = subprocess.run([FLASK, "--app", str(broken), "guiapp", "tables"], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode != 0
    assert "no_such_module_here" in done.stderr


def test_a_bind_opens_its_own_database(tmp_path: Path) -> None:
    main, reports = tmp_path / "main.db", tmp_path / "reports.db"
    sa.create_engine(f"sqlite:///{reports}").connect().exec_driver_sql("CREATE TABLE monthly (m INTEGER)").close()
    done = flask("guiapp", "--bind", "reports", "tables", "--names", url=f"sqlite:///{main}",
                 SHOP_REPORTS_URL=f"sqlite:///{reports}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["monthly"]


@pytest.fixture(scope="module")
def migration_folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shop's Flask-Migrate folder, made once for the module (each `flask db` start costs about a
    CPU-second): ``first`` after `db init` and `db migrate -m first` (its revision creates the shop's
    tables, autogenerated against an empty database), ``second`` the same after `db revision -m second`.
    Tests copy them, so each still has a folder of its own."""
    base = tmp_path_factory.mktemp("shop-migrations")
    first, second = base / "first", base / "second"
    empty = f"sqlite:///{base / 'empty.sqlite3'}"
    for args in (["db", "init"], ["db", "migrate", "-m", "first"]):
        done = flask(*args, url=empty, SHOP_MIGRATIONS=str(first))
        assert done.returncode == 0, done.stderr
    shutil.copytree(first, second)
    done = flask("db", "revision", "-m", "second", url=empty, SHOP_MIGRATIONS=str(second))
    assert done.returncode == 0, done.stderr
    return first, second


def test_models_say_where_the_database_stands_against_flask_migrate(url: str, db: Database, tmp_path: Path,
                                                                    migration_folders: tuple[Path, Path]) -> None:
    first, second = migration_folders
    folder = tmp_path / "migrations"
    shutil.copytree(first, folder)

    def shop(*args: str) -> subprocess.CompletedProcess[str]:
        done = flask(*args, url=url, SHOP_MIGRATIONS=str(folder))
        assert done.returncode in (0, 1), done.stderr
        return done

    def stands() -> str:
        line = [ln for ln in shop("guiapp", "models").stdout.splitlines() if ln.startswith("Migrations:")]
        assert len(line) == 1
        return line[0]

    assert stands().startswith("Migrations: not under migrations")
    assert shop("db", "upgrade").returncode == 0
    assert stands().startswith("Migrations: at head")
    for revision in (second / "versions").glob("*.py"):  # `db revision -m second`, as made for the module
        shutil.copy(revision, folder / "versions")
    assert stands().startswith("Migrations: behind")
    with db.connect() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'f00dfacef00d'"))
        conn.commit()
    assert stands().startswith("Migrations: ahead (database f00dfacef00d")
    with db.connect() as conn:  # guiapp read it and changed nothing
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "f00dfacef00d"
