"""current_database: the Database of the work under way, per thread and per asyncio task."""

from __future__ import annotations

import asyncio
import threading

import pytest

import guiapp
from guiapp.core.connect.context import current_database, current_profile, database_context
from guiapp.core.connect.database import Database


def test_outside_a_context_it_says_how_to_get_one() -> None:
    assert not current_database
    with pytest.raises(RuntimeError, match="Working outside of a database context: current_database"):
        current_database.dialect


def test_inside_it_is_the_database_and_its_profile(sqlite_db: Database) -> None:
    with database_context(sqlite_db):
        assert current_database.dialect == "sqlite" and current_database == sqlite_db
        assert guiapp.current_database.display == sqlite_db.display
        assert current_profile.display == sqlite_db.display
    assert not current_database


def test_a_lazy_source_is_opened_once_on_first_use(sqlite_db: Database) -> None:
    made = []
    with database_context(lambda: made.append(1) or sqlite_db):
        assert made == []
        assert current_database.dialect == "sqlite" and current_database.display == sqlite_db.display
    assert made == [1]


def test_each_thread_and_each_task_has_its_own(sqlite_db: Database, tmp_path) -> None:
    other = Database(f"sqlite:///{tmp_path / 'other.sqlite3'}", create=True)
    seen = []
    with database_context(sqlite_db):
        thread = threading.Thread(target=lambda: seen.append(bool(current_database)))
        thread.start()
        thread.join()

        async def inside(db: Database) -> str:
            with database_context(db):
                await asyncio.sleep(0)  # the other task runs here, with its own database
                return current_database.display

        async def both() -> list[str]:
            return list(await asyncio.gather(inside(sqlite_db), inside(other)))
        assert asyncio.run(both()) == [sqlite_db.display, other.display]
        assert current_database == sqlite_db
    assert seen == [False]  # a new thread starts outside any context
    other.dispose()
