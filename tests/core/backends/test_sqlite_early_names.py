"""A SQLite file's names read before SQLAlchemy loads: the same list the catalogue gives, read under the
same safety rules, and nothing at all (never a change to the file) when it cannot be read at once."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys

import pytest

from guiapp.core.backends.sqlitefile import display_of_url, file_of_url, read_names
from guiapp.core.connect.database import Database
from guiapp.core.connect.urls import display_url
from guiapp.core.paths import sqlite_url_for
from guiapp.core.schema.catalog import catalog_for


def _fingerprint(folder) -> dict[str, str]:
    """Every file of the folder and its contents' hash: what must not change."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def mixed(tmp_path):
    path = tmp_path / "mixed.sqlite"
    raw = sqlite3.connect(path)
    raw.executescript("""
        CREATE TABLE "b table" (id INTEGER PRIMARY KEY);
        CREATE TABLE Alpha (id INTEGER PRIMARY KEY, name TEXT UNIQUE);
        CREATE TABLE alpha2 (id INTEGER PRIMARY KEY AUTOINCREMENT, a_id INTEGER REFERENCES Alpha(id));
        CREATE INDEX ix_alpha2 ON alpha2 (a_id);
        CREATE TABLE "Ünïcode ☃" (x);
        CREATE VIEW "a view" AS SELECT * FROM Alpha;
        CREATE VIEW Zed AS SELECT 1 AS one;
        CREATE TRIGGER t AFTER INSERT ON Alpha BEGIN SELECT 1; END;
        INSERT INTO alpha2 (a_id) VALUES (NULL);
    """)
    raw.close()
    return path


def test_the_early_list_is_the_catalogues_list(mixed) -> None:
    db = Database(f"sqlite:///{mixed}").open()
    try:
        expected = [(t.name, t.kind) for t in catalog_for(db).names()]
    finally:
        db.dispose()
    assert read_names(str(mixed)) == expected
    assert [kind for _name, kind in expected][-2:] == ["view", "view"]  # sqlite_sequence left out too


def test_reading_changes_nothing_and_runs_nothing(mixed) -> None:
    trapped = sqlite3.connect(mixed)
    trapped.execute("CREATE VIEW trap AS SELECT load_extension('/tmp/guiapp-no-such-extension') AS x")
    trapped.commit()
    trapped.close()
    before = _fingerprint(mixed.parent)
    assert ("trap", "view") in read_names(str(mixed))
    assert _fingerprint(mixed.parent) == before  # no journal, no -wal or -shm left, same bytes


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 200, bytes(range(256)) * 64])
def test_a_file_that_is_not_a_database_gives_no_list_and_stays_as_it_was(tmp_path, content: bytes) -> None:
    path = tmp_path / "noise.db"
    path.write_bytes(content)
    before = _fingerprint(tmp_path)
    assert read_names(str(path)) is None or content == b""  # an empty file is an empty database
    assert _fingerprint(tmp_path) == before


def test_a_wal_file_is_left_to_the_connection(tmp_path) -> None:
    path = tmp_path / "wal.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("CREATE TABLE t (x)")
    raw.close()
    before = _fingerprint(tmp_path)
    assert read_names(str(path)) is None  # a reader would leave -wal and -shm files beside it
    assert _fingerprint(tmp_path) == before


def test_a_missing_file_or_a_folder_is_not_created_or_read(tmp_path) -> None:
    assert read_names(str(tmp_path / "missing.sqlite")) is None
    assert not (tmp_path / "missing.sqlite").exists()
    assert read_names(str(tmp_path)) is None


def test_a_locked_file_is_not_waited_for(mixed) -> None:
    holder = sqlite3.connect(mixed, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert read_names(str(mixed)) is None  # at once: the real connection waits, and says so
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_name_that_is_not_utf8_gives_no_list(tmp_path) -> None:
    path = tmp_path / "latin1.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE t (x)")
    raw.execute("PRAGMA writable_schema=ON")
    raw.execute("UPDATE sqlite_master SET name = CAST(X'63616689' AS TEXT) WHERE name = 't'")
    raw.commit()
    raw.close()
    assert read_names(str(path)) is None


@pytest.mark.parametrize("name", ["plain.sqlite", "a b.db", "ü x@y:z.db", "a#b.db", "100%.db", "a%20b.db",
                                  "[x]+y~z!$&'()*,;=.db"])
def test_a_file_urls_path_and_display_are_sqlalchemys(tmp_path, name: str) -> None:
    from guiapp.core.connect.urls import parse_url
    url = sqlite_url_for(str(tmp_path / name))
    assert file_of_url(url) == parse_url(url).database
    assert display_of_url(url) == display_url(url)


@pytest.mark.parametrize("url", [None, "", "sqlite://", "sqlite:///:memory:", "sqlite:///file:x.db?mode=ro&uri=true",
                                 "sqlite:////tmp/x.db?mode=ro", "mysql+pymysql://root@127.0.0.1/test",
                                 "postgresql+psycopg://root@127.0.0.1/test", "duckdb:////tmp/x.duckdb"])
def test_only_plain_sqlite_file_urls_are_read_early(url) -> None:
    assert file_of_url(url) is None


def test_listing_early_loads_neither_sqlalchemy_nor_the_backends(mixed) -> None:
    code = ("import sys\n"
            "from guiapp.core.backends import sqlitefile\n"
            f"assert sqlitefile.read_names({str(mixed)!r})\n"
            "loaded = [m for m in sys.modules if m.startswith(('sqlalchemy', 'guiapp.core.backends.'))]\n"
            "assert loaded == ['guiapp.core.backends.sqlitefile'], loaded\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
