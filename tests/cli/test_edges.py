"""Faults at the edges of the command line: the data directory, a full disk, odd URLs and models."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.cli import guiapp


@pytest.fixture
def unmakeable(tmp_path: Path) -> str:
    """A data directory that cannot be made: a file stands where its parent should be."""
    (tmp_path / "a_file").write_text("")
    return str(tmp_path / "a_file" / "guiapp")


def test_a_data_directory_that_cannot_be_made_is_one_sentence(unmakeable: str) -> None:
    env = {"GUIAPP_DATA_DIR": unmakeable}
    version = guiapp("--version", env=env)
    assert version.returncode == 0 and version.stdout.startswith("guiapp, version ")
    assert version.stderr == ""
    expected = (f"Error: Cannot create guiapp's data directory {unmakeable}: Not a directory. "
                "Point GUIAPP_DATA_DIR at a folder you can write.")
    tables = guiapp("tables", env=env)
    assert tables.returncode == 1
    assert tables.stderr.strip().splitlines() == [expected]


def test_the_window_without_a_data_directory_is_one_sentence(unmakeable: str) -> None:
    env = {**os.environ, "GUIAPP_DATA_DIR": unmakeable, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-m", "guiapp"], capture_output=True, text=True, env=env,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"Error: Cannot create guiapp's data directory {unmakeable}: Not a directory. "
        "Point GUIAPP_DATA_DIR at a folder you can write."]


class SmallDisk:
    """A 512 KiB file system of the test's own (tmpfs), filled on demand."""

    def __init__(self, mount: Path) -> None:
        self.path = mount

    def fill(self) -> None:
        with open(self.path / "filler", "wb", buffering=0) as out:
            try:
                while True:
                    out.write(b"\0" * 512)
            except OSError:  # No space left on device: full
                pass


@pytest.fixture
def small_disk(tmp_path: Path):
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], check=True)
    try:
        yield SmallDisk(mount)
    finally:
        subprocess.run(["umount", str(mount)], check=True)


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_erd_on_a_full_disk_keeps_the_earlier_diagram_and_fails(small_disk: SmallDisk, tmp_path: Path,
                                                               suffix: str) -> None:
    url = f"sqlite:///{tmp_path / 'erd.sqlite3'}"
    assert guiapp("--url", url, "create", "--all").returncode == 0
    target = small_disk.path / f"schema{suffix}"
    first = guiapp("--url", url, "erd", "-o", str(target))
    assert first.returncode == 0, first.stderr
    before = target.read_bytes()
    later = sqlite3.connect(tmp_path / "erd.sqlite3")  # the schema changes, in-process
    later.execute("CREATE TABLE later_one (id INTEGER PRIMARY KEY, note TEXT)")
    later.commit()
    later.close()
    small_disk.fill()
    again = guiapp("--url", url, "erd", "-o", str(target))
    assert again.returncode == 1
    assert again.stderr.strip().splitlines() == [f"Error: Cannot write {target}: No space left on device"]
    assert target.read_bytes() == before
    assert sorted(p.name for p in small_disk.path.iterdir()) == ["filler", target.name]


@pytest.mark.parametrize("url", ["mysql+pymysql://", "mysql+pymysql://root@127.0.0.1:3306",
                                 "mysql+mysqldb://root@127.0.0.1:3306/"])
def test_a_mysql_url_without_a_database_names_the_fix(url: str) -> None:
    done = guiapp("--url", url, "tables")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Error: The URL names no database: MariaDB and MySQL need one to browse, as in mysql+")
    assert "/shop (a database name after the host)." in lines[0]


FK_TO_NOWHERE = '''
from sqlalchemy import ForeignKey, Integer
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Order(Base):
    __tablename__ = "orders_fk"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
'''


@pytest.mark.parametrize("command", [["models"], ["diff"], ["create", "--all"], ["erd", "--from-models", "-o", "x.svg"]])
def test_a_model_with_a_foreign_key_to_an_undeclared_table_names_the_fix(tmp_path: Path, command: list[str]) -> None:
    module = tmp_path / "fk_models.py"
    module.write_text(FK_TO_NOWHERE)
    url = f"sqlite:///{tmp_path / 'fk.sqlite3'}"
    assert guiapp("--url", url, "create", "--all").returncode == 0  # the file, with the demo models
    done = guiapp("--url", url, "--models", str(module), *command[:-1], str(tmp_path / command[-1])
                  if command[0] == "erd" else command[-1])
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1] == (
        f"Error: In {module}, orders_fk.customer_id has a foreign key to customers.id, but no table customers "
        "is declared there: declare it (a model or a Table on the same MetaData), or point the ForeignKey at a "
        "declared table.")
