"""A models module as the README shows it: its commands, its receivers, ``current_database``."""

from __future__ import annotations

from pathlib import Path

import pytest

from guiapp.core.connect.database import Database
from tests.helpers.cli import guiapp

README_MODELS = '''
import click
from sqlalchemy import Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from guiapp import current_database
from guiapp.cli import command


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)


@command()
def count_orders():
    """Say which database this command works on."""
    click.echo(f"on {current_database.dialect}")
'''


@pytest.fixture
def url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def test_a_models_module_that_imports_current_database_loads(tmp_path: Path, url: str) -> None:
    module = tmp_path / "readme_models.py"
    module.write_text(README_MODELS)
    listed = guiapp("--models", str(module), "--help")
    assert listed.returncode == 0, listed.stderr
    assert "count-orders" in listed.stdout
    models = guiapp("--url", url, "--models", str(module), "models")
    assert models.returncode == 0, models.stderr
    assert "Order (orders)" in models.stdout
    ran = guiapp("--url", url, "--models", str(module), "count-orders")
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith("on ")


RECEIVERS = '''
import os
from guiapp import current_database, signals


def _heard(name):
    with open(os.environ["HEARD"], "a") as out:
        out.write(f"{name} on {current_database.dialect}\\n")


@signals.query_finished.connect
def finished(sender, **kw):
    _heard("query-finished")


@signals.rows_imported.connect
def imported(sender, **kw):
    _heard(f"rows-imported {kw['rows']}")


@signals.database_opened.connect
def opened(sender, **kw):
    _heard("database-opened")
'''


def _heard(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def test_receivers_of_the_models_module_hear_query_import_and_export(tmp_path: Path, db: Database,
                                                                     url: str) -> None:
    module = tmp_path / "listening.py"
    module.write_text(RECEIVERS)
    heard = tmp_path / "heard.txt"
    env = {"HEARD": str(heard)}
    dialect = db.dialect
    ran = guiapp("--url", url, "--models", str(module), "query", "SELECT 1 AS one", env=env)
    assert ran.returncode == 0, ran.stderr
    assert f"query-finished on {dialect}" in _heard(heard)
    heard.unlink()
    source = tmp_path / "heard_people.csv"
    source.write_text("id,name\n1,Ada\n2,Grace\n")
    imported = guiapp("--url", url, "--models", str(module), "import", str(source), "heard_people", "--create",
                      env=env)
    assert imported.returncode == 0, imported.stderr
    assert f"rows-imported 2 on {dialect}" in _heard(heard)
    heard.unlink()
    exported = guiapp("--url", url, "--models", str(module), "export", "heard_people", "-o",
                      str(tmp_path / "out.csv"), env=env)
    assert exported.returncode == 0, exported.stderr
    assert f"database-opened on {dialect}" in _heard(heard)
    assert (tmp_path / "out.csv").read_text().splitlines() == ["id,name", "1,Ada", "2,Grace"]


def test_a_module_of_receivers_alone_still_serves_plain_commands(tmp_path: Path, url: str) -> None:
    module = tmp_path / "only_receivers.py"
    module.write_text(RECEIVERS)
    ran = guiapp("--url", url, "--models", str(module), "query", "SELECT 1 AS one", env={"HEARD": str(tmp_path / "h")})
    assert ran.returncode == 0, ran.stderr
    broken = tmp_path / "broken_receivers.py"
    broken.write_text("raise RuntimeError('settings missing')\n")
    failed = guiapp("--url", url, "--models", str(broken), "query", "SELECT 1 AS one")
    assert failed.returncode == 1
    assert failed.stderr.strip().splitlines() == [
        f"Error: Cannot import models from {broken}: RuntimeError: settings missing"]


def test_receivers_see_current_database_when_python_calls_the_core(tmp_path: Path, url: str) -> None:
    """A user's script calling core functions itself, with no guiapp command around them."""
    import subprocess
    import sys
    script = tmp_path / "direct.py"
    script.write_text(f'''
import os
from guiapp import current_database, signals
from guiapp.core.connect.database import Database
from guiapp.core.run.query import run_one

@signals.query_finished.connect
def finished(sender, **kw):
    print("finished on", current_database.dialect)

@signals.pool_checkout.connect
def checkout(sender, **kw):
    print("checkout on", current_database.dialect)

db = Database({url!r}).open()
run_one(db, "SELECT 1")
db.dispose()
''')
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    dialect = url.split(":", 1)[0].split("+", 1)[0]
    assert f"checkout on {dialect}" in done.stdout.splitlines()
    assert f"finished on {dialect}" in done.stdout.splitlines()
