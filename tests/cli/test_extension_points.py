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
