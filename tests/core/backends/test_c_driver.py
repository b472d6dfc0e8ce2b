"""``mysql://`` names no driver: guiapp takes mysqlclient (guiapp[mysql-c]) when it imports, PyMySQL
otherwise, where SQLAlchemy alone would always take mysqlclient and fail without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from guiapp.core.connect.database import Database

from tests.conftest import MYSQL_URL, with_c_driver
from tests.helpers.cli import guiapp

PLAIN_URL = MYSQL_URL.replace("mysql+pymysql://", "mysql://", 1)


def _without_c_driver(tmp_path: Path) -> dict[str, str]:
    """An environment in which ``import MySQLdb`` fails as it does where mysqlclient is not installed."""
    (tmp_path / "MySQLdb.py").write_text("raise ModuleNotFoundError(\"No module named 'MySQLdb'\", name='MySQLdb')\n")
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))}


def test_a_url_without_a_driver_uses_the_c_driver_when_installed() -> None:
    with_c_driver(MYSQL_URL)  # fails plainly if it is missing
    db = Database(PLAIN_URL).open()
    try:
        assert db.engine.dialect.driver == "mysqldb"
        assert db.display.startswith("mysql+mysqldb://")
        with db.connect() as conn:
            assert conn.exec_driver_sql("SELECT 6 * 7").scalar() == 42
    finally:
        db.dispose()


def test_the_command_line_on_a_url_without_a_driver_works_with_or_without_the_c_driver(tmp_path: Path) -> None:
    for env in ({}, _without_c_driver(tmp_path)):
        done = guiapp("--url", PLAIN_URL, "query", "SELECT 6 * 7 AS answer", env=env)
        assert done.returncode == 0 and "42" in done.stdout, done.stderr


def test_without_the_c_driver_a_url_without_a_driver_uses_pymysql(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "from guiapp.core.connect.database import Database; "
                           f"print(Database({PLAIN_URL!r}).open().engine.dialect.driver)"],
                          env={**os.environ, **_without_c_driver(tmp_path)}, capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "pymysql", done.stderr


def test_a_url_naming_a_driver_keeps_it() -> None:
    db = Database(MYSQL_URL)
    try:
        assert db.engine.dialect.driver == "pymysql"
    finally:
        db.dispose()


def test_a_missing_c_driver_says_what_to_install(tmp_path: Path) -> None:
    url = MYSQL_URL.replace("mysql+pymysql://", "mysql+mysqldb://", 1)
    done = guiapp("--url", url, "tables", env=_without_c_driver(tmp_path))
    assert done.returncode != 0
    assert done.stderr.strip() == ("Error: The database driver is not installed: MySQLdb (pip install "
                                   "'guiapp[mysql-c]', after the system's libmariadb-dev and pkg-config)")
