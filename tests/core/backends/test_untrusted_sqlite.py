"""A SQLite file from elsewhere is opened without running its code, and a bad file is one clear message."""

from __future__ import annotations

import random
import sqlite3

import pytest

from guiapp.core.connect.database import Database
from guiapp.core.errors import GuiappError, ReadOnlyError
from guiapp.core.run.query import QuerySession
from guiapp.core.data.paging import read_page
from guiapp.core.schema.catalog import catalog_for


@pytest.fixture
def booby_trapped(tmp_path):
    """A file whose view and trigger call load_extension(): opening must never run them."""
    path = tmp_path / "untrusted.sqlite3"
    raw = sqlite3.connect(path)
    raw.executescript("""
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
        INSERT INTO notes VALUES (1, 'hello');
        CREATE VIEW trap AS SELECT load_extension('/tmp/guiapp-no-such-extension') AS x;
        CREATE TRIGGER trap_on_insert AFTER INSERT ON notes
            BEGIN SELECT load_extension('/tmp/guiapp-no-such-extension'); END;
    """)
    raw.close()
    return path


def test_a_trapped_file_opens_and_browses_without_running_its_code(booby_trapped) -> None:
    db = Database(f"sqlite:///{booby_trapped}").open()
    try:
        cat = catalog_for(db)
        assert {t.name for t in cat.names()} == {"notes", "trap"}
        assert read_page(db, cat.table("notes"), 0, 10).rows == [(1, "hello")]
        with pytest.raises(GuiappError, match="unsafe use of load_extension"):
            read_page(db, cat.table("trap"), 0, 10)  # trusted_schema off: a view cannot call it
        with db.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA trusted_schema").scalar() == 0
    finally:
        db.dispose()


@pytest.mark.parametrize("seed", range(8))
def test_random_bytes_as_a_sqlite_file_give_one_clear_message(tmp_path, seed: int) -> None:
    rnd = random.Random(seed)
    path = tmp_path / "noise.db"
    header = b"SQLite format 3\x00" if seed % 2 else b""
    path.write_bytes(header + bytes(rnd.randrange(256) for _ in range(rnd.randrange(100, 9000))))
    db = Database(f"sqlite:///{path}")
    try:
        with pytest.raises(GuiappError) as err:
            catalog_for(db).names()
        text = str(err.value)
        assert len(text.splitlines()) == 1 and ("not a database" in text or "malformed" in text), text
    finally:
        db.dispose()


def _filled(path, wal: bool = False):
    conn = sqlite3.connect(path)
    if wal:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE kept (n INTEGER)")
    conn.execute("INSERT INTO kept VALUES (1)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("what", ["file", "folder-wal", "folder"])
def test_an_unwritable_file_opens_read_only_with_a_note(tmp_path, unwritable, what: str) -> None:
    folder = tmp_path / "media"
    folder.mkdir()
    path = _filled(folder / "app.sqlite3", wal=what == "folder-wal")
    unwritable(path if what == "file" else folder)
    db = Database(f"sqlite:///{path}").open()
    assert db.options.read_only
    assert db.read_only_note.startswith("Opened read-only: ") and "cannot be written" in db.read_only_note
    session = QuerySession(db)
    assert [row for r in session.run("SELECT n FROM kept") for row in r.fetch()] == [(1,)]
    with pytest.raises(ReadOnlyError, match="Opened read-only: .*cannot be written.*Nothing was written"):
        list(session.run("INSERT INTO kept VALUES (2)"))
    db.dispose()
    assert sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True).execute("SELECT COUNT(*) FROM kept").fetchone() == (1,)
