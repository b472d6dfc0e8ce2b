"""A SQLite file from elsewhere is opened without running its code, and a bad file is one clear message."""

from __future__ import annotations

import random
import sqlite3

import pytest

from guiapp.core.database import Database
from guiapp.core.errors import GuiappError
from guiapp.core.paging import read_page
from guiapp.core.schema import catalog_for


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
