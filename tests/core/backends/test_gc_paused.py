"""A catalogue read pauses Python's cyclic garbage collector (half a million objects, none in a
cycle) and must always turn it back on: a window left without it would grow for ever."""

from __future__ import annotations

import gc
import threading

import pytest

from guiapp.core.backends.reflection import gc_paused
from guiapp.core.connect.database import Database
from guiapp.core.schema.catalog import catalog_for


def test_reading_the_catalogue_leaves_the_collector_on(db: Database, monkeypatch) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE gc_one (id INTEGER PRIMARY KEY, name VARCHAR(20))")
    seen: list[bool] = []
    original = db.backend.reflect

    def reflect(*args, **kwargs):
        seen.append(gc.isenabled())
        return original(*args, **kwargs)
    monkeypatch.setattr(db.backend, "reflect", reflect)
    assert any(s.name == "gc_one" for s, _info in catalog_for(db).tables())
    assert seen and not any(seen), "the collector ran during the read"
    assert gc.isenabled()


def test_a_failed_read_turns_the_collector_back_on() -> None:
    with pytest.raises(RuntimeError):
        with gc_paused():
            raise RuntimeError("the server went away")
    assert gc.isenabled()


def test_overlapping_reads_on_two_threads_resume_after_the_last() -> None:
    first_in, second_done = threading.Event(), threading.Event()
    during: list[bool] = []

    def second() -> None:
        first_in.wait(5)
        with gc_paused():
            pass
        during.append(gc.isenabled())  # the first read is still going
        second_done.set()

    thread = threading.Thread(target=second)
    thread.start()
    with gc_paused():
        first_in.set()
        assert second_done.wait(5)
    thread.join(5)
    assert during == [False] and gc.isenabled()


def test_a_collector_the_program_turned_off_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
